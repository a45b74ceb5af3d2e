"""The Lotka-Volterra predator-prey model."""

from __future__ import annotations

import numpy as np

from .._typing import FloatArray
from ..problems import ForwardModelS1
from ..problems._problems import Point
from ._toy_classes import ToyODEModel


class LotkaVolterraModel(ToyODEModel, ForwardModelS1):
    r"""The Lotka-Volterra model of predator-prey populations [1]_.

    $$
    \frac{dx}{dt} = a x - b x y, \qquad
    \frac{dy}{dt} = -c y + d x y,
    $$

    where $x$ counts prey and $y$ predators. Parameters
    $(a, b, c, d)$; both populations are observed.

    `suggested_values()` holds real data [2]_: the Hudson's Bay
    Company's hare (prey) and lynx (predator) pelt counts, in thousands,
    for 1900 to 1920.

    Parameters
    ----------
    y0 : array_like, shape (2,), optional
        The initial populations $(x, y)$, both non-negative. The
        default is $(\log 30, \log 4)$, as in PINTS.

    Raises
    ------
    ValueError
        If a population is negative.

    References
    ----------
    .. [1] https://en.wikipedia.org/wiki/Lotka-Volterra_equations
    .. [2] Howard (2009) Modeling basics. Lecture notes for Math 442, Texas
           A&M University.
    """

    def __init__(self, y0: Point | None = None) -> None:
        super().__init__()
        y0 = np.log([30.0, 4.0]) if y0 is None else y0
        _check_populations(y0)
        self._define(_rhs, ["x", "y"], ["a", "b", "c", "d"], y0)

    def set_initial_conditions(self, y0: Point) -> None:
        """Set the initial populations ``(x, y)``; both must be >= 0."""
        _check_populations(y0)
        super().set_initial_conditions(y0)

    def suggested_parameters(self) -> FloatArray:
        """Return ``[0.5, 0.15, 1.0, 0.3]``."""
        return np.array([0.5, 0.15, 1.0, 0.3])

    def suggested_times(self) -> FloatArray:
        """Return the 21 times ``0, 1, ..., 20`` (years since 1900)."""
        return np.linspace(0, 20, 21)

    def suggested_values(self) -> FloatArray:
        """Return the hare and lynx pelt counts (thousands) for 1900-1920,
        shape ``(21, 2)``."""
        return np.array(_HARE_LYNX)


def _check_populations(y0: Point) -> None:
    x, y = y0
    if x < 0 or y < 0:
        raise ValueError("Initial populations cannot be negative.")


def _rhs(t: float, y: Point, p: Point) -> list[float]:
    x, z = y
    a, b, c, d = p
    xz = x * z
    return [a * x - b * xz, d * xz - c * z]


_HARE_LYNX = [
    [30.0, 4.0],
    [47.2, 6.1],
    [70.2, 9.8],
    [77.4, 35.2],
    [36.3, 59.4],
    [20.6, 41.7],
    [18.1, 19.0],
    [21.4, 13.0],
    [22.0, 8.3],
    [25.4, 9.1],
    [27.1, 7.4],
    [40.3, 8.0],
    [57.0, 12.3],
    [76.6, 19.5],
    [52.3, 45.7],
    [19.5, 51.1],
    [11.2, 29.7],
    [7.6, 15.8],
    [14.6, 9.7],
    [16.2, 10.1],
    [24.7, 8.1],
]
