"""MCMC samplers: the template (single- and multi-chain) and one file per
method."""

from ._adaptive_covariance import AdaptiveCovarianceMC
from ._base import MCMCSampler, MultiChainMCMC, SingleChainMCMC
from ._differential_evolution import DifferentialEvolutionMCMC
from ._dram_ac import DramACMC
from ._dream import DreamMCMC
from ._dual_averaging import DualAveragingAdaption
from ._emcee_hammer import EmceeHammerMCMC
from ._haario_ac import HaarioACMC
from ._haario_bardenet_ac import AdaptiveCovarianceMCMC, HaarioBardenetACMC
from ._hamiltonian import HamiltonianMCMC
from ._mala import MALAMCMC
from ._metropolis import MetropolisRandomWalkMCMC
from ._monomial_gamma_hamiltonian import MonomialGammaHamiltonianMCMC
from ._nuts import NoUTurnMCMC
from ._population import PopulationMCMC
from ._rao_blackwell_ac import RaoBlackwellACMC
from ._relativistic import RelativisticMCMC
from ._slice_doubling import SliceDoublingMCMC
from ._slice_rank_shrinking import SliceRankShrinkingMCMC
from ._slice_stepout import SliceStepoutMCMC

__all__ = [
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
    "MALAMCMC",
    "MCMCSampler",
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
]

from ._summary import MCMCSummary  # noqa: E402

__all__ += ["MCMCSummary"]
