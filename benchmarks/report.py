"""Turn the benchmark results into ``docs/benchmarks.md`` and its ECDF plots.

Reads the JSON files the scripts in ``benchmarks/`` write to
``benchmarks/results/`` (``<name>.json`` from a full run, ``<name>_quick.json``
with ``--quick``) and writes a markdown page of tables, with the command,
machine, date, versions and wall time recorded by ``_meta.py``, plus one
ECDF plot of the BBOB runs per dimension. Missing files or fields (results
from before the metadata was recorded) are said so on the page.

It also defines ``paired_difference``, the statistic ``bbob.py`` records for
each comparison of two methods (here, so that the tests can check it without
COCO, pycma or PINTS).

Run: ``python benchmarks/report.py [--quick] [--results DIR] [--out DIR]``
(``make bench`` runs it last; default output ``docs/``, or
``benchmarks/results/report_quick/`` with ``--quick``, which git ignores).
The page goes to ``OUT/benchmarks.md`` and the plots to ``OUT/img/``.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from scipy import stats  # noqa: E402

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results"
SCRIPTS = (
    "overhead",
    "controller_overhead",
    "seed_evals",
    "parallel",
    "bbob",
    "seed_runs",
)
MISSING = "_Not recorded in these results._"
ECDF_POINTS = 300


# --------------------------------------------------------------------- loading


def load(results: Path, quick: bool) -> dict[str, dict[str, Any] | None]:
    """Each script's results, or None where its file is missing."""
    out: dict[str, dict[str, Any] | None] = {}
    for name in SCRIPTS:
        path = results / (f"{name}_quick.json" if quick else f"{name}.json")
        out[name] = json.loads(path.read_text()) if path.is_file() else None
    return out


def table(
    header: Sequence[str], rows: Sequence[Sequence[Any]], text: int = 1
) -> list[str]:
    """A markdown table: ``text`` columns of words on the left, then numbers."""
    align = ["---"] * text + ["--:"] * (len(header) - text)
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(align) + " |"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return lines + [""]


def num(x: float | None, fmt: str = ".3g") -> str:
    return "–" if x is None else format(x, fmt)


def duration(seconds: float) -> str:
    minutes, s = divmod(round(seconds), 60)
    return f"{minutes} min {s:02d} s" if minutes else f"{s} s"


# ------------------------------------------------------------------- metadata


def metas(data: dict[str, dict[str, Any] | None]) -> dict[str, dict[str, Any]]:
    return {k: v["meta"] for k, v in data.items() if v and "meta" in v}


def run_section(data: dict[str, dict[str, Any] | None], quick: bool) -> list[str]:
    """Command, date, machine, versions and wall time of the run."""
    m = metas(data)
    command = "make bench-quick" if quick else "make bench"
    lines = [
        "## How these numbers were produced",
        "",
        f"Command: `{command}` (each script below, then `benchmarks/report.py`, "
        "which writes this page from the JSON files in `benchmarks/results/`).",
        "",
    ]
    if not m:
        return lines + [
            "_No run metadata in these results (they predate `_meta.py`)._",
            "",
        ]
    latest = max(m.values(), key=lambda x: x["finished"])
    machine = latest["machine"]
    total = sum(x["wall_s"] for x in m.values())
    lines += [
        f"- Date: {latest['finished'][:10]} (last script finished "
        f"{latest['finished']})",
        f"- Machine: {machine['cpu']}, {machine['cpu_count']} logical CPUs, "
        f"{machine['platform']}",
        f"- Total wall time: {duration(total)}"
        + ("" if len(m) == len(SCRIPTS) else " (of the scripts with metadata)"),
        "- Versions: "
        + ", ".join(f"{k} {v}" for k, v in latest["versions"].items() if v),
        "",
    ]
    rows = []
    for name in SCRIPTS:
        meta = m.get(name)
        if meta is None:
            rows.append((f"`{name}.py`", "not recorded", "–", "–"))
            continue
        command = " ".join(["python", *meta["command"][1:]])
        load = ", ".join(f"{x:.1f}" for x in meta["machine"]["load_average"])
        rows.append((f"`{name}.py`", f"`{command}`", duration(meta["wall_s"]), load))
    head = ("script", "command", "wall time", "load average at end")
    lines += table(head, rows, text=2)
    differ = [k for k, v in m.items() if v["versions"] != latest["versions"]]
    if differ:
        lines += [f"Versions differ for: {', '.join(differ)} (see their JSON).", ""]
    return lines


