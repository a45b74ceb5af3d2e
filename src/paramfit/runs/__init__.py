"""Runs: the controllers that drive a method to the end, and their parts —
stopping rules, the log, checkpoints and the result."""

from ._checkpoint import CheckpointError
from ._deprecated import MCMCSampling, Optimisation
from ._one_call import curve_fit, fmin, mcmc_sample, optimise
from ._optimisation import OptimisationController
from ._result import OptimisationResult, OptimisationTrace
from ._sampling import MCMCController
from ._sampling_result import SamplingResult
from ._stopping import StopReason

__all__ = [
    "CheckpointError",
    "MCMCController",
    "MCMCSampling",
    "Optimisation",
    "OptimisationController",
    "OptimisationResult",
    "OptimisationTrace",
    "SamplingResult",
    "StopReason",
    "curve_fit",
    "fmin",
    "mcmc_sample",
    "optimise",
]
