"""Plots for optimisation runs, MCMC samples, functions of the parameters,
and predictions.

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
trace
    Histograms and traces of one or more MCMC chains.
histogram
    Histograms of one or more MCMC chains, optionally with KDEs.
pairwise
    Every pair of parameters of a chain against each other (scatter, KDE
    contours or heat map), with histograms on the diagonal.
autocorrelation
    The autocorrelation of each parameter of a chain against the lag.
fit
    A problem's data and its model at given parameters, with the residuals.
"""

from ._autocorrelation import autocorrelation
from ._fit import fit
from ._function import function, function_between_points
from ._histogram import histogram
from ._optimisation import ConvergenceTrace, convergence, trajectory
from ._pairwise import pairwise
from ._series import series
from ._surface import surface
from ._trace import trace

__all__ = [
    "ConvergenceTrace",
    "autocorrelation",
    "convergence",
    "fit",
    "function",
    "function_between_points",
    "histogram",
    "pairwise",
    "series",
    "surface",
    "trace",
    "trajectory",
]
