"""Haario-Bardenet adaptive Metropolis: the global scale follows the
accept/reject indicator."""

from __future__ import annotations

import math
import warnings

from .._typing import ArrayLike, FloatArray, RngLike
from ._adaptive_covariance import AdaptiveCovarianceMC


class HaarioBardenetACMC(AdaptiveCovarianceMC):
    """Adaptive Metropolis MCMC as in the supplementary material of
    Johnstone et al. [1]_, after Haario et al. [2]_.

    The proposal is ``N(x, lambda sigma)``, where ``sigma`` is the chain's
    running covariance and the scale ``lambda`` is adapted towards the
    target acceptance rate. It is PINTS's default MCMC method.

    Parameters are those of `AdaptiveCovarianceMC`.

    Notes
    -----
    After each adaptive step, besides the updates of `AdaptiveCovarianceMC`::

        log lambda = log lambda + gamma (accepted - target acceptance rate)

    with ``accepted`` 1 or 0 and ``log lambda = 0`` at the start; this is
    the Robbins-Monro scale update of Andrieu and Thoms (2008), Algorithm
    4, with the indicator in place of the acceptance probability (which
    `HaarioACMC` uses).

    References
    ----------
    .. [1] Johnstone, Chang, Bardenet, de Boer, Gavaghan, Pathmanathan,
           Clayton and Mirams (2016) Uncertainty and variability in models
           of the cardiac action potential: Can we build trustworthy
           models? Journal of Molecular and Cellular Cardiology 96, 49-62.
           https://doi.org/10.1016/j.yjmcc.2015.11.018
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
        return "Haario-Bardenet adaptive covariance MCMC"

    def _proposal_covariance(self) -> FloatArray:
        return math.exp(self._log_lambda) * self._sigma

    def _adapt_internal(self, accepted: bool, log_ratio: float) -> None:
        # [1], supplement: the indicator replaces the acceptance probability
        self._log_lambda += self._gamma * (float(accepted) - self._target_acceptance)


class AdaptiveCovarianceMCMC(HaarioBardenetACMC):
    """Deprecated alias of `HaarioBardenetACMC` (warns on every
    construction)."""

    def __init__(
        self, x0: ArrayLike, sigma0: ArrayLike | None = None, *, rng: RngLike = None
    ) -> None:
        warnings.warn(
            "The class `pints.AdaptiveCovarianceMCMC` is deprecated."
            " Please use `pints.HaarioBardenetACMC` instead.",
            stacklevel=2,
        )
        super().__init__(x0, sigma0, rng=rng)
