"""Log-likelihoods for correlated, heavy-tailed and heteroscedastic noise:
AR(1), ARMA(1,1), Cauchy, Student-t, multiplicative Gaussian, and constant
plus multiplicative Gaussian.

Parameters that make a noise model invalid (a non-positive scale, an
autocorrelation outside ``(-1, 1)``, NaN) give $-\\infty$.
"""

from __future__ import annotations

import math

import numpy as np

from ..._typing import FloatArray
from ..._util import LazyModule
from ...problems._problems import Point, Problem, evaluate_S1
from ._gaussian import (
    _LOG_2PI,
    _MINUS_INF,
    _add,
    _NoiseLogLikelihood,
    or_minus_inf,
)

# scipy.special, imported at the first use (not with paramfit).
_special = LazyModule("scipy.special")

_LOG_PI = math.log(math.pi)


def _independent_normals(logn: float, n: int, s2: FloatArray, r: FloatArray) -> float:
    """Sum over outputs of the log-density of the ``n`` rows of ``r``, each
    output's terms independent ``N(0, s2)``; ``logn`` is ``n/2 log 2pi``."""
    return or_minus_inf(
        _add(-logn - 0.5 * n * np.log(s2) - _add(r * r, axis=0) / (2 * s2))
    )


class _Autoregressive(_NoiseLogLikelihood):
    """Shared by the AR(1) and ARMA(1,1) noise models: ``_K`` noise parameters
    per output, and independent Gaussian terms conditional on the first
    ``_LAG`` residuals."""

    _K: int
    _LAG: int

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem, self._K)
        self._n_terms = self._nt - self._LAG
        self._logn = 0.5 * self._n_terms * _LOG_2PI

    def _innovations(self, theta: FloatArray, rho: FloatArray) -> FloatArray:
        """$v_t = e_t - \\rho e_{t-1}$, from the residuals $e$ at ``theta``."""
        e = self._values - self._problem.evaluate(theta)
        return e[1:] - rho * e[:-1]


class AR1LogLikelihood(_Autoregressive):
    r"""Log-likelihood of first-order autoregressive Gaussian noise,
    conditional on the first residual.

    With $e_t = \rho e_{t-1} + \nu_t$ and a stationary standard deviation
    $\sigma$, the innovations $\nu_t = e_t - \rho e_{t-1}$ are
    independent $N(0, \sigma'^2)$ with
    $\sigma' = \sigma \sqrt{1 - \rho^2}$:

    $$
    \log L = \sum_j \left[ -\frac{n_t - 1}{2} \log 2\pi
    - (n_t - 1) \log \sigma'_j
    - \frac{1}{2\sigma'^2_j} \sum_{t=2}^{n_t} \nu_{tj}^2 \right]
    $$

    The noise parameters are the pairs ``(rho_j, sigma_j)`` per output,
    interleaved, after the model's; $\sigma_j \le 0$ or
    $|\rho_j| \ge 1$ give $-\infty$.

    Parameters
    ----------
    problem : SingleOutputProblem or MultiOutputProblem
        The problem to fit.
    """

    _K, _LAG = 2, 1

    def __call__(self, x: Point) -> float:
        """Return the log-likelihood at ``x``, shape ``(n_parameters,)``."""
        theta, noise = self._split(x)
        rho, sigma = noise[0::2], noise[1::2]
        if not (sigma.min() > 0 and np.abs(rho).max() < 1):
            return _MINUS_INF
        s2 = sigma**2 * (1 - rho**2)
        v = self._innovations(theta, rho)
        return _independent_normals(self._logn, self._n_terms, s2, v)


class ARMA11LogLikelihood(_Autoregressive):
    r"""Log-likelihood of ARMA(1,1) Gaussian noise, conditional on the first
    two residuals.

    With $v_t = e_t - \rho e_{t-1}$ the terms
    $w_t = v_t - \phi v_{t-1}$ are independent $N(0, \sigma'^2)$,
    $\sigma' = \sigma \sqrt{(1 - \rho^2) / (1 + 2\phi\rho + \phi^2)}$:

    $$
    \log L = \sum_j \left[ -\frac{n_t - 2}{2} \log 2\pi
    - (n_t - 2) \log \sigma'_j
    - \frac{1}{2\sigma'^2_j} \sum_{t=3}^{n_t} w_{tj}^2 \right]
    $$

    The noise parameters are the triples ``(rho_j, phi_j, sigma_j)`` per
    output, interleaved; $\sigma_j \le 0$ or $|\rho_j| \ge 1$ give
    $-\infty$.

    Parameters
    ----------
    problem : SingleOutputProblem or MultiOutputProblem
        The problem to fit.
    """

    _K, _LAG = 3, 2

    def __call__(self, x: Point) -> float:
        """Return the log-likelihood at ``x``, shape ``(n_parameters,)``."""
        theta, noise = self._split(x)
        rho, phi, sigma = noise[0::3], noise[1::3], noise[2::3]
        if not (sigma.min() > 0 and np.abs(rho).max() < 1):
            return _MINUS_INF
        # 1 + 2 phi rho + phi^2 = (phi + rho)^2 + 1 - rho^2 > 0 here.
        s2 = sigma**2 * (1 - rho**2) / (1 + 2 * phi * rho + phi**2)
        v = self._innovations(theta, rho)
        w = v[1:] - phi * v[:-1]
        return _independent_normals(self._logn, self._n_terms, s2, w)


