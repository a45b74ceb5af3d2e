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

# [log-pdfs]
# isort: split
from ._boundaries import LogPDFBoundaries
from ._log_likelihoods import (
    GaussianKnownSigmaLogLikelihood,
    GaussianLogLikelihood,
    KnownNoiseLogLikelihood,
    UnknownNoiseLogLikelihood,
)
from ._log_likelihoods_combined import (
    PooledLogLikelihood,
    PooledLogPDF,
    ScaledLogLikelihood,
    SumOfIndependentLogLikelihoods,
    SumOfIndependentLogPDFs,
)
from ._log_likelihoods_noise import (
    AR1LogLikelihood,
    ARMA11LogLikelihood,
    CauchyLogLikelihood,
    ConstantAndMultiplicativeGaussianLogLikelihood,
    MultiplicativeGaussianLogLikelihood,
    StudentTLogLikelihood,
)
from ._log_likelihoods_other import (
    CensoredGaussianLogLikelihood,
    GaussianIntegratedLogUniformLogLikelihood,
    GaussianIntegratedUniformLogLikelihood,
    LogNormalLogLikelihood,
)
from ._log_pdfs import LogLikelihood, LogPosterior, LogPrior, ProblemLogLikelihood
from ._log_priors import (
    BetaLogPrior,
    CauchyLogPrior,
    ComposedLogPrior,
    ExponentialLogPrior,
    GammaLogPrior,
    GaussianLogPrior,
    HalfCauchyLogPrior,
    InverseGammaLogPrior,
    LogNormalLogPrior,
    LogUniformLogPrior,
    MultivariateGaussianLogPrior,
    NormalLogPrior,
    StudentTLogPrior,
    TruncatedGaussianLogPrior,
    UniformLogPrior,
)
from ._sample_initial_points import sample_initial_points

# [transformations]
from ._transformation import (
    IdentityTransformation,
    LogitTransformation,
    LogTransformation,
    RectangularBoundariesTransformation,
    Transformation,
)
from ._transformation_composed import ComposedTransformation
from ._transformation_scaling import ScalingTransformation, UnitCubeTransformation
from ._transformation_wrappers import (
    TransformedBoundaries,
    TransformedErrorMeasure,
    TransformedLogLikelihood,
    TransformedLogPDF,
    TransformedLogPrior,
    TransformedRectangularBoundaries,
)

# isort: split

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
    BIPOP,
    CMAES,
    IPOP,
    PSO,
    SNES,
    XNES,
    Adam,
    BareCMAES,
    CMATermination,
    GradientDescent,
    IRPropMin,
    MultiStart,
    NelderMead,
    NonFiniteScoreWarning,
    Optimiser,
    PopulationBasedOptimiser,
)
from ._util import FLOAT_FORMAT, Timer, matrix2d, strfloat, vector

# [scale-out]
# isort: split
from ._checkpoint import CheckpointError
from ._executor_evaluation import DaskEvaluator, ExecutorEvaluator
from ._failure import EvaluationError, FailurePolicy

# [controller]
# isort: split
from ._controller import Optimisation, OptimisationController
from ._error_measures import ProbabilityBasedError
from ._fitting import curve_fit, fmin, optimise
from ._log_pdfs import LogPDF
from ._result import OptimisationResult, OptimisationTrace
from ._stopping import StopReason

__all__ = [
    "CMAES",
    "BareCMAES",
    "CMATermination",
    "BIPOP",
    "IPOP",
    "MultiStart",
    "FLOAT_FORMAT",
    "PSO",
    "SNES",
    "XNES",
    "AR1LogLikelihood",
    "ARMA11LogLikelihood",
    "Adam",
    "BetaLogPrior",
    "Boundaries",
    "CauchyLogLikelihood",
    "CauchyLogPrior",
    "CensoredGaussianLogLikelihood",
    "CheckpointError",
    "ComposedBoundaries",
    "ComposedLogPrior",
    "ComposedTransformation",
    "ConstantAndMultiplicativeGaussianLogLikelihood",
    "DaskEvaluator",
    "ErrorMeasure",
    "EvaluationError",
    "Evaluator",
    "ExecutorEvaluator",
    "ExponentialLogPrior",
    "FailurePolicy",
    "ForwardModel",
    "ForwardModelS1",
    "GammaLogPrior",
    "GaussianIntegratedLogUniformLogLikelihood",
    "GaussianIntegratedUniformLogLikelihood",
    "GaussianKnownSigmaLogLikelihood",
    "GaussianLogLikelihood",
    "GaussianLogPrior",
    "GradientDescent",
    "HalfCauchyLogPrior",
    "IRPropMin",
    "IdentityTransformation",
    "InverseGammaLogPrior",
    "KnownNoiseLogLikelihood",
    "LogLikelihood",
    "LogNormalLogLikelihood",
    "LogNormalLogPrior",
    "LogPDF",
    "LogPDFBoundaries",
    "LogPosterior",
    "LogPrior",
    "LogTransformation",
    "LogUniformLogPrior",
    "Loggable",
    "Logger",
    "LogitTransformation",
    "MeanSquaredError",
    "MultiOutputProblem",
    "MultiSequentialEvaluator",
    "MultiplicativeGaussianLogLikelihood",
    "MultivariateGaussianLogPrior",
    "NelderMead",
    "NonFiniteScoreWarning",
    "NormalLogPrior",
    "NormalisedRootMeanSquaredError",
    "Optimisation",
    "OptimisationController",
    "OptimisationResult",
    "OptimisationTrace",
    "Optimiser",
    "ParallelEvaluator",
    "PooledLogLikelihood",
    "PooledLogPDF",
    "PopulationBasedOptimiser",
    "ProbabilityBasedError",
    "ProblemErrorMeasure",
    "ProblemLogLikelihood",
    "RectangularBoundaries",
    "RectangularBoundariesTransformation",
    "RootMeanSquaredError",
    "ScaledLogLikelihood",
    "ScalingTransformation",
    "SequentialEvaluator",
    "SingleOutputProblem",
    "StopReason",
    "StudentTLogLikelihood",
    "StudentTLogPrior",
    "SumOfErrors",
    "SumOfIndependentLogLikelihoods",
    "SumOfIndependentLogPDFs",
    "SumOfSquaresError",
    "Timer",
    "Transformation",
    "TransformedBoundaries",
    "TransformedErrorMeasure",
    "TransformedLogLikelihood",
    "TransformedLogPDF",
    "TransformedLogPrior",
    "TransformedRectangularBoundaries",
    "TruncatedGaussianLogPrior",
    "TunableMethod",
    "UniformLogPrior",
    "UnitCubeTransformation",
    "UnknownNoiseLogLikelihood",
    "__version__",
    "__version_int__",
    "curve_fit",
    "evaluate",
    "fmin",
    "matrix2d",
    "optimise",
    "sample_initial_points",
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
