"""PINTS's module of evaluators, for scripts and tests that import from it.

The evaluators themselves live in `paramfit.evaluation`; this module
re-exports them under PINTS's private path, and keeps `_Worker`, PINTS's
queue-based worker process, which PINTS's scripts and tests drive directly.
paramfit's own `ParallelEvaluator` does not use it: its workers
(``paramfit.evaluation._process_pool``) each have a pipe and are waited on
without polling.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from typing import Any, Protocol

import numpy as np
import threadpoolctl

from .evaluation import (
    Evaluator,
    MultiSequentialEvaluator,
    ParallelEvaluator,
    SequentialEvaluator,
    evaluate,
)
from .evaluation._process_pool import _max_threads

__all__ = [
    "Evaluator",
    "MultiSequentialEvaluator",
    "ParallelEvaluator",
    "SequentialEvaluator",
    "_Worker",
    "evaluate",
]


class _Queue(Protocol):
    """What `_Worker` needs of a queue, e.g. a `multiprocessing.Queue`."""

    def get(self) -> Any: ...

    def put(self, item: object, /) -> None: ...


class _Flag(Protocol):
    """What `_Worker` needs of a flag, e.g. a `multiprocessing.Event`."""

    def is_set(self) -> bool: ...

    def set(self) -> None: ...


class _Worker(multiprocessing.Process):
    """PINTS's queue-based worker process, for code that drives workers itself.

    PINTS's own `ParallelEvaluator` starts these; scripts and tests written
    for PINTS may create and run them directly (PINTS's tests call `run()`
    in-process), so they behave as PINTS's. paramfit's `ParallelEvaluator`
    does not use them.

    Takes up to ``max_tasks`` tasks ``(i, seed, x)`` from ``tasks``, seeds
    NumPy's global generator with ``seed`` and puts ``(i, function(x,
    *args))`` on ``results``, stopping early once ``error`` is set. Any
    exception, ``KeyboardInterrupt`` or ``SystemExit`` puts ``(pid,
    traceback)`` on ``errors`` and sets ``error``. ``max_threads`` is as
    ``n_numpy_threads`` in `ParallelEvaluator`. While it runs, the worker's
    standard output and error go to ``os.devnull``, as in PINTS.
    """

    def __init__(
        self,
        function: Callable[..., object],
        args: Sequence[object],
        tasks: _Queue,
        results: _Queue,
        max_tasks: int,
        max_threads: int | None,
        errors: _Queue,
        error: _Flag,
    ) -> None:
        super().__init__(daemon=True)
        self._function, self._args = function, tuple(args)
        self._tasks, self._results, self._errors = tasks, results, errors
        self._max_tasks = int(max_tasks)
        self._max_threads = _max_threads(max_threads)
        self._error = error

    def run(self) -> None:
        """Serve tasks until ``max_tasks`` are done or an error occurs."""
        saved = sys.stdout, sys.stderr
        with open(os.devnull, "w") as null:
            sys.stdout = sys.stderr = null
            try:
                with threadpoolctl.threadpool_limits(self._max_threads):
                    self._serve()
            except (Exception, KeyboardInterrupt, SystemExit):
                self._errors.put((os.getpid(), traceback.format_exc()))
                self._error.set()
            finally:
                # Matters when run() is called in-process, as PINTS's tests do.
                sys.stdout, sys.stderr = saved

    def _serve(self) -> None:
        for _ in range(self._max_tasks):
            i, seed, x = self._tasks.get()
            np.random.seed(seed)  # noqa: NPY002 - PINTS's per-task seeding contract
            self._results.put((i, self._function(x, *self._args)))
            if self._error.is_set():
                return
