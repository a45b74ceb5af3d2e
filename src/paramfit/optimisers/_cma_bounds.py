"""A smooth, periodic map from unbounded space onto a box (bound handling).

CMA-ES searches an unbounded *genotype* space; `BoxTransform` maps
every genotype onto a *phenotype* inside rectangular boundaries, which is
what the user evaluates. The idea is that of pycma's ``BoundTransform``
(Hansen); this is an independent formulation.
"""

from __future__ import annotations

import numpy as np

from .._typing import ArrayLike, BoolArray, FloatArray

#: Width of the curved zone next to each bound, as a fraction of the range.
MARGIN = 1 / 20


class BoxTransform:
    """Map genotypes in ``R^n`` into ``[lower, upper)``, element-wise.

    Parameters
    ----------
    lower, upper : array_like, shape (n,)
        The bounds; infinite values mean "unbounded on that side".

    Notes
    -----
    Per coordinate, with margin ``a`` (``MARGIN`` times the range, or
    ``(1 + |bound|) / 20`` for a one-sided bound) and vertices
    ``L = lower - a``, ``U = upper + a``, a genotype ``g`` is first folded
    into ``[L, U]`` (a triangle wave of period ``2 (U - L)``, or a reflection
    at the single vertex when one side is unbounded), then

    $$
    x = \\begin{cases}
        l + (t - L)^2 / (4a) & t < l + a \\\\
        u - (U - t)^2 / (4a) & t > u - a \\\\
        t & \\text{otherwise.}
    \\end{cases}
    $$

    The map is the identity on most of the box, continuously differentiable
    everywhere (slope 1 where the pieces meet, 0 at the vertices, where the
    fold reflects), onto ``[lower, upper]``, and periodic, so the mean can be
    shifted by whole periods (`shift_into_period()`) without changing
    anything the user sees.
    """

    def __init__(self, lower: ArrayLike, upper: ArrayLike) -> None:
        lower = np.asarray(lower, dtype=float)
        upper = np.asarray(upper, dtype=float)
        self._has_lower: BoolArray = np.isfinite(lower)
        self._has_upper: BoolArray = np.isfinite(upper)
        self._both = self._has_lower & self._has_upper
        # Finite placeholders where a side is unbounded keep the arithmetic
        # warning-free; the masks decide which pieces apply.
        lo = np.where(self._has_lower, lower, 0.0)
        up = np.where(self._has_upper, upper, 0.0)
        width = np.where(self._both, up - lo, 1.0)
        self._a_lo = np.where(self._both, MARGIN * width, (1 + np.abs(lo)) / 20)
        self._a_up = np.where(self._both, MARGIN * width, (1 + np.abs(up)) / 20)
        self._lo, self._up = lo, up
        self._top = np.nextafter(up, -np.inf)  # the upper bound is exclusive
        self._v_lo = lo - self._a_lo
        self._v_up = up + self._a_up
        self._half_period = np.where(self._both, self._v_up - self._v_lo, 1.0)

    def fold(self, g: FloatArray) -> FloatArray:
        """Reflect genotypes into the vertex interval ``[L, U]``."""
        v_lo, v_up, w = self._v_lo, self._v_up, self._half_period
        periodic = v_up - np.abs(np.mod(g - v_lo, 2 * w) - w)
        lower_only = v_lo + np.abs(g - v_lo)
        upper_only = v_up - np.abs(v_up - g)
        return np.where(
            self._both,
            periodic,
            np.where(
                self._has_lower,
                lower_only,
                np.where(self._has_upper, upper_only, g),
            ),
        )

    def __call__(self, g: FloatArray) -> FloatArray:
        """Phenotypes ``x``, same shape as ``g``, with ``lower <= x < upper``."""
        t = self.fold(g)
        near_lo = self._has_lower & (t < self._lo + self._a_lo)
        near_up = self._has_upper & (t > self._up - self._a_up)
        x = np.where(near_lo, self._lo + (t - self._v_lo) ** 2 / (4 * self._a_lo), t)
        x = np.where(near_up, self._up - (self._v_up - t) ** 2 / (4 * self._a_up), x)
        x = np.where(self._has_lower, np.maximum(x, self._lo), x)
        return np.where(self._has_upper, np.minimum(x, self._top), x)

    def inverse(self, x: FloatArray) -> FloatArray:
        """A genotype in ``[L, U]`` whose phenotype is ``x`` (in bounds)."""
        near_lo = self._has_lower & (x < self._lo + self._a_lo)
        near_up = self._has_upper & (x > self._up - self._a_up)
        d_lo = np.maximum(np.where(near_lo, x - self._lo, 0.0), 0.0)
        d_up = np.maximum(np.where(near_up, self._up - x, 0.0), 0.0)
        g = np.where(near_lo, self._v_lo + 2 * np.sqrt(self._a_lo * d_lo), x)
        return np.where(near_up, self._v_up - 2 * np.sqrt(self._a_up * d_up), g)

    def shift_into_period(self, g: FloatArray) -> FloatArray:
        """``g`` moved by whole periods to within half a period of the box.

        The phenotypes of ``g + k * period`` are those of ``g``, so this keeps
        the mean from drifting far away while changing nothing the user sees.
        """
        w = self._half_period
        centre = (self._v_lo + self._v_up) / 2
        k = np.round((g - centre) / (2 * w))
        return np.where(self._both, g - 2 * w * k, g)
