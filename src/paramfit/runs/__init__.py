"""Runs: the controllers that drive a method to the end, and their parts —
stopping rules, the log, checkpoints and the result."""

from ._checkpoint import CheckpointError
from ._fmin import curve_fit, fmin, optimise
from ._optimisation import Optimisation, OptimisationController
from ._result import OptimisationResult, OptimisationTrace
from ._sampling import MCMCController, MCMCSampling, mcmc_sample
from ._stopping import StopReason

__all__ = [
    "CheckpointError",
    "MCMCController",
    "MCMCSampling",
    "Optimisation",
    "OptimisationController",
    "OptimisationResult",
    "OptimisationTrace",
    "StopReason",
    "curve_fit",
    "fmin",
    "mcmc_sample",
    "optimise",
]
