"""The Metropolis-adjusted Langevin algorithm (MALA)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

import numpy as np

from .._typing import ArrayLike, FloatArray, RngLike
from .._util import Capabilities, read_only
from ..log import Logger
from ._base import Reply, SingleChainMCMC
from ._leapfrog import check_gradient, check_start_gradient, warn_non_finite_gradient


class MALAMCMC(SingleChainMCMC):
    r"""Metropolis-adjusted Langevin algorithm [1]_ (single chain, needs
    gradients).

    Proposals follow one Euler step of the Langevin diffusion whose
    stationary distribution is the target, and a Metropolis-Hastings test
    corrects the discretisation error.

    Parameters
    ----------
    x0 : array_like, shape (n_parameters,)
        Starting point; its log-pdf and gradient must be finite.
    sigma0 : float or array_like, optional
        As for `SingleChainMCMC`; the default `epsilon()` is 0.2 times its
        diagonal (as in PINTS).
    rng : int, numpy.random.Generator or None, optional
        Random generator or seed (keyword only).

    Notes
    -----
    With the step sizes :math:`\epsilon` (a vector; products elementwise),
    the proposal is

    .. math::
        x' = \mu(x) + \epsilon z, \quad
        \mu(x) = x + \tfrac{\epsilon^2}{2} \nabla \log \pi(x), \quad
        z \sim N(0, I),

    so :math:`q(x' \mid x) = N(x'; \mu(x), \mathrm{diag}(\epsilon^2))`
    (eq. 10 in [1]_ with the preconditioning :math:`\epsilon^2`), accepted
    with probability

    .. math::
        \min\left(1, \frac{\pi(x') q(x \mid x')}{\pi(x) q(x' \mid x)}\right).

    A proposal whose log-pdf or gradient is not finite is rejected (a
    non-finite gradient with a warning the first time; see
    `non_finite_gradients()`).

    References
    ----------
    .. [1] Girolami and Calderhead (2011) Riemann manifold Langevin and
           Hamiltonian Monte Carlo methods. Journal of the Royal Statistical
           Society: Series B 73(2), 123-214.
           https://doi.org/10.1111/j.1467-9868.2010.00765.x
    """

    capabilities: ClassVar[Capabilities] = Capabilities(
        needs_gradients=True, supports_boundaries=False
    )

    def __init__(
        self, x0: ArrayLike, sigma0: ArrayLike | None = None, *, rng: RngLike = None
    ) -> None:
        super().__init__(x0, sigma0, rng=rng)
        self._step_size = 0.2
        self._scale_vector = read_only(np.diag(self._sigma0).copy())
        self._iterations = 0
        self._acceptance = 0.0
        self._non_finite_gradients = 0
        self.set_epsilon()

    @classmethod
    def name(cls) -> str:
        return "Metropolis-Adjusted Langevin Algorithm (MALA)"

    def needs_sensitivities(self) -> bool:
        """True: ``tell()`` takes ``(log_pdf, gradient)`` pairs."""
        return True

    def acceptance_rate(self) -> float:
        """The fraction of the chain's points that were accepted proposals
        (``x0`` counts as a point, as in PINTS)."""
        return self._acceptance

    def non_finite_gradients(self) -> int:
        """The number of proposals rejected because the gradient there was
        not finite (beyond PINTS)."""
        return self._non_finite_gradients

    def epsilon(self) -> FloatArray:
        """The step size of each coordinate."""
        return self._epsilon

    def set_epsilon(self, epsilon: ArrayLike | None = None) -> None:
        """Set the step size of each coordinate (positive; one value per
        parameter), or with ``None`` the default, 0.2 times the diagonal of
        ``sigma0``."""
        if epsilon is None:
            self._epsilon = read_only(self._step_size * self._scale_vector)
            return
        a = np.array(epsilon, dtype=float).ravel()
        if len(a) != self._n_parameters:
            raise ValueError(
                "Dimensions of epsilon must be same as number of parameters."
            )
        if not np.all(a > 0) or not np.all(np.isfinite(a)):
            raise ValueError("Elements of epsilon must exceed 0.")
        self._epsilon = read_only(a)

    def n_hyper_parameters(self) -> int:
        return 1

    def set_hyper_parameters(self, x: Sequence[Any] | np.ndarray) -> None:
        """Set ``[epsilon]``."""
        self.set_epsilon(x[0])

    def replace(self, current: Any, current_log_pdf: Any, proposed: Any = None) -> None:
        """Not supported, as in PINTS (proposals need the gradient)."""
        raise NotImplementedError("MALAMCMC does not support replace().")

    # -- the template's hooks -------------------------------------------------------
    def _clean(self, fx: Any) -> Any:
        f, g = super()._clean(fx)
        return f, check_gradient(g, self._n_parameters)

    def _bad_start_message(self, values: FloatArray) -> str:
        return "Initial point for MCMC must have finite log_pdf."

    def _first(self, fx: Any) -> Reply:
        if np.isfinite(fx[0]):
            check_start_gradient(self, fx[1])
        return super()._first(fx)

    def _started(self) -> None:
        self._iterations = 1

    def _propose(self) -> FloatArray:
        assert self._current is not None
        self._z = self._rng.standard_normal(self._n_parameters)
        return drift_mean(self._current, self._current_log_pdf[1], self._epsilon) + (
            self._epsilon * self._z
        )

    def _step(self, x: FloatArray, fx: Any) -> Reply:
        f, g = fx
        accepted = False
        if not np.isfinite(g).all():
            if self._non_finite_gradients == 0:
                warn_non_finite_gradient(self, x)
            self._non_finite_gradients += 1
        elif np.isfinite(f):
            assert self._current is not None
            log_ratio = log_acceptance_ratio(
                self._current, self._current_log_pdf, x, fx, self._epsilon, self._z
            )
            if np.log(self._rng.uniform()) < log_ratio:
                accepted = True
                self._current, self._current_log_pdf = x, fx
        # As PINTS: the rate over the chain's points, x0 included.
        self._acceptance = (self._iterations * self._acceptance + accepted) / (
            self._iterations + 1
        )
        self._iterations += 1
        assert self._current is not None
        return self._current, self._current_log_pdf, accepted

    def _log_init(self, logger: Logger) -> None:
        logger.add_float("Accept.")

    def _log_write(self, logger: Logger) -> None:
        logger.log(self._acceptance)


def drift_mean(x: FloatArray, gradient: FloatArray, epsilon: FloatArray) -> FloatArray:
    """The proposal mean ``x + (epsilon^2 / 2) grad log pi(x)``."""
    return x + 0.5 * epsilon**2 * gradient


def log_acceptance_ratio(
    x: FloatArray,
    fx: tuple[float, FloatArray],
    y: FloatArray,
    fy: tuple[float, FloatArray],
    epsilon: FloatArray,
    z: FloatArray,
) -> float:
    """``log [pi(y) q(x | y) / (pi(x) q(y | x))]`` for a proposal
    ``y = mu(x) + epsilon z``; the Gaussians' normalising constants cancel."""
    backward = (x - drift_mean(y, fy[1], epsilon)) / epsilon
    return float(fy[0] - fx[0] - 0.5 * (backward @ backward) + 0.5 * (z @ z))
