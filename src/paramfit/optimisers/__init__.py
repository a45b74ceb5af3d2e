"""Optimisers: the template base classes and one module per method."""

from ._adam import Adam
from ._base import (
    GradientOptimiser,
    NonFiniteScoreWarning,
    Optimiser,
    PopulationBasedOptimiser,
)
from ._cmaes import CMAES, CMATermination
from ._cmaes_bare import BareCMAES
from ._gradient_descent import GradientDescent
from ._irpropmin import IRPropMin
from ._nelder_mead import NelderMead
from ._pso import PSO
from ._restarts import BIPOP, IPOP, MultiStart
from ._snes import SNES
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
