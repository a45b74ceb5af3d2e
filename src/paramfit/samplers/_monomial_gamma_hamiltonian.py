"""Monomial Gamma Hamiltonian Monte Carlo: HMC with a non-Gaussian kinetic
energy."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from .._typing import FloatArray
from ._leapfrog import Kinetic, LeapfrogMCMC


class MonomialGammaKinetic:
    r"""The soft monomial gamma kinetic energy of Zhang et al. (2016), per
    coordinate

    .. math:: K(p) = -g(p) + \frac{2}{c} \log\left(1 + e^{c g(p)}\right),
              \quad g(p) = \mathrm{sign}(p) |p|^{1/a} / m,

    with momenta drawn independently from :math:`\propto e^{-K(p)}` by
    inverting its cumulative distribution, tabulated on a grid.

    Parameters
    ----------
    a, c, m : float
        The monomial power, the softness and the mass (all positive).
    """

    def __init__(self, a: float, c: float, m: float) -> None:
        self.a, self.c, self.m = float(a), float(c), float(m)
        self._cdf, self._p = _inverse_cdf_table(self.a, self.c, self.m)

    def _g(self, p: FloatArray) -> FloatArray:
        return np.sign(p) * np.abs(p) ** (1 / self.a) / self.m

    def energy(self, p: FloatArray) -> float:
        """``sum_i K(p_i)``."""
        g = self._g(p)
        return float(np.sum(-g + (2 / self.c) * np.logaddexp(0.0, self.c * g)))

    def velocity(self, p: FloatArray) -> FloatArray:
        r"""``dK/dp = tanh(c g / 2) |p|^(1/a - 1) / (a m)``, 0 at ``p = 0``."""
        p = np.asarray(p, dtype=float)
        magnitude = np.abs(p)
        with np.errstate(divide="ignore", invalid="ignore"):
            v = (
                np.tanh(0.5 * self.c * self._g(p))
                * magnitude ** (1 / self.a - 1)
                / (self.a * self.m)
            )
        return np.where(magnitude == 0, 0.0, v)

    def sample(self, rng: Any, n: int) -> FloatArray:
        """``n`` independent momenta, by inverse transform sampling."""
        return np.interp(rng.uniform(size=n), self._cdf, self._p)


def _inverse_cdf_table(
    a: float, c: float, m: float, points: int = 20001
) -> tuple[FloatArray, FloatArray]:
    r"""The cumulative distribution of :math:`\propto e^{-K(p)}` on a grid:
    (cdf values, momenta).

    The grid is uniform in :math:`g`, which places points densely where the
    density varies fastest. :math:`K(g) - K(0) = \frac2c \log\cosh(cg/2)
    \geq |g| - \frac2c \log 2`, so the tails beyond
    :math:`|g| = G` hold a fraction below :math:`e^{-40}` once
    :math:`G - (a - 1)\log G` exceeds :math:`\frac2c \log 2 + 45`. The
    cumulative integral is the trapezoidal rule in :math:`p`.
    """
    bound = 2 * np.log(2) / c + 45
    size = bound + 5
    while size - (a - 1) * np.log(size) < bound:
        size *= 2
    g = np.linspace(-size, size, points)
    p = np.sign(g) * (m * np.abs(g)) ** a
    x = 0.5 * c * np.abs(g)
    log_cosh = x + np.log1p(np.exp(-2 * x)) - np.log(2)
    density = np.exp(-(2 / c) * log_cosh)
    areas = 0.5 * (density[1:] + density[:-1]) * np.diff(p)
    cdf = np.concatenate(([0.0], np.cumsum(areas)))
    return cdf / cdf[-1], p


class MonomialGammaHamiltonianMCMC(LeapfrogMCMC):
    r"""Monomial Gamma Hamiltonian Monte Carlo [1]_ (single chain, needs
    gradients).

    Hamiltonian Monte Carlo (see `HamiltonianMCMC`, whose leapfrog
    hyper-parameters, divergence checks and log it shares) with the soft
    monomial gamma kinetic energy of [1]_, whose momentum distribution has
    heavier or lighter tails than a Gaussian as ``a`` grows or shrinks.

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
    Per coordinate, with :math:`g(p) = \mathrm{sign}(p)|p|^{1/a}/m`,

    .. math::
        K(p) = -g(p) + \frac2c \log\left(1 + e^{c g(p)}\right), \qquad
        \frac{dK}{dp} = \tanh\left(\frac{c\, g(p)}{2}\right)
                        \frac{|p|^{1/a - 1}}{a m}

    (the soft kinetic energy of [1]_, section 4), which approaches
    :math:`|p|^{1/a}/m` as :math:`c` grows. The leapfrog position step is
    :math:`x \leftarrow x + \epsilon\, dK/dp` (Neal 2011, eq. 5.19).
    Momenta are drawn from :math:`\propto e^{-K}` by inverting its
    cumulative distribution, tabulated once (again when ``a``, ``c`` or
    the mass change). Defaults as in PINTS: ``a = 1``, ``c = 0.2``,
    mass 1.

    References
    ----------
    .. [1] Zhang, Wang, Chen, Henao, Fan and Carin (2016) Towards unifying
           Hamiltonian Monte Carlo and slice sampling. Advances in Neural
           Information Processing Systems 29.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._a = 1.0
        self._c = 0.2
        self._m = 1.0
        super().__init__(*args, **kwargs)

    @classmethod
    def name(cls) -> str:
        return "Monomial-Gamma Hamiltonian Monte Carlo"

    def a(self) -> float:
        """The monomial power ``a`` of the kinetic energy (default 1)."""
        return self._a

    def set_a(self, a: float) -> None:
        """Set ``a`` (positive)."""
        if not a > 0 or not np.isfinite(a):
            raise ValueError("a must be positive")
        self._a = float(a)
        self._kinetic_energy = None

    def c(self) -> float:
        """The softness ``c`` of the kinetic energy (default 0.2)."""
        return self._c

    def set_c(self, c: float) -> None:
        """Set ``c`` (positive)."""
        if not c > 0 or not np.isfinite(c):
            raise ValueError("c must be positive")
        self._c = float(c)
        self._kinetic_energy = None

    def mass(self) -> float:
        """The mass ``m`` of the kinetic energy (default 1)."""
        return self._m

    def set_mass(self, m: float) -> None:
        """Set the mass (positive)."""
        if not m > 0 or not np.isfinite(m):
            raise ValueError("Mass must be positive")
        self._m = float(m)
        self._kinetic_energy = None

    def n_hyper_parameters(self) -> int:
        return 5

    def set_hyper_parameters(self, x: Sequence[float] | np.ndarray) -> None:
        """Set ``[leapfrog_steps, leapfrog_step_size, a, c, mass]``."""
        self.set_leapfrog_steps(x[0])
        self.set_leapfrog_step_size(x[1])
        self.set_a(x[2])
        self.set_c(x[3])
        self.set_mass(x[4])

    def _make_kinetic(self) -> Kinetic:
        return MonomialGammaKinetic(self._a, self._c, self._m)
