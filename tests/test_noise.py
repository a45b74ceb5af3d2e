"""Tests for ``paramfit.noise``: validation (PINTS's messages), shapes,
seeding, and statistical properties with fixed seeds."""

from __future__ import annotations

import re

import numpy as np
import pytest

import paramfit.noise as pn

SEEDS = [1, 2, 3, 2024]


def raises(exc, message):
    return pytest.raises(exc, match="^" + re.escape(message) + "$")


RHO = "Magnitude of rho must be less than 1 (otherwise the process is non-stationary)."
THETA = "Absolute value of theta must be less than 1 so that the process is invertible."
SIGMA = "Standard deviation must be positive."
N = "Number of values to generate must be at least one."


# --- validation ------------------------------------------------------------------


@pytest.mark.parametrize("fn", [pn.ar1, pn.ar1_unity])
def test_ar1_validation(fn):
    with raises(ValueError, RHO):
        fn(1.1, 5, 10)
    with raises(ValueError, RHO):
        fn(-1.0, 5, 10)
    with raises(ValueError, SIGMA):
        fn(0.5, -5, 10)
    with raises(ValueError, SIGMA):
        fn(0.5, 0, 10)
    with raises(ValueError, N):
        fn(0.5, 5, 0)
    with raises(ValueError, RHO):  # rho is checked first
        fn(2, -1, 0)


def test_arma11_validation():
    explosive = RHO.replace("non-stationary", "explosive")
    for fn, rho_message in ((pn.arma11, RHO), (pn.arma11_unity, explosive)):
        with raises(ValueError, rho_message):
            fn(1.1, 0.5, 5, 100)
        with raises(ValueError, THETA):
            fn(0.5, 1.1, 5, 100)
        with raises(ValueError, THETA):
            fn(0.5, -1.0, 5, 100)
        with raises(ValueError, SIGMA):
            fn(0.5, 0.5, -5, 100)
        with raises(ValueError, N):
            fn(0.5, 0.5, 5, -100)


def test_independent_validation_is_numpys():
    with pytest.raises(ValueError, match="scale < 0"):
        pn.independent(-1, 3)
    with pytest.raises(TypeError):
        pn.independent(1, "hello")


def test_multiplicative_gaussian_validation():
    with raises(ValueError, "f must have be of shape (n_outputs, n_times)."):
        pn.multiplicative_gaussian(1, 1, np.ones((2, 2, 2)))
    with raises(ValueError, "eta must be a scalar or of shape (n_outputs,)."):
        pn.multiplicative_gaussian([1, 2, 3], 1, np.ones((2, 5)))
    with raises(ValueError, "eta must be a scalar or of shape (n_outputs,)."):
        pn.multiplicative_gaussian(np.ones((2, 1)), 1, np.ones((2, 5)))
    with raises(ValueError, "sigma must be a scalar or of shape (n_outputs,)."):
        pn.multiplicative_gaussian(1, [1, 2], np.ones(5))
    for sigma in (0, -1, [1, 0]):
        with raises(ValueError, "Standard deviation must be greater than zero."):
            pn.multiplicative_gaussian(1, sigma, np.ones((2, 5)))


# --- shapes and seeding ----------------------------------------------------------


def test_shapes():
    assert pn.independent(3, (10, 10)).shape == (10, 10)
    assert pn.independent(3, 7).shape == (7,)
    assert pn.independent([1, 2], (4, 2)).shape == (4, 2)
    for fn in (pn.ar1, pn.ar1_unity):
        assert fn(0.1, 1, 100).shape == (100,)
        assert fn(0.1, 1, 1).shape == (1,)
        assert fn(0.1, 1, 5.0).shape == (5,)  # n is converted with int()
    for fn in (pn.arma11, pn.arma11_unity):
        assert fn(0.5, 0.5, 1, 100).shape == (100,)
        assert fn(0.5, 0.5, 1, 1).shape == (1,)
    f2 = np.ones((2, 50))
    assert pn.multiplicative_gaussian(1, 1, f2).shape == (2, 50)
    assert pn.multiplicative_gaussian([1, 2], [0.5, 3], f2).shape == (2, 50)
    assert pn.multiplicative_gaussian([1.5], [2], np.ones(50)).shape == (50,)


def test_outputs_are_writable_and_seeded():
    calls = [
        lambda rng: pn.independent(2, 20, rng=rng),
        lambda rng: pn.ar1(0.5, 2, 20, rng=rng),
        lambda rng: pn.ar1_unity(0.5, 2, 20, rng=rng),
        lambda rng: pn.arma11(0.5, 0.3, 2, 20, rng=rng),
        lambda rng: pn.arma11_unity(0.5, 0.3, 2, 20, rng=rng),
        lambda rng: pn.multiplicative_gaussian(1, 2, np.arange(1.0, 21), rng=rng),
    ]
    for call in calls:
        a, b = call(5), call(np.random.default_rng(5))
        assert np.array_equal(a, b) and a.flags.writeable and a.dtype == float
        assert not np.array_equal(a, call(6))


