"""Toy models and toy error measures, for examples, tests and benchmarks."""

from ._logistic_model import LogisticModel
from ._parabola import ParabolicError
from ._rosenbrock import RosenbrockError
from ._toy_classes import ToyModel

__all__ = ["LogisticModel", "ParabolicError", "RosenbrockError", "ToyModel"]
