"""The seed problem run end to end: xNES and CMA-ES, paramfit against PINTS.

Answers issue #7: how long do 500 iterations of xNES and of CMA-ES take on
the seed problem (logistic model, true parameters [0.015, 500], 1000 times in
[0, 1000], Gaussian noise sigma 10 from a fixed generator, boundaries
[0, 200]-[1, 1000], x0 [0, 700]), driven by hand with ask/tell or through the
controller, scoring point by point or a whole population at once, with
paramfit (``paramfit.XNES`` / ``paramfit.CMAES``) and with PINTS 0.6.1
(``pints.XNES`` / ``pints.CMAES``)? Each library uses its own error measure.

Variants, per method:

* loop:       ``xs = opt.ask(); opt.tell([error(x) for x in xs])``, exactly
              500 times (``stop()`` is not consulted), both libraries;
* batch:      paramfit only, the same loop scoring the population in one
              call, ``opt.tell(error.evaluate_batch(xs))``; it must follow the
              loop's trajectory exactly (same final f_best, checked);
* controller: ``OptimisationController(...).run()`` with
              ``set_max_iterations(500)``, the function tolerance off and the
              log off, evaluating sequentially (no worker processes). What
              "sequential" means differs: PINTS's ``SequentialEvaluator``
              calls ``error(x)`` point by point, while paramfit's calls
              ``error.evaluate_batch(xs)`` once per population whenever the
              error measure has it, as ``SumOfSquaresError`` does; so
              paramfit's controller row is vectorised, PINTS's is not.

The controller also asks the optimiser's own ``stop()`` after every
iteration, so a CMA-ES run may halt before 500 iterations (PINTS's CMAES
passes on pycma's stopping conditions; paramfit's CMAES by default only
stops on an ill-conditioned covariance matrix). The number of iterations
actually done and the final f_best are recorded for every variant, and since
the counts may differ, times are compared per iteration: the ratio column is
(µs per iteration of the row) / (µs per iteration of PINTS's point-by-point
loop for the same method); below 1 means faster than PINTS's loop.

``np.random.seed(SEED)`` is set before every run, so each variant follows the
same trajectory in every repeat (checked). Repeats are interleaved (every
repeat runs every variant, in a rotating order) after one warm-up run of
each, so that drifts in machine load hit all variants alike; BLAS is pinned
to one thread. Times are process CPU time (``time.process_time``: time lost
to other processes on a shared machine does not count) and wall-clock time;
the table shows medians.

Usage::

    .venv/bin/python benchmarks/seed_runs.py [--quick] [--repeats N]

``--quick`` does 3 repeats (about 15 s) instead of 11 (about a minute).
Prints a table and writes ``benchmarks/results/seed_runs.json`` (quick runs,
or ``BENCH_QUICK=1``: ``seed_runs_quick.json``).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import io
import os
import statistics
import time
import warnings
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import _meta
import numpy as np
import pints
import pints.toy
from threadpoolctl import threadpool_limits

import paramfit
import paramfit.toy

ITERATIONS = 500
SEED = 1
TRUE = [0.015, 500]
X0 = [0, 700]
RESULTS = Path(__file__).resolve().parent / "results" / "seed_runs.json"

#: Method label -> class name, the same in both libraries.
METHODS = {"xNES": "XNES", "CMA-ES": "CMAES"}
LIBRARIES = {"paramfit": (paramfit, paramfit.toy), "pints": (pints, pints.toy)}
VARIANTS = {
    "loop": "ask/tell, point by point",
    "batch": "ask/tell, evaluate_batch",
    "controller": "controller, sequential",
}

#: A run returns (iterations done, final f_best).
Run = Callable[[], tuple[int, float]]


def seed_problem(lib: Any, toy: Any) -> tuple[Any, Any]:
    """The seed notebook's error measure and boundaries, built with ``lib``."""
    model = toy.LogisticModel()
    times = np.linspace(0, 1000, 1000)
    noise = np.random.default_rng(2024).normal(0, 10, times.shape)
    values = model.simulate(TRUE, times) + noise
    error = lib.SumOfSquaresError(lib.SingleOutputProblem(model, times, values))
    return error, lib.RectangularBoundaries([0, 200], [1, 1000])


def loop(method: Any, error: Any, boundaries: Any, batch: bool) -> tuple[int, float]:
    np.random.seed(SEED)
    opt = method(X0, boundaries=boundaries)
    for _ in range(ITERATIONS):
        xs = opt.ask()
        opt.tell(error.evaluate_batch(xs) if batch else [error(x) for x in xs])
    return ITERATIONS, float(opt.f_best())


def controller(lib: Any, method: Any, error: Any, boundaries: Any) -> tuple[int, float]:
    np.random.seed(SEED)
    c = lib.OptimisationController(error, X0, boundaries=boundaries, method=method)
    c.set_max_iterations(ITERATIONS)
    c.set_function_tolerance(None)
    c.set_log_to_screen(False)
    with contextlib.redirect_stdout(io.StringIO()):
        _, f = c.run()
    return int(c.iterations()), float(f)


