"""Log-likelihoods for log-normal and censored Gaussian noise, and Gaussian
log-likelihoods with the standard deviation integrated out."""

from __future__ import annotations

import math

import numpy as np

from ..._checks import fail, flag, point
from ..._typing import ArrayLike, FloatArray
from ..._util import LazyModule
from ...problems._problems import Point, Problem, evaluate_S1
from ._gaussian import (
    _LOG_2PI,
    _MINUS_INF,
    _add,
    _NoiseLogLikelihood,
    or_minus_inf,
    per_output,
)

# scipy.special, imported at the first use (not with paramfit).
_special = LazyModule("scipy.special")

_HALF_LOG_2PI = 0.5 * _LOG_2PI


class LogNormalLogLikelihood(_NoiseLogLikelihood):
    r"""Log-likelihood of log-normally distributed data around the model
    output: $\log d_{tj} \sim N(\log f_{tj} - a_j, \sigma_j^2)$.

    $$
    \log L = \sum_j \left[ -\frac{n_t}{2} \log 2\pi - n_t \log \sigma_j
    - \sum_t \log d_{tj} - \frac{1}{2\sigma_j^2} \sum_t \epsilon_{tj}^2
    \right], \qquad \epsilon_{tj} = \log d_{tj} - \log f_{tj} + a_j
    $$

    with $a_j = \sigma_j^2 / 2$ if ``mean_adjust`` (so that the mean of
    $d$ is $f$) and $a_j = 0$ otherwise (the median is
    $f$). The scales $\sigma_j$ follow the model parameters;
    non-positive scales or model outputs give $-\infty$.

    Parameters
    ----------
    problem : SingleOutputProblem or MultiOutputProblem
        The problem to fit; all data must be positive.
    mean_adjust : bool, optional
        Whether the model output is the mean (``True``) or the median.

    Raises
    ------
    ValueError
        If any data point is not positive.
    """

    def __init__(self, problem: Problem, mean_adjust: bool = False) -> None:
        super().__init__(problem, 1)
        if not (np.asarray(self._values) > 0).all():
            raise ValueError("All data points must exceed zero.")
        self._log_values = np.log(self._values)
        self._logn = 0.5 * self._nt * _LOG_2PI
        self._sum_log_values = _add(self._log_values, axis=0)
        self._mean_adjust = flag(mean_adjust, "mean_adjust")

    def _residuals(self, f: FloatArray, sigma: FloatArray) -> FloatArray:
        e = self._log_values - np.log(f)
        return e + 0.5 * sigma**2 if self._mean_adjust else e

    def __call__(self, x: Point) -> float:
        """Return the log-likelihood at ``x``, shape ``(n_parameters,)``."""
        theta, sigma = self._split(x)
        if not 0 < sigma.min() <= sigma.max() < np.inf:
            return _MINUS_INF
        f = self._problem.evaluate(theta)
        if not f.min() > 0:
            return _MINUS_INF
        e = self._residuals(f, sigma)
        return or_minus_inf(
            _add(
                -self._logn
                - self._nt * np.log(sigma)
                - self._sum_log_values
                - _add(e * e, axis=0) / (2 * sigma**2)
            )
        )

    def evaluateS1(self, x: Point) -> tuple[float, FloatArray]:
        r"""Return the log-likelihood and its gradient, shape
        ``(n_parameters,)``:
        $\partial_\theta = \sum_j \sigma_j^{-2} \sum_t \epsilon_{tj}
        f_{tj}^{-1} \partial_\theta f_{tj}$ and
        $\partial_{\sigma_j} = -n_t/\sigma_j + \sigma_j^{-3}\sum_t
        \epsilon_{tj}^2$ (minus $\sigma_j^{-1}\sum_t \epsilon_{tj}$ if
        ``mean_adjust``). All NaN where the value is $-\infty$.
        """
        theta, sigma = self._split(x)
        if not 0 < sigma.min() <= sigma.max() < np.inf:
            return _MINUS_INF, self._nan_gradient()
        f, dy = evaluate_S1(self._problem, theta)
        if not f.min() > 0:
            return _MINUS_INF, self._nan_gradient()
        e = self._residuals(f, sigma)
        sse = _add(e * e, axis=0)
        isig2 = 1 / sigma**2
        L = _add(
            -self._logn
            - self._nt * np.log(sigma)
            - self._sum_log_values
            - 0.5 * sse * isig2
        )
        if not L > _MINUS_INF:
            return _MINUS_INF, self._nan_gradient()
        d_theta = self._model_gradient(e * isig2 / f, dy)
        d_sigma = -self._nt / sigma + sse * isig2 / sigma
        if self._mean_adjust:
            d_sigma = d_sigma - _add(e, axis=0) / sigma
        return L, np.concatenate((d_theta, np.atleast_1d(d_sigma)))


def _log_mills(z: FloatArray) -> FloatArray:
    """``phi(z) / Phi(z)``, the inverse Mills ratio, computed in log space so
    that it stays accurate far in the lower tail."""
    return np.asarray(np.exp(-0.5 * z * z - _HALF_LOG_2PI - _special.log_ndtr(z)))


