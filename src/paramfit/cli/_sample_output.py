"""What ``paramfit sample`` writes and prints.

Into the output directory: ``summary.txt`` (what is printed at the end),
``result.json`` (settings, seed, prior, optimum and posterior statistics),
``result.npz`` (`SamplingResult.save`; reload with `SamplingResult.load`),
the chains as PINTS-style CSV files (``chain_0.csv``, ``chain_1.csv``, ...,
or ``chain.csv`` for one chain; `SamplingResult.to_csv`), and, if
matplotlib is installed, ``trace.png``, ``pairwise.png`` and
``predictive.png``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .._typing import FloatArray
from ..runs import OptimisationResult, SamplingResult
from ._fit_data import FitData
from ._sample_setup import SampleSetup

#: Files written on every run (the chains' CSV files and the plots vary).
FIXED_FILES = ("summary.txt", "result.json", "result.npz")
PLOT_FILES = ("trace.png", "pairwise.png", "predictive.png")
_CHAIN_CSV = re.compile(r"chain(_\d+)?\.csv")
#: The report warns if any parameter's rank-normalised R-hat is not below
#: this (Vehtari et al. 2021 recommend 1.01 for final results; 1.05 flags
#: chains that plainly disagree).
RHAT_WARNING = 1.05
#: Posterior predictive plots draw at most this many samples.
PREDICTIVE_SAMPLES = 200


@dataclass
class SampleRun:
    """A finished run: its inputs and outcomes."""

    args: argparse.Namespace
    data: FitData
    setup: SampleSetup
    seed: int
    optimum: OptimisationResult
    result: SamplingResult

    @property
    def kept(self) -> FloatArray:
        """The chains after warm-up, ``(chains, samples, parameters)``."""
        kept = self.result.kept(self.args.warm_up)
        assert kept is not None  # the chains are always stored
        return kept


def chain_files(n_chains: int) -> list[str]:
    """The names `SamplingResult.to_csv('chain.csv')` writes."""
    if n_chains == 1:
        return ["chain.csv"]
    return [f"chain_{k}.csv" for k in range(n_chains)]


def have_matplotlib() -> bool:
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return False
    return True


def output_files(n_chains: int, plots: bool) -> list[str]:
    """Everything one run writes, in the order listed in the report."""
    return [*FIXED_FILES, *chain_files(n_chains), *(PLOT_FILES if plots else ())]


# -- the report ---------------------------------------------------------------
def posterior_table(run: SampleRun) -> str:
    """Per parameter, after warm-up: mean, standard deviation, the 2.5 %, 50 %
    and 97.5 % quantiles (4 significant figures), rank-normalised R-hat and
    bulk ESS (Vehtari et al. 2021)."""
    stats = posterior_statistics(run)
    header = ["param", "mean", "std.", "2.5%", "50%", "97.5%", "rank-rhat", "bulk-ess"]
    rows = [
        [name]
        + [f"{s[key]:.4g}" for key in ("mean", "sd", "q2.5", "q50", "q97.5")]
        + [f"{s['rhat']:.3f}", f"{s['ess_bulk']:.0f}"]
        for name, s in stats.items()
    ]
    widths = [max(len(r[j]) for r in [header, *rows]) for j in range(len(header))]
    lines = [
        "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows
    ]
    head = "  ".join(c.ljust(w) for c, w in zip(header, widths, strict=True))
    rule = "  ".join("-" * w for w in widths)
    return "\n".join(line.rstrip() for line in [head, rule, *lines])


def posterior_statistics(run: SampleRun) -> dict[str, dict[str, float]]:
    """`posterior_table`'s numbers, by parameter name."""
    from ..diagnostics import bulk_effective_sample_size, rank_normalised_rhat

    kept = run.kept
    samples = kept.reshape(-1, kept.shape[2])
    if kept.shape[1] >= 4:
        rhat = np.atleast_1d(rank_normalised_rhat(kept))
        ess = np.atleast_1d(bulk_effective_sample_size(kept))
    else:  # too short to tell
        rhat = ess = np.full(kept.shape[2], np.nan)
    quantiles = np.percentile(samples, [2.5, 50, 97.5], axis=0)
    return {
        name: {
            "mean": float(np.mean(samples[:, j])),
            "sd": float(np.std(samples[:, j], ddof=1)) if len(samples) > 1 else 0.0,
            "q2.5": float(quantiles[0, j]),
            "q50": float(quantiles[1, j]),
            "q97.5": float(quantiles[2, j]),
            "rhat": float(rhat[j]),
            "ess_bulk": float(ess[j]),
        }
        for j, name in enumerate(run.setup.names)
    }


