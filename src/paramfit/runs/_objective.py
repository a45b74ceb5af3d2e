"""The `Objective`: what a run scores, seen from both sides.

Users give a function in model space: an error measure to minimise or a
log-pdf to maximise. Methods work in the search space of an optional
transformation and always minimise. The objective is the one place that
knows both sides: it maps points between the spaces, flips the sign of
log-pdfs, and scores points under the run's failure policy.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .._typing import ArrayLike, FloatArray
from ..evaluation._evaluators import Evaluator
from ..evaluation._failure import (
    FailureCounts,
    FailureHandlingEvaluator,
    FailurePolicy,
)
from ..problems import Boundaries, ErrorMeasure, LogPDF, ProbabilityBasedError
from ..transformations import Transformation

#: Anything a controller accepts as the function of a run.
Function = ErrorMeasure | LogPDF

#: Builds the evaluator that scores a batch of points with the given
#: function (sequential, a process pool, or a copy of a user's template).
EvaluatorFactory = Callable[[Callable[..., Any]], Evaluator]


class Objective:
    """The function of a run, in the search space and minimised.

    Parameters
    ----------
    function : ErrorMeasure or LogPDF
        The function as the user gave it: a `LogPDF` is maximised, anything
        else (any callable with ``n_parameters()``) is minimised.
    transformation : Transformation, optional
        Methods search in its search space; users see model space.
    policy : FailurePolicy, optional
        What happens when the function raises or returns NaN.
    """

    def __init__(
        self,
        function: Function,
        transformation: Transformation | None = None,
        policy: FailurePolicy | None = None,
    ) -> None:
        self.maximising = isinstance(function, LogPDF)
        self.transformation = transformation
        self.policy = FailurePolicy() if policy is None else policy
        self.attach(function)

    def attach(self, function: Function) -> None:
        """Score ``function`` from now on (e.g. when resuming a run), which
        must be of the same kind as the first one.

        Raises
        ------
        ValueError
            If one is a `LogPDF` and the other is not.
        """
        if isinstance(function, LogPDF) != self.maximising:
            raise ValueError(
                "The function must be of the same kind (error measure or LogPDF)"
                " as the one the run was set up with."
            )
        #: The function as given, in model space.
        self.function = function
        t = self.transformation
        if isinstance(function, LogPDF):
            log_pdf = function if t is None else t.convert_log_pdf(function)
            self._minimised: ErrorMeasure = ProbabilityBasedError(log_pdf)
        elif t is None:
            self._minimised = function
        else:
            self._minimised = t.convert_error_measure(function)

    def n_parameters(self) -> int:
        """The dimension of the search space (and of model space)."""
        return int(self._minimised.n_parameters())

    # -- between the spaces ---------------------------------------------------
    def to_search(self, x: ArrayLike) -> FloatArray:
        """A point of model space in search space."""
        if self.transformation is None:
            return x  # type: ignore[return-value]
        return self.transformation.to_search(x)

    def to_model(self, x: FloatArray) -> FloatArray:
        """A point of search space in model space."""
        if self.transformation is None:
            return x
        return self.transformation.to_model(x)

    def sigma0_to_search(self, sigma0: ArrayLike | None, x0: FloatArray) -> Any:
        """Standard deviation(s) given in model space, in search space at
        ``x0`` (a point of search space); ``None`` stays ``None``."""
        if sigma0 is None or self.transformation is None:
            return sigma0
        return self.transformation.convert_standard_deviation(sigma0, x0)

    def boundaries_to_search(self, boundaries: Boundaries | None) -> Boundaries | None:
        """Boundaries given in model space, in search space."""
        if not boundaries or self.transformation is None:
            return boundaries
        return self.transformation.convert_boundaries(boundaries)

    # -- scores ---------------------------------------------------------------
    def shown(self, f: float) -> float:
        """A minimised score as users see it: log-pdf values are negated
        back."""
        return -f if self.maximising else f

    def evaluator(
        self,
        make: EvaluatorFactory,
        counts: FailureCounts,
        *,
        gradients: bool = False,
    ) -> FailureHandlingEvaluator:
        """The evaluator of a run: ``make`` applied to the minimised function
        (or its ``evaluateS1`` if ``gradients``), under the failure policy,
        counting failures in ``counts``."""
        f: Callable[..., Any] = self._minimised
        if gradients:
            f = self._minimised.evaluateS1
        guarded = FailureHandlingEvaluator.wrap_function(f, self.policy)
        return FailureHandlingEvaluator(make(guarded), self.policy, counts, gradients)
