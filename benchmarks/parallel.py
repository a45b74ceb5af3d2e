"""Parallel and vectorised evaluation, side by side with PINTS 0.6.1.

Measured (medians over repeats; BLAS pinned to 1 thread):

* dispatch:   wall time of one ``ParallelEvaluator.evaluate()`` of 8 points
              with a trivial objective on 2 warm workers (target <= 0.3 ms);
* lifecycle:  create + first ``evaluate()`` (workers start) + close (<= 50 ms);
* speed-up:   8 points of a 5 ms CPU-bound objective, sequential time over
              the time on 2 workers (>= 1.9x);
* controller: a 20-iteration xNES run on that objective, sequential over
              ``set_parallel(True)`` (>= 1.5x);
* vectorised: the seed problem (logistic model, true [0.015, 500], 1000 times
              in [0, 1000], noise sigma 10, boundaries [0, 200]-[1, 1000], x0
              [0, 700]), 500 xNES iterations through the controller: PINTS's
              sequential run over paramfit's, which scores each population
              with one ``evaluate_batch`` call (>= 5x; process CPU time);
* scoring:    one population of 6 seed-problem points, ``evaluate_batch``
              against PINTS's loop (the vectorised part alone);
* dask:       one ``DaskEvaluator.evaluate()`` of 8 trivial points on a
              ``LocalCluster`` of 2 worker processes (per-generation overhead).

Usage::

    .venv/bin/python benchmarks/parallel.py [--quick]

Prints a table and writes ``benchmarks/results/parallel.json`` (with the
load average: on a shared machine the parallel rows need two idle cores).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import platform
import statistics
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import _meta
import numpy as np
import pints
import pints.toy
from threadpoolctl import threadpool_limits

import paramfit
import paramfit.toy

RESULTS = Path(__file__).parent / "results" / "parallel.json"
POINTS = np.random.default_rng(0).uniform(0, 1, (8, 2))


def trivial(x: Any) -> float:
    return float(x[0])


def busy(x: Any) -> float:
    """About 5 ms of CPU."""
    start = time.thread_time()
    while time.thread_time() - start < 0.005:
        pass
    return float(np.sum(np.asarray(x) ** 2))


class BusyError(paramfit.ErrorMeasure):
    def n_parameters(self) -> int:
        return 2

    def __call__(self, x: Any) -> float:
        return busy(x)


class PintsBusyError(pints.ErrorMeasure):
    def n_parameters(self) -> int:
        return 2

    def __call__(self, x: Any) -> float:
        return busy(x)


def median_time(fn: Callable[[], Any], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def dispatch(lib: Any, repeats: int) -> float:
    evaluator = lib.ParallelEvaluator(trivial, n_workers=2)
    evaluator.evaluate(POINTS)  # start the workers
    t = median_time(lambda: evaluator.evaluate(POINTS), repeats)
    close = getattr(evaluator, "close", None)
    if close is not None:
        close()
    return t


def lifecycle(lib: Any, repeats: int) -> float:
    def once() -> None:
        evaluator = lib.ParallelEvaluator(trivial, n_workers=2)
        evaluator.evaluate(POINTS)
        close = getattr(evaluator, "close", None)
        if close is not None:
            close()
        else:
            evaluator.__del__()

    return median_time(once, repeats)


def speed_up(lib: Any, repeats: int) -> float:
    sequential = median_time(
        lambda: lib.SequentialEvaluator(busy).evaluate(POINTS), repeats
    )
    evaluator = lib.ParallelEvaluator(busy, n_workers=2)
    evaluator.evaluate(POINTS)
    parallel = median_time(lambda: evaluator.evaluate(POINTS), repeats)
    close = getattr(evaluator, "close", None)
    if close is not None:
        close()
    return sequential / parallel


def controller_run(lib: Any, error: Any, parallel: bool) -> float:
    np.random.seed(1)
    c = lib.OptimisationController(error, [0.5, 0.5], 0.1, method=lib.XNES)
    c.optimiser().set_population_size(8)
    c.set_max_iterations(20)
    c.set_parallel(parallel)
    c.set_log_to_screen(False)
    start = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        c.run()
    return time.perf_counter() - start


def controller_speed_up(lib: Any, error: Any, repeats: int) -> float:
    seq = statistics.median(controller_run(lib, error, False) for _ in range(repeats))
    par = statistics.median(controller_run(lib, error, True) for _ in range(repeats))
    return seq / par


def seed_problem(lib: Any) -> Any:
    model = lib.toy.LogisticModel()
    times = np.linspace(0, 1000, 1000)
    values = model.simulate([0.015, 500], times)
    values = values + np.random.default_rng(1).normal(0, 10, values.shape)
    problem = lib.SingleOutputProblem(model, times, values)
    return lib.SumOfSquaresError(problem)


def seed_run(lib: Any) -> float:
    error = seed_problem(lib)
    np.random.seed(1)
    boundaries = lib.RectangularBoundaries([0, 200], [1, 1000])
    c = lib.OptimisationController(
        error, [0, 700], boundaries=boundaries, method=lib.XNES
    )
    c.set_max_iterations(500)
    c.set_function_tolerance(None)
    c.set_log_to_screen(False)
    # CPU time: one process does all the work here, and CPU time is what
    # neighbours on a shared machine disturb least.
    start = time.process_time()
    c.run()
    return time.process_time() - start


def scoring(lib: Any, repeats: int) -> float:
    """Scoring one xNES-sized population (6 points) of the seed problem."""
    error = seed_problem(lib)
    xs = np.random.default_rng(2).uniform([0, 200], [1, 1000], (6, 2))
    evaluator = lib.SequentialEvaluator(error)
    return median_time(lambda: evaluator.evaluate(xs), repeats)


def dask_overhead(repeats: int) -> float | None:
    try:
        import distributed
    except ImportError:
        return None
    with (
        distributed.LocalCluster(
            n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        evaluator = paramfit.DaskEvaluator(trivial, client)
        evaluator.evaluate(POINTS)
        t = median_time(lambda: evaluator.evaluate(POINTS), repeats)
        evaluator.close()
    return t


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    quick = parser.parse_args().quick
    n_fast, n_slow = (50, 3) if quick else (500, 9)
    warnings.simplefilter("ignore")
    rows: list[tuple[str, str, float, float | None, str]] = []
    with threadpool_limits(1):
        rows.append(
            (
                "dispatch per evaluate()",
                "ms",
                1e3 * dispatch(paramfit, n_fast),
                1e3 * dispatch(pints, n_fast),
                "<= 0.3",
            )
        )
        rows.append(
            (
                "create + evaluate + close",
                "ms",
                1e3 * lifecycle(paramfit, max(3, n_fast // 10)),
                1e3 * lifecycle(pints, max(3, n_fast // 10)),
                "<= 50",
            )
        )
        rows.append(
            (
                "speed-up, 5 ms objective, 2 workers",
                "x",
                speed_up(paramfit, n_slow * 2),
                speed_up(pints, n_slow * 2),
                ">= 1.9",
            )
        )
        rows.append(
            (
                "controller 20 it., parallel vs seq.",
                "x",
                controller_speed_up(paramfit, BusyError(), n_slow),
                controller_speed_up(pints, PintsBusyError(), n_slow),
                ">= 1.5",
            )
        )
        ours = statistics.median(seed_run(paramfit) for _ in range(n_slow))
        theirs = statistics.median(seed_run(pints) for _ in range(n_slow))
        rows.append(("seed problem, 500 xNES it.", "s", ours, theirs, ""))
        rows.append(
            ("vectorised speed-up vs PINTS seq.", "x", theirs / ours, None, ">= 5")
        )
        ours = scoring(paramfit, n_fast * 4)
        theirs = scoring(pints, n_fast * 4)
        rows.append(
            ("scoring 6 points (batch vs loop)", "ms", 1e3 * ours, 1e3 * theirs, "")
        )
        rows.append(("scoring speed-up vs PINTS", "x", theirs / ours, None, ""))
        dask = dask_overhead(n_fast // 2)
        if dask is not None:
            rows.append(("Dask per-generation overhead", "ms", 1e3 * dask, None, ""))
    print(f"{'measure':38} {'unit':4} {'paramfit':>10} {'PINTS':>10}  target")
    for name, unit, ours_v, theirs_v, target in rows:
        t = "" if theirs_v is None else f"{theirs_v:10.3f}"
        print(f"{name:38} {unit:4} {ours_v:10.3f} {t:>10}  {target}")
    _meta.write(
        RESULTS,
        {
            "quick": quick,
            "machine": platform.platform(),
            "python": platform.python_version(),
            "load_average": os.getloadavg(),
            "rows": [
                {
                    "measure": n,
                    "unit": u,
                    "paramfit": o,
                    "pints": p,
                    "target": t,
                }
                for n, u, o, p, t in rows
            ],
        },
        quick=quick,
    )


if __name__ == "__main__":
    main()