# ----------------------------------------------------------------- benchmarks


def overhead_section(r: dict[str, Any] | None) -> list[str]:
    lines = [
        "## Optimiser overhead per generation",
        "",
        "One `ask()` plus `tell()` of every method PINTS also has, on the "
        "sphere function (with its gradient for the gradient methods) at the "
        "default population size, less the time of scoring the same "
        "populations again, so that only the optimiser's own work is timed "
        "(process CPU time, BLAS on one thread). paramfit, PINTS and (for "
        "CMA-ES) pycma's own "
        "`CMAEvolutionStrategy` alternate within each repeat; the table gives "
        "medians, and each ratio is the median of paired paramfit / other "
        "ratios (below 1: paramfit is faster). Nelder-Mead and the gradient "
        "methods do only a few microseconds of arithmetic per step, so there "
        "the checks paramfit makes at every `tell()` (scores and gradients "
        "for NaN and infinity, the gradient's shape, best-so-far tracking) "
        "cost more than the method itself: paramfit is 1 to 5 µs per step "
        "slower than PINTS, which checks nothing.",
        "",
    ]
    if r is None:
        return lines + [MISSING, ""]
    dims = [k for k in r if k.isdigit()]
    rows = [
        (method, d, num(v["paramfit_us"], ".1f"), num(v["pints_us"], ".1f"))
        + (num(v["ratio"], ".2f"), num(v.get("pycma_us"), ".1f"))
        + (num(v.get("ratio_pycma"), ".2f"),)
        for d in dims
        for method, v in r[d].items()
    ]
    lines.append(f"{r['repeats']} repeats of {r['generations']} generations.")
    lines.append("")
    header = ("method", "d", "paramfit µs", "PINTS µs", "vs PINTS", "pycma µs")
    return lines + table((*header, "vs pycma"), rows)


def controller_section(r: dict[str, Any] | None) -> list[str]:
    lines = [
        "## Controller overhead",
        "",
        "xNES runs 500 iterations on the seed problem (logistic model, 1000 "
        "noisy points, rectangular boundaries) either as a bare ask-and-tell "
        "loop or through `OptimisationController`, with the screen log on or "
        "off ('quiet'); every variant follows the same seeded trajectory. The "
        "ratios compare medians with the bare loop's. The direct measure times "
        "`ask`, `tell` and the error measure from inside, and charges whatever "
        "is left over, per iteration, to the controller.",
        "",
    ]
    if r is None:
        return lines + [MISSING, ""]
    s = r["results"]
    rows = []
    for lib in ("paramfit", "pints"):
        cpu, wall, direct = s["cpu"][lib], s["wall"][lib], s["direct"][lib]
        rows.append(
            (
                lib,
                num(cpu["bare_median_s"], ".4f"),
                num(cpu["controller_ratio"], ".3f"),
                num(cpu["quiet_ratio"], ".3f"),
                num(wall["controller_ratio"], ".3f"),
                f"{direct['controller_overhead']:+.1%}",
                f"{direct['quiet_overhead']:+.1%}",
            )
        )
    head = (
        "library",
        "bare loop CPU s",
        "controller / bare (CPU)",
        "quiet / bare (CPU)",
        "controller / bare (wall)",
        "direct overhead",
        "direct overhead, quiet",
    )
    lines.append(f"{r['repeats']} interleaved repeats of {r['iterations']} iterations.")
    lines.append("")
    return lines + table(head, rows)


def seed_section(r: dict[str, Any] | None) -> list[str]:
    lines = [
        "## Evaluations on the seed problem",
        "",
        "CMA-ES from the seed notebook's starting point, once per seed (new "
        "noise and a new optimiser seed): how many evaluations until the best "
        "score is within a relative 1e-6 of the least-squares minimum, and of "
        "the score at the true parameters (an easier target). A run that "
        "fails counts as the whole budget.",
        "",
    ]
    if r is None:
        return lines + [MISSING, ""]
    rows = [
        (name, num(v["mean_to_min"], ".1f"), num(v["mean_to_true"], ".1f"))
        + (v["failures"],)
        for name, v in r.items()
        if isinstance(v, dict) and "mean_to_min" in v
    ]
    lines.append(f"{r['seeds']} seeds, budget {r['budget']} evaluations.")
    lines.append("")
    head = ("method", "mean evals to min f", "mean evals to f(true)", "failures")
    return lines + table(head, rows)


