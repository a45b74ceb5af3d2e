"""``import paramfit`` imports almost nothing (issue 14, item 11): public
names are imported from their subpackages at first use, and scipy only when
a function needs it. Times are measured by ``benchmarks/import_time.py``;
these tests check the mechanism, not a time."""

from __future__ import annotations

import ast
import copy
import pickle
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import paramfit
from paramfit._util import LazyModule

INIT = Path(paramfit.__file__)


def modules_after(code: str) -> set[str]:
    """The modules loaded by ``code`` in a fresh interpreter."""
    out = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys\nprint(' '.join(sys.modules))"],
        check=True,
        capture_output=True,
        text=True,
    )
    return set(out.stdout.split())


def scipy_in(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if m == "scipy" or m.startswith("scipy."))


def test_import_paramfit_imports_no_scipy():
    assert scipy_in(modules_after("import paramfit")) == []


def test_optimising_and_scoring_import_no_scipy():
    """A PINTS-style fit with CMA-ES or xNES on a sum of squares needs no
    scipy until an update uses LAPACK; building everything does not."""
    code = (
        "import numpy as np, paramfit\n"
        "class M(paramfit.ForwardModel):\n"
        "    def n_parameters(self): return 2\n"
        "    def simulate(self, p, t): return p[0] + p[1] * t\n"
        "t = np.linspace(0, 1, 5)\n"
        "e = paramfit.SumOfSquaresError(paramfit.SingleOutputProblem(M(), t, t))\n"
        "c = paramfit.OptimisationController(e, [1, 1], method='xnes', rng=1)\n"
        "paramfit.GaussianLogPrior(0, 1)([0.5])\n"
        "paramfit.LogTransformation(2)\n"
        "e([1.0, 2.0])\n"
    )
    assert scipy_in(modules_after(code)) == []


def test_scipy_comes_at_first_use():
    modules = modules_after("import paramfit\nparamfit.noise.ar1(0.5, 1, 10, rng=1)")
    assert "scipy.signal" in modules


def _lazy_table() -> dict[str, str]:
    return paramfit._LAZY  # type: ignore[attr-defined, no-any-return]


def _type_checking_imports() -> dict[str, str]:
    """Name -> module of the imports in the TYPE_CHECKING block."""
    tree = ast.parse(INIT.read_text())
    block = next(
        node
        for node in tree.body
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING"
    )
    found = {}
    for node in block.body:
        if isinstance(node, ast.ImportFrom) and node.level:
            for alias in node.names:
                name = alias.asname or alias.name
                found[name] = "." + (node.module or alias.name)
    return found


def test_lazy_table_lists_what_type_checkers_see():
    assert _type_checking_imports() == _lazy_table()


def test_every_public_name_resolves_to_its_definition():
    for name in paramfit.__all__:
        value = getattr(paramfit, name)
        module = _lazy_table().get(name)
        if module is None:
            continue  # the version, set eagerly
        source = __import__(f"paramfit{module}", fromlist=["_"])
        assert value is (
            source if module.lstrip(".") == name else getattr(source, name)
        )
    assert "GaussianLogPrior" in dir(paramfit) and "noise" in dir(paramfit)


def test_unknown_names_raise_attribute_error():
    with pytest.raises(AttributeError, match="has no attribute 'NoSuchThing'"):
        paramfit.NoSuchThing  # noqa: B018
    assert not hasattr(paramfit, "NoSuchThing")
    from paramfit import GaussianLogPrior  # from-imports resolve lazily too

    assert GaussianLogPrior is paramfit.GaussianLogPrior


def test_pints_style_star_import_gets_every_name():
    namespace: dict[str, object] = {}
    exec("from paramfit import *", namespace)
    assert set(paramfit.__all__) <= set(namespace)


def test_lazy_module_imports_at_first_attribute_and_keeps_it():
    lazy = LazyModule("json")
    assert "dumps" not in vars(lazy)
    assert lazy.dumps([1]) == "[1]"
    assert "dumps" in vars(lazy)  # later lookups skip __getattr__
    with pytest.raises(AttributeError):
        lazy.no_such_function  # noqa: B018
    # Copies and pickles of objects holding one must not trigger imports.
    assert copy.copy(lazy)._name == "json"
    assert pickle.loads(pickle.dumps(lazy))._name == "json"
    assert repr(lazy) == "<lazily imported module 'json'>"


def test_lazily_imported_functions_give_the_same_values():
    import scipy.linalg
    import scipy.special

    q = np.array([-3.0, 0.2, 40.0])
    t = paramfit.LogitTransformation(3)
    np.testing.assert_array_equal(t.to_model(q), scipy.special.expit(q))
    m = np.array([[0.3, -0.2], [-0.2, 0.1]])
    from paramfit.optimisers._xnes import symmetric_expm

    np.testing.assert_allclose(symmetric_expm(m), scipy.linalg.expm(m), rtol=1e-13)
