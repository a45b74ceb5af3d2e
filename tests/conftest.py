"""Shared fixtures: the optimiser registry that the contract, invariance and
convergence layers run over (DESIGN §7). A new optimiser adds one line."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import paramfit

#: Population-based, derivative-free optimisers whose ask() respects boundaries.
POPULATION_OPTIMISERS = [
    paramfit.XNES,
    paramfit.SNES,
    paramfit.PSO,
    paramfit.CMAES,
    paramfit.BareCMAES,
    paramfit.IPOP,
    paramfit.BIPOP,
    paramfit.MultiStart,
]


@pytest.fixture(params=POPULATION_OPTIMISERS, ids=lambda c: c.__name__)
def population_optimiser(request: pytest.FixtureRequest) -> type:
    return request.param


#: Deterministic single-point methods: gradient methods (``tell([(f, df)])``)
#: and Nelder-Mead (a simplex, then one or two points per step).
LOCAL_OPTIMISERS = [
    paramfit.NelderMead,
    paramfit.Adam,
    paramfit.IRPropMin,
    paramfit.GradientDescent,
]


@pytest.fixture(params=LOCAL_OPTIMISERS, ids=lambda c: c.__name__)
def local_optimiser(request: pytest.FixtureRequest) -> type:
    return request.param


def reply(opt: paramfit.Optimiser, xs: Any, f: Any = None) -> list[Any]:
    """What ``opt.tell`` expects for the points ``xs`` it asked for: scores,
    or ``(f, df)`` pairs for methods that need sensitivities. ``f`` maps a
    point to ``(f, df)``; by default :func:`sphere_s1`."""
    f = sphere_s1 if f is None else f
    pairs = [f(x) for x in xs]
    return pairs if opt.needs_sensitivities() else [p[0] for p in pairs]


def sphere(x: np.ndarray) -> float:
    """Module-level (picklable) test objective with its minimum at 1."""
    return float(np.sum((np.asarray(x) - 1.0) ** 2))


def sphere_s1(x: np.ndarray) -> tuple[float, np.ndarray]:
    """:func:`sphere` and its gradient."""
    x = np.asarray(x)
    return float(np.sum((x - 1.0) ** 2)), 2.0 * (x - 1.0)


def rosenbrock_s1(x: np.ndarray) -> tuple[float, np.ndarray]:
    """Rosenbrock's function (minimum at [1, 1]) and its gradient."""
    a, b = x
    f = (1 - a) ** 2 + 100 * (b - a * a) ** 2
    return float(f), np.array([-2 * (1 - a) - 400 * a * (b - a * a), 200 * (b - a * a)])


def assert_same_trajectory(theirs: Any, ours: Any, f: Any, steps: int) -> None:
    """Run ``theirs`` (PINTS) and ``ours`` side by side, each scoring its own
    points with ``f`` (``x -> (f, df)``, or ``x -> f`` for derivative-free
    methods), and require every ``ask()`` output and every best and guessed
    value to be identical, bit for bit."""
    for step in range(steps):
        a, b = theirs.ask(), ours.ask()
        assert type(a) is type(b) and len(a) == len(b), step
        np.testing.assert_array_equal(np.asarray(a), np.asarray(b), err_msg=str(step))
        theirs.tell([f(x) for x in a])
        ours.tell([f(x) for x in b])
        for m in ("x_best", "x_guessed"):
            x_a, x_b = getattr(theirs, m)(), getattr(ours, m)()
            np.testing.assert_array_equal(x_a, x_b, err_msg=f"{m} at {step}")
        for m in ("f_best", "f_guessed"):
            assert getattr(theirs, m)() == getattr(ours, m)(), f"{m} at {step}"
