"""Toy distributions with several modes: mixtures of Gaussians."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from scipy.special import logsumexp, softmax

from .._typing import ArrayLike, FloatArray, RngLike
from .._util import as_generator, vector
from ..problems._problems import Point
from ._gaussian_log_pdfs import _check_samples, gaussian_kl_divergence
from ._toy_classes import ToyLogPDF


class MultimodalGaussianLogPDF(ToyLogPDF):
    r"""An (unnormalised) sum of Gaussian densities,
    $p(x) = \sum_i N(x; \mu_i, \Sigma_i)$.

    Parameters
    ----------
    modes : array_like, shape (n_modes, n), optional
        The means $\mu_i$; default ``[[0, 0], [10, 10]]``.
    covariances : array_like, shape (n_modes, n, n), optional
        The covariances $\Sigma_i$ (symmetric, positive definite);
        default identity matrices.
    rng : int, numpy.random.Generator or None, optional
        Source of randomness for `sample()` (keyword only).

    Notes
    -----
    Values and gradients are computed in log space (log-sum-exp), so they
    stay finite far from all modes, where the density underflows.
    """

    def __init__(
        self,
        modes: Sequence[Point] | None = None,
        covariances: Sequence[ArrayLike] | None = None,
        *,
        rng: RngLike = None,
    ) -> None:
        if modes is None:
            modes = [[0, 0], [10, 10]]
        elif len(modes) < 1:
            raise ValueError(
                "Argument `modes` must be `None` or a non-empty list of modes."
            )
        self._modes = [vector(m) for m in modes]
        n = self._n_parameters = len(self._modes[0])
        if any(len(m) != n for m in self._modes):
            raise ValueError("All modes must have same dimension.")
        if covariances is None:
            covs = [np.eye(n) for _ in self._modes]
        else:
            if len(covariances) != len(self._modes):
                raise ValueError(
                    "Number of covariance matrices must equal number of modes."
                )
            covs = [np.array(c, dtype=float) for c in covariances]
            if any(c.shape != (n, n) for c in covs):
                raise ValueError(
                    "Covariance matrices must have shape (d, d), where d is the "
                    "dimension of the given modes."
                )
        for c in covs:
            if not np.allclose(c, c.T, atol=1e-8):
                raise ValueError("Covariance matrix must be symmetric.")
            if np.any(np.linalg.eigvalsh(c) <= 0):
                raise ValueError("Covariance matrix must be positive definite.")
        self._covs = covs
        self._chols = [np.linalg.cholesky(c) for c in covs]
        self._invs = [np.linalg.inv(c) for c in covs]
        self._log_norms = np.array(
            [-0.5 * (n * math.log(2 * math.pi) + np.linalg.slogdet(c)[1]) for c in covs]
        )
        self._rng = as_generator(rng)

    def _log_terms(self, x: FloatArray) -> tuple[FloatArray, list[FloatArray]]:
        """Each mode's log-density at ``x``, and ``Sigma_i^-1 (x - mu_i)``."""
        g = [inv @ (x - m) for inv, m in zip(self._invs, self._modes, strict=True)]
        quad = np.array([(x - m) @ gi for m, gi in zip(self._modes, g, strict=True)])
        return self._log_norms - 0.5 * quad, g

    def __call__(self, x: Point) -> float:
        """Return the log-density at ``x``, shape ``(n,)``."""
        logs, _ = self._log_terms(vector(x).reshape(self._n_parameters))
        return float(logsumexp(logs))

    def evaluateS1(self, x: Point) -> tuple[float, FloatArray]:
        r"""Return the log-density and its gradient,
        $-\sum_i w_i \Sigma_i^{-1} (x - \mu_i)$ with $w_i$ each
        mode's share of the density at $x$."""
        logs, g = self._log_terms(vector(x).reshape(self._n_parameters))
        weights = softmax(logs)
        return float(logsumexp(logs)), -np.sum(weights[:, None] * np.array(g), axis=0)

    def n_parameters(self) -> int:
        """Return the dimension ``n``."""
        return self._n_parameters

    def kl_divergence(self, samples: ArrayLike) -> FloatArray:
        """Return, for each mode, the Kullback-Leibler divergence from a
        Gaussian fitted to the samples nearest that mode (those for which it
        has the highest density; all samples if none) to the mode's
        Gaussian, shape ``(n_modes,)``."""
        x = _check_samples(samples, self._n_parameters)
        logs = np.array([self._log_terms(row)[0] for row in x]).reshape(len(x), -1)
        best = np.argmax(logs, axis=1)
        kl = np.zeros(len(self._modes))
        for i, (mode, cov) in enumerate(zip(self._modes, self._covs, strict=True)):
            near = x[best == i]
            kl[i] = gaussian_kl_divergence(near if len(near) else x, mode, cov)
        return kl

    def distance(self, samples: ArrayLike) -> float:
        """Return the sum of `kl_divergence()`."""
        return float(np.sum(self.kl_divergence(samples)))

    def sample(self, n_samples: int) -> FloatArray:
        """Return ``n_samples`` (at least 1) draws, each from a mode chosen
        uniformly at random, shape ``(n_samples, n)``."""
        n_samples = int(n_samples)
        if n_samples < 1:
            raise ValueError("Number of samples must be greater than or equal to 1.")
        which = self._rng.integers(len(self._modes), size=n_samples)
        z = self._rng.standard_normal((n_samples, self._n_parameters))
        means = np.array(self._modes)[which]
        chols = np.array(self._chols)[which]
        return means + np.einsum("kij,kj->ki", chols, z)


