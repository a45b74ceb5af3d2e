"""BareCMAES: PINTS 0.6.1's behaviour (defaults, symmetric covariance, its
ill-conditioning stop) and its trajectory replayed exactly."""

import numpy as np
import pints  # the oracle (PINTS 0.6.1)
import pytest

import paramfit
from paramfit.optimisers._cmaes_bare import BareState, bare_parameters, bare_update


class Replay:
    """A stand-in generator that hands out PINTS's recorded samples."""

    def __init__(self, draws):
        self._draws = list(draws)

    def standard_normal(self, shape):
        z = self._draws.pop(0)
        assert z.shape == shape
        return z


def _pints_run(d, iterations, boundaries=None, seed=1):
    """PINTS's BareCMAES on a shifted ellipsoid: its samples, states, bests."""
    scale = np.arange(1.0, d + 1)
    state = np.random.get_state()
    try:
        np.random.seed(seed)
        o = pints.BareCMAES(np.full(d, 0.5), 0.3, boundaries)
        draws, means, covs, bests = [], [], [], []
        for _ in range(iterations):
            xs = o.ask()
            draws.append(o._zs.copy())
            o.tell(np.sum((scale * (xs - 0.2)) ** 2, axis=1))
            means.append(o.mean().copy())
            covs.append(o.cov().copy())
            bests.append(o.f_best())
    finally:
        np.random.set_state(state)
    return draws, means, covs, bests, o


@pytest.mark.parametrize("d", [2, 5])
def test_replays_pints_trajectory(d):
    b = paramfit.RectangularBoundaries(np.zeros(d), np.ones(d))
    pb = pints.RectangularBoundaries(np.zeros(d), np.ones(d))
    draws, means, covs, bests, theirs = _pints_run(d, 25, pb)
    ours = paramfit.BareCMAES(np.full(d, 0.5), 0.3, b, rng=1)
    ours._rng = Replay(draws)
    scale = np.arange(1.0, d + 1)
    for k in range(25):
        xs = ours.ask()
        ours.tell(np.sum((scale * (xs - 0.2)) ** 2, axis=1))
        np.testing.assert_allclose(ours.mean(), means[k], rtol=1e-10, atol=1e-13)
        np.testing.assert_allclose(ours.cov(), covs[k], rtol=1e-9, atol=1e-14)
        assert ours.f_best() == pytest.approx(bests[k], rel=1e-9)
    assert ours._state.eta == pytest.approx(theirs._eta, rel=1e-9)


def test_one_update_matches_pints_exactly():
    state = np.random.get_state()
    try:
        np.random.seed(4)
        theirs = pints.BareCMAES([1.0, 2.0, 3.0], 0.5)
        xs = theirs.ask()
        fs = np.sum(xs**2, axis=1)
        s0 = BareState(
            theirs._mu.copy(),
            float(theirs._eta),
            theirs._C.copy(),
            theirs._R.copy(),
            np.diag(theirs._S).copy(),
            theirs._psig.copy(),
            theirs._pc.copy(),
            0,
        )
        zs = theirs._zs.copy()
        theirs.tell(fs)
    finally:
        np.random.set_state(state)
    new = bare_update(s0, zs[np.argsort(fs)], bare_parameters(3, 7))
    np.testing.assert_allclose(new.mu, theirs._mu, rtol=1e-14)
    np.testing.assert_allclose(new.c, theirs._C, rtol=1e-13)
    np.testing.assert_allclose(new.p_sigma, theirs._psig, rtol=1e-13)
    np.testing.assert_allclose(new.p_c, theirs._pc, rtol=1e-13)
    assert new.eta == pytest.approx(theirs._eta, rel=1e-14)
    np.testing.assert_allclose(new.s, np.diag(theirs._S), rtol=1e-12)
    assert new.iterations == theirs._iterations == 1


def test_parameters_match_pints():
    theirs = pints.BareCMAES([1.0, 2.0, 3.0, 4.0])
    theirs._population_size = 9
    theirs._initialise()
    p = bare_parameters(4, 9)
    np.testing.assert_allclose(p.weights, theirs._W, rtol=1e-14)
    for ours, name in [
        (p.mu_eff, "_muEff"),
        (p.c_cov, "_ccov"),
        (p.c_sigma, "_csig"),
        (p.c1, "_c1"),
        (p.c_mu, "_cmu"),
        (p.d_sigma, "_dsig"),
        (p.e, "_e"),
    ]:
        assert ours == pytest.approx(getattr(theirs, name), rel=1e-14), name


def test_spec_behaviour():
    assert paramfit.BareCMAES.name() == "Bare-bones CMA-ES"
    o = paramfit.BareCMAES([1.0, 2.0], rng=2)
    np.testing.assert_array_equal(o._sigma0, [0.1, 0.1])
    assert o.stop() is False
    np.testing.assert_array_equal(o.cov(), np.eye(2))
    for _ in range(30):
        xs = o.ask()
        o.tell(np.sum((xs * [1, 30]) ** 2, axis=1))
    c = o.cov()
    assert np.array_equal(c, c.T)  # exactly symmetric
    r, s = o.cov(decomposed=True)
    np.testing.assert_allclose(r @ s @ s @ r.T, c, rtol=1e-10, atol=1e-14)
    np.testing.assert_array_equal(o.mean(), o.x_guessed())
    assert not o.mean().flags.writeable
    assert o.f_guessed() == o._f_last_min
    o._state = BareState(
        o._state.mu, 1.0, c, r, np.array([1e-8, 1.0]), o._state.p_sigma, o._state.p_c
    )
    assert o.stop() == "Ill-conditioned covariance matrix"


def test_all_outside_warns():
    class Point(paramfit.Boundaries):
        def n_parameters(self):
            return 2

        def check(self, x):
            return bool(np.all(np.asarray(x) == 0.5))

    o = paramfit.BareCMAES([0.5, 0.5], boundaries=Point(), rng=1)
    with pytest.warns(UserWarning, match="^All points requested by BareCMAES are"):
        assert o.ask().shape == (0, 2)
    o.tell([])
