"""Log-priors on positive parameters: exponential, gamma, half-Cauchy,
inverse gamma, log-normal and log-uniform distributions.

As for every one-dimensional prior, `__call__()` reads ``x[0]``, uses
closed forms with precomputed constants and returns $-\\infty$ outside
the support (and for NaN).
"""

from __future__ import annotations

import math

import numpy as np

from ..._checks import one_value, real
from ..._typing import ArrayLike, FloatArray, RngLike
from ..._util import LazyModule, scipy_stats
from ...problems._problems import Point
from ._checks import _positive, locations, probabilities
from ._univariate import (
    _MINUS_INF,
    CauchyLogPrior,
    UnivariateLogPrior,
    _Frozen,
    _gradient,
)

# scipy.special, imported at the first use (not with paramfit).
_special = LazyModule("scipy.special")


class ExponentialLogPrior(UnivariateLogPrior):
    r"""Exponential distribution on $x \ge 0$ with rate $\lambda$.

    $$
    \log p(x) = \log \lambda - \lambda x
    $$

    Parameters
    ----------
    rate : float
        $\lambda > 0$.
    rng : optional
        The generator of `sample()` (see `UnivariateLogPrior`).
    """

    def __init__(self, rate: float, *, rng: RngLike = None) -> None:
        super().__init__(rng)
        self._rate = _positive(rate, "rate", 'Rate parameter "scale" must be positive')
        self._log_rate = math.log(self._rate)

    def __call__(self, x: Point) -> float:
        v = one_value(x)
        return self._log_rate - self._rate * v if v >= 0 else _MINUS_INF

    def evaluateS1(self, x: Point) -> tuple[float, FloatArray]:
        r"""Return the value and $-\lambda$ (0 outside the support)."""
        inside = one_value(x) >= 0
        return self(x), _gradient(-self._rate if inside else 0.0)

    def mean(self) -> float:
        r"""Return $1/\lambda$."""
        return 1 / self._rate

    def _distribution(self) -> _Frozen:
        return scipy_stats().expon(scale=1 / self._rate)

    def _draw(self, shape: tuple[int, int]) -> FloatArray:
        return self._rng.exponential(1 / self._rate, size=shape)


class GammaLogPrior(UnivariateLogPrior):
    r"""Gamma distribution on $x \ge 0$ with shape $a$ and
    **rate** $b$.

    $$
    \log p(x) = a \log b - \log\Gamma(a) + (a - 1) \log x - b x
    $$

    Parameters
    ----------
    a, b : float
        The shape and the rate, both positive.
    rng : optional
        The generator of `sample()` (see `UnivariateLogPrior`).
    """

    def __init__(self, a: float, b: float, *, rng: RngLike = None) -> None:
        super().__init__(rng)
        self._a = _positive(a, "a", "Shape parameter a must be positive")
        self._b = _positive(b, "b", "Rate parameter b must be positive")
        self._constant = self._a * math.log(self._b) - math.lgamma(self._a)

    def __call__(self, x: Point) -> float:
        v = one_value(x)
        if not v >= 0:
            return _MINUS_INF
        if v > 0:
            return self._constant + (self._a - 1) * math.log(v) - self._b * v
        return float(self._constant + _special.xlogy(self._a - 1, v))

    def evaluateS1(self, x: Point) -> tuple[float, FloatArray]:
        r"""Return the value and $(a-1)/x - b$ (0 moved to the smallest
        positive float; 0 outside the support)."""
        v = one_value(x)
        if not v >= 0:
            return self(x), _gradient(0.0)
        v = max(v, math.nextafter(0.0, 1.0))
        return self(x), _gradient((self._a - 1) / v - self._b)

    def mean(self) -> float:
        """Return $a / b$."""
        return self._a / self._b

    def _distribution(self) -> _Frozen:
        return scipy_stats().gamma(self._a, scale=1 / self._b)

    def _draw(self, shape: tuple[int, int]) -> FloatArray:
        return self._rng.gamma(self._a, 1 / self._b, size=shape)


