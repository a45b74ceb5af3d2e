"""BBOB noiseless f1-f24: paramfit CMA-ES / xNES vs PINTS xNES vs pycma.

Every method gets the same starting point ``x0 ~ U[-4, 4]^d`` (one per
function, instance and dimension), ``sigma0 = 2`` and a budget of
``1000 d`` evaluations (single runs), or ``2000 d`` for the restart
strategies (paramfit IPOP/BIPOP CMA-ES vs pycma's BIPOP,
``cma.fmin2(..., restarts=9, bipop=True)``). Runs stop early once the
final target is reached. Problems come from ``cocoex.BareProblem``.

Reported per method and dimension: the fraction of the 51 standard targets
``f_opt + 10^k``, ``k = -8, -7.8, ..., 2``, reached by the best value within
the budget (averaged over functions and instances), and the number of
(function, instance) pairs solved to ``1e-8``. BLAS is pinned to one thread.

For the ECDF plots of ``benchmarks/report.py``, every run also records the
evaluation count at which each target was first reached (``null`` if never):
``"hits"``, per method and dimension, one list of 51 per (function, instance)
pair in the order f1 i1, f1 i2, ..., f24 iN, targets from ``1e-8`` up.

Run: ``python benchmarks/bbob.py [--quick] [--dims 2 5 10] [--instances 1 2 3]``
(``--quick``: instance 1, dimensions 2 and 5).
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
import cocoex
import numpy as np
import pints
from threadpoolctl import threadpool_limits

import paramfit

RESULTS = Path(__file__).resolve().parent / "results"
TARGETS = 10.0 ** np.arange(-8, 2.0001, 0.2)  # 51 targets
SIGMA0 = 2.0


class _Budget(Exception):
    """Raised inside pycma's objective once the budget is used up."""


class Tracker:
    """Counts evaluations and keeps, within the budget, the best value and the
    evaluation at which each target was first reached (0: not yet)."""

    def __init__(self, problem: Any, budget: int) -> None:
        self.problem, self.budget = problem, budget
        self.f_opt = problem.best_value()
        self.n, self.best = 0, np.inf
        self.hits = np.zeros(len(TARGETS), dtype=int)

    def __call__(self, xs: Any) -> np.ndarray:
        fs = np.asarray(self.problem(np.array(xs, dtype=float, ndmin=2)))
        take = max(0, min(len(fs), self.budget - self.n))
        if take:
            self.best = min(self.best, float(np.min(fs[:take])))
            self._record_hits(fs[:take])
        self.n += len(fs)
        return fs

    def _record_hits(self, fs: np.ndarray) -> None:
        # Within a batch, evaluation j counts as number n + j + 1.
        errors = np.minimum.accumulate(fs) - self.f_opt
        reached = errors[:, None] <= TARGETS[None, :]
        new = (self.hits == 0) & reached[-1]
        self.hits[new] = self.n + 1 + np.argmax(reached[:, new], axis=0)

    def hit_list(self) -> list[int | None]:
        return [int(h) if h else None for h in self.hits]

    def done(self) -> bool:
        return self.n >= self.budget or self.best - self.f_opt <= TARGETS[0]


def ask_tell(make: Callable[..., Any], stops: bool) -> Callable[..., None]:
    """Run an ask-and-tell optimiser (paramfit or PINTS) on a tracker."""

    def run(t: Tracker, x0: np.ndarray, seed: int) -> None:
        np.random.seed(seed)  # PINTS draws from the global generator
        opt = make(x0, SIGMA0, seed)
        while not t.done():
            xs = opt.ask()
            opt.tell(t(xs))
            if stops and opt.stop():
                break

    return run


def pycma(restarts: int) -> Callable[..., None]:
    def run(t: Tracker, x0: np.ndarray, seed: int) -> None:
        def objective(xs: list[np.ndarray]) -> list[float]:
            if t.done():
                raise _Budget
            return list(t(np.array(xs)))

        options = {
            "verbose": -9,
            "seed": seed,
            "maxfevals": t.budget,
            "ftarget": t.f_opt + TARGETS[0],
        }
        try:
            cma.fmin2(
                None,
                x0,
                SIGMA0,
                options,
                parallel_objective=objective,
                restarts=restarts,
                bipop=restarts > 0,
            )
        except _Budget:
            pass

    return run