class SimpleEggBoxLogPDF(MultimodalGaussianLogPDF):
    r"""Four Gaussian modes, one in each quadrant of the plane, at
    $(\pm d, \pm d)$ with $d = r \sigma$ and covariance
    $\sigma I$ (as in PINTS, ``sigma`` is a variance).

    Parameters
    ----------
    sigma : float, optional
        The modes' variance, positive (default 2).
    r : float, optional
        The modes' distance from the axes in units of ``sigma``, positive
        (default 4).
    rng : int, numpy.random.Generator or None, optional
        Source of randomness for `sample()` (keyword only).
    """

    def __init__(self, sigma: float = 2, r: float = 4, *, rng: RngLike = None) -> None:
        sigma = float(sigma)
        if sigma <= 0:
            raise ValueError("Sigma must be greater than zero.")
        r = float(r)
        if r <= 0:
            raise ValueError("Argument r must be greater than zero.")
        d = r * sigma
        modes = [[d, d], [-d, d], [-d, -d], [d, -d]]
        super().__init__(modes, [np.eye(2) * sigma] * 4, rng=rng)

    def kl_divergence(self, samples: ArrayLike) -> FloatArray:
        """Return, for each quadrant, the Kullback-Leibler divergence from a
        Gaussian fitted to the samples in it to that quadrant's mode (0 if
        it has none), shape ``(4,)``."""
        x = _check_samples(samples, 2)
        kl = np.zeros(4)
        for i, q in enumerate(self._quadrants(x)):
            if len(q):
                kl[i] = gaussian_kl_divergence(q, self._modes[i], self._covs[i])
        return kl

    def distance(self, samples: ArrayLike) -> float:
        """Return the sum of the quadrants' divergences, an empty quadrant
        counting as 100 times the worst, times the ratio of the most to the
        least populated quadrant's number of samples (as in PINTS)."""
        x = _check_samples(samples, 2)
        kl = self.kl_divergence(x)
        kl[kl == 0] = 100 * np.max(kl)
        counts = [len(q) for q in self._quadrants(x)]
        return float(np.sum(kl) * max(counts) / max(1, min(counts)))

    @staticmethod
    def _quadrants(x: FloatArray) -> list[FloatArray]:
        right, up = x[:, 0] >= 0, x[:, 1] >= 0
        return [x[right & up], x[~right & up], x[~right & ~up], x[right & ~up]]
