"""benchmarks/report.py: the ECDF arithmetic and a page from synthetic results."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def load(name: str) -> ModuleType:
    """A script of benchmarks/ (not a package), without touching sys.path."""
    spec = importlib.util.spec_from_file_location(
        f"bench_{name}", BENCHMARKS / f"{name}.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_meta = load("_meta")
report = load("report")

META = {
    "started": "2025-01-01T10:00:00+00:00",
    "finished": "2025-01-01T10:01:00+00:00",
    "wall_s": 60.0,
    "command": ["python", "benchmarks/x.py"],
    "versions": {"python": "3.11.0", "paramfit": "0.1.0"},
    "machine": {
        "cpu": "Test CPU",
        "cpu_count": 2,
        "platform": "Linux",
        "load_average": [0.1, 0.2, 0.3],
    },
}


def test_ecdf_fractions() -> None:
    # 2 problems x 3 targets = 6 triples; d = 2, so x = 5 means 10 evaluations.
    hits = [[4, 10, None], [12, None, None]]
    x = np.array([1.0, 2.0, 5.0, 6.0, 100.0])
    assert report.ecdf(hits, 2, x) == pytest.approx([0, 1 / 6, 2 / 6, 3 / 6, 3 / 6])
    assert report.ecdf([], 2, x) == pytest.approx(np.zeros(5))


def test_dumps_keeps_scalar_lists_on_one_line() -> None:
    text = _meta.dumps({"a": [1, None, 2.5], "b": [[1, 2], ["x, y"]]})
    assert '"a": [1, null, 2.5]' in text
    assert "[1, 2]" in text
    assert json.loads(text) == {"a": [1, None, 2.5], "b": [[1, 2], ["x, y"]]}


def test_paired_difference_by_hand() -> None:
    # 3 (function, instance) pairs x 2 repeats, runs of a pair side by side.
    method = [0.5, 0.7, 0.4, 0.4, 0.9, 0.7]
    reference = [0.4, 0.6, 0.1, 0.3, 0.4, 0.6]
    # Per-run differences 0.1 0.1 | 0.3 0.1 | 0.5 0.1: pair means 0.1, 0.2, 0.3,
    # mean 0.2, sd 0.1; t(0.975, 2 dof) = 4.302653 gives 0.2 -+ 0.1 * 4.302653
    # / sqrt(3) = 0.2 -+ 0.248414.
    out = report.paired_difference(method, reference, repeats=2)
    assert out["mean_difference"] == pytest.approx(0.2)
    assert out["ci95"] == pytest.approx([0.2 - 0.248414, 0.2 + 0.248414], abs=1e-6)
    assert out["pairs"] == 3
    # Swapping the methods flips the sign; one pair has no interval.
    swapped = report.paired_difference(reference, method, repeats=2)
    assert swapped["ci95"] == pytest.approx([-0.448414, 0.048414], abs=1e-6)
    assert report.paired_difference([0.3, 0.5], [0.2, 0.2], 2) == {
        "mean_difference": pytest.approx(0.2),
        "ci95": None,
        "pairs": 1,
    }
    with pytest.raises(ValueError, match="pairs of 2"):
        report.paired_difference([0.1, 0.2, 0.3], [0.0, 0.0, 0.0], 2)


def bbob() -> dict[str, Any]:
    """One instance, two repeats: two runs per method, each with two targets."""

    def cell(hits: list[list[int | None]]) -> dict[str, Any]:
        fractions = [sum(h is not None for h in run) / len(run) for run in hits]
        return {
            "fraction": sum(fractions) / len(fractions),
            "solved": 1,
            "runs": 2,
            "cpu_s": 1.0,
            "run_fractions": fractions,
            "hits": hits,
        }

    single = {"paramfit CMAES": {"2": cell([[3, None], [1, 2]])}}
    single["PINTS XNES"] = {"2": cell([[None, None], [5, 9]])}
    restarts = {"pycma BIPOP": {"2": cell([[1, 1], [2, 40]])}}
    comparison = {"group": "single", "method": "paramfit CMAES"}
    comparison.update(reference="PINTS XNES", d=2, pairs=24)
    comparison.update(mean_difference=0.0123, ci95=[-0.0201, 0.0447])
    return {
        "dims": [2],
        "instances": [1],
        "repeats": 2,
        "runs": 48,
        "budget_per_d": {"single": 1000, "restarts": 2000},
        "single": single,
        "restarts": restarts,
        "comparisons": [comparison],
    }


def seed_runs() -> dict[str, Any]:
    def row(library: str, variant: str, iterations: int, ms: float) -> dict[str, Any]:
        return {
            "method": "CMA-ES",
            "library": library,
            "variant": variant,
            "iterations": iterations,
            "f_best": 103215.57,
            "cpu_ms": ms,
            "cpu_us_per_iteration": 1e3 * ms / iterations,
            "cpu_ratio": (ms / iterations) / (400.0 / 500),
            "wall_ms": ms + 1,
        }

    rows = [
        row("paramfit", "loop", 500, 200.0),
        row("paramfit", "batch", 500, 160.0),
        row("paramfit", "controller", 250, 100.0),
        row("pints", "loop", 500, 400.0),
    ]
    return {"iterations": 500, "repeats": 3, "quick": False, "rows": rows}


def synthetic() -> dict[str, dict[str, Any]]:
    overhead = {"repeats": 3, "generations": 10}
    overhead["2"] = {
        "xNES": {"paramfit_us": 1.0, "pints_us": 2.0, "ratio": 0.5},
        "CMA-ES": {"paramfit_us": 1.0, "pints_us": 4.0, "ratio": 0.25},
    }
    overhead["2"]["CMA-ES"].update(pycma_us=3.0, ratio_pycma=0.33)
    side = {f"{k}_ratio": 0.9 for k in ("controller", "quiet")}
    direct = {"controller_overhead": 0.01, "quiet_overhead": 0.0}
    controller = {
        "repeats": 3,
        "iterations": 500,
        "results": {
            "cpu": {
                lib: {"bare_median_s": 0.1, **side} for lib in ("paramfit", "pints")
            },
            "wall": {lib: dict(side) for lib in ("paramfit", "pints")},
            "direct": {lib: dict(direct) for lib in ("paramfit", "pints")},
        },
    }
    seeds = {"seeds": 2, "budget": 5000}
    seeds["paramfit CMAES"] = {"mean_to_min": 10, "mean_to_true": 8, "failures": 0}
    row = {"measure": "dispatch", "unit": "ms", "paramfit": 0.1, "pints": None}
    parallel = {"quick": False, "load_average": [0.5, 0.5, 0.5], "rows": [row]}
    parallel["rows"][0]["target"] = ""
    data = {
        "overhead": overhead,
        "controller_overhead": controller,
        "seed_evals": seeds,
        "parallel": parallel,
        "bbob": bbob(),
        "seed_runs": seed_runs(),
    }
    return {k: {**v, "meta": META} for k, v in data.items()}


def test_report_renders_every_section(tmp_path: Path) -> None:
    results = tmp_path / "results"
    results.mkdir()
    for name, data in synthetic().items():
        (results / f"{name}.json").write_text(json.dumps(data))
    page = report.render(results, tmp_path / "out", quick=False)
    text = page.read_text()
    for heading in (
        "## How these numbers were produced",
        "## Optimiser overhead per generation",
        "## Controller overhead",
        "## Evaluations on the seed problem",
        "## Parallel and vectorised evaluation",
        "## The seed problem end to end",
        "## BBOB f1–f24",
        "### Single runs",
        "### With restarts",
        "### Paired comparisons",
    ):
        assert heading in text
    assert "Test CPU" in text and "`make bench`" in text and "7 min 00 s" not in text
    assert "6 min 00 s" in text  # six scripts of 60 s each
    assert "`seed_runs.py`" in text
    assert "| xNES | 2 | 1.0 | 2.0 | 0.50 | – | – |" in text
    assert "| CMA-ES | 2 | 1.0 | 4.0 | 0.25 | 3.0 | 0.33 |" in text
    assert "0.750 (1/2)" in text and "0.500 (1/2)" in text
    assert "2 runs per (function, instance), 48 per method and dimension" in text
    assert "| paramfit CMAES | PINTS XNES | 2 | +0.012 | [-0.020, +0.045] |" in text
    assert (
        "| CMA-ES | paramfit | ask/tell, `evaluate_batch` | 500 | 103215.57 "
        "| 160.0 | 320.0 | 0.40 | 161.0 |"
    ) in text
    assert "| CMA-ES | pints | ask/tell, point by point | 500 |" in text
    assert "| 400.0 | 800.0 | 1.00 | 401.0 |" in text
    assert "`stop()`: paramfit CMA-ES (controller, 250)." in text
    assert "`--quick` numbers" not in text.split("## The seed problem end")[1]
    assert "![BBOB runtime ECDF, d = 2](img/bbob_ecdf_d2.png)" in text
    assert (tmp_path / "out" / "img" / "bbob_ecdf_d2.png").stat().st_size > 0
    assert "```python" not in text  # nothing for tests/test_docs.py to run


def test_report_copes_with_missing_files_and_fields(tmp_path: Path) -> None:
    # bbob.py results from before --repeats: one run per (function, instance)
    # counted as "pairs", no run fractions or comparisons, here no hits either.
    results = tmp_path / "results"
    results.mkdir()
    old = bbob()
    for key in ("repeats", "runs", "comparisons"):
        del old[key]
    for group in ("single", "restarts"):
        for by_d in old[group].values():
            cell = by_d["2"]
            cell["pairs"] = cell.pop("runs")
            del cell["hits"], cell["run_fractions"]
    (results / "bbob_quick.json").write_text(json.dumps(old))
    text = report.render(results, tmp_path / "out", quick=True).read_text()
    assert "No run metadata" in text
    assert "1 run per (function, instance), 24 per method and dimension" in text
    assert "0.750 (1/2)" in text
    # Five files missing, no comparisons, no ECDF data.
    assert text.count(report.MISSING) == 7
    assert not (tmp_path / "out" / "img").exists()
