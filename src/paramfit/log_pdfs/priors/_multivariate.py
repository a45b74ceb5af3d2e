"""Log-priors of several parameters: uniform (on any boundaries), composed
(a product of priors), and multivariate Gaussian."""

from __future__ import annotations

import math
from typing import cast

import numpy as np

from ..._checks import describe, fail, floats, point, vector, with_detail
from ..._typing import ArrayLike, FloatArray, RngLike
from ..._util import LazyModule, as_generator
from ...problems._boundaries import Boundaries, RectangularBoundaries
from ...problems._log_pdfs import LogPrior, PriorValues
from ...problems._problems import Point
from ._checks import sample_count

# scipy.special, imported at the first use (not with paramfit).
_special = LazyModule("scipy.special")

_MINUS_INF = float("-inf")


def as_points(xs: ArrayLike, n_parameters: int) -> tuple[FloatArray, bool]:
    """Read one or several points for a ``cdf``-like method.

    Accepts a scalar, a list, a list of lists or an array; returns an array of
    shape ``(n, n_parameters)`` and whether a single point was given (an
    array with one row, or anything 1-d).
    """
    if isinstance(xs, np.ndarray):
        points = np.atleast_2d(floats(xs, "x"))
    elif isinstance(xs, list) and any(isinstance(x, list) for x in xs):
        points = floats(xs, "x")
    else:
        points = floats([xs if isinstance(xs, list) else [xs]], "x")
    if points.ndim != 2 or points.shape[1] != n_parameters:
        raise ValueError("Dimensions of samples must match prior dimensions.")
    return points, len(points) == 1


def _shaped(values: FloatArray, single: bool) -> FloatArray:
    return values[0] if single else values


class UniformLogPrior(LogPrior):
    r"""Uniform distribution on a region of parameter space.

    On rectangular boundaries $[a, b)$ the density is normalised,

    $$
    \log p(x) = -\log \prod_i (b_i - a_i), \qquad a \le x < b,
    $$

    and on any other `Boundaries` it is the constant 1 inside (not
    normalised). Outside, and for NaN, it is $-\infty$.

    Parameters
    ----------
    lower_or_boundaries : array_like or Boundaries
        The lower bounds, shape ``(n_parameters,)``, or a `Boundaries`
        object (then ``upper`` must be omitted).
    upper : array_like, shape (n_parameters,), optional
        The upper bounds.
    rng : int, numpy.random.Generator or None, optional
        Random generator (or seed) of the rectangular boundaries built from
        ``lower`` and ``upper``; a given `Boundaries` samples with its
        own.

    Raises
    ------
    ValueError
        If only one argument is given and it is not a `Boundaries`,
        or the bounds are invalid.
    """

    def __init__(
        self,
        lower_or_boundaries: ArrayLike | Boundaries,
        upper: ArrayLike | None = None,
        *,
        rng: RngLike = None,
    ) -> None:
        if upper is None:
            if not isinstance(lower_or_boundaries, Boundaries):
                raise ValueError(
                    "UniformLogPrior requires a lower and an upper bound, or a"
                    " single Boundaries object."
                )
            self._boundaries = lower_or_boundaries
        else:
            lower = cast(ArrayLike, lower_or_boundaries)
            self._boundaries = RectangularBoundaries(lower, upper, rng=rng)
            b = self._boundaries
            if not (np.isfinite(b.lower()).all() and np.isfinite(b.upper()).all()):
                raise ValueError(
                    "A uniform prior needs finite bounds; got lower "
                    f"{b.lower().tolist()} and upper {b.upper().tolist()}."
                )
        self._n_parameters = self._boundaries.n_parameters()
        self._rectangular = isinstance(self._boundaries, RectangularBoundaries)
        if isinstance(self._boundaries, RectangularBoundaries):
            self._lower = self._boundaries.lower()
            self._upper = self._boundaries.upper()
            self._value: float = -float(np.log(np.prod(self._boundaries.range())))
        else:
            self._value = 1

    def __call__(self, x: Point) -> float:
        x = point(x, self._n_parameters)
        if self._rectangular:
            # Written so that NaN counts as outside (min and max propagate NaN).
            inside = (x - self._lower).min() >= 0 and (self._upper - x).min() > 0
        else:
            inside = self._boundaries.check(x)
        return self._value if inside else _MINUS_INF

    def evaluateS1(self, x: Point) -> tuple[float, FloatArray]:
        """Return the value and a zero gradient, shape ``(n_parameters,)``."""
        return self(x), np.zeros(self._n_parameters)

    def cdf(self, xs: ArrayLike) -> FloatArray:
        """Return the marginal CDFs, linear between the bounds and clamped to
        0 and 1; shape ``(n_parameters,)`` for one point, else
        ``(n, n_parameters)``. Rectangular boundaries only."""
        points, single = as_points(xs, self._n_parameters)
        lo, hi = self._bounds()
        return _shaped(np.clip((points - lo) / (hi - lo), 0.0, 1.0), single)

    def icdf(self, ps: ArrayLike) -> FloatArray:
        """Return the inverse of `cdf()`: points between the bounds for
        cumulative probabilities ``ps`` (clamped to the bounds)."""
        points, single = as_points(ps, self._n_parameters)
        lo, hi = self._bounds()
        p = np.clip(points, 0.0, 1.0)
        return _shaped(lo * (1 - p) + hi * p, single)

    def _bounds(self) -> tuple[FloatArray, FloatArray]:
        if not self._rectangular:
            raise NotImplementedError
        return self._lower, self._upper

    def mean(self) -> FloatArray:
        """Return the midpoint of rectangular boundaries (otherwise
        ``NotImplementedError``)."""
        lo, hi = self._bounds()
        return 0.5 * (lo + hi)

    def n_parameters(self) -> int:
        """Return the dimension of the parameter space."""
        return self._n_parameters

    def sample(self, n: int = 1) -> FloatArray:
        """Draw ``n`` points from the boundaries, shape ``(n, n_parameters)``."""
        # Transformed boundaries give a list of points instead, as in PINTS.
        return cast(FloatArray, self._boundaries.sample(sample_count(n, 1)))


