"""Where and how a benchmark ran: recorded into every results JSON.

Each script in ``benchmarks/`` ends with ``_meta.write(path, results)``,
which adds a ``"meta"`` entry (date, command line, wall time, versions,
machine) so that ``benchmarks/report.py`` can say what produced each table.
Quick runs (``quick=True``, or ``BENCH_QUICK=1`` in the environment, as
``make bench-quick`` sets) go to ``<name>_quick.json``, so they never replace
the results of a full run.

Import this module first thing in a script: the wall time counts from then.
"""

from __future__ import annotations

import datetime
import importlib.metadata
import json
import os
import platform
import re
import sys
import time
from pathlib import Path
from typing import Any

_START = time.perf_counter()
_STARTED = datetime.datetime.now(datetime.timezone.utc)

#: Distribution names whose versions are recorded.
PACKAGES = ("paramfit", "numpy", "scipy", "pints", "cma", "coco-experiment", "emcee")

# A JSON list of scalars only (numbers, null, true, false), as indent=2 lays
# it out over many lines; put back on one line to keep the files short.
_SCALAR = r"(?:-?[0-9][0-9.eE+-]*|null|true|false|-?Infinity|NaN)"
_SCALAR_LIST = re.compile(rf"\[\s*{_SCALAR}(?:\s*,\s*{_SCALAR})*\s*\]")


def cpu_model() -> str:
    """The CPU model name from /proc/cpuinfo (Linux), else what platform says."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def versions() -> dict[str, str | None]:
    out: dict[str, str | None] = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            out[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            out[name] = None
    return out


def metadata() -> dict[str, Any]:
    """Everything about this run that is not a measurement."""
    return {
        "started": _STARTED.isoformat(timespec="seconds"),
        "finished": datetime.datetime.now(datetime.timezone.utc).isoformat(
            timespec="seconds"
        ),
        "wall_s": time.perf_counter() - _START,
        "command": [Path(sys.executable).name, *sys.argv],
        "versions": versions(),
        "machine": {
            "cpu": cpu_model(),
            "cpu_count": os.cpu_count(),
            "platform": platform.platform(),
            "load_average": list(os.getloadavg()),
        },
    }


def _one_line(match: re.Match[str]) -> str:
    items = match.group(0)[1:-1].split(",")  # scalars only: no commas inside
    return "[" + ", ".join(item.strip() for item in items) + "]"


def dumps(data: Any) -> str:
    """Indented JSON with every list of scalars kept on one line."""
    text = json.dumps(data, indent=2)
    return _SCALAR_LIST.sub(_one_line, text) + "\n"


def results_path(path: Path, quick: bool = False) -> Path:
    """``path``, or ``<stem>_quick.json`` beside it for a quick run."""
    if quick or os.environ.get("BENCH_QUICK", "") not in ("", "0"):
        return path.with_name(f"{path.stem}_quick{path.suffix}")
    return path


def write(path: Path, data: dict[str, Any], quick: bool = False) -> Path:
    """Write ``data`` plus a ``"meta"`` entry as JSON; return where it went."""
    path = results_path(Path(path), quick)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dumps({**data, "meta": metadata()}))
    return path
