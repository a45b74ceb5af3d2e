"""Leapfrog integration, and the base of the fixed-length Hamiltonian samplers.

The pieces are small and pure so that tests can drive them by hand:

* `kick` and `drift` are the two halves of a leapfrog step (Neal 2011,
  eqs. 5.18-5.20), written for the gradient of the log-pdf (the negative
  gradient of the potential energy ``U = -log pi``);
* `GaussianKinetic` is the usual kinetic energy ``p' M^-1 p / 2`` with a
  diagonal or dense inverse mass matrix (its momentum draws, energy and
  velocity ``dK/dp``);
* `Trajectory` is a run of ``L`` leapfrog steps as an ask/tell state
  machine: one log-pdf evaluation per step.

`LeapfrogMCMC` is the family base of `HamiltonianMCMC`,
`MonomialGammaHamiltonianMCMC` and `RelativisticMCMC`, which differ only in
their kinetic energy: it owns PINTS's leapfrog hyper-parameters, the
Metropolis correction, divergence checks and the log.

References
----------
Neal (2011) MCMC using Hamiltonian dynamics. Chapter 5 of the Handbook of
Markov Chain Monte Carlo (eds. Brooks, Gelman, Jones and Meng).
"""

from __future__ import annotations

import warnings
from typing import Any, ClassVar, Protocol

import numpy as np

from .._typing import ArrayLike, FloatArray, RngLike
from .._util import Capabilities, read_only
from ..log import Logger
from ._base import Reply, SingleChainMCMC


def kick(p: FloatArray, gradient: FloatArray, step: Any) -> FloatArray:
    """Half a momentum step, ``p + (step / 2) grad log pi`` (Neal 2011,
    eqs. 5.18 and 5.20, with ``grad U = -grad log pi``)."""
    return p + 0.5 * step * gradient


def drift(x: FloatArray, velocity: FloatArray, step: Any) -> FloatArray:
    """A full position step, ``x + step dK/dp`` (Neal 2011, eq. 5.19)."""
    return x + step * velocity


class Kinetic(Protocol):
    """A kinetic energy ``K(p)``: its momentum distribution ``exp(-K)``."""

    def energy(self, p: FloatArray) -> float: ...

    def velocity(self, p: FloatArray) -> FloatArray: ...

    def sample(self, rng: Any, n: int) -> FloatArray: ...


class GaussianKinetic:
    """``K(p) = p' M^-1 p / 2``, with momenta ``p ~ N(0, M)``.

    Parameters
    ----------
    inverse_mass : ndarray, shape (n,) or (n, n)
        The inverse mass matrix: its diagonal, or the dense matrix (symmetric
        positive definite).
    """

    def __init__(self, inverse_mass: FloatArray) -> None:
        self.inverse_mass = np.asarray(inverse_mass, dtype=float)
        self.dense = self.inverse_mass.ndim == 2
        self._identity = not self.dense and bool(np.all(self.inverse_mass == 1))
        if self.dense:
            # p = L z with L L' = M = inverse_mass^-1 has covariance M.
            self._factor = np.linalg.cholesky(np.linalg.inv(self.inverse_mass))
        else:
            self._factor = np.sqrt(1.0 / self.inverse_mass)

    def velocity(self, p: FloatArray) -> FloatArray:
        """``dK/dp = M^-1 p``."""
        if self._identity:
            return p
        return self.inverse_mass @ p if self.dense else self.inverse_mass * p

    def energy(self, p: FloatArray) -> float:
        """``p' M^-1 p / 2``."""
        return 0.5 * float(p @ self.velocity(p))

    def sample(self, rng: Any, n: int) -> FloatArray:
        """A momentum draw from ``N(0, M)``."""
        z = rng.standard_normal(n)
        return self._factor @ z if self.dense else self._factor * z


