"""One-dimensional log-priors: the shared base class, and the beta, Cauchy,
Gaussian, Student-t and truncated Gaussian distributions.

Every prior's `__call__()` reads ``x[0]`` and uses plain floating-point
arithmetic with precomputed constants (it runs once per evaluation of a
posterior), returning $-\\infty$ outside the support and for NaN.
Distribution functions come from `scipy.stats`; samples come from the
prior's own random generator (``rng``).
"""

from __future__ import annotations

import math
import warnings
from typing import Protocol

import numpy as np

from ..._checks import one_value, real
from ..._typing import ArrayLike, FloatArray, RngLike
from ..._util import LazyModule, as_generator, scipy_stats
from ...problems._log_pdfs import LogPrior
from ...problems._problems import Point
from ._checks import _positive, locations, probabilities, sample_count

# scipy.special, imported at the first use (not with paramfit).
_special = LazyModule("scipy.special")

_MINUS_INF = float("-inf")
_LOG_2PI = math.log(2 * math.pi)


class _Frozen(Protocol):
    """What the priors use of a frozen `scipy.stats` distribution."""

    def cdf(self, x: ArrayLike, /) -> float | FloatArray: ...

    def ppf(self, p: ArrayLike, /) -> float | FloatArray: ...

    def mean(self) -> float: ...

    def rvs(
        self, *, size: tuple[int, int], random_state: np.random.Generator
    ) -> FloatArray: ...


class UnivariateLogPrior(LogPrior):
    """Shared code of the one-dimensional priors: ``n_parameters() == 1``,
    `cdf()`/`icdf()` from a frozen `scipy.stats` distribution (element-wise,
    any shape), and the generator of `sample()`, which every such prior
    takes as a keyword-only ``rng`` (a seed, a `numpy.random.Generator`, or
    ``None`` for a seed drawn from NumPy's global state)."""

    def __init__(self, rng: RngLike) -> None:
        self._rng = as_generator(rng)
        self._frozen: _Frozen | None = None

    def _distribution(self) -> _Frozen:
        """Return the equivalent frozen scipy.stats distribution."""
        raise NotImplementedError

    def _scipy(self) -> _Frozen:
        if self._frozen is None:
            self._frozen = self._distribution()
        return self._frozen

    def cdf(self, x: ArrayLike) -> float | FloatArray:
        """Return the cumulative distribution function at ``x`` (element-wise,
        same shape as ``x``; NaN raises a ``ValueError``)."""
        return self._scipy().cdf(locations(x))

    def icdf(self, p: ArrayLike) -> float | FloatArray:
        """Return the quantile function at ``p`` (element-wise, same shape),
        probabilities in ``[0, 1]``."""
        return self._scipy().ppf(probabilities(p))

    def n_parameters(self) -> int:
        """Return 1: the dimension of the parameter space."""
        return 1

    def sample(self, n: int = 1) -> FloatArray:
        """Draw ``n`` samples, an array of shape ``(n, 1)``."""
        return np.asarray(self._draw((sample_count(n, 1), 1)), dtype=float)

    def _draw(self, shape: tuple[int, int]) -> ArrayLike:
        raise NotImplementedError


def _gradient(value: float) -> FloatArray:
    return np.array([value])


class BetaLogPrior(UnivariateLogPrior):
    r"""Beta distribution on $[0, 1]$ with shapes $a, b > 0$.

    $$
    \log p(x) = (a - 1) \log x + (b - 1) \log(1 - x) - \log B(a, b)
    $$

    Parameters
    ----------
    a, b : float
        The shape parameters.
    rng : optional
        The generator of `sample()` (see `UnivariateLogPrior`).
    """

    def __init__(self, a: float, b: float, *, rng: RngLike = None) -> None:
        super().__init__(rng)
        self._a = _positive(a, "a", "Shape parameter a must be positive")
        self._b = _positive(b, "b", "Shape parameter b must be positive")
        self._log_beta = float(_special.betaln(self._a, self._b))

    def __call__(self, x: Point) -> float:
        v = one_value(x)
        if not 0 <= v <= 1:
            return _MINUS_INF
        if 0 < v < 1:
            a1, b1 = self._a - 1, self._b - 1
            return a1 * math.log(v) + b1 * math.log1p(-v) - self._log_beta
        # At the end points 0 * log(0) counts as 0.
        return float(
            _special.xlogy(self._a - 1, v)
            + _special.xlog1py(self._b - 1, -v)
            - self._log_beta
        )

    def evaluateS1(self, x: Point) -> tuple[float, FloatArray]:
        r"""Return the value and $(a-1)/x - (b-1)/(1-x)$, shape (1,);
        the end points are moved inwards by one ulp, outside the gradient is 0."""
        v = one_value(x)
        if not 0 <= v <= 1:
            return self(x), _gradient(0.0)
        v = min(max(v, math.nextafter(0.0, 1.0)), math.nextafter(1.0, 0.0))
        return self(x), _gradient((self._a - 1) / v - (self._b - 1) / (1 - v))

    def mean(self) -> float:
        """Return $a / (a + b)$."""
        return self._a / (self._a + self._b)

    def _distribution(self) -> _Frozen:
        return scipy_stats().beta(self._a, self._b)

    def _draw(self, shape: tuple[int, int]) -> FloatArray:
        return self._rng.beta(self._a, self._b, size=shape)


