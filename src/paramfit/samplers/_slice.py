"""Coordinate-wise slice sampling (Neal 2003): the family base and shrinkage.

A slice-sampling update of one coordinate is a small procedure that asks for
log-pdf values at points it chooses, one at a time. Each procedure here is a
state machine with three methods, so that tests can drive it with a plain
function and fixed draws, and a sampler can drive it through ``ask()`` and
``tell()`` (and pickle it in a checkpoint half-way):

* ``done()`` – whether the procedure has finished;
* ``point()`` – the coordinate value whose log-pdf it needs next;
* ``tell(f)`` – that log-pdf value.

Random draws come from the ``rng`` object the procedure is given, through
its ``uniform()`` method only (a `numpy.random.Generator`, or a stub that
returns chosen values).

`CoordinateSliceMCMC` is the base of `SliceStepoutMCMC` and
`SliceDoublingMCMC`: it owns the width, the slice height and the sweep over
the coordinates; the samplers choose how an interval is found and how a
point is drawn from it.

References
----------
.. [1] Neal (2003). Slice sampling. The Annals of Statistics 31(3), 705-767.
       https://doi.org/10.1214/aos/1056562461
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

from .._checks import floats
from .._typing import ArrayLike, FloatArray, RngLike
from .._util import read_only
from ._base import Reply, SingleChainMCMC


class Uniform(Protocol):
    """A source of uniform draws on [0, 1)."""

    def uniform(self) -> float: ...


class Procedure:
    """A one-dimensional procedure that needs log-pdf values at points it
    chooses (see the module docstring)."""

    _pending: float | None = None

    def done(self) -> bool:
        """Whether the procedure has finished."""
        return self._pending is None

    def point(self) -> float:
        """The coordinate value whose log-pdf is needed next.

        Raises
        ------
        RuntimeError
            If the procedure has finished.
        """
        if self._pending is None:
            raise RuntimeError("The procedure has finished: it needs no more points.")
        return self._pending

    def tell(self, f: float) -> None:
        """Take the log-pdf value at `point()`."""
        raise NotImplementedError


class Interval(Procedure):
    """A procedure that finds an interval around the current point."""

    left: float
    right: float


class Test(Procedure):
    """A procedure that decides whether a candidate may be accepted."""

    accepted: bool = False


class Draw(Procedure):
    """A procedure that draws the coordinate's new value."""

    _x1: float = 0.0
    _f1: float = 0.0

    def result(self) -> tuple[float, float]:
        """The new coordinate value and its log-pdf (once `done()`)."""
        return self._x1, self._f1


class Check(Protocol):
    """Starts a `Test` of a candidate ``x1`` (for the current point ``x0``)."""

    def test(self, x0: float, x1: float) -> Test: ...


class Shrinkage(Draw):
    """Draw a point of the slice from ``(left, right)``, shrinking the
    interval towards ``x0`` after each rejected candidate ([1]_, Fig. 5).

    Parameters
    ----------
    x0, f0 : float
        The current coordinate value and its log-pdf.
    log_y : float
        The slice height (on the log scale): the slice is ``{x : log_y < f(x)}``.
    left, right : float
        The interval to draw from; it contains ``x0``.
    rng : Uniform
        Source of the uniform draws.
    check : Check, optional
        An extra acceptance test for candidates inside the slice (the
        doubling procedure's, Fig. 6 of [1]_); none for stepping out.

    Notes
    -----
    Each candidate is ``x1 = L + U (R - L)`` with ``U ~ U(0, 1)``. It is
    accepted if ``log_y < f(x1)`` (and it passes ``check``); otherwise the
    interval shrinks to ``(x1, R)`` if ``x1 < x0``, else to ``(L, x1)``. Should
    the interval collapse so far that a candidate equals ``x0`` in floating
    point, ``x0`` is kept: it lies in the slice by construction.
    """

    def __init__(
        self,
        x0: float,
        f0: float,
        log_y: float,
        left: float,
        right: float,
        rng: Uniform,
        check: Check | None = None,
    ) -> None:
        self._x0, self._f0, self._log_y = x0, f0, log_y
        self._left, self._right = left, right
        self._rng = rng
        self._check = check
        self._test: Test | None = None
        self._candidate()

    def tell(self, f: float) -> None:
        if self._test is None:
            self._f1 = f
            if not self._log_y < f:
                self._shrink()
                return
            if self._check is None:
                self._pending = None
                return
            self._test = self._check.test(self._x0, self._x1)
        else:
            self._test.tell(f)
        self._follow_test()

    def _candidate(self) -> None:
        # x1 = L + U (R - L): Neal (2003), Fig. 5
        x1 = self._left + self._rng.uniform() * (self._right - self._left)
        self._x1 = x1
        self._pending = x1
        if x1 == self._x0:
            self._f1 = self._f0
            self._pending = None

    def _shrink(self) -> None:
        # the rejected candidate becomes the end on its side of x0 (Fig. 5)
        if self._x1 < self._x0:
            self._left = self._x1
        else:
            self._right = self._x1
        self._candidate()

    def _follow_test(self) -> None:
        assert self._test is not None
        if not self._test.done():
            self._pending = self._test.point()
            return
        accepted, self._test = self._test.accepted, None
        if accepted:
            self._pending = None
        else:
            self._shrink()


