"""MCMC samplers: the template (single- and multi-chain) and one file per
method."""

from ._adaptive_covariance import AdaptiveCovarianceMC
from ._base import MCMCSampler, MultiChainMCMC, SingleChainMCMC
from ._differential_evolution import DifferentialEvolutionMCMC
from ._dram_ac import DramACMC
from ._dream import DreamMCMC
from ._emcee_hammer import EmceeHammerMCMC
from ._haario_ac import HaarioACMC
from ._haario_bardenet_ac import AdaptiveCovarianceMCMC, HaarioBardenetACMC
from ._metropolis import MetropolisRandomWalkMCMC
from ._population import PopulationMCMC
from ._rao_blackwell_ac import RaoBlackwellACMC
from ._slice_doubling import SliceDoublingMCMC
from ._slice_stepout import SliceStepoutMCMC

__all__ = [
    "AdaptiveCovarianceMC",
    "AdaptiveCovarianceMCMC",
    "DifferentialEvolutionMCMC",
    "DramACMC",
    "DreamMCMC",
    "EmceeHammerMCMC",
    "HaarioACMC",
    "HaarioBardenetACMC",
    "MCMCSampler",
    "MetropolisRandomWalkMCMC",
    "MultiChainMCMC",
    "PopulationMCMC",
    "RaoBlackwellACMC",
    "SingleChainMCMC",
    "SliceDoublingMCMC",
    "SliceStepoutMCMC",
]

from ._summary import MCMCSummary  # noqa: E402

__all__ += ["MCMCSummary"]
