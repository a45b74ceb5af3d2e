"""The MCMC controller: runs samplers until a stop and returns the chains.

`MCMCController.run()` composes the parts of ``paramfit.runs`` around the
shared `Run` loop: an `Objective` (transformation with its Jacobian,
failure policy), a `ChainSet` that scores every chain's proposals as one
batch, a `ChainRecorder` (chains, log-pdfs, files), PINTS's sampling log,
stopping rules and checkpoints. Names, checks, messages and logs are those
of PINTS 0.6.1.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from .._checks import count, fits_in_memory, flag
from .._typing import ArrayLike, FloatArray, PathLike, RngLike
from ..evaluation._evaluators import MultiSequentialEvaluator
from ..evaluation._failure import FailureHandlingEvaluator
from ..log_pdfs import LogPosterior
from ..problems import LogPDF
from ..samplers import MCMCSampler, SingleChainMCMC
from ..transformations import Transformation
from ._chain_recorder import ChainRecorder, ChainStorage, per_chain_files
from ._chains import ChainSet
from ._checkpoint import Checkpointer
from ._controller import Controller
from ._loop import Run, RunParts
from ._objective import Objective
from ._sampling_log import SamplingLog
from ._sampling_result import SamplingResult, acceptance_rates
from ._sampling_settings import (
    SamplingStopping,
    check_log_pdfs,
    make_samplers,
    root_seed,
    search_sigma0,
    starting_points,
)
from ._stopping import RunState, Stop


class MCMCController(Controller):
    """Samples from a `LogPDF` with an MCMC method, on one or more chains.

    Parameters
    ----------
    log_pdf : LogPDF or sequence of LogPDF
        The log-pdf to sample, or one per chain.
    chains : int
        The number of chains.
    x0 : array_like, shape (chains, n_parameters)
        One starting point per chain; their log-pdfs must be finite.
    sigma0 : array_like, optional
        The initial proposal covariance, ``(n, n)``, or its diagonal
        ``(n,)`` (the same for every chain).
    transformation : Transformation, optional
        Sample in its search space (the log-pdf gains the log-Jacobian);
        chains are returned in model space.
    method : type or str, optional
        The `MCMCSampler` subclass (default: `HaarioBardenetACMC`), or its
        name in any case, with or without ``-``, ``_`` or the ``MCMC``
        suffix (``"dream"``, ``"haario-bardenet"``, ``"DreamMCMC"``). A
        single-chain method runs one sampler per chain.
    rng : int, numpy.random.Generator or None, optional
        Seed or generator for the samplers (keyword only; beyond PINTS). Each
        chain's sampler gets an independent stream. ``None`` draws a seed
        from NumPy's global state, so ``np.random.seed`` makes runs
        repeatable.
    """

    def __init__(
        self,
        log_pdf: LogPDF | Sequence[LogPDF],
        chains: int,
        x0: ArrayLike,
        sigma0: ArrayLike | None = None,
        transformation: Transformation | None = None,
        method: type[MCMCSampler] | str | None = None,
        *,
        rng: RngLike = None,
    ) -> None:
        self._n_chains = count(
            chains, "chains", message="Number of chains must be at least 1."
        )
        log_pdfs = check_log_pdfs(log_pdf, self._n_chains)
        self._n_parameters = log_pdfs[0].n_parameters()
        # A sampler per chain, each with a covariance matrix and some state.
        fits_in_memory(
            self._n_chains * (512 + (self._n_parameters + 1) ** 2),
            "chains",
            chains,
            "that many chains",
        )
        x0 = starting_points(x0, self._n_chains, self._n_parameters)
        objectives = [
            Objective(f, transformation, method_maximises=True) for f in log_pdfs
        ]
        super().__init__(objectives[0])
        self._objectives = objectives
        self._multi_log_pdf = not isinstance(log_pdf, LogPDF)
        x0 = [self._objective.to_search(x) for x in x0]
        sigma0 = search_sigma0(sigma0, transformation, x0[0], self._n_parameters)
        self._seed = root_seed(rng)
        self._samplers = make_samplers(method, self._n_chains, x0, sigma0, self._seed)
        self._single_chain = isinstance(self._samplers[0], SingleChainMCMC)
        self._x0 = np.array(x0)
        self._stopping = SamplingStopping(self._samplers[0].needs_initial_phase())
        self._storage = ChainStorage()
        self._result: SamplingResult | None = None

    # -- the samplers -----------------------------------------------------------------
    def sampler(self) -> MCMCSampler:
        """The multi-chain sampler.

        Raises
        ------
        RuntimeError
            If single-chain samplers are used (see `samplers()`).
        """
        if self._single_chain:
            raise RuntimeError(
                "The method MCMCController.sampler() is only supported when a"
                " MultiChainMCMC is selected. Please use"
                " MCMCController.samplers() instead, to obtain a list of all"
                " internal SingleChainMCMC instances."
            )
        return self._samplers[0]

    def samplers(self) -> list[MCMCSampler]:
        """The samplers: one per chain, or the one multi-chain sampler."""
        return self._samplers

    def method_needs_initial_phase(self) -> bool:
        """Whether the method has an initial phase."""
        return self._samplers[0].needs_initial_phase()

    # -- stopping (PINTS's setters) -------------------------------------------------
    def set_max_iterations(self, iterations: int | None = 10000) -> None:
        """Stop after ``iterations`` iterations (``None`` disables this)."""
        self._stopping.set_max_iterations(iterations)

    def max_iterations(self) -> int | None:
        """The maximum number of iterations, or ``None``."""
        return self._stopping.max_iterations

    def set_initial_phase_iterations(self, iterations: int = 200) -> None:
        """Iterations in the method's initial phase (e.g. before adaptation).

        Raises
        ------
        NotImplementedError
            If the method has no initial phase.
        """
        self._stopping.set_initial_phase_iterations(iterations)

    def initial_phase_iterations(self) -> int | None:
        """Iterations in the initial phase, or ``None`` without one."""
        return self._stopping.initial_phase_iterations

    def set_max_time(self, seconds: float | None = None) -> None:
        """Stop once ``seconds`` of wall-clock time have passed (``None``
        disables this, the default; beyond PINTS)."""
        self._stopping.set_max_time(seconds)

    def set_convergence_target(
        self, rhat: float | None = 1.01, ess: float = 400, check_every: int = 100
    ) -> None:
        """Stop once the chains have converged (beyond PINTS): rank-normalised
        split-R-hat below ``rhat`` and bulk effective sample size at least
        ``ess`` for every parameter (Vehtari et al. 2021), checked every
        ``check_every`` iterations after the initial phase, on the second
        half of the chains. ``rhat=None`` disables this (the default)."""
        self._stopping.set_convergence(rhat, ess, check_every)

    # -- storage -------------------------------------------------------------------
    def set_chain_storage(self, store_in_memory: bool = True) -> None:
        """Keep the chains in memory (the default) to return from `run()`."""
        self._storage.chains_in_memory = flag(store_in_memory, "store_in_memory")

    def set_log_pdf_storage(self, store_in_memory: bool = False) -> None:
        """Keep the log-pdf values of the chains' points in memory (see
        `log_pdfs()`)."""
        self._storage.log_pdfs_in_memory = flag(store_in_memory, "store_in_memory")

    def set_chain_filename(self, chain_file: PathLike | None) -> None:
        """Write each chain to a CSV file as it grows: ``chain.csv`` gives
        ``chain_0.csv``, ``chain_1.csv``, ...; ``None`` disables this."""
        self._storage.chain_files = per_chain_files(
            chain_file, self._n_chains, "chain_file"
        )

    def set_log_pdf_filename(self, log_pdf_file: PathLike | None) -> None:
        """Write each chain's log-pdf values to a CSV file (for a
        `LogPosterior` also the log-likelihood and log-prior), named as in
        `set_chain_filename()`; ``None`` disables this."""
        self._storage.log_pdf_files = per_chain_files(
            log_pdf_file, self._n_chains, "log_pdf_file"
        )

    # -- the run ------------------------------------------------------------------
    def run(self) -> FloatArray | None:
        """Run the samplers until a stop.

        Returns
        -------
        ndarray, shape (chains, iterations, n_parameters), or None
            The chains in model space, or ``None`` if chain storage is off.

        Raises
        ------
        RuntimeError
            If the controller has run before.
        ValueError
            If no stopping criterion is set.
        """
        resume = self._start()
        if self._multi_log_pdf and self._parallel:
            raise ValueError("Cannot run multiple logpdfs in parallel")
        n_workers = min(self._n_workers, self._n_chains)
        log = SamplingLog.open(
            self._samplers,
            self._log,
            n_chains=self._n_chains,
            evaluator=self._evaluator_label(n_workers),
            max_iterations=self._stopping.max_iterations,
            files=(self._storage.chain_files, self._storage.log_pdf_files),
        )
        chains = ChainSet(
            self._samplers,
            self._stopping.max_iterations,
            self._stopping.initial_phase_iterations,
            lambda: log.say("Initial phase completed."),
        )
        recorder = self._recorder(log)
        criteria = self._stopping.criteria(recorder.chains)
        parts = RunParts(RunState(), criteria, log, recorder)
        if resume is None:
            chains.start()
        else:
            parts.restore(resume)
            chains.restore(resume["chains"])
            self._samplers = chains.samplers
            log.say(
                f"Resuming from a checkpoint after {parts.state.iteration} iterations."
            )
        evaluator = self._evaluator(n_workers, parts)
        loop = Run(
            chains,
            evaluator,
            recorder,
            criteria,
            parts.clock,
            checkpoint=self._checkpoint_of(parts, chains),
        )
        try:
            stop = loop.until_stopped(parts.state)
        except BaseException:
            log.close()
            raise
        finally:
            self._close(evaluator)
        return self._finish(parts, recorder, log, stop)

    def _recorder(self, log: SamplingLog) -> ChainRecorder:
        # As PINTS: a posterior's prior is split off only if the (possibly
        # transformed) log-pdf sampled is itself a LogPosterior.
        target = self._objective.scored
        prior = target.log_prior() if isinstance(target, LogPosterior) else None
        return ChainRecorder(
            self._storage,
            self._n_chains,
            self._n_parameters,
            None
            if self._objective.transformation is None
            else self._objective.to_model,
            prior,
            log,
        )

    def _evaluator(self, n_workers: int, parts: RunParts) -> FailureHandlingEvaluator:
        gradients = self._samplers[0].needs_sensitivities()
        if not self._multi_log_pdf:
            return self._objective.evaluator(
                self._evaluator_factory(n_workers), parts.failures, gradients=gradients
            )
        scorers = [o.scorer(gradients=gradients) for o in self._objectives]
        inner = MultiSequentialEvaluator(scorers)
        policy = self._objective.policy
        return FailureHandlingEvaluator(inner, policy, parts.failures, gradients)

    def _checkpoint_of(
        self, parts: RunParts, chains: ChainSet
    ) -> tuple[Checkpointer, Callable[[], dict[str, Any]]] | None:
        checkpointer = self._checkpointer(self._samplers[0], self._x0)
        if checkpointer is None:
            return None
        return checkpointer, lambda: {
            "settings": self._settings(),
            "run": {**parts.snapshot(), "chains": chains.state()},
        }

    def _finish(
        self, parts: RunParts, recorder: ChainRecorder, log: SamplingLog, stop: Stop
    ) -> FloatArray | None:
        time = parts.clock.time()
        log.finish(parts.state, time, stop.message)
        self._result = SamplingResult(
            chains=recorder.chains(),
            log_pdfs=recorder.log_pdfs(),
            acceptance_rates=acceptance_rates(self._samplers),
            iterations=parts.state.iteration,
            evaluations=parts.state.evaluations,
            time=time,
            stop_reason=stop.reason,
            message=stop.message,
            seed=self._seed,
        )
        return self._result.chains

    def _settings(self) -> dict[str, Any]:
        return {
            **super()._settings(),
            "n_chains": self._n_chains,
            "single_chain": self._single_chain,
            "multi_log_pdf": self._multi_log_pdf,
            "x0": self._x0,
            "stopping": self._stopping,
            "storage": self._storage,
            "seed": self._seed,
        }

    @staticmethod
    def _fingerprinted(function: Any) -> LogPDF:
        return function if isinstance(function, LogPDF) else function[0]

    def _restore_settings(self, settings: dict[str, Any], function: Any) -> None:
        log_pdfs = check_log_pdfs(function, settings["n_chains"])
        t, policy = settings["transformation"], settings["failure_policy"]
        self._objectives = [
            Objective(f, t, policy, method_maximises=True) for f in log_pdfs
        ]
        self._objective = self._objectives[0]
        self._restore_shared(settings)
        self._n_parameters = log_pdfs[0].n_parameters()
        self._n_chains = settings["n_chains"]
        self._single_chain = settings["single_chain"]
        self._multi_log_pdf = settings["multi_log_pdf"]
        self._x0 = settings["x0"]
        self._stopping = settings["stopping"]
        self._storage = settings["storage"]
        assert self._resume_state is not None  # set first by resume()
        self._samplers = list(self._resume_state["chains"]["samplers"])
        self._seed = settings["seed"]
        self._result = None

    # -- after the run ------------------------------------------------------------
    def result(self) -> SamplingResult:
        """The outcome of `run()`: chains, counts, time, stop reason, seed.

        Raises
        ------
        RuntimeError
            If `run()` has not finished.
        """
        if self._result is None:
            raise RuntimeError(
                "There is no result yet: result() is available once run() has finished."
            )
        return self._result

    def chains(self) -> FloatArray | None:
        """The chains from `run()`, ``(chains, iterations, n_parameters)``, or
        ``None`` before it (or with chain storage off)."""
        return None if self._result is None else self._result.chains

    def log_pdfs(self) -> FloatArray | None:
        """The log-pdf values stored by `run()` (see `set_log_pdf_storage()`),
        ``(chains, iterations)`` or ``(chains, iterations, 3)`` for a
        `LogPosterior` (posterior, likelihood, prior), or ``None``."""
        return None if self._result is None else self._result.log_pdfs

    def n_evaluations(self) -> int | None:
        """Evaluations made by `run()`, or ``None`` before."""
        return None if self._result is None else self._result.evaluations

    def time(self) -> float | None:
        """Duration of `run()` in seconds, or ``None`` before."""
        return None if self._result is None else self._result.time
