"""PSO: the velocity update against PINTS given the same random numbers,
settings, boundaries and logging (its convergence on bounded problems is in
the convergence table)."""

import numpy as np
import pints  # the oracle (PINTS 0.6.1)
import pytest
from harness import assert_mean

import paramfit
from paramfit.optimisers._pso import pso_velocities


def sphere(xs):
    return np.sum((np.atleast_2d(xs) - 1.0) ** 2, axis=1)


def test_name_and_hyper_parameters():
    assert paramfit.PSO.name() == "Particle Swarm Optimisation (PSO)"
    o = paramfit.PSO([1.0, 1.0])
    assert o.n_hyper_parameters() == 2 and o.population_size() == 6
    o.set_hyper_parameters([9, 0.25])
    assert o.population_size() == 9
    assert (o._almax, o._agmax) == (4.1 * 0.25, 4.1 - 4.1 * 0.25)
    with pytest.raises(ValueError, match="Population size must be at least 1."):
        o.set_hyper_parameters([0, 0.5])


@pytest.mark.parametrize("r", [-0.1, 1.5, np.nan])
def test_balance_outside_zero_one(r):
    o = paramfit.PSO([1.0, 1.0])
    with pytest.raises(ValueError, match=r"^Parameter r must be in the range 0-1.$"):
        o.set_local_global_balance(r)


def test_balance_cannot_change_during_run():
    o = paramfit.PSO([1.0, 1.0], rng=1)
    o.ask()
    with pytest.raises(Exception, match="^Cannot change settings during run.$"):
        o.set_local_global_balance(0.1)
    with pytest.raises(Exception, match="during run"):
        o.set_hyper_parameters([6, 0.1])


@pytest.mark.parametrize("r", [0.0, 0.2, 1.0])
def test_balance_is_honoured(r):
    """PINTS 0.6.1 resets r to 0.5 at the first ask() (so its setter has no
    effect); paramfit keeps the value set."""
    o = paramfit.PSO([1.0, 1.0], rng=1)
    o.set_local_global_balance(r)
    for _ in range(3):
        xs = o.ask()
        o.tell(sphere(xs))
    assert o._almax == pytest.approx(4.1 * r) and o._agmax == pytest.approx(
        4.1 - 4.1 * r
    )


def test_velocities_match_pints_given_the_same_random_numbers():
    """Replay PINTS's draws (al, ag per particle, in order) into our
    vectorised update: positions and velocities agree."""
    d = 3
    state = np.random.get_state()
    try:
        np.random.seed(4)
        theirs = pints.PSO(np.ones(d) * 2, 0.5)
        for _ in range(2):  # after that, no best aliases a particle
            xs = theirs.ask()
            theirs.tell(sphere(xs))
        xs = theirs.ask()
        fs = sphere(xs)
        x0, v0 = theirs._xs.copy(), np.array(theirs._vs)
        fl0, pl0, pg = np.array(theirs._fl), np.array(theirs._pl), theirs._pg.copy()
        before = np.random.get_state()
        theirs.tell(fs)
        np.random.set_state(before)
        draws = [np.random.uniform(0, hi, d) for _ in xs for hi in (2.05, 2.05)]
    finally:
        np.random.set_state(state)
    al, ag = np.array(draws[0::2]), np.array(draws[1::2])
    improved = fs < fl0
    pl = np.where(improved[:, None], x0, pl0)
    vs = pso_velocities(x0, v0, pl, pg, al, ag)
    np.testing.assert_allclose(vs, np.array(theirs._vs), rtol=1e-14)
    np.testing.assert_allclose(x0 + vs, theirs._xs, rtol=1e-14)


def test_initial_swarm():
    o = paramfit.PSO([1.0, 10.0], [0.1, 2.0], rng=2)
    o.set_population_size(4000)
    xs = o.ask()
    assert xs[0].tolist() == [1, 10]
    assert_mean(xs[1:], [1, 10], [0.1, 2.0], k=4)
    np.testing.assert_allclose(xs[1:].std(axis=0), [0.1, 2.0], rtol=0.05)
    assert np.all((o._vs >= 0) & (o._vs < [0.01, 0.2]))


def test_initial_swarm_fills_rectangular_boundaries():
    b = paramfit.RectangularBoundaries([0, -5], [1, 5])
    o = paramfit.PSO([0.5, 0.0], boundaries=b, rng=3)
    o.set_population_size(2000)
    xs = o.ask()
    assert len(xs) == 2000 and b.check_all(xs).all()
    assert_mean(xs, [0.5, 0], np.array([1, 10]) / np.sqrt(12), k=4)  # uniform


def test_ask_returns_a_writable_copy():
    o = paramfit.PSO([1.0, 1.0], rng=1)
    xs = o.ask()
    assert xs.flags.writeable
    before = xs.copy()
    xs[:] = 42
    np.testing.assert_array_equal(o.ask(), before)  # asking again: same swarm


def test_velocity_halved_when_a_particle_would_leave():
    b = paramfit.RectangularBoundaries([0, 0], [10, 10])
    o = paramfit.PSO([5.0, 5.0], 1.0, boundaries=b, rng=1)
    # One particle, only local pull, always improving: the velocity only
    # changes when it is halved.
    o.set_population_size(1)
    o.set_local_global_balance(1)
    o.ask()
    o._vs = np.array([[8.0, 0.0]])
    o.tell([1.0])
    np.testing.assert_array_equal(o._vs, [[4.0, 0.0]])
    np.testing.assert_array_equal(o._xs, [[9.0, 5.0]])
    o.ask()
    o.tell([0.5])  # 9 + 4 is outside: halved once only, and still outside
    assert o._xs[0].tolist() == [11, 5]
    with pytest.warns(UserWarning, match="^All PSO particles are outside the"):
        xs = o.ask()
    assert xs.shape == (0, 2)
    o.tell([])
    assert o.f_best() == 0.5 and o.x_best().tolist() == [9, 5]


def test_duck_typed_boundaries_without_sample():
    class Disc:
        def n_parameters(self):
            return 2

        def check(self, x):
            return float(np.sum(np.asarray(x) ** 2)) < 1

    o = paramfit.PSO([0.1, 0.1], 0.2, boundaries=Disc(), rng=5)
    for _ in range(30):
        xs = o.ask()
        assert all(Disc().check(x) for x in xs)
        o.tell(sphere(xs) if len(xs) else [])
    assert o.f_best() < sphere([0.1, 0.1])[0]


def test_logging_has_one_file_only_column_per_particle(tmp_path):
    o = paramfit.PSO([1.0, 1.0], rng=1)
    o.set_population_size(3)
    logger = paramfit.Logger()
    logger.set_stream(None)
    logger.set_filename(str(tmp_path / "log.txt"))
    logger.add_counter("Iter.", max_value=10)
    o._log_init(logger)
    for i in range(2):
        xs = o.ask()
        o.tell(sphere(xs))
        logger.log(i)
        o._log_write(logger)
    lines = (tmp_path / "log.txt").read_text().splitlines()
    assert lines[0].split() == ["Iter.", "f0", "f1", "f2"]
    logged = [float(v) for v in lines[-1].split()[1:]]
    np.testing.assert_allclose(logged, o._fl, rtol=1e-2)  # 9-wide columns
    screen = paramfit.Logger()
    o._log_init(screen)
    assert all(field.file_only for field in screen._fields)