class CensoredGaussianLogLikelihood(_NoiseLogLikelihood):
    r"""Log-likelihood of Gaussian noise on data censored below a lower and
    above an upper limit.

    Data at or below the lower limit $a_j$ only say that the true value
    is there; likewise at or above the upper limit $b_j$:

    $$
    \log L = \sum_{d_{tj} \le a_j} \log \Phi\left(\frac{a_j - f_{tj}}
    {\sigma_j}\right)
    + \sum_{d_{tj} \ge b_j} \log \Phi\left(\frac{f_{tj} - b_j}{\sigma_j}
    \right)
    + \sum_{a_j < d_{tj} < b_j} \log N(d_{tj} \mid f_{tj}, \sigma_j^2)
    $$

    where $\Phi$ is the standard normal CDF. The standard deviations
    $\sigma_j$ follow the model parameters; any $\sigma_j \le 0$
    gives $-\infty$.

    Parameters
    ----------
    problem : SingleOutputProblem or MultiOutputProblem
        The problem to fit.
    lower, upper : float or array_like, shape (n_outputs,), optional
        The censoring limits (default: none, i.e. $\mp\infty$).

    Raises
    ------
    ValueError
        If a limit has the wrong length, or ``upper`` does not exceed ``lower``.
    """

    def __init__(
        self,
        problem: Problem,
        lower: ArrayLike | None = None,
        upper: ArrayLike | None = None,
    ) -> None:
        super().__init__(problem, 1)
        a = per_output(
            -np.inf if lower is None else lower,
            self._no,
            "Lower limit must be a  scalar or a vector",
            "lower",
        )
        b = per_output(
            np.inf if upper is None else upper,
            self._no,
            "Upper limit must be a  scalar or a vector",
            "upper",
        )
        if not (b - a > 0).all():
            raise ValueError("Upper limit must exceed lower limit.")
        self._a, self._b = a, b
        self._v2 = np.reshape(self._values, (self._nt, self._no))
        self._lower = self._v2 <= a
        self._upper = self._v2 >= b
        self._mid = ~(self._lower | self._upper)
        self._n_mid = _add(self._mid, axis=0)
        self._lo = np.nonzero(self._lower)
        self._hi = np.nonzero(self._upper)

    def _tails(self, f: FloatArray, sigma: FloatArray) -> tuple[FloatArray, FloatArray]:
        """Standardised distances into the censored tails, shapes
        ``(n_lower,)`` and ``(n_upper,)``."""
        r, c = self._lo
        z_lo = (self._a[c] - f[r, c]) / sigma[c]
        r, c = self._hi
        z_hi = (f[r, c] - self._b[c]) / sigma[c]
        return z_lo, z_hi

    def _value(
        self, f: FloatArray, sigma: FloatArray
    ) -> tuple[float, FloatArray, FloatArray, FloatArray, FloatArray]:
        e = np.where(self._mid, self._v2 - f, 0.0)
        sse = _add(e * e, axis=0)
        z_lo, z_hi = self._tails(f, sigma)
        L = _add(
            -self._n_mid * _HALF_LOG_2PI
            - self._n_mid * np.log(sigma)
            - sse / (2 * sigma**2)
        )
        L += _add(_special.log_ndtr(z_lo)) + _add(_special.log_ndtr(z_hi))
        return L, e, sse, z_lo, z_hi

    def __call__(self, x: Point) -> float:
        """Return the log-likelihood at ``x``, shape ``(n_parameters,)``."""
        theta, sigma = self._split(x)
        if not sigma.min() > 0:
            return _MINUS_INF
        f = np.reshape(self._problem.evaluate(theta), (self._nt, self._no))
        return or_minus_inf(self._value(f, sigma)[0])

    def evaluateS1(self, x: Point) -> tuple[float, FloatArray]:
        r"""Return the log-likelihood and its gradient, shape
        ``(n_parameters,)``.

        With the inverse Mills ratio $\lambda(z) = \phi(z)/\Phi(z)$, a
        lower-censored point contributes $-\lambda(z)/\sigma$ to
        $\partial/\partial f$ and $-\lambda(z) z/\sigma$ to
        $\partial/\partial\sigma$, with $z = (a - f)/\sigma$; an
        upper-censored point contributes $\lambda(u)/\sigma$ and
        $-\lambda(u) u/\sigma$, with $u = (f - b)/\sigma$.
        """
        theta, sigma = self._split(x)
        if not sigma.min() > 0:
            return _MINUS_INF, self._nan_gradient()
        y, dy = evaluate_S1(self._problem, theta)
        f = np.reshape(y, (self._nt, self._no))
        L, e, sse, z_lo, z_hi = self._value(f, sigma)
        if not L > _MINUS_INF:
            return _MINUS_INF, self._nan_gradient()
        isig2 = 1 / sigma**2
        w = e * isig2
        d_sigma = -self._n_mid / sigma + sse * isig2 / sigma
        (r_lo, c_lo), (r_hi, c_hi) = self._lo, self._hi
        m_lo = _log_mills(z_lo) / sigma[c_lo]
        m_hi = _log_mills(z_hi) / sigma[c_hi]
        w[r_lo, c_lo] = -m_lo
        w[r_hi, c_hi] = m_hi
        no = self._no
        d_sigma -= np.bincount(c_lo, m_lo * z_lo, no) + np.bincount(
            c_hi, m_hi * z_hi, no
        )
        return L, np.concatenate((self._model_gradient(w, dy), d_sigma))

    def print_censored_values(self) -> None:
        """Print the data and which values are censored below and above."""
        print(
            f"The data are {self._values}. \n"
            f" The lower censored values are {self._v2[self._lower]}. \n"
            f" The upper censored values are {self._v2[self._upper]}."
        )