class ComposedLogPrior(LogPrior):
    r"""Independent priors on consecutive blocks of parameters.

    $$
    \log p(x) = \sum_k \log p_k(x_{[k]})
    $$

    where $x_{[k]}$ is the block of ``sub.n_parameters()`` entries of
    prior $k$.

    Parameters
    ----------
    *priors : LogPrior
        The priors, in parameter order.

    Raises
    ------
    ValueError
        If no priors are given or one is not a `LogPrior`.
    """

    def __init__(self, *priors: LogPrior) -> None:
        if len(priors) < 1:
            raise ValueError("Must have at least one sub-prior")
        for i, prior in enumerate(priors):
            if not isinstance(prior, LogPrior):
                raise with_detail(
                    ValueError("All sub-priors must extend pints.LogPrior."),
                    f"Prior {i} is {describe(prior)}.",
                    pinned=True,
                )
        self._priors = priors
        ends = np.cumsum([p.n_parameters() for p in priors])
        self._slices = [
            slice(int(hi - p.n_parameters()), int(hi))
            for p, hi in zip(priors, ends, strict=True)
        ]
        self._n_parameters = int(ends[-1])

    def __call__(self, x: Point) -> float:
        x = point(x, self._n_parameters)
        total: float = 0
        for prior, s in zip(self._priors, self._slices, strict=True):
            total += prior(x[s])
        return total

    def evaluateS1(self, x: Point) -> tuple[float, FloatArray]:
        """Return the sum and the concatenated gradients, shape
        ``(n_parameters,)``."""
        x = point(x, self._n_parameters)
        total: float = 0
        gradient = np.zeros(self._n_parameters)
        for prior, s in zip(self._priors, self._slices, strict=True):
            value, d = prior.evaluateS1(x[s])
            total += value
            gradient[s] = np.asarray(d)
        return total, gradient

    def cdf(self, x: ArrayLike) -> list[PriorValues]:
        """Return ``[prior_i.cdf(x[i]) ...]`` (meaningful for one-dimensional
        sub-priors)."""
        x = cast(Point, x)  # one entry per sub-prior, indexed as PINTS does
        return [prior.cdf(x[i]) for i, prior in enumerate(self._priors)]

    def icdf(self, p: ArrayLike) -> list[PriorValues]:
        """Return ``[prior_i.icdf(p[i]) ...]`` (meaningful for
        one-dimensional sub-priors)."""
        p = cast(Point, p)  # one entry per sub-prior, indexed as PINTS does
        return [prior.icdf(p[i]) for i, prior in enumerate(self._priors)]

    def mean(self) -> list[PriorValues]:
        """Return the list of the sub-priors' means."""
        return [prior.mean() for prior in self._priors]

    def n_parameters(self) -> int:
        """Return the dimension of the parameter space."""
        return self._n_parameters

    def sample(self, n: int = 1) -> FloatArray:
        """Draw ``n`` points, shape ``(n, n_parameters)``: each block from its
        sub-prior, in order."""
        n = sample_count(n, self._n_parameters)
        output = np.zeros((n, self._n_parameters))
        for prior, s in zip(self._priors, self._slices, strict=True):
            output[:, s] = prior.sample(n)
        return output


