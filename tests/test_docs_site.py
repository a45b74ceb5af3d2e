"""The documentation site and the repository around it: the example notebooks
run under the kernel they name and are pages of the site, ``make
docs-serve`` exists and is documented, and nothing points outside the
repository."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "examples").glob("*.ipynb"))


def hook() -> ModuleType:
    """The MkDocs hook that adds the notebooks to the site."""
    mkdocs = pytest.importorskip("mkdocs")
    del mkdocs
    path = ROOT / "docs" / "hooks" / "notebooks.py"
    spec = importlib.util.spec_from_file_location("notebooks_hook", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_examples_found() -> None:
    names = {p.name for p in NOTEBOOKS}
    assert {"optimisation-ask-and-tell.ipynb", "optimisation-controller.ipynb"} <= names


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_names_an_installed_python3_kernel(notebook: Path) -> None:
    """``jupyter nbconvert --execute`` (or Jupyter) starts the kernel the
    notebook names: it must be the standard ``python3``, which every
    installation of ipykernel provides."""
    from jupyter_client.kernelspec import KernelSpecManager

    metadata = json.loads(notebook.read_text(encoding="utf-8"))["metadata"]
    kernel = metadata["kernelspec"]
    assert (kernel["name"], kernel["language"]) == ("python3", "python")
    assert kernel["display_name"] == "Python 3"
    assert metadata["language_info"]["name"] == "python"
    assert "python3" in KernelSpecManager().find_kernel_specs()


def test_every_notebook_is_a_page_of_the_examples_section() -> None:
    module = hook()
    nav = [
        "index.md",
        {"Concepts": ["a.md"]},
        {"Examples": ["stale.ipynb"]},
        {"Architecture": "architecture.md"},
    ]
    config = module.on_config(SimpleNamespace(nav=nav))
    titles = [next(iter(e)) if isinstance(e, dict) else e for e in config.nav]
    assert titles == ["index.md", "Concepts", "Examples", "Architecture"]
    pages = config.nav[2]["Examples"]
    assert pages == [f"examples/{p.name}" for p in NOTEBOOKS]
    # Without a "Concepts" section the examples go last.
    config = module.on_config(SimpleNamespace(nav=["index.md"]))
    assert config.nav[-1] == {"Examples": pages}


def test_the_hook_adds_the_notebooks_to_the_files(tmp_path: Path) -> None:
    from mkdocs.structure.files import Files

    module = hook()
    config = SimpleNamespace(site_dir=str(tmp_path), use_directory_urls=True)
    files = module.on_files(Files([]), config)
    added = {f.src_uri: f for f in files}
    assert sorted(added) == [f"examples/{p.name}" for p in NOTEBOOKS]
    for path in NOTEBOOKS:
        assert Path(added[f"examples/{path.name}"].abs_src_path) == path


def test_the_notebooks_kernel_is_this_python_quiet_and_inline(
    monkeypatch: Any,
) -> None:
    """The kernel spec the hook makes: this Python, figures inline whatever
    ``MPLBACKEND`` the build has, and no warnings on stderr."""
    from jupyter_client.kernelspec import KernelSpecManager

    module = hook()
    monkeypatch.setenv("JUPYTER_PATH", "/elsewhere")
    root = module.kernel_spec()
    try:
        assert os.environ["JUPYTER_PATH"] == os.pathsep.join([str(root), "/elsewhere"])
        spec = KernelSpecManager().get_kernel_spec(module.KERNEL)
        assert spec.argv[0] == sys.executable
        assert "--IPKernelApp.log_level=ERROR" in spec.argv
        assert spec.env["MPLBACKEND"] == "module://matplotlib_inline.backend_inline"
    finally:
        shutil.rmtree(root)


def test_mkdocs_runs_the_notebooks_and_the_extras_install_the_plugin() -> None:
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "docs/hooks/notebooks.py" in text
    plugin = text.split("- mkdocs-jupyter:")[1].split("\n  - ")[0]
    for setting in (
        "execute: true",
        "kernel_name: paramfit-docs",
        "allow_errors: false",
    ):
        assert setting in plugin
    if sys.version_info >= (3, 11):
        import tomllib

        project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
        extras = project["optional-dependencies"]
        for extra in ("docs", "dev"):
            assert any(r.startswith("mkdocs-jupyter") for r in extras[extra]), extra


def test_make_docs_serve_is_a_target_and_documented() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^docs-serve: \$\(STAMP\)\n\t.*mkdocs serve", makefile, re.M)
    assert "docs-serve" in re.search(r"^\.PHONY:.*$", makefile, re.M)[0]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = readme.split("```sh")[1].split("```")[0]
    for target in ("make demo", "make test", "make docs-serve"):
        assert target in commands
    make = subprocess.run(
        ["make", "-n", "docs-serve"], cwd=ROOT, capture_output=True, text=True
    )
    assert make.returncode == 0 and "mkdocs serve" in make.stdout


# Markdown links ``[text](target)`` and HTML ``href``/``src`` attributes.
_LINK = re.compile(r"\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)|(?:href|src)=\"([^\"]+)\"")


def _tracked_text_files() -> list[Path]:
    try:
        out = subprocess.run(
            ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    suffixes = {".md", ".ipynb", ".py", ".toml", ".yml", ".yaml", ".cfg", ".txt"}
    names = [n for n in out.decode().split("\0") if n]
    return [ROOT / n for n in names if Path(n).suffix in suffixes or n == "Makefile"]


def test_nothing_points_outside_the_repository() -> None:
    """Relative links and paths in tracked files stay inside the repository
    and name files that exist (web addresses are fine)."""
    bad = []
    for path in _tracked_text_files():
        text = path.read_text(encoding="utf-8", errors="replace")
        for match in _LINK.finditer(text):
            target = (match.group(1) or match.group(2)).split("#")[0]
            if not target or re.match(r"^[a-z][a-z0-9+.-]*:", target):
                continue  # an anchor, or a URL (https:, mailto:, data:)
            if "{" in target or target.startswith("/"):
                continue  # a template, or a site-absolute path
            where = (path.parent / target).resolve()
            if ROOT not in where.parents and where != ROOT:
                bad.append(f"{path.relative_to(ROOT)}: {target} (outside)")
        for found in re.findall(r"(?<![\w.])\.\./(?:\.\./)*shared/\S*", text):
            bad.append(f"{path.relative_to(ROOT)}: {found}")
    assert not bad, "\n".join(bad)


def test_relative_links_in_readme_and_docs_exist() -> None:
    """Links between the README and the pages resolve (pages link to the
    example notebooks where the site puts them: ``docs/examples/``)."""
    docs = ROOT / "docs"
    missing = []
    for page in [ROOT / "README.md", *sorted(docs.rglob("*.md"))]:
        for match in _LINK.finditer(page.read_text(encoding="utf-8")):
            target = (match.group(1) or match.group(2) or "").split("#")[0]
            if not target or re.match(r"^[a-z][a-z0-9+.-]*:", target):
                continue
            where = (page.parent / target).resolve()
            if (docs / "examples") in where.parents:
                where = ROOT / "examples" / where.relative_to(docs / "examples")
            if not where.exists():
                missing.append(f"{page.relative_to(ROOT)}: {target}")
    assert not missing, "\n".join(missing)


def _have_site_tools() -> bool:
    needed = ("mkdocs", "mkdocs_jupyter", "mkdocstrings", "material", "nbconvert")
    try:
        return all(importlib.util.find_spec(m) is not None for m in needed)
    except ModuleNotFoundError:
        return False


@pytest.mark.slow
@pytest.mark.skipif(not _have_site_tools(), reason="needs the docs extra")
def test_site_has_the_executed_notebooks(tmp_path: Path) -> None:
    """The built site has one page per notebook, with the outputs of its run
    (figures where it draws them) and no error."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q"]
        + ["-f", str(ROOT / "mkdocs.yml"), "-d", str(tmp_path / "site")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for notebook in NOTEBOOKS:
        page = tmp_path / "site" / "examples" / notebook.stem / "index.html"
        text = page.read_text(encoding="utf-8")
        source = json.loads(notebook.read_text(encoding="utf-8"))
        draws = any(
            "plt." in "".join(c["source"]) or "plot." in "".join(c["source"])
            for c in source["cells"]
            if c["cell_type"] == "code"
        )
        assert "jp-OutputArea-output" in text, notebook.name
        figures = re.findall(r'<img [^>]*src="data:image/png;base64,', text)
        assert figures or not draws, notebook.name
        assert "Traceback" not in text, notebook.name
