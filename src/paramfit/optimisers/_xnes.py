"""Exponential natural evolution strategy (xNES)."""

from __future__ import annotations

import math

import numpy as np

from .._typing import FloatArray
from .._util import LazyModule
from ._distribution import MeanBasedOptimiser

# Imported at the first xNES update, not with paramfit.
_lapack = LazyModule("scipy.linalg.lapack")
_linalg = LazyModule("scipy.linalg")


def _dsyevr(m: FloatArray) -> tuple[FloatArray, FloatArray, int, object, int]:
    """LAPACK's ``dsyevr``: eigenvalues and eigenvectors of symmetric ``m``."""
    return _lapack.dsyevr(m)


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
    w_mu: FloatArray,
    w_a: FloatArray,
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
    w_mu, w_a : array, shape (λ,)
        The fitness-shaping utilities ``u`` (best rank first, summing to
        zero as those of `xnes_utilities()` do) scaled by the learning
        rates: ``w_mu = eta_mu * u`` and ``w_a = eta_a * u / 2``.

    Returns
    -------
    mu, a : the updated mean and factor (new arrays).

    Notes
    -----
    With natural gradients (Algorithm 5 of [1]_, with the step size folded
    into ``A``)

    $$
    G_\\delta = \\sum_k u_k z_k, \\qquad
    G_M = \\sum_k u_k (z_k z_k^T - I),
    $$

    $$
    \\mu \\leftarrow \\mu + \\eta_\\mu A G_\\delta, \\qquad
    A \\leftarrow A \\exp(\\tfrac{1}{2} \\eta_A G_M).
    $$

    ``exp`` is the matrix exponential; an element-wise exponential would be
    wrong.
    """
    mu = mu + a @ (w_mu @ z_sorted)
    # The utilities sum to zero, so the -(sum u) I term of G_M vanishes.
    a = a @ symmetric_expm((z_sorted.T * w_a) @ z_sorted)
    return mu, a


def symmetric_expm(m: FloatArray) -> FloatArray:
    """Matrix exponential of the symmetric matrix ``m``.

    With ``m = V diag(w) V^T`` (``V`` orthogonal), ``exp(m) = V diag(e^w)
    V^T``, exact up to rounding. LAPACK's symmetric eigensolver (``dsyevr``)
    is called directly: for the small matrices xNES mostly sees, the
    Python-level checks of ``scipy.linalg.expm`` and ``numpy.linalg.eigh``
    cost several times more than the decomposition itself.
    """
    w, v, _, _, info = _dsyevr(m)
    if info != 0:  # the eigensolver failed to converge: use the general method
        return np.asarray(_linalg.expm(m))
    return (v * np.exp(w)) @ v.T


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
    ``eta_A = 0.6 (3 + ln d) / d^1.5``. See `xnes_update()` for the
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
        # Learning rates folded into the utilities: two fewer NumPy calls in
        # every update, which is what small problems pay for.
        self._w_mu = self._eta_mu * self._utilities
        self._w_a = (0.5 * self._eta_a) * self._utilities
        self._mu = self._x0.copy()
        self._a = np.diag(self._sigma0)

    def _ask(self) -> FloatArray:
        assert self._population_size is not None
        self._z = self._rng.standard_normal((self._population_size, self._n_parameters))
        return self._z @ self._a.T + self._mu

    def _tell(self, fs: FloatArray) -> None:
        z_sorted = self._z.take(fs.argsort(kind="stable"), axis=0)
        self._mu, self._a = xnes_update(
            self._mu, self._a, z_sorted, self._w_mu, self._w_a
        )

    def _contract(self, centre: FloatArray, factor: float) -> None:
        self._mu = np.array(centre, dtype=float)
        self._a = factor * self._a

    @classmethod
    def name(cls) -> str:
        return "Exponential Natural Evolution Strategy (xNES)"
