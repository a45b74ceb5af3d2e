"""Toy distributions with hierarchical structure: Neal's funnel and the
eight schools model."""

from __future__ import annotations

import math

import numpy as np

from .._typing import ArrayLike, FloatArray, RngLike
from .._util import as_generator
from ..problems._problems import Point
from ._gaussian_log_pdfs import _check_samples
from ._toy_classes import ToyLogPDF

_HALF_LOG_2PI = 0.5 * math.log(2 * math.pi)


def _normal_log_pdf(
    x: float | FloatArray, mean: float | FloatArray, sd: float | FloatArray
) -> FloatArray:
    z = (np.asarray(x) - mean) / sd
    return -_HALF_LOG_2PI - np.log(sd) - 0.5 * z * z


class NealsFunnelLogPDF(ToyLogPDF):
    r"""Neal's funnel [1]_ in $d$ dimensions: $\nu \sim N(0, 3^2)$
    and, given $\nu$, $x_1, \dots, x_{d-1} \sim N(0, e^{\nu})$
    independently. The parameters are $(x_1, \dots, x_{d-1}, \nu)$.

    Parameters
    ----------
    dimensions : int, optional
        The dimension $d$, at least 2 (default 10).
    rng : int, numpy.random.Generator or None, optional
        Source of randomness for `sample()` (keyword only).

    References
    ----------
    .. [1] Neal (2003) Slice sampling. Annals of Statistics.
           https://doi.org/10.1214/aos/1056562461
    """

    def __init__(self, dimensions: int = 10, *, rng: RngLike = None) -> None:
        if dimensions < 2:
            raise ValueError("Dimensions must exceed 1.")
        self._n_parameters = int(dimensions)
        self._rng = as_generator(rng)

    def __call__(self, x: Point) -> float:
        """Return the log-density at ``x``, shape ``(d,)`` (``nu`` last)."""
        if len(x) != self._n_parameters:
            raise ValueError("Length of x must be equal number of parameters")
        x = np.asarray(x, dtype=float)
        nu = x[-1]
        return float(
            np.sum(_normal_log_pdf(x[:-1], 0, np.exp(nu / 2)))
            + _normal_log_pdf(nu, 0, 3)
        )

    def evaluateS1(self, x: Point) -> tuple[float, FloatArray]:
        """Return the log-density and its gradient, shape ``(d,)``."""
        value = self(x)
        x = np.asarray(x, dtype=float)
        nu, xs = x[-1], x[:-1]
        precision = np.exp(-nu)
        gradient = np.append(
            -xs * precision, np.sum(0.5 * (precision * xs * xs - 1)) - nu / 9
        )
        return value, gradient

    def marginal_log_pdf(
        self, x: float | FloatArray, nu: float | FloatArray
    ) -> FloatArray:
        """Return the log of the marginal density of one ``x_i`` and ``nu``."""
        return _normal_log_pdf(x, 0, np.exp(np.asarray(nu) / 2)) + _normal_log_pdf(
            nu, 0, 3
        )

    def kl_divergence(self, samples: ArrayLike) -> float:
        """Return the Kullback-Leibler divergence from a Gaussian fitted to
        the samples of ``nu`` to its exact marginal, $N(0, 3^2)$."""
        nu = _check_samples(samples, self._n_parameters)[:, -1]
        m0, s0 = np.mean(nu), np.var(nu)
        return float(0.5 * (s0 / 9 + m0 * m0 / 9 - np.log(s0) + np.log(9) - 1))

    def distance(self, samples: ArrayLike) -> float:
        """Return `kl_divergence()`."""
        return self.kl_divergence(samples)

    def mean(self) -> FloatArray:
        """Return the mean, 0 in every dimension."""
        return np.zeros(self._n_parameters)

    def var(self) -> FloatArray:
        r"""Return the (rounded, as in PINTS) variances: 90 for each
        $x_i$ (exactly $e^{9/2}$) and 9 for $\nu$."""
        return np.append(np.full(self._n_parameters - 1, 90.0), 9.0)

    def n_parameters(self) -> int:
        """Return the dimension ``d``."""
        return self._n_parameters

    def sample(self, n_samples: int) -> FloatArray:
        """Return ``n_samples`` independent draws, shape ``(n_samples, d)``."""
        n = int(n_samples)
        nu = 3 * self._rng.standard_normal(n)
        xs = self._rng.standard_normal((n, self._n_parameters - 1))
        return np.column_stack([xs * np.exp(nu / 2)[:, None], nu])