def report(run: SampleRun) -> str:
    """The text printed at the end and saved as ``summary.txt``."""
    args, setup, optimum = run.args, run.setup, run.optimum
    transform = "log space" if setup.transformation is not None else "model space"
    optimum_values = ", ".join(
        f"{name}={v:.6g}" for name, v in zip(setup.names, optimum.x, strict=True)
    )
    lines = [
        f"paramfit sample: {args.model} on {args.data} ({len(run.data.times)} "
        f"times), seed {run.seed}",
        f"Method: {setup.method.__name__} in {transform}, {args.chains} chain(s), "
        f"{args.iterations} iterations",
        "Likelihood: GaussianLogLikelihood (unknown noise sigma)",
        "Prior:",
        *(f"  {line}" for line in setup.prior_lines()),
        f"Optimum (CMA-ES, maximum a posteriori): {optimum_values}; "
        f"log-posterior {optimum.f:.6g}",
        "",
        run.result.summary(setup.names, warm_up=args.warm_up),
        "",
        f"Posterior after discarding the first {args.warm_up:.0%} of each chain:",
        posterior_table(run),
    ]
    rhat = max(s["rhat"] for s in posterior_statistics(run).values())
    if not rhat < RHAT_WARNING:  # NaN too: too few samples to tell
        lines.append(
            f"Warning: the chains have not converged (largest rank-normalised "
            f"R-hat {rhat:.3f}, not below {RHAT_WARNING}); sample longer "
            "(--iterations) before relying on these numbers."
        )
    return "\n".join(lines) + "\n"


def record(run: SampleRun, files: list[str]) -> dict[str, object]:
    """The contents of ``result.json``."""
    from .._version import __version__

    args, setup, result = run.args, run.setup, run.result
    return {
        "data": str(args.data),
        "n_times": len(run.data.times),
        "model": args.model,
        "method": setup.method.__name__,
        "transform": args.transform,
        "likelihood": "GaussianLogLikelihood",
        "parameter_names": setup.names,
        "prior": [
            {"parameter": name, "kind": kind, "lower": float(lo), "upper": float(hi)}
            for name, kind, lo, hi in zip(
                setup.names, setup.prior_kinds, setup.lower, setup.upper, strict=True
            )
        ],
        "seed": run.seed,
        "chains": args.chains,
        "iterations": result.iterations,
        "warm_up": args.warm_up,
        "evaluations": result.evaluations,
        "time_seconds": result.time,
        "stop_reason": result.stop_reason.value,
        "acceptance_rates": None
        if result.acceptance_rates is None
        else [float(r) for r in result.acceptance_rates],
        "optimum": {
            "parameters": [float(v) for v in run.optimum.x],
            "log_posterior": float(run.optimum.f),
            "iterations": run.optimum.iterations,
            "evaluations": run.optimum.evaluations,
        },
        "posterior": posterior_statistics(run),
        "parallel": args.parallel,
        "files": files,
        "paramfit_version": __version__,
    }


# -- the files ----------------------------------------------------------------
def write_outputs(folder: Path, run: SampleRun, text: str, plots: bool) -> list[str]:
    """Write every output file into ``folder``; return their names."""
    files = output_files(run.args.chains, plots)
    (folder / "summary.txt").write_text(text, encoding="utf-8")
    with open(folder / "result.json", "w", encoding="utf-8") as f:
        json.dump(record(run, files), f, indent=2)
        f.write("\n")
    run.result.save(folder / "result.npz")
    run.result.to_csv(folder / "chain.csv")
    if plots:
        save_plots(folder, run)
    return files


def save_plots(folder: Path, run: SampleRun) -> None:
    """``trace.png`` (every sample), ``pairwise.png`` (after warm-up, all
    chains) and ``predictive.png`` (the model at up to 200 of those samples,
    over the data)."""
    import matplotlib

    if "matplotlib.pyplot" not in sys.modules:
        matplotlib.use("Agg")  # files only: never open a window
    import matplotlib.pyplot as plt

    from .. import plot

    names = run.setup.names
    chains = run.result.chains
    assert chains is not None
    samples = run.kept.reshape(-1, chains.shape[2])
    title = f"{run.args.model}: {run.setup.method.__name__}, seed {run.seed}"
    kept_from = chains.shape[1] - run.kept.shape[1]
    fig, axes = plot.trace(chains, parameter_names=names)
    for ax in axes[:, 1]:
        ax.axvline(kept_from, color="k", linestyle=":", linewidth=1)
    figures = {"trace.png": fig}
    titles = {"trace.png": f"{title}\n(dotted: end of warm-up)"}
    figures["pairwise.png"] = plot.pairwise(
        samples, parameter_names=names, ref_parameters=run.optimum.x
    )[0]
    titles["pairwise.png"] = f"{title}, after warm-up\n(dashed: the optimum)"
    thinning = max(1, len(samples) // PREDICTIVE_SAMPLES)
    figures["predictive.png"] = plot.series(
        samples, run.setup.problem, thinning=thinning
    )[0]
    titles["predictive.png"] = f"{title}: the model at posterior samples"
    try:
        for name, fig in figures.items():
            fig.suptitle(titles[name])
            fig.savefig(folder / name, dpi=100)
    finally:
        for fig in figures.values():
            plt.close(fig)


def move_into_place(tmp: Path, out: Path, files: list[str]) -> None:
    """Move the outputs from ``tmp`` to ``out``: the whole directory if
    ``out`` does not exist, else file by file, removing the chain files and
    plots of an earlier run that this one did not write."""
    if not out.exists():
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(tmp), str(out))
        return
    for name in files:
        os.replace(tmp / name, out / name)
    for path in out.iterdir():
        stale = _CHAIN_CSV.fullmatch(path.name) or path.name in PLOT_FILES
        if stale and path.name not in files and path.is_file():
            path.unlink()
