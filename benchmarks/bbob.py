"""BBOB noiseless f1-f24: paramfit CMA-ES / xNES vs PINTS xNES vs pycma.

Every (function, instance, dimension) is run ``R`` times (``--repeats``).
Run ``r`` has its own seed, ``1000 f + 10 i + d + 100000 r``, and its own
starting point ``x0 ~ U[-4, 4]^d`` drawn from that seed; within a run every
method gets the same seed and ``x0`` (a paired design). All methods start
with ``sigma0 = 2`` and get ``1000 d`` evaluations (single runs), or
``2000 d`` for the restart strategies (paramfit IPOP/BIPOP CMA-ES vs pycma's
BIPOP, ``cma.fmin2(..., restarts=9, bipop=True)``). Runs stop early once the
final target is reached. Problems come from ``cocoex.BareProblem``.

Reported per method and dimension: the fraction of the 51 standard targets
``f_opt + 10^k``, ``k = -8, -7.8, ..., 2``, reached by the best value within
the budget (averaged over all runs), the number of runs solved to ``1e-8``
and the CPU time summed over runs. Then, for paramfit CMA-ES vs pycma,
paramfit xNES vs PINTS xNES and paramfit IPOP/BIPOP vs pycma BIPOP, the
paired difference in fraction: per (function, instance) the mean over the
repeats of (method - reference), and over those pairs the mean with a 95 %
t-interval (``report.paired_difference``).

The runs are spread over ``--jobs`` worker processes, each with BLAS pinned
to one thread. Every run is deterministic given its seed and the results are
put together in a fixed order, so they do not depend on the number of jobs.

Results go to ``benchmarks/results/bbob.json``: per group (``"single"``,
``"restarts"``), method and dimension, ``fraction``, ``solved``, ``runs``,
``cpu_s``, ``run_fractions`` (one per run) and ``hits`` (for the ECDF plots
of ``benchmarks/report.py``: per run, the evaluation at which each target,
from ``1e-8`` up, was first reached, ``null`` if never). Runs are in the
order f1 i1 r0, f1 i1 r1, ..., f24 iN r(R-1). The paired differences are in
``"comparisons"``.

Run: ``python benchmarks/bbob.py [--quick] [--repeats R] [--jobs J]
[--dims 2 5 10] [--instances 1 2 3] [--no-restarts]`` (defaults: 5 repeats,
one job per CPU; ``--quick``: instance 1, dimensions 2 and 5, 1 repeat).
"""

from __future__ import annotations

import argparse
import os
import time
import warnings
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from pathlib import Path
from typing import Any, NamedTuple

import _meta
import cma
import cocoex
import numpy as np
import pints
from report import paired_difference
from threadpoolctl import threadpool_limits

import paramfit

RESULTS = Path(__file__).resolve().parent / "results"
TARGETS = 10.0 ** np.arange(-8, 2.0001, 0.2)  # 51 targets
SIGMA0 = 2.0
FUNCTIONS = range(1, 25)


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


#: Per group: its methods and its budget per dimension.
GROUPS: dict[str, tuple[dict[str, Callable[..., None]], int]] = {
    "single": (SINGLE, 1000),
    "restarts": (RESTARTS, 2000),
}
#: Per group: the (method, reference) pairs compared run by run.
COMPARISONS: dict[str, list[tuple[str, str]]] = {
    "single": [("paramfit CMAES", "pycma"), ("paramfit XNES", "PINTS XNES")],
    "restarts": [
        ("paramfit BIPOP-CMAES", "pycma BIPOP"),
        ("paramfit IPOP-CMAES", "pycma BIPOP"),
    ],
}


class Task(NamedTuple):
    """One run: every method of ``group`` on function f, instance i, dim d."""

    group: str
    f: int
    i: int
    d: int
    r: int

    @property
    def seed(self) -> int:
        return 1000 * self.f + 10 * self.i + self.d + 100000 * self.r


def tasks(
    group: str, dims: list[int], instances: list[int], repeats: int
) -> list[Task]:
    """All runs of a group, dimension by dimension, then f, i, r."""
    return [
        Task(group, f, i, d, r)
        for d in dims
        for f in FUNCTIONS
        for i in instances
        for r in range(repeats)
    ]


def run_task(task: Task) -> dict[str, dict[str, Any]]:
    """Every method of the task's group from the same x0 and seed."""
    methods, budget_per_d = GROUPS[task.group]
    problem = cocoex.BareProblem("bbob", task.f, task.d, task.i)
    x0 = np.random.default_rng(task.seed).uniform(-4, 4, task.d)
    out = {}
    for name, run in methods.items():
        t = Tracker(problem, budget_per_d * task.d)
        tic = time.process_time()
        run(t, x0.copy(), task.seed)
        cpu_s = time.process_time() - tic
        error = t.best - t.f_opt
        out[name] = {
            "fraction": float(np.mean(error <= TARGETS)),
            "solved": bool(error <= TARGETS[0]),
            "cpu_s": cpu_s,
            "hits": t.hit_list(),
        }
    return out


