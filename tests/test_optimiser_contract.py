"""Contract suite over the optimiser registries (DESIGN §7.1): population
methods, then deterministic single-point ones (gradient methods, Nelder-Mead)."""

import copy
import pickle
import warnings

import numpy as np
import pytest
from conftest import reply, sphere

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
    if population_optimiser is paramfit.PSO:
        # SPEC §7.3: PSO hands out a writable copy; changing it is harmless.
        xs[:] = 0
        o.tell(np.ones(len(xs)))
        assert np.all(o.x_best() != 0)
    else:
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
    with np.errstate(over="ignore"):  # PSO's far-flung particles: exp(f) = inf
        b = run(
            population_optimiser([3.0, -2.0], rng=6), lambda x: np.exp(sphere(x)), 20
        )
    np.testing.assert_allclose(a.x_guessed(), b.x_guessed(), rtol=1e-12)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_converges_on_sphere(population_optimiser, seed):
    if population_optimiser is paramfit.PSO:
        pytest.skip(
            "PSO, as in PINTS, has no velocity constriction and diverges without "
            "boundaries; test_pso.py tests its convergence on bounded problems"
        )
    o = run(population_optimiser(np.full(5, 4.0), rng=seed), sphere, 300)
    assert o.f_best() < 1e-8


# -- deterministic single-point methods ------------------------------------


def run_local(opt, iterations, f=None):
    for _ in range(iterations):
        opt.tell(reply(opt, opt.ask(), f))
    return opt


def test_local_ask_types(local_optimiser):
    o = local_optimiser([1.0, 2.0, 3.0])
    xs = o.ask()
    if o.needs_sensitivities():
        assert isinstance(xs, list) and len(xs) == 1
        assert xs[0].shape == (3,) and not xs[0].flags.writeable
    else:  # Nelder-Mead: a writable copy of the simplex
        assert isinstance(xs, np.ndarray) and xs.shape == (4, 3)
        xs[:] = 0
        o.tell(np.arange(4.0))
        assert o.x_best().tolist() == [1, 2, 3]


def test_local_before_running(local_optimiser):
    o = local_optimiser([1.0, 2.0])
    assert not o.running()
    for x in (o.x_best(), o.x_guessed()):
        assert x.tolist() == [1, 2] and not x.flags.writeable
    assert o.f_best() == np.inf == o.f_guessed()
    assert o.stop() is False and isinstance(o.name(), str)


def test_local_outputs_read_only(local_optimiser):
    o = run_local(local_optimiser([3.0, -2.0]), 10)
    for x in (o.x_best(), o.x_guessed()):
        assert not x.flags.writeable


def test_local_tell_before_ask(local_optimiser):
    o = local_optimiser([1.0, 2.0])
    with pytest.raises(Exception, match=r"ask\(\) not called before tell\(\)"):
        o.tell(reply(o, [[1.0, 2.0]]))
    o.tell(reply(o, o.ask()))
    with pytest.raises(Exception, match=r"ask\(\) not called before tell\(\)"):
        o.tell(reply(o, [[1.0, 2.0]]))


def test_local_wrong_lengths_keep_state_usable(local_optimiser):
    o = local_optimiser([1.0, 2.0])
    xs = o.ask()
    with pytest.raises(ValueError):
        o.tell(reply(o, list(xs) + list(xs)))
    with pytest.raises(ValueError):
        o.tell([])
    if o.needs_sensitivities():
        with pytest.raises(
            ValueError, match=r"must have shape \(2,\); got shape \(3,\)"
        ):
            o.tell([(1.0, np.ones(3))])
    o.tell(reply(o, xs))
    assert o.f_best() < np.inf


def test_local_same_start_same_trajectory(local_optimiser):
    a = run_local(local_optimiser([3.0, -2.0]), 40)
    b = run_local(local_optimiser([3.0, -2.0]), 40)
    np.testing.assert_array_equal(a.ask(), b.ask())
    assert a.f_best() == b.f_best()


def test_local_does_not_touch_global_random_state(local_optimiser):
    state = np.random.get_state()
    run_local(local_optimiser([3.0, -2.0]), 5)
    after = np.random.get_state()
    assert state[1].tolist() == after[1].tolist() and state[2] == after[2]


@pytest.mark.parametrize(
    "clone", [copy.deepcopy, lambda o: pickle.loads(pickle.dumps(o))]
)
def test_local_copy_mid_run_continues_identically(local_optimiser, clone):
    a = run_local(local_optimiser([3.0, -2.0]), 7)
    b = clone(a)
    run_local(a, 9)
    run_local(b, 9)
    np.testing.assert_array_equal(a.ask(), b.ask())
    assert a.f_best() == b.f_best() and a.f_guessed() == b.f_guessed()


@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_local_non_finite_scores_never_best(local_optimiser, bad):
    def f(x):
        return bad, np.full(len(x), bad)

    o = local_optimiser([3.0, -2.0])
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        run_local(o, 6, f)
    assert o.f_best() == np.inf and o.x_best().tolist() == [3, -2]
    if np.isnan(bad) or o.needs_sensitivities():
        assert any(issubclass(x.category, paramfit.NonFiniteScoreWarning) for x in w)
    run_local(o, 30)  # recovers once scores are finite again
    assert o.f_best() < sphere([3.0, -2.0])


@pytest.mark.parametrize("x0", [[3.0, -2.0], [0.0, 0.5, 4.0]])
def test_local_converges_on_sphere(local_optimiser, x0):
    o = local_optimiser(x0)
    if isinstance(o, paramfit.GradientDescent):
        o.set_learning_rate(0.3)
    run_local(o, 400)
    assert o.f_best() < 1e-8
    np.testing.assert_allclose(o.x_best(), np.ones(len(x0)), atol=1e-4)