class CoordinateSliceMCMC(SingleChainMCMC):
    """Base of the coordinate-wise slice samplers of [1]_.

    Each iteration draws one slice height ``log_y = log f(x) - e`` with
    ``e ~ Exp(1)`` ([1]_, p. 712: the log form avoids underflow), then updates
    the coordinates in turn, each by a one-dimensional slice-sampling update
    on ``{x_i : log_y < log f(x)}`` with the other coordinates fixed. Every
    update leaves the uniform distribution under ``f`` invariant, so the
    chain samples ``f``. An iteration needs several evaluations: ``tell()``
    returns ``None`` until every coordinate has been updated, then the new
    sample (always "accepted"). The next slice height is drawn at once, so
    `current_slice_height()` is the one the next iteration uses.

    Subclasses give the interval (`_interval`) and the draw from it (`_draw`).

    Parameters are those of `SingleChainMCMC`; ``sigma0`` is not used.
    """

    def __init__(
        self, x0: ArrayLike, sigma0: ArrayLike | None = None, *, rng: RngLike = None
    ) -> None:
        super().__init__(x0, sigma0, rng=rng)
        # As PINTS: a tenth of |x0|, or 0.1 where x0 is 0.
        self._w = 0.1 * np.where(self._x0 == 0, 1.0, np.abs(self._x0))
        self._log_y: float | None = None

    # -- settings ------------------------------------------------------------------
    def width(self) -> FloatArray:
        """The initial interval width of each coordinate, shape ``(n,)``."""
        return self._w.copy()

    def set_width(self, w: ArrayLike) -> None:
        """Set the initial interval width: one value for every coordinate or
        one per coordinate; each must be positive and finite.

        Raises
        ------
        ValueError
            For a wrong length, or a width that is not positive and finite.
        """
        v = np.array(floats(w, "w"), dtype=float).reshape(-1)
        if v.size == 1:
            v = np.full(self._n_parameters, v[0])
        elif v.size != self._n_parameters:
            raise ValueError(
                "Width for interval expansion must a scalar or an array"
                " of length n_parameters."
            )
        if not np.all(np.isfinite(v)):
            raise ValueError(f"Width for interval expansion must be finite; got {v}.")
        if not np.all(v > 0):
            raise ValueError("Width for interval expansion must be positive.")
        self._w = v

    def current_slice_height(self) -> float | None:
        """The height ``log_y`` of the slice (on the log scale) that the next
        updates use; ``None`` before the first ``tell()``."""
        return self._log_y

    # -- the sweep -----------------------------------------------------------------
    def _started(self) -> None:
        self._begin_sweep()

    def _begin_sweep(self) -> None:
        assert self._current is not None
        self._position = np.array(self._current, dtype=float)
        self._position_log_pdf = float(self._current_log_pdf)
        self._log_y = self._position_log_pdf - self._rng.exponential()
        self._index = 0
        self._phase: Procedure | None = None
        self._sweep_started()

    def _begin_coordinate(self) -> Procedure:
        # As in PINTS, a coordinate's interval is drawn at the ask() that
        # needs it.
        self._finding = True
        self._phase = self._interval(self._index)
        if self._phase.done():
            self._to_draw()
        return self._phase

    def _to_draw(self) -> None:
        interval = self._phase
        assert isinstance(interval, Interval)
        self._finding = False
        self._phase = self._draw(self._index, interval)

    def _propose(self) -> FloatArray:
        phase = self._phase or self._begin_coordinate()
        x = self._position.copy()
        if phase.done():
            # The update needed no evaluation (it kept the coordinate, e.g.
            # as the interval collapsed onto it); ask once all the same, so
            # that every ask() is answered by a tell().
            assert isinstance(phase, Draw)
            x[self._index] = phase.result()[0]
        else:
            x[self._index] = phase.point()
        return x

    def _step(self, x: FloatArray, fx: float) -> Reply | None:
        assert self._phase is not None
        if not self._phase.done():
            self._phase.tell(fx)
        if self._finding and self._phase.done():
            self._to_draw()
        if not self._phase.done():
            return None
        assert isinstance(self._phase, Draw)
        x1, f1 = self._phase.result()
        self._position[self._index] = x1
        self._position_log_pdf = f1
        self._index += 1
        self._phase = None
        if self._index < self._n_parameters:
            return None
        self._current = read_only(self._position.copy())
        self._current_log_pdf = f1
        self._begin_sweep()
        return self._current, self._current_log_pdf, True

    def replace(
        self,
        current: ArrayLike,
        current_log_pdf: float,
        proposed: ArrayLike | None = None,
    ) -> None:
        """Move the chain to ``current`` (with log-pdf ``current_log_pdf``)
        and start a new iteration from there, with a new slice height.

        Raises
        ------
        ValueError
            If ``proposed`` is given: slice samplers choose their own points.
        """
        if proposed is not None:
            raise ValueError(
                "Slice samplers choose their own points: replace() takes no "
                "proposed point."
            )
        super().replace(current, current_log_pdf)
        self._begin_sweep()

    # -- hooks ---------------------------------------------------------------------
    def _sweep_started(self) -> None:
        """Called when an iteration (a sweep over the coordinates) starts."""

    def _interval(self, i: int) -> Interval:
        """The procedure that finds the interval for coordinate ``i``."""
        raise NotImplementedError

    def _draw(self, i: int, interval: Interval) -> Draw:
        """The procedure that draws coordinate ``i`` from ``interval``."""
        raise NotImplementedError

    def _coordinate(self, i: int) -> tuple[float, float, float]:
        """Coordinate ``i``'s current value, the point's log-pdf and the
        slice height."""
        assert self._log_y is not None
        return float(self._position[i]), self._position_log_pdf, self._log_y
