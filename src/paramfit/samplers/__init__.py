"""MCMC samplers: the template (single- and multi-chain) and one file per
method."""

from ._base import MCMCSampler, MultiChainMCMC, SingleChainMCMC

__all__ = ["MCMCSampler", "MultiChainMCMC", "SingleChainMCMC"]
