"""MkDocs hook: the example notebooks (``examples/*.ipynb``) become the pages
of the site's "Examples" section, each executed by mkdocs-jupyter when the
site is built and titled by its first heading.

Every notebook in ``examples/`` is included, in alphabetical order, so a new
notebook needs no change to ``mkdocs.yml``. The notebooks stay where the
tests and Jupyter users find them; this hook only adds them to the site's
files (as ``examples/<name>/``) and to the navigation, after "Concepts".
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
SECTION = "Examples"
#: The notebooks' kernels inherit the environment: a non-interactive backend
#: there (``MPLBACKEND=Agg``, as ``make test-slow`` sets) would leave their
#: figures out of the pages.
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"


def notebooks() -> list[Path]:
    """The example notebooks, in alphabetical order."""
    return sorted(EXAMPLES.glob("*.ipynb"))


def on_config(config: Any) -> Any:
    """Add the "Examples" section to the navigation, after "Concepts" (or
    at the end), replacing any section of that name."""
    pages = [f"examples/{path.name}" for path in notebooks()]
    nav = [
        entry
        for entry in (config.nav or [])
        if not (isinstance(entry, dict) and SECTION in entry)
    ]
    titles = [next(iter(e)) if isinstance(e, dict) else None for e in nav]
    at = titles.index("Concepts") + 1 if "Concepts" in titles else len(nav)
    nav.insert(at, {SECTION: pages})
    config.nav = nav
    return config


def on_pre_build(config: Any) -> None:
    """Show the notebooks' figures inline, whatever ``MPLBACKEND`` says."""
    os.environ["MPLBACKEND"] = INLINE_BACKEND


# Before mkdocs-jupyter's on_files, which turns notebook files into pages.
@event_priority(100)
def on_files(files: Files, config: Any) -> Files:
    """Add the notebooks to the site's files."""
    for path in notebooks():
        files.append(
            File(
                f"examples/{path.name}",
                src_dir=str(ROOT),
                dest_dir=config.site_dir,
                use_directory_urls=config.use_directory_urls,
            )
        )
    return files
