"""Optimisers: the template base classes and one module per method."""

from ._base import NonFiniteScoreWarning, Optimiser, PopulationBasedOptimiser
from ._xnes import XNES

__all__ = ["NonFiniteScoreWarning", "Optimiser", "PopulationBasedOptimiser", "XNES"]
