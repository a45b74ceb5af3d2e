"""Contract suite over the population-optimiser registry (DESIGN §7.1)."""

import copy
import pickle

import numpy as np
import pytest
from conftest import sphere

import paramfit


def run(opt, f, iterations):
    for _ in range(iterations):
        xs = opt.ask()
        opt.tell([f(x) for x in xs])
    return opt


def test_ask_shape_and_read_only(population_optimiser):
    o = population_optimiser([1.0, 2.0, 3.0], rng=1)
    xs = o.ask()
    assert isinstance(xs, np.ndarray) and xs.dtype == np.float64
    assert xs.shape == (o.population_size(), 3)
    assert not xs.flags.writeable


def test_before_running(population_optimiser):
    o = population_optimiser([1.0, 2.0], rng=1)
    assert not o.running()
    np.testing.assert_array_equal(o.x_best(), [1, 2])
    np.testing.assert_array_equal(o.x_guessed(), [1, 2])
    assert o.f_best() == np.inf == o.f_guessed()
    assert o.stop() is False
    assert isinstance(o.name(), str)


def test_outputs_are_read_only(population_optimiser):
    o = run(population_optimiser([1.0, 2.0], rng=1), sphere, 3)
    for x in (o.x_best(), o.x_guessed()):
        assert not x.flags.writeable


def test_bounds_respected(population_optimiser):
    b = paramfit.RectangularBoundaries([0, 0], [1.5, 1.5])
    o = population_optimiser([0.1, 0.1], 0.3, b, rng=4)
    for _ in range(30):
        xs = o.ask()
        assert b.check_all(xs).all()
        o.tell([sphere(x) for x in xs])
    assert b.check(o.x_best())


def test_best_is_minimum_of_all_told(population_optimiser):
    o = population_optimiser([3.0, -2.0], rng=2)
    seen = []
    for _ in range(10):
        xs = o.ask()
        fs = [sphere(x) for x in xs]
        seen += fs
        o.tell(fs)
        assert o.f_best() == min(seen)
        assert sphere(o.x_best()) == o.f_best()


def test_same_seed_same_trajectory(population_optimiser):
    a = run(population_optimiser([3.0, -2.0], rng=9), sphere, 15)
    b = run(population_optimiser([3.0, -2.0], rng=9), sphere, 15)
    np.testing.assert_array_equal(a.ask(), b.ask())


def test_global_seed_makes_rng_none_repeatable(population_optimiser):
    state = np.random.get_state()
    try:
        np.random.seed(12)
        a = population_optimiser([3.0, -2.0]).ask()
        np.random.seed(12)
        b = population_optimiser([3.0, -2.0]).ask()
    finally:
        np.random.set_state(state)
    np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize(
    "clone", [copy.deepcopy, lambda o: pickle.loads(pickle.dumps(o))]
)
def test_copy_mid_run_continues_identically(population_optimiser, clone):
    a = run(population_optimiser([3.0, -2.0], rng=5), sphere, 7)
    b = clone(a)
    run(a, sphere, 5)
    run(b, sphere, 5)
    np.testing.assert_array_equal(a.ask(), b.ask())
    assert a.f_best() == b.f_best()


def test_inf_scores_never_best(population_optimiser):
    o = population_optimiser([1.0, 1.0], rng=3)
    for _ in range(3):
        xs = o.ask()
        o.tell(np.full(len(xs), np.inf))
    assert o.f_best() == np.inf


def test_rank_invariance(population_optimiser):
    """Rank-based methods take the same path under a monotone transform."""
    a = run(population_optimiser([3.0, -2.0], rng=6), sphere, 20)
    b = run(population_optimiser([3.0, -2.0], rng=6), lambda x: np.exp(sphere(x)), 20)
    np.testing.assert_allclose(a.x_guessed(), b.x_guessed(), rtol=1e-12)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_converges_on_sphere(population_optimiser, seed):
    o = run(population_optimiser(np.full(5, 4.0), rng=seed), sphere, 300)
    assert o.f_best() < 1e-8
