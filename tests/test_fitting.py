"""Tests of :func:`paramfit.optimise`, :func:`paramfit.fmin` and
:func:`paramfit.curve_fit`."""

from __future__ import annotations

import contextlib
import io
from typing import Any

import numpy as np
import pytest
from controller_twins import (
    SIGMA0,
    X0,
    Quadratic,
    Search,
    seeded_global_state,  # noqa: F401 (autouse fixture)
)

import paramfit


def shifted_square(x: Any, a: float = 0.0) -> float:
    return float((x[0] - 1) ** 2 + (x[1] - a) ** 2)


def quadratic_curve(x: Any, a: float, b: float, c: float) -> Any:
    return a + b * x + c * x**2


def test_optimise_uses_controller_defaults():
    with contextlib.redirect_stdout(io.StringIO()) as out:
        x, f = paramfit.optimise(Quadratic(), X0, SIGMA0, method=Search)
    np.testing.assert_allclose(x, [3.3, -1.7], atol=1e-5)
    assert "No significant change in best function evaluation for 200" in out.getvalue()


@pytest.mark.parametrize("parallel", [False, 2])
def test_fmin(parallel, capsys):
    x, f = paramfit.fmin(
        shifted_square, [0, 0], args=[2], max_iter=150, parallel=parallel
    )
    np.testing.assert_allclose(x, [1, 2], atol=1e-3)
    assert f < 1e-6 and capsys.readouterr().out == ""
    x, f = paramfit.fmin(
        shifted_square,
        [0.5, 0.5],
        boundaries=([0, -1], [0.8, 3]),
        threshold=0.045,
        verbose=True,
        method=paramfit.XNES,
    )
    assert x[0] <= 0.8 and "Halting:" in capsys.readouterr().out
    with pytest.raises(ValueError, match="The argument `f` must be callable."):
        paramfit.fmin(3, [0, 0])


def test_curve_fit():
    xs = np.linspace(-5, 5, 50)
    ys = quadratic_curve(xs, 1, 2, 3)
    p, mse = paramfit.curve_fit(
        quadratic_curve, xs, ys, [0, 0, 0], threshold=1e-7, max_iter=400
    )
    np.testing.assert_allclose(p, [1, 2, 3], atol=1e-3)
    assert mse < 1e-6
    with pytest.raises(ValueError, match="first dimension of `x` and `y` must be"):
        paramfit.curve_fit(quadratic_curve, xs, ys[:-1], [0, 0, 0])
    with pytest.raises(ValueError, match="The argument `f` must be callable."):
        paramfit.curve_fit(None, xs, ys, [0, 0, 0])
