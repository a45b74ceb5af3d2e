"""Error measures: scalar goodness-of-fit functions to be minimised."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Union

import numpy as np

from .._typing import FloatArray
from ._batch import batch_points, loop, simulate_batch
from ._log_pdfs import LogPDF
from ._problems import MultiOutputProblem, SingleOutputProblem

Problem = Union[SingleOutputProblem, MultiOutputProblem]

# ``np.sum`` adds ~1 µs of Python overhead per call; the ufunc method runs the
# same (pairwise) summation, so results are bit-identical.
_add = np.add.reduce


class ErrorMeasure:
    """Base class for error measures: callables ``e(x)`` that return a scalar
    measure of misfit, where smaller is better.

    Subclasses implement `__call__()` and `n_parameters()`, and may
    implement `evaluateS1()`.
    """

    def __call__(self, x: Any) -> float:
        """Return the error at ``x``, an array_like of shape ``(n_parameters,)``."""
        raise NotImplementedError

    def evaluateS1(self, x: Any) -> tuple[float, FloatArray]:
        """Return the error at ``x`` and its gradient.

        Optional: not every error measure implements it.

        Returns
        -------
        e : float
        de : ndarray, shape (n_parameters,)
        """
        raise NotImplementedError

    def n_parameters(self) -> int:
        """Return the dimension of the parameter space."""
        raise NotImplementedError


class ProblemErrorMeasure(ErrorMeasure):
    """Base class for error measures defined on a single- or multi-output
    problem.

    The problem is read only through its public methods, so any object with
    ``times()``, ``values()``, ``n_outputs()``, ``n_parameters()`` and
    ``evaluate()`` works.

    Parameters
    ----------
    problem : SingleOutputProblem or MultiOutputProblem
        The problem to measure the misfit on.
    """

    def __init__(self, problem: Problem) -> None:
        super().__init__()
        self._problem = problem
        self._times = problem.times()
        self._values = problem.values()
        self._n_outputs = problem.n_outputs()
        self._n_parameters = problem.n_parameters()
        self._n_times = len(self._times)

    def n_parameters(self) -> int:
        """Return the dimension of the parameter space."""
        return self._n_parameters

    def problem(self) -> Problem:
        """Return the problem this error measure is defined on."""
        return self._problem


class _WeightedSquaresError(ProblemErrorMeasure):
    """Shared code for the weighted sum of squares and its mean.

    Both are multiples of ``sum_o w_o sum_t r_to**2`` with residuals
    ``r = y - values``; the summation order matches PINTS bit for bit.
    """

    def __init__(self, problem: Problem, weights: Sequence[float] | None) -> None:
        super().__init__(problem)
        if weights is None:
            weights = [1] * self._n_outputs
        elif self._n_outputs != len(weights):
            raise ValueError("Number of weights must match number of problem outputs.")
        self._weights = np.asarray([float(w) for w in weights])
        # Single-output data are 1-d: the sum over outputs is a single product.
        self._flat = np.ndim(self._values) == 1
        self._w0 = float(self._weights[0]) if self._flat else 1.0

    def _total(self, r: FloatArray) -> Any:
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

    def _batch_squares(self, xs: Any) -> FloatArray | None:
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

    def evaluate_batch(self, xs: Any) -> FloatArray:
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

    def _value_and_gradient(self, x: Any) -> tuple[Any, FloatArray]:
        y, dy = self._problem.evaluateS1(x)
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

    def __init__(
        self, problem: Problem, weights: Sequence[float] | None = None
    ) -> None:
        super().__init__(problem, weights)

    def __call__(self, x: Any) -> float:
        """Return the sum of squares at ``x``, shape ``(n_parameters,)``."""
        r = self._problem.evaluate(x) - self._values
        if self._flat:
            r *= r  # r is a fresh temporary: square it in place
            return _add(r) * self._w0
        return self._total(r)

    def evaluateS1(self, x: Any) -> tuple[float, FloatArray]:
        """Return the error and its gradient, shape ``(n_parameters,)``:
        $2 \\sum_o w_o \\sum_t r_{to} \\partial y_{to} / \\partial x$."""
        e, g = self._value_and_gradient(x)
        return e, 2 * g


class MeanSquaredError(_WeightedSquaresError):
    r"""The (weighted) mean of the squared residuals.

    $$
    e(x) = \frac{1}{n_t n_o} \sum_o w_o \sum_t \left(y_{to}(x) - d_{to}\right)^2
    $$

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

    def __init__(
        self, problem: Problem, weights: Sequence[float] | None = None
    ) -> None:
        super().__init__(problem, weights)
        # 1 / (n_times * n_outputs)
        self._scale = 1.0 / float(np.prod(self._values.shape))

    def __call__(self, x: Any) -> float:
        """Return the mean squared error at ``x``, shape ``(n_parameters,)``."""
        r = self._problem.evaluate(x) - self._values
        return self._scale * self._total(r)

    def evaluateS1(self, x: Any) -> tuple[float, FloatArray]:
        """Return the error and its gradient, shape ``(n_parameters,)``."""
        e, g = self._value_and_gradient(x)
        return self._scale * e, 2 * self._scale * g

    def _batch_scale(self, totals: FloatArray) -> FloatArray:
        return self._scale * totals


#: ``__call__`` methods whose values ``evaluate_batch`` reproduces (a subclass
#: overriding ``__call__`` is scored point by point instead).
_BATCHABLE_CALLS = (SumOfSquaresError.__call__, MeanSquaredError.__call__)


