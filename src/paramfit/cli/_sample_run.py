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
#: The chains start at ``x * (1 + START_SPREAD * z)`` around the optimum:
#: 1 %, not `chain_starts`'s default 5 %, because informative data give
#: posteriors a few per cent wide or narrower, and chains started many
#: standard deviations out take the sampler long to bring back (measured on
#: the logistic and Lotka-Volterra models: R-hat after 1500 iterations).
START_SPREAD = 0.01
#: The initial proposal's standard deviation, relative to the optimum (in
#: log space: 0.03 in the logarithms); the best of 0.003, 0.01, 0.03 and
#: 0.1 on the same runs. Adaptive methods adapt it after the initial phase.
PROPOSAL_SPREAD = 0.03


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
    posteriori), within the prior's support, in the sampling space.

    From a guess (``--x0`` or the model's suggested parameters) CMA-ES
    searches around it, with steps of a third of each value (PINTS's
    default without boundaries; 1/3 in log space): the prior's wide default
    ranges would otherwise send it far from the guess, into the local optima
    that ODE models have. From the middle of ``--bounds`` it searches the
    whole range (steps of a sixth of it, PINTS's default with boundaries).
    """
    sigma0 = np.abs(setup.x0) / 3 if setup.x0_is_guess else None
    controller = OptimisationController(
        setup.log_posterior,
        setup.x0,
        sigma0=sigma0,
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
