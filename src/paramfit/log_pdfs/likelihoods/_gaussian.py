"""Gaussian log-likelihoods, with unknown or known standard deviations, and
the base class shared by every log-likelihood with noise parameters.

Conventions shared by every problem log-likelihood in paramfit: noise
parameters are appended *after* the model parameters, residuals are
``e = data - model`` and sums run over all times and outputs without Python
loops. Invalid noise parameters give $-\\infty$, and so does a NaN
result (from a NaN parameter or model output): a log-likelihood is never NaN.
Where the value is $-\\infty$, ``evaluateS1`` returns an all-NaN
gradient.
"""

from __future__ import annotations

import math
import warnings

import numpy as np

from ..._checks import is_number, point, vector
from ..._typing import ArrayLike, FloatArray
from ...problems._batch import batch_points, loop, nan_to_minus_inf, simulate_batch
from ...problems._log_pdfs import ProblemLogLikelihood
from ...problems._problems import Point, Problem, evaluate_S1

_add = np.add.reduce
_LOG_2PI = math.log(2 * math.pi)
_MINUS_INF = float("-inf")


def or_minus_inf(value: float) -> float:
    """``value``, or ``-inf`` if it is NaN (e.g. from a NaN parameter or model
    output): log-likelihoods are never NaN."""
    return value if value == value else _MINUS_INF


class _NoiseLogLikelihood(ProblemLogLikelihood):
    """Shared set-up: ``k`` noise parameters per output follow the model's.

    Values and model outputs keep the problem's shape, ``(n_times,)`` for a
    single-output problem or ``(n_times, n_outputs)``; per-output noise
    parameters, shape ``(n_outputs,)``, broadcast against both.
    """

    def __init__(self, problem: Problem, k: int) -> None:
        super().__init__(problem)
        self._no = int(problem.n_outputs())
        self._nt = len(self._times)
        self._n_model = int(problem.n_parameters())
        self._n_parameters = self._n_model + k * self._no

    def _split(self, x: Point) -> tuple[FloatArray, FloatArray]:
        v = point(x, self._n_parameters)
        return v[: self._n_model], v[self._n_model :]

    def _nan_gradient(self) -> FloatArray:
        return np.full(self._n_parameters, np.nan)

    def _batch_sse(self, xs: FloatArray, cls: type) -> FloatArray | None:
        """Sum of squared residuals for every row's model parameters, shape
        ``(n_points,)``, or ``None`` when this cannot be batched (several
        outputs, no ``simulate_batch``, or ``__call__`` overridden)."""
        if type(self).__call__ is not cls.__call__:
            return None
        y = simulate_batch(self._problem, xs[:, : self._n_model])
        if y is None:
            return None
        e = self._values - y
        result: FloatArray = _add(e * e, axis=1)
        return result

    def _model_gradient(self, w: FloatArray, dy: ArrayLike) -> FloatArray:
        """Return ``sum_tj w_tj dy_tjp``, shape ``(n_model_parameters,)``, for
        weights ``w`` shaped like the values."""
        w = np.asarray(w)
        return w.reshape(-1) @ np.asarray(dy).reshape(w.size, -1)


class GaussianLogLikelihood(_NoiseLogLikelihood):
    r"""Log-likelihood of independent Gaussian noise with an unknown standard
    deviation per output.

    $$
    \log L(\theta, \sigma) = \sum_j \left[ -\frac{n_t}{2} \log 2\pi
    - n_t \log \sigma_j - \frac{1}{2\sigma_j^2} \sum_t e_{tj}^2 \right]
    $$

    with residuals $e_{tj} = d_{tj} - f_{tj}(\theta)$. The parameter
    vector is ``[theta..., sigma_1, ..., sigma_{n_outputs}]``; any
    $\sigma_j \le 0$ (or NaN) gives $-\infty$.

    Parameters
    ----------
    problem : SingleOutputProblem or MultiOutputProblem
        The problem to fit.
    """

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem, 1)
        self._logn = 0.5 * self._nt * _LOG_2PI

    def __call__(self, x: Point) -> float:
        """Return the log-likelihood at ``x``, shape ``(n_parameters,)``."""
        theta, sigma = self._split(x)
        if not sigma.min() > 0:
            return _MINUS_INF
        e = self._values - self._problem.evaluate(theta)
        sse = _add(e * e, axis=0)
        return or_minus_inf(
            _add(-self._logn - self._nt * np.log(sigma) - sse / (2 * sigma**2))
        )

    def evaluate_batch(self, xs: ArrayLike) -> FloatArray:
        """Return the log-likelihood at every row of ``xs``, shape
        ``(n_points, n_parameters)``, as an array of shape ``(n_points,)``
        (see ``paramfit._vectorised``)."""
        xs = batch_points(xs, self._n_parameters)
        sse = self._batch_sse(xs, GaussianLogLikelihood)
        if sse is None:
            return loop(self, xs)
        sigma = xs[:, self._n_model]
        valid = sigma > 0
        with np.errstate(divide="ignore", invalid="ignore"):
            values = -self._logn - self._nt * np.log(sigma) - sse / (2 * sigma**2)
        values[~valid] = -np.inf
        return nan_to_minus_inf(values)

    def evaluateS1(self, x: Point) -> tuple[float, FloatArray]:
        r"""Return the log-likelihood and its gradient, shape
        ``(n_parameters,)``:

        $$
        \frac{\partial \log L}{\partial \theta} = \sum_j \sigma_j^{-2}
        \sum_t e_{tj} \frac{\partial f_{tj}}{\partial \theta}, \qquad
        \frac{\partial \log L}{\partial \sigma_j} = -\frac{n_t}{\sigma_j}
        + \sigma_j^{-3} \sum_t e_{tj}^2.
        $$

        Where the value is $-\infty$ the gradient is all NaN.
        """
        theta, sigma = self._split(x)
        if not sigma.min() > 0:
            return _MINUS_INF, self._nan_gradient()
        y, dy = evaluate_S1(self._problem, theta)
        e = self._values - y
        sse = _add(e * e, axis=0)
        isig2 = 1 / sigma**2
        L = _add(-self._logn - self._nt * np.log(sigma) - 0.5 * sse * isig2)
        if not L > _MINUS_INF:
            return _MINUS_INF, self._nan_gradient()
        dtheta = self._model_gradient(e * isig2, dy)
        dsigma = -self._nt / sigma + sse * isig2 / sigma
        return L, np.concatenate((dtheta, dsigma))


