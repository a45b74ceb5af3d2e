"""Log-priors: univariate on the real line, on the positive half-line, and
multivariate (uniform boxes, products of priors, multivariate Gaussians)."""

from ._multivariate import (
    ComposedLogPrior,
    MultivariateGaussianLogPrior,
    UniformLogPrior,
)
from ._positive import (
    ExponentialLogPrior,
    GammaLogPrior,
    HalfCauchyLogPrior,
    InverseGammaLogPrior,
    LogNormalLogPrior,
    LogUniformLogPrior,
)
from ._univariate import (
    BetaLogPrior,
    CauchyLogPrior,
    GaussianLogPrior,
    NormalLogPrior,
    StudentTLogPrior,
    TruncatedGaussianLogPrior,
)

__all__ = [
    "BetaLogPrior",
    "CauchyLogPrior",
    "ComposedLogPrior",
    "ExponentialLogPrior",
    "GammaLogPrior",
    "GaussianLogPrior",
    "HalfCauchyLogPrior",
    "InverseGammaLogPrior",
    "LogNormalLogPrior",
    "LogUniformLogPrior",
    "MultivariateGaussianLogPrior",
    "NormalLogPrior",
    "StudentTLogPrior",
    "TruncatedGaussianLogPrior",
    "UniformLogPrior",
]
