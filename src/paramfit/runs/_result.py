"""What an optimisation run leaves behind: `OptimisationResult` and
its per-iteration `OptimisationTrace`."""

from __future__ import annotations

import array
from dataclasses import dataclass

import numpy as np

from .._typing import FloatArray, IntArray
from .._util import read_only
from ._stopping import StopReason


@dataclass(frozen=True, eq=False)
class OptimisationTrace:
    """The state of a run after each iteration (read-only arrays).

    It follows the protocol of `paramfit.plot.convergence()`, so
    ``plot.convergence(trace)`` (or of the result holding it) works.

    Attributes
    ----------
    iterations : ndarray of int, shape (n_iterations,)
        Number of completed iterations: ``1, 2, ..., n_iterations``.
    evaluations : ndarray of int, shape (n_iterations,)
        Number of function evaluations so far.
    best : ndarray, shape (n_iterations,)
        Best score so far (the log's "Best" column: a log-pdf value when
        maximising).
    current : ndarray, shape (n_iterations,)
        The optimiser's current guess of the score (the "Current" column).
    time : ndarray, shape (n_iterations,)
        Seconds since the run started.
    """

    iterations: IntArray
    evaluations: IntArray
    best: FloatArray
    current: FloatArray
    time: FloatArray

    def __len__(self) -> int:
        return len(self.iterations)


@dataclass(frozen=True, eq=False)
class OptimisationResult:
    """The outcome of `OptimisationController.run()`.

    Attributes
    ----------
    x : ndarray, shape (n_parameters,)
        The position returned by ``run()`` (best or guessed, in model space).
    f : float
        The score returned by ``run()`` (a log-pdf value when maximising).
    x_guessed : ndarray, shape (n_parameters,)
        The optimiser's final guess of the optimum's position.
    f_guessed : float
        The optimiser's final guess of the score there.
    iterations : int
        Number of completed iterations.
    evaluations : int
        Number of function evaluations.
    time : float
        Duration of the run, in seconds.
    stop_reason : StopReason
        Why the run stopped.
    message : str
        The halting message, as printed after ``'Halting: '``.
    trace : OptimisationTrace
        The state after each iteration.
    failed_evaluations : int
        Evaluations that raised and were scored ``+inf`` (failure policy
        ``on_error='inf'``).
    retried_evaluations : int
        Extra attempts made after the objective raised.
    non_finite_evaluations : int
        Values that were NaN or infinite (scored ``+inf``).
    """

    x: FloatArray
    f: float
    x_guessed: FloatArray
    f_guessed: float
    iterations: int
    evaluations: int
    time: float
    stop_reason: StopReason
    message: str
    trace: OptimisationTrace
    failed_evaluations: int = 0
    retried_evaluations: int = 0
    non_finite_evaluations: int = 0


class TraceRecorder:
    """Collects one row of five numbers per iteration in a flat, growing
    buffer of doubles (``array.array``, which over-allocates as it grows), so
    recording costs one C-level append and no Python object per value."""

    __slots__ = ("_values",)

    def __init__(self) -> None:
        self._values = array.array("d")

    def __len__(self) -> int:
        return len(self._values) // 5

    def state(self) -> array.array[float]:
        """A copy of the flat buffer (for checkpoints)."""
        return array.array("d", self._values)

    def restore(self, state: array.array[float]) -> None:
        """Continue from what `state()` returned."""
        self._values = array.array("d", state)

    def record(
        self,
        iteration: int,
        evaluations: int,
        best: float,
        current: float,
        time: float,
    ) -> None:
        """Append the state after one iteration."""
        self._values.extend((iteration, evaluations, best, current, time))

    def trace(self) -> OptimisationTrace:
        """The rows recorded so far, as an `OptimisationTrace`."""
        rows = np.array(self._values, dtype=float).reshape(-1, 5)
        columns = [read_only(rows[:, j].copy()) for j in range(5)]
        return OptimisationTrace(
            iterations=read_only(columns[0].astype(np.int64)),
            evaluations=read_only(columns[1].astype(np.int64)),
            best=columns[2],
            current=columns[3],
            time=columns[4],
        )
