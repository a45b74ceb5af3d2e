"""The adaptive-covariance family: a random walk whose Gaussian proposal
learns the target's mean and covariance as the chain runs."""

from __future__ import annotations

import math
from typing import ClassVar

import numpy as np

from .._checks import flag, hyper_parameters, number
from .._typing import ArrayLike, FloatArray, RngLike
from .._util import Capabilities
from ..log import Logger
from ._base import Reply, SingleChainMCMC
from ._metropolis import accept


class AdaptiveCovarianceMC(SingleChainMCMC):
    """Base class of single-chain samplers that adapt a global proposal
    covariance while they run [1]_, [2]_.

    Each step proposes ``x' ~ N(x, C)``, with ``C`` given by the subclass
    (`_proposal_covariance`), and accepts it by the Metropolis rule. Outside
    the initial phase every step then updates a running mean ``mu`` and
    covariance ``sigma`` of the chain with a gain ``gamma`` that decays
    over the adaptations, so that the adaptation vanishes and the chain
    stays ergodic [1]_.

    Parameters
    ----------
    x0 : array_like, shape (n_parameters,)
        Starting point; its log-pdf must be finite.
    sigma0 : float or array_like, optional
        Initial covariance ``sigma`` (see `SingleChainMCMC`).
    rng : int, numpy.random.Generator or None, optional
        Random generator or seed (keyword only).

    Notes
    -----
    The ``k``-th adaptation, after the step to ``x_t+1`` ([1]_, Algorithm
    4; as in PINTS, the covariance uses the updated mean and the first
    gain is ``2^-eta``)::

        gamma = (k + 1)^-eta
        mu    = (1 - gamma) mu + gamma x_t+1
        sigma = (1 - gamma) sigma + gamma (x_t+1 - mu)(x_t+1 - mu)^T

    Any ``eta > 0`` makes the adaptation diminish, as ergodicity needs
    [1]_; with ``eta <= 1`` the gains still sum to infinity, so the
    estimates forget their starting values.

    A new sampler is in its initial phase (`in_initial_phase()` is True)
    and does not adapt until ``set_initial_phase(False)``, as in PINTS; the
    controller switches the phase off after its initial-phase iterations.
    The acceptance rate counts ``x0`` as a (not accepted) point.

    Subclasses set the proposal covariance (`_proposal_covariance`) and may
    override the covariance update (`_adapt_sigma`) and any other
    adaptation (`_adapt_internal`, e.g. a global scale).

    References
    ----------
    .. [1] Andrieu and Thoms (2008) A tutorial on adaptive MCMC. Statistics
           and Computing 18, 343-373. https://doi.org/10.1007/s11222-008-9110-y
    .. [2] Haario, Saksman and Tamminen (2001) An adaptive Metropolis
           algorithm. Bernoulli 7(2), 223-242. https://doi.org/10.2307/3318737
    """

    capabilities: ClassVar[Capabilities] = Capabilities(supports_boundaries=False)

    def __init__(
        self, x0: ArrayLike, sigma0: ArrayLike | None = None, *, rng: RngLike = None
    ) -> None:
        super().__init__(x0, sigma0, rng=rng)
        self._adaptive = False
        self._eta = 0.6
        self._target_acceptance = 0.234
        self._iterations = 0
        self._accepted = 0
        self._acceptance = 0.0
        # PINTS starts the count at 1, so the first gain is 2^-eta.
        self._adaptations = 1
        self._gamma = 1.0
        self._mu = self._x0.copy()
        self._sigma = self._sigma0.copy()

    # -- settings ----------------------------------------------------------------
    def acceptance_rate(self) -> float:
        """The fraction of the chain's points so far that were accepted
        proposals (``x0`` counts as a point)."""
        return self._acceptance

    def eta(self) -> float:
        """The decay exponent ``eta`` of the adaptation gain
        ``gamma = adaptations^-eta``."""
        return self._eta

    def set_eta(self, eta: float) -> None:
        """Set the decay exponent ``eta > 0`` of the adaptation gain.

        Raises
        ------
        ValueError
            If ``eta`` is not positive and finite.
        """
        eta = number(eta, "eta")
        if not eta > 0:
            raise ValueError("eta should be greater than zero")
        if not math.isfinite(eta):
            raise ValueError(f"eta must be finite; got {eta}.")
        self._eta = eta

    def target_acceptance_rate(self) -> float:
        """The acceptance rate the adaptation aims for (default 0.234)."""
        return self._target_acceptance

    def set_target_acceptance_rate(self, rate: float = 0.234) -> None:
        """Set the target acceptance rate, in ``(0, 1]``.

        Raises
        ------
        ValueError
            If ``rate`` is not in ``(0, 1]``.
        """
        rate = number(rate, "rate")
        if not rate > 0:
            raise ValueError("Target acceptance rate must be greater than 0.")
        if rate > 1:
            raise ValueError("Target acceptance rate cannot exceed 1.")
        self._target_acceptance = rate

    def n_hyper_parameters(self) -> int:
        return 1

    def set_hyper_parameters(self, x: ArrayLike) -> None:
        """Set the hyper-parameters ``[eta]``."""
        self.set_eta(hyper_parameters(x, 1)[0])

    def needs_initial_phase(self) -> bool:
        return True

    def in_initial_phase(self) -> bool:
        """Whether the sampler is in its adaptation-free initial phase."""
        return not self._adaptive

    def set_initial_phase(self, in_initial_phase: bool) -> None:
        """Switch the adaptation-free initial phase on or off."""
        self._adaptive = not flag(in_initial_phase, "in_initial_phase")

    # -- the step ------------------------------------------------------------------
    def _started(self) -> None:
        self._iterations = 1

    def _proposal_covariance(self) -> FloatArray:
        """The covariance of the next Gaussian proposal."""
        raise NotImplementedError

    def _propose(self) -> FloatArray:
        assert self._current is not None
        z = self._rng.standard_normal(self._n_parameters)
        return self._current + gaussian_factor(self._proposal_covariance()) @ z

    def _step(self, x: FloatArray, fx: float) -> Reply | None:
        previous = self._current
        assert previous is not None
        log_ratio = fx - self._current_log_pdf
        accepted = accept(fx, self._current_log_pdf, self._rng.uniform())
        self._count(accepted, x, fx)
        if self._adaptive:
            self._adapt(previous, x, log_ratio, accepted)
        assert self._current is not None
        return self._current, self._current_log_pdf, accepted

    def _count(self, accepted: bool, x: FloatArray, fx: float) -> None:
        """Move to ``x`` if accepted and update the acceptance rate."""
        if accepted:
            self._current, self._current_log_pdf = x, fx
        self._accepted += accepted
        self._iterations += 1
        self._acceptance = self._accepted / self._iterations

    def _adapt(
        self,
        previous: FloatArray,
        proposal: FloatArray,
        log_ratio: float,
        accepted: bool,
    ) -> None:
        """One adaptation after a completed step from ``previous``."""
        self._gamma = (self._adaptations + 1) ** -self._eta
        self._adaptations += 1
        assert self._current is not None
        self._mu = mean_update(self._mu, self._current, self._gamma)
        self._adapt_sigma(previous, proposal, log_ratio)
        self._adapt_internal(accepted, log_ratio)

    def _adapt_sigma(
        self, previous: FloatArray, proposal: FloatArray, log_ratio: float
    ) -> None:
        """Update ``sigma`` (default: the chain's running covariance)."""
        assert self._current is not None
        self._sigma = covariance_update(
            self._sigma, self._current, self._mu, self._gamma
        )

    def _adapt_internal(self, accepted: bool, log_ratio: float) -> None:
        """Adapt anything else (default: nothing)."""

    def _log_init(self, logger: Logger) -> None:
        logger.add_float("Accept.")

    def _log_write(self, logger: Logger) -> None:
        logger.log(self._acceptance)


