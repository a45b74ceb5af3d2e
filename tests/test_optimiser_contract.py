"""The contract every registered optimiser keeps (see `registry`).

One suite: each test runs over every optimiser whose capability flags it
applies to, and reads from the flags what to expect (``(f, df)`` replies,
a population, a generator, boundaries).
"""

import copy
import pickle
import warnings

import numpy as np
import pytest
from problems import sphere, sphere_s1
from registry import global_state_unchanged, method_params, methods, reply, run

import paramfit
import paramfit.optimisers

ALL = method_params()
CLONES = [
    pytest.param(copy.deepcopy, id="deepcopy"),
    pytest.param(lambda o: pickle.loads(pickle.dumps(o)), id="pickle"),
]


@pytest.mark.parametrize("m", ALL)
def test_ask_types_and_read_only(m):
    o = m.make([1.0, 2.0, 3.0], seed=1)
    xs = o.ask()
    if m.capabilities.needs_gradients:
        assert isinstance(xs, list) and len(xs) == 1
        assert xs[0].shape == (3,) and not xs[0].flags.writeable
        return
    assert isinstance(xs, np.ndarray) and xs.dtype == np.float64
    # a population, or Nelder-Mead's initial simplex
    size = o.population_size() if m.capabilities.population_based else 4
    assert xs.shape == (size, 3)
    if not m.writable_ask:
        assert not xs.flags.writeable
    elif m.capabilities.population_based:  # PSO: changing the copy is harmless
        xs[:] = 0
        o.tell(np.ones(len(xs)))
        assert np.all(o.x_best() != 0)
    else:  # Nelder-Mead: a writable copy of the simplex
        xs[:] = 0
        o.tell(np.arange(4.0))
        assert o.x_best().tolist() == [1, 2, 3]


@pytest.mark.parametrize("m", ALL)
def test_before_running(m):
    o = m.make([1.0, 2.0], seed=1)
    assert not o.running()
    for x in (o.x_best(), o.x_guessed()):
        assert x.tolist() == [1, 2] and not x.flags.writeable
    assert o.f_best() == np.inf == o.f_guessed()
    assert o.stop() is False and isinstance(o.name(), str)


@pytest.mark.parametrize("m", ALL)
def test_outputs_are_read_only(m):
    o = run(m.make([3.0, -2.0], seed=1), 10)
    for x in (o.x_best(), o.x_guessed()):
        assert not x.flags.writeable


@pytest.mark.parametrize("m", ALL)
def test_tell_before_ask(m):
    o = m.make([1.0, 2.0], seed=1)
    with pytest.raises(Exception, match=r"ask\(\) not called before tell\(\)"):
        o.tell(reply(o, [[1.0, 2.0]]))
    o.tell(reply(o, o.ask()))
    with pytest.raises(Exception, match=r"ask\(\) not called before tell\(\)"):
        o.tell(reply(o, [[1.0, 2.0]]))


@pytest.mark.parametrize("m", ALL)
def test_wrong_lengths_keep_state_usable(m):
    o = m.make([1.0, 2.0], seed=1)
    xs = o.ask()
    with pytest.raises(ValueError):
        o.tell(reply(o, list(xs) + list(xs)))
    with pytest.raises(ValueError):
        o.tell([])
    if m.capabilities.needs_gradients:
        with pytest.raises(
            ValueError, match=r"must have shape \(2,\); got shape \(3,\)"
        ):
            o.tell([(1.0, np.ones(3))])
    o.tell(reply(o, xs))
    assert o.f_best() < np.inf


@pytest.mark.parametrize("m", method_params(supports_boundaries=True))
def test_bounds_respected(m):
    b = paramfit.RectangularBoundaries([0, 0], [1.5, 1.5])
    o = m.make([0.1, 0.1], 0.3, b, seed=4)
    for _ in range(30):
        xs = o.ask()
        assert b.check_all(np.atleast_2d(xs)).all()
        o.tell(reply(o, xs))
    assert b.check(o.x_best())


@pytest.mark.parametrize("m", method_params(supports_boundaries=False))
def test_unsupported_boundaries_are_ignored(m):
    """As in PINTS: the search may leave them (Nelder-Mead warns so)."""
    b = paramfit.RectangularBoundaries([0, 0], [2, 2])
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Nelder-Mead optimisation does not")
        o = m.make([1.0, 1.0], boundaries=b)
    run(o, 100, lambda x: sphere_s1(np.asarray(x) - 5))
    assert not b.check(o.x_best())


