"""Whole generations outside non-rectangular boundaries: every optimiser
responds in a bounded way (redraw, contract towards the best feasible point,
and at last a `stop()` message), and from a start with a feasible
neighbourhood it always finds feasible points, by ask/tell and through the
controller."""

from __future__ import annotations

import re
import warnings

import numpy as np
import pytest

import paramfit
from paramfit.optimisers._base import MAX_EMPTY_GENERATIONS

OUTSIDE = ".* outside the boundaries"
GAVE_UP = (
    r"^No proposal inside the boundaries after \d+ tries; the step size is "
    r"large relative to the feasible region: pass a smaller sigma0\.$"
)

METHODS = [
    paramfit.CMAES,
    paramfit.BareCMAES,
    paramfit.XNES,
    paramfit.SNES,
    paramfit.PSO,
    paramfit.NelderMead,
    paramfit.IRPropMin,
    paramfit.Adam,
    paramfit.GradientDescent,
    paramfit.IPOP,
    paramfit.BIPOP,
    paramfit.MultiStart,
]
SEEDS = [1, 2, 3]


class Wedge(paramfit.Boundaries):
    """``0 < y < slope x`` with ``x < scale``: a wedge with its tip at 0.

    ``range()`` reports the bounding square, so the default ``sigma0`` (a
    sixth of it) is wide, across the wedge, when the wedge is narrow.
    """

    def __init__(self, slope: float, scale: float = 1.0) -> None:
        self.slope, self.scale = slope, scale

    def n_parameters(self) -> int:
        return 2

    def check(self, x: np.ndarray) -> bool:
        a, b = x
        return bool(0 < a < self.scale and 0 < b < self.slope * a)

    def range(self) -> np.ndarray:
        return np.array([self.scale, self.scale])


#: (boundaries, x0): the half square scaled up, and a narrow wedge whose
#: width is a thousandth of the default step across it.
WEDGES = {
    "half-square": (Wedge(1.0, 100.0), np.array([60.0, 20.0])),
    "narrow": (Wedge(1e-3), np.array([0.5, 2.5e-4])),
}


class Bowl(paramfit.ErrorMeasure):
    """A bowl whose minimum (at ``target``) lies outside the wedges."""

    def __init__(self, target: np.ndarray) -> None:
        self.target = np.asarray(target, dtype=float)

    def n_parameters(self) -> int:
        return 2

    def __call__(self, x: np.ndarray) -> float:
        return float(np.sum((np.asarray(x) - self.target) ** 2))

    def evaluateS1(self, x: np.ndarray) -> tuple[float, np.ndarray]:
        d = np.asarray(x) - self.target
        return float(np.sum(d**2)), 2 * d


def make(method: type, x0: np.ndarray, boundaries: object, seed: int, **kw: object):
    if method.capabilities.takes_rng:
        kw["rng"] = seed
    with warnings.catch_warnings():
        # Nelder-Mead warns that it ignores boundaries: known, tested below.
        warnings.simplefilter("ignore", UserWarning)
        return method(x0, None, boundaries, **kw)


def drive(o: paramfit.Optimiser, f: Bowl, iterations: int) -> list[np.ndarray]:
    """Ask and tell until ``stop()`` or ``iterations``; return what was asked."""
    asked = []
    for _ in range(iterations):
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", OUTSIDE)
            xs = o.ask()
        asked.extend(xs)
        o.tell(
            [f.evaluateS1(x) for x in xs]
            if o.needs_sensitivities()
            else [f(x) for x in xs]
        )
        if o.stop():
            break
    return asked


@pytest.mark.parametrize("wedge", WEDGES, ids=str)
@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("method", METHODS, ids=lambda m: m.__name__)
def test_ask_tell_finds_feasible_points(method, seed, wedge):
    boundaries, x0 = WEDGES[wedge]
    f = Bowl(boundaries.scale * np.array([0.3, 0.9]))
    o = make(method, x0, boundaries, seed)
    asked = drive(o, f, 60)
    assert np.isfinite(o.f_best())
    message = o.stop()
    assert not (message and "No proposal inside" in message), message
    if method.capabilities.supports_boundaries:
        assert boundaries.check(o.x_best())
        assert all(boundaries.check(x) for x in asked)
    if not method.capabilities.needs_gradients:
        assert o.f_best() < f(x0)  # it moved, and downhill


