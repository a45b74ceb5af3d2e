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
    ProbabilityBasedError,
    ProblemErrorMeasure,
    SumOfErrors,
)
from ._log_pdfs import LogLikelihood, LogPDF, LogPrior, ProblemLogLikelihood
from ._models import ForwardModel, ForwardModelS1
from ._problems import MultiOutputProblem, SingleOutputProblem
from ._squared_residuals import (
    MeanSquaredError,
    NormalisedRootMeanSquaredError,
    RootMeanSquaredError,
    SumOfSquaresError,
)

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