@pytest.mark.parametrize("m", method_params(where=lambda m: not m.best_lags))
def test_best_is_minimum_of_all_told(m):
    o = m.make([3.0, -2.0], seed=2)
    seen = []
    for _ in range(10):
        xs = o.ask()
        told = reply(o, xs)
        seen += [r[0] if isinstance(r, tuple) else r for r in told]
        o.tell(told)
        assert o.f_best() == min(seen)
        assert sphere(o.x_best()) == o.f_best()


@pytest.mark.parametrize("m", ALL)
def test_same_inputs_same_trajectory(m):
    """The same seed (or, for deterministic methods, nothing) gives the same
    path."""
    a = run(m.make([3.0, -2.0], seed=9), 40)
    b = run(m.make([3.0, -2.0], seed=9), 40)
    np.testing.assert_array_equal(a.ask(), b.ask())
    assert a.f_best() == b.f_best()


@pytest.mark.parametrize("m", method_params(takes_rng=True))
def test_global_seed_makes_rng_none_repeatable(m):
    state = np.random.get_state()
    try:
        np.random.seed(12)
        a = m.make([3.0, -2.0]).ask()
        np.random.seed(12)
        b = m.make([3.0, -2.0]).ask()
    finally:
        np.random.set_state(state)
    np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("m", method_params(deterministic=False))
def test_different_seeds_different_points(m):
    a = m.make([3.0, -2.0], seed=1).ask()
    b = m.make([3.0, -2.0], seed=2).ask()
    assert not np.array_equal(a, b)


@pytest.mark.parametrize("m", method_params(deterministic=True))
def test_deterministic_path_ignores_the_global_state(m):
    state = np.random.get_state()
    try:
        paths = []
        for seed in (1, 2):
            np.random.seed(seed)
            paths.append(run(m.make([3.0, -2.0]), 20).ask())
    finally:
        np.random.set_state(state)
    np.testing.assert_array_equal(paths[0], paths[1])


@pytest.mark.parametrize("m", ALL)
def test_does_not_touch_global_random_state(m):
    """Deterministic methods have no generator; the others own theirs when
    given a seed."""
    state = np.random.get_state()
    run(m.make([3.0, -2.0], seed=1), 5)
    assert global_state_unchanged(state, np.random.get_state())


@pytest.mark.parametrize("clone", CLONES)
@pytest.mark.parametrize("m", ALL)
def test_copy_mid_run_continues_identically(m, clone):
    a = run(m.make([3.0, -2.0], seed=5), 7)
    b = clone(a)
    run(a, 9)
    run(b, 9)
    np.testing.assert_array_equal(a.ask(), b.ask())
    assert a.f_best() == b.f_best() and a.f_guessed() == b.f_guessed()


@pytest.mark.parametrize("bad", [np.nan, np.inf])
@pytest.mark.parametrize("m", ALL)
def test_non_finite_scores_never_best(m, bad):
    def f(x):
        return bad, np.full(len(x), bad)

    o = m.make([3.0, -2.0], seed=3)
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        run(o, 6, f)
    assert o.f_best() == np.inf and o.x_best().tolist() == [3, -2]
    if np.isnan(bad) or m.capabilities.needs_gradients:
        assert any(issubclass(x.category, paramfit.NonFiniteScoreWarning) for x in w)
    run(o, 30)  # recovers once scores are finite again
    assert o.f_best() < sphere([3.0, -2.0])


@pytest.mark.parametrize("m", method_params(where=lambda m: m.rank_based))
def test_rank_invariance(m):
    """Rank-based methods take the same path under a monotone transform."""
    a = run(m.make([3.0, -2.0], seed=6), 20, sphere)
    with np.errstate(over="ignore"):  # PSO's far-flung particles: exp(f) = inf
        b = run(m.make([3.0, -2.0], seed=6), 20, lambda x: np.exp(sphere(x)))
    np.testing.assert_allclose(a.x_guessed(), b.x_guessed(), rtol=1e-12)


@pytest.mark.parametrize("m", method_params(population_based=True))
def test_population_size_is_settable(m):
    o = m.make([1.0, 2.0], seed=1)
    o.set_population_size(11)
    assert o.population_size() == 11 and len(o.ask()) == 11


def _is_method(c: object) -> bool:
    """An optimiser class with an algorithm (templates have no name)."""
    if not (isinstance(c, type) and issubclass(c, paramfit.Optimiser)):
        return False
    try:
        c.name()
    except NotImplementedError:
        return False
    return True


def test_every_optimiser_is_registered():
    """A new optimiser is one registry line away from the shared tests."""
    exported = [getattr(paramfit.optimisers, n) for n in paramfit.optimisers.__all__]
    assert {m.cls for m in methods()} == {c for c in exported if _is_method(c)}
