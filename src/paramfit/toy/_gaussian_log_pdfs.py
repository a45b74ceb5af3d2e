"""Toy distributions: a Gaussian and Haario's twisted Gaussian "banana"."""

from __future__ import annotations

import math

import numpy as np

from .._typing import ArrayLike, FloatArray, RngLike
from .._util import as_generator, vector
from ..problems._problems import Point
from ._toy_classes import ToyLogPDF

_LOG_2PI = math.log(2 * math.pi)


def _check_samples(samples: ArrayLike, n: int) -> FloatArray:
    x = np.asarray(samples, dtype=float)
    if x.ndim != 2:
        raise ValueError("Given samples list must be n x 2.")
    if x.shape[1] != n:
        raise ValueError(f"Given samples must have length {n}")
    return x


def _check_count(n: int) -> int:
    n = int(n)
    if n < 0:
        raise ValueError("Number of samples cannot be negative.")
    return n


def gaussian_kl_divergence(
    samples: FloatArray, mean: FloatArray, cov: FloatArray
) -> float:
    r"""Kullback-Leibler divergence from the Gaussian fitted to ``samples``
    (their mean $m_0$ and covariance $S_0$) to
    $N(m_1, S_1)$:

    $$
    \frac{1}{2} \left[ \mathrm{tr}(S_1^{-1} S_0)
    + (m_1 - m_0)^T S_1^{-1} (m_1 - m_0)
    + \log \frac{\det S_1}{\det S_0} - k \right].
    $$

    """
    m0 = np.mean(samples, axis=0)
    s0 = np.atleast_2d(np.cov(samples.T))
    s1_inv = np.linalg.inv(cov)
    d = mean - m0
    _, logdet1 = np.linalg.slogdet(cov)
    _, logdet0 = np.linalg.slogdet(s0)
    k = len(mean)
    return float(0.5 * (np.trace(s1_inv @ s0) + d @ s1_inv @ d + logdet1 - logdet0 - k))


class GaussianLogPDF(ToyLogPDF):
    r"""A multivariate Gaussian distribution, $N(\mu, \Sigma)$.

    Parameters
    ----------
    mean : array_like, shape (n,), optional
        The mean $\mu$ (default ``[0, 0]``).
    sigma : array_like, shape (n,) or (n, n), optional
        The covariance $\Sigma$, or its diagonal (default
        ``[1, 1]``). Must be symmetric and positive definite.
    rng : int, numpy.random.Generator or None, optional
        Source of randomness for `sample()` (keyword only).

    Raises
    ------
    ValueError
        If ``sigma`` has the wrong shape, is not symmetric, or not positive
        definite.
    """

    def __init__(
        self,
        mean: Point = (0, 0),
        sigma: ArrayLike = (1, 1),
        *,
        rng: RngLike = None,
    ) -> None:
        self._mean = np.array(mean, dtype=float).reshape(-1)
        n = self._n_parameters = len(self._mean)
        cov = np.array(sigma, dtype=float)
        if cov.shape == (n,):
            cov = np.diag(cov)
        elif cov.shape != (n, n):
            raise ValueError(
                "Sigma must have same dimension as mean, or be a square matrix"
                " with the same dimension as the mean."
            )
        if not np.allclose(cov, cov.T, atol=1e-8):
            raise ValueError("Covariance matrix must be symmetric.")
        try:
            self._chol = np.linalg.cholesky(cov)
        except np.linalg.LinAlgError:
            raise ValueError("Covariance matrix must be positive definite.") from None
        self._sigma = cov
        self._sigma_inv = np.linalg.inv(cov)
        log_det = 2 * np.sum(np.log(np.diag(self._chol)))
        self._offset = -0.5 * (n * _LOG_2PI + log_det)
        self._rng = as_generator(rng)

    def __call__(self, x: Point) -> float:
        """Return the log-density at ``x``, shape ``(n,)``."""
        d = vector(x).reshape(self._n_parameters) - self._mean
        return float(self._offset - 0.5 * d @ self._sigma_inv @ d)

    def evaluateS1(self, x: Point) -> tuple[float, FloatArray]:
        r"""Return the log-density and its gradient
        $-\Sigma^{-1}(x - \mu)$."""
        d = vector(x).reshape(self._n_parameters) - self._mean
        g = self._sigma_inv @ d
        return float(self._offset - 0.5 * d @ g), -g

    def n_parameters(self) -> int:
        """Return the dimension ``n``."""
        return self._n_parameters

    def kl_divergence(self, samples: ArrayLike) -> float:
        """Return the Kullback-Leibler divergence from a Gaussian fitted to
        ``samples`` (shape ``(n_samples, n)``) to this one; near 0 for good
        samples."""
        x = _check_samples(samples, self._n_parameters)
        return gaussian_kl_divergence(x, self._mean, self._sigma)

    def distance(self, samples: ArrayLike) -> float:
        """Return `kl_divergence()`."""
        return self.kl_divergence(samples)

    def sample(self, n_samples: int) -> FloatArray:
        """Return ``n_samples`` independent draws, shape ``(n_samples, n)``."""
        z = self._rng.standard_normal((_check_count(n_samples), self._n_parameters))
        return self._mean + z @ self._chol.T


