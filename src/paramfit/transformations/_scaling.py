"""Affine transformations: scaling with an optional translation, and the
map of a box onto the unit cube."""

from __future__ import annotations

import numpy as np

from .._checks import vector
from .._typing import ArrayLike, FloatArray
from ._elementwise import _ElementwiseTransformation


class ScalingTransformation(_ElementwiseTransformation):
    r"""An affine map, $q = s \odot (p + t)$.

    $$
    p = q / s - t, \qquad J = \operatorname{diag}(1/s), \qquad
    \log|\det J| = \sum_i \log|1/s_i|
    $$

    Parameters
    ----------
    scalings : array_like, shape (n_parameters,)
        The factors $s$ (finite, non-zero).
    translation : array_like, shape (n_parameters,), optional
        The offsets $t$, added before scaling (default: none).

    Raises
    ------
    ValueError
        If a scaling is zero or not finite, or ``translation`` has the wrong
        length.
    """

    def __init__(
        self, scalings: ArrayLike, translation: ArrayLike | None = None
    ) -> None:
        self._s = vector(scalings, "scalings", finite=False)
        if len(self._s) < 1:
            raise ValueError("scalings must hold at least one scaling; got none.")
        if not (np.isfinite(self._s) & (self._s != 0)).all():
            raise ValueError("Scalings must be finite and non-zero.")
        self._inv_s = 1.0 / self._s
        super().__init__(len(self._s))
        self._translation = None
        if translation is not None:
            self._translation = vector(translation, "translation")
            if len(self._translation) != self._n_parameters:
                raise ValueError(
                    "Translation must be None or be a vector of the same length as"
                    " the scalings."
                )
        self._log_det = np.sum(np.log(np.abs(self._inv_s)))

    def _diagonal(self, q: FloatArray) -> FloatArray:
        return self._inv_s

    def _diagonal_S1(self, q: FloatArray, diagonal: FloatArray) -> FloatArray:
        return np.zeros(self._n_parameters)

    def log_jacobian_det(self, q: ArrayLike) -> float:
        return float(self._log_det)

    def log_jacobian_det_S1(self, q: ArrayLike) -> tuple[float, FloatArray]:
        return float(self._log_det), np.zeros(self._n_parameters)

    def to_model(self, q: ArrayLike) -> FloatArray:
        p = self._inv_s * self._vector(q, "q")
        if self._translation is not None:
            p -= self._translation
        return p

    def to_search(self, p: ArrayLike) -> FloatArray:
        p = self._vector(p, "p")
        if self._translation is not None:
            p = p + self._translation
        return self._s * p


class UnitCubeTransformation(ScalingTransformation):
    r"""Maps the box $[a, b]$ onto the unit cube,
    $q = (p - a) / (b - a)$.

    Parameters
    ----------
    lower, upper : array_like, shape (n_parameters,)
        The bounds $a < b$.

    Raises
    ------
    ValueError
        If the lengths differ or a bound pair is not increasing.
    """

    def __init__(self, lower: ArrayLike, upper: ArrayLike) -> None:
        self._lower = vector(lower, "lower")
        self._upper = vector(upper, "upper")
        if len(self._upper) != len(self._lower):
            raise ValueError("Lower and upper bounds must have the same length.")
        if not np.all(self._upper > self._lower):
            raise ValueError("Upper bounds must exceed lower bounds.")
        super().__init__(1 / (self._upper - self._lower), -self._lower)
