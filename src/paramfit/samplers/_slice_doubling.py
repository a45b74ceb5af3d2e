"""Slice sampling with doubling (Neal 2003)."""

from __future__ import annotations

from collections.abc import Sequence

from .._checks import hyper_sequence, integer
from .._typing import ArrayLike, FloatArray, RngLike
from ._slice import CoordinateSliceMCMC, Draw, Interval, Shrinkage, Test, Uniform


class Doubling(Interval):
    """Find an interval around ``x0`` by doubling it ([1]_, Fig. 4).

    Parameters
    ----------
    x0 : float
        The current coordinate value.
    log_y : float
        The slice height (log scale).
    w : float
        The initial width, an estimate of the slice's typical size.
    p : int
        At most ``p`` doublings (the interval is at most ``2**p w`` wide).
    rng : Uniform
        Source of the uniform draws.

    Notes
    -----
    With ``U ~ U(0, 1)``: ``L = x0 - w U`` and ``R = L + w``. While fewer than
    ``p`` doublings were made and either end lies in the slice (``log_y <
    f(L)`` or ``log_y < f(R)``), the interval doubles, on the left (``L <- L -
    (R - L)``) if a fresh ``V ~ U(0, 1)`` is below 1/2, else on the right
    (``R <- R + (R - L)``).

    The log-pdf values found on the way are kept in `known`, which `test()`
    reuses: its halved intervals are mostly the doubled ones.

    References
    ----------
    .. [1] Neal (2003). Slice sampling. The Annals of Statistics 31(3),
           705-767.
    """

    def __init__(self, x0: float, log_y: float, w: float, p: int, rng: Uniform) -> None:
        self._log_y, self._w, self._rng = log_y, w, rng
        self.left = x0 - w * rng.uniform()  # L = x0 - wU
        self.right = self.left + w  # R = L + w
        self._k = p
        #: Log-pdf values at the coordinate values seen so far.
        self.known: dict[float, float] = {}
        self._next()

    def tell(self, f: float) -> None:
        assert self._pending is not None
        self.known[self._pending] = f
        self._next()

    def test(self, x0: float, x1: float) -> DoublingTest:
        """Start the acceptance test of candidate ``x1`` in the interval
        found."""
        return DoublingTest(
            x0, x1, self._log_y, self._w, self.left, self.right, self.known
        )

    def _next(self) -> None:
        while True:
            self._pending = _missing(self.known, self.left, self.right)
            if self._pending is not None:
                return
            f_left, f_right = self.known[self.left], self.known[self.right]
            if self._k <= 0 or not (self._log_y < f_left or self._log_y < f_right):
                return
            self._k -= 1
            width = self.right - self.left
            if self._rng.uniform() < 0.5:
                self.left -= width  # L <- L - (R - L)
            else:
                self.right += width  # R <- R + (R - L)


class DoublingTest(Test):
    """Whether the doubling procedure, started from candidate ``x1``, could
    have found the same interval ``(left, right)`` as from ``x0`` ([1]_,
    Fig. 6); a candidate that fails is rejected, which keeps the update
    reversible.

    Parameters
    ----------
    x0, x1 : float
        The current coordinate value and the candidate (in the slice).
    log_y : float
        The slice height (log scale).
    w : float
        The initial width of the doubling procedure.
    left, right : float
        The interval the doubling procedure found from ``x0``; not the
        interval shrunk by rejected candidates.
    known : dict
        Log-pdf values already known; values found here are added.

    Notes
    -----
    Starting from ``(L, R)``, while ``R - L > 1.1 w`` (the 1.1 guards against
    rounding), the interval is halved at ``M = (L + R) / 2``, keeping the half
    that holds ``x1``. Once some halving has separated ``x0`` from ``x1`` (a
    flag ``D``), the candidate is rejected if both ends of the kept half lie
    outside the slice: doubling from ``x1`` would have stopped there. So the
    log-pdf is needed only while ``D`` is set, and not at all for a half
    with an end already known to lie in the slice.
    """

    def __init__(
        self,
        x0: float,
        x1: float,
        log_y: float,
        w: float,
        left: float,
        right: float,
        known: dict[float, float],
    ) -> None:
        self._x0, self._x1, self._log_y, self._w = x0, x1, log_y, w
        self._lo, self._hi = left, right
        self._known = known
        self._separated = False  # D
        self._checking = False
        self._next()

    def tell(self, f: float) -> None:
        assert self._pending is not None
        self._known[self._pending] = f
        self._next()

    def _next(self) -> None:
        while True:
            if self._checking and not self._an_end_inside():
                # Reject if both ends are outside; ask for an unknown end.
                self._pending = _missing(self._known, self._lo, self._hi)
                if self._pending is None:
                    self.accepted = False
                return
            self._checking = False
            if not self._hi - self._lo > 1.1 * self._w:
                self.accepted = True
                self._pending = None
                return
            # Neal (2003), Fig. 6: halve at M, keep x1's half; D once M separates
            middle = (self._lo + self._hi) / 2
            if (self._x0 < middle) != (self._x1 < middle):
                self._separated = True
            if self._x1 < middle:
                self._hi = middle
            else:
                self._lo = middle
            self._checking = self._separated

    def _an_end_inside(self) -> bool:
        """Whether an end of the halved interval is known to be in the slice
        (then it cannot be rejected at this step)."""
        known = self._known
        return any(x in known and self._log_y < known[x] for x in (self._lo, self._hi))


