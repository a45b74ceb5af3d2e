"""Error measures of the residuals between a problem's model and its data:
sums and means of squares, and root mean squares."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .._checks import vector
from .._typing import ArrayLike, FloatArray
from ._batch import batch_points, loop, simulate_batch
from ._error_measures import ProblemErrorMeasure
from ._problems import Point, Problem, SingleOutputProblem, evaluate_S1

# ``np.sum`` adds ~1 µs of Python overhead per call; the ufunc method runs the
# same (pairwise) summation, so results are bit-identical.
_add = np.add.reduce


class _WeightedSquaresError(ProblemErrorMeasure):
    """Shared code for the weighted sum of squares and its mean.

    Both are multiples of ``sum_o w_o sum_t r_to**2`` with residuals
    ``r = y - values``; the summation order matches PINTS bit for bit.
    """

    def __init__(
        self, problem: Problem, weights: Sequence[float] | None = None
    ) -> None:
        super().__init__(problem)
        w = np.ones(self._n_outputs) if weights is None else vector(weights, "weights")
        if self._n_outputs != len(w):
            raise ValueError("Number of weights must match number of problem outputs.")
        self._weights = np.array(w, dtype=float)
        # Single-output data are 1-d: the sum over outputs is a single product.
        self._flat = np.ndim(self._values) == 1
        self._w0 = float(self._weights[0]) if self._flat else 1.0

    def _total(self, r: FloatArray) -> float:
        if self._flat:
            return _add(r * r) * self._w0
        return _add(_add(r * r, axis=0) * self._weights)

    def _gradient(self, r: FloatArray, dy: FloatArray) -> FloatArray:
        if self._flat:
            dy = dy.reshape((self._n_times, self._n_parameters))
            return _add(r[:, None] * dy, axis=0) * self._w0
        dy = dy.reshape((self._n_times, self._n_outputs, self._n_parameters))
        per_output = _add(r[:, :, None] * dy, axis=0)  # (n_outputs, n_parameters)
        return _add(per_output.T * self._weights, axis=1)

    def _batch_squares(self, xs: FloatArray) -> FloatArray | None:
        """``sum_t r_t**2 * w`` for every row of ``xs``, shape ``(n_points,)``,
        or ``None`` if this problem or subclass cannot be batched."""
        if not self._flat or type(self).__call__ not in _BATCHABLE_CALLS:
            return None
        y = simulate_batch(self._problem, xs)
        if y is None:
            return None
        r = y - self._values
        r *= r
        result: FloatArray = _add(r, axis=1) * self._w0
        return result

    def evaluate_batch(self, xs: ArrayLike) -> FloatArray:
        """Return the error at every row of ``xs``, shape ``(n_points,
        n_parameters)``, as an array of shape ``(n_points,)``.

        One call of the model's ``simulate_batch`` when it has one (see
        ``paramfit._vectorised``); otherwise a loop over the points.
        """
        xs = batch_points(xs, self._n_parameters)
        totals = self._batch_squares(xs)
        if totals is None:
            return loop(self, xs)
        return self._batch_scale(totals)

    def _batch_scale(self, totals: FloatArray) -> FloatArray:
        return totals

    def _value_and_gradient(self, x: Point) -> tuple[float, FloatArray]:
        y, dy = evaluate_S1(self._problem, x)
        r = y - self._values
        return self._total(r), self._gradient(r, np.asarray(dy))


class SumOfSquaresError(_WeightedSquaresError):
    r"""The (weighted) sum of squared residuals.

    $$
    e(x) = \sum_o w_o \sum_t \left(y_{to}(x) - d_{to}\right)^2
    $$

    where $y$ is the model output, $d$ the data and $w_o$
    the weight of output $o$.

    Parameters
    ----------
    problem : SingleOutputProblem or MultiOutputProblem
        The problem to measure the misfit on.
    weights : sequence of float, shape (n_outputs,), optional
        One weight per output (default: all 1).

    Raises
    ------
    ValueError
        If the number of weights differs from the number of outputs.
    """

    def __call__(self, x: Point) -> float:
        """Return the sum of squares at ``x``, shape ``(n_parameters,)``."""
        r = self._problem.evaluate(x) - self._values
        if self._flat:
            r *= r  # r is a fresh temporary: square it in place
            return _add(r) * self._w0
        return self._total(r)

    def evaluateS1(self, x: Point) -> tuple[float, FloatArray]:
        """Return the error and its gradient, shape ``(n_parameters,)``:
        $2 \\sum_o w_o \\sum_t r_{to} \\partial y_{to} / \\partial x$."""
        e, g = self._value_and_gradient(x)
        return e, 2 * g


class MeanSquaredError(_WeightedSquaresError):
    r"""The (weighted) mean of the squared residuals.

    $$
    e(x) = \frac{1}{n_t n_o} \sum_o w_o \sum_t \left(y_{to}(x) - d_{to}\right)^2
    $$

    The parameters (``problem`` and the optional ``weights``) and the errors
    raised are those of `SumOfSquaresError`.
    """

    def __init__(
        self, problem: Problem, weights: Sequence[float] | None = None
    ) -> None:
        super().__init__(problem, weights)
        # 1 / (n_times * n_outputs)
        self._scale = 1.0 / float(np.prod(self._values.shape))

    def __call__(self, x: Point) -> float:
        """Return the mean squared error at ``x``, shape ``(n_parameters,)``."""
        r = self._problem.evaluate(x) - self._values
        return self._scale * self._total(r)

    def evaluateS1(self, x: Point) -> tuple[float, FloatArray]:
        """Return the error and its gradient, shape ``(n_parameters,)``."""
        e, g = self._value_and_gradient(x)
        return self._scale * e, 2 * self._scale * g

    def _batch_scale(self, totals: FloatArray) -> FloatArray:
        return self._scale * totals


#: ``__call__`` methods whose values ``evaluate_batch`` reproduces (a subclass
#: overriding ``__call__`` is scored point by point instead).
_BATCHABLE_CALLS = (SumOfSquaresError.__call__, MeanSquaredError.__call__)


class _RootMeanSquare(ProblemErrorMeasure):
    """Shared code of the root-mean-square measures, which are defined for
    single-output problems only."""

    def __init__(self, problem: SingleOutputProblem) -> None:
        super().__init__(problem)
        if not isinstance(problem, SingleOutputProblem):
            raise ValueError("This measure is only defined for single output problems.")
        self._ninv = 1.0 / len(self._values)

    def _rms(self, x: Point) -> float:
        """The root mean square of the residuals at ``x``."""
        r = self._problem.evaluate(x) - self._values
        return np.sqrt(self._ninv * _add(r * r, axis=None))


class RootMeanSquaredError(_RootMeanSquare):
    r"""The root of the mean squared residual, for single-output problems.

    $$
    e(x) = \sqrt{\frac{1}{n_t} \sum_t \left(y_t(x) - d_t\right)^2}
    $$

    Parameters
    ----------
    problem : SingleOutputProblem
        The problem to measure the misfit on.

    Raises
    ------
    ValueError
        If ``problem`` is not a `SingleOutputProblem`.
    """

    def __call__(self, x: Point) -> float:
        """Return the error at ``x``, shape ``(n_parameters,)``."""
        return self._rms(x)


class NormalisedRootMeanSquaredError(_RootMeanSquare):
    r"""The root mean squared residual divided by the root mean square of the
    data, for single-output problems.

    $$
    e(x) = \sqrt{\frac{\sum_t \left(y_t(x) - d_t\right)^2}{\sum_t d_t^2}}
    $$

    The parameter (``problem``) and the error raised are those of
    `RootMeanSquaredError`.
    """

    def __init__(self, problem: SingleOutputProblem) -> None:
        super().__init__(problem)
        self._norm = 1.0 / np.sqrt(self._ninv * np.sum(self._values**2))

    def __call__(self, x: Point) -> float:
        """Return the error at ``x``, shape ``(n_parameters,)``."""
        return self._norm * self._rms(x)
