"""Entry points of the bad-input fuzzer (see ``fuzz.py``): the evaluators
and ``sample_initial_points``."""

from __future__ import annotations

import concurrent.futures
from typing import Any

import numpy as np
from fuzz import NON_FINITE, NOT_NUMBERS, OPAQUE, Entry, Slot, scalar_bad
from fuzz_entries import (
    count,
    function_slot,
    instance,
    prior3,
)

import paramfit


def square(x: Any) -> float:
    return float(np.sum(np.asarray(x) ** 2))


def _points_slot() -> Slot:
    return Slot(
        "positions",
        [[1.0, 2.0], [3.0, 4.0]],
        [("None", None), ("float", 1.0), ("object", OPAQUE)],
        ("sequence", "points"),
    )


def _args_slot() -> Slot:
    return Slot("args", None, [("float", 1.0), ("object", OPAQUE)], ("argument",))


def _workers_slot() -> Slot:
    bad = [b for b in scalar_bad("count") if b[1] is not None]
    return Slot("n_workers", 2, bad, ("workers",))


def limit(name: str, *aliases: str, valid: Any = 100) -> Slot:
    """An iteration or evaluation limit: None (no limit), 0 or any whole
    number (nothing is allocated for it)."""
    return count(name, valid, *aliases, minimum=0, ok=("None",), allocates=False)


def evaluator_entries() -> list[Entry]:
    def parallel(
        function: Any,
        n_workers: Any,
        max_tasks_per_worker: Any,
        n_numpy_threads: Any,
        args: Any,
    ) -> Any:
        return paramfit.ParallelEvaluator(
            function, n_workers, max_tasks_per_worker, n_numpy_threads, args
        )

    pool = concurrent.futures.ThreadPoolExecutor(1)
    return [
        Entry(
            "SequentialEvaluator(function, args)",
            paramfit.SequentialEvaluator,
            (function_slot("function", square), _args_slot()),
            group="evaluation",
        ),
        Entry(
            "SequentialEvaluator(f).evaluate(positions)",
            lambda positions: paramfit.SequentialEvaluator(square).evaluate(positions),
            (_points_slot(),),
            group="evaluation",
        ),
        Entry(
            "ParallelEvaluator(function, n_workers, ...)",
            parallel,
            (
                function_slot("function", square),
                _workers_slot(),
                count("max_tasks_per_worker", 500, "tasks", allocates=False),
                # None: left alone; 0 or less: let the libraries choose.
                Slot(
                    "n_numpy_threads",
                    1,
                    [b for b in NOT_NUMBERS if b[1] is not None] + list(NON_FINITE),
                    ("threads",),
                ),
                _args_slot(),
            ),
            group="evaluation",
        ),
        Entry(
            "MultiSequentialEvaluator(functions, args)",
            paramfit.MultiSequentialEvaluator,
            (
                Slot(
                    "functions",
                    [square, square],
                    [
                        ("None", None),
                        ("empty", []),
                        ("numbers", [1.0, 2.0]),
                        ("object", OPAQUE),
                        ("word", "ab"),
                    ],
                    ("function",),
                ),
                _args_slot(),
            ),
            group="evaluation",
        ),
        Entry(
            "ExecutorEvaluator(function, executor, args)",
            paramfit.ExecutorEvaluator,
            (
                function_slot("function", square),
                Slot(
                    "executor",
                    pool,
                    [
                        ("None", None),
                        ("float", 1.0),
                        ("object", OPAQUE),
                        ("word", "abc"),
                    ],
                ),
                _args_slot(),
            ),
            group="evaluation",
        ),
        Entry(
            "evaluate(f, x, parallel, args)",
            paramfit.evaluate,
            (
                function_slot("f", square),
                Slot(
                    "x",
                    [[1.0, 2.0]],
                    [("None", None), ("float", 1.0), ("object", OPAQUE)],
                    ("positions", "sequence", "points"),
                ),
                Slot(
                    "parallel",
                    False,
                    [
                        ("word", "yes"),
                        ("object", OPAQUE),
                        ("negative", -1),
                        ("nan", np.nan),
                        ("10**18", 10**18),
                        ("1e308", 1e308),
                        ("fraction", 1.5),
                    ],
                    ("workers",),
                ),
                _args_slot(),
            ),
            group="evaluation",
        ),
        Entry(
            "sample_initial_points(function, n_points, ...)",
            lambda function, n_points, boundaries, max_tries: (
                paramfit.sample_initial_points(
                    function, n_points, boundaries=boundaries, max_tries=max_tries
                )
            ),
            (
                instance("function", prior3, "log-pdf", "error measure"),
                count("n_points", 2, "points"),
                Slot(
                    "boundaries",
                    paramfit.RectangularBoundaries([0, 0, 0.01], [10, 10, 10]),
                    [("float", 1.0), ("object", OPAQUE), ("word", "abc")],
                    ("bound",),
                ),
                count("max_tries", 5, "tries", allocates=False),
            ),
            group="evaluation",
        ),
    ]
