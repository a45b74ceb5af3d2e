"""What an MCMC run leaves behind: `SamplingResult`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .._typing import FloatArray
from ..samplers import MCMCSampler
from ._stopping import StopReason


@dataclass(frozen=True, eq=False)
class SamplingResult:
    """The outcome of `MCMCController.run()`.

    Attributes
    ----------
    chains : ndarray, shape (n_chains, n_iterations, n_parameters), or None
        The chains in model space (``None`` if chain storage was off).
    log_pdfs : ndarray or None
        The log-pdf values at the chains' points, ``(n_chains,
        n_iterations)`` or ``(..., 3)`` for a posterior (posterior,
        likelihood, prior), if stored (see ``set_log_pdf_storage``).
    acceptance_rates : ndarray, shape (n_chains,), or None
        The samplers' final acceptance rates, for methods that report one.
    iterations : int
        Completed iterations (samples per chain).
    evaluations : int
        Log-pdf evaluations.
    time : float
        Duration of the run, in seconds.
    stop_reason : StopReason
        Why the run stopped.
    message : str
        The halting message, as printed after ``'Halting: '``.
    seed : int
        The seed the samplers' random streams were drawn from: the same seed
        (and settings) gives the same chains, for any number of workers.
    """

    chains: FloatArray | None
    log_pdfs: FloatArray | None
    acceptance_rates: FloatArray | None
    iterations: int
    evaluations: int
    time: float
    stop_reason: StopReason
    message: str
    seed: int


def acceptance_rates(samplers: Sequence[MCMCSampler]) -> FloatArray | None:
    """Each chain's acceptance rate, for samplers that report one."""
    rates = [getattr(s, "acceptance_rate", None) for s in samplers]
    if not all(callable(rate) for rate in rates):
        return None
    values = [np.atleast_1d(rate()) for rate in rates]  # type: ignore[misc]
    return np.concatenate(values).astype(float)
