"""Relativistic Monte Carlo: HMC with a relativistic kinetic energy."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from .._typing import FloatArray
from ._leapfrog import Kinetic, LeapfrogMCMC


class RelativisticKinetic:
    r"""The relativistic kinetic energy
    :math:`K(p) = m c^2 \sqrt{p^T p / (m^2 c^2) + 1}` of Lu et al. (2017).

    Momenta are drawn as a uniform direction times a magnitude
    :math:`u = |p|` with density :math:`\propto e^{-K(u)} u^{n - 1}`
    (the Jacobian of spherical coordinates), by inverting its cumulative
    distribution tabulated on a grid.

    Parameters
    ----------
    mass, c : float
        The mass and the speed of light (positive).
    n : int
        The number of parameters.
    """

    def __init__(self, mass: float, c: float, n: int) -> None:
        self.mass, self.c, self.n = float(mass), float(c), int(n)
        self._mc2 = self.mass * self.c**2
        self._m2c2 = self.mass**2 * self.c**2
        self._cdf, self._u = _magnitude_table(self._log_density)

    def _log_density(self, u: FloatArray) -> FloatArray:
        kinetic = -self._mc2 * np.hypot(u / (self.mass * self.c), 1.0)
        if self.n == 1:
            return kinetic
        with np.errstate(divide="ignore"):
            return kinetic + (self.n - 1) * np.log(u)

    def energy(self, p: FloatArray) -> float:
        """``m c^2 sqrt(p'p / (m^2 c^2) + 1)``."""
        return float(self._mc2 * np.sqrt(p @ p / self._m2c2 + 1))

    def velocity(self, p: FloatArray) -> FloatArray:
        """``dK/dp = p / M(p)``, ``M(p) = m sqrt(p'p / (m^2 c^2) + 1)`` the
        relativistic mass; every speed is below ``c``."""
        return p / (self.mass * np.sqrt(p @ p / self._m2c2 + 1))

    def sample(self, rng: Any, n: int) -> FloatArray:
        """A momentum: a uniform direction times a drawn magnitude."""
        direction = rng.standard_normal(n)
        direction /= np.linalg.norm(direction)
        return float(np.interp(rng.uniform(), self._cdf, self._u)) * direction


def _magnitude_table(
    log_density: Any, points: int = 20001
) -> tuple[FloatArray, FloatArray]:
    """The cumulative distribution of a density on ``u >= 0`` on a grid
    (cdf values, grid): the grid's end doubles until the log-density there
    is 45 below its largest value on the grid; trapezoidal rule."""
    end = 1.0
    while True:
        u = np.linspace(0.0, end, points)
        logs = log_density(u)
        top = np.max(logs)
        if logs[-1] < top - 45 and np.argmax(logs) < points - 1:
            break
        end *= 2
        if end > 1e300:
            raise ValueError(
                "The momentum distribution of RelativisticMCMC could not be "
                "tabulated for this mass and speed of light."
            )
    density = np.exp(logs - top)
    cdf = np.concatenate(([0.0], np.cumsum(0.5 * (density[1:] + density[:-1]))))
    return cdf / cdf[-1], u


class RelativisticMCMC(LeapfrogMCMC):
    r"""Relativistic Monte Carlo [1]_ (single chain, needs gradients).

    Hamiltonian Monte Carlo (see `HamiltonianMCMC`, whose leapfrog
    hyper-parameters, divergence checks and log it shares) with a
    relativistic kinetic energy: speeds are bounded by the speed of light
    ``c``, which keeps large gradients from throwing the particle far.

    Parameters
    ----------
    x0 : array_like, shape (n_parameters,)
        Starting point; its log-pdf and gradient must be finite.
    sigma0 : float or array_like, optional
        As for `HamiltonianMCMC`.
    rng : int, numpy.random.Generator or None, optional
        Random generator or seed (keyword only).

    Notes
    -----
    .. math::
        K(p) = m c^2 \sqrt{\frac{p^T p}{m^2 c^2} + 1}, \qquad
        \frac{dK}{dp} = \frac{p}{M(p)}, \quad
        M(p) = m \sqrt{\frac{p^T p}{m^2 c^2} + 1}

    (section 2.1 of [1]_); the leapfrog position step is
    :math:`x \leftarrow x + \epsilon p / M(p)`. Momenta are drawn from
    :math:`\propto e^{-K(p)}` (a uniform direction, and a magnitude by
    inverse transform sampling of a tabulated distribution). Defaults as in
    PINTS: mass 1, ``c = 10``.

    References
    ----------
    .. [1] Lu, Perrone, Hasenclever, Teh and Vollmer (2017) Relativistic
           Monte Carlo. Proceedings of the 20th International Conference on
           Artificial Intelligence and Statistics (PMLR 54).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._mass = 1.0
        self._c = 10.0
        super().__init__(*args, **kwargs)

    @classmethod
    def name(cls) -> str:
        return "Relativistic MCMC"

    def mass(self) -> float:
        """The mass (default 1)."""
        return self._mass

    def set_mass(self, mass: float) -> None:
        """Set the mass (a positive scalar)."""
        if isinstance(mass, (list, tuple, np.ndarray)):
            raise ValueError("Mass must be scalar.")
        if not mass > 0 or not np.isfinite(mass):
            raise ValueError("Mass must be positive.")
        self._mass = float(mass)
        self._kinetic_energy = None

    def speed_of_light(self) -> float:
        """The speed of light ``c`` (default 10)."""
        return self._c

    def set_speed_of_light(self, c: float) -> None:
        """Set the speed of light (positive)."""
        if not c > 0 or not np.isfinite(c):
            raise ValueError("Speed of light must be positive.")
        self._c = float(c)
        self._kinetic_energy = None

    def n_hyper_parameters(self) -> int:
        return 4

    def set_hyper_parameters(self, x: Sequence[float] | np.ndarray) -> None:
        """Set ``[leapfrog_steps, leapfrog_step_size, mass, c]``."""
        self.set_leapfrog_steps(x[0])
        self.set_leapfrog_step_size(x[1])
        self.set_mass(x[2])
        self.set_speed_of_light(x[3])

    def _make_kinetic(self) -> Kinetic:
        return RelativisticKinetic(self._mass, self._c, self._n_parameters)
