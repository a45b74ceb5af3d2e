"""Evaluators on executors: any ``concurrent.futures.Executor``, and Dask.

Random streams
--------------
Both evaluators follow one contract for stochastic objectives: before the
``i``-th point of an `evaluate()` call is scored,
NumPy's legacy global generator (``np.random``) in the worker is seeded from
``SeedSequence(entropy, spawn_key=(i,))``, where ``entropy`` is drawn once
per call from this process's global generator. A point's random numbers
therefore depend only on its index and on ``np.random.seed`` here, never on
the number of workers or on scheduling. (Threads share one global
generator, so with a ``ThreadPoolExecutor`` a stochastic objective is not
repeatable; deterministic ones are unaffected.)
"""

from __future__ import annotations

import concurrent.futures
import math
import pickle
import time
from collections.abc import Sequence
from types import ModuleType
from typing import TYPE_CHECKING, Any

import numpy as np

from .._util import seeds_from_global_state
from ._evaluators import Evaluator, Function, add_parameters_note

if TYPE_CHECKING:
    from distributed import Client

_DASK_HINT = (
    "DaskEvaluator needs dask.distributed: install it with "
    '`pip install "paramfit[dask]"`.'
)


def point_seeds(n: int) -> list[tuple[int, int]]:
    """``(entropy, index)`` pairs for ``n`` points, one entropy per call."""
    entropy = int(seeds_from_global_state(1)[0])
    return [(entropy, i) for i in range(n)]


def _seeded_call(
    function: Function, args: tuple[object, ...], x: object, seed: tuple[int, int]
) -> Any:
    """Score ``x`` after seeding ``np.random`` with the point's own stream."""
    entropy, index = seed
    state = np.random.SeedSequence(entropy, spawn_key=(index,)).generate_state(4)
    # The objective's own np.random calls are the point: seed them.
    np.random.seed(state)  # noqa: NPY002
    return function(x, *args)


def check_picklable(function: object, args: Sequence[object]) -> None:
    """Raise a ``TypeError`` naming ``function`` if it cannot be sent to
    worker processes."""
    try:
        pickle.dumps((function, tuple(args)))
    except Exception as e:
        raise TypeError(
            f"The objective {function!r} (or its args) cannot be pickled ({e}), so "
            "it cannot be sent to worker processes. Define it as a module-level "
            "function, or an instance of a module-level class."
        ) from e


class ExecutorEvaluator(Evaluator):
    """Evaluates a function on any `concurrent.futures.Executor`.

    One task per point, submitted in order; values come back in the order
    of the points. Works with ``ThreadPoolExecutor``,
    ``ProcessPoolExecutor``, ``dask.distributed.Client.get_executor()`` and
    ``mpi4py.futures.MPIPoolExecutor``. Extends `Evaluator`.

    Parameters
    ----------
    function : callable
        The function ``f``, called as ``f(x, *args)``; it must be picklable
        unless the executor is a thread pool.
    executor : concurrent.futures.Executor
        Where to run the tasks. The evaluator does not shut it down.
    args : sequence, optional
        Extra arguments to ``f``.

    Raises
    ------
    TypeError
        If ``executor`` is not an executor, or the function (with ``args``)
        cannot be pickled for a non-thread executor.

    Notes
    -----
    Random streams: see the module notes. An exception in ``f`` is raised
    here (with the failing parameters added as a note); a shut-down executor
    raises a ``RuntimeError``.
    """

    def __init__(
        self,
        function: Function,
        executor: concurrent.futures.Executor,
        args: Sequence[object] | None = None,
    ) -> None:
        super().__init__(function, args)
        if not isinstance(executor, concurrent.futures.Executor) and not hasattr(
            executor, "submit"
        ):
            raise TypeError(
                "executor must be a concurrent.futures.Executor; got "
                f"{type(executor).__name__}."
            )
        self._executor = executor
        if not isinstance(executor, concurrent.futures.ThreadPoolExecutor):
            check_picklable(function, self._args)

    def executor(self) -> concurrent.futures.Executor:
        """The executor."""
        return self._executor

    def for_function(self, function: Function) -> ExecutorEvaluator:
        return ExecutorEvaluator(function, self._executor, self._args)

    def _evaluate(self, positions: Sequence[Any]) -> list[Any]:
        seeds = point_seeds(len(positions))
        f, args = self._function, self._args
        try:
            futures = [
                self._executor.submit(_seeded_call, f, args, x, s)
                for x, s in zip(positions, seeds, strict=True)
            ]
        except RuntimeError as e:
            raise RuntimeError(
                f"Cannot submit to the executor ({e}); it has probably been shut "
                "down. ExecutorEvaluator needs a running executor."
            ) from e
        return _gather(futures, positions)


def _gather(
    futures: list[concurrent.futures.Future[Any]], positions: Sequence[Any]
) -> list[Any]:
    """Results in order; on an error cancel the rest and name the point."""
    values = []
    for i, future in enumerate(futures):
        try:
            values.append(future.result())
        except BaseException as e:
            for other in futures[i + 1 :]:
                other.cancel()
            if isinstance(e, Exception):
                add_parameters_note(e, positions[i])
            raise
    return values


