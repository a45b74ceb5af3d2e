"""The Nelder-Mead downhill simplex method."""

from __future__ import annotations

import warnings
from typing import ClassVar

import numpy as np

from .._typing import ArrayLike, FloatArray
from .._util import Capabilities, vector
from ..problems._boundaries import Boundaries
from ._base import Optimiser, Points


class NelderMead(Optimiser):
    """Nelder-Mead downhill simplex method [1]_, as in Algorithm 8.1 of [2]_.

    A deterministic local optimiser. It starts from a simplex of ``n + 1``
    points around ``x0`` and then, in each step, replaces the worst point by
    a reflected, expanded or contracted one, or shrinks the simplex towards
    its best point. Most steps ask for one point (sometimes two in
    sequence), so parallel evaluation does not help.

    Parameters
    ----------
    x0 : array_like, shape (n_parameters,)
        Starting point.
    sigma0 : float or array_like, shape (n_parameters,), optional
        Validated but not used.
    boundaries : Boundaries, optional
        Not supported: a warning is given and they are ignored.

    Notes
    -----
    The initial simplex is ``x0`` and, for each ``i``, ``x0`` with component
    ``i`` multiplied by 1.05 (or set to 0.00025 if it is 0), as in SciPy [3]_.
    With the points sorted by score and $\\bar{x}$ the mean of all but
    the worst, $x_w$, each new point is

    $$
    x(\\delta) = \\bar{x} + \\delta (\\bar{x} - x_w),
    $$

    with $\\delta = 1$ (reflection), 2 (expansion), 1/2 (outside
    contraction) or -1/2 (inside contraction). A shrink replaces every point
    but the best, $x_b$, by $x_b + \\tfrac{1}{2} (x_i - x_b)$.

    As in PINTS 0.6, the simplex is only sorted when the next reflection is
    computed, so ``x_best()`` and ``f_best()`` may lag one step behind the
    best point told (e.g. right after the first ``tell()`` they are ``x0``
    and its score). A second ``ask()`` before ``tell()`` is an error.

    References
    ----------
    .. [1] Nelder and Mead (1965) "A simplex method for function
       minimization". The Computer Journal 7(4), 308-313.
       https://doi.org/10.1093/comjnl/7.4.308
    .. [2] Conn, Scheinberg and Vicente (2009) "Introduction to
       derivative-free optimization". SIAM.
       https://doi.org/10.1137/1.9780898718768
    .. [3] SciPy, ``scipy.optimize.fmin``. https://github.com/scipy/scipy
    """

    capabilities: ClassVar[Capabilities] = Capabilities(
        deterministic=True, takes_rng=False, supports_boundaries=False
    )
    _repeated_ask_error = "ask() called twice"

    # No rng: the method is deterministic.
    def __init__(
        self,
        x0: ArrayLike,
        sigma0: ArrayLike | None = None,
        boundaries: Boundaries | None = None,
    ) -> None:
        super().__init__(x0, sigma0, boundaries)
        if self._boundaries is not None:
            warnings.warn(
                "Nelder-Mead optimisation does not support boundaries.", stacklevel=2
            )
        self._dr, self._de = 1.0, 2.0  # reflection, expansion
        self._do, self._di = 0.5, -0.5  # outside, inside contraction
        self._ys = 0.5  # shrink
        self._fs: FloatArray | None = None
        self._xm: FloatArray | None = None  # mean of all points but the worst
        self._xr: FloatArray | None = None  # reflected point ...
        self._fr: float | None = None  # ... and its score
        self._xp: FloatArray | None = None  # expansion or contraction point
        self._shrink = False

    def _initialise(self) -> None:
        n = self._n_parameters
        x0, i = self._x0, np.arange(n)
        self._xs = np.tile(x0, (n + 1, 1))
        self._xs[1 + i, i] = np.where(x0 == 0, 0.00025, x0 * 1.05)

    def _ask(self) -> FloatArray:
        xs = self._xs
        if self._fs is None:
            return xs
        if self._shrink:
            xs[1:] = xs[0] + self._ys * (xs[1:] - xs[0])
            return xs[1:]
        if self._xr is None:
            order = np.argsort(self._fs)
            self._xs = xs = xs[order]
            self._fs = self._fs[order]
            self._xm = xm = np.mean(xs[:-1], axis=0)
            self._xr = xm + self._dr * (xm - xs[-1])
            return self._xr[np.newaxis]
        assert self._xp is not None
        return self._xp[np.newaxis]

    def _present(self, xs: FloatArray) -> Points:
        return np.array(xs, copy=True)

    def _wrong_length_message(self, expected: int, got: int) -> str:
        if self._fs is None:
            message = "Expecting a vector of length (1 + n_parameters)."
        elif self._shrink:
            message = "Expecting a vector of length n_parameters."
        else:
            message = "Expecting only a single evaluation"
        # PINTS's message, then what was given to tell().
        return f"{message} (tell() was given {got} scores fx; expected {expected})."

    def _tell(self, fs: FloatArray) -> None:
        if self._fs is None:
            self._fs = fs.copy()
        elif self._shrink:
            self._fs[1:] = fs
            self._shrink = False
            self._xp = self._xr = self._fr = None
        else:
            self._step(float(fs[0]))

    def _step(self, f: float) -> None:
        """Act on the score ``f`` of the reflected point or, if one was
        pending, of the expansion or contraction point."""
        assert self._fs is not None and self._xr is not None and self._xm is not None
        xs, fs = self._xs, self._fs
        if self._fr is None:
            self._fr = f
        fr = self._fr
        expand = fr < fs[0]
        contract = fr >= fs[-2]
        if not (expand or contract):
            self._replace_worst(self._xr, fr)
        elif expand:
            if self._xp is None:
                self._xp = self._xm + self._de * (self._xm - xs[-1])
            elif f <= fr:
                self._replace_worst(self._xp, f)
            else:
                self._replace_worst(self._xr, fr)
        else:
            outside = fr < fs[-1]
            if self._xp is None:
                dc = self._do if outside else self._di
                self._xp = self._xm + dc * (self._xm - xs[-1])
            elif (f <= fr) if outside else (f < fs[-1]):
                self._replace_worst(self._xp, f)
            else:
                self._shrink = True

    def _replace_worst(self, x: FloatArray, f: float) -> None:
        assert self._fs is not None
        self._xs[-1] = x
        self._fs[-1] = f
        self._xp = self._xr = self._fr = None

    def _track_best(self, f: float, k: int) -> None:
        """The best point is read from the simplex (see Notes)."""

    def x_best(self) -> FloatArray:
        """The first point of the simplex (``x0`` before running)."""
        return vector(self._xs[0] if self._running else self._x0)

    def f_best(self) -> float:
        """The score of `x_best()` (``inf`` before the first ``tell``)."""
        return float(self._fs[0]) if self._fs is not None else np.inf

    @classmethod
    def name(cls) -> str:
        return "Nelder-Mead"