def parallel_section(r: dict[str, Any] | None) -> list[str]:
    lines = [
        "## Parallel and vectorised evaluation",
        "",
        "Medians: the cost of handing 8 trivial points to 2 warm "
        "worker processes, of starting and closing a pool, the speed-up of 8 "
        "points of a 5 ms objective on 2 workers (alone and inside a "
        "controller run), the seed problem scored a whole population at a "
        "time against PINTS's one-by-one loop, and the per-generation "
        "overhead of a Dask `LocalCluster`. All are wall-clock times but the "
        "seed problem's 500 iterations, which run in one process and are "
        "timed in CPU time. The parallel rows need two idle "
        "cores, so the load average matters.",
        "",
    ]
    if r is None:
        return lines + [MISSING, ""]
    rows = [
        (x["measure"], x["unit"], num(x["paramfit"], ".3f"), num(x["pints"], ".3f"))
        + (x["target"] or "–",)
        for x in r["rows"]
    ]
    if r.get("quick"):
        lines += ["These are `--quick` numbers (fewer repeats).", ""]
    load = r.get("load_average")
    if load:
        lines += ["Load average: " + ", ".join(f"{x:.2f}" for x in load) + ".", ""]
    head = ("measure", "unit", "paramfit", "PINTS", "target")
    return lines + table(head, rows, text=2)


#: How ``seed_runs.py`` names its variants, in words.
SEED_RUN_VARIANTS = {
    "loop": "ask/tell, point by point",
    "batch": "ask/tell, `evaluate_batch`",
    "controller": "controller, sequential",
}


def seed_runs_section(r: dict[str, Any] | None) -> list[str]:
    lines = [
        "## The seed problem end to end",
        "",
        "xNES and CMA-ES for 500 iterations on the seed problem, each library "
        "with its own optimiser and error measure: as an ask-and-tell loop "
        "scoring the points one by one, as the same loop scoring each "
        "population with one `evaluate_batch` call (paramfit only; it follows "
        "the same trajectory, checked), and through `OptimisationController` "
        "with the log and the function tolerance off. The controller evaluates "
        "sequentially, which for PINTS means point by point but for paramfit "
        "means one `evaluate_batch` call per population, since the error "
        "measure offers it. The controller also consults the optimiser's "
        "`stop()`, so a CMA-ES run may end early: iterations are those "
        "actually done, and the ratio compares CPU time per iteration with "
        "PINTS's point-by-point loop for the same method (below 1: faster).",
        "",
    ]
    if r is None:
        return lines + [MISSING, ""]
    if r.get("quick"):
        lines += ["These are `--quick` numbers (fewer repeats).", ""]
    lines += [
        f"Medians of {r['repeats']} interleaved repeats, BLAS on one thread; "
        "ms per run and µs per iteration are process CPU time, wall-clock "
        "ms alongside.",
        "",
    ]
    rows = [
        (
            x["method"],
            x["library"],
            SEED_RUN_VARIANTS.get(x["variant"], x["variant"]),
            x["iterations"],
            num(x["f_best"], ".8g"),
            num(x["cpu_ms"], ".1f"),
            num(x["cpu_us_per_iteration"], ".1f"),
            num(x["cpu_ratio"], ".2f"),
            num(x["wall_ms"], ".1f"),
        )
        for x in r["rows"]
    ]
    short = [x for x in r["rows"] if x["iterations"] < r["iterations"]]
    if short:
        names = ", ".join(
            f"{x['library']} {x['method']} ({x['variant']}, {x['iterations']})"
            for x in short
        )
        lines += [f"Halted early by the optimiser's `stop()`: {names}.", ""]
    head = (
        "method",
        "library",
        "variant",
        "iterations",
        "final f",
        "ms per run",
        "µs per iteration",
        "ratio",
        "wall ms",
    )
    return lines + table(head, rows, text=3)


# ------------------------------------------------------------------ BBOB, ECDF


def paired_difference(
    method: Sequence[float], reference: Sequence[float], repeats: int
) -> dict[str, Any]:
    """Mean paired difference of two methods' per-run fractions, 95 % CI.

    Both sequences hold one value per run in the same order, the ``repeats``
    runs of each (function, instance) pair next to each other. Each pair's
    difference is the mean over its repeats of (method - reference); the
    result gives the mean of those pair means, a t-interval on them (None
    with fewer than two pairs) and the number of pairs.
    """
    diff = np.asarray(method, dtype=float) - np.asarray(reference, dtype=float)
    if diff.size == 0 or diff.size % repeats:
        raise ValueError(f"{diff.size} runs do not split into pairs of {repeats}")
    pairs = diff.reshape(-1, repeats).mean(axis=1)
    mean = float(pairs.mean())
    if pairs.size < 2:
        return {"mean_difference": mean, "ci95": None, "pairs": 1}
    low, high = stats.ttest_1samp(pairs, 0.0).confidence_interval(0.95)
    ci = [float(low), float(high)]
    return {"mean_difference": mean, "ci95": ci, "pairs": int(pairs.size)}


