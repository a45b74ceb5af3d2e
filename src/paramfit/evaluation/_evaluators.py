"""Evaluators: map a batch of points to the values of one function.

`SequentialEvaluator` loops in this process, `ParallelEvaluator`
spreads the points over worker processes, `MultiSequentialEvaluator`
pairs each point with its own function, and `evaluate()` picks one for a
single call.
"""

from __future__ import annotations

import copy
import multiprocessing
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from .._checks import count, describe, fail, with_detail
from .._util import seeds_from_global_state
from ._process_pool import (
    _chunk_bounds,
    _collect,
    _max_threads,
    _PoolWorker,
)
from ._workers import LIMIT, max_workers, workers

#: A function's values are what it returns (a float, an ``(f, df)`` pair, ...):
#: evaluators pass them on unchanged, so their type is the caller's to know.
Function = Callable[..., Any]

# PINTS draws per-point seeds below 2**16; doing the same gives the same seeds
# once the global generator is seeded with a given value.
_SEED_BOUND = 2**16


def add_parameters_note(e: BaseException, x: object) -> None:
    """Name the point ``x`` in the exception ``e`` raised while scoring it."""
    if hasattr(e, "add_note"):  # Python >= 3.11
        e.add_note(f"Failing parameters: {np.asarray(x).tolist()}")


def evaluate(
    f: Function,
    x: Sequence[Any],
    parallel: bool | int = False,
    args: Sequence[object] | None = None,
) -> list[Any]:
    """Return ``[f(x[0], *args), f(x[1], *args), ...]``.

    Parameters
    ----------
    f : callable
        The function to evaluate.
    x : sequence
        The points to evaluate ``f`` at.
    parallel : bool or int
        ``True`` uses one worker process per core (at most one per point), an
        integer ``>= 1`` that many workers, ``False`` or ``0`` this process.
    args : sequence, optional
        Extra arguments passed to ``f`` after the point.

    Notes
    -----
    Functions using ``np.random`` are repeatable once NumPy's global generator
    is seeded (``np.random.seed``), but parallel and sequential calls use
    different random numbers.
    """
    evaluator: Evaluator
    n_workers = workers(parallel, "parallel")
    if parallel is True:
        n_workers = max(min(n_workers, len(x)), 1)
    if n_workers >= 1:
        evaluator = ParallelEvaluator(f, n_workers=n_workers, args=args)
    else:
        return SequentialEvaluator(f, args=args).evaluate(x)
    # A one-off pool must not leave idle processes behind.
    with evaluator:
        return evaluator.evaluate(x)


class Evaluator:
    """Abstract base class: evaluates ``f(x, *args)`` for a list of points.

    Sequential and parallel evaluators share this interface, so an algorithm
    can switch between them freely.

    Parameters
    ----------
    function : callable
        The function ``f``, called as ``f(x, *args)``.
    args : sequence, optional
        Extra arguments to ``f``; ``None`` means none.
    """

    def __init__(
        self, function: Function, args: Sequence[object] | None = None
    ) -> None:
        if not callable(function):
            raise ValueError("The given function must be callable.")
        self._function = function
        if args is None:
            args = ()
        try:
            len(args)
        except TypeError:
            raise ValueError(
                "The argument `args` must be either None or a sequence."
            ) from None
        self._args = tuple(args)

    def evaluate(self, positions: Sequence[Any]) -> list[Any]:
        """Evaluate the function at every point.

        Parameters
        ----------
        positions : sequence
            The points, e.g. an array of shape ``(n_points, n_parameters)``.

        Returns
        -------
        list
            The function values, in the order of ``positions``.
        """
        try:
            len(positions)
            if isinstance(positions, (str, bytes)):
                raise TypeError
        except TypeError:
            raise with_detail(
                ValueError(
                    "The argument `positions` must be a sequence of input values to"
                    " the evaluator's function."
                ),
                fail("positions", "a sequence of points", positions),
                pinned=True,
            ) from None
        return self._evaluate(positions)

    def _evaluate(self, positions: Sequence[Any]) -> list[Any]:
        """Evaluate every point (``positions`` is known to have a length)."""
        raise NotImplementedError

    def for_function(self, function: Function) -> Evaluator:
        """A copy of this evaluator, with the same settings (and executor,
        if any), for another function (used by the controller, which
        evaluates its own, possibly transformed, objective)."""
        if not callable(function):
            raise ValueError("The given function must be callable.")
        clone = copy.copy(self)
        clone._function = function
        return clone


