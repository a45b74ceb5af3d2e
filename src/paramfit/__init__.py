"""paramfit: fit the parameters of (time-series) models to noisy data.

A fast, PINTS-compatible library built around the ask-and-tell optimiser
interface. Existing PINTS scripts run after ``import paramfit as pints``.
"""

# ``import paramfit`` imports almost nothing: every public name is looked up
# in `_LAZY` and imported from its subpackage at its first use (PEP 562), so
# that a script pays only for what it uses (numpy, scipy, the samplers, the
# ODE engine, ...). Type checkers and the documentation read the imports in
# the TYPE_CHECKING block; `tests/test_package.py` checks that it and `_LAZY`
# list the same names. A new public name goes in both, and in ``__all__``.

from __future__ import annotations

import importlib

from ._version import __version__, __version_int__, version

# typing.TYPE_CHECKING without importing typing (mypy and griffe read the
# block below as typing's).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from . import noise as noise
    from ._util import FLOAT_FORMAT, Timer, TunableMethod, matrix2d, strfloat, vector
    from .diagnostics import effective_sample_size, rhat, rhat_all_params
    from .evaluation import (
        DaskEvaluator,
        EvaluationError,
        Evaluator,
        ExecutorEvaluator,
        FailurePolicy,
        MultiSequentialEvaluator,
        ParallelEvaluator,
        SequentialEvaluator,
        evaluate,
        sample_initial_points,
    )
    from .log import Loggable, Logger
    from .log_pdfs import (
        AR1LogLikelihood,
        ARMA11LogLikelihood,
        BetaLogPrior,
        CauchyLogLikelihood,
        CauchyLogPrior,
        CensoredGaussianLogLikelihood,
        ComposedLogPrior,
        ConstantAndMultiplicativeGaussianLogLikelihood,
        ExponentialLogPrior,
        GammaLogPrior,
        GaussianIntegratedLogUniformLogLikelihood,
        GaussianIntegratedUniformLogLikelihood,
        GaussianKnownSigmaLogLikelihood,
        GaussianLogLikelihood,
        GaussianLogPrior,
        HalfCauchyLogPrior,
        InverseGammaLogPrior,
        KnownNoiseLogLikelihood,
        LogNormalLogLikelihood,
        LogNormalLogPrior,
        LogPosterior,
        LogUniformLogPrior,
        MultiplicativeGaussianLogLikelihood,
        MultivariateGaussianLogPrior,
        NormalLogPrior,
        PooledLogLikelihood,
        PooledLogPDF,
        ScaledLogLikelihood,
        StudentTLogLikelihood,
        StudentTLogPrior,
        SumOfIndependentLogLikelihoods,
        SumOfIndependentLogPDFs,
        TruncatedGaussianLogPrior,
        UniformLogPrior,
        UnknownNoiseLogLikelihood,
    )
    from .models import CompilationWarning, ODEModel, SolverError
    from .optimisers import (
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
    from .problems import (
        Boundaries,
        ComposedBoundaries,
        ErrorMeasure,
        ForwardModel,
        ForwardModelS1,
        LogLikelihood,
        LogPDF,
        LogPDFBoundaries,
        LogPrior,
        MeanSquaredError,
        MultiOutputProblem,
        NormalisedRootMeanSquaredError,
        ProbabilityBasedError,
        ProblemErrorMeasure,
        ProblemLogLikelihood,
        RectangularBoundaries,
        RootMeanSquaredError,
        SingleOutputProblem,
        SumOfErrors,
        SumOfSquaresError,
    )
    from .runs import (
        CheckpointError,
        MCMCController,
        MCMCSampling,
        Optimisation,
        OptimisationController,
        OptimisationResult,
        OptimisationTrace,
        SamplingResult,
        StopReason,
        curve_fit,
        fmin,
        mcmc_sample,
        optimise,
    )
    from .samplers import (
        MALAMCMC,
        AdaptiveCovarianceMC,
        AdaptiveCovarianceMCMC,
        DifferentialEvolutionMCMC,
        DramACMC,
        DreamMCMC,
        DualAveragingAdaption,
        EmceeHammerMCMC,
        HaarioACMC,
        HaarioBardenetACMC,
        HamiltonianMCMC,
        MCMCSampler,
        MCMCSummary,
        MetropolisRandomWalkMCMC,
        MonomialGammaHamiltonianMCMC,
        MultiChainMCMC,
        NoUTurnMCMC,
        PopulationMCMC,
        RaoBlackwellACMC,
        RelativisticMCMC,
        SingleChainMCMC,
        SliceDoublingMCMC,
        SliceRankShrinkingMCMC,
        SliceStepoutMCMC,
    )
    from .transformations import (
        ComposedTransformation,
        IdentityTransformation,
        LogitTransformation,
        LogTransformation,
        RectangularBoundariesTransformation,
        ScalingTransformation,
        Transformation,
        TransformedBoundaries,
        TransformedErrorMeasure,
        TransformedLogLikelihood,
        TransformedLogPDF,
        TransformedLogPrior,
        TransformedRectangularBoundaries,
        UnitCubeTransformation,
    )

#: Public name -> the module that defines it (a name of ``None``: the
#: submodule itself, e.g. ``paramfit.noise``).
#: Where each public name lives: module -> names.
_MODULES: dict[str, tuple[str, ...]] = {
    ".noise": ("noise",),
    "._util": (
        "FLOAT_FORMAT",
        "Timer",
        "TunableMethod",
        "matrix2d",
        "strfloat",
        "vector",
    ),
    ".diagnostics": (
        "effective_sample_size",
        "rhat",
        "rhat_all_params",
    ),
    ".evaluation": (
        "DaskEvaluator",
        "EvaluationError",
        "Evaluator",
        "ExecutorEvaluator",
        "FailurePolicy",
        "MultiSequentialEvaluator",
        "ParallelEvaluator",
        "SequentialEvaluator",
        "evaluate",
        "sample_initial_points",
    ),
    ".log": (
        "Loggable",
        "Logger",
    ),
    ".log_pdfs": (
        "AR1LogLikelihood",
        "ARMA11LogLikelihood",
        "BetaLogPrior",
        "CauchyLogLikelihood",
        "CauchyLogPrior",
        "CensoredGaussianLogLikelihood",
        "ComposedLogPrior",
        "ConstantAndMultiplicativeGaussianLogLikelihood",
        "ExponentialLogPrior",
        "GammaLogPrior",
        "GaussianIntegratedLogUniformLogLikelihood",
        "GaussianIntegratedUniformLogLikelihood",
        "GaussianKnownSigmaLogLikelihood",
        "GaussianLogLikelihood",
        "GaussianLogPrior",
        "HalfCauchyLogPrior",
        "InverseGammaLogPrior",
        "KnownNoiseLogLikelihood",
        "LogNormalLogLikelihood",
        "LogNormalLogPrior",
        "LogPosterior",
        "LogUniformLogPrior",
        "MultiplicativeGaussianLogLikelihood",
        "MultivariateGaussianLogPrior",
        "NormalLogPrior",
        "PooledLogLikelihood",
        "PooledLogPDF",
        "ScaledLogLikelihood",
        "StudentTLogLikelihood",
        "StudentTLogPrior",
        "SumOfIndependentLogLikelihoods",
        "SumOfIndependentLogPDFs",
        "TruncatedGaussianLogPrior",
        "UniformLogPrior",
        "UnknownNoiseLogLikelihood",
    ),
    ".models": (
        "CompilationWarning",
        "ODEModel",
        "SolverError",
    ),
    ".optimisers": (
        "BIPOP",
        "CMAES",
        "IPOP",
        "PSO",
        "SNES",
        "XNES",
        "Adam",
        "BareCMAES",
        "CMATermination",
        "GradientDescent",
        "IRPropMin",
        "MultiStart",
        "NelderMead",
        "NonFiniteScoreWarning",
        "Optimiser",
        "PopulationBasedOptimiser",
    ),
    ".problems": (
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
    ),
    ".runs": (
        "CheckpointError",
        "MCMCController",
        "MCMCSampling",
        "Optimisation",
        "OptimisationController",
        "OptimisationResult",
        "OptimisationTrace",
        "SamplingResult",
        "StopReason",
        "curve_fit",
        "fmin",
        "mcmc_sample",
        "optimise",
    ),
    ".samplers": (
        "MALAMCMC",
        "AdaptiveCovarianceMC",
        "AdaptiveCovarianceMCMC",
        "DifferentialEvolutionMCMC",
        "DramACMC",
        "DreamMCMC",
        "DualAveragingAdaption",
        "EmceeHammerMCMC",
        "HaarioACMC",
        "HaarioBardenetACMC",
        "HamiltonianMCMC",
        "MCMCSampler",
        "MCMCSummary",
        "MetropolisRandomWalkMCMC",
        "MonomialGammaHamiltonianMCMC",
        "MultiChainMCMC",
        "NoUTurnMCMC",
        "PopulationMCMC",
        "RaoBlackwellACMC",
        "RelativisticMCMC",
        "SingleChainMCMC",
        "SliceDoublingMCMC",
        "SliceRankShrinkingMCMC",
        "SliceStepoutMCMC",
    ),
    ".transformations": (
        "ComposedTransformation",
        "IdentityTransformation",
        "LogitTransformation",
        "LogTransformation",
        "RectangularBoundariesTransformation",
        "ScalingTransformation",
        "Transformation",
        "TransformedBoundaries",
        "TransformedErrorMeasure",
        "TransformedLogLikelihood",
        "TransformedLogPDF",
        "TransformedLogPrior",
        "TransformedRectangularBoundaries",
        "UnitCubeTransformation",
    ),
}
_LAZY: dict[str, str] = {
    name: module for module, names in _MODULES.items() for name in names
}


def __getattr__(name: str) -> Any:
    """Import a public name's module at the first use of the name."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'paramfit' has no attribute {name!r}")
    value: Any = importlib.import_module(module, __name__)
    if module.lstrip(".") != name:
        value = getattr(value, name)
    globals()[name] = value  # later uses are plain attribute lookups
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__) | set(_LAZY))


__all__ = [
    *(name for name in _LAZY if name not in ("noise",)),
    "__version__",
    "__version_int__",
    "version",
]
