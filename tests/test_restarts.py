"""Restart wrappers (IPOP, BIPOP, multi-start): optimisers around optimisers."""

import numpy as np
import pytest

import paramfit
import paramfit.toy


def rastrigin(xs):
    return 10 * xs.shape[1] + np.sum(xs**2 - 10 * np.cos(2 * np.pi * xs), axis=1)


def sphere(xs):
    return np.sum((xs - 1) ** 2, axis=1)


def run(o, f, max_evaluations, target=-np.inf):
    """Ask/tell until stop(), a budget or a target; return the sizes seen."""
    n, sizes = 0, []
    while n < max_evaluations and not o.stop() and o.f_best() > target:
        xs = o.ask()
        o.tell(f(xs))
        n += len(xs)
        if not sizes or sizes[-1] != len(xs):
            sizes.append(len(xs))
    return sizes


@pytest.mark.parametrize("seed", [1, 2])
def test_ipop_doubles_the_population_and_solves_rastrigin(seed):
    o = paramfit.IPOP(np.full(5, 3.0), 2.0, rng=seed)
    assert o.name() == "IPOP restarts" and o.restarts() == 0
    sizes = run(o, rastrigin, 40000, target=1e-8)
    assert o.f_best() < 1e-8 and o.restarts() >= 1
    assert sizes == [8 * 2**k for k in range(len(sizes))]
    assert o.population_size() == sizes[-1]


def test_bipop_alternates_regimes_and_counts_large_restarts():
    o = paramfit.BIPOP(np.full(3, 3.0), 2.0, rng=4, max_restarts=2)
    sizes = run(o, rastrigin, 100000)
    assert o.stop().endswith(f"(after {o.restarts()} restarts)")
    assert o._large_runs == 2 and o.restarts() > 2
    assert max(sizes) == 7 * 4  # λ0 = 7, doubled twice
    assert 0 < o._evals["small"] <= 1.5 * o._evals["large"] + 4000
    assert any(s < 7 for s in sizes) or sizes.count(7) > 1  # small runs happened


def test_restarting_xnes_with_generic_criteria():
    o = paramfit.IPOP(
        [2.0, 3.0], 1.0, method=paramfit.XNES, max_restarts=1, tol_fun=1e-8, rng=1
    )
    run(o, sphere, 100000)
    assert o.restarts() == 1
    assert o.stop() == (
        "Recent function values differ by less than tol_fun (TolFun). "
        "(after 1 restarts)"
    )
    assert o.f_best() < 1e-8 and isinstance(o.inner(), paramfit.XNES)
    # a budget per run also ends runs
    o = paramfit.MultiStart(
        [2.0, 3.0],
        1.0,
        method=paramfit.XNES,
        starts=3,
        max_evaluations_per_run=60,
        rng=1,
    )
    sizes = run(o, sphere, 10000)
    assert o.restarts() == 2 and sum(sizes) <= 3 * 60


def test_multistart_uses_the_given_points_sampler_or_boundaries():
    starts = np.array([[5.0, 5.0], [-5.0, 2.0]])
    o = paramfit.MultiStart([0.0, 0.0], 1.0, starts=starts, rng=1)
    seen = []
    while not o.stop():
        xs = o.ask()
        if not seen or seen[-1] is not o.inner():
            seen.append(o.inner())
        o.tell(sphere(xs))
    assert [list(s._x0) for s in seen] == [[0, 0], [5, 5], [-5, 2]]
    assert o.f_best() < 1e-10

    calls = []

    def sampler(n):
        calls.append(n)
        return np.array([[7.0, -7.0]])

    o = paramfit.MultiStart([0.0, 0.0], 1.0, starts=2, sampler=sampler, rng=1)
    run(o, sphere, 10000)
    assert calls == [1] and list(o.inner()._x0) == [7, -7]

    b = paramfit.RectangularBoundaries([-1, -1], [4, 4])
    o = paramfit.MultiStart([0.0, 0.0], boundaries=b, starts=4, rng=3)
    firsts = []
    while not o.stop():
        xs = o.ask()
        assert b.check_all(xs).all()
        if o.inner()._x0 is not (firsts[-1] if firsts else None):
            firsts.append(o.inner()._x0)
        o.tell(sphere(xs))
    assert len({tuple(x) for x in firsts}) == 4
    assert all(b.check(x) for x in firsts)


def test_errors():
    with pytest.raises(TypeError, match="method must be an Optimiser subclass"):
        paramfit.IPOP([1.0, 1.0], method=len)
    with pytest.raises(ValueError, match="max_restarts must be >= 0"):
        paramfit.IPOP([1.0, 1.0], max_restarts=-1)
    with pytest.raises(ValueError, match="starts must have 2 columns"):
        paramfit.MultiStart([1.0, 1.0], starts=np.ones((2, 3)))
    with pytest.raises(ValueError, match="starts must be at least 1"):
        paramfit.MultiStart([1.0, 1.0], starts=0)
    o = paramfit.MultiStart([1.0, 1.0], method=paramfit.Adam, rng=1)
    with pytest.raises(ValueError, match="needs a derivative-free method"):
        o.ask()


def test_guess_comes_from_the_best_run():
    o = paramfit.MultiStart([1.0, 1.0], 0.5, starts=[[50.0, 50.0]], rng=2)
    while o.restarts() == 0:
        o.tell(sphere(o.ask()))
    first_guess = o.x_guessed()
    assert o.f_guessed() < 1e-10 and sphere(first_guess[None])[0] < 1e-9
    o.tell(sphere(o.ask()))  # the second run starts far away: keep the guess
    np.testing.assert_array_equal(o.x_guessed(), first_guess)


def test_non_rectangular_boundaries_are_filtered_by_the_inner_method():
    box = paramfit.RectangularBoundaries([0], [2])
    b = paramfit.ComposedBoundaries(box, box)
    o = paramfit.IPOP([1.0, 1.0], 0.8, b, rng=3)
    shorter = 0
    for _ in range(40):
        xs = o.ask()
        shorter += len(xs) < o.population_size()
        assert b.check_all(xs).all()
        o.tell(sphere(xs))
    assert shorter > 0 and o.f_best() < 1e-8


def test_controller_logs_the_restart_count(tmp_path):
    path = tmp_path / "log.csv"
    opt = paramfit.OptimisationController(
        paramfit.toy.RosenbrockError(), [0.5, 0.5], method=paramfit.BIPOP
    )
    opt.set_log_to_screen(False)
    opt.set_log_to_file(str(path), csv=True)
    opt.set_max_evaluations(3000)
    x, f = opt.run()
    header = path.read_text().splitlines()[0]
    assert '"Restarts"' in header or "Restarts" in header
    assert f < 1e-10
