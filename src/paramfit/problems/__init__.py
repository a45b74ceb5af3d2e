"""What is fitted: forward models, problems (a model with its data), error
measures, the `LogPDF` base classes and boundaries."""

from ._boundaries import (
    Boundaries,
    ComposedBoundaries,
    LogPDFBoundaries,
    RectangularBoundaries,
)
from ._error_measures import (
    ErrorMeasure,
    MeanSquaredError,
    NormalisedRootMeanSquaredError,
    ProbabilityBasedError,
    ProblemErrorMeasure,
    RootMeanSquaredError,
    SumOfErrors,
    SumOfSquaresError,
)
from ._log_pdfs import LogLikelihood, LogPDF, LogPrior, ProblemLogLikelihood
from ._models import ForwardModel, ForwardModelS1
from ._problems import MultiOutputProblem, SingleOutputProblem

__all__ = [
    "Boundaries",
    "ComposedBoundaries",
    "ErrorMeasure",
    "ForwardModel",
    "ForwardModelS1",
    "LogLikelihood",
    "LogPDF",
    "LogPDFBoundaries",
    "LogPrior",
    "MeanSquaredError",
    "MultiOutputProblem",
    "NormalisedRootMeanSquaredError",
    "ProbabilityBasedError",
    "ProblemErrorMeasure",
    "ProblemLogLikelihood",
    "RectangularBoundaries",
    "RootMeanSquaredError",
    "SingleOutputProblem",
    "SumOfErrors",
    "SumOfSquaresError",
]
