"""MCMC samplers: the template (single- and multi-chain) and one file per
method."""

from ._base import MCMCSampler, MultiChainMCMC, SingleChainMCMC
from ._differential_evolution import DifferentialEvolutionMCMC
from ._dream import DreamMCMC
from ._emcee_hammer import EmceeHammerMCMC
from ._metropolis import MetropolisRandomWalkMCMC
from ._population import PopulationMCMC

__all__ = [
    "DifferentialEvolutionMCMC",
    "DreamMCMC",
    "EmceeHammerMCMC",
    "MCMCSampler",
    "MetropolisRandomWalkMCMC",
    "MultiChainMCMC",
    "PopulationMCMC",
    "SingleChainMCMC",
]

from ._summary import MCMCSummary  # noqa: E402

__all__ += ["MCMCSummary"]