class SequentialEvaluator(Evaluator):
    """Evaluates a function at each point in turn, in this process.

    Extends `Evaluator`; parameters as there.

    Notes
    -----
    Vectorised scoring: if the function has a method
    ``evaluate_batch(xs)`` taking an array of shape ``(n_points,
    n_parameters)`` and returning the ``n_points`` values (equal to
    ``[f(x) for x in xs]``), and no ``args`` are given, it is called once
    per `evaluate()` instead of looping.
    """

    def _evaluate(self, positions: Sequence[Any]) -> list[Any]:
        f, args = self._function, self._args
        batch = getattr(f, "evaluate_batch", None)
        if batch is not None and not args and len(positions):
            # The vectorised-scoring protocol (see ``evaluate_batch`` in
            # ``ErrorMeasure``): one call scores the whole population.
            values: list[Any] = np.asarray(
                batch(np.asarray(positions, dtype=float)), dtype=float
            ).tolist()
            return values
        return [f(x, *args) for x in positions]


class MultiSequentialEvaluator(Evaluator):
    """Evaluates ``functions[i](positions[i], *args)`` in turn, in this process.

    For when every point has its own function, e.g. one per MCMC chain.
    Extends `Evaluator`.

    Parameters
    ----------
    functions : sequence of callable
        One function per point.
    args : sequence, optional
        Extra arguments passed to every function.
    """

    def __init__(
        self,
        functions: Sequence[Function],
        args: Sequence[object] | None = None,
    ) -> None:
        if isinstance(functions, (str, bytes)) or not isinstance(functions, Sequence):
            raise TypeError(
                fail("functions", "a sequence of callables, one per point", functions)
            )
        for function in functions:
            if not callable(function):
                raise with_detail(
                    ValueError("The given functions must be callable."),
                    f"functions holds {describe(function)}.",
                    pinned=True,
                )
        if not functions:
            raise ValueError("functions must hold at least one function; got [].")
        super().__init__(functions[0], args)
        self._functions = functions

    def _evaluate(self, positions: Sequence[Any]) -> list[Any]:
        if len(positions) != len(self._functions):
            raise ValueError("Number of positions does not equal number of functions.")
        args = self._args
        return [f(x, *args) for f, x in zip(self._functions, positions, strict=True)]