class Trajectory:
    """``n_steps`` leapfrog steps from ``(x, p)``, one evaluation per step.

    Consecutive half kicks are merged into one full kick, so the momentum
    is kicked by half a step at the start and end and by a full step in
    between (Neal 2011, Fig. 2).

    Parameters
    ----------
    x, p, gradient : ndarray, shape (n,)
        Start position, momentum and log-pdf gradient at ``x``.
    step : float or ndarray, shape (n,)
        The step size (per coordinate if a vector; Neal 2011, eqs. 4.14-4.16).
    n_steps : int
        The number of leapfrog steps, at least 1.
    kinetic : Kinetic
        The kinetic energy, for ``dK/dp``.
    """

    def __init__(
        self,
        x: FloatArray,
        p: FloatArray,
        gradient: FloatArray,
        step: Any,
        n_steps: int,
        kinetic: Kinetic,
    ) -> None:
        self.initial_momentum = p
        self.position = x
        self.momentum = kick(p, gradient, step)
        self.step = step
        self.n_steps = n_steps
        self.taken = 0
        self.kinetic = kinetic

    def point(self) -> FloatArray:
        """The next position, to evaluate."""
        return drift(self.position, self.kinetic.velocity(self.momentum), self.step)

    def tell(self, x: FloatArray, gradient: FloatArray) -> None:
        """Move to ``x`` (from `point()`), with log-pdf gradient ``gradient``."""
        self.position = x
        self.taken += 1
        if self.taken < self.n_steps:
            self.momentum = self.momentum + self.step * gradient
        else:
            self.momentum = kick(self.momentum, gradient, self.step)

    def done(self) -> bool:
        """Whether all steps have been taken."""
        return self.taken >= self.n_steps


def check_gradient(gradient: FloatArray, n: int) -> FloatArray:
    """``gradient`` if it is a vector of length ``n``, else a ValueError."""
    if gradient.shape != (n,):
        raise ValueError(
            f"The gradient of the log-pdf must have shape ({n},); got shape "
            f"{gradient.shape}."
        )
    return gradient


def check_start_gradient(sampler: SingleChainMCMC, gradient: FloatArray) -> None:
    """Refuse a starting point whose log-pdf gradient is not finite."""
    if not np.all(np.isfinite(gradient)):
        raise ValueError(
            f"{type(sampler).__name__} needs a finite gradient of the log-pdf at "
            f"the initial point; got {gradient.tolist()}."
        )


def warn_non_finite_gradient(sampler: SingleChainMCMC, x: FloatArray) -> None:
    """Say that a transition was rejected for a non-finite gradient at ``x``
    (the first time only; the sampler counts them)."""
    warnings.warn(
        f"{type(sampler).__name__}: the gradient of the log-pdf at "
        f"{np.asarray(x).tolist()} is not finite; the transition is rejected "
        "(further ones are counted by non_finite_gradients(), not shown).",
        RuntimeWarning,
        stacklevel=4,
    )


