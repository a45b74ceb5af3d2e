"""Gradient descent with a fixed learning rate."""

from __future__ import annotations

from typing import SupportsFloat

import numpy as np

from .._checks import hyper_parameters, real, real_from_string
from .._typing import FloatArray
from ._base import HyperParameters
from ._gradient import GradientOptimiser


class GradientDescent(GradientOptimiser):
    """Gradient descent with a fixed learning rate [1]_.

    The simplest first-order method: each step moves against the gradient,
    scaled by the learning rate. It needs sensitivities (``tell()`` takes
    ``[(f, df)]``) and ignores boundaries.

    Parameters
    ----------
    x0, sigma0, boundaries :
        As for `GradientOptimiser`; the learning rate is ``min(sigma0)``
        (see `set_learning_rate()`).

    Notes
    -----
    With learning rate $\\eta$ and $g_t$ the gradient at the
    point told at step $t$,

    $$
    x_{t+1} = x_t - \\eta \\, g_t.
    $$

    References
    ----------
    .. [1] Nocedal and Wright (2006) "Numerical optimization", 2nd edition,
       chapter 3 (line search methods). Springer.
       https://doi.org/10.1007/978-0-387-40065-5
    """

    def _set_defaults(self) -> None:
        super()._set_defaults()
        self._eta = float(np.min(self._sigma0))

    def _step(self, x: FloatArray, df: FloatArray) -> FloatArray:
        return x - self._eta * df

    def learning_rate(self) -> float:
        """The learning rate."""
        return self._eta

    def set_learning_rate(self, eta: SupportsFloat) -> None:
        """Set the learning rate, which must be positive."""
        if isinstance(eta, str):
            # As PINTS's float(eta): a numeric string is read as a number.
            eta = real_from_string(eta, "eta")
        # (sic) PINTS's message, which users and tests match on.
        self._eta = real(
            eta, "eta", positive=True, message="Learning rate must greater than zero."
        )

    def n_hyper_parameters(self) -> int:
        return 1

    def set_hyper_parameters(self, x: HyperParameters) -> None:
        """Set the learning rate from ``x[0]``."""
        self.set_learning_rate(hyper_parameters(x, 1)[0])

    def x_guessed(self) -> FloatArray:
        """The best point visited (as `x_best()`)."""
        return self.x_best()

    def f_guessed(self) -> float:
        """The best score seen (as `f_best()`)."""
        return self.f_best()

    @classmethod
    def name(cls) -> str:
        return "Gradient descent"