class CauchyLogPrior(UnivariateLogPrior):
    r"""Cauchy distribution with a location and a scale $\gamma > 0$.

    $$
    \log p(x) = -\log\left(\pi\gamma + \frac{\pi}{\gamma}
    (x - x_0)^2\right)
    $$

    Its mean is undefined (`mean()` returns NaN).

    Parameters
    ----------
    location, scale : float
        $x_0$ and $\gamma$.
    rng : optional
        The generator of `sample()` (see `UnivariateLogPrior`).
    """

    def __init__(self, location: float, scale: float, *, rng: RngLike = None) -> None:
        super().__init__(rng)
        self._location = real(location, "location")
        self._scale = _positive(scale, "scale", "Scale must be positive")
        self._pi_scale = math.pi * self._scale
        self._pi_over_scale = math.pi / self._scale

    def __call__(self, x: Point) -> float:
        d = one_value(x) - self._location
        v = self._pi_scale + self._pi_over_scale * d * d
        return -math.log(v) if v == v else _MINUS_INF

    def evaluateS1(self, x: Point) -> tuple[float, FloatArray]:
        r"""Return the value and $2(x_0 - x)/(\gamma^2 + (x_0 - x)^2)$."""
        d = self._location - one_value(x)
        return self(x), _gradient(2 * d / (self._scale**2 + d * d))

    def mean(self) -> float:
        """Return NaN: a Cauchy distribution has no mean."""
        return math.nan

    def _distribution(self) -> _Frozen:
        return scipy_stats().cauchy(self._location, self._scale)

    def _draw(self, shape: tuple[int, int]) -> FloatArray:
        return self._location + self._scale * self._rng.standard_cauchy(shape)


class GaussianLogPrior(UnivariateLogPrior):
    r"""Gaussian (normal) distribution with mean $\mu$ and standard
    deviation $\sigma$.

    $$
    \log p(x) = -\frac{1}{2}\log(2\pi\sigma^2) - \frac{(x - \mu)^2}{2\sigma^2}
    $$

    Parameters
    ----------
    mean : float
        $\mu$.
    sd : float
        $\sigma > 0$.
    rng : optional
        The generator of `sample()` (see `UnivariateLogPrior`).

    Raises
    ------
    ValueError
        If ``sd`` is not positive.
    """

    def __init__(self, mean: float, sd: float, *, rng: RngLike = None) -> None:
        super().__init__(rng)
        self._mean = real(mean, "mean")
        self._sd = _positive(sd, "sd", "sd parameter must be positive")
        self._offset = -0.5 * math.log(2 * math.pi * self._sd**2)
        self._factor = 1 / (2 * self._sd**2)
        self._factor2 = 1 / self._sd**2

    def __call__(self, x: Point) -> float:
        d = one_value(x) - self._mean
        v = self._offset - self._factor * d * d
        return v if v == v else _MINUS_INF

    def evaluateS1(self, x: Point) -> tuple[float, FloatArray]:
        r"""Return the value and $(\mu - x)/\sigma^2$, shaped like ``x``."""
        return self(x), self._factor2 * (self._mean - np.asarray(x, dtype=float))

    def mean(self) -> float:
        r"""Return $\mu$."""
        return self._mean

    def _distribution(self) -> _Frozen:
        return scipy_stats().norm(self._mean, self._sd)

    def _draw(self, shape: tuple[int, int]) -> FloatArray:
        return self._rng.normal(self._mean, self._sd, size=shape)


class NormalLogPrior(GaussianLogPrior):
    """Deprecated alias of `GaussianLogPrior` (warns on every
    construction)."""

    def __init__(
        self, mean: float, standard_deviation: float, *, rng: RngLike = None
    ) -> None:
        warnings.warn(
            "The class `pints.NormalLogPrior` is deprecated."
            " Please use `pints.GaussianLogPrior` instead.",
            stacklevel=2,
        )
        super().__init__(mean, standard_deviation, rng=rng)