class HalfCauchyLogPrior(UnivariateLogPrior):
    r"""Cauchy distribution with location $x_0$ and scale
    $\gamma$, truncated to $x > 0$.

    $$
    \log p(x) = -\log\left(\frac{1}{2} + \frac{1}{\pi}
    \arctan\frac{x_0}{\gamma}\right)
    - \log\left(\pi\gamma + \frac{\pi}{\gamma}(x - x_0)^2\right)
    $$

    Its mean is undefined (`mean()` returns NaN).

    Parameters
    ----------
    location, scale : float
        $x_0$ and $\gamma > 0$.
    rng : optional
        The generator of `sample()` (see `UnivariateLogPrior`).
    """

    def __init__(self, location: float, scale: float, *, rng: RngLike = None) -> None:
        super().__init__(rng)
        self._location = real(location, "location")
        self._scale = _positive(scale, "scale", "Scale must be positive")
        self._cauchy = CauchyLogPrior(self._location, self._scale, rng=self._rng)
        self._arctan = math.atan(self._location / self._scale) / math.pi
        self._norm_factor = -math.log(self._arctan + 0.5)

    def __call__(self, x: Point) -> float:
        if not one_value(x) > 0:
            return _MINUS_INF
        return self._norm_factor + self._cauchy(x)

    def evaluateS1(self, x: Point) -> tuple[float, FloatArray]:
        r"""Return the value and the Cauchy gradient
        $2(x_0 - x)/(\gamma^2 + (x_0 - x)^2)$."""
        return self(x), self._cauchy.evaluateS1(x)[1]

    def cdf(self, x: ArrayLike) -> float | FloatArray:
        r"""$F(x) = (A + \arctan((x - x_0)/\gamma)/\pi) / (1/2 + A)$ for
        $x > 0$ (0 below), with $A = \arctan(x_0/\gamma)/\pi$."""
        x = locations(x)
        a = self._arctan
        f = (a + np.arctan((x - self._location) / self._scale) / np.pi) / (0.5 + a)
        return np.where(x > 0, f, np.where(np.isnan(x), np.nan, 0.0))[()]

    def icdf(self, p: ArrayLike) -> float | FloatArray:
        """Return the quantile function, the inverse of `cdf()`."""
        p = probabilities(p)
        a = self._arctan
        return (self._location + self._scale * np.tan(np.pi * (p * (0.5 + a) - a)))[()]

    def mean(self) -> float:
        """Return NaN: the distribution has no mean."""
        return math.nan

    def _draw(self, shape: tuple[int, int]) -> float | FloatArray:
        return self.icdf(self._rng.uniform(0, 1, size=shape))


class InverseGammaLogPrior(UnivariateLogPrior):
    r"""Inverse gamma distribution on $x > 0$ with shape $a$ and
    **scale** $b$.

    $$
    \log p(x) = a \log b - \log\Gamma(a) - (a + 1) \log x - \frac{b}{x}
    $$

    Parameters
    ----------
    a, b : float
        The shape and the scale, both positive.
    rng : optional
        The generator of `sample()` (see `UnivariateLogPrior`).
    """

    def __init__(self, a: float, b: float, *, rng: RngLike = None) -> None:
        super().__init__(rng)
        self._a = _positive(a, "a", "Shape parameter a must be positive")
        self._b = _positive(b, "b", "Scale parameter b must be positive")
        self._k = self._a * math.log(self._b) - math.lgamma(self._a)
        self._ap1 = self._a + 1

    def __call__(self, x: Point) -> float:
        v = one_value(x)
        if not v > 0:
            return _MINUS_INF
        return self._k - self._ap1 * math.log(v) - self._b / v

    def evaluateS1(self, x: Point) -> tuple[float, FloatArray]:
        r"""Return the value and $(b - (a+1)x)/x^2$ (0 for
        $x \le 0$)."""
        v = one_value(x)
        d = (self._b - self._ap1 * v) / (v * v) if v > 0 else 0.0
        return self(x), _gradient(d)

    def mean(self) -> float:
        """Return $b/(a - 1)$ if $a > 1$, else NaN."""
        return self._b / (self._a - 1) if self._a > 1 else math.nan

    def _distribution(self) -> _Frozen:
        return scipy_stats().invgamma(self._a, scale=self._b)

    def _draw(self, shape: tuple[int, int]) -> FloatArray:
        return self._b / self._rng.gamma(self._a, 1.0, size=shape)


