"""The logistic model of population growth."""

from __future__ import annotations

import numpy as np

from .._typing import ArrayLike, FloatArray
from ..problems import ForwardModelS1
from ..problems._problems import Point
from ._toy_classes import ToyModel


class LogisticModel(ForwardModelS1, ToyModel):
    r"""Logistic model of population growth [1]_.

    $$
    f(t) = \frac{k}{1 + (k / p_0 - 1) e^{-r t}}
    $$

    with two parameters, the growth rate $r$ and the carrying capacity
    $k$; the initial population size $p_0 = f(0)$ is fixed.

    Parameters
    ----------
    initial_population_size : float, optional
        The initial population size $p_0$ (default 2). Must be
        non-negative.

    Raises
    ------
    ValueError
        If ``initial_population_size`` is negative.

    Notes
    -----
    With $E = e^{-r t}$ and $c = k / p_0 - 1$, the sensitivities
    are

    $$
    \frac{\partial f}{\partial r} = \frac{k t c E}{(c E + 1)^2}, \qquad
    \frac{\partial f}{\partial k} = -\frac{k E}{p_0 (c E + 1)^2}
                                    + \frac{1}{c E + 1}.
    $$

    If $p_0 = 0$ or $k < 0$ the population stays at zero and all
    values and sensitivities are zero.

    References
    ----------
    .. [1] https://en.wikipedia.org/wiki/Population_growth
    """

    def __init__(self, initial_population_size: float = 2) -> None:
        super().__init__()
        self._p0 = float(initial_population_size)
        if self._p0 < 0:
            raise ValueError("Population size cannot be negative.")

    def n_parameters(self) -> int:
        """Return 2: the growth rate ``r`` and carrying capacity ``k``."""
        return 2

    def simulate(self, parameters: Point, times: ArrayLike) -> FloatArray:
        """Return the population at ``times``.

        Parameters
        ----------
        parameters : array_like, shape (2,)
            The growth rate ``r`` and carrying capacity ``k``.
        times : array_like, shape (n_times,)
            Non-negative times.

        Returns
        -------
        values : ndarray, shape (n_times,)
            A new, writable float array.
        """
        r, k, times = self._parse(parameters, times)
        if self._p0 == 0 or k < 0:
            return np.zeros(times.shape)
        # In-place steps, in the same order as the formula, so that results
        # are bit-identical to k / (1 + (k / p0 - 1) * exp(-r * t)).
        y = np.multiply(times, -r)
        np.exp(y, out=y)
        y *= k / self._p0 - 1
        y += 1
        return np.divide(k, y, out=y)

    def simulate_batch(self, parameters: ArrayLike, times: ArrayLike) -> FloatArray:
        """Return the population at ``times`` for many parameter vectors at
        once (the vectorised-scoring protocol).

        Parameters
        ----------
        parameters : array_like, shape (n_points, 2)
            One ``(r, k)`` pair per row.
        times : array_like, shape (n_times,)
            Non-negative times.

        Returns
        -------
        values : ndarray, shape (n_points, n_times)
            Row ``i`` equals ``simulate(parameters[i], times)`` bit for bit.
        """
        p = np.asarray(parameters, dtype=float).reshape(-1, 2)
        _, _, t = self._parse((0.0, 0.0), times)
        r, k = p[:, :1], p[:, 1:]
        y = np.multiply(t, -r)
        np.exp(y, out=y)
        y *= k / self._p0 - 1 if self._p0 != 0 else 0.0
        y += 1
        np.divide(k, y, out=y)
        # As in simulate: no population, or a negative capacity, stays at 0.
        y[(k[:, 0] < 0) | (self._p0 == 0)] = 0.0
        return y

    def simulateS1(
        self, parameters: Point, times: ArrayLike
    ) -> tuple[FloatArray, FloatArray]:
        """Return the population at ``times`` and its sensitivities.

        Takes the arguments of `simulate()`.

        Returns
        -------
        values : ndarray, shape (n_times,)
        sensitivities : ndarray, shape (n_times, 2)
            Derivatives with respect to ``r`` (column 0) and ``k`` (column 1).
        """
        r, k, times = self._parse(parameters, times)
        if self._p0 == 0 or k < 0:
            return np.zeros(times.shape), np.zeros((len(times), 2))
        exp = np.exp(-r * times)
        c = k / self._p0 - 1
        denom = c * exp + 1
        square = denom**2
        values = k / denom
        sens = np.empty((len(times), 2))
        # Operation order as in the Notes formulae (reference values rely on it).
        sens[:, 0] = k * times * c * exp / square
        sens[:, 1] = -k * exp / (self._p0 * square) + 1 / denom
        return values, sens

    def _parse(
        self, parameters: Point, times: ArrayLike
    ) -> tuple[float, float, FloatArray]:
        r, k = parameters
        t = np.asarray(times, dtype=float)
        # One reduction, no temporary array: cheaper than np.any(t < 0).
        if np.minimum.reduce(t, axis=None, initial=0.0) < 0:
            raise ValueError("Negative times are not allowed.")
        return float(r), float(k), t

    def suggested_parameters(self) -> FloatArray:
        """Return ``[0.1, 50]``, shape ``(2,)``."""
        return np.array([0.1, 50.0])

    def suggested_times(self) -> FloatArray:
        """Return 100 evenly spaced times from 0 to 100, shape ``(100,)``."""
        return np.linspace(0, 100, 100)
