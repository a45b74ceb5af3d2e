"""Toy distributions that depend on the distance from the origin only."""

from __future__ import annotations

import math

import numpy as np
from scipy import integrate, special

from .._typing import ArrayLike, FloatArray, RngLike
from .._util import as_generator
from ..problems._problems import Point
from ._gaussian_log_pdfs import _check_samples
from ._toy_classes import ToyLogPDF


class _RadialLogPDF(ToyLogPDF):
    """A density of the norm $|x|$ only; samples are a radius times a
    uniformly distributed direction."""

    _n_parameters: int
    _rng: np.random.Generator

    def n_parameters(self) -> int:
        """Return the dimension."""
        return self._n_parameters

    def mean(self) -> FloatArray:
        """Return the mean, 0 in every dimension."""
        return np.zeros(self._n_parameters)

    def _norm(self, x: Point) -> float:
        if len(x) != self._n_parameters:
            raise ValueError("x must be of same dimensions as density")
        return float(np.linalg.norm(np.asarray(x, dtype=float)))

    def mean_normed(self) -> float:
        """Return the mean of $|x|$."""
        raise NotImplementedError

    def var_normed(self) -> float:
        """Return the variance of $|x|$."""
        raise NotImplementedError

    def distance(self, samples: ArrayLike) -> float:
        """Return the absolute errors of the mean and variance of the
        samples' norms, added."""
        d = np.linalg.norm(_check_samples(samples, self._n_parameters), axis=1)
        return float(
            abs(self.mean_normed() - np.mean(d)) + abs(self.var_normed() - np.var(d))
        )

    def _radii(self, n_samples: int) -> FloatArray:
        raise NotImplementedError

    def sample(self, n_samples: int) -> FloatArray:
        """Return ``n_samples`` (at least 1) independent draws, shape
        ``(n_samples, n)``."""
        n_samples = int(n_samples)
        if n_samples < 1:
            raise ValueError("Number of samples must be greater than or equal to 1.")
        z = self._rng.standard_normal((n_samples, self._n_parameters))
        return z * (self._radii(n_samples) / np.linalg.norm(z, axis=1))[:, None]


class AnnulusLogPDF(_RadialLogPDF):
    r"""A Gaussian ring (or shell): $p(x) \propto
    \exp(-(|x| - r_0)^2 / 2\sigma^2)$.

    Parameters
    ----------
    dimensions : int, optional
        The dimension, at least 1 (default 2).
    r0 : float, optional
        The radius of the ring, positive (default 10).
    sigma : float, optional
        Its width, positive (default 1).
    rng : int, numpy.random.Generator or None, optional
        Source of randomness for `sample()` (keyword only).

    Notes
    -----
    The norm $r = |x|$ has density proportional to
    $r^{n-1} e^{-(r - r_0)^2 / 2\sigma^2}$ on $r > 0$. Its
    moments are computed by quadrature, and samples by inverting its
    distribution function, tabulated on a fine grid.
    """

    def __init__(
        self,
        dimensions: int = 2,
        r0: float = 10,
        sigma: float = 1,
        *,
        rng: RngLike = None,
    ) -> None:
        if dimensions < 1:
            raise ValueError("Dimensions must not be less than 1.")
        self._n_parameters = int(dimensions)
        self._r0 = float(r0)
        if self._r0 <= 0:
            raise ValueError("r0 must be positive.")
        self._sigma = float(sigma)
        if self._sigma <= 0:
            raise ValueError("sigma must be positive.")
        self._rng = as_generator(rng)
        self._log_norm = -0.5 * math.log(2 * math.pi) - math.log(self._sigma)

    def __call__(self, x: Point) -> float:
        """Return the log-density at ``x`` (normalised as a 1-d Gaussian in
        $|x|$, as in PINTS)."""
        r = self._norm(x)
        return self._log_norm - 0.5 * ((r - self._r0) / self._sigma) ** 2

    def evaluateS1(self, x: Point) -> tuple[float, FloatArray]:
        r"""Return the log-density and its gradient,
        $-(|x| - r_0) x / (|x| \sigma^2)$."""
        x = np.asarray(x, dtype=float)
        r = self._norm(x)
        return self(x), -(r - self._r0) / (r * self._sigma**2) * x

    def r0(self) -> float:
        """Return the radius ``r0``."""
        return self._r0

    def sigma(self) -> float:
        """Return the width ``sigma``."""
        return self._sigma

    def _radial_log_density(self, r: float | FloatArray) -> FloatArray:
        # Relative to its value at the peak, to avoid overflow.
        n, s = self._n_parameters, self._sigma
        peak = 0.5 * (self._r0 + math.sqrt(self._r0**2 + 4 * (n - 1) * s * s))
        return (n - 1) * np.log(np.asarray(r) / peak) - 0.5 * (
            (np.asarray(r) - self._r0) ** 2 - (peak - self._r0) ** 2
        ) / (s * s)

    def moment_normed(self, order: float) -> float:
        """Return the moment $E[|x|^k]$ of the given order ``k``."""
        upper = (
            self._r0
            + 40 * self._sigma
            + 10 * math.sqrt(self._n_parameters) * self._sigma
        )

        def weight(r: float, k: float) -> float:
            return float(r**k * np.exp(self._radial_log_density(r))) if r > 0 else 0.0

        points = [self._r0]
        top = integrate.quad(weight, 0, upper, args=(order,), points=points, limit=200)[
            0
        ]
        bottom = integrate.quad(weight, 0, upper, args=(0,), points=points, limit=200)[
            0
        ]
        return top / bottom

    def mean_normed(self) -> float:
        """Return the mean of $|x|$."""
        return self.moment_normed(1)

    def var_normed(self) -> float:
        """Return the variance of $|x|$."""
        return self.moment_normed(2) - self.moment_normed(1) ** 2

    def _radii(self, n_samples: int) -> FloatArray:
        s = self._sigma
        lo = max(0.0, self._r0 - 12 * s)
        hi = self._r0 + 12 * s + 4 * math.sqrt(self._n_parameters) * s
        r = np.linspace(lo, hi, 20001)[1:] if lo == 0 else np.linspace(lo, hi, 20000)
        density = np.exp(self._radial_log_density(r))
        cdf = integrate.cumulative_trapezoid(density, r, initial=0)
        return np.interp(self._rng.random(n_samples) * cdf[-1], cdf, r)