def mean_update(mu: FloatArray, x: FloatArray, gamma: float) -> FloatArray:
    """``(1 - gamma) mu + gamma x``: the running mean (Andrieu and Thoms
    2008, Algorithm 4)."""
    return (1 - gamma) * mu + gamma * x


def covariance_update(
    sigma: FloatArray, x: FloatArray, mu: FloatArray, gamma: float
) -> FloatArray:
    """``(1 - gamma) sigma + gamma (x - mu)(x - mu)^T``: the running
    covariance (Andrieu and Thoms 2008, Algorithm 4)."""
    d = x - mu
    return (1 - gamma) * sigma + gamma * np.outer(d, d)


def acceptance_probability(log_ratio: float) -> float:
    """``min(1, exp(log_ratio))``, the Metropolis acceptance probability."""
    return math.exp(log_ratio) if log_ratio < 0 else 1.0


def gaussian_factor(cov: FloatArray) -> FloatArray:
    """A matrix ``L`` with ``L L^T = cov``: the Cholesky factor, or, for a
    covariance that is only semi-definite (numerically), a factor from its
    eigen-decomposition with negative eigenvalues set to zero."""
    # LAPACK's potrf directly: numpy.linalg.cholesky's checks and error
    # handling cost more than the factorisation of these small matrices, and
    # this runs at every proposal.
    factor, info = _potrf(cov, lower=True, clean=True)
    if info == 0:
        return factor
    w, v = np.linalg.eigh(0.5 * (cov + cov.T))
    return np.asarray(v * np.sqrt(np.clip(w, 0, None)), dtype=float)


def _potrf(cov: FloatArray, lower: bool, clean: bool) -> tuple[FloatArray, int]:
    from scipy.linalg.lapack import dpotrf

    factor, info = dpotrf(cov, lower=lower, clean=clean)
    return factor, int(info)
