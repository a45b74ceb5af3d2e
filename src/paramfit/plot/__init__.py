"""Plots for optimisation runs, functions of the parameters, and
predictions.

matplotlib is an optional dependency (the ``plot`` extra): it is imported
when a function is called, not when this module is imported, so
``import paramfit.plot`` always works, and every function raises an
``ImportError`` naming the extra if it is missing. Every function returns
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
surface
    A two-dimensional Voronoi surface of scattered evaluations (e.g. the
    points of an ask-and-tell run and their scores).
series
    The time series predicted by parameter samples, over a problem's data.
"""

from ._function import function, function_between_points
from ._optimisation import ConvergenceTrace, convergence, trajectory
from ._series import series
from ._surface import surface

__all__ = [
    "ConvergenceTrace",
    "convergence",
    "function",
    "function_between_points",
    "series",
    "surface",
    "trajectory",
]
