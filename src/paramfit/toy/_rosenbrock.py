"""The Rosenbrock function as an error measure and as a log-pdf."""

from __future__ import annotations

import numpy as np

from .._typing import ArrayLike, FloatArray
from ..problems._error_measures import ErrorMeasure
from ..problems._problems import Point
from ._toy_classes import ToyLogPDF


class RosenbrockError(ErrorMeasure):
    r"""Error measure based on the Rosenbrock function [1]_.

    $$
    f(x, y) = (1 - x)^2 + 100 (y - x^2)^2
    $$

    Two parameters; the global minimum $f = 0$ is at $(1, 1)$, at
    the end of a long, curved, flat-bottomed valley.

    References
    ----------
    .. [1] https://en.wikipedia.org/wiki/Rosenbrock_function
    """

    def __init__(self) -> None:
        super().__init__()
        self._a = 1.0
        self._b = 100.0

    def __call__(self, x: Point) -> float:
        """Return $f(x)$ for ``x`` of shape ``(2,)``."""
        return (self._a - x[0]) ** 2 + self._b * (x[1] - x[0] ** 2) ** 2

    def n_parameters(self) -> int:
        """Return 2."""
        return 2

    def optimum(self) -> tuple[float, float]:
        """Return the global minimum ``(1, 1)``."""
        return self._a, self._a**2


class RosenbrockLogPDF(ToyLogPDF):
    r"""An unnormalised log-density made from the Rosenbrock function
    $r(x, y)$ (see `RosenbrockError`) [1]_:

    $$
    \log p(x, y) = -\log\left(1 + (1 - x)^2 + 100 (y - x^2)^2\right).
    $$

    The 1 avoids a singularity at the optimum $(1, 1)$.

    References
    ----------
    .. [1] https://en.wikipedia.org/wiki/Rosenbrock_function
    """

    #: Mean and covariance of the normalised density (computed numerically,
    #: as in PINTS), used by `distance()`.
    _MEAN = np.array([0.8693578490590254, 2.599780856590108])
    _COV = np.array(
        [[1.805379677045191, 2.702575590274159], [2.702575590274159, 8.526583078612177]]
    )

    def __init__(self) -> None:
        self._f = RosenbrockError()

    def __call__(self, x: Point) -> float:
        """Return the log-density at ``x``, shape ``(2,)``."""
        return float(-np.log(1.0 + self._f(x)))

    def evaluateS1(self, x: Point) -> tuple[float, FloatArray]:
        """Return the log-density and its gradient, shape ``(2,)``."""
        x0, x1 = float(x[0]), float(x[1])
        a, b = self._f._a, self._f._b
        denominator = 1 + (a - x0) ** 2 + b * (x1 - x0**2) ** 2
        gradient = np.array(
            [
                (2 * (a - x0) + 4 * b * x0 * (x1 - x0**2)) / denominator,
                -2 * b * (x1 - x0**2) / denominator,
            ]
        )
        return float(-np.log(denominator)), gradient

    def n_parameters(self) -> int:
        """Return 2."""
        return 2

    def optimum(self) -> tuple[float, float]:
        """Return the mode ``(1, 1)``."""
        return self._f.optimum()

    def distance(self, samples: ArrayLike) -> float:
        """Return the distance of the samples' mean and covariance (shape
        ``(n_samples, 2)``) from the density's: the sum of the Euclidean
        norm of the mean's error and the Frobenius norm of the covariance's.
        """
        x = np.asarray(samples, dtype=float)
        if x.ndim != 2:
            raise ValueError("Given samples list must be n x 2.")
        if x.shape[1] != 2:
            raise ValueError("Given samples must have length 2")
        return float(
            np.linalg.norm(self._MEAN - np.mean(x, axis=0))
            + np.linalg.norm(self._COV - np.cov(x.T))
        )
