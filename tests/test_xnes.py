"""xNES: reference values of one update, hyper-parameters, sampling (its
convergence is in the convergence table)."""

import numpy as np
import pints  # the oracle (PINTS 0.6.1), for side-by-side reference values
import pytest
import scipy.linalg
from harness import assert_mean, assert_sd

import paramfit
from paramfit.optimisers._xnes import symmetric_expm, xnes_update, xnes_utilities


def test_name_and_defaults():
    assert paramfit.XNES.name() == "Exponential Natural Evolution Strategy (xNES)"
    o = paramfit.XNES([1.0, 2.0, 3.0])
    o.ask()
    assert o._eta_a == pytest.approx(0.6 * (3 + np.log(3)) * 3**-1.5)
    np.testing.assert_array_equal(o._a, np.diag(o._sigma0))


def test_utilities_by_hand():
    # lambda = 4: u_k = max(0, ln 3 - ln k), k = 1..4 -> [ln3, ln1.5, 0, 0]
    raw = np.array([np.log(3), np.log(1.5), 0, 0])
    expected = raw / raw.sum() - 0.25
    np.testing.assert_allclose(xnes_utilities(4), expected, rtol=1e-13)
    assert abs(xnes_utilities(17).sum()) < 1e-15


def test_update_by_hand_in_one_dimension():
    """For d = 1 everything is scalar: check against a hand derivation."""
    z = np.array([[0.5], [-1.0], [2.0], [0.1]])
    u = xnes_utilities(4)
    mu, a = xnes_update(np.array([1.0]), np.array([[2.0]]), z, u, 0.15 * u)
    g_delta = sum(u[k] * z[k, 0] for k in range(4))
    g_m = sum(u[k] * (z[k, 0] ** 2 - 1) for k in range(4))
    assert mu[0] == pytest.approx(1 + 2 * g_delta, rel=1e-14)
    assert a[0, 0] == pytest.approx(2 * np.exp(0.15 * g_m), rel=1e-14)


def test_covariance_update_uses_the_matrix_exponential():
    """An element-wise exp would give a different (wrong) factor."""
    rng = np.random.default_rng(0)
    z = rng.standard_normal((6, 3))
    u = xnes_utilities(6)
    a0 = np.diag([1.0, 2.0, 3.0])
    _, a = xnes_update(np.zeros(3), a0, z, u, 0.25 * u)
    g_m = sum(u[k] * (np.outer(z[k], z[k]) - np.eye(3)) for k in range(6))
    np.testing.assert_allclose(a, a0 @ scipy.linalg.expm(0.25 * g_m), rtol=1e-12)
    assert not np.allclose(a, a0 @ np.exp(0.25 * g_m))


@pytest.mark.parametrize("d", [2, 5])
def test_one_step_matches_pints(d):
    """Inject PINTS's own samples into our pure update and compare."""
    state = np.random.get_state()
    try:
        np.random.seed(d)
        theirs = pints.XNES(np.arange(1.0, d + 1), sigma0=0.7)
        xs = theirs.ask()
        fs = np.sum(xs**2, axis=1)
        mu0, a0, z = theirs._mu.copy(), theirs._A.copy(), theirs._zs.copy()
        theirs.tell(fs)
    finally:
        np.random.set_state(state)
    ours = paramfit.XNES(np.arange(1.0, d + 1), sigma0=0.7)
    ours.ask()
    u = ours._utilities
    mu, a = xnes_update(
        mu0, a0, z[np.argsort(fs)], ours._eta_mu * u, 0.5 * ours._eta_a * u
    )
    np.testing.assert_allclose(mu, theirs._mu, rtol=1e-13)
    np.testing.assert_allclose(a, theirs._A, rtol=1e-12, atol=1e-15)


def test_ask_moments_match_the_search_distribution():
    o = paramfit.XNES([1.0, -2.0], sigma0=[0.5, 3.0], rng=11)
    o.set_population_size(20000)
    xs = o.ask()
    assert_mean(xs, [1, -2], [0.5, 3.0], k=4)
    assert_sd(xs, [0.5, 3.0], k=6)  # 6 standard errors: 3 % at n = 20000


def test_guessed_is_mean_and_batch_minimum():
    o = paramfit.XNES([1.0, 1.0], rng=1)
    xs = o.ask()
    fs = np.arange(len(xs), dtype=float) + 10
    o.tell(fs)
    assert o.f_guessed() == 10
    np.testing.assert_array_equal(o.x_guessed(), o._mu)
    o.ask()
    o.tell(fs + 5)
    assert o.f_guessed() == 15 and o.f_best() == 10


def test_translation_invariance():
    shift = np.array([100.0, -50.0])

    def run(offset):
        o = paramfit.XNES(np.array([3.0, -2.0]) + offset, sigma0=1.0, rng=8)
        for _ in range(20):
            xs = o.ask()
            o.tell([np.sum((x - offset - 1) ** 2) for x in xs])
        return o.x_guessed() - offset

    np.testing.assert_allclose(run(0), run(shift), atol=1e-9)


@pytest.mark.parametrize("d", [1, 2, 7, 30])
def test_symmetric_expm_matches_scipy(d):
    rng = np.random.default_rng(d)
    b = rng.standard_normal((d, d))
    m = 0.5 * (b + b.T)
    expected = scipy.linalg.expm(m)
    # Both methods' rounding errors scale with the matrix's norm, not with
    # each entry (which BLAS kernel runs changes the last digits of small ones).
    atol = 1e-13 * np.abs(expected).max()
    np.testing.assert_allclose(symmetric_expm(m), expected, rtol=1e-12, atol=atol)


def test_symmetric_expm_falls_back_when_lapack_fails(monkeypatch):
    """A non-converged eigensolver must not give a silently wrong factor."""
    import paramfit.optimisers._xnes as xnes_module

    def failing(m):
        return np.zeros(len(m)), np.zeros_like(m), 0, None, 1

    monkeypatch.setattr(xnes_module, "_dsyevr", failing)
    m = np.array([[0.3, -0.2], [-0.2, 0.1]])
    np.testing.assert_allclose(symmetric_expm(m), scipy.linalg.expm(m), rtol=1e-14)