class GaussianKnownSigmaLogLikelihood(_NoiseLogLikelihood):
    r"""Log-likelihood of independent Gaussian noise with a known standard
    deviation per output.

    $$
    \log L(\theta) = \sum_j \left[ -\frac{n_t}{2} \log 2\pi
    - n_t \log \sigma_j - \frac{1}{2\sigma_j^2} \sum_t e_{tj}^2 \right]
    $$

    Parameters
    ----------
    problem : SingleOutputProblem or MultiOutputProblem
        The problem to fit.
    sigma : float or array_like, shape (n_outputs,)
        The standard deviation(s); a scalar is used for every output.

    Raises
    ------
    ValueError
        If ``sigma`` has the wrong length or is not positive.
    """

    def __init__(self, problem: Problem, sigma: ArrayLike) -> None:
        super().__init__(problem, 0)
        s = per_output(sigma, self._no, "Sigma must be a scalar or a vector", "sigma")
        if not s.min() > 0:
            raise ValueError("Standard deviation must be greater than zero.")
        if not np.isfinite(s).all():
            raise ValueError(f"sigma must be finite; got {s.tolist()}.")
        self._offset = -0.5 * self._nt * _LOG_2PI - self._nt * np.log(s)
        self._multip = -1 / (2.0 * s**2)
        self._isigma2 = s**-2

    def __call__(self, x: Point) -> float:
        """Return the log-likelihood at ``x``, shape ``(n_parameters,)``."""
        e = self._values - self._problem.evaluate(point(x, self._n_parameters))
        return or_minus_inf(_add(self._offset + self._multip * _add(e * e, axis=0)))

    def evaluate_batch(self, xs: ArrayLike) -> FloatArray:
        """Return the log-likelihood at every row of ``xs``, shape
        ``(n_points, n_parameters)``, as an array of shape ``(n_points,)``
        (see ``paramfit._vectorised``)."""
        xs = batch_points(xs, self._n_parameters)
        sse = self._batch_sse(xs, GaussianKnownSigmaLogLikelihood)
        if sse is None:
            return loop(self, xs)
        return nan_to_minus_inf(self._offset[0] + self._multip[0] * sse)

    def evaluateS1(self, x: Point) -> tuple[float, FloatArray]:
        r"""Return the log-likelihood and its gradient, shape
        ``(n_parameters,)``:
        $\sum_j \sigma_j^{-2} \sum_t e_{tj}\, \partial f_{tj}/\partial\theta$.
        """
        y, dy = evaluate_S1(self._problem, point(x, self._n_parameters))
        e = self._values - y
        L = _add(self._offset + self._multip * _add(e * e, axis=0))
        if not L > _MINUS_INF:
            return _MINUS_INF, self._nan_gradient()
        return L, self._model_gradient(e * self._isigma2, dy)


def per_output(value: ArrayLike, n_outputs: int, what: str, name: str) -> FloatArray:
    """Broadcast a number to ``n_outputs`` values, or check a vector's
    length (``ValueError('<what> of length n_outputs.')`` otherwise). NaN
    and infinities pass: the callers' range checks (PINTS's messages) decide."""
    v = vector(value, name, finite=False)
    if len(v) == 1 and is_number(value):
        return np.full(n_outputs, v[0])
    if len(v) != n_outputs:
        raise ValueError(what + " of length n_outputs.")
    return v


class KnownNoiseLogLikelihood(GaussianKnownSigmaLogLikelihood):
    """Deprecated alias of `GaussianKnownSigmaLogLikelihood` (warns on
    every construction)."""

    def __init__(self, problem: Problem, sigma: ArrayLike) -> None:
        warnings.warn(
            "The class `pints.KnownNoiseLogLikelihood` is deprecated."
            " Please use `pints.GaussianKnownSigmaLogLikelihood` instead.",
            stacklevel=2,
        )
        super().__init__(problem, sigma)


class UnknownNoiseLogLikelihood(GaussianLogLikelihood):
    """Deprecated alias of `GaussianLogLikelihood` (warns on every
    construction)."""

    def __init__(self, problem: Problem) -> None:
        warnings.warn(
            "The class `pints.UnknownNoiseLogLikelihood` is deprecated."
            " Please use `pints.GaussianLogLikelihood` instead.",
            stacklevel=2,
        )
        super().__init__(problem)
