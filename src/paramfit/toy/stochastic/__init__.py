"""Stochastic toy models: Markov jump processes simulated with Gillespie's
algorithm. Each model owns its random generator (``rng`` keyword)."""

from ._markov_jump_model import MarkovJumpModel
from ._models import (
    DegradationModel,
    LogisticModel,
    MichaelisMentenModel,
    ProductionDegradationModel,
    SchloglModel,
)

__all__ = [
    "DegradationModel",
    "LogisticModel",
    "MarkovJumpModel",
    "MichaelisMentenModel",
    "ProductionDegradationModel",
    "SchloglModel",
]
