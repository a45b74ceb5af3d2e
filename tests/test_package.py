"""Packaging promises: no oracle imports, no `pints` alias, real submodules."""

import re
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "paramfit"


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
