"""MkDocs hook: the example notebooks (``examples/*.ipynb``) become the pages
of the site's "Examples" section, each executed by mkdocs-jupyter when the
site is built and titled by its first heading.

Every notebook in ``examples/`` is included, in alphabetical order, so a new
notebook needs no change to ``mkdocs.yml``. The notebooks stay where the
tests and Jupyter users find them; this hook only adds them to the site's
files (as ``examples/<name>/``) and to the navigation, after "Concepts".

They run on the kernel ``paramfit-docs`` (``kernel_name`` in ``mkdocs.yml``),
whatever kernel their metadata names: this Python (the one building the
site, with paramfit as installed), with figures inline whatever
``MPLBACKEND`` says (``make test-slow`` sets ``Agg``, which would leave
them out of the pages), and quiet (ipykernel warns on stderr that its local
connection is unencrypted, which would read as a warning of the build). The
hook writes its kernel spec to a temporary directory on ``JUPYTER_PATH``.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
SECTION = "Examples"
#: The kernel the notebooks run on (see the module's notes).
KERNEL = "paramfit-docs"
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"
_kernel_dirs: list[Path] = []


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
    """Make the kernel spec the notebooks run on (once per process)."""
    if not _kernel_dirs:
        _kernel_dirs.append(kernel_spec())


def kernel_spec() -> Path:
    """Write the kernel spec `KERNEL` to a new temporary directory (removed
    at exit), put it first on ``JUPYTER_PATH`` and return it."""
    root = Path(tempfile.mkdtemp(prefix="paramfit-docs-kernel-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    spec = root / "kernels" / KERNEL
    spec.mkdir(parents=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    kernel = {
        "argv": [*argv, "--IPKernelApp.log_level=ERROR"],
        "display_name": "Python 3 (paramfit docs)",
        "language": "python",
        "env": {"MPLBACKEND": INLINE_BACKEND},
    }
    (spec / "kernel.json").write_text(json.dumps(kernel), encoding="utf-8")
    paths = [str(root), os.environ.get("JUPYTER_PATH", "")]
    os.environ["JUPYTER_PATH"] = os.pathsep.join(p for p in paths if p)
    return root


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
