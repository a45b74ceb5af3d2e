"""What an optimisation run leaves behind: `OptimisationResult` and
its per-iteration `OptimisationTrace`."""

from __future__ import annotations

import array
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .._typing import FloatArray, IntArray, PathLike, RngLike
from .._util import as_generator, read_only
from ..evaluation import sample_initial_points
from ..problems import ErrorMeasure, LogPDF
from ._result_io import (
    read_result_file,
    result_fields,
    save_result,
    summary_text,
    trace_fields,
)
from ._stopping import StopReason


def _short(x: FloatArray, most: int = 6) -> str:
    """``[1.5, 0.002, ...]``: the first values of ``x``, 6 digits each."""
    values = [f"{v:.6g}" for v in np.asarray(x, dtype=float).ravel()[:most]]
    if len(x) > most:
        values.append(f"... ({len(x)} values)")
    return "[" + ", ".join(values) + "]"


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
    positions : ndarray, shape (n_iterations, n_parameters), or None
        The best position so far, in model space, if the controller recorded
        it (``set_trace_positions(True)``; off by default).
    """

    iterations: IntArray
    evaluations: IntArray
    best: FloatArray
    current: FloatArray
    time: FloatArray
    positions: FloatArray | None = None

    def __len__(self) -> int:
        return len(self.iterations)

    def __repr__(self) -> str:
        positions = "" if self.positions is None else ", with positions"
        return f"OptimisationTrace({len(self)} iterations{positions})"


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
    seed : int or None
        The seed of the optimiser's random generator: the same seed (and
        settings) gives the same run. ``None`` if the method is deterministic
        or was given a ``numpy.random.Generator`` (whose seed is not known).
    method : str
        The optimiser's name (empty if not known).
    maximising : bool
        Whether ``f`` is a log-pdf value (maximised) rather than an error
        (minimised).

    Notes
    -----
    ``print(result)`` shows one line; `summary()` a readable account of the
    run. `save()` writes everything, the trace included, to a NumPy
    ``.npz`` archive that `load()` reads back.
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
    seed: int | None = None
    method: str = ""
    maximising: bool = False

    def __repr__(self) -> str:
        return (
            f"OptimisationResult(x={_short(self.x)}, f={self.f:.6g}, "
            f"stop_reason={self.stop_reason.name}, iterations={self.iterations}, "
            f"evaluations={self.evaluations}, time={self.time:.3g} s, "
            f"seed={self.seed})"
        )

    def summary(self, parameter_names: Sequence[str] | None = None) -> str:
        """A readable account of the run: the position and score found, why
        the run stopped (in words, with the halting message), its counts,
        time and seed, and any failed evaluations.

        Parameters
        ----------
        parameter_names : sequence of str, optional
            One name per parameter (default ``p1, p2, ...``).
        """
        return summary_text(self, parameter_names)

    def save(self, path: PathLike) -> None:
        """Save everything, the trace included, to ``path`` as a NumPy
        ``.npz`` archive (an open format: ``numpy.load`` reads it; NumPy adds
        the ``.npz`` suffix if the name has none). Reload with
        `OptimisationResult.load`."""
        save_result(self, path)

    @classmethod
    def load(cls, path: PathLike) -> OptimisationResult:
        """A result saved with `save()`.

        Raises
        ------
        ValueError
            If the file does not hold a saved `OptimisationResult`.
        """
        fields = read_result_file(path)
        trace = {k: v for k, v in trace_fields(fields).items() if v is not None}
        for name in ("iterations", "evaluations"):
            trace[name] = trace[name].astype(np.int64)
        arrays = {k: read_only(np.asarray(v)) for k, v in trace.items()}
        values = result_fields(fields)
        for name in ("x", "x_guessed"):
            values[name] = read_only(np.asarray(values[name], dtype=float))
        return cls(**values, trace=OptimisationTrace(**arrays))

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
    recording costs one C-level append and no Python object per value.

    Parameters
    ----------
    n_positions : int
        The length of the positions to record with each row (``0``, the
        default: none).
    """

    __slots__ = ("_n_positions", "_positions", "_values")

    def __init__(self, n_positions: int = 0) -> None:
        self._values = array.array("d")
        self._n_positions = int(n_positions)
        self._positions = array.array("d")

    def __len__(self) -> int:
        return len(self._values) // 5

    @property
    def records_positions(self) -> bool:
        """Whether rows come with positions."""
        return self._n_positions > 0

    def state(self) -> array.array[float] | tuple[array.array[float], ...]:
        """A copy of the flat buffer (for checkpoints), with that of the
        positions if they are recorded."""
        values = array.array("d", self._values)
        if not self.records_positions:
            return values
        return values, array.array("d", self._positions)

    def restore(
        self, state: array.array[float] | tuple[array.array[float], ...]
    ) -> None:
        """Continue from what `state()` returned."""
        if isinstance(state, tuple):
            values, positions = state
        else:
            values, positions = state, array.array("d")
        self._values = array.array("d", values)
        self._positions = array.array("d", positions)
        if len(self._positions) != self._n_positions * len(self):
            # Positions switched on (or off) after the checkpoint: the rows
            # saved without them get NaN (not recorded).
            self._positions = array.array("d")
            self._positions.extend([np.nan] * (self._n_positions * len(self)))

    def record(
        self,
        iteration: int,
        evaluations: int,
        best: float,
        current: float,
        time: float,
        position: FloatArray | None = None,
    ) -> None:
        """Append the state after one iteration (and ``position``, shape
        ``(n_positions,)``, if positions are recorded)."""
        self._values.extend((iteration, evaluations, best, current, time))
        if self._n_positions:
            self._positions.extend(np.asarray(position, dtype=float).ravel())

    def trace(self) -> OptimisationTrace:
        """The rows recorded so far, as an `OptimisationTrace`."""
        rows = np.array(self._values, dtype=float).reshape(-1, 5)
        columns = [read_only(rows[:, j].copy()) for j in range(5)]
        positions = None
        if self._n_positions:
            positions = read_only(
                np.array(self._positions, dtype=float).reshape(-1, self._n_positions)
            )
        return OptimisationTrace(
            iterations=read_only(columns[0].astype(np.int64)),
            evaluations=read_only(columns[1].astype(np.int64)),
            best=columns[2],
            current=columns[3],
            time=columns[4],
            positions=positions,
        )
