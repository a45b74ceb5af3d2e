"""The FitzHugh-Nagumo model of an excitable cell."""

from __future__ import annotations

import numpy as np

from .._typing import FloatArray
from ..problems import ForwardModelS1
from ..problems._problems import Point
from ._toy_classes import ToyODEModel


class FitzhughNagumoModel(ToyODEModel, ForwardModelS1):
    r"""The FitzHugh-Nagumo model of the action potential [1]_.

    Two states, the membrane potential $V$ and a recovery variable
    $R$, both observed, and three phenomenological parameters
    $(a, b, c)$:

    $$
    \frac{dV}{dt} = c \left(V - \frac{V^3}{3} + R\right), \qquad
    \frac{dR}{dt} = -\frac{1}{c} \left(V - a + b R\right).
    $$

    Parameters
    ----------
    y0 : array_like, shape (2,), optional
        The initial state $(V, R)$; default ``[-1, 1]``.

    Raises
    ------
    ValueError
        If ``y0`` does not have 2 values.

    References
    ----------
    .. [1] FitzHugh (1961) Impulses and physiological states in theoretical
           models of nerve membrane. Biophysical Journal.
           https://doi.org/10.1016/S0006-3495(61)86902-6
    """

    def __init__(self, y0: Point | None = None) -> None:
        super().__init__()
        if y0 is None:
            y0 = [-1.0, 1.0]
        elif len(y0) != 2:
            raise ValueError("Initial value must have size 2.")
        self._define(_rhs, ["V", "R"], ["a", "b", "c"], y0)

    def suggested_parameters(self) -> FloatArray:
        """Return ``[0.1, 0.5, 3]``."""
        return np.array([0.1, 0.5, 3.0])

    def suggested_times(self) -> FloatArray:
        """Return 200 evenly spaced times from 0 to 20."""
        return np.linspace(0, 20, 200)


def _rhs(t: float, y: Point, p: Point) -> list[float]:
    v, r = y
    a, b, c = p
    return [c * (v - v**3 / 3 + r), -(v - a + b * r) / c]