class CauchyLogLikelihood(_NoiseLogLikelihood):
    r"""Log-likelihood of independent Cauchy noise with an unknown scale per
    output.

    $$
    \log L = \sum_j \left[ -n_t \log \pi - n_t \log \sigma_j
    - \sum_t \log\left(1 + \frac{e_{tj}^2}{\sigma_j^2}\right) \right]
    $$

    The scales $\sigma_j$ follow the model parameters; any
    $\sigma_j \le 0$ gives $-\infty$.

    Parameters
    ----------
    problem : SingleOutputProblem or MultiOutputProblem
        The problem to fit.
    """

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem, 1)
        self._n_log_pi = self._nt * _LOG_PI

    def __call__(self, x: Point) -> float:
        """Return the log-likelihood at ``x``, shape ``(n_parameters,)``."""
        theta, sigma = self._split(x)
        if not sigma.min() > 0:
            return _MINUS_INF
        z = (self._values - self._problem.evaluate(theta)) / sigma
        return or_minus_inf(
            _add(
                -self._n_log_pi
                - self._nt * np.log(sigma)
                - _add(np.log1p(z * z), axis=0)
            )
        )


class StudentTLogLikelihood(_NoiseLogLikelihood):
    r"""Log-likelihood of independent Student-t noise with unknown degrees of
    freedom $\nu_j$ and scale $\sigma_j$ per output.

    $$
    \log L = \sum_j \left[ \frac{n_t \nu_j}{2} \log \nu_j - n_t \log \sigma_j
    - n_t \log B\left(\frac{\nu_j}{2}, \frac{1}{2}\right)
    - \frac{1 + \nu_j}{2} \sum_t \log\left(\nu_j + \frac{e_{tj}^2}{\sigma_j^2}
    \right) \right]
    $$

    where $B$ is the beta function. The noise parameters are the pairs
    ``(nu_j, sigma_j)`` per output, interleaved; non-positive or infinite
    values give $-\infty$.

    Parameters
    ----------
    problem : SingleOutputProblem or MultiOutputProblem
        The problem to fit.
    """

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem, 2)

    def __call__(self, x: Point) -> float:
        """Return the log-likelihood at ``x``, shape ``(n_parameters,)``."""
        theta, noise = self._split(x)
        nu, sigma = noise[0::2], noise[1::2]
        if not (sigma.min() > 0 and nu.min() > 0 and nu.max() < np.inf):
            return _MINUS_INF
        n = self._nt
        z = (self._values - self._problem.evaluate(theta)) / sigma
        return or_minus_inf(
            _add(
                0.5 * n * nu * np.log(nu)
                - n * np.log(sigma)
                - n * _special.betaln(0.5 * nu, 0.5)
                - 0.5 * (1 + nu) * _add(np.log(nu + z * z), axis=0)
            )
        )


def _power(f: FloatArray, eta: FloatArray) -> FloatArray:
    """``f ** eta``; NaN (quietly) where a non-positive output is raised to a
    non-integer power, as the noise model is then undefined."""
    if f.min() > 0:
        return np.asarray(f**eta)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.asarray(f**eta)