class LogNormalLogPrior(UnivariateLogPrior):
    r"""Log-normal distribution: $\log x \sim N(\mu, \sigma^2)$.

    $$
    \log p(x) = -\log\left(\sigma\sqrt{2\pi}\right) - \log x
    - \frac{(\log x - \mu)^2}{2\sigma^2}
    $$

    Parameters
    ----------
    log_mean : float
        $\mu$, the mean of $\log x$.
    scale : float
        $\sigma > 0$, the standard deviation of $\log x$.
    rng : optional
        The generator of `sample()` (see `UnivariateLogPrior`).
    """

    def __init__(self, log_mean: float, scale: float, *, rng: RngLike = None) -> None:
        super().__init__(rng)
        self._log_mean = real(log_mean, "log_mean")
        self._scale = _positive(scale, "scale", "Scale must be positive")
        self._offset = -math.log(self._scale * math.sqrt(2 * math.pi))
        self._half_inv_var = 1 / (2 * self._scale**2)

    def __call__(self, x: Point) -> float:
        v = one_value(x)
        if not v > 0:
            return _MINUS_INF
        lx = math.log(v)
        d = lx - self._log_mean
        return self._offset - lx - self._half_inv_var * d * d

    def evaluateS1(self, x: Point) -> tuple[float, FloatArray]:
        r"""Return the value and $-(\sigma^2 - \mu + \log x)/(\sigma^2 x)$
        (0 for $x \le 0$)."""
        v = one_value(x)
        var = self._scale**2
        d = -(var - self._log_mean + math.log(v)) / (var * v) if v > 0 else 0.0
        return self(x), _gradient(d)

    def mean(self) -> float:
        r"""Return $\exp(\mu + \sigma^2/2)$."""
        return math.exp(self._log_mean + 0.5 * self._scale**2)

    def _distribution(self) -> _Frozen:
        return scipy_stats().lognorm(self._scale, scale=math.exp(self._log_mean))

    def _draw(self, shape: tuple[int, int]) -> FloatArray:
        return self._rng.lognormal(self._log_mean, self._scale, size=shape)


class LogUniformLogPrior(UnivariateLogPrior):
    r"""Log-uniform (reciprocal) distribution on $[a, b]$, uniform in
    $\log x$.

    $$
    \log p(x) = -\log x - \log\log\frac{b}{a}, \qquad a \le x \le b
    $$

    Parameters
    ----------
    a, b : float
        The bounds, $0 < a < b$.
    rng : optional
        The generator of `sample()` (see `UnivariateLogPrior`).

    Raises
    ------
    ValueError
        If ``a <= 0`` or ``b <= a``.
    """

    def __init__(self, a: float, b: float, *, rng: RngLike = None) -> None:
        super().__init__(rng)
        a = real(a, "a", positive=True, message="a must be > 0")
        b = real(b, "b")
        if not b > a:
            raise ValueError("b must be > a > 0")
        self._a, self._b = a, b
        self._log_a, self._log_b = math.log(a), math.log(b)
        self._log_log_ratio = math.log(self._log_b - self._log_a)

    def __call__(self, x: Point) -> float:
        v = one_value(x)
        if not self._a <= v <= self._b:
            return _MINUS_INF
        return -math.log(v) - self._log_log_ratio

    def evaluateS1(self, x: Point) -> tuple[float, FloatArray]:
        """Return the value and $-1/x$ (NaN outside the support)."""
        v = one_value(x)
        d = -1 / v if self._a <= v <= self._b else math.nan
        return self(x), _gradient(d)

    def mean(self) -> float:
        r"""Return $(b - a) / \log(b/a)$."""
        return (self._b - self._a) / (self._log_b - self._log_a)

    def _distribution(self) -> _Frozen:
        return scipy_stats().loguniform(self._a, self._b)

    def _draw(self, shape: tuple[int, int]) -> FloatArray:
        return np.exp(self._rng.uniform(self._log_a, self._log_b, size=shape))