class ConeLogPDF(_RadialLogPDF):
    r"""A cone-shaped density, $p(x) \propto \exp(-|x|^\beta)$.

    Parameters
    ----------
    dimensions : int, optional
        The dimension $n$, at least 1 (default 2).
    beta : float, optional
        The exponent $\beta$, positive (default 1).
    rng : int, numpy.random.Generator or None, optional
        Source of randomness for `sample()` (keyword only).

    Notes
    -----
    The norm $r = |x|$ has density proportional to
    $r^{n-1} e^{-r^\beta}$, so $r^\beta$ follows a
    $\Gamma(n/\beta, 1)$ distribution: moments and samples are exact.
    """

    def __init__(
        self, dimensions: int = 2, beta: float = 1, *, rng: RngLike = None
    ) -> None:
        if dimensions < 1:
            raise ValueError("Dimensions must not be less than 1.")
        self._n_parameters = int(dimensions)
        self._beta = float(beta)
        if self._beta <= 0:
            raise ValueError("beta must be positive.")
        self._rng = as_generator(rng)

    def beta(self) -> float:
        """Return the exponent ``beta``."""
        return self._beta

    def __call__(self, x: Point) -> float:
        """Return the (unnormalised) log-density $-|x|^\\beta$."""
        return -(self._norm(x) ** self._beta)

    def evaluateS1(self, x: Point) -> tuple[float, FloatArray]:
        r"""Return the log-density and its gradient,
        $-\beta |x|^{\beta - 2} x$."""
        x = np.asarray(x, dtype=float)
        r = self._norm(x)
        return self(x), -self._beta * r ** (self._beta - 2) * x

    def CDF(self, x: float) -> float:
        """Return the distribution function of $|x|$ at ``x`` (>= 0)."""
        x = float(x)
        if x < 0:
            raise ValueError("Normed distance must be non-negative.")
        return float(special.gammainc(self._n_parameters / self._beta, x**self._beta))

    def mean_normed(self) -> float:
        """Return the mean of $|x|$."""
        n, b = self._n_parameters, self._beta
        return float(np.exp(special.gammaln((1 + n) / b) - special.gammaln(n / b)))

    def var_normed(self) -> float:
        """Return the variance of $|x|$."""
        n, b = self._n_parameters, self._beta
        second = np.exp(special.gammaln((2 + n) / b) - special.gammaln(n / b))
        return float(second - self.mean_normed() ** 2)

    def _radii(self, n_samples: int) -> FloatArray:
        shape = self._n_parameters / self._beta
        return self._rng.gamma(shape, size=n_samples) ** (1 / self._beta)