class StudentTLogPrior(UnivariateLogPrior):
    r"""Student-t distribution with location $\mu$, degrees of freedom
    $\nu$ and scale $\sigma$.

    $$
    \log p(x) = -\frac{1}{2}\log\nu - \log\sigma
    - \log B\left(\frac{\nu}{2}, \frac{1}{2}\right)
    - \frac{\nu + 1}{2} \log\left(1 + \frac{(x - \mu)^2}{\nu\sigma^2}\right)
    $$

    Parameters
    ----------
    location : float
        $\mu$.
    df : float
        $\nu > 0$.
    scale : float
        $\sigma > 0$.
    rng : optional
        The generator of `sample()` (see `UnivariateLogPrior`).
    """

    def __init__(
        self, location: float, df: float, scale: float, *, rng: RngLike = None
    ) -> None:
        super().__init__(rng)
        self._df = _positive(df, "df", "Degrees of freedom must be positive")
        self._scale = _positive(scale, "scale", "Scale must be positive")
        self._location = real(location, "location")
        self._constant = (
            -0.5 * math.log(self._df)
            - math.log(self._scale)
            - float(_special.betaln(0.5 * self._df, 0.5))
        )
        self._half_df1 = 0.5 * (self._df + 1)
        self._inv_df_var = 1 / (self._df * self._scale**2)

    def __call__(self, x: Point) -> float:
        d = one_value(x) - self._location
        v = self._constant - self._half_df1 * math.log1p(self._inv_df_var * d * d)
        return v if v == v else _MINUS_INF

    def evaluateS1(self, x: Point) -> tuple[float, FloatArray]:
        r"""Return the value and
        $-(\nu + 1)(x - \mu) / (\nu\sigma^2 + (x - \mu)^2)$."""
        d = one_value(x) - self._location
        g = -(self._df + 1) * d / (self._df * self._scale**2 + d * d)
        return self(x), _gradient(g)

    def mean(self) -> float:
        r"""Return $\mu$ if $\nu > 1$, else NaN."""
        return self._location if self._df > 1 else math.nan

    def _distribution(self) -> _Frozen:
        return scipy_stats().t(self._df, self._location, self._scale)

    def _draw(self, shape: tuple[int, int]) -> FloatArray:
        return self._location + self._scale * self._rng.standard_t(self._df, shape)


class TruncatedGaussianLogPrior(UnivariateLogPrior):
    r"""Gaussian distribution with mean $\mu$ and standard deviation
    $\sigma$, truncated to $[a, b]$.

    $$
    \log p(x) = -\frac{1}{2}\log(2\pi\sigma^2) - \frac{(x - \mu)^2}{2\sigma^2}
    - \log\left(\Phi(\beta) - \Phi(\alpha)\right), \qquad a \le x \le b
    $$

    with $\alpha = (a - \mu)/\sigma$, $\beta = (b - \mu)/\sigma$.

    Parameters
    ----------
    mean, sd : float
        $\mu$ and $\sigma > 0$ of the untruncated distribution.
    a, b : float
        The bounds, $a < b$.
    rng : optional
        The generator of `sample()` (see `UnivariateLogPrior`).

    Raises
    ------
    ValueError
        If ``sd`` is not positive or ``b <= a``.
    """

    def __init__(
        self, mean: float, sd: float, a: float, b: float, *, rng: RngLike = None
    ) -> None:
        super().__init__(rng)
        self._mean = real(mean, "mean")
        self._sd = _positive(sd, "sd", "sd parameter must be positive")
        self._a = real(a, "a", finite=False)
        self._b = real(b, "b", finite=False)
        if not self._b > self._a:
            raise ValueError("Upper bound must exceed lower bound.")
        self._alpha = (self._a - self._mean) / self._sd
        self._beta = (self._b - self._mean) / self._sd
        self._factor = 1 / (2 * self._sd**2)
        self._factor2 = 1 / self._sd**2
        self._offset = -0.5 * math.log(2 * math.pi * self._sd**2) - _log_mass(
            self._alpha, self._beta
        )

    def __call__(self, x: Point) -> float:
        v = one_value(x)
        if not self._a <= v <= self._b:
            return _MINUS_INF
        d = v - self._mean
        return self._offset - self._factor * d * d

    def evaluateS1(self, x: Point) -> tuple[float, FloatArray]:
        r"""Return the value and $(\mu - x)/\sigma^2$ (NaN outside
        $[a, b]$)."""
        v = one_value(x)
        inside = self._a <= v <= self._b
        return self(x), _gradient(
            self._factor2 * (self._mean - v) if inside else math.nan
        )

    def mean(self) -> float:
        """Return the mean of the truncated distribution."""
        return float(self._scipy().mean())

    def _distribution(self) -> _Frozen:
        return scipy_stats().truncnorm(self._alpha, self._beta, self._mean, self._sd)

    def _draw(self, shape: tuple[int, int]) -> FloatArray:
        return self._scipy().rvs(size=shape, random_state=self._rng)


def _log_mass(alpha: float, beta: float) -> float:
    r"""$\log(\Phi(\beta) - \Phi(\alpha))$, accurate in either tail."""
    if alpha > 0:  # both in the upper tail: use the mirror image
        alpha, beta = -beta, -alpha
    lb = float(_special.log_ndtr(beta))
    la = float(_special.log_ndtr(alpha))
    return lb + math.log1p(-math.exp(la - lb))