class LeapfrogMCMC(SingleChainMCMC):
    """Base of Hamiltonian samplers with fixed-length leapfrog trajectories.

    Each iteration draws a momentum ``p ~ exp(-K)``, takes
    `leapfrog_steps()` leapfrog steps of size `scaled_epsilon()` (one
    log-pdf evaluation each; `tell()` returns ``None`` until the last) and
    accepts the end point with probability
    ``min(1, exp(H(x, p) - H(x', p')))``, ``H = -log pi + K`` (Neal 2011,
    eq. 5.22). As in PINTS, an iteration is divergent, and rejected, when
    ``|H(x', p') - H(x, p)|`` exceeds `hamiltonian_threshold()`. A
    trajectory that meets a non-finite gradient stops there: the transition
    is rejected, counted as divergent and in `non_finite_gradients()`, with a
    warning the first time.

    Subclasses give the kinetic energy (`_make_kinetic`).
    """

    capabilities: ClassVar[Capabilities] = Capabilities(
        needs_gradients=True, supports_boundaries=False
    )
    #: Whether the first sample (``x0``) is reported as accepted (PINTS's
    #: samplers differ).
    _first_accepted: ClassVar[bool] = True

    def __init__(
        self, x0: ArrayLike, sigma0: ArrayLike | None = None, *, rng: RngLike = None
    ) -> None:
        super().__init__(x0, sigma0, rng=rng)
        self._initialise()
        self._n_frog_iterations = 20
        self._epsilon = 0.1
        self._hamiltonian_threshold: float = 10**3
        self._divergent = np.asarray([], dtype=int)
        self._kinetic_energy: Any = None
        self.set_leapfrog_step_size(np.diag(self._sigma0))

    # -- hyper-parameters (PINTS's names, defaults and messages) -------------------
    def epsilon(self) -> float:
        """The leapfrog step size factor (default 0.1)."""
        return self._epsilon

    def set_epsilon(self, epsilon: float) -> None:
        """Set the leapfrog step size factor (positive)."""
        epsilon = float(epsilon)
        if not epsilon > 0:
            raise ValueError("epsilon must be positive for leapfrog algorithm")
        self._epsilon = epsilon
        self._set_scaled_epsilon()

    def leapfrog_steps(self) -> int:
        """The number of leapfrog steps per iteration (default 20)."""
        return self._n_frog_iterations

    def set_leapfrog_steps(self, steps: float) -> None:
        """Set the number of leapfrog steps per iteration (at least 1)."""
        steps = int(steps)
        if steps < 1:
            raise ValueError("Number of steps must exceed 0.")
        self._n_frog_iterations = steps

    def leapfrog_step_size(self) -> FloatArray:
        """The step size of each coordinate, before scaling by `epsilon()`
        (default: the diagonal of ``sigma0``)."""
        return self._step_size

    def set_leapfrog_step_size(self, step_size: ArrayLike) -> None:
        """Set the step size of each coordinate: one value for all, or one
        per parameter (positive)."""
        a = np.array(step_size, dtype=float).ravel()
        if np.any(a < 0) or not np.all(np.isfinite(a)) or np.any(a == 0):
            # PINTS's message (PINTS let zero through, freezing a coordinate).
            raise ValueError(
                "Step size for leapfrog algorithm must be greater than zero."
            )
        if len(a) == 1:
            a = np.repeat(a, self._n_parameters)
        elif len(a) != self._n_parameters:
            raise ValueError(
                "Step size should either be of length 1 or equal to the number of "
                "parameters"
            )
        self._step_size = read_only(a)
        self._set_scaled_epsilon()

    def scaled_epsilon(self) -> FloatArray:
        """The step size of each coordinate: ``epsilon * leapfrog_step_size``."""
        return self._scaled_epsilon

    def _set_scaled_epsilon(self) -> None:
        self._scaled_epsilon = read_only(self._epsilon * self._step_size)

    def hamiltonian_threshold(self) -> float:
        """The change in the Hamiltonian over a trajectory above which an
        iteration is divergent (default 1000, as Stan)."""
        return self._hamiltonian_threshold

    def set_hamiltonian_threshold(self, hamiltonian_threshold: float) -> None:
        """Set the divergence threshold (non-negative)."""
        if not hamiltonian_threshold >= 0:
            raise ValueError("Threshold for divergent iterations must be non-negative.")
        self._hamiltonian_threshold = hamiltonian_threshold

    def divergent_iterations(self) -> np.ndarray:
        """The iterations (chain indices, ``x0`` being 0) that diverged."""
        return self._divergent

    def acceptance_rate(self) -> float:
        """The fraction of trajectories accepted so far (beyond PINTS)."""
        return self._accepted / max(1, self._mcmc_iteration - 1)

    def non_finite_gradients(self) -> int:
        """The number of trajectories stopped and rejected at a point where
        the gradient was not finite (also counted as divergent; beyond
        PINTS)."""
        return self._non_finite_gradients

    def needs_sensitivities(self) -> bool:
        """True: ``tell()`` takes ``(log_pdf, gradient)`` pairs."""
        return True

    def replace(self, current: Any, current_log_pdf: Any, proposed: Any = None) -> None:
        """Not supported, as in PINTS (the trajectory needs gradients)."""
        raise NotImplementedError(f"{type(self).__name__} does not support replace().")

    # -- the kinetic energy -------------------------------------------------------
    def _make_kinetic(self) -> Kinetic:
        raise NotImplementedError

    def _kinetic(self) -> Kinetic:
        if self._kinetic_energy is None:
            self._kinetic_energy = self._make_kinetic()
        return self._kinetic_energy

    # -- the template's hooks -----------------------------------------------------
    def _initialise(self) -> None:
        self._mcmc_iteration = 0
        self._mcmc_acceptance = 0.0
        self._accepted = 0
        self._non_finite_gradients = 0
        self._trajectory: Trajectory | None = None

    def _clean(self, fx: Any) -> Any:
        f, g = super()._clean(fx)
        return f, check_gradient(g, self._n_parameters)

    def _first(self, fx: Any) -> Reply:
        if np.isfinite(fx[0]):
            check_start_gradient(self, fx[1])
        return super()._first(fx)

    def _started(self) -> None:
        self._mcmc_iteration = 1

    def _all_accepted(self) -> bool:
        return self._first_accepted

    def _propose(self) -> FloatArray:
        if self._trajectory is None:
            kinetic = self._kinetic()
            assert self._current is not None
            self._trajectory = Trajectory(
                self._current,
                kinetic.sample(self._rng, self._n_parameters),
                self._current_log_pdf[1],
                self._scaled_epsilon,
                self._n_frog_iterations,
                kinetic,
            )
        return self._trajectory.point()

    def _step(self, x: FloatArray, fx: Any) -> Reply | None:
        f, g = fx
        trajectory = self._trajectory
        assert trajectory is not None
        finite_gradient = bool(np.isfinite(g).all())
        if finite_gradient:
            trajectory.tell(x, g)
            if not trajectory.done():
                return None
        self._trajectory = None
        accepted = False
        if not finite_gradient:
            if self._non_finite_gradients == 0:
                warn_non_finite_gradient(self, x)
            self._non_finite_gradients += 1
            self._divergent = np.append(self._divergent, self._mcmc_iteration)
        elif np.isfinite(f) and np.isfinite(trajectory.momentum).all():
            accepted = self._metropolis(trajectory, x, f, g)
        self._mcmc_iteration += 1
        self._accepted += accepted
        # PINTS's running value for the log (it divides by one more than
        # the number of trajectories; acceptance_rate() does not).
        self._mcmc_acceptance = (
            self._mcmc_iteration * self._mcmc_acceptance + accepted
        ) / (self._mcmc_iteration + 1)
        assert self._current is not None
        return self._current, self._current_log_pdf, accepted

    def _metropolis(
        self, trajectory: Trajectory, x: FloatArray, f: float, g: FloatArray
    ) -> bool:
        """Accept or reject the trajectory's end (Neal 2011, eq. 5.22)."""
        kinetic = trajectory.kinetic
        h0 = -self._current_log_pdf[0] + kinetic.energy(trajectory.initial_momentum)
        h1 = -f + kinetic.energy(trajectory.momentum)
        if abs(h1 - h0) > self._hamiltonian_threshold:
            self._divergent = np.append(self._divergent, self._mcmc_iteration)
            return False
        if np.log(self._rng.uniform()) < h0 - h1:
            self._current = read_only(np.array(x, dtype=float))
            self._current_log_pdf = (f, g)
            return True
        return False

    def _log_init(self, logger: Logger) -> None:
        logger.add_float("Accept.")

    def _log_write(self, logger: Logger) -> None:
        logger.log(self._mcmc_acceptance)
