"""Separable natural evolution strategy (SNES)."""

from __future__ import annotations

import math

import numpy as np

from .._typing import FloatArray
from ._distribution import MeanBasedOptimiser
from ._xnes import xnes_utilities


def snes_update(
    mu: FloatArray,
    sigmas: FloatArray,
    s: FloatArray,
    w_mu: FloatArray,
    w_sigmas: FloatArray,
) -> tuple[FloatArray, FloatArray]:
    """One SNES update of the mean and the per-parameter standard deviations.

    Parameters
    ----------
    mu : array, shape (n,)
        Current mean.
    sigmas : array, shape (n,)
        Current standard deviations (samples are ``mu + sigmas * s``).
    s : array, shape (λ, n)
        The standard-normal samples, in any order.
    w_mu, w_sigmas : array, shape (λ,)
        Each sample's fitness-shaping utility ``u`` (that of its rank: for
        samples sorted from best to worst score, the utilities themselves),
        scaled by the learning rates: ``w_mu = eta_mu * u`` and
        ``w_sigmas = eta_sigmas * u / 2``. The utilities must sum to zero,
        as those of `xnes_utilities()` do.

    Returns
    -------
    mu, sigmas : the updated mean and standard deviations (new arrays).

    Notes
    -----
    With the natural gradients of Algorithm 6 in [1]_, $u_k$ the
    utility of sample $s_k$,

    $$
    \\nabla_\\mu J = \\sum_k u_k s_k, \\qquad
    \\nabla_\\sigma J = \\sum_k u_k (s_k^2 - 1),
    $$

    $$
    \\mu \\leftarrow \\mu + \\eta_\\mu \\, \\sigma \\odot \\nabla_\\mu J,
    \\qquad
    \\sigma \\leftarrow \\sigma \\odot
        \\exp(\\tfrac{1}{2} \\eta_\\sigma \\nabla_\\sigma J),
    $$

    element-wise (the mean moves with the standard deviations from before
    the update).

    References
    ----------
    .. [1] Schaul, Glasmachers and Schmidhuber (2011) "High dimensions and
       heavy tails for natural evolution strategies". GECCO '11, 845-852.
       https://doi.org/10.1145/2001576.2001692
    """
    # For small populations the cost is per NumPy call, not per element, so
    # the update makes as few calls as it can: ndarray.dot is @ at half the
    # call overhead, the learning rates come folded into the weights, and the
    # weights sum to zero, so the -1 of (s^2 - 1) contributes nothing.
    mu = mu + sigmas * w_mu.dot(s)
    sigmas = sigmas * np.exp(w_sigmas.dot(s * s))
    return mu, sigmas


class SNES(MeanBasedOptimiser):
    """Separable natural evolution strategy (SNES) [1]_.

    Samples a population from a normal distribution with a diagonal
    covariance matrix, ``N(mu, diag(sigmas)²)``, and moves ``mu`` and
    ``sigmas`` along the natural gradient of the expected fitness, using
    rank-based utilities. Learning one standard deviation per parameter
    (instead of a full covariance matrix, as `XNES` does) makes each
    generation cost ``O(λ n)``, so it suits high-dimensional problems whose
    parameters are not strongly correlated.

    Parameters
    ----------
    x0 : array_like, shape (n_parameters,)
        Starting point (the initial mean).
    sigma0 : float or array_like, shape (n_parameters,), optional
        Initial standard deviations.
    boundaries : Boundaries, optional
        Points outside are not returned by ``ask()`` and score ``+inf``.
    rng : int, numpy.random.Generator or None, optional
        Random generator or seed.

    Notes
    -----
    Learning rates follow [1]_: ``eta_mu = 1`` and
    ``eta_sigma = 0.2 (3 + ln n) / sqrt(n)``; the utilities are those of
    `xnes_utilities()`. See
    `snes_update()` for the update rule. ``x_guessed()`` is the mean and
    ``f_guessed()`` the best score of the last population told.

    References
    ----------
    .. [1] Schaul, Glasmachers and Schmidhuber (2011) "High dimensions and
       heavy tails for natural evolution strategies". GECCO '11, 845-852.
       https://doi.org/10.1145/2001576.2001692
    """

    _label = "SNES"

    def _initialise(self) -> None:
        d = self._n_parameters
        assert self._population_size is not None
        self._eta_mu = 1.0
        self._eta_sigmas = 0.2 * (3 + math.log(d)) * d**-0.5
        self._utilities = u = xnes_utilities(self._population_size)
        # The learning rates, folded into the utilities once.
        self._w_mu = self._eta_mu * u
        self._w_sigmas = (0.5 * self._eta_sigmas) * u
        self._mu = self._x0.copy()
        self._sigmas = self._sigma0.copy()

    def _ask(self) -> FloatArray:
        assert self._population_size is not None
        self._s = self._rng.standard_normal((self._population_size, self._n_parameters))
        return self._mu + self._sigmas * self._s

    def _tell(self, fs: FloatArray) -> None:
        s_sorted = self._s.take(fs.argsort(), axis=0)
        self._mu, self._sigmas = snes_update(
            self._mu, self._sigmas, s_sorted, self._w_mu, self._w_sigmas
        )

    def _contract(self, centre: FloatArray, factor: float) -> None:
        self._mu = np.array(centre, dtype=float)
        self._sigmas = factor * self._sigmas

    @classmethod
    def name(cls) -> str:
        # "Seperable" (sic) as in PINTS: users and tests match on the name.
        return "Seperable Natural Evolution Strategy (SNES)"
