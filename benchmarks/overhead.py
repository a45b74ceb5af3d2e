"""Optimiser overhead per generation: paramfit vs PINTS 0.6.1, side by side.

Times ``ask()`` + ``tell()`` of every method PINTS also has, on the sphere
function (with its gradient for the gradient methods) at the default
population size, less the time of scoring the same populations again, so that only the
optimiser's own work is measured. The clock is the process's CPU time: on a shared
machine, wall time mostly measures the other processes, while CPU time (with
BLAS pinned to one thread) is the work the optimiser itself does. Libraries
are interleaved within every repeat so that what noise remains hits both
alike; the table gives medians over repeats and the median of the paired
per-repeat ratios.

Run: ``python benchmarks/overhead.py [--quick] [--dims 2 10 50]``
"""

from __future__ import annotations

import argparse
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import _meta
import cma
import numpy as np
import pints
from threadpoolctl import threadpool_limits

import paramfit

RESULTS = Path(__file__).resolve().parent / "results"

#: method name -> (paramfit constructor, PINTS constructor)
METHODS: dict[str, tuple[Callable[..., Any], Callable[..., Any]]] = {
    "xNES": (paramfit.XNES, pints.XNES),
    "SNES": (paramfit.SNES, pints.SNES),
    "PSO": (paramfit.PSO, pints.PSO),
    "CMA-ES": (paramfit.CMAES, pints.CMAES),
    "BareCMAES": (paramfit.BareCMAES, pints.BareCMAES),
    "Nelder-Mead": (paramfit.NelderMead, pints.NelderMead),
    "Adam": (paramfit.Adam, pints.Adam),
    "iRprop-": (paramfit.IRPropMin, pints.IRPropMin),
    "gradient descent": (paramfit.GradientDescent, pints.GradientDescent),
}


class PycmaAskTell:
    """pycma's own ``CMAEvolutionStrategy`` behind the ask/tell shape the
    timing loop uses (PINTS's CMAES wraps the same object, plus its own
    checks)."""

    def __init__(self, x0: Any, sigma0: float) -> None:
        options = {"verbose": -9, "seed": 1}
        self._es = cma.CMAEvolutionStrategy(x0, sigma0, options)
        self._xs: list[Any] = []

    def ask(self) -> list[Any]:
        self._xs = self._es.ask()
        return self._xs

    def tell(self, fs: Any) -> None:
        self._es.tell(self._xs, list(fs))


#: method name -> pycma used directly, timed alongside paramfit and PINTS.
PYCMA: dict[str, Callable[..., Any]] = {"CMA-ES": PycmaAskTell}


def sphere(xs: np.ndarray) -> np.ndarray:
    return np.sum(xs * xs, axis=1)


def sphere_s1(xs: np.ndarray) -> list[tuple[float, np.ndarray]]:
    """The sphere with its gradient, as gradient methods' ``tell()`` takes it."""
    return [(float(x @ x), 2 * x) for x in xs]


def seconds_per_generation(make: Callable[..., Any], d: int, generations: int) -> float:
    """CPU time of one ask+tell, averaged over ``generations`` after warm-up.

    The loop's time less that of scoring the same populations again: what is
    left is the optimiser's own work (the sphere costs the same for every
    library, and would otherwise pull every ratio towards 1).
    """
    np.random.seed(1)
    opt = make(np.full(d, 3.0), 1.0)
    gradient = getattr(opt, "needs_sensitivities", lambda: False)()
    score = sphere_s1 if gradient else sphere
    for _ in range(5):  # warm-up: first ask initialises
        xs = np.asarray(opt.ask())
        opt.tell(score(xs))
    populations = []
    start = time.process_time()
    for _ in range(generations):
        xs = np.asarray(opt.ask())
        opt.tell(score(xs))
        populations.append(xs)
    loop = time.process_time() - start
    start = time.process_time()
    for xs in populations:
        score(np.asarray(xs))
    scoring = time.process_time() - start
    return (loop - scoring) / generations


def measure(d: int, repeats: int, generations: int) -> dict[str, dict[str, float]]:
    rows = {}
    for name, (ours, theirs) in METHODS.items():
        direct = PYCMA.get(name)
        t_ours, t_theirs, t_direct = [], [], []
        for _ in range(repeats):
            t_ours.append(seconds_per_generation(ours, d, generations))
            t_theirs.append(seconds_per_generation(theirs, d, generations))
            if direct is not None:
                t_direct.append(seconds_per_generation(direct, d, generations))
        rows[name] = {
            "paramfit_us": 1e6 * float(np.median(t_ours)),
            "pints_us": 1e6 * float(np.median(t_theirs)),
            "ratio": float(np.median(np.array(t_ours) / np.array(t_theirs))),
        }
        if t_direct:
            rows[name]["pycma_us"] = 1e6 * float(np.median(t_direct))
            rows[name]["ratio_pycma"] = float(
                np.median(np.array(t_ours) / np.array(t_direct))
            )
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    parser.add_argument("--dims", type=int, nargs="+", default=[2, 10, 50])
    args = parser.parse_args(argv)
    repeats, generations = (5, 100) if args.quick else (21, 200)
    warnings.simplefilter("ignore")
    results: dict[str, Any] = {"repeats": repeats, "generations": generations}
    print(f"Optimiser CPU time per generation (sphere, {repeats} interleaved repeats)")
    print(
        f"{'method':<17} {'d':>4} {'paramfit us':>12} {'PINTS us':>10} {'ratio':>7}"
        f" {'pycma us':>10} {'ratio':>7}"
    )
    with threadpool_limits(1):
        for d in args.dims:
            rows = measure(d, repeats, generations)
            results[str(d)] = rows
            for name, r in rows.items():
                ours, theirs = r["paramfit_us"], r["pints_us"]
                pycma = ""
                if "pycma_us" in r:
                    pycma = f" {r['pycma_us']:>10.1f} {r['ratio_pycma']:>7.2f}"
                print(
                    f"{name:<17} {d:>4} {ours:>12.1f} {theirs:>10.1f}"
                    f" {r['ratio']:>7.2f}{pycma}"
                )
    _meta.write(RESULTS / "overhead.json", results, quick=args.quick)


if __name__ == "__main__":
    main()
