"""Haario's adaptive Metropolis with a global scale adapted by the
acceptance probability."""

from __future__ import annotations

import math

from .._typing import ArrayLike, FloatArray, RngLike
from ._adaptive_covariance import AdaptiveCovarianceMC, acceptance_probability


class HaarioACMC(AdaptiveCovarianceMC):
    """Adaptive Metropolis MCMC: Algorithm 4 of Andrieu and Thoms [1]_,
    after Haario et al. [2]_.

    The proposal is ``N(x, lambda sigma)``, where ``sigma`` is the chain's
    running covariance and the scale ``lambda`` is adapted towards the
    target acceptance rate using each step's acceptance probability.

    Parameters are those of `AdaptiveCovarianceMC`.

    Notes
    -----
    After each adaptive step, besides the updates of `AdaptiveCovarianceMC`
    ([1]_, Algorithm 4)::

        alpha      = min(1, p(x') / p(x_t))
        log lambda = log lambda + gamma (alpha - target acceptance rate)

    with ``log lambda = 0`` at the start. `HaarioBardenetACMC` differs only
    in using the accept/reject indicator instead of ``alpha``.

    References
    ----------
    .. [1] Andrieu and Thoms (2008) A tutorial on adaptive MCMC. Statistics
           and Computing 18, 343-373. https://doi.org/10.1007/s11222-008-9110-y
    .. [2] Haario, Saksman and Tamminen (2001) An adaptive Metropolis
           algorithm. Bernoulli 7(2), 223-242. https://doi.org/10.2307/3318737
    """

    def __init__(
        self, x0: ArrayLike, sigma0: ArrayLike | None = None, *, rng: RngLike = None
    ) -> None:
        super().__init__(x0, sigma0, rng=rng)
        self._log_lambda = 0.0

    @classmethod
    def name(cls) -> str:
        return "Haario adaptive covariance MCMC"

    def _proposal_covariance(self) -> FloatArray:
        return math.exp(self._log_lambda) * self._sigma

    def _adapt_internal(self, accepted: bool, log_ratio: float) -> None:
        # [1], Algorithm 4: the scale follows the acceptance probability
        alpha = acceptance_probability(log_ratio)
        self._log_lambda += self._gamma * (alpha - self._target_acceptance)
