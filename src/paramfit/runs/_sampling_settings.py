"""The MCMC controller's settings: its checks of the log-pdfs and sigma0,
and its stopping rules (PINTS's maximum number of iterations; beyond PINTS,
a wall-clock budget and convergence by R-hat and effective sample size)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, cast

import numpy as np

from .._checks import count, describe, fail, floats, is_number, real
from .._typing import ArrayLike, FloatArray, RngLike
from .._util import seeds_from_global_state
from ..problems import LogPDF
from ..samplers import MCMCSampler, MultiChainMCMC, SingleChainMCMC
from ..transformations import Transformation
from ._methods import method_names, resolve_method
from ._stopping import MaxTime, RunState, StoppingCriteria, StoppingRule, StopReason
from ._stopping_settings import max_time

#: Returns the chains so far, ``(chains, iterations, n_parameters)``.
ChainsSoFar = Callable[[], FloatArray | None]


class MaxChainIterations(StoppingRule):
    """Stop once every chain has ``limit`` samples (PINTS's message)."""

    reason = StopReason.MAX_ITERATIONS

    def __init__(self, limit: int) -> None:
        self.limit = limit

    def check(self, state: RunState) -> str | None:
        if state.iteration >= self.limit:
            return f"Maximum number of iterations ({state.iteration}) reached."
        return None


class Converged(StoppingRule):
    """Stop once rank-normalised split-R-hat is below ``rhat`` and the bulk
    effective sample size is at least ``ess`` for every parameter, on the
    second half of the chains after the initial phase (Vehtari, Gelman,
    Simpson, Carpenter and Bürkner 2021, Bayesian Analysis 16(2), 667-718).
    """

    reason: ClassVar[StopReason] = StopReason.CONVERGED

    def __init__(
        self,
        rhat: float,
        ess: float,
        every: int,
        after: int,
        chains: ChainsSoFar,
    ) -> None:
        self.rhat, self.ess, self.every, self.after = rhat, ess, every, after
        self._chains = chains
        self.latest: tuple[float, float] | None = None

    def check(self, state: RunState) -> str | None:
        i = state.iteration
        if i <= self.after or (i - self.after) % self.every:
            return None
        chains = self._chains()
        if chains is None or chains.shape[1] - self.after < 8:
            return None
        from ..diagnostics import bulk_effective_sample_size, rank_normalised_rhat

        kept = chains[:, self.after :]
        kept = kept[:, kept.shape[1] // 2 :]
        rhat = float(np.max(rank_normalised_rhat(kept)))
        ess = float(np.min(bulk_effective_sample_size(kept)))
        self.latest = (rhat, ess)
        if rhat < self.rhat and ess >= self.ess:
            return (
                f"Converged: R-hat {rhat:.4f} < {self.rhat} and bulk ESS "
                f"{ess:.0f} >= {self.ess:g} after {i} iterations."
            )
        return None


class SamplingStopping:
    """The MCMC controller's stopping settings and initial phase.

    Defaults as in PINTS: at most 10000 iterations and, for methods with an
    initial phase, 200 iterations in it.
    """

    def __init__(self, needs_initial_phase: bool) -> None:
        self._needs_initial_phase = needs_initial_phase
        self.max_iterations: int | None = 10000
        self.initial_phase_iterations: int | None = 200 if needs_initial_phase else None
        self.max_time: float | None = None
        self.convergence: tuple[float, float, int] | None = None

    def set_max_iterations(self, iterations: int | None) -> None:
        if iterations is not None:
            iterations = count(
                iterations,
                "iterations",
                minimum=0,
                message="Maximum number of iterations cannot be negative.",
            )
        self.max_iterations = iterations

    def set_initial_phase_iterations(self, iterations: int) -> None:
        if not self._needs_initial_phase:
            raise NotImplementedError
        self.initial_phase_iterations = count(
            iterations,
            "iterations",
            minimum=0,
            message="Number of initial-phase iterations cannot be negative.",
        )

    def set_max_time(self, seconds: float | None) -> None:
        self.max_time = max_time(seconds)

    def set_convergence(self, rhat: float | None, ess: float, every: int) -> None:
        if rhat is None:
            self.convergence = None
            return
        rhat = real(rhat, "rhat")
        if not rhat > 1:
            raise ValueError(f"The R-hat target must be greater than 1; got {rhat}.")
        ess = real(
            ess,
            "ess",
            positive=True,
            message=f"The ESS target must be positive; got {describe(ess)}.",
        )
        every = count(
            every,
            "check_every",
            message=f"check_every must be at least 1; got {describe(every)}.",
        )
        self.convergence = (rhat, ess, every)

    def criteria(self, chains: ChainsSoFar) -> StoppingCriteria:
        """Fresh rules for the current settings.

        Raises
        ------
        ValueError
            If no criterion is set.
        """
        rules: list[StoppingRule] = []
        if self.max_iterations is not None:
            rules.append(MaxChainIterations(self.max_iterations))
        if self.convergence is not None:
            rhat, ess, every = self.convergence
            after = self.initial_phase_iterations or 0
            rules.append(Converged(rhat, ess, every, after, chains))
        if self.max_time is not None:
            rules.append(MaxTime(self.max_time))
        if not rules:
            raise ValueError("At least one stopping criterion must be set.")
        return StoppingCriteria(rules)


def check_log_pdfs(log_pdf: Any, chains: int) -> list[LogPDF]:
    """The log-pdf as a list (one, or one per chain), checked as PINTS."""
    if isinstance(log_pdf, LogPDF):
        return [log_pdf]
    try:
        if len(log_pdf) != chains:
            raise ValueError(
                "`log_pdf` must either extend pints.LogPDF, or be a list of objects"
                " which extend pints.LogPDF of the same length as `chains`"
            )
    except TypeError:
        raise TypeError(
            "`log_pdf` must either extend pints.LogPDF, or be a list of objects"
            " which extend pints.LogPDF"
        ) from None
    n = None
    for pdf in log_pdf:
        if not isinstance(pdf, LogPDF):
            raise ValueError("Elements of `log_pdf` must extend pints.LogPDF")
        if n is not None and pdf.n_parameters() != n:
            raise ValueError("All log_pdfs must have the same number of parameters.")
        n = pdf.n_parameters()
    return list(log_pdf)


def search_sigma0(
    sigma0: ArrayLike | None,
    transformation: Transformation | None,
    x0: FloatArray,
    n: int,
) -> ArrayLike | None:
    """``sigma0`` as a covariance matrix in search space at ``x0`` (only
    converted when there is a transformation, as PINTS)."""
    if sigma0 is None or transformation is None:
        return sigma0
    s = floats(sigma0, "sigma0")
    if s.size == n:
        s = np.diag(s.reshape(n))
    elif s.shape != (n, n):
        raise ValueError(
            "sigma0 must be either a (d, d) matrix or a (d, ) vector, where d is "
            "the number of parameters."
        )
    return transformation.convert_covariance_matrix(s, x0)


def starting_points(x0: ArrayLike, chains: int, n: int) -> list[FloatArray]:
    """One finite starting point of dimension ``n`` per chain."""
    if is_number(x0) or isinstance(x0, (str, bytes)) or x0 is None:
        raise TypeError(fail("x0", "a sequence of starting points, one per chain", x0))
    try:
        given = len(x0)  # type: ignore[arg-type]
    except TypeError:
        raise TypeError(
            fail("x0", "a sequence of starting points, one per chain", x0)
        ) from None
    if given != chains:
        raise ValueError(
            "Number of initial positions must be equal to number of chains."
        )
    points = [floats(x, "x0") for x in x0]  # type: ignore[union-attr]
    if not all(p.shape == (n,) for p in points):
        raise ValueError(
            "All initial positions must have the same dimension as the given LogPDF."
        )
    for i, p in enumerate(points):
        if not np.isfinite(p).all():
            raise ValueError(f"x0 must be finite; got x0[{i}] = {p.tolist()}.")
    return [np.array(p, dtype=float) for p in points]


def check_method(method: object) -> type[MCMCSampler]:
    """The sampler class ``method`` stands for: ``None`` (as PINTS,
    `HaarioBardenetACMC`), an `MCMCSampler` subclass or its name (see
    ``runs._methods``)."""
    from .. import samplers

    if method is None:
        return samplers.HaarioBardenetACMC
    names = method_names(samplers, MCMCSampler)
    return resolve_method(method, MCMCSampler, names, "sampler")


def root_seed(rng: RngLike) -> int:
    """The seed of a run, from a seed, a generator or NumPy's global state
    (``None``, so that ``np.random.seed`` makes PINTS scripts repeatable)."""
    if rng is None:
        return int(seeds_from_global_state(1)[0])
    if isinstance(rng, np.random.Generator):
        return int(rng.integers(2**63))
    if isinstance(rng, np.random.SeedSequence):
        return int(rng.generate_state(1, np.uint64)[0])
    if isinstance(rng, (bool, str)) or int(rng) != rng or rng < 0:
        raise ValueError(
            f"rng must be a non-negative int seed, a Generator or None; got {rng!r}."
        )
    return int(rng)


def make_samplers(
    method: type[MCMCSampler] | str | None,
    chains: int,
    x0: list[FloatArray],
    sigma0: ArrayLike | None,
    seed: int,
) -> list[MCMCSampler]:
    """One sampler per chain for a single-chain method, or one multi-chain
    sampler; each chain's sampler gets its own stream spawned from
    ``seed``, so chains do not depend on how they are evaluated."""
    method = check_method(method)
    streams = np.random.SeedSequence(seed).spawn(chains)
    if issubclass(method, SingleChainMCMC):
        return [method(x, sigma0, rng=s) for x, s in zip(x0, streams, strict=True)]
    multi = cast(type[MultiChainMCMC], method)
    return [multi(chains, x0, sigma0, rng=streams[0])]