class GaussianIntegratedLogUniformLogLikelihood(_NoiseLogLikelihood):
    r"""Gaussian log-likelihood with each output's standard deviation
    integrated out under an improper prior $p(\sigma) \propto 1/\sigma$.

    $$
    \log L = \sum_j \left[ -\frac{n_t - 2}{2} \log 2
    + \log\Gamma\left(\frac{n_t}{2}\right)
    - \frac{n_t}{2} \log \sum_t e_{tj}^2 \right]
    $$

    (up to a constant). There are no noise parameters.

    Parameters
    ----------
    problem : SingleOutputProblem or MultiOutputProblem
        The problem to fit.
    """

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem, 0)
        n = self._nt
        self._n_over_2 = n / 2
        self._constant = -math.log(2) * (n - 2) / 2 + math.lgamma(n / 2)

    def __call__(self, x: Point) -> float:
        """Return the log-likelihood at ``x``, shape ``(n_parameters,)``."""
        e = self._values - self._problem.evaluate(point(x, self._n_parameters))
        sse = np.atleast_1d(_add(e * e, axis=0))
        return or_minus_inf(_add(self._constant - self._n_over_2 * np.log(sse)))


class GaussianIntegratedUniformLogLikelihood(_NoiseLogLikelihood):
    r"""Gaussian log-likelihood with each output's standard deviation
    integrated out under a uniform prior $\sigma_j \sim U(a_j, b_j)$.

    $$
    \log L = \sum_j \Bigg[ -\frac{n_t}{2} \log \pi
    - \log\left(2\sqrt{2}\,(b_j - a_j)\right)
    - \frac{n_t - 1}{2} \log S_j + \log\Gamma\left(\frac{n_t - 1}{2}\right)
    + \log\left( Q\left(\tfrac{n_t - 1}{2}, \tfrac{S_j}{2b_j^2}\right)
    - Q\left(\tfrac{n_t - 1}{2}, \tfrac{S_j}{2a_j^2}\right) \right)
    \Bigg]
    $$

    with $S_j = \sum_t e_{tj}^2$ and $Q$ the regularised upper
    incomplete gamma function (the last $Q$ is 0 when $a_j = 0$).

    Parameters
    ----------
    problem : SingleOutputProblem or MultiOutputProblem
        The problem to fit.
    lower, upper : float or array_like, shape (n_outputs,)
        The bounds $a$ and $b$ of the prior on each output's
        standard deviation, with $0 \le a < b$.

    Raises
    ------
    ValueError
        If a bound has the wrong length, ``lower`` is negative, ``upper`` is
        not positive, or ``upper`` does not exceed ``lower``.
    """

    def __init__(self, problem: Problem, lower: ArrayLike, upper: ArrayLike) -> None:
        super().__init__(problem, 0)
        start = "Lower limit on uniform prior for sigma "
        a = per_output(
            lower, self._no, start + "must be a  scalar or a vector", "lower"
        )
        if not np.isfinite(a).all():
            raise ValueError(fail("lower", "finite", lower))
        if not (a >= 0).all():
            raise ValueError(start + "must be non-negative.")
        start = "Upper limit on uniform prior for sigma "
        b = per_output(
            upper, self._no, start + "must be a  scalar or a vector", "upper"
        )
        if not np.isfinite(b).all():
            raise ValueError(fail("upper", "finite", upper))
        if not (b > 0).all():
            raise ValueError(start + "must be positive.")
        if not (b - a > 0).all():
            raise ValueError(start + "must exceed lower limit.")
        n = self._nt
        self._k = (n - 1) / 2
        self._constant = (
            -(n / 2) * math.log(math.pi)
            - np.log(2 * math.sqrt(2) * (b - a))
            + math.lgamma(self._k)
        )
        self._inv_2b2 = 1 / (2 * b**2)
        self._has_a = a > 0
        self._inv_2a2 = np.where(
            self._has_a, 1 / (2 * np.where(self._has_a, a, 1) ** 2), 0
        )

    def __call__(self, x: Point) -> float:
        """Return the log-likelihood at ``x``, shape ``(n_parameters,)``."""
        e = self._values - self._problem.evaluate(point(x, self._n_parameters))
        sse = np.atleast_1d(_add(e * e, axis=0))
        k = self._k
        q = _special.gammaincc(k, sse * self._inv_2b2)
        q_a = _special.gammaincc(k, sse * self._inv_2a2)
        q = q - np.where(self._has_a, q_a, 0.0)
        return or_minus_inf(_add(self._constant - k * np.log(sse) + np.log(q)))
