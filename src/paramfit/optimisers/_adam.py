"""Adam: gradient descent with adaptive moment estimation."""

from __future__ import annotations

import numpy as np

from .._typing import FloatArray
from ..log._logger import Logger
from ._gradient import GradientOptimiser


class Adam(GradientOptimiser):
    """Adam, adaptive moment estimation [1]_.

    A first-order method that steps against running averages of the
    gradient, each parameter scaled by a running average of its squared
    gradient, so steps have a size of about ``alpha`` whatever the
    gradient's scale. Like every `GradientOptimiser`, it needs
    sensitivities and ignores boundaries.

    Parameters
    ----------
    x0, sigma0, boundaries :
        As for `GradientOptimiser`; the step size ``alpha`` is
        ``min(sigma0)``.

    Notes
    -----
    Algorithm 1 of [1]_: with $g_t$ the gradient at the point told at
    step $t$, $\\beta_1 = 0.9$, $\\beta_2 = 0.999$ and
    $\\epsilon = 10^{-8}$,

    $$
    m_t = \\beta_1 m_{t-1} + (1 - \\beta_1) g_t, \\qquad
    v_t = \\beta_2 v_{t-1} + (1 - \\beta_2) g_t^2,
    $$

    $$
    \\hat{m}_t = m_t / (1 - \\beta_1^t), \\qquad
    \\hat{v}_t = v_t / (1 - \\beta_2^t),
    $$

    $$
    x_{t+1} = x_t - \\alpha \\hat{m}_t / (\\sqrt{\\hat{v}_t} + \\epsilon).
    $$

    ``x_guessed()`` and ``f_guessed()`` are the last point told and its score.
    The log gains columns ``b1`` and ``b2`` with $\\beta_1^t$ and
    $\\beta_2^t$.

    References
    ----------
    .. [1] Kingma and Ba (2017) "Adam: A method for stochastic
       optimization". arXiv:1412.6980v9. https://arxiv.org/abs/1412.6980
    """

    def _set_defaults(self) -> None:
        super()._set_defaults()
        n = self._n_parameters
        self._m, self._v = np.zeros(n), np.zeros(n)
        self._b1, self._b2 = 0.9, 0.999
        self._b1t, self._b2t = 1.0, 1.0  # b1^t and b2^t
        self._alpha = float(np.min(self._sigma0))
        self._eps = 1e-8

    def _step(self, x: FloatArray, df: FloatArray) -> FloatArray:
        b1, b2 = self._b1, self._b2
        self._b1t *= b1
        self._b2t *= b2
        self._m = b1 * self._m + (1 - b1) * df
        self._v = b2 * self._v + (1 - b2) * df**2
        m = self._m / (1 - self._b1t)
        v = self._v / (1 - self._b2t)
        return x - self._alpha * m / (np.sqrt(v) + self._eps)

    def _log_init(self, logger: Logger) -> None:
        """Add columns ``b1`` and ``b2`` (the decay rates to the power t)."""
        logger.add_float("b1")
        logger.add_float("b2")

    def _log_write(self, logger: Logger) -> None:
        logger.log(self._b1t, self._b2t)

    def n_hyper_parameters(self) -> int:
        return 0

    @classmethod
    def name(cls) -> str:
        return "Adam"