class RootMeanSquaredError(ProblemErrorMeasure):
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

    def __init__(self, problem: SingleOutputProblem) -> None:
        super().__init__(problem)
        _require_single_output(problem)
        self._ninv = 1.0 / len(self._values)

    def __call__(self, x: Any) -> float:
        """Return the error at ``x``, shape ``(n_parameters,)``."""
        r = self._problem.evaluate(x) - self._values
        return np.sqrt(self._ninv * _add(r * r, axis=None))


class NormalisedRootMeanSquaredError(ProblemErrorMeasure):
    r"""The root mean squared residual divided by the root mean square of the
    data, for single-output problems.

    $$
    e(x) = \sqrt{\frac{\sum_t \left(y_t(x) - d_t\right)^2}{\sum_t d_t^2}}
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

    def __init__(self, problem: SingleOutputProblem) -> None:
        super().__init__(problem)
        _require_single_output(problem)
        self._ninv = 1.0 / len(self._values)
        self._norm = 1.0 / np.sqrt(self._ninv * np.sum(self._values**2))

    def __call__(self, x: Any) -> float:
        """Return the error at ``x``, shape ``(n_parameters,)``."""
        r = self._problem.evaluate(x) - self._values
        return self._norm * np.sqrt(self._ninv * _add(r * r, axis=None))


def _require_single_output(problem: Any) -> None:
    if not isinstance(problem, SingleOutputProblem):
        raise ValueError("This measure is only defined for single output problems.")


class SumOfErrors(ErrorMeasure):
    r"""A weighted sum of error measures on the same parameter space.

    $$
    e(x) = \sum_i w_i e_i(x)
    $$

    Parameters
    ----------
    error_measures : sequence of ErrorMeasure
        At least one error measure; all must have the same ``n_parameters()``.
    weights : sequence of float, optional
        One weight per error measure (default: all 1).

    Raises
    ------
    ValueError
        If no error measures are given, the number of weights is wrong, an
        element is not an `ErrorMeasure`, or the dimensions differ.
    TypeError
        If a weight cannot be converted to float.

    Examples
    --------
    ::

        errors = [pints.MeanSquaredError(problem1), pints.MeanSquaredError(problem2)]
        e = pints.SumOfErrors(errors, [1.0, 2.7])
    """

    def __init__(
        self,
        error_measures: Sequence[ErrorMeasure],
        weights: Sequence[float] | None = None,
    ) -> None:
        super().__init__()
        n = len(error_measures)
        if n < 1:
            raise ValueError("SumOfErrors requires at least 1 error measure.")
        if weights is None:
            weights = [1] * n
        elif len(weights) != n:
            raise ValueError(
                "Number of weights must match number of errors passed to SumOfErrors."
            )
        for i, e in enumerate(error_measures):
            if not isinstance(e, ErrorMeasure):
                raise ValueError(
                    "All error_measures passed to SumOfErrors must be instances of"
                    f" pints.ErrorMeasure (failed on argument {i})."
                )
        self._errors = list(error_measures)
        self._n_parameters = self._errors[0].n_parameters()
        if any(e.n_parameters() != self._n_parameters for e in self._errors[1:]):
            raise ValueError(
                "All errors passed to SumOfErrors must have same dimension."
            )
        # Converted last, so a bad measure is reported before a bad weight.
        self._weights = [float(w) for w in weights]

    def __call__(self, x: Any) -> float:
        """Return the weighted sum at ``x``, shape ``(n_parameters,)``."""
        total: Any = 0
        for e, w in zip(self._errors, self._weights, strict=True):
            total += e(x) * w
        return total

    def evaluateS1(self, x: Any) -> tuple[float, FloatArray]:
        """Return the weighted sum and its gradient, shape ``(n_parameters,)``.

        Only works if every error measure implements `evaluateS1()`.
        """
        total: Any = 0
        gradient = np.zeros(self._n_parameters)
        for e, w in zip(self._errors, self._weights, strict=True):
            a, b = e.evaluateS1(x)
            total += w * a
            gradient += w * np.asarray(b)
        return total, gradient

    def n_parameters(self) -> int:
        """Return the dimension of the parameter space."""
        return self._n_parameters


class ProbabilityBasedError(ErrorMeasure):
    """The negated value of a `LogPDF`, so that minimising this error
    maximises the probability.

    Parameters
    ----------
    log_pdf : LogPDF
        The log-pdf to negate.

    Raises
    ------
    ValueError
        If ``log_pdf`` is not a `LogPDF`.
    """

    def __init__(self, log_pdf: LogPDF) -> None:
        if not isinstance(log_pdf, LogPDF):
            raise ValueError("Given log_pdf must be an instance of pints.LogPDF.")
        self._log_pdf = log_pdf

    def __call__(self, x: Any) -> float:
        """Return ``-log_pdf(x)``."""
        return -self._log_pdf(x)

    def evaluate_batch(self, xs: Any) -> FloatArray:
        """Return ``-log_pdf`` at every row of ``xs``, shape ``(n_points,)``
        (vectorised when the log-pdf has ``evaluate_batch``)."""
        xs = batch_points(xs, self.n_parameters())
        batch = getattr(self._log_pdf, "evaluate_batch", None)
        if batch is None:
            return loop(self, xs)
        return -np.asarray(batch(xs), dtype=float)

    def evaluateS1(self, x: Any) -> tuple[float, FloatArray]:
        """Return ``-log_pdf(x)`` and its gradient, shape ``(n_parameters,)``.

        Only works if the log-pdf implements `LogPDF.evaluateS1()`.
        """
        value, gradient = self._log_pdf.evaluateS1(x)
        return -value, -np.asarray(gradient)

    def n_parameters(self) -> int:
        """Return the dimension of the log-pdf's parameter space."""
        return self._log_pdf.n_parameters()