def _cmaes(x0: Any, s: float, seed: int) -> paramfit.CMAES:
    return paramfit.CMAES(x0, s, rng=seed, termination="all")


SINGLE: dict[str, Callable[..., None]] = {
    "paramfit CMAES": ask_tell(_cmaes, True),
    "paramfit XNES": ask_tell(lambda x, s, k: paramfit.XNES(x, s, rng=k), False),
    "PINTS XNES": ask_tell(lambda x, s, k: pints.XNES(x, s), False),
    "pycma": pycma(0),
}
RESTARTS: dict[str, Callable[..., None]] = {
    "paramfit IPOP-CMAES": ask_tell(lambda x, s, k: paramfit.IPOP(x, s, rng=k), True),
    "paramfit BIPOP-CMAES": ask_tell(lambda x, s, k: paramfit.BIPOP(x, s, rng=k), True),
    "pycma BIPOP": pycma(9),
}


def benchmark(
    methods: dict[str, Callable[..., None]],
    dims: list[int],
    instances: list[int],
    budget_per_d: int,
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for d in dims:
        rows: dict[str, dict[str, Any]] = {
            m: {"reached": [], "solved": 0, "hits": []} for m in methods
        }
        start = {m: 0.0 for m in methods}
        for f in range(1, 25):
            for i in instances:
                problem = cocoex.BareProblem("bbob", f, d, i)
                seed = 1000 * f + 10 * i + d
                x0 = np.random.default_rng(seed).uniform(-4, 4, d)
                for name, run in methods.items():
                    t = Tracker(problem, budget_per_d * d)
                    tic = time.process_time()
                    run(t, x0.copy(), seed)
                    start[name] += time.process_time() - tic
                    error = t.best - t.f_opt
                    rows[name]["reached"].append(float(np.mean(error <= TARGETS)))
                    rows[name]["solved"] += bool(error <= TARGETS[0])
                    rows[name]["hits"].append(t.hit_list())
        for name, r in rows.items():
            out.setdefault(name, {})[str(d)] = {
                "fraction": float(np.mean(r["reached"])),
                "solved": r["solved"],
                "pairs": len(r["reached"]),
                "cpu_s": start[name],
                "hits": r["hits"],
            }
    return out


def table(title: str, results: dict[str, Any], dims: list[int]) -> None:
    print(title)
    head = "".join(f"{'d=' + str(d):>16}" for d in dims)
    print(f"{'method':<22}{head}")
    for name, by_d in results.items():
        cells = "".join(
            f"{by_d[str(d)]['fraction']:>9.3f} {by_d[str(d)]['solved']:>2}/"
            f"{by_d[str(d)]['pairs']:<3}"
            for d in dims
        )
        print(f"{name:<22}{cells}")
    print("(fraction of the 51 targets reached, then pairs solved to 1e-8)\n")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="instance 1, d = 2, 5")
    parser.add_argument("--dims", type=int, nargs="+", default=None)
    parser.add_argument("--instances", type=int, nargs="+", default=None)
    parser.add_argument("--no-restarts", action="store_true")
    args = parser.parse_args(argv)
    dims = args.dims or ([2, 5] if args.quick else [2, 5, 10])
    instances = args.instances or ([1] if args.quick else [1, 2, 3])
    warnings.simplefilter("ignore")
    results: dict[str, Any] = {
        "dims": dims,
        "instances": instances,
        "functions": list(range(1, 25)),
        "targets_log10": [round(float(k), 1) for k in np.log10(TARGETS)],
        "budget_per_d": {"single": 1000, "restarts": 2000},
    }
    with threadpool_limits(1):
        results["single"] = benchmark(SINGLE, dims, instances, 1000)
        table("BBOB f1-f24, budget 1000 d, single runs", results["single"], dims)
        if not args.no_restarts:
            results["restarts"] = benchmark(RESTARTS, dims, instances, 2000)
            table("BBOB f1-f24, budget 2000 d, restarts", results["restarts"], dims)
    _meta.write(RESULTS / "bbob.json", results, quick=args.quick)


if __name__ == "__main__":
    main()