def _missing(known: dict[float, float], left: float, right: float) -> float | None:
    """The first of ``left`` and ``right`` whose log-pdf is not known."""
    for x in (left, right):
        if x not in known:
            return x
    return None


class SliceDoublingMCMC(CoordinateSliceMCMC):
    """Slice sampling with doubling [1]_, one coordinate at a time.

    Each iteration draws a slice height, then updates every coordinate in
    turn: an interval is found by doubling (`Doubling`) and the new value is
    drawn from it by shrinkage (`Shrinkage`), where a candidate in the slice
    must also pass the doubling procedure's acceptance test
    (`DoublingTest`). Doubling reaches a wide slice in far fewer
    evaluations than stepping out when the width is much too small.

    Parameters are those of `SingleChainMCMC`; ``sigma0`` is not used.

    Notes
    -----
    Hyper-parameters, as in PINTS: the width ``w`` (default a tenth of
    ``|x0|``, 0.1 where ``x0`` is 0) and the expansion steps ``p``, the most
    doublings (default 10).

    The acceptance test is applied with the interval the doubling procedure
    found, as [1]_ prescribes (PINTS 0.6.1 applies it to the interval shrunk
    by earlier candidates).

    References
    ----------
    .. [1] Neal (2003). Slice sampling. The Annals of Statistics 31(3),
           705-767. https://doi.org/10.1214/aos/1056562461
    """

    def __init__(
        self, x0: ArrayLike, sigma0: ArrayLike | None = None, *, rng: RngLike = None
    ) -> None:
        super().__init__(x0, sigma0, rng=rng)
        self._p = 10

    @classmethod
    def name(cls) -> str:
        return "Slice Sampling - Doubling"

    def expansion_steps(self) -> int:
        """The most doublings made to find an interval."""
        return self._p

    def set_expansion_steps(self, p: float) -> None:
        """Set the most doublings made to find an interval (an integer; at
        least 1)."""
        p = integer(p, "p")
        if p <= 0:
            raise ValueError(
                "Integer must be greater than zero (to limit the interval size"
                " to (2 ** integer) * width)."
            )
        self._p = p

    def n_hyper_parameters(self) -> int:
        return 2

    def set_hyper_parameters(self, x: Sequence[float] | FloatArray) -> None:
        """Set ``[width, expansion steps]``."""
        x = hyper_sequence(x, 2)
        self.set_width(x[0])
        self.set_expansion_steps(x[1])

    def _interval(self, i: int) -> Doubling:
        x0, _, log_y = self._coordinate(i)
        return Doubling(x0, log_y, float(self._w[i]), self._p, self._rng)

    def _draw(self, i: int, interval: Interval) -> Draw:
        assert isinstance(interval, Doubling)
        x0, f0, log_y = self._coordinate(i)
        return Shrinkage(
            x0, f0, log_y, interval.left, interval.right, self._rng, check=interval
        )