def _log(f: FloatArray) -> FloatArray:
    """``log f``, quietly NaN or ``-inf`` for non-positive outputs."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.asarray(np.log(f))


class _OutputScaledGaussian(_NoiseLogLikelihood):
    """Shared by the Gaussian noise models whose standard deviation depends on
    the model output: ``_K`` noise parameters per output, and the density of
    the residuals given the standard deviation of every point."""

    _K: int

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem, self._K)
        self._logn = 0.5 * self._nt * self._no * _LOG_2PI

    def _log_density(self, f: FloatArray, s: FloatArray) -> float:
        """$\\log L$ for model outputs ``f`` and standard deviations ``s``
        (positive), both shaped like the values."""
        z = (self._values - f) / s
        return or_minus_inf(
            -self._logn - _add(np.log(s), axis=None) - 0.5 * _add(z * z, axis=None)
        )


class MultiplicativeGaussianLogLikelihood(_OutputScaledGaussian):
    r"""Log-likelihood of Gaussian noise whose standard deviation grows with
    the model output, $\sigma_{\text{tot}} = f^{\eta}\sigma$.

    $$
    \log L = -\frac{n_t n_o}{2} \log 2\pi
    - \sum_{t,j} \log\left(f_{tj}^{\eta_j} \sigma_j\right)
    - \frac{1}{2} \sum_{t,j}
    \left(\frac{e_{tj}}{f_{tj}^{\eta_j}\sigma_j}\right)^2
    $$

    The noise parameters are the pairs ``(eta_j, sigma_j)`` per output,
    interleaved; $\sigma_j \le 0$, or a non-positive or undefined
    $\sigma_{\text{tot}}$, gives $-\infty$.

    Parameters
    ----------
    problem : SingleOutputProblem or MultiOutputProblem
        The problem to fit.
    """

    _K = 2

    def __call__(self, x: Point) -> float:
        """Return the log-likelihood at ``x``, shape ``(n_parameters,)``."""
        theta, noise = self._split(x)
        eta, sigma = noise[0::2], noise[1::2]
        if not sigma.min() > 0:
            return _MINUS_INF
        f = self._problem.evaluate(theta)
        s = _power(f, eta) * sigma
        if not s.min() > 0:
            return _MINUS_INF
        return self._log_density(f, s)


class ConstantAndMultiplicativeGaussianLogLikelihood(_OutputScaledGaussian):
    r"""Log-likelihood of Gaussian noise with a constant and a
    multiplicative part,
    $\sigma_{\text{tot}} = \sigma_{\text{base}} + \sigma_{\text{rel}} f^{\eta}$.

    $$
    \log L = -\frac{n_t n_o}{2} \log 2\pi
    - \sum_{t,j} \log \sigma_{\text{tot},tj}
    - \frac{1}{2} \sum_{t,j} \frac{e_{tj}^2}{\sigma_{\text{tot},tj}^2}
    $$

    The noise parameters come in three blocks after the model's: all
    $\sigma_{\text{base}}$, then all $\eta$, then all
    $\sigma_{\text{rel}}$ (one of each per output). Any non-positive or
    undefined $\sigma_{\text{tot}}$ gives $-\infty$.

    Parameters
    ----------
    problem : SingleOutputProblem or MultiOutputProblem
        The problem to fit.
    """

    _K = 3

    def _noise(self, x: Point) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
        theta, noise = self._split(x)
        no = self._no
        return theta, noise[:no], noise[no : 2 * no], noise[2 * no :]

    def __call__(self, x: Point) -> float:
        """Return the log-likelihood at ``x``, shape ``(n_parameters,)``."""
        theta, base, eta, rel = self._noise(x)
        f = self._problem.evaluate(theta)
        s = base + rel * _power(f, eta)
        if not s.min() > 0:
            return _MINUS_INF
        return self._log_density(f, s)

    def evaluateS1(self, x: Point) -> tuple[float, FloatArray]:
        r"""Return the log-likelihood and its gradient, shape
        ``(n_parameters,)``.

        With $g = \partial \log L / \partial \sigma_{\text{tot}}
        = -1/\sigma_{\text{tot}} + e^2/\sigma_{\text{tot}}^3$ per point:
        $\partial_\theta = \sum (e/\sigma_{\text{tot}}^2
        + g\,\sigma_{\text{rel}}\eta f^{\eta-1}) \partial_\theta f$,
        $\partial_{\sigma_{\text{base}}} = \sum_t g$,
        $\partial_\eta = \sigma_{\text{rel}} \sum_t g f^\eta \log f$ and
        $\partial_{\sigma_{\text{rel}}} = \sum_t g f^\eta$.
        """
        theta, base, eta, rel = self._noise(x)
        f, dy = evaluate_S1(self._problem, theta)
        fe = _power(f, eta)
        s = base + rel * fe
        if not s.min() > 0:
            return _MINUS_INF, self._nan_gradient()
        e = self._values - f
        z = e / s
        L = -self._logn - _add(np.log(s), axis=None) - 0.5 * _add(z * z, axis=None)
        if not L > _MINUS_INF:
            return _MINUS_INF, self._nan_gradient()
        g = (z * z - 1) / s
        w = z / s + g * rel * eta * _power(f, eta - 1)
        d_theta = self._model_gradient(w, dy)
        d_base = _add(g, axis=0)
        d_eta = rel * _add(g * fe * _log(f), axis=0)
        d_rel = _add(g * fe, axis=0)
        return L, np.hstack((d_theta, d_base, d_eta, d_rel))
