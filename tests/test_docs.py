"""The documentation under ``docs/``: its code runs and the site builds cleanly.

Which code blocks run
---------------------
Every fenced block opened with exactly ```` ```python ```` in a page directly
under ``docs/`` is executed, unless the line right before it is the marker
``<!-- no-run -->`` (for code that needs what a test cannot have, such as a
cluster). The runnable blocks of one page are joined, in order, into one
script, which runs in a fresh interpreter (``MPLBACKEND=Agg``, a temporary
working directory, a timeout), so later blocks may use names from earlier
ones. Blocks with any other info string (```` ```text ````, ```` ```sh ````)
are shown but never run. The API pages (``docs/api/``) hold only mkdocstrings
directives and are checked by the build test.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
PAGES = sorted(DOCS.glob("*.md"))
NO_RUN = "<!-- no-run -->"
# A guard against hangs, not a budget: each page takes seconds on an idle
# machine, but the machine may be shared.
TIMEOUT = 180

_FENCE = re.compile(r"^```(\S*)\s*$")


def runnable_blocks(text: str) -> list[str]:
    """The runnable ```` ```python ```` blocks of a markdown page, in order."""
    blocks: list[str] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        match = _FENCE.match(lines[i])
        if match is None:
            i += 1
            continue
        info = match.group(1)
        skip = i > 0 and lines[i - 1].strip() == NO_RUN
        body: list[str] = []
        i += 1
        while i < len(lines) and lines[i].rstrip() != "```":
            body.append(lines[i])
            i += 1
        if i == len(lines):
            raise ValueError(f"Unclosed code fence ({info or 'no language'}).")
        i += 1
        if info == "python" and not skip:
            blocks.append("\n".join(body))
    return blocks


def test_runnable_blocks_parser() -> None:
    text = "\n".join(
        [
            "```python",
            "a = 1",
            "```",
            "```text",
            "not code",
            "```",
            NO_RUN,
            "```python",
            "raise SystemExit(1)",
            "```",
            "```python",
            "b = a + 1",
            "```",
        ]
    )
    assert runnable_blocks(text) == ["a = 1", "b = a + 1"]


#: Pages with code to run (pages of prose and tables only, such as the
#: generated benchmarks page, have nothing to execute).
RUNNABLE = [p for p in PAGES if runnable_blocks(p.read_text(encoding="utf-8"))]


def test_pages_found() -> None:
    names = {p.name for p in PAGES}
    assert {"index.md", "getting-started.md", "coming-from-pints.md"} <= names
    runnable = {p.name for p in RUNNABLE}
    assert {"index.md", "getting-started.md", "coming-from-pints.md"} <= runnable


@pytest.mark.parametrize("page", RUNNABLE, ids=[p.stem for p in RUNNABLE])
def test_page_code_runs(page: Path, tmp_path: Path) -> None:
    blocks = runnable_blocks(page.read_text(encoding="utf-8"))
    script = tmp_path / f"{page.stem}.py"
    script.write_text("\n\n".join(blocks) + "\n", encoding="utf-8")
    env = dict(os.environ, MPLBACKEND="Agg", PYTHONHASHSEED="0")
    try:
        proc = subprocess.run(
            [sys.executable, str(script)],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
        )
    except subprocess.TimeoutExpired as e:
        pytest.fail(
            f"Code in docs/{page.name} did not finish in {TIMEOUT} s; output so "
            f"far:\n{e.stdout!r}\n{e.stderr!r}"
        )
    assert proc.returncode == 0, (
        f"Code in docs/{page.name} failed:\n{proc.stdout[-3000:]}\n{proc.stderr}"
    )


def test_api_reference_covers_public_names() -> None:
    import paramfit

    documented = set()
    for page in (DOCS / "api").glob("*.md"):
        text = page.read_text(encoding="utf-8")
        documented |= set(re.findall(r"^::: paramfit\.(\w+)\s*$", text, re.M))
    public = {name for name in paramfit.__all__ if not name.startswith("__")}
    missing = sorted(public - documented)
    assert not missing, (
        f"Public names without an API entry: {missing}. Add a line "
        "'::: paramfit.<name>' to the matching page in docs/api/."
    )


def _have_mkdocs() -> bool:
    needed = ("mkdocs", "mkdocstrings", "mkdocstrings_handlers.python", "material")
    try:
        return all(importlib.util.find_spec(m) is not None for m in needed)
    except ModuleNotFoundError:
        return False


@pytest.mark.slow
@pytest.mark.skipif(
    not _have_mkdocs(),
    reason="mkdocs, mkdocs-material or mkdocstrings[python] is not installed "
    "(pip install -e '.[docs]')",
)
def test_site_builds_without_warnings(tmp_path: Path) -> None:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q"]
        + ["-f", str(ROOT / "mkdocs.yml"), "-d", str(tmp_path / "site")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    output = proc.stdout + proc.stderr
    warnings = [line for line in output.splitlines() if "WARNING" in line]
    assert proc.returncode == 0 and not warnings, output
    assert (tmp_path / "site" / "index.html").is_file()
    assert (tmp_path / "site" / "api" / "optimisers" / "index.html").is_file()
