"""Log-likelihoods of a problem's data under a noise model: Gaussian,
correlated and heavy-tailed noise, censored and integrated-out noise."""

from ._censored_and_integrated import (
    CensoredGaussianLogLikelihood,
    GaussianIntegratedLogUniformLogLikelihood,
    GaussianIntegratedUniformLogLikelihood,
    LogNormalLogLikelihood,
)
from ._gaussian import (
    GaussianKnownSigmaLogLikelihood,
    GaussianLogLikelihood,
    KnownNoiseLogLikelihood,
    UnknownNoiseLogLikelihood,
)
from ._noise_models import (
    AR1LogLikelihood,
    ARMA11LogLikelihood,
    CauchyLogLikelihood,
    ConstantAndMultiplicativeGaussianLogLikelihood,
    MultiplicativeGaussianLogLikelihood,
    StudentTLogLikelihood,
)

__all__ = [
    "AR1LogLikelihood",
    "ARMA11LogLikelihood",
    "CauchyLogLikelihood",
    "CensoredGaussianLogLikelihood",
    "ConstantAndMultiplicativeGaussianLogLikelihood",
    "GaussianIntegratedLogUniformLogLikelihood",
    "GaussianIntegratedUniformLogLikelihood",
    "GaussianKnownSigmaLogLikelihood",
    "GaussianLogLikelihood",
    "KnownNoiseLogLikelihood",
    "LogNormalLogLikelihood",
    "MultiplicativeGaussianLogLikelihood",
    "StudentTLogLikelihood",
    "UnknownNoiseLogLikelihood",
]
