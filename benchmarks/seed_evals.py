"""Evaluations CMA-ES needs on the seed problem: paramfit vs PINTS vs pycma.

The seed notebook's problem: a logistic model with true parameters
``[0.015, 500]``, 1000 times in ``[0, 1000]``, Gaussian noise ``sigma = 10``,
boundaries ``[0, 200]``-``[1, 1000]``, ``x0 = [0, 700]`` and the default
``sigma0`` (a sixth of the boundaries' range, per parameter). For each of
20 seeds (new noise and a new optimiser seed), we count the evaluations
until the best score is within a relative ``1e-6`` of the target ``f*``:

* ``f* = min f`` (the least-squares optimum, polished by SciPy), and
* ``f* = f(true parameters)`` (an easier target, as the noise moves the
  optimum away from the true parameters).

Methods: paramfit ``CMAES`` (rectangular boundaries handled by its
transform; per-parameter ``sigma0``), PINTS ``CMAES`` (pycma with
``min(sigma0)``), and pycma with per-parameter ``sigma0`` (``CMA_stds``) and
the same bounds. Budget 5000 evaluations (a failure counts as 5000).

Run: ``python benchmarks/seed_evals.py [--seeds 20]``
"""

from __future__ import annotations

import argparse
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import _meta
import cma
import numpy as np
import pints
import scipy.optimize
from threadpoolctl import threadpool_limits

import paramfit
import paramfit.toy as toy

RESULTS = Path(__file__).resolve().parent / "results"
TRUE = np.array([0.015, 500.0])
LOWER, UPPER = np.array([0.0, 200.0]), np.array([1.0, 1000.0])
X0 = np.array([0.0, 700.0])
SIGMA0 = (UPPER - LOWER) / 6
BUDGET = 5000


def make_problem(seed: int) -> tuple[Any, float, float]:
    """The score, its minimum and its value at the true parameters."""
    model = toy.LogisticModel()
    times = np.linspace(0, 1000, 1000)
    values = model.simulate(TRUE, times)
    values = values + np.random.default_rng(seed).normal(0, 10, len(times))
    score = paramfit.SumOfSquaresError(
        paramfit.SingleOutputProblem(model, times, values)
    )
    fit = scipy.optimize.least_squares(
        lambda p: model.simulate(p, times) - values,
        TRUE,
        xtol=1e-15,
        ftol=1e-15,
        gtol=1e-15,
    )
    return score, float(score(fit.x)), float(score(TRUE))


def ask_tell(opt: Any) -> Iterator[tuple[np.ndarray, Callable[[Any], None]]]:
    while True:
        xs = np.asarray(opt.ask())
        yield xs, opt.tell


def paramfit_cmaes(seed: int) -> Iterator[Any]:
    b = paramfit.RectangularBoundaries(LOWER, UPPER)
    return ask_tell(paramfit.CMAES(X0, boundaries=b, rng=seed))


def pints_cmaes(seed: int) -> Iterator[Any]:
    np.random.seed(seed)
    b = pints.RectangularBoundaries(LOWER, UPPER)
    return ask_tell(pints.CMAES(X0, boundaries=b))


def pycma_stds(seed: int) -> Iterator[Any]:
    options = {
        "bounds": [list(LOWER), list(UPPER)],
        "CMA_stds": list(SIGMA0),
        "seed": seed + 1,
        "verbose": -9,
    }
    es = cma.CMAEvolutionStrategy(list(X0), 1.0, options)
    while True:
        xs = es.ask()
        yield np.array(xs), lambda fs, xs=xs: es.tell(xs, list(fs))


METHODS = {
    "paramfit CMAES": paramfit_cmaes,
    "PINTS CMAES": pints_cmaes,
    "pycma (per-parameter sigma0)": pycma_stds,
}


def evaluations(
    method: Callable[[int], Iterator[Any]], seed: int, score: Any, targets: list[float]
) -> list[int]:
    """Evaluations until the best score first reaches each target."""
    reached: list[int | None] = [None] * len(targets)
    n = 0
    for xs, tell in method(seed):
        fs = [score(x) for x in xs]
        for f in fs:
            n += 1
            for k, t in enumerate(targets):
                if reached[k] is None and f <= t:
                    reached[k] = n
        tell(fs)
        if n >= BUDGET or all(r is not None for r in reached):
            break
    return [BUDGET if r is None else r for r in reached]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=int, default=20)
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")
    counts: dict[str, list[list[int]]] = {m: [] for m in METHODS}
    with threadpool_limits(1):
        for seed in range(1, args.seeds + 1):
            score, f_min, f_true = make_problem(seed)
            targets = [f_min * (1 + 1e-6), f_true * (1 + 1e-6)]
            for name, method in METHODS.items():
                counts[name].append(evaluations(method, seed, score, targets))
    results: dict[str, Any] = {"seeds": args.seeds, "budget": BUDGET}
    print(f"Seed problem, mean evaluations over {args.seeds} seeds (budget {BUDGET})")
    print(f"{'method':<30}{'f*=min f':>10}{'f*=f(true)':>12}{'failures':>10}")
    for name, rows in counts.items():
        a = np.array(rows)
        failures = int(np.sum(a[:, 0] >= BUDGET))
        results[name] = {
            "mean_to_min": float(a[:, 0].mean()),
            "mean_to_true": float(a[:, 1].mean()),
            "failures": failures,
            "per_seed": a.tolist(),
        }
        print(f"{name:<30}{a[:, 0].mean():>10.1f}{a[:, 1].mean():>12.1f}{failures:>10}")
    _meta.write(RESULTS / "seed_evals.json", results)


if __name__ == "__main__":
    main()
