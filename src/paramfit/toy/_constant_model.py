"""A model that is constant in time and linear in its parameters."""

from __future__ import annotations

import numpy as np

from .._typing import ArrayLike, FloatArray
from ..problems import ForwardModelS1
from ..problems._problems import Point
from ._toy_classes import ToyModel


class ConstantModel(ForwardModelS1, ToyModel):
    r"""A model constant in time and linear in its parameters, mostly for
    testing.

    With $n$ parameters $p$ it has $n$ outputs,

    $$
    f_i(t) = i \, p_i, \qquad i = 1, \dots, n,
    $$

    so $\partial f_i / \partial p_j$ is $i$ if $i = j$
    and 0 otherwise, at every time.

    Parameters
    ----------
    n : int
        The number of parameters (and outputs), at least 1.
    force_multi_output : bool, optional
        If true, a one-parameter model returns values of shape
        ``(n_times, 1)`` (and sensitivities ``(n_times, 1, 1)``) instead of
        ``(n_times,)``.

    Raises
    ------
    ValueError
        If ``n`` is less than 1.

    Examples
    --------
    >>> import paramfit.toy
    >>> paramfit.toy.ConstantModel(2).simulate([1, 2], [0, 1])
    array([[1., 4.],
           [1., 4.]])
    """

    def __init__(self, n: int, force_multi_output: bool = False) -> None:
        super().__init__()
        n = int(n)
        if n < 1:
            raise ValueError("Number of parameters must be 1 or greater.")
        self._n = n
        self._scale = np.arange(1.0, n + 1)
        self._single = n == 1 and not force_multi_output

    def n_parameters(self) -> int:
        """Return ``n``."""
        return self._n

    def n_outputs(self) -> int:
        """Return ``n``."""
        return self._n

    def simulate(self, parameters: Point, times: ArrayLike) -> FloatArray:
        """Return $(p_1, 2 p_2, \\dots)$ at every time.

        Parameters
        ----------
        parameters : array_like, shape (n,)
            Finite parameter values.
        times : array_like, shape (n_times,)
            Non-negative times.

        Returns
        -------
        values : ndarray, shape (n_times, n), or (n_times,) if ``n == 1``
            (unless ``force_multi_output`` was set).

        Raises
        ------
        ValueError
            If a time is negative, or the parameters are not ``n`` finite
            values.
        """
        p = np.asarray(parameters, dtype=float).reshape(-1)
        t = np.asarray(times, dtype=float).reshape(-1)
        if np.any(t < 0):
            raise ValueError("Negative times are not allowed.")
        if len(p) != self._n:
            raise ValueError(f"Expected {self._n} parameters; got {len(p)}.")
        if not np.all(np.isfinite(p)):
            raise ValueError("All parameters must be finite.")
        values = np.tile(p * self._scale, (len(t), 1))
        return values[:, 0] if self._single else values

    def simulateS1(
        self, parameters: Point, times: ArrayLike
    ) -> tuple[FloatArray, FloatArray]:
        """Return the values and their (constant) sensitivities.

        Returns
        -------
        values : ndarray
            As `simulate()`.
        sensitivities : ndarray, shape (n_times, n, n)
            ``diag(1, 2, ..., n)`` at every time; shape ``(n_times,)`` for a
            single-output model, as in PINTS.
        """
        values = self.simulate(parameters, times)
        n_times = len(values)
        if self._single:
            return values, np.ones(n_times)
        return values, np.tile(np.diag(self._scale), (n_times, 1, 1))