def ecdf(hits: Sequence[Sequence[int | None]], d: int, x: np.ndarray) -> np.ndarray:
    """Fraction of all (problem, target) pairs reached within ``x * d`` evals.

    ``hits`` holds, per problem, the evaluation at which each target was
    first reached, or None if it never was.
    """
    flat = np.array(
        [np.inf if h is None else h for row in hits for h in row], dtype=float
    )
    if flat.size == 0:
        return np.zeros_like(x, dtype=float)
    reached = np.searchsorted(np.sort(flat), np.asarray(x) * d, side="right")
    return reached / flat.size


def style(name: str, index: int) -> dict[str, Any]:
    """paramfit in blues and purples, PINTS orange, pycma green."""
    if name.startswith("paramfit"):  # the second one dashed: they may overlap
        return [
            {"color": "tab:blue", "lw": 2.2},
            {"color": "tab:purple", "lw": 1.6, "ls": "-."},
        ][index % 2]
    if name.startswith("PINTS"):
        return {"color": "tab:orange", "lw": 1.5}
    return {"color": "tab:green", "lw": 1.5, "ls": "--"}


def ecdf_panel(ax: Any, group: dict[str, Any], d: int, budget_per_d: int) -> None:
    x = np.geomspace(1, budget_per_d, ECDF_POINTS)
    paramfit_seen = 0
    for name, by_d in group.items():
        hits = by_d[str(d)].get("hits")
        if hits is None:
            continue
        ax.step(
            x, ecdf(hits, d, x), where="post", label=name, **style(name, paramfit_seen)
        )
        paramfit_seen += name.startswith("paramfit")
    ax.set_xscale("log")
    ax.set_xlim(1, budget_per_d)
    ax.set_ylim(0, 1)
    ax.grid(True, which="major", alpha=0.3)
    ax.set_xlabel("evaluations / d")
    ax.legend(loc="upper left", fontsize=9)


def ecdf_figure(r: dict[str, Any], d: int, path: Path) -> None:
    """Single runs and restart strategies side by side for dimension ``d``."""
    budgets = r.get("budget_per_d", {"single": 1000, "restarts": 2000})
    groups = [g for g in ("single", "restarts") if g in r]
    fig, axes = plt.subplots(
        1, len(groups), figsize=(5.5 * len(groups), 4.2), sharey=True, squeeze=False
    )
    for ax, g in zip(axes[0], groups, strict=True):
        ecdf_panel(ax, r[g], d, budgets[g])
        kind = "single runs" if g == "single" else "with restarts"
        ax.set_title(f"{kind}, budget {budgets[g]}·d")
    axes[0][0].set_ylabel("fraction of (run, target) reached")
    n_inst, repeats = len(r["instances"]), r.get("repeats", 1)
    fig.suptitle(
        f"BBOB f1–f24, d = {d}, {n_inst} instance{'s' * (n_inst > 1)} × "
        f"{repeats} run{'s' * (repeats > 1)}, 51 targets 1e-8…1e2"
    )
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)


def has_hits(r: dict[str, Any]) -> bool:
    return all(
        "hits" in by_d
        for g in ("single", "restarts")
        for by_method in r.get(g, {}).values()
        for by_d in by_method.values()
    )


def runs(cell: dict[str, Any]) -> int:
    """Runs behind a cell; results from before ``--repeats`` say "pairs"."""
    return int(cell["runs"] if "runs" in cell else cell["pairs"])


def bbob_table(group: dict[str, Any], dims: list[int]) -> list[str]:
    rows = []
    for name, by_d in group.items():
        cells = [
            f"{by_d[str(d)]['fraction']:.3f} ({by_d[str(d)]['solved']}/"
            f"{runs(by_d[str(d)])})"
            for d in dims
        ]
        rows.append((name, *cells))
    return table(("method", *(f"d = {d}" for d in dims)), rows)


