"""Import time of paramfit vs PINTS 0.6.1, side by side, in fresh processes.

Each measurement starts a new Python process that times one import
statement with ``time.perf_counter`` around it (the interpreter's own start
is not counted, and nothing is cached between measurements but the files
the operating system keeps in memory). The statements, interleaved within
every repeat so that changes in machine load hit them alike:

* ``import paramfit`` (what issue 14 asks to be at most 0.2 s);
* ``import pints``;
* ``import numpy``, for scale (every scientific library pays it);
* a PINTS-style optimisation script's first names, ``import paramfit`` then
  ``paramfit.OptimisationController``, ``paramfit.SumOfSquaresError``,
  ``paramfit.SingleOutputProblem`` and ``paramfit.CMAES``: paramfit imports
  its subpackages at the first use of their names, so this is what such a
  script pays in all;
* the same with ``pints``;
* whether ``import paramfit`` imported scipy (it must not: scipy is
  imported at first use).

Reported: the median and quartiles over the repeats, in seconds, and the
median of the per-repeat ratios paramfit / PINTS.

Run: ``python benchmarks/import_time.py [--quick] [--repeats 31]``
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

import _meta

RESULTS = Path(__file__).resolve().parent / "results"

_NAMES = "OptimisationController, SumOfSquaresError, SingleOutputProblem, CMAES"
#: label -> (statement timed, what it imports)
STATEMENTS: dict[str, str] = {
    "import paramfit": "import paramfit",
    "import pints": "import pints",
    "import numpy": "import numpy",
    "paramfit, first names": (
        "import paramfit\n" + "".join(f"paramfit.{n}\n" for n in _NAMES.split(", "))
    ),
    "pints, first names": (
        "import pints\n" + "".join(f"pints.{n}\n" for n in _NAMES.split(", "))
    ),
}

_TIMER = """
import time as _t
_start = _t.perf_counter()
{statement}
print(_t.perf_counter() - _start)
"""


def seconds(statement: str) -> float:
    """The time ``statement`` takes in a fresh interpreter."""
    code = _TIMER.format(statement=statement)
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    )
    return float(out.stdout.strip().splitlines()[-1])


def imports_scipy() -> bool:
    """Whether ``import paramfit`` alone puts scipy in ``sys.modules``."""
    code = (
        "import sys, paramfit\n"
        "print(any(m == 'scipy' or m.startswith('scipy.') for m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    )
    return out.stdout.strip() == "True"


def summary(times: list[float]) -> dict[str, float]:
    q1, median, q3 = statistics.quantiles(times, n=4, method="inclusive")
    return {"median_s": median, "q1_s": q1, "q3_s": q3, "min_s": min(times)}


def measure(repeats: int) -> dict[str, Any]:
    times: dict[str, list[float]] = {label: [] for label in STATEMENTS}
    labels = list(STATEMENTS)
    for _ in range(2):  # warm the operating system's file cache first
        for label in labels:
            seconds(STATEMENTS[label])
    for r in range(repeats):
        # Rotate the order, so that no statement always runs first.
        for label in labels[r % len(labels) :] + labels[: r % len(labels)]:
            times[label].append(seconds(STATEMENTS[label]))
    rows: dict[str, Any] = {label: summary(t) for label, t in times.items()}
    for ours, theirs in [
        ("import paramfit", "import pints"),
        ("paramfit, first names", "pints, first names"),
    ]:
        ratios = [a / b for a, b in zip(times[ours], times[theirs], strict=True)]
        rows[ours]["ratio_to_pints"] = statistics.median(ratios)
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    parser.add_argument("--repeats", type=int, default=None)
    args = parser.parse_args(argv)
    repeats = args.repeats or (7 if args.quick else 31)
    rows = measure(repeats)
    scipy = imports_scipy()
    print(f"Import time in fresh processes (median of {repeats} interleaved repeats)")
    print(f"{'statement':<24} {'median s':>9} {'q1 s':>8} {'q3 s':>8} {'/ PINTS':>8}")
    for label, r in rows.items():
        ratio = f"{r['ratio_to_pints']:>8.3f}" if "ratio_to_pints" in r else ""
        print(
            f"{label:<24} {r['median_s']:>9.4f} {r['q1_s']:>8.4f} {r['q3_s']:>8.4f}"
            f" {ratio}"
        )
    print(f"import paramfit imports scipy: {scipy}")
    results = {"repeats": repeats, "rows": rows, "paramfit_imports_scipy": scipy}
    _meta.write(RESULTS / "import_time.json", results, quick=args.quick)


if __name__ == "__main__":
    main()
