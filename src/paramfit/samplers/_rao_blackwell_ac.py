"""Rao-Blackwellised adaptive Metropolis: the covariance learns from the
proposal weighted by its acceptance probability."""

from __future__ import annotations

from .._typing import ArrayLike, FloatArray, RngLike
from ._adaptive_covariance import (
    AdaptiveCovarianceMC,
    acceptance_probability,
    covariance_update,
)


class RaoBlackwellACMC(AdaptiveCovarianceMC):
    """Rao-Blackwellised adaptive Metropolis MCMC: Algorithm 3 of Andrieu
    and Thoms [1]_.

    The proposal is ``N(x, lambda sigma)`` with the fixed scale
    ``lambda = 2.38^2 / n_parameters`` (the optimal scale for Gaussian
    targets). The covariance update replaces the chain's next point by its
    expectation over the accept/reject decision, which lowers the variance
    of the adaptation.

    Parameters are those of `AdaptiveCovarianceMC`.

    Notes
    -----
    With ``x_t`` the point before the step, ``y`` the proposal and
    ``alpha = min(1, p(y) / p(x_t))`` ([1]_, Algorithm 3)::

        x_bar = alpha y + (1 - alpha) x_t
        sigma = (1 - gamma) sigma + gamma (x_bar - mu)(x_bar - mu)^T

    while the mean follows the chain as in `AdaptiveCovarianceMC`. As in
    PINTS, the gain is ``gamma = (k + 1)^-eta`` and the proposal is scaled
    by ``lambda``, where [1]_ uses a general gain sequence and ``sigma``
    unscaled; the covariance update uses the updated mean.

    References
    ----------
    .. [1] Andrieu and Thoms (2008) A tutorial on adaptive MCMC. Statistics
           and Computing 18, 343-373. https://doi.org/10.1007/s11222-008-9110-y
    """

    def __init__(
        self, x0: ArrayLike, sigma0: ArrayLike | None = None, *, rng: RngLike = None
    ) -> None:
        super().__init__(x0, sigma0, rng=rng)
        self._lambda = 2.38**2 / self._n_parameters

    @classmethod
    def name(cls) -> str:
        return "Rao-Blackwell adaptive covariance MCMC"

    def _proposal_covariance(self) -> FloatArray:
        return self._lambda * self._sigma

    def _adapt_sigma(
        self, previous: FloatArray, proposal: FloatArray, log_ratio: float
    ) -> None:
        alpha = acceptance_probability(log_ratio)
        x_bar = alpha * proposal + (1 - alpha) * previous  # [1], Algorithm 3
        self._sigma = covariance_update(self._sigma, x_bar, self._mu, self._gamma)