_BLAS_LIMIT: Any = None  # in a worker: its one-thread BLAS limit, kept alive


def _init_worker() -> None:
    global _BLAS_LIMIT
    warnings.simplefilter("ignore")
    _BLAS_LIMIT = threadpool_limits(1)


def summarise(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """One method and dimension, from its runs in the fixed order."""
    fractions = [run["fraction"] for run in runs]
    return {
        "fraction": float(np.mean(fractions)),
        "solved": sum(run["solved"] for run in runs),
        "runs": len(runs),
        "cpu_s": sum(run["cpu_s"] for run in runs),
        "run_fractions": fractions,
        "hits": [run["hits"] for run in runs],
    }


def benchmark(
    pool: Executor, group: str, dims: list[int], instances: list[int], repeats: int
) -> dict[str, Any]:
    """Results of one group: method -> dimension -> summary."""
    todo = tasks(group, dims, instances, repeats)
    done: Iterator[dict[str, Any]] = pool.map(run_task, todo)
    by_d: dict[int, list[dict[str, Any]]] = {d: [] for d in dims}
    for task, result in zip(todo, done, strict=True):
        by_d[task.d].append(result)
    return {
        name: {str(d): summarise([run[name] for run in by_d[d]]) for d in dims}
        for name in GROUPS[group][0]
    }


def compare(
    group: str, results: dict[str, Any], dims: list[int], repeats: int
) -> list[dict[str, Any]]:
    """The paired differences of a group's comparison pairs, per dimension."""
    rows = []
    for method, reference in COMPARISONS[group]:
        for d in dims:
            ours = results[method][str(d)]["run_fractions"]
            theirs = results[reference][str(d)]["run_fractions"]
            stat = paired_difference(ours, theirs, repeats)
            row = {"group": group, "method": method, "reference": reference, "d": d}
            rows.append({**row, **stat})
    return rows


def table(title: str, results: dict[str, Any], dims: list[int]) -> None:
    print(title)
    head = "".join(f"{'d=' + str(d):>18}" for d in dims)
    print(f"{'method':<22}{head}")
    for name, by_d in results.items():
        cells = "".join(
            f"{by_d[str(d)]['fraction']:>9.3f} {by_d[str(d)]['solved']:>3}/"
            f"{by_d[str(d)]['runs']:<4}"
            for d in dims
        )
        print(f"{name:<22}{cells}")
    print("(fraction of the 51 targets reached, mean over runs; runs solved to 1e-8)\n")


def comparison_table(rows: list[dict[str, Any]], repeats: int) -> None:
    print(
        "Paired difference in fraction of targets, method - reference: mean over "
        f"(f, instance) pairs of the mean over {repeats} run(s), 95 % t-interval"
    )
    print(f"{'method':<22}{'reference':<14}{'d':>3}{'mean':>9}   95 % CI")
    for x in rows:
        ci = "–" if x["ci95"] is None else "[{:+.3f}, {:+.3f}]".format(*x["ci95"])
        print(
            f"{x['method']:<22}{x['reference']:<14}{x['d']:>3}"
            f"{x['mean_difference']:>+9.3f}   {ci}"
        )
    print()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="instance 1, d = 2, 5")
    parser.add_argument("--dims", type=int, nargs="+", default=None)
    parser.add_argument("--instances", type=int, nargs="+", default=None)
    parser.add_argument("--repeats", type=int, default=None, help="default 5 (1)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--no-restarts", action="store_true")
    args = parser.parse_args(argv)
    dims = args.dims or ([2, 5] if args.quick else [2, 5, 10])
    instances = args.instances or ([1] if args.quick else [1, 2, 3])
    repeats = args.repeats or (1 if args.quick else 5)
    results: dict[str, Any] = {
        "dims": dims,
        "instances": instances,
        "functions": list(FUNCTIONS),
        "repeats": repeats,
        "runs": len(FUNCTIONS) * len(instances) * repeats,
        "jobs": args.jobs,
        "targets_log10": [round(float(k), 1) for k in np.log10(TARGETS)],
        "budget_per_d": {g: budget for g, (_, budget) in GROUPS.items()},
        "ci": "95 % t-interval over the (function, instance) pair means",
        "comparisons": [],
    }
    groups = ["single"] + ([] if args.no_restarts else ["restarts"])
    titles = {"single": "single runs", "restarts": "restarts"}
    with ProcessPoolExecutor(args.jobs, initializer=_init_worker) as pool:
        for g in groups:
            results[g] = benchmark(pool, g, dims, instances, repeats)
            budget = GROUPS[g][1]
            table(f"BBOB f1-f24, budget {budget} d, {titles[g]}", results[g], dims)
            rows = compare(g, results[g], dims, repeats)
            comparison_table(rows, repeats)
            results["comparisons"] += rows
    _meta.write(RESULTS / "bbob.json", results, quick=args.quick)


if __name__ == "__main__":
    main()