class EightSchoolsLogPDF(ToyLogPDF):
    r"""The eight schools hierarchical model [1]_: the effects
    $y_j$ of coaching at eight schools, measured with standard errors
    $\sigma_j$, are modelled as

    $$
    \mu \sim N(0, 5^2), \quad \tau \sim \text{half-Cauchy}(0, 5), \quad
    \theta_j \sim N(\mu, \tau^2), \quad y_j \sim N(\theta_j, \sigma_j^2).
    $$

    The 10 parameters are $(\mu, \tau, \theta_1, \dots, \theta_8)$;
    in the non-centred form (``centered=False``) the last eight are
    $\tilde\theta_j = (\theta_j - \mu) / \tau \sim N(0, 1)$, which is
    easier for samplers.

    Parameters
    ----------
    centered : bool, optional
        Use the centred form (default) or the non-centred one.

    References
    ----------
    .. [1] Gelman et al. (2013) Bayesian data analysis, 3rd ed. CRC Press.
           Section 5.5.
    """

    _Y = np.array([28.0, 8, -3, 7, -1, 1, 18, 12])
    _SIGMA = np.array([15.0, 10, 16, 11, 9, 11, 10, 18])

    def __init__(self, centered: bool = True) -> None:
        self._centered = bool(centered)

    def n_parameters(self) -> int:
        """Return 10."""
        return 10

    def data(self) -> dict[str, int | list[float]]:
        """Return the data: ``{'J': 8, 'y': [...], 'sigma': [...]}``."""
        return {"J": 8, "y": self._Y.tolist(), "sigma": self._SIGMA.tolist()}

    def _unpack(self, x: Point) -> tuple[float, float, FloatArray]:
        if len(x) != 10:
            raise ValueError("Input parameters must be of length 10.")
        x = np.asarray(x, dtype=float)
        return float(x[0]), float(x[1]), x[2:]

    def __call__(self, x: Point) -> float:
        """Return the log-density at ``x``, shape ``(10,)`` (``-inf`` if
        ``tau`` is negative, or zero in the centred form)."""
        return self.evaluateS1(x)[0]

    def evaluateS1(self, x: Point) -> tuple[float, FloatArray]:
        """Return the log-density and its gradient, shape ``(10,)``."""
        mu, tau, t = self._unpack(x)
        if tau < 0 or (tau == 0 and self._centered):
            return -math.inf, np.full(10, -math.inf)
        y, s = self._Y, self._SIGMA
        # Priors of mu (normal) and tau (half-Cauchy with scale 5).
        value = (
            float(_normal_log_pdf(mu, 0, 5))
            + math.log(2 / (math.pi * 5))
            - math.log1p((tau / 5) ** 2)
        )
        d_mu = -mu / 25
        d_tau = -2 * tau / (25 + tau * tau)
        if self._centered:
            theta, d_theta = t, -(t - mu) / tau**2
            value += float(np.sum(_normal_log_pdf(t, mu, tau)))
            d_mu += float(np.sum((t - mu) / tau**2))
            d_tau += float(np.sum(((t - mu) ** 2 - tau**2) / tau**3))
        else:
            theta, d_theta = mu + t * tau, -t
            value += float(np.sum(_normal_log_pdf(t, 0, 1)))
        value += float(np.sum(_normal_log_pdf(y, theta, s)))
        d_like = (y - theta) / s**2  # d/dtheta of the data's log-likelihood
        if self._centered:
            d_theta = d_theta + d_like
        else:
            d_mu += float(np.sum(d_like))
            d_tau += float(np.sum(t * d_like))
            d_theta = d_theta + tau * d_like
        return value, np.concatenate([[d_mu, d_tau], d_theta])
