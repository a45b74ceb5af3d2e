"""The worker processes behind `ParallelEvaluator`.

Each worker is a daemon process with its own two-way pipe; the parent sends
chunks ``(start, points, seeds)`` and waits, without polling, on the pipes
and the process sentinels, so a worker's death is noticed at once.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import pickle
import sys
import traceback
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection, wait
from typing import TYPE_CHECKING, Any, Union

import numpy as np
import threadpoolctl

from .._checks import count

if TYPE_CHECKING:  # ForkContext does not exist on Windows
    from multiprocessing.context import DefaultContext, ForkContext

    from .._typing import FloatArray

#: A chunk of points, and the function's values (whatever it returns).
_Points = Union[Sequence[object], "FloatArray"]

#: A worker's reply for one chunk: the values computed and, if a point
#: raised, that point's index and the formatted traceback.
_ChunkReply = tuple[list[object], tuple[int, str] | None]


class _PoolWorker:
    """A worker process of `ParallelEvaluator`, the parent's end of
    its pipe, and the number of points sent to it."""

    def __init__(
        self,
        function: Callable[..., object],
        args: tuple[object, ...],
        max_threads: int | None,
    ) -> None:
        context = _pool_context()
        if max_threads is not None and context.get_start_method() == "fork":
            _warm_up_threadpoolctl()
        self.conn, child_conn = context.Pipe()
        self.process = context.Process(
            target=_serve, args=(child_conn, function, args, max_threads), daemon=True
        )
        self.process.start()
        # Only the worker may hold its end, so that its death closes the pipe.
        child_conn.close()
        self.served = 0

    def send(self, task: tuple[int, _Points, list[int]]) -> None:
        """Send a chunk ``(start, points, seeds)``."""
        self.served += len(task[2])
        self.conn.send(task)

    def retire(self) -> None:
        """Tell the worker to exit; multiprocessing reaps it at a later start."""
        try:
            self.conn.send(None)
            self.conn.close()
        except OSError:  # the worker or the pipe is gone already
            pass


def _collect(
    workers: list[_PoolWorker], bounds: list[tuple[int, int]], items: _Points
) -> list[list[object]]:
    """Wait for every worker's values; raise at the first failure or death."""
    chunks: list[list[object]] = [[] for _ in workers]
    pending = dict(enumerate(workers))
    while pending:
        # Sentinels become ready when a process ends: no polling, no hang.
        owner: dict[Any, int] = {w.conn: k for k, w in pending.items()}
        owner.update({w.process.sentinel: k for k, w in pending.items()})
        ready = wait(list(owner))
        for k in sorted({owner[obj] for obj in ready}):
            reply = _receive(pending.pop(k), workers[k].conn in ready)
            if reply is None:
                raise RuntimeError(_dead_worker_message(workers[k], k, bounds))
            values, failure = reply
            if failure is not None:
                raise Exception(_failure_message(failure, items))
            chunks[k] = values
    return chunks


def _receive(worker: _PoolWorker, readable: bool) -> _ChunkReply | None:
    """A worker's reply, or None if it died without one."""
    try:
        # Only its sentinel may be ready when a worker replies and exits at
        # once: check the pipe before concluding it died.
        return worker.conn.recv() if readable or worker.conn.poll() else None
    except (EOFError, OSError):
        return None


def _chunk_bounds(start: int, stop: int, rooms: list[int]) -> list[tuple[int, int]]:
    """Split ``range(start, stop)`` into at most ``len(rooms)`` contiguous,
    near-equal chunks, chunk ``k`` holding at most ``rooms[k]`` points."""
    n_chunks = min(len(rooms), stop - start)
    size, extra = divmod(stop - start, n_chunks)
    bounds = []
    for k in range(n_chunks):
        end = start + min(size + (k < extra), rooms[k])
        bounds.append((start, end))
        start = end
    return bounds


def _failure_message(failure: tuple[int, str], items: _Points) -> str:
    """PINTS's message for an exception in a worker, plus the failing point."""
    index, trace = failure
    try:
        point = repr(np.asarray(items[index], dtype=float).tolist())
    except (TypeError, ValueError):
        point = repr(items[index])
    if len(point) > 400:  # keep huge points from drowning the traceback
        point = point[:397] + "..."
    return (
        f"Exception in subprocess:\n{trace}\nException in subprocess"
        f"\nFailed at position {index}: {point}"
    )


def _dead_worker_message(
    worker: _PoolWorker, k: int, bounds: list[tuple[int, int]]
) -> str:
    a, b = bounds[k]
    # Its pipe may report the end before the process can be reaped.
    worker.process.join(timeout=1)
    return (
        f"A worker process ended unexpectedly (exit code {worker.process.exitcode};"
        " it crashed, was killed, or called os._exit) while evaluating chunk"
        f" {k + 1} of {len(bounds)}: positions {a} to {b - 1}. All workers have"
        " been stopped; the next call to evaluate() starts new ones."
    )


def _max_threads(n_numpy_threads: int | None) -> int | None:
    """Convert ``n_numpy_threads`` to a ``threadpool_limits`` argument."""
    if n_numpy_threads is None:
        return None
    # PINTS-style scripts may give -1 for "let the libraries choose" (0).
    return max(0, count(n_numpy_threads, "n_numpy_threads", minimum=-sys.maxsize))


def _pool_context() -> ForkContext | DefaultContext:
    """``fork`` on Linux, so functions defined in ``__main__`` or a notebook
    work, as in PINTS; else the platform's default start method."""
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


@functools.cache
def _warm_up_threadpoolctl() -> None:
    """Load threadpoolctl's library handles once in the parent: forked
    workers inherit them and limit their threads ~10 ms sooner."""
    threadpoolctl.threadpool_info()


def _serve(
    conn: Connection,
    function: Callable[..., object],
    args: tuple[object, ...],
    max_threads: int | None,
) -> None:
    """Main loop of a worker process: evaluate chunks until told to stop."""
    # Never write to a console the parent may have redirected (an IDE, a
    # notebook), as in PINTS.
    sys.stdout = sys.stderr = open(os.devnull, "w")  # open for the worker's life
    # Not a context manager: the limit holds for the rest of the process.
    threadpoolctl.threadpool_limits(max_threads)
    while True:
        try:
            task = conn.recv()
        except EOFError:  # the parent has gone
            return
        if task is None:
            return
        values, failure = _evaluate_chunk(function, args, *task)
        try:
            conn.send((values, failure))
        except Exception:  # a value that cannot be pickled; nothing was sent
            trace = traceback.format_exc()
            conn.send(([], (task[0] + _first_unpicklable(values), trace)))


def _first_unpicklable(values: list[object]) -> int:
    """The index of the first value that cannot be pickled (else 0)."""
    for k, value in enumerate(values):
        try:
            pickle.dumps(value)
        except Exception:
            return k
    return 0


def _evaluate_chunk(
    function: Callable[..., object],
    args: tuple[object, ...],
    start: int,
    xs: _Points,
    seeds: list[int],
) -> _ChunkReply:
    """Evaluate one chunk; stop at (and report) the first error."""
    values: list[object] = []
    for offset, (x, seed) in enumerate(zip(xs, seeds, strict=True)):
        np.random.seed(seed)  # noqa: NPY002 - PINTS's per-point seeding, for user code using np.random
        try:
            values.append(function(x, *args))
        except BaseException:
            # SystemExit and KeyboardInterrupt too: PINTS reports them.
            return values, (start + offset, traceback.format_exc())
    return values, None