class MultivariateGaussianLogPrior(LogPrior):
    r"""Multivariate Gaussian distribution with mean $\mu$ and
    covariance $\Sigma$.

    $$
    \log p(x) = -\frac{d}{2}\log 2\pi - \frac{1}{2}\log\det\Sigma
    - \frac{1}{2}(x - \mu)^T \Sigma^{-1} (x - \mu)
    $$

    computed from the Cholesky factor $\Sigma = LL^T$.

    `convert_to_unit_cube()` and `convert_from_unit_cube()` use
    `pseudo_cdf()` and `pseudo_icdf()`, which map each coordinate
    through the CDF of its distribution conditional on the coordinates
    before it.

    Parameters
    ----------
    mean : array_like, shape (d,)
        $\mu$.
    cov : array_like, shape (d, d)
        $\Sigma$, symmetric positive definite.
    rng : int, numpy.random.Generator or None, optional
        Random generator (or seed) for `sample()`.

    Raises
    ------
    ValueError
        If ``cov`` is not a matrix, the sizes do not match, or ``cov`` is not
        symmetric positive definite.
    """

    def __init__(self, mean: ArrayLike, cov: ArrayLike, *, rng: RngLike = None) -> None:
        self._mean = vector(mean, "mean")
        cov = np.array(floats(cov, "cov"), dtype=float)
        if cov.ndim != 2:
            raise ValueError("Given covariance must be a matrix.")
        if not np.isfinite(cov).all():
            raise ValueError(fail("cov", "finite", cov))
        d = len(self._mean)
        if not cov.shape == (d, d):
            raise ValueError("Sizes of mean and covariance do not match.")
        try:
            if not np.allclose(cov, cov.T):
                raise np.linalg.LinAlgError
            chol = np.linalg.cholesky(cov)
        except np.linalg.LinAlgError:
            raise ValueError(
                "Covariance matrix must be symmetric positive definite."
            ) from None
        self._cov = cov
        self._n_parameters = d
        self._rng = as_generator(rng)
        self._inv_chol = np.linalg.inv(chol)  # lower triangular: L^-1
        self._constant = -np.sum(np.log(np.diag(chol))) - 0.5 * d * math.log(
            2 * math.pi
        )
        # Conditional distribution of x_i given x_0..x_{i-1}:
        # mean mu_i + c_i . (x_:i - mu_:i), standard deviation s_i.
        self._coefficients = [np.zeros(0)]
        sds = [math.sqrt(cov[0, 0])]
        for i in range(1, d):
            c = np.linalg.solve(cov[:i, :i], cov[:i, i])
            self._coefficients.append(c)
            sds.append(math.sqrt(cov[i, i] - cov[i, :i] @ c))
        self._conditional_sd = np.array(sds)

    def __call__(self, x: Point) -> float:
        d = point(x, self._n_parameters) - self._mean
        if not np.isfinite(d).all():
            return _MINUS_INF
        y = self._inv_chol @ d
        return self._constant - 0.5 * (y @ y)

    def evaluateS1(self, x: Point) -> tuple[float, FloatArray]:
        r"""Return the value and $-\Sigma^{-1}(x - \mu)$."""
        d = point(x, self._n_parameters) - self._mean
        if not np.isfinite(d).all():
            return _MINUS_INF, np.full(self._n_parameters, np.nan)
        y = self._inv_chol @ d
        return self._constant - 0.5 * (y @ y), -(self._inv_chol.T @ y)

    def pseudo_cdf(self, xs: ArrayLike) -> FloatArray:
        r"""Map points to the unit cube: coordinate $i$ goes through the
        CDF of $x_i \mid x_0, \ldots, x_{i-1}$.

        Returns shape ``(d,)`` for one point, else ``(n, d)``.
        """
        points, single = as_points(xs, self._n_parameters)
        out = np.empty_like(points)
        for i, c in enumerate(self._coefficients):
            mu = self._mean[i] + (points[:, :i] - self._mean[:i]) @ c
            out[:, i] = _special.ndtr((points[:, i] - mu) / self._conditional_sd[i])
        return _shaped(out, single)

    def pseudo_icdf(self, ps: ArrayLike) -> FloatArray:
        """Inverse of `pseudo_cdf()`: map points of the unit cube to
        parameter space, one conditional quantile at a time."""
        points, single = as_points(ps, self._n_parameters)
        out = np.empty_like(points)
        for i, c in enumerate(self._coefficients):
            mu = self._mean[i] + (out[:, :i] - self._mean[:i]) @ c
            z = _special.ndtri(points[:, i])
            out[:, i] = mu + self._conditional_sd[i] * z
        return _shaped(out, single)

    def convert_from_unit_cube(self, u: ArrayLike) -> FloatArray:
        """See `pseudo_icdf()`."""
        return self.pseudo_icdf(u)

    def convert_to_unit_cube(self, x: ArrayLike) -> FloatArray:
        """See `pseudo_cdf()`."""
        return self.pseudo_cdf(x)

    def mean(self) -> FloatArray:
        r"""Return $\mu$."""
        return self._mean

    def n_parameters(self) -> int:
        """Return the dimension of the parameter space."""
        return self._n_parameters

    def sample(self, n: int = 1) -> FloatArray:
        """Draw ``n`` samples, shape ``(n, d)``."""
        n = sample_count(n, self._n_parameters)
        return self._rng.multivariate_normal(self._mean, self._cov, size=n)
