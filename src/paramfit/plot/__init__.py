"""Plots for optimisation runs and for functions of the parameters.

matplotlib is an optional dependency (the ``plot`` extra): it is imported
when a function is called, not when this module is imported, so
``import paramfit.plot`` always works. Every function returns
``(fig, axes)``.

Functions
---------
convergence
    Best (and current) score per iteration.
trajectory
    The points an optimiser asked for and the path of its mean, for
    two-parameter problems.
function
    One-dimensional slices of a function through a point.
function_between_points
    A function along the line through two points.
"""

from ._function import function, function_between_points
from ._optimisation import ConvergenceTrace, convergence, trajectory

__all__ = [
    "ConvergenceTrace",
    "convergence",
    "function",
    "function_between_points",
    "trajectory",
]
