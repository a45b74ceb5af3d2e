"""SNES: reference values of one update, hyper-parameters, sampling (its
convergence is in the convergence table)."""

import numpy as np
import pints  # the oracle (PINTS 0.6.1), for side-by-side reference values
import pytest
from harness import assert_correlation, assert_mean, assert_sd

import paramfit
from paramfit.optimisers._snes import snes_update
from paramfit.optimisers._xnes import xnes_utilities


def test_name_and_defaults():
    assert paramfit.SNES.name() == "Seperable Natural Evolution Strategy (SNES)"
    o = paramfit.SNES([1.0, 2.0, 3.0], [0.5, 1.0, 2.0])
    assert o.population_size() == 7 and o.n_hyper_parameters() == 1
    o.ask()
    assert o._eta_mu == 1
    assert o._eta_sigmas == pytest.approx(0.2 * (3 + np.log(3)) / np.sqrt(3))
    np.testing.assert_array_equal(o._sigmas, [0.5, 1.0, 2.0])
    np.testing.assert_array_equal(o._utilities, xnes_utilities(7))


def test_update_by_hand_in_one_dimension():
    s = np.array([[0.5], [-1.0], [2.0], [0.1]])  # sorted best to worst
    u = xnes_utilities(4)
    mu, sigmas = snes_update(np.array([1.0]), np.array([2.0]), s, u, 0.15 * u)
    g_mu = sum(u[k] * s[k, 0] for k in range(4))
    g_sigma = sum(u[k] * (s[k, 0] ** 2 - 1) for k in range(4))
    assert mu[0] == pytest.approx(1 + 2 * g_mu, rel=1e-14)
    assert sigmas[0] == pytest.approx(2 * np.exp(0.15 * g_sigma), rel=1e-14)


def test_update_is_element_wise():
    """Each parameter's update only involves its own column of samples."""
    rng = np.random.default_rng(0)
    s = rng.standard_normal((6, 3))
    u = xnes_utilities(6)
    mu, sig = np.array([1.0, -2.0, 3.0]), np.array([0.5, 1.0, 2.0])
    both = snes_update(mu, sig, s, u, 0.2 * u)
    for i in range(3):
        one = snes_update(mu[i : i + 1], sig[i : i + 1], s[:, i : i + 1], u, 0.2 * u)
        assert one[0][0] == pytest.approx(both[0][i], rel=1e-15)
        assert one[1][0] == pytest.approx(both[1][i], rel=1e-15)


def test_weights_follow_the_samples():
    """Unsorted samples with their ranks' utilities = sorted samples."""
    rng = np.random.default_rng(1)
    s, fs = rng.standard_normal((8, 2)), rng.standard_normal(8)
    u = xnes_utilities(8)
    order = np.argsort(fs)
    weights = np.empty(8)
    weights[order] = u
    a = snes_update(np.zeros(2), np.ones(2), s[order], u, 0.15 * u)
    b = snes_update(np.zeros(2), np.ones(2), s, weights, 0.15 * weights)
    np.testing.assert_allclose(a, b, rtol=1e-14)


def pints_step(d, seed):
    """One PINTS SNES generation: its state, samples, scores and result."""
    state = np.random.get_state()
    try:
        np.random.seed(seed)
        theirs = pints.SNES(np.arange(1.0, d + 1), sigma0=np.linspace(0.5, 1, d))
        for _ in range(3):
            xs = theirs.ask()
            theirs.tell(np.sum(xs**2, axis=1))
        xs = theirs.ask()
        fs = np.sum(xs**2, axis=1)
        before = theirs._mu.copy(), theirs._sigmas.copy(), theirs._ss.copy()
        theirs.tell(fs)
    finally:
        np.random.set_state(state)
    return before, fs, (theirs._mu, theirs._sigmas)


@pytest.mark.parametrize("d", [2, 5, 30])
def test_one_step_matches_pints(d):
    """Inject PINTS's own samples into our pure update and compare."""
    (mu0, sig0, s), fs, (mu, sig) = pints_step(d, d)
    ours = paramfit.SNES(np.ones(d))
    ours.ask()
    order = np.argsort(fs)
    u = ours._utilities
    new = snes_update(mu0, sig0, s[order], u, 0.5 * ours._eta_sigmas * u)
    np.testing.assert_allclose(new[0], mu, rtol=1e-14)
    np.testing.assert_allclose(new[1], sig, rtol=1e-14)


def test_tell_matches_pints_given_the_same_samples():
    """The class (utilities scattered to the samples) agrees too."""
    (mu0, sig0, s), fs, (mu, sig) = pints_step(4, 7)
    ours = paramfit.SNES(np.ones(4), rng=1)
    ours.ask()
    ours._mu, ours._sigmas, ours._s = mu0, sig0, s
    ours.tell(fs)
    np.testing.assert_allclose(ours.x_guessed(), mu, rtol=1e-14)
    np.testing.assert_allclose(ours._sigmas, sig, rtol=1e-14)


def test_ask_moments_match_the_search_distribution():
    o = paramfit.SNES([1.0, -2.0], sigma0=[0.5, 3.0], rng=11)
    o.set_population_size(20000)
    xs = o.ask()
    assert_mean(xs, [1, -2], [0.5, 3.0], k=4)
    assert_sd(xs, [0.5, 3.0], k=6)  # 6 standard errors: 3 % at n = 20000
    assert_correlation(xs, 0.0, k=4)


def test_guessed_is_mean_and_batch_minimum():
    o = paramfit.SNES([1.0, 1.0], rng=1)
    xs = o.ask()
    fs = np.arange(len(xs), dtype=float) + 10
    o.tell(fs)
    assert o.f_guessed() == 10 and o.f_best() == 10
    np.testing.assert_array_equal(o.x_best(), xs[0])
    np.testing.assert_array_equal(o.x_guessed(), o._mu)
    o.ask()
    o.tell(fs + 5)
    assert o.f_guessed() == 15 and o.f_best() == 10


def test_all_points_outside_boundaries_warns():
    b = paramfit.RectangularBoundaries([0, 0], [1, 1])
    o = paramfit.SNES([0.5, 0.5], sigma0=1e6, boundaries=b, rng=3)
    with pytest.warns(UserWarning, match="^All points requested by SNES are outside"):
        xs = o.ask()
    assert xs.shape == (0, 2)
    o.tell([])
    assert o.f_best() == np.inf
