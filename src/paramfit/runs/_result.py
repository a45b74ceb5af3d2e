"""What an optimisation run leaves behind: `OptimisationResult` and
its per-iteration `OptimisationTrace`."""

from __future__ import annotations

import array
from dataclasses import dataclass

import numpy as np

from .._typing import FloatArray, IntArray, RngLike
from .._util import as_generator, read_only
from ..evaluation import sample_initial_points
from ..problems import ErrorMeasure, LogPDF
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

    def chain_starts(
        self,
        function: LogPDF | ErrorMeasure,
        n_points: int,
        spread: float = 0.05,
        *,
        rng: RngLike = None,
    ) -> list[FloatArray]:
        """Well-spread starting points around the optimum, for MCMC chains
        (optimise, then sample)::

            x0 = result.chain_starts(log_posterior, 4, rng=1)
            chains = MCMCController(log_posterior, 4, x0).run()

        Points are drawn as ``x * (1 + spread * z)`` with ``z`` standard
        normal (``spread * z`` where a coordinate of ``x`` is 0), and kept
        only where ``function`` is finite (see `sample_initial_points`).

        Raises
        ------
        ValueError
            If ``spread`` is not positive or ``n_points < 1``.
        """
        spread = float(spread)
        if not spread > 0:
            raise ValueError(f"spread must be positive; got {spread}.")
        generator = as_generator(rng)
        x = np.asarray(self.x, dtype=float)
        scale = np.where(x == 0, 1.0, np.abs(x)) * spread

        def around(n: int) -> FloatArray:
            return x + scale * generator.standard_normal((n, len(x)))

        return sample_initial_points(function, n_points, random_sampler=around)


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
