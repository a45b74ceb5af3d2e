"""The `Objective`: what a run scores, seen from both sides.

Users give a function in model space: an error measure to minimise or a
log-pdf to maximise (or sample). Methods work in the search space of an
optional transformation; optimisers always minimise, samplers take log-pdf
values. The objective is the one place that knows both sides: it maps points
between the spaces, flips the sign where the user's sense and the method's
differ, and scores points under the run's failure policy.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .._checks import count, fail
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
    """The function of a run, in the search space and in the method's sense.

    Parameters
    ----------
    function : ErrorMeasure or LogPDF
        The function as the user gave it: a `LogPDF` is maximised, anything
        else (any callable with ``n_parameters()``) is minimised.
    transformation : Transformation, optional
        Methods search in its search space; users see model space. Log-pdfs
        gain the transformation's log-Jacobian.
    policy : FailurePolicy, optional
        What happens when the function raises or returns NaN.
    method_maximises : bool
        Whether the method takes values to maximise (samplers) rather than
        to minimise (optimisers).
    """

    def __init__(
        self,
        function: Function,
        transformation: Transformation | None = None,
        policy: FailurePolicy | None = None,
        *,
        method_maximises: bool = False,
    ) -> None:
        check_function(function)
        if transformation is not None:
            check_transformation(transformation, function.n_parameters())
        self.maximising = isinstance(function, LogPDF)
        self.transformation = transformation
        self.policy = FailurePolicy() if policy is None else policy
        # Scores change sign between the user and the method when their
        # senses differ (a log-pdf given to an optimiser).
        self._negated = self.maximising != method_maximises
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
        scored: Function
        if isinstance(function, LogPDF):
            scored = function if t is None else t.convert_log_pdf(function)
        else:
            scored = function if t is None else t.convert_error_measure(function)
        if self._negated:
            if not isinstance(scored, LogPDF):
                raise ValueError("Samplers need a LogPDF; got an error measure.")
            scored = ProbabilityBasedError(scored)
        #: The function the method's scores come from: in the search space,
        #: in the method's sense.
        self.scored = scored

    def n_parameters(self) -> int:
        """The dimension of the search space (and of model space)."""
        return int(self.scored.n_parameters())

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
        """A score in the method's sense as users see it (e.g. a log-pdf
        value negated back after an optimiser minimised it)."""
        return -f if self._negated else f

    def scorer(self, *, gradients: bool = False) -> Callable[..., Any]:
        """The function the evaluator calls: the scored function (or its
        ``evaluateS1`` if ``gradients``) under the failure policy."""
        f: Callable[..., Any] = self.scored
        if gradients:
            f = self.scored.evaluateS1
        return FailureHandlingEvaluator.wrap_function(f, self.policy)

    def evaluator(
        self,
        make: EvaluatorFactory,
        counts: FailureCounts,
        *,
        gradients: bool = False,
    ) -> FailureHandlingEvaluator:
        """The evaluator of a run: ``make`` applied to `scorer()`, counting
        failures in ``counts``."""
        inner = make(self.scorer(gradients=gradients))
        return FailureHandlingEvaluator(inner, self.policy, counts, gradients)


def check_function(function: object, name: str = "function") -> int:
    """The dimension of ``function``, which must be callable and have
    ``n_parameters()`` (an `ErrorMeasure`, a `LogPDF`, or any such object);
    a ``TypeError`` otherwise."""
    n_parameters = getattr(function, "n_parameters", None)
    if not callable(function) or not callable(n_parameters):
        raise TypeError(
            fail(
                name,
                "an ErrorMeasure or LogPDF (a callable with n_parameters())",
                function,
            )
        )
    return count(n_parameters(), f"{name}.n_parameters()")


_TRANSFORMATION_METHODS = ("to_model", "to_search")


def check_transformation(transformation: object, n_parameters: int) -> None:
    """A ``TypeError`` unless ``transformation`` is a `Transformation` (or
    has its ``to_model`` and ``to_search``), a ``ValueError`` if it has
    another dimension than the function."""
    if not isinstance(transformation, Transformation) and not all(
        callable(getattr(transformation, m, None)) for m in _TRANSFORMATION_METHODS
    ):
        raise TypeError(
            fail("transformation", "a Transformation or None", transformation)
        )
    dimension = getattr(transformation, "n_parameters", None)
    n = dimension() if callable(dimension) else n_parameters
    if n != n_parameters:
        raise ValueError(
            f"transformation must have the function's dimension, {n_parameters}; "
            f"got a transformation of {n} parameters."
        )
