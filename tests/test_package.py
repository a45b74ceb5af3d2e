"""Packaging promises: no oracle imports, no `pints` alias, real submodules;
and the tests never mistake PINTS (installed as the oracle) for paramfit."""

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
SRC = TESTS.parent / "src" / "paramfit"


def test_src_never_imports_an_oracle():
    pattern = re.compile(r"^\s*(import|from)\s+(pints|cma|cocoex)\b", re.MULTILINE)
    offenders = [p for p in SRC.rglob("*.py") if pattern.search(p.read_text())]
    assert offenders == []


def test_importing_paramfit_never_registers_pints():
    code = (
        "import sys, paramfit, paramfit.toy, paramfit.noise, paramfit.io, "
        "paramfit.plot\n"
        "assert not any(m == 'pints' or m.startswith('pints.') for m in sys.modules)"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_typed_package():
    assert (SRC / "py.typed").exists()


def oracle_mix_ups(source: str) -> list[str]:
    """Imports that would let a test meant for paramfit use PINTS: PINTS (or
    a part of it, e.g. ``pints.toy``) bound to a name not saying ``pints``
    (``from pints import toy``), or another module bound to ``pints`` (``import
    paramfit as pints``: a later ``import pints.toy`` rebinds it to PINTS)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            pairs = [(a.name, a.asname or a.name.split(".")[0]) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            pairs = [
                (f"{node.module}.{a.name}", a.asname or a.name) for a in node.names
            ]
        else:
            continue
        for module, name in pairs:
            from_pints = module.split(".")[0] == "pints"
            says_pints = name.startswith("pints") or name == "oracle"
            if from_pints != says_pints:
                found.append(f"line {node.lineno}: {module} as {name}")
    return found


@pytest.mark.parametrize(
    "source, bad",
    [
        ("import pints\nimport pints.toy\nimport paramfit.toy as toy", False),
        ("import pints.toy.stochastic as pints_stochastic", False),
        ("def f():\n    import pints as oracle", False),
        ("import pints.toy as toy", True),
        ("from pints import toy", True),
        ("from pints.toy import LogisticModel", True),
        ("import paramfit as pints", True),
    ],
)
def test_oracle_mix_up_detector(source, bad):
    assert bool(oracle_mix_ups(source)) is bad


def test_tests_never_import_pints_under_another_name():
    found = {
        path.name: oracle_mix_ups(path.read_text(encoding="utf-8"))
        for path in sorted(TESTS.glob("*.py"))
    }
    assert {name: bad for name, bad in found.items() if bad} == {}