class _Payload:
    """The function and its args as one object, so ``scatter`` sends it whole
    (a tuple would be scattered element by element)."""

    def __init__(self, function: Function, args: tuple[object, ...]) -> None:
        self.function = function
        self.args = args


#: How often `DaskEvaluator` recounts the cluster's worker threads.
_RECOUNT_SECONDS = 5.0


def _dask_chunk(
    xs: list[object], seeds: list[tuple[int, int]], payload: _Payload
) -> list[object]:
    """Score a chunk of points; an error names the point that raised it."""
    values = []
    for x, seed in zip(xs, seeds, strict=True):
        try:
            values.append(_seeded_call(payload.function, payload.args, x, seed))
        except Exception as e:
            add_parameters_note(e, x)
            raise
    return values


def _import_distributed() -> ModuleType:
    try:
        import distributed
    except ImportError:
        raise ImportError(_DASK_HINT) from None
    return distributed


class DaskEvaluator(Evaluator):
    """Evaluates a function on a Dask cluster (``dask.distributed``).

    The function and ``args`` are sent to every worker once, at
    construction (``client.scatter(..., broadcast=True)``); each
    `evaluate()` then submits one task per worker thread, each scoring a
    contiguous chunk of the points, and gathers the values in order. (A task
    per point cost about 2.5 times as much scheduling per generation.)
    Extends `Evaluator`.

    Parameters
    ----------
    function : callable
        The function ``f``, called as ``f(x, *args)``; must be picklable.
    client : distributed.Client or str, optional
        A client, the address of a scheduler (e.g. ``'tcp://host:8786'``),
        or ``None`` for the current default client (one is started on this
        machine if there is none; it is closed by `close()`).
    args : sequence, optional
        Extra arguments to ``f``.
    timeout : float
        Seconds to wait when connecting to ``client`` given as an address.

    Raises
    ------
    ImportError
        If ``dask.distributed`` is not installed.
    TypeError
        If the function (with ``args``) cannot be pickled.
    ConnectionError
        If no scheduler answers at the address within ``timeout``.

    Notes
    -----
    Random streams: see the module notes (independent of the number of
    workers). Workers that join the cluster later receive the function when
    a task needs it.
    """

    def __init__(
        self,
        function: Function,
        client: Client | str | None = None,
        args: Sequence[object] | None = None,
        timeout: float = 10.0,
    ) -> None:
        super().__init__(function, args)
        distributed = _import_distributed()
        check_picklable(function, self._args)
        self._client, self._owns_client = _client(distributed, client, timeout)
        payload = _Payload(function, self._args)
        self._payload = self._client.scatter(payload, broadcast=True, hash=False)
        self._threads = (0, -math.inf)  # (count, when counted)

    def _n_threads(self) -> int:
        """The cluster's worker threads, recounted every few seconds so that
        workers joining later get chunks too: asking the scheduler at every
        call would cost several milliseconds per generation."""
        count, when = self._threads
        now = time.monotonic()
        if now - when > _RECOUNT_SECONDS:
            count = sum(self._client.nthreads().values())
            # No workers yet (a cluster still starting): count again next time.
            self._threads = (count, now if count else -math.inf)
        return count

    def client(self) -> Client:
        """The ``distributed.Client``."""
        return self._client

    def for_function(self, function: Function) -> DaskEvaluator:
        return DaskEvaluator(function, self._client, self._args)

    def close(self) -> None:
        """Release the scattered function; close the client if this
        evaluator started it."""
        self._payload.release()
        if self._owns_client:
            self._client.close()

    def __enter__(self) -> DaskEvaluator:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _evaluate(self, positions: Sequence[Any]) -> list[Any]:
        items = list(positions)
        seeds = point_seeds(len(items))
        if self._client.status in ("closed", "closing"):
            raise RuntimeError("The Dask client has been closed.")
        n_chunks = max(1, min(len(items), self._n_threads()))
        bounds = [
            (k * len(items) // n_chunks, (k + 1) * len(items) // n_chunks)
            for k in range(n_chunks)
        ]
        futures = self._client.map(
            _dask_chunk,
            [items[a:b] for a, b in bounds],
            [seeds[a:b] for a, b in bounds],
            payload=self._payload,
            pure=False,
        )
        try:
            chunks = self._client.gather(futures)
        except BaseException:
            self._client.cancel(futures)
            raise
        return [value for chunk in chunks for value in chunk]


def _client(
    distributed: ModuleType, client: Client | str | None, timeout: float
) -> tuple[Client, bool]:
    """The client that ``client`` names, and whether this evaluator started
    it (and so closes it)."""
    if isinstance(client, str):
        return _connect(distributed, client, timeout), True
    if client is not None:
        return client, False
    try:
        default: Client = distributed.default_client()
    except ValueError:
        return distributed.Client(), True
    return default, False


def _connect(distributed: ModuleType, address: str, timeout: float) -> Client:
    try:
        return distributed.Client(address, timeout=timeout)
    except (OSError, TimeoutError) as e:
        raise ConnectionError(
            f"No Dask scheduler answered at {address!r} within {timeout} seconds ({e})."
        ) from e