@pytest.mark.parametrize("wedge", WEDGES, ids=str)
@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("method", METHODS, ids=lambda m: m.__name__)
def test_controller_returns_a_finite_feasible_result(method, seed, wedge):
    boundaries, x0 = WEDGES[wedge]
    f = Bowl(boundaries.scale * np.array([0.3, 0.9]))
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", OUTSIDE)
        warnings.filterwarnings("ignore", "Nelder-Mead optimisation does not")
        c = paramfit.OptimisationController(
            f, x0, boundaries=boundaries, method=method, rng=seed
        )
        c.set_max_iterations(40)
        c.set_log_to_screen(False)
        x, fx = c.run()
    assert np.isfinite(fx) and fx == f(x)
    if method.capabilities.supports_boundaries:
        assert boundaries.check(x)


def test_wide_steps_are_contracted_per_parameter_towards_x0():
    """A wide sigma0 on the narrow wedge: whole generations fall outside,
    each is drawn ten times, then the step sizes halve (their ratio kept)
    and the mean goes back to x0, until points fall inside."""
    boundaries, x0 = WEDGES["narrow"]
    o = paramfit.SNES(x0, [1e3, 1e2], boundaries, rng=1)
    empty = 0
    while True:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            xs = o.ask()
        if len(xs):
            break
        assert [str(w.message) for w in caught] == [
            "All points requested by SNES are outside the boundaries."
        ]
        o.tell([])
        empty += 1
        np.testing.assert_array_equal(o.x_guessed(), x0)
        np.testing.assert_allclose(o._sigmas, np.array([1e3, 1e2]) / 2**empty)
        assert o.stop() is False and o.f_best() == np.inf
    assert 10 < empty < MAX_EMPTY_GENERATIONS
    assert all(boundaries.check(x) for x in xs)
    o.tell(np.zeros(len(xs)))
    assert o.f_best() == 0


def test_a_generation_with_a_feasible_point_is_not_redrawn():
    """Only wholly infeasible generations are drawn again, so runs with a
    feasible point in every generation are unchanged."""
    b = paramfit.RectangularBoundaries([0, 0], [1, 1])
    o = paramfit.XNES([0.5, 0.5], 0.5, b, rng=5)
    state = o._rng.bit_generator.state
    xs = o.ask()
    assert 0 < len(xs) < 6
    o._rng.bit_generator.state = state
    np.testing.assert_array_equal(
        o._asked, [0.5, 0.5] + o._rng.standard_normal((6, 2)) * 0.5
    )


class Point(paramfit.Boundaries):
    """A region without volume: only ``x0`` itself."""

    def n_parameters(self) -> int:
        return 2

    def check(self, x: np.ndarray) -> bool:
        return bool(np.all(np.asarray(x) == 0.5))


FILTERING = [m for m in METHODS if m.capabilities.supports_boundaries]
RESTARTS = (paramfit.IPOP, paramfit.BIPOP, paramfit.MultiStart)


@pytest.mark.parametrize("method", FILTERING, ids=lambda m: m.__name__)
def test_no_feasible_volume_ends_with_a_message(method):
    """Nothing can be proposed inside: after a bounded number of empty
    generations `stop()` says why (the restart strategies after their
    restarts), and nothing hangs."""
    restarts = {"starts": 2} if method is paramfit.MultiStart else {"max_restarts": 1}
    kw = restarts if issubclass(method, RESTARTS) else {}
    o = make(method, np.array([0.5, 0.5]), Point(), 1, **kw)
    drive(o, Bowl(np.zeros(2)), 3 * MAX_EMPTY_GENERATIONS)
    message = o.stop()
    if method is paramfit.IRPropMin:
        # Its steps shrink until they are inside: it stays at x0.
        assert message is False and o.x_best().tolist() == [0.5, 0.5]
        return
    assert message, "no stop"
    if issubclass(method, RESTARTS):
        assert re.match(GAVE_UP[:-1] + r" \(after 1 restarts\)$", message)
    else:
        assert re.match(GAVE_UP, message)
    # Only PSO evaluates x0 itself: its first particle.
    assert np.isfinite(o.f_best()) == (method is paramfit.PSO)


def test_no_feasible_volume_stops_the_controller_with_the_reason():
    c = paramfit.OptimisationController(
        Bowl(np.zeros(2)), [0.5, 0.5], boundaries=Point(), method=paramfit.XNES, rng=1
    )
    c.set_log_to_screen(False)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", OUTSIDE)
        x, fx = c.run()
    result = c.result()
    assert result.stop_reason is paramfit.StopReason.OPTIMISER
    assert result.message == (
        f"No proposal inside the boundaries after {10 * MAX_EMPTY_GENERATIONS} "
        "tries; the step size is large relative to the feasible region: pass a "
        "smaller sigma0."
    )
    assert c.iterations() == MAX_EMPTY_GENERATIONS and c.evaluations() == 0
    assert fx == np.inf and x.tolist() == [0.5, 0.5]
