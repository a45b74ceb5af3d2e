"""Every optimiser's ``capabilities`` agree with what it does: the flags
are the one answer to "does it take an rng, need gradients, propose a
population, repeat itself, keep to boundaries?"."""

from __future__ import annotations

import contextlib
import inspect

import numpy as np
import pytest

import paramfit
import paramfit.optimisers as optimisers
from paramfit._util import Capabilities
from paramfit.optimisers._distribution import MeanBasedOptimiser

#: Every optimiser class paramfit offers, templates included.
CLASSES = [
    c
    for c in (getattr(optimisers, name) for name in optimisers.__all__)
    if isinstance(c, type) and issubclass(c, paramfit.Optimiser)
] + [MeanBasedOptimiser]
TEMPLATES = {
    paramfit.Optimiser,
    paramfit.PopulationBasedOptimiser,
    optimisers.GradientOptimiser,
    MeanBasedOptimiser,
}
#: The methods (classes with an algorithm).
METHODS = [c for c in CLASSES if c not in TEMPLATES]


def test_the_registry_is_complete():
    assert sorted(c.__name__ for c in METHODS) == sorted(
        [
            "Adam",
            "BIPOP",
            "BareCMAES",
            "CMAES",
            "GradientDescent",
            "IPOP",
            "IRPropMin",
            "MultiStart",
            "NelderMead",
            "PSO",
            "SNES",
            "XNES",
        ]
    )


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_flags_are_a_class_attribute(cls):
    assert isinstance(cls.capabilities, Capabilities)
    assert not hasattr(cls, "_uses_rng")  # capabilities.takes_rng is the answer


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_takes_rng_iff_the_constructor_accepts_rng(cls):
    parameters = inspect.signature(cls).parameters
    assert cls.capabilities.takes_rng == ("rng" in parameters)


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_population_based_iff_a_population_based_optimiser(cls):
    population = issubclass(cls, paramfit.PopulationBasedOptimiser)
    assert cls.capabilities.population_based == population


def make(cls: type, seed: int = 1, boundaries: object = None, sigma0: float = 0.5):
    kw = {"rng": seed} if cls.capabilities.takes_rng else {}
    return cls(np.array([0.7, -0.4]), sigma0, boundaries, **kw)


def reply(o: paramfit.Optimiser, xs: np.ndarray) -> list:
    """Scores of a tilted bowl (or ``(f, df)`` pairs)."""
    xs = np.asarray(xs, dtype=float).reshape(-1, 2)
    fs = np.sum((xs - [0.2, 0.3]) ** 2 * [1, 10], axis=1)
    if o.needs_sensitivities():
        dfs = 2 * (xs - [0.2, 0.3]) * [1, 10]
        return list(zip(fs, dfs, strict=True))
    return list(fs)


def trajectory(o: paramfit.Optimiser, steps: int = 12) -> list[np.ndarray]:
    points = []
    for _ in range(steps):
        xs = np.array(o.ask(), dtype=float)
        points.append(xs)
        o.tell(reply(o, xs))
    return points


def same(a: list[np.ndarray], b: list[np.ndarray]) -> bool:
    return len(a) == len(b) and all(
        x.shape == y.shape and np.array_equal(x, y) for x, y in zip(a, b, strict=True)
    )


@pytest.mark.parametrize("cls", METHODS, ids=lambda c: c.__name__)
def test_needs_gradients_iff_tell_takes_sensitivities(cls):
    o = make(cls)
    assert o.needs_sensitivities() == cls.capabilities.needs_gradients
    xs = o.ask()
    if cls.capabilities.needs_gradients:
        with pytest.raises(ValueError, match="needs sensitivities"):
            o.tell([1.0] * len(xs))
    o.tell(reply(o, xs))


@pytest.mark.parametrize("cls", METHODS, ids=lambda c: c.__name__)
def test_deterministic_iff_the_same_scores_give_the_same_points(cls):
    a, b = trajectory(make(cls, seed=1)), trajectory(make(cls, seed=2))
    assert same(a, b) == cls.capabilities.deterministic


@pytest.mark.parametrize("cls", METHODS, ids=lambda c: c.__name__)
def test_methods_without_an_rng_leave_numpys_global_state_alone(cls):
    state = np.random.get_state()[1].copy()
    trajectory(make(cls, seed=3), steps=3)
    untouched = np.array_equal(np.random.get_state()[1], state)
    assert untouched or cls.capabilities.takes_rng


class HalfPlane(paramfit.Boundaries):
    """``x0 - x1 > 0.5``: not rectangular, and the bowl's minimum outside."""

    def n_parameters(self) -> int:
        return 2

    def check(self, x: np.ndarray) -> bool:
        return bool(x[0] - x[1] > 0.5)


@pytest.mark.parametrize("boundaries", ["box", "half-plane"])
@pytest.mark.parametrize("cls", METHODS, ids=lambda c: c.__name__)
def test_supports_boundaries_iff_the_points_stay_inside(cls, boundaries):
    """Methods that support boundaries only propose points inside; the
    others ignore them (the same points as without), which here leads
    outside, towards the bowl's minimum."""
    b = (
        paramfit.RectangularBoundaries([0.25, -1], [2, 1])
        if boundaries == "box"
        else HalfPlane()
    )
    ignored = pytest.warns(UserWarning, match="Nelder-Mead optimisation does not")
    with ignored if cls is paramfit.NelderMead else contextlib.nullcontext():
        bounded = trajectory(make(cls, boundaries=b, sigma0=0.3), steps=30)
    inside = all(b.check(x) for xs in bounded for x in xs)
    assert inside == cls.capabilities.supports_boundaries
    if not cls.capabilities.supports_boundaries:
        assert same(bounded, trajectory(make(cls, sigma0=0.3), steps=30))
