"""What an MCMC run leaves behind: `SamplingResult`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .._typing import FloatArray, PathLike
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

    def __repr__(self) -> str:
        shape = None if self.chains is None else self.chains.shape
        return (
            f"SamplingResult(chains={shape}, iterations={self.iterations}, "
            f"evaluations={self.evaluations}, time={self.time:.3g} s, "
            f"stop_reason={self.stop_reason.name}, seed={self.seed})"
        )

    def summary(
        self, parameter_names: Sequence[str] | None = None, warm_up: float = 0.5
    ) -> str:
        """A readable account of the run: why it stopped, its counts and
        seed, the rank-normalised R-hat and bulk ESS (Vehtari et al. 2021)
        of the chains after discarding the first ``warm_up`` fraction, and
        PINTS's `MCMCSummary` table of the same samples."""
        lines = [
            f"Stopped: {self.message}",
            f"{self.iterations} iterations, {self.evaluations} evaluations, "
            f"{self.time:.3g} s, seed {self.seed}.",
        ]
        if self.acceptance_rates is not None:
            rates = ", ".join(f"{r:.3f}" for r in self.acceptance_rates)
            lines.append(f"Acceptance rates: {rates}.")
        chains = self.kept(warm_up)
        if chains is None or chains.shape[1] < 4:
            lines.append("Too few samples to summarise.")
            return "\n".join(lines)
        from ..diagnostics import bulk_effective_sample_size, rank_normalised_rhat
        from ..samplers import MCMCSummary

        rhat = np.max(rank_normalised_rhat(chains))
        ess = np.min(bulk_effective_sample_size(chains))
        lines.append(
            f"After discarding the first {warm_up:.0%}: max rank-normalised "
            f"R-hat {rhat:.4f}, min bulk ESS {ess:.0f}."
        )
        table = MCMCSummary(chains, time=self.time, parameter_names=parameter_names)
        return "\n".join(lines) + "\n" + str(table)

    def kept(self, warm_up: float = 0.5) -> FloatArray | None:
        """The chains without their first ``warm_up`` fraction of samples."""
        if not 0 <= warm_up < 1:
            raise ValueError(f"warm_up must be in [0, 1); got {warm_up}.")
        if self.chains is None:
            return None
        return self.chains[:, int(self.chains.shape[1] * warm_up) :]

    def save(self, path: PathLike) -> None:
        """Save everything to ``path`` as a NumPy ``.npz`` archive (an open
        format; reload with `SamplingResult.load`)."""
        arrays = {
            name: value
            for name in ("chains", "log_pdfs", "acceptance_rates")
            if (value := getattr(self, name)) is not None
        }
        np.savez(
            path,
            iterations=self.iterations,
            evaluations=self.evaluations,
            time=self.time,
            stop_reason=self.stop_reason.value,
            message=self.message,
            seed=self.seed,
            **arrays,
        )

    @classmethod
    def load(cls, path: PathLike) -> SamplingResult:
        """A result saved with `save()`."""
        with np.load(path, allow_pickle=False) as data:
            fields = dict(data)
        return cls(
            chains=fields.get("chains"),
            log_pdfs=fields.get("log_pdfs"),
            acceptance_rates=fields.get("acceptance_rates"),
            iterations=int(fields["iterations"]),
            evaluations=int(fields["evaluations"]),
            time=float(fields["time"]),
            stop_reason=StopReason(str(fields["stop_reason"])),
            message=str(fields["message"]),
            seed=int(fields["seed"]),
        )

    def to_csv(self, filename: PathLike) -> None:
        """Write the chains as PINTS does: one CSV file per chain
        (``chain.csv`` gives ``chain_0.csv``, ``chain_1.csv``, ...)."""
        if self.chains is None:
            raise ValueError("The chains were not kept in memory: nothing to write.")
        from ..io import save_samples

        save_samples(filename, *self.chains)

    def to_arviz(self, parameter_names: Sequence[str] | None = None) -> Any:
        """The chains (and log-pdf values, if stored) as an ArviZ
        ``InferenceData`` (needs the ``arviz`` extra)."""
        if self.chains is None:
            raise ValueError("The chains were not kept in memory: nothing to export.")
        try:
            import arviz
        except ImportError:
            raise ImportError(
                "Exporting to ArviZ needs arviz: install it with `pip install arviz` "
                "or `pip install paramfit[arviz]`."
            ) from None
        n = self.chains.shape[2]
        names = list(parameter_names or [f"p{k}" for k in range(n)])
        if len(names) != n:
            raise ValueError(f"Expected {n} parameter names; got {len(names)}.")
        posterior = {name: self.chains[:, :, k] for k, name in enumerate(names)}
        stats = {}
        if self.log_pdfs is not None:
            values = self.log_pdfs if self.log_pdfs.ndim == 2 else self.log_pdfs[..., 0]
            stats["lp"] = values
        return arviz.from_dict(posterior=posterior, sample_stats=stats or None)


def acceptance_rates(samplers: Sequence[MCMCSampler]) -> FloatArray | None:
    """Each chain's acceptance rate, for samplers that report one."""
    rates = [getattr(s, "acceptance_rate", None) for s in samplers]
    if not all(callable(rate) for rate in rates):
        return None
    values = [np.atleast_1d(rate()) for rate in rates]  # type: ignore[misc]
    return np.concatenate(values).astype(float)
