"""A parabolic error measure."""

from __future__ import annotations

import numpy as np

from .._typing import FloatArray
from .._util import vector
from ..problems._error_measures import ErrorMeasure
from ..problems._problems import Point


class ParabolicError(ErrorMeasure):
    r"""Error measure shaped as a parabola around a chosen centre.

    $$
    f(x) = \sum_i (x_i - c_i)^2
    $$

    Parameters
    ----------
    c : array_like, shape (n_parameters,), optional
        The centre of the parabola, and so the global minimum (default
        ``[0, 0]``).
    """

    def __init__(self, c: Point = (0, 0)) -> None:
        super().__init__()
        self._c = vector(c)
        self._n = len(self._c)

    def __call__(self, x: Point) -> float:
        """Return $f(x)$; ``x`` must have shape ``(n_parameters,)``."""
        d = self._c - vector(x).reshape(self._n)
        return np.add.reduce(d * d)

    def evaluateS1(self, x: Point) -> tuple[float, FloatArray]:
        """Return $f(x)$ and its gradient $2 (x - c)$, shape
        ``(n_parameters,)``."""
        d = vector(x) - self._c
        return np.add.reduce(d * d), 2 * d

    def n_parameters(self) -> int:
        """Return the number of parameters (the length of ``c``)."""
        return self._n

    def optimum(self) -> FloatArray:
        """Return a (writable) copy of the centre ``c``, shape ``(n_parameters,)``."""
        return np.array(self._c, copy=True)
