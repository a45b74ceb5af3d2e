"""Optimisers: the template base classes and one module per method."""

from ._adam import Adam
from ._base import Optimiser
from ._cma_termination import CMATermination
from ._cmaes import CMAES
from ._cmaes_bare import BareCMAES
from ._gradient import GradientOptimiser
from ._gradient_descent import GradientDescent
from ._irpropmin import IRPropMin
from ._nelder_mead import NelderMead
from ._population import PopulationBasedOptimiser
from ._pso import PSO
from ._restart_strategies import BIPOP, IPOP, MultiStart
from ._snes import SNES
from ._validation import NonFiniteScoreWarning
from ._xnes import XNES

__all__ = [
    "Adam",
    "BIPOP",
    "BareCMAES",
    "CMAES",
    "CMATermination",
    "GradientDescent",
    "GradientOptimiser",
    "IPOP",
    "IRPropMin",
    "MultiStart",
    "NelderMead",
    "NonFiniteScoreWarning",
    "Optimiser",
    "PSO",
    "PopulationBasedOptimiser",
    "SNES",
    "XNES",
]
