"""MCMC samplers: the template (single- and multi-chain) and one file per
method."""

from ._base import MCMCSampler, MultiChainMCMC, SingleChainMCMC
from ._metropolis import MetropolisRandomWalkMCMC

__all__ = [
    "MCMCSampler",
    "MetropolisRandomWalkMCMC",
    "MultiChainMCMC",
    "SingleChainMCMC",
]