def runs() -> dict[tuple[str, str, str], Run]:
    """Every (method, library, variant) to time, as a function of nothing."""
    out: dict[tuple[str, str, str], Run] = {}
    for label, cls in METHODS.items():
        for name, (lib, toy) in LIBRARIES.items():
            error, b = seed_problem(lib, toy)
            m = getattr(lib, cls)
            out[label, name, "loop"] = partial(loop, m, error, b, False)
            if name == "paramfit":
                out[label, name, "batch"] = partial(loop, m, error, b, True)
            out[label, name, "controller"] = partial(controller, lib, m, error, b)
    return out


def measure(repeats: int) -> tuple[dict[Any, dict[str, list[float]]], dict[Any, Any]]:
    """CPU and wall seconds per run, and each variant's (iterations, f_best)."""
    todo = runs()
    keys = list(todo)
    times: dict[Any, dict[str, list[float]]] = {
        k: {"cpu": [], "wall": []} for k in keys
    }
    outcome = {k: todo[k]() for k in keys}  # warm-up: imports, caches, first calls
    for r in range(repeats):
        for k in keys[r % len(keys) :] + keys[: r % len(keys)]:
            gc.collect()
            cpu, wall = time.process_time(), time.perf_counter()
            result = todo[k]()
            times[k]["wall"].append(time.perf_counter() - wall)
            times[k]["cpu"].append(time.process_time() - cpu)
            assert result == outcome[k], (k, result, outcome[k])  # same trajectory
    for label in METHODS:  # scoring one by one or all at once: same trajectory
        loop_f = outcome[label, "paramfit", "loop"][1]
        batch_f = outcome[label, "paramfit", "batch"][1]
        assert loop_f == batch_f, (label, loop_f, batch_f)
    return times, outcome


def summarise(
    times: dict[Any, dict[str, list[float]]], outcome: dict[Any, Any]
) -> list[dict[str, Any]]:
    """One row per (method, library, variant): medians and ratios."""
    per_it = {
        k: {clock: [t / outcome[k][0] for t in v[clock]] for clock in ("cpu", "wall")}
        for k, v in times.items()
    }
    rows = []
    for k, v in times.items():
        label, name, variant = k
        ref = per_it[label, "pints", "loop"]
        iterations, f_best = outcome[k]
        loop_f = outcome[label, name, "loop"][1]
        row: dict[str, Any] = {
            "method": label,
            "library": name,
            "variant": variant,
            "iterations": iterations,
            "f_best": f_best,
            "same_f_as_loop": f_best == loop_f,
        }
        for clock in ("cpu", "wall"):
            us = statistics.median(per_it[k][clock]) * 1e6
            row[f"{clock}_ms"] = statistics.median(v[clock]) * 1e3
            row[f"{clock}_us_per_iteration"] = us
            row[f"{clock}_ratio"] = us / (statistics.median(ref[clock]) * 1e6)
            row[f"{clock}_paired_ratio"] = statistics.median(
                a / b for a, b in zip(per_it[k][clock], ref[clock], strict=True)
            )
        row["raw_cpu_s"] = v["cpu"]
        row["raw_wall_s"] = v["wall"]
        rows.append(row)
    order = {v: i for i, v in enumerate(VARIANTS)}
    rows.sort(
        key=lambda r: (
            list(METHODS).index(r["method"]),
            list(LIBRARIES).index(r["library"]),
            order[r["variant"]],
        )
    )
    return rows


def table(rows: list[dict[str, Any]], repeats: int) -> str:
    lines = [
        f"Seed problem, up to {ITERATIONS} iterations; medians of {repeats} "
        "interleaved repeats, BLAS threads = 1",
        "",
        f"{'method':<8}{'library':<10}{'variant':<26}{'iter.':>6}{'f_best':>14}"
        f"{'CPU ms':>10}{'µs/iter':>10}{'ratio':>8}{'wall ms':>10}",
    ]
    for r in rows:
        lines.append(
            f"{r['method']:<8}{r['library']:<10}{VARIANTS[r['variant']]:<26}"
            f"{r['iterations']:>6}{r['f_best']:>14.8g}{r['cpu_ms']:>10.1f}"
            f"{r['cpu_us_per_iteration']:>10.1f}{r['cpu_ratio']:>8.3f}"
            f"{r['wall_ms']:>10.1f}"
        )
    lines += [
        "",
        "ratio = CPU µs per iteration / that of PINTS's point-by-point ask/tell "
        "loop for the same method.",
        "paramfit's sequential controller scores each population with "
        "evaluate_batch; PINTS's point by point.",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="3 repeats")
    parser.add_argument("--repeats", type=int, default=None)
    args = parser.parse_args()
    repeats = args.repeats or (3 if args.quick else 11)
    with threadpool_limits(limits=1), warnings.catch_warnings():
        # xNES warns when all of a population falls outside the boundaries.
        warnings.simplefilter("ignore")
        times, outcome = measure(repeats)
    rows = summarise(times, outcome)
    print(table(rows, repeats))
    record = {
        "benchmark": "seed_runs",
        "iterations": ITERATIONS,
        "repeats": repeats,
        "quick": args.quick,
        "seed": SEED,
        "blas_threads": 1,
        "load_average": list(os.getloadavg()),
        "rows": rows,
    }
    print(f"\nwrote {_meta.write(RESULTS, record, quick=args.quick)}")


if __name__ == "__main__":
    main()
