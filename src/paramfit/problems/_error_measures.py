"""Error measures: scalar goodness-of-fit functions to be minimised. The base
classes, and the measures built from other functions (`SumOfErrors`,
`ProbabilityBasedError`); the residual-based ones are in
`paramfit.problems._squared_residuals`."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .._checks import fail, vector, with_detail
from .._typing import ArrayLike, FloatArray
from ._batch import batch_points, loop
from ._checks import check_problem
from ._log_pdfs import LogPDF
from ._problems import Point, Problem


class ErrorMeasure:
    """Base class for error measures: callables ``e(x)`` that return a scalar
    measure of misfit, where smaller is better.

    Subclasses implement `__call__()` and `n_parameters()`, and may
    implement `evaluateS1()`.
    """

    def __call__(self, x: Point) -> float:
        """Return the error at ``x``, an array_like of shape ``(n_parameters,)``."""
        raise NotImplementedError

    def evaluateS1(self, x: Point) -> tuple[float, FloatArray]:
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
        check_problem(problem)
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
        if not isinstance(error_measures, Sequence) or isinstance(
            error_measures, (str, bytes)
        ):
            raise TypeError(
                fail("error_measures", "a sequence of ErrorMeasures", error_measures)
            )
        n = len(error_measures)
        if n < 1:
            raise ValueError("SumOfErrors requires at least 1 error measure.")
        w = np.ones(n) if weights is None else vector(weights, "weights")
        if len(w) != n:
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
        sizes = [e.n_parameters() for e in self._errors]
        if any(n != self._n_parameters for n in sizes):
            raise with_detail(
                ValueError(
                    "All errors passed to SumOfErrors must have same dimension."
                ),
                f"The error_measures have {sizes} parameters.",
                pinned=True,
            )
        self._weights = [float(v) for v in w]

    def __call__(self, x: Point) -> float:
        """Return the weighted sum at ``x``, shape ``(n_parameters,)``."""
        total: float = 0
        for e, w in zip(self._errors, self._weights, strict=True):
            total += e(x) * w
        return total

    def evaluateS1(self, x: Point) -> tuple[float, FloatArray]:
        """Return the weighted sum and its gradient, shape ``(n_parameters,)``.

        Only works if every error measure implements `evaluateS1()`.
        """
        total: float = 0
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
            raise with_detail(
                ValueError("Given log_pdf must be an instance of pints.LogPDF."),
                fail("log_pdf", "a LogPDF", log_pdf),
                pinned=True,
            )
        self._log_pdf = log_pdf

    def __call__(self, x: Point) -> float:
        """Return ``-log_pdf(x)``."""
        return -self._log_pdf(x)

    def evaluate_batch(self, xs: ArrayLike) -> FloatArray:
        """Return ``-log_pdf`` at every row of ``xs``, shape ``(n_points,)``
        (vectorised when the log-pdf has ``evaluate_batch``)."""
        xs = batch_points(xs, self.n_parameters())
        batch = getattr(self._log_pdf, "evaluate_batch", None)
        if batch is None:
            return loop(self, xs)
        return -np.asarray(batch(xs), dtype=float)

    def evaluateS1(self, x: Point) -> tuple[float, FloatArray]:
        """Return ``-log_pdf(x)`` and its gradient, shape ``(n_parameters,)``.

        Only works if the log-pdf implements `LogPDF.evaluateS1()`.
        """
        value, gradient = self._log_pdf.evaluateS1(x)
        return -value, -np.asarray(gradient)

    def n_parameters(self) -> int:
        """Return the dimension of the log-pdf's parameter space."""
        return self._log_pdf.n_parameters()
