"""How ``paramfit sample`` runs: one seed for everything, the optimisation
of the posterior (CMA-ES, as ``paramfit fit``), chains started around its
optimum (`OptimisationResult.chain_starts`), and the MCMC controller.

Randomness: the run's seed (``--seed``, or one drawn from the operating
system's entropy and recorded) seeds the samplers directly, so
`SamplingResult.seed` is the seed shown; the optimiser and the chains'
starting points get streams of their own derived from it. The same seed
and options give the same chains, for any ``--parallel``.
"""

from __future__ import annotations

import argparse

import numpy as np

from .._typing import FloatArray
from ..optimisers import CMAES
from ..runs import MCMCController, OptimisationController, OptimisationResult
from ._sample_setup import SampleSetup

#: PINTS's initial phase (iterations without adaptation), shortened to a
#: quarter of a short run so that adaptation always happens.
INITIAL_PHASE = 200
#: The chains start at ``x * (1 + START_SPREAD * z)`` around the optimum.
START_SPREAD = 0.05
#: The initial proposal's standard deviation, relative to the optimum (in
#: log space: 0.01 in the logarithms).
PROPOSAL_SPREAD = 0.01


def run_seed(seed: int | None) -> int:
    """``seed``, or a fresh one from the operating system's entropy."""
    if seed is not None:
        return seed
    return int(np.random.SeedSequence().generate_state(1)[0])


def _stream(seed: int, purpose: int) -> np.random.Generator:
    # [seed, purpose] hashes to streams unrelated to SeedSequence(seed) and
    # its spawned children, which the samplers use.
    return np.random.default_rng([seed, purpose])


def optimisation(
    args: argparse.Namespace, setup: SampleSetup, seed: int
) -> OptimisationController:
    """The controller that finds the posterior's mode (maximum a
    posteriori), within the prior's support, in the sampling space."""
    controller = OptimisationController(
        setup.log_posterior,
        setup.x0,
        boundaries=setup.boundaries(),
        transformation=setup.transformation,
        method=CMAES,
        rng=_stream(seed, 1),
    )
    if args.parallel > 1:
        controller.set_parallel(args.parallel)
    return controller


def chain_starts(
    setup: SampleSetup, optimum: OptimisationResult, chains: int, seed: int
) -> list[FloatArray]:
    """Starting points around the optimum where the posterior is finite."""
    return optimum.chain_starts(
        setup.log_posterior, chains, spread=START_SPREAD, rng=_stream(seed, 2)
    )


def sampling(
    args: argparse.Namespace,
    setup: SampleSetup,
    starts: list[FloatArray],
    optimum: FloatArray,
    seed: int,
) -> MCMCController:
    """The MCMC controller: ``--method`` on ``--chains`` chains for
    ``--iterations`` iterations, the log-pdfs kept, a log line every
    ``iterations / 50`` iterations (at least 20, PINTS's interval)."""
    scale = PROPOSAL_SPREAD * np.where(optimum == 0, 1.0, np.abs(optimum))
    controller = MCMCController(
        setup.log_posterior,
        args.chains,
        starts,
        sigma0=scale**2,  # a covariance's diagonal, in model space
        transformation=setup.transformation,
        method=setup.method,
        rng=seed,
    )
    controller.set_max_iterations(args.iterations)
    if controller.method_needs_initial_phase():
        controller.set_initial_phase_iterations(
            min(INITIAL_PHASE, args.iterations // 4)
        )
    controller.set_log_pdf_storage(True)
    controller.set_log_interval(max(20, args.iterations // 50))
    if args.parallel > 1:
        controller.set_parallel(args.parallel)
    return controller
