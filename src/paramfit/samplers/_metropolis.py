"""Random-walk Metropolis: Gaussian proposals around the current point."""

from __future__ import annotations

import numpy as np

from .._typing import FloatArray
from ..log import Logger
from ._base import SingleChainMCMC


class MetropolisRandomWalkMCMC(SingleChainMCMC):
    """Random-walk Metropolis MCMC [1].

    Each step proposes ``x' ~ N(x, sigma0)`` and accepts it with probability
    ``min(1, pi(x') / pi(x))``; the Gaussian proposal is symmetric, so its
    density cancels from the ratio.

    Parameters are those of `SingleChainMCMC`; ``sigma0`` is the proposal
    covariance.

    References
    ----------
    [1] Metropolis, Rosenbluth, Rosenbluth, Teller and Teller (1953).
        Equation of state calculations by fast computing machines. The
        Journal of Chemical Physics 21(6), 1087-1092.
    """

    @classmethod
    def name(cls) -> str:
        return "Metropolis random walk MCMC"

    def _initialise(self) -> None:
        # As PINTS: the rate is over every point of the chain, x0 included
        # (which counts as not accepted).
        self._iterations = 0
        self._accepted = 0
        self._acceptance = 0.0
        self._cholesky = np.linalg.cholesky(self._sigma0)

    def _started(self) -> None:
        self._iterations = 1

    def acceptance_rate(self) -> float:
        """The fraction of proposals accepted so far."""
        return self._acceptance

    def _propose(self) -> FloatArray:
        assert self._current is not None
        z = self._rng.standard_normal(self._n_parameters)
        return self._current + self._cholesky @ z

    def _step(self, x: FloatArray, fx: float) -> tuple[FloatArray, float, bool]:
        accepted = accept(fx, self._current_log_pdf, self._rng.uniform())
        if accepted:
            self._current, self._current_log_pdf = x, fx
        self._accepted += accepted
        self._iterations += 1
        self._acceptance = self._accepted / self._iterations
        assert self._current is not None
        return self._current, self._current_log_pdf, accepted

    def _log_init(self, logger: Logger) -> None:
        logger.add_float("Accept.")

    def _log_write(self, logger: Logger) -> None:
        logger.log(self._acceptance)


def accept(f_proposed: float, f_current: float, u: float) -> bool:
    """The Metropolis rule: accept when ``log u < f_proposed - f_current``
    (never for a non-finite proposal)."""
    return bool(np.isfinite(f_proposed) and np.log(u) < f_proposed - f_current)
