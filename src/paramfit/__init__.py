"""paramfit: fit the parameters of (time-series) models to noisy data.

A fast, PINTS-compatible library built around the ask-and-tell optimiser
interface. Existing PINTS scripts run after ``import paramfit as pints``.
"""

# [boundaries]
from ._boundaries import Boundaries, ComposedBoundaries, RectangularBoundaries

# [core]
from ._core import (
    ForwardModel,
    ForwardModelS1,
    MultiOutputProblem,
    SingleOutputProblem,
    TunableMethod,
)

# [error measures]
from ._error_measures import (
    ErrorMeasure,
    MeanSquaredError,
    NormalisedRootMeanSquaredError,
    ProblemErrorMeasure,
    RootMeanSquaredError,
    SumOfErrors,
    SumOfSquaresError,
)

# [evaluation]
from ._evaluation import (
    Evaluator,
    MultiSequentialEvaluator,
    ParallelEvaluator,
    SequentialEvaluator,
    evaluate,
)

# [logger]
from ._logger import Loggable, Logger

# [optimisers]
from ._optimisers import (
    XNES,
    NonFiniteScoreWarning,
    Optimiser,
    PopulationBasedOptimiser,
)
from ._util import FLOAT_FORMAT, Timer, matrix2d, strfloat, vector

# [controller]

__all__ = [
    "FLOAT_FORMAT",
    "XNES",
    "Boundaries",
    "ComposedBoundaries",
    "ErrorMeasure",
    "Evaluator",
    "ForwardModel",
    "ForwardModelS1",
    "Loggable",
    "Logger",
    "MeanSquaredError",
    "MultiOutputProblem",
    "MultiSequentialEvaluator",
    "NonFiniteScoreWarning",
    "NormalisedRootMeanSquaredError",
    "Optimiser",
    "ParallelEvaluator",
    "PopulationBasedOptimiser",
    "ProblemErrorMeasure",
    "RectangularBoundaries",
    "RootMeanSquaredError",
    "SequentialEvaluator",
    "SingleOutputProblem",
    "SumOfErrors",
    "SumOfSquaresError",
    "Timer",
    "TunableMethod",
    "__version__",
    "__version_int__",
    "evaluate",
    "matrix2d",
    "strfloat",
    "vector",
    "version",
]

__version__ = "0.1.0"
__version_int__ = (0, 1, 0)


def version(formatted: bool = False) -> tuple[int, int, int] | str:
    """Return the version as a tuple of ints, or as ``'paramfit X.Y.Z'``."""
    if formatted:
        return "paramfit " + __version__
    return __version_int__
