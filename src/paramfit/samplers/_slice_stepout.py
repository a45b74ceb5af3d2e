"""Slice sampling with stepping out, optionally overrelaxed (Neal 2003)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .._checks import hyper_sequence, integer, number
from .._typing import ArrayLike, FloatArray, RngLike
from ._slice import CoordinateSliceMCMC, Draw, Interval, Shrinkage, Uniform


class StepOut(Interval):
    """Find an interval around ``x0`` by stepping out in steps of ``w``
    ([1]_, Fig. 3).

    Parameters
    ----------
    x0 : float
        The current coordinate value.
    log_y : float
        The slice height (log scale).
    w : float
        The step, an estimate of the slice's typical size.
    m : int
        At most ``m`` steps of size ``w`` in all (the interval is at most
        ``m w`` wide).
    rng : Uniform
        Source of the two uniform draws.

    Notes
    -----
    With ``U, V ~ U(0, 1)``: ``L = x0 - w U``, ``R = L + w``, ``J = floor(m V)``
    and ``K = m - 1 - J``. While ``J > 0`` and ``L`` lies in the slice
    (``log_y < f(L)``), ``L`` moves ``w`` left and ``J`` drops by one; then the
    same for ``R`` (moving right) with ``K``. The random split of the ``m - 1``
    steps between the two sides keeps the update reversible.

    References
    ----------
    .. [1] Neal (2003). Slice sampling. The Annals of Statistics 31(3),
           705-767.
    """

    def __init__(self, x0: float, log_y: float, w: float, m: int, rng: Uniform) -> None:
        self._log_y, self._w = log_y, w
        self.left = x0 - w * rng.uniform()  # L = x0 - wU
        self.right = self.left + w  # R = L + w
        self._j = int(np.floor(m * rng.uniform()))  # J = floor(mV)
        self._k = (m - 1) - self._j  # K = (m - 1) - J
        self._next()

    def tell(self, f: float) -> None:
        inside = self._log_y < f
        if self._j > 0:  # the point was L
            if inside:
                self.left -= self._w
                self._j -= 1
            else:
                self._j = 0
        elif inside:  # the point was R
            self.right += self._w
            self._k -= 1
        else:
            self._k = 0
        self._next()

    def _next(self) -> None:
        if self._j > 0:
            self._pending = self.left
        elif self._k > 0:
            self._pending = self.right
        else:
            self._pending = None


class Overrelaxation(Draw):
    """An overrelaxed update: reflect ``x0`` through the middle of the slice,
    whose ends are located by bisection ([1]_, p. 726).

    Parameters
    ----------
    x0, f0 : float
        The current coordinate value and its log-pdf.
    log_y : float
        The slice height (log scale).
    w : float
        The width the interval was found with.
    a : int
        Bisection steps: the ends are located to within ``w / 2**a``.
    left, right : float
        The interval found by stepping out, containing ``x0``.

    Notes
    -----
    Write ``(L, R)`` for the interval. If it is one ``w`` wide (``R - L <
    1.1 w``: no step was taken), it is first narrowed: while ``a > 0`` and its
    midpoint ``M`` is outside the slice, the half without ``x0`` is dropped,
    ``a`` drops by one and ``w`` halves. With ``(L', R')`` the interval now,
    ``a`` further bisection rounds each halve ``w`` and move ``L'' <- L'' + w``
    if that point is outside the slice and ``R'' <- R'' - w`` likewise
    (starting from ``L'' = L'``, ``R'' = R'``). The candidate is the reflection
    ``x1 = L'' + R'' - x0``; it is kept if it lies in ``[L', R']`` and in the
    slice, otherwise the coordinate stays at ``x0``.
    """

    def __init__(
        self,
        x0: float,
        f0: float,
        log_y: float,
        w: float,
        a: int,
        left: float,
        right: float,
    ) -> None:
        self._x0, self._f0, self._log_y = x0, f0, log_y
        self._x1, self._f1 = x0, f0
        self._lo_bar, self._hi_bar = left, right  # L', R'
        self._lo_hat, self._hi_hat = left, right  # L'', R''
        self._w_bar, self._a_bar = w, a
        self._narrowing = right - left < 1.1 * w
        self._stage = ""
        self._narrow()

    def tell(self, f: float) -> None:
        inside = self._log_y < f
        if self._stage == "narrow":
            if inside:
                self._narrowing = False
            else:
                middle = self.point()
                if self._x0 > middle:
                    self._lo_bar = middle
                else:
                    self._hi_bar = middle
                self._a_bar -= 1
                self._w_bar /= 2
            self._narrow()
        elif self._stage == "left":
            if not inside:
                self._lo_hat += self._w_bar
            self._stage = "right"
            self._pending = self._hi_hat - self._w_bar
        elif self._stage == "right":
            if not inside:
                self._hi_hat -= self._w_bar
            self._bisect()
        else:  # the reflected candidate
            if inside:
                self._f1 = f
            else:
                self._x1 = self._x0
            self._pending = None

    def _narrow(self) -> None:
        if self._narrowing and self._a_bar > 0:
            self._stage = "narrow"
            self._pending = (self._lo_bar + self._hi_bar) / 2
            return
        self._lo_hat, self._hi_hat = self._lo_bar, self._hi_bar
        self._bisect()

    def _bisect(self) -> None:
        if self._a_bar > 0:
            self._a_bar -= 1
            self._w_bar /= 2
            self._stage = "left"
            self._pending = self._lo_hat + self._w_bar
            return
        x1 = self._lo_hat + self._hi_hat - self._x0  # the reflection
        if x1 < self._lo_bar or x1 > self._hi_bar:
            self._pending = None
            return
        self._stage = "reflect"
        self._x1 = self._pending = x1


class SliceStepoutMCMC(CoordinateSliceMCMC):
    """Slice sampling with stepping out [1]_, one coordinate at a time.

    Each iteration draws a slice height, then updates every coordinate in
    turn: an interval is found by stepping out (`StepOut`) and the new value
    is drawn from it by shrinkage (`Shrinkage`) or, with probability
    `prob_overrelaxed()` per iteration, by an overrelaxed update
    (`Overrelaxation`) that suppresses the random walk in correlated targets.

    Parameters are those of `SingleChainMCMC`; ``sigma0`` is not used.

    Notes
    -----
    Hyper-parameters, as in PINTS: the width ``w`` (default a tenth of
    ``|x0|``, 0.1 where ``x0`` is 0), the expansion steps ``m`` (default 50),
    the probability of an overrelaxed iteration (default 0) and the
    bisection steps ``a`` of overrelaxed updates (default 10). [1]_ advises
    a large ``m`` for overrelaxation, so that the interval's ends lie outside
    the slice.

    References
    ----------
    .. [1] Neal (2003). Slice sampling. The Annals of Statistics 31(3),
           705-767. https://doi.org/10.1214/aos/1056562461
    """

    def __init__(
        self, x0: ArrayLike, sigma0: ArrayLike | None = None, *, rng: RngLike = None
    ) -> None:
        super().__init__(x0, sigma0, rng=rng)
        self._m = 50
        self._prob_overrelaxed = 0.0
        self._a = 10
        self._overrelaxed = False

    @classmethod
    def name(cls) -> str:
        return "Slice Sampling - Stepout"

    def expansion_steps(self) -> int:
        """The most steps of size ``width`` taken to find an interval."""
        return self._m

    def set_expansion_steps(self, m: float) -> None:
        """Set the most steps taken to find an interval (an integer; at
        least 1)."""
        m = integer(m, "m")
        if m <= 0:
            raise ValueError(
                "Integer must be positive to limit the interval size to "
                "``integer * width``."
            )
        self._m = m

    def prob_overrelaxed(self) -> float:
        """The probability that an iteration is overrelaxed."""
        return self._prob_overrelaxed

    def set_prob_overrelaxed(self, prob: float) -> None:
        """Set the probability that an iteration is overrelaxed (in [0, 1])."""
        prob = number(prob, "prob")
        if not 0 <= prob <= 1:
            raise ValueError("Probability must be positive and <= 1.")
        self._prob_overrelaxed = prob

    def bisection_steps(self) -> int:
        """The bisection steps of an overrelaxed update: the slice's ends are
        located to within ``width / 2**steps``."""
        return self._a

    def set_bisection_steps(self, a: float) -> None:
        """Set the bisection steps of an overrelaxed update (an integer; at
        least 0)."""
        a = integer(a, "a")
        if a < 0:
            raise ValueError(
                "Integer must be positive (to limit overrelaxation endpoint "
                "accuracy to (2 ^ (-bisection steps) * width)."
            )
        self._a = a

    def n_hyper_parameters(self) -> int:
        return 4

    def set_hyper_parameters(self, x: Sequence[float] | FloatArray) -> None:
        """Set ``[width, expansion steps, prob_overrelaxed, bisection steps]``."""
        x = hyper_sequence(x, 4)
        self.set_width(x[0])
        self.set_expansion_steps(x[1])
        self.set_prob_overrelaxed(x[2])
        self.set_bisection_steps(x[3])

    def _sweep_started(self) -> None:
        p = self._prob_overrelaxed
        self._overrelaxed = bool(p > 0 and self._rng.uniform() < p)

    def _interval(self, i: int) -> StepOut:
        x0, _, log_y = self._coordinate(i)
        return StepOut(x0, log_y, float(self._w[i]), self._m, self._rng)

    def _draw(self, i: int, interval: Interval) -> Draw:
        x0, f0, log_y = self._coordinate(i)
        if self._overrelaxed:
            w = float(self._w[i])
            return Overrelaxation(
                x0, f0, log_y, w, self._a, interval.left, interval.right
            )
        return Shrinkage(x0, f0, log_y, interval.left, interval.right, self._rng)