class TwistedGaussianLogPDF(ToyLogPDF):
    r"""Haario et al.'s twisted Gaussian "banana" [1]_, as in PINTS.

    $$
    \log p(x) = \log N(\phi(x); 0, \Sigma), \qquad
    \phi(x) = (x_1 / \sqrt{V},\; x_2 + b (x_1^2 - V),\; x_3, \dots, x_n),
    $$

    with $\Sigma = \mathrm{diag}(V, 1, \dots, 1)$.

    Parameters
    ----------
    dimension : int, optional
        The dimension $n$, at least 2 (default 10).
    b : float, optional
        The twist, at least 0: 0.01 bends mildly, 0.1 strongly (default).
    V : float, optional
        The offset and first variance (default 100).
    rng : int, numpy.random.Generator or None, optional
        Source of randomness for `sample()` (keyword only).

    Notes
    -----
    As in PINTS, $x_1$ is both scaled by $1/\sqrt{V}$ and given
    variance $V$, and the gradient's first entry,
    $\tfrac12(-x_1/(50V) - 4 b x_1 (b(x_1^2 - V) + x_2))$, is exact
    for $V = 100$ only; both are kept so that results match PINTS.

    References
    ----------
    .. [1] Haario, Saksman, Tamminen (1999) Adaptive proposal distribution
           for random walk Metropolis algorithm. Computational Statistics.
           https://doi.org/10.1007/s001800050022
    """

    def __init__(
        self,
        dimension: int = 10,
        b: float = 0.1,
        V: float = 100,
        *,
        rng: RngLike = None,
    ) -> None:
        self._n_parameters = int(dimension)
        if self._n_parameters < 2:
            raise ValueError("Dimension must be 2 or greater.")
        self._b = float(b)
        if self._b < 0:
            raise ValueError("Argument `b` cannot be negative.")
        self._V = float(V)
        self._offset = -0.5 * (self._n_parameters * _LOG_2PI + math.log(self._V))
        self._rng = as_generator(rng)

    def __call__(self, x: Point) -> float:
        """Return the log-density at ``x``, shape ``(n,)``."""
        y = self.untwist(np.array(x, dtype=float).reshape(1, self._n_parameters))[0]
        return float(self._offset - 0.5 * (y[0] ** 2 / self._V + y[1:] @ y[1:]))

    def evaluateS1(self, x: Point) -> tuple[float, FloatArray]:
        """Return the log-density and its gradient (see the Notes)."""
        x = np.array(x, dtype=float).reshape(self._n_parameters)
        b, v = self._b, self._V
        g = -x.copy()
        g[0] = 0.5 * (-x[0] / (50 * v) - 4 * b * x[0] * (b * (x[0] ** 2 - v) + x[1]))
        g[1] = -b * (x[0] ** 2 - v) - x[1]
        return self(x), g

    def n_parameters(self) -> int:
        """Return the dimension ``n``."""
        return self._n_parameters

    def untwist(self, samples: ArrayLike) -> FloatArray:
        r"""Return $\phi$ applied to each row of ``samples``, shape
        ``(n_samples, n)``: Gaussian again if the samples are good."""
        y = np.array(samples, dtype=float)
        y[:, 1] += self._b * (y[:, 0] ** 2 - self._V)
        y[:, 0] /= np.sqrt(self._V)
        return y

    def kl_divergence(self, samples: ArrayLike) -> float:
        """Return the Kullback-Leibler divergence from a Gaussian fitted to
        the untwisted ``samples`` to $N(0, \\Sigma)$."""
        y = self.untwist(_check_samples(samples, self._n_parameters))
        cov = np.eye(self._n_parameters)
        cov[0, 0] = self._V
        return gaussian_kl_divergence(y, np.zeros(self._n_parameters), cov)

    def distance(self, samples: ArrayLike) -> float:
        """Return `kl_divergence()`."""
        return self.kl_divergence(samples)

    def sample(self, n_samples: int) -> FloatArray:
        """Return ``n_samples`` draws, shape ``(n_samples, n)``, made by
        twisting Gaussian draws (as in PINTS)."""
        x = self._rng.standard_normal((_check_count(n_samples), self._n_parameters))
        x[:, 0] *= self._V  # standard deviation sqrt(V), then scaled by sqrt(V)
        x[:, 1] -= self._b * (x[:, 0] ** 2 - self._V)
        return x


class HighDimensionalGaussianLogPDF(GaussianLogPDF):
    r"""A zero-mean Gaussian with correlated dimensions:
    $\Sigma_{ii} = i$ and $\Sigma_{ij} = \rho \sqrt{i j}$
    ($i, j = 1, \dots, n$).

    Parameters
    ----------
    dimension : int, optional
        The dimension $n$, at least 2 (default 20).
    rho : float, optional
        The correlation between any two dimensions, between
        $-1/(n - 1)$ and 1 (default 0.5), so that $\Sigma$ is
        positive definite.
    rng : int, numpy.random.Generator or None, optional
        Source of randomness for `sample()` (keyword only).
    """

    def __init__(
        self, dimension: int = 20, rho: float = 0.5, *, rng: RngLike = None
    ) -> None:
        n = int(dimension)
        if n <= 1:
            raise ValueError("Dimensions must exceed 1.")
        rho = float(rho)
        if rho > 1.0 or rho < -1.0 / (n - 1):
            raise ValueError("rho must be between -1 / (dims - 1) and 1.")
        self._rho = rho
        root = np.sqrt(np.arange(1.0, n + 1))
        cov = rho * np.outer(root, root)
        np.fill_diagonal(cov, np.arange(1.0, n + 1))
        super().__init__(np.zeros(n), cov, rng=rng)

    def rho(self) -> float:
        """Return the correlation ``rho``."""
        return self._rho

    def sample(self, n_samples: int) -> FloatArray:
        """Return ``n_samples`` (at least 1) independent draws, shape
        ``(n_samples, n)``."""
        if int(n_samples) < 1:
            raise ValueError("Number of samples must be greater than or equal to 1.")
        return super().sample(n_samples)
