"""The Rosenbrock function as an error measure."""

from __future__ import annotations

from typing import Any

from .._error_measures import ErrorMeasure


class RosenbrockError(ErrorMeasure):
    r"""Error measure based on the Rosenbrock function [1]_.

    .. math::

        f(x, y) = (1 - x)^2 + 100 (y - x^2)^2

    Two parameters; the global minimum :math:`f = 0` is at :math:`(1, 1)`, at
    the end of a long, curved, flat-bottomed valley.

    References
    ----------
    .. [1] https://en.wikipedia.org/wiki/Rosenbrock_function
    """

    def __init__(self) -> None:
        super().__init__()
        self._a = 1.0
        self._b = 100.0

    def __call__(self, x: Any) -> float:
        """Return :math:`f(x)` for ``x`` of shape ``(2,)``."""
        return (self._a - x[0]) ** 2 + self._b * (x[1] - x[0] ** 2) ** 2

    def n_parameters(self) -> int:
        """Return 2."""
        return 2

    def optimum(self) -> tuple[float, float]:
        """Return the global minimum ``(1, 1)``."""
        return self._a, self._a**2