def comparison_section(r: dict[str, Any]) -> list[str]:
    lines = [
        "### Paired comparisons",
        "",
        "Within a run every method starts from the same point with the same "
        "seed, so methods are compared run by run: for each (function, "
        "instance) pair, the mean over its repeats of the method's fraction "
        "of targets minus the reference's; then the mean of these differences "
        "over the pairs, with a 95 % t-interval on the pair means (above 0: "
        "the method reaches more targets). The interval takes the pairs as a "
        "sample of problems, so it covers the spread between functions as "
        "well as the run-to-run noise.",
        "",
    ]
    if "comparisons" not in r:
        return lines + [MISSING + " Rerun `benchmarks/bbob.py` to record them.", ""]
    rows = [
        (
            x["method"],
            x["reference"],
            x["d"],
            f"{x['mean_difference']:+.3f}",
            "–" if x["ci95"] is None else "[{:+.3f}, {:+.3f}]".format(*x["ci95"]),
        )
        for x in r["comparisons"]
    ]
    head = ("method", "reference", "d", "mean difference", "95 % CI")
    return lines + table(head, rows, text=2)


def bbob_section(r: dict[str, Any] | None, img: Path, page: Path) -> list[str]:
    lines = [
        "## BBOB f1–f24",
        "",
        "The 24 noiseless COCO functions (`cocoex.BareProblem`), each method "
        "starting from the same random point in [-4, 4]^d with step size 2. "
        "Single runs get 1000·d evaluations; the restart strategies (IPOP and "
        "BIPOP CMA-ES against pycma's BIPOP) get 2000·d. A run counts a target "
        "f_opt + 10^k (k = -8, -7.8, …, 2; 51 targets) as reached when its "
        "best value within the budget is at or below it. Every run of a "
        "(function, instance) pair has its own random starting point and seed, "
        "shared by all methods; the number of runs is given below. Each cell "
        "gives the fraction of targets reached, averaged over all runs, and "
        "in brackets how many runs were solved to 1e-8, out of how many.",
        "",
    ]
    if r is None:
        return lines + [MISSING, ""]
    dims = r["dims"]
    repeats = r.get("repeats", 1)
    total = r.get("runs", 24 * len(r["instances"]) * repeats)
    lines += [
        f"Instances: {', '.join(map(str, r['instances']))}; "
        f"{repeats} run{'s' * (repeats > 1)} per (function, instance), "
        f"{total} per method and dimension.",
        "",
    ]
    for g, title in (("single", "Single runs"), ("restarts", "With restarts")):
        if g in r:
            lines += [f"### {title}", ""] + bbob_table(r[g], dims)
    lines += comparison_section(r)
    lines += [
        "### ECDF of runtimes",
        "",
        "For each method, the fraction of all (run, target) pairs, over all "
        "functions, instances and repeats, reached after a given number of "
        "evaluations (divided by d), "
        "as in COCO's runtime ECDFs: higher and further left is better.",
        "",
    ]
    if not has_hits(r):
        return lines + [MISSING + " Rerun `benchmarks/bbob.py` to record them.", ""]
    for d in dims:
        path = img / f"bbob_ecdf_d{d}.png"
        ecdf_figure(r, d, path)
        rel = path.relative_to(page.parent).as_posix()
        lines += [f"![BBOB runtime ECDF, d = {d}]({rel})", ""]
    return lines


# ----------------------------------------------------------------------- page


def render(results: Path, out: Path, quick: bool) -> Path:
    """Write ``out/benchmarks.md`` and ``out/img/*.png``; return the page."""
    data = load(results, quick)
    page = out / "benchmarks.md"
    lines = [
        "# Benchmarks",
        "",
        "<!-- Generated by benchmarks/report.py from benchmarks/results/*.json; "
        "do not edit by hand. -->",
        "",
        "paramfit side by side with PINTS 0.6.1 and pycma. Ratios are "
        "paramfit / other: below 1 means paramfit is faster or needs fewer "
        "evaluations.",
        "",
    ]
    lines += run_section(data, quick)
    lines += overhead_section(data["overhead"])
    lines += controller_section(data["controller_overhead"])
    lines += seed_section(data["seed_evals"])
    lines += parallel_section(data["parallel"])
    lines += seed_runs_section(data["seed_runs"])
    lines += bbob_section(data["bbob"], out / "img", page)
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text("\n".join(lines).rstrip() + "\n", encoding="utf-8")
    return page


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="read *_quick.json")
    parser.add_argument("--results", type=Path, default=RESULTS)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    default = RESULTS / "report_quick" if args.quick else ROOT / "docs"
    print(f"wrote {render(args.results, args.out or default, args.quick)}")


if __name__ == "__main__":
    main()
