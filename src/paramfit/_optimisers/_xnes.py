"""Exponential natural evolution strategy (xNES)."""

from __future__ import annotations

import math

import numpy as np
import scipy.linalg

from .._util import FloatArray
from ._distribution import MeanBasedOptimiser


def xnes_utilities(population_size: int) -> FloatArray:
    """Rank-based fitness shaping utilities of [1]_, best rank first.

    ``u_k = max(0, ln(λ/2 + 1) - ln k)``, normalised to sum to one, minus
    ``1/λ`` so that they sum to zero.
    """
    lam = population_size
    k = np.arange(1, lam + 1)
    u = np.maximum(0.0, math.log(lam / 2 + 1) - np.log(k))
    return u / u.sum() - 1 / lam


def xnes_update(
    mu: FloatArray,
    a: FloatArray,
    z_sorted: FloatArray,
    utilities: FloatArray,
    eta_mu: float,
    eta_a: float,
) -> tuple[FloatArray, FloatArray]:
    """One xNES update of the mean and the square-root covariance factor.

    Parameters
    ----------
    mu : array, shape (n,)
        Current mean.
    a : array, shape (n, n)
        Current factor ``A`` (samples are ``mu + A z``).
    z_sorted : array, shape (λ, n)
        The standard-normal samples, sorted from best to worst score.
    utilities : array, shape (λ,)
        Fitness-shaping utilities, best rank first; they must sum to zero,
        as those of :func:`xnes_utilities` do.
    eta_mu, eta_a : float
        Learning rates of the mean and of ``A``.

    Returns
    -------
    mu, a : the updated mean and factor (new arrays).

    Notes
    -----
    With natural gradients (Algorithm 5 of [1]_, with the step size folded
    into ``A``)

    .. math::
        G_\\delta = \\sum_k u_k z_k, \\qquad
        G_M = \\sum_k u_k (z_k z_k^T - I),

        \\mu \\leftarrow \\mu + \\eta_\\mu A G_\\delta, \\qquad
        A \\leftarrow A \\exp(\\tfrac{1}{2} \\eta_A G_M).

    ``exp`` is the matrix exponential; an element-wise exponential would be
    wrong.
    """
    g_delta = utilities @ z_sorted
    # The utilities sum to zero, so the -(sum u) I term of G_M vanishes.
    g_m = (z_sorted.T * utilities) @ z_sorted
    mu = mu + eta_mu * (a @ g_delta)
    a = a @ scipy.linalg.expm((0.5 * eta_a) * g_m)
    return mu, a


class XNES(MeanBasedOptimiser):
    """Exponential natural evolution strategy (xNES) [1]_.

    Samples a population from a multivariate normal distribution
    ``N(mu, A A^T)`` and moves ``mu`` and ``A`` along the natural gradient
    of the expected fitness, using rank-based utilities (so the method is
    invariant to monotone transformations of the score).

    Parameters
    ----------
    x0 : array_like, shape (n_parameters,)
        Starting point (the initial mean).
    sigma0 : float or array_like, shape (n_parameters,), optional
        Initial standard deviations: ``A`` starts as ``diag(sigma0)``.
    boundaries : Boundaries, optional
        Points outside are not returned by ``ask()`` and score ``+inf``.
    rng : int, numpy.random.Generator or None, optional
        Random generator or seed.

    Notes
    -----
    Learning rates follow Table 1 of [1]_: ``eta_mu = 1`` and
    ``eta_A = 0.6 (3 + ln d) / d^1.5``. See :func:`xnes_update` for the
    update rule.

    References
    ----------
    .. [1] Glasmachers, Schaul, Sun, Wierstra and Schmidhuber (2010)
       "Exponential natural evolution strategies". GECCO '10, 393-400.
       https://doi.org/10.1145/1830483.1830557
    """

    _label = "XNES"

    def _initialise(self) -> None:
        d = self._n_parameters
        assert self._population_size is not None
        self._eta_mu = 1.0
        self._eta_a = 0.6 * (3 + math.log(d)) * d**-1.5
        self._utilities = xnes_utilities(self._population_size)
        self._mu = self._x0.copy()
        self._a = np.diag(self._sigma0)

    def _ask(self) -> FloatArray:
        assert self._population_size is not None
        self._z = self._rng.standard_normal((self._population_size, self._n_parameters))
        return self._z @ self._a.T + self._mu

    def _tell(self, fs: FloatArray) -> None:
        order = np.argsort(fs, kind="stable")
        self._mu, self._a = xnes_update(
            self._mu,
            self._a,
            self._z[order],
            self._utilities,
            self._eta_mu,
            self._eta_a,
        )

    @classmethod
    def name(cls) -> str:
        return "Exponential Natural Evolution Strategy (xNES)"