class ParallelEvaluator(Evaluator):
    """Evaluates a function at many points on a pool of worker processes.

    Workers start at the first `evaluate()` and are kept for later calls.
    Each call splits the points into at most ``n_workers`` contiguous chunks
    and sends one chunk to each worker through its own pipe; values come back
    in the order of the points. Extends `Evaluator`.

    Parameters
    ----------
    function : callable
        The function ``f``, called as ``f(x, *args)``. With the ``spawn`` or
        ``forkserver`` start methods (not Linux, which uses ``fork``) it and
        ``args`` must be picklable.
    n_workers : int, optional
        The number of worker processes; default `cpu_count()`.
    max_tasks_per_worker : int
        The number of points a worker evaluates before a fresh process
        replaces it, bounding what a leaky function can accumulate. Chunks
        are shortened so that no worker goes over it.
    n_numpy_threads : int or None
        BLAS (``threadpoolctl``) threads per worker: ``1`` (default) avoids
        oversubscribing the cores, ``0`` lets the libraries choose, ``None``
        changes nothing.
    args : sequence, optional
        Extra arguments to ``f``.

    Notes
    -----
    Each `evaluate()` draws one seed per point from NumPy's legacy global
    generator; the worker seeds that generator with it before evaluating the
    point. So functions using ``np.random`` are repeatable once that generator
    is seeded (``np.random.seed``), whatever the number of workers.

    Pipes rather than ``concurrent.futures.ProcessPoolExecutor``, whose round
    trip passes through two helper threads: it measured about twice the wall
    time and three times the parent's CPU time per call. The parent waits,
    without polling, on the pipes and the process sentinels, so a dead worker
    is noticed at once (``multiprocessing.Pool`` would hang). Replacing a
    worker costs a fork (milliseconds): raise ``max_tasks_per_worker`` when
    calls are many and cheap.

    Worker output is discarded. An exception in ``f`` is raised here as an
    ``Exception`` holding the worker's traceback and the failing point; a
    worker that dies raises a ``RuntimeError`` naming its points. Then, and
    on ``KeyboardInterrupt``, all workers are stopped and the next call starts
    new ones. `close()` (or a ``with`` block) stops the workers; garbage
    collection does too.
    """

    def __init__(
        self,
        function: Function,
        n_workers: int | None = None,
        max_tasks_per_worker: int = 500,
        n_numpy_threads: int | None = 1,
        args: Sequence[object] | None = None,
    ) -> None:
        super().__init__(function, args)
        self._n_workers = (
            self.cpu_count()
            if n_workers is None
            else count(
                n_workers,
                "n_workers",
                maximum=max_workers(),
                why=LIMIT,
                message="Number of workers must be an integer greater than 0 or "
                "`None` to use the default value.",
            )
        )
        self._max_tasks = count(
            max_tasks_per_worker,
            "max_tasks_per_worker",
            message="Maximum tasks per worker should be at least 1 (but probably much"
            " greater).",
        )
        self._max_threads = _max_threads(n_numpy_threads)
        self._workers: list[_PoolWorker] = []

    @staticmethod
    def cpu_count() -> int:
        """Return the number of (virtual) cores, at least 1."""
        return max(1, multiprocessing.cpu_count())

    def close(self) -> None:
        """Stop the workers (a later `evaluate()` starts new ones)."""
        workers, self._workers = self._workers, []
        for worker in workers:
            worker.retire()
        for worker in workers:
            worker.process.join(timeout=1)

    def __enter__(self) -> ParallelEvaluator:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __del__(self) -> None:
        # Tell the workers to exit, but never make garbage collection wait.
        try:
            for worker in self._workers:
                worker.retire()
        except Exception:  # pragma: no cover - e.g. at interpreter exit
            pass

    def __getstate__(self) -> dict[str, object]:
        # Processes and pipes cannot be pickled: a copy starts its own.
        return {**self.__dict__, "_workers": []}

    def for_function(self, function: Function) -> ParallelEvaluator:
        clone = super().for_function(function)
        assert isinstance(clone, ParallelEvaluator)
        clone._workers = []  # its own workers, running the new function
        return clone

    def _evaluate(self, positions: Sequence[Any]) -> list[Any]:
        n = len(positions)
        # One sliceable object, so each chunk is pickled in one piece.
        items = positions if isinstance(positions, np.ndarray) else list(positions)
        seeds = seeds_from_global_state(n, high=_SEED_BOUND).tolist()
        values: list[Any] = []
        try:
            while len(values) < n:
                values.extend(self._round(items, seeds, len(values)))
        except BaseException:
            # Errors, dead workers, Ctrl-C: busy workers would reply later,
            # into pipes the next call reads, so stop them all now.
            self._kill_workers()
            raise
        return values

    def _round(
        self, items: Sequence[Any], seeds: list[int], start: int
    ) -> list[object]:
        """Send each worker a chunk from ``start`` on; return the values of
        the contiguous points covered (all, unless a worker is nearly spent)."""
        workers = self._ready_workers()
        rooms = [self._max_tasks - worker.served for worker in workers]
        bounds = _chunk_bounds(start, len(items), rooms)
        for worker, (a, b) in zip(workers, bounds, strict=False):
            worker.send((a, items[a:b], seeds[a:b]))
        chunks = _collect(workers[: len(bounds)], bounds, items)
        return [value for chunk in chunks for value in chunk]

    def _ready_workers(self) -> list[_PoolWorker]:
        """Replace spent or dead workers, and fill the pool up."""
        kept = []
        for worker in self._workers:
            if worker.served < self._max_tasks and worker.process.is_alive():
                kept.append(worker)
            else:
                worker.retire()
        # Record each new worker at once, so a failed start leaks none.
        self._workers = kept
        while len(kept) < self._n_workers:
            kept.append(_PoolWorker(self._function, self._args, self._max_threads))
        return kept

    def _kill_workers(self) -> None:
        """Stop all workers now, busy or not."""
        workers, self._workers = self._workers, []
        for worker in workers:
            # SIGKILL: user code may catch or ignore SIGTERM, and a worker has
            # nothing to clean up.
            worker.process.kill()
            worker.conn.close()
        for worker in workers:
            worker.process.join(timeout=5)