def test_rng_none_follows_numpys_global_seed():
    state = np.random.get_state()  # noqa: NPY002
    try:
        np.random.seed(3)  # noqa: NPY002
        a = pn.ar1(0.9, 1, 10)
        np.random.seed(3)  # noqa: NPY002
        b = pn.ar1(0.9, 1, 10)
    finally:
        np.random.set_state(state)  # noqa: NPY002
    assert np.array_equal(a, b)


def test_given_rng_leaves_global_state_alone():
    before = np.random.get_state()[1].copy()  # noqa: NPY002
    pn.arma11(0.5, 0.5, 1, 10, rng=1)
    assert np.array_equal(before, np.random.get_state()[1])  # noqa: NPY002


# --- statistics (fixed seeds; tolerances are a few standard errors) ------------


def lag1(e):
    d = e - e.mean()
    return float(d[:-1] @ d[1:] / (d @ d))


@pytest.mark.parametrize("seed", SEEDS)
def test_independent_moments(seed):
    e = pn.independent(3, 100_000, rng=seed)
    assert abs(e.mean()) < 4 * 3 / np.sqrt(1e5)
    assert abs(e.std() - 3) < 4 * 3 / np.sqrt(2e5)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("rho", [0.9, 0.5, -0.5])
@pytest.mark.parametrize("unity", [False, True])
def test_ar1_moments_and_autocorrelation(seed, rho, unity):
    n, sigma = 100_000, 2.0
    e = (pn.ar1_unity if unity else pn.ar1)(rho, sigma, n, rng=seed)
    # Large-n standard errors of an AR(1) series' mean, std and lag-1
    # autocorrelation.
    se_mean = sigma * np.sqrt((1 + rho) / ((1 - rho) * n))
    se_std = sigma / 2 * np.sqrt(2 * (1 + rho**2) / ((1 - rho**2) * n))
    se_rho = np.sqrt((1 - rho**2) / n)
    assert abs(e.mean() - (1 if unity else 0)) < 4 * se_mean
    assert abs(e.std() - sigma) < 4 * se_std
    assert abs(lag1(e) - rho) < 4 * se_rho


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize(("rho", "theta"), [(0.5, 0.5), (0.8, -0.6), (-0.3, 0.4)])
@pytest.mark.parametrize("unity", [False, True])
def test_arma11_moments_and_autocorrelation(seed, rho, theta, unity):
    n, sigma = 100_000, 5.0
    e = (pn.arma11_unity if unity else pn.arma11)(rho, theta, sigma, n, rng=seed)
    expected_rho1 = (1 + theta * rho) * (rho + theta) / (1 + 2 * theta * rho + theta**2)
    # Loose bounds: about 4 standard errors for the worst case here.
    assert abs(e.mean() - (1 if unity else 0)) < 4 * sigma * np.sqrt(6 / n)
    assert abs(e.std() / sigma - 1) < 0.03
    assert abs(lag1(e) - expected_rho1) < 0.015


@pytest.mark.parametrize(
    "draw",
    [
        lambda rng: pn.ar1(0.95, 3.0, 2, rng=rng),
        lambda rng: pn.arma11(0.8, 0.6, 3.0, 2, rng=rng),
        lambda rng: pn.arma11(0.5, -0.9, 3.0, 2, rng=rng),
    ],
)
def test_processes_start_in_their_stationary_distribution(draw):
    rng = np.random.default_rng(11)
    first = np.array([draw(rng)[0] for _ in range(4000)])
    assert abs(first.mean()) < 4 * 3.0 / np.sqrt(4000)
    assert abs(first.std() - 3.0) < 4 * 3.0 / np.sqrt(8000)


@pytest.mark.parametrize("seed", SEEDS)
def test_multiplicative_gaussian_scales_with_output(seed):
    f = np.vstack([np.full(50_000, 2.0), np.full(50_000, 9.0)])
    eta, sigma = np.array([1.0, 0.5]), np.array([0.5, 2.0])
    e = pn.multiplicative_gaussian(eta, sigma, f, rng=seed)
    expected = f[:, 0] ** eta * sigma  # [1, 6]
    assert np.all(np.abs(e.mean(axis=1)) < 4 * expected / np.sqrt(50_000))
    assert np.all(np.abs(e.std(axis=1) / expected - 1) < 4 / np.sqrt(100_000))
