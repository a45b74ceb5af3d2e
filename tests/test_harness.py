"""The statistical harness itself: it passes on samples of the target, fails
on a wrong target, and its standard errors have the right size (a check
that cannot fail, or fails at random, tests nothing)."""

import numpy as np
import pytest
import scipy.signal
from harness import (
    assert_correlation,
    assert_cov,
    assert_mean,
    assert_rhat,
    assert_sd,
    effective_sample_size,
    split_rhat,
)

MEAN = np.array([1.0, -2.0])
SD = np.array([0.5, 3.0])
RHO = 0.6
COV = np.array([[0.25, RHO * 1.5], [RHO * 1.5, 9.0]])


def draws(n=20000, seed=1):
    return np.random.default_rng(seed).multivariate_normal(MEAN, COV, n)


def ar1(n, phi, seed, chains=1):
    """Stationary AR(1) chains with unit marginal variance, shape (chains, n)."""
    rng = np.random.default_rng(seed)
    e = rng.standard_normal((chains, n)) * np.sqrt(1 - phi**2)
    e[:, 0] = rng.standard_normal(chains)  # start in the stationary law
    return scipy.signal.lfilter([1.0], [1.0, -phi], e, axis=1)


def fails(check, *args, **kwargs):
    try:
        check(*args, **kwargs)
    except AssertionError:
        return True
    return False


# -- passes on the target, fails off it ------------------------------------


def test_passes_on_samples_of_the_target():
    x = draws()
    assert_mean(x, MEAN, SD)
    assert_sd(x, SD)
    assert_correlation(x, [[1, RHO], [RHO, 1]])
    assert_cov(x, COV)


@pytest.mark.parametrize(
    "check, args",
    [
        (assert_mean, (MEAN + 6 * SD / np.sqrt(20000), SD)),  # 6 standard errors
        (assert_mean, (MEAN + [0, 0.15], SD)),  # one coordinate, 7 SE
        (assert_sd, (SD * [1, 1.03],)),  # 3 % off: 6 standard errors
        (assert_correlation, ([[1, 0.62], [0.62, 1]],)),
        (assert_correlation, (0.0,)),
        (assert_cov, (COV * 1.03,)),
        (assert_cov, (np.diag(np.diag(COV)),)),
    ],
)
def test_fails_on_a_wrong_target(check, args):
    with pytest.raises(AssertionError, match="Monte Carlo standard errors"):
        check(draws(), *args)


def test_failure_names_the_coordinate_and_the_distance():
    with pytest.raises(AssertionError, match=r"mean\[1\]: .* \(6\.0 SE\)"):
        assert_mean(np.column_stack([[-1, 1, -1, 1], [2, 4, 2, 4]]), 0, 1)


# -- the standard errors have the right size ---------------------------------


@pytest.mark.parametrize(
    "check, target",
    [
        (assert_mean, lambda x: (MEAN, SD)),
        (assert_sd, lambda x: (SD,)),
        (assert_correlation, lambda x: ([[1, RHO], [RHO, 1]],)),
        (assert_cov, lambda x: (COV,)),
    ],
)
def test_false_alarm_rate_matches_k(check, target):
    """At k = 2 a correct target fails about 4.6 % of the time per estimate
    (normal approximation): a wrong standard error would give a very
    different rate (e.g. 32 % if halved, under 0.01 % if doubled)."""
    rng = np.random.default_rng(0)
    reps = 1000
    alarms = sum(
        fails(check, x, *target(x), k=2)
        for x in rng.multivariate_normal(MEAN, COV, (reps, 400))
    )
    per_check = {assert_mean: 2, assert_sd: 2, assert_correlation: 1, assert_cov: 3}
    expected = 1 - (1 - 0.0455) ** per_check[check]  # independent enough
    assert 0.5 * expected * reps < alarms < 1.6 * expected * reps


def test_uniform_sd_needs_its_kurtosis():
    """The standard error of a standard deviation depends on the kurtosis:
    for uniform draws the normal one is 1.5 times too wide."""
    rng = np.random.default_rng(3)
    reps, n = 1000, 400
    x = rng.uniform(0, 1, (reps, n))
    sd = 1 / np.sqrt(12)
    normal = sum(fails(assert_sd, xi, sd, k=2) for xi in x)
    uniform = sum(fails(assert_sd, xi, sd, k=2, kurtosis=1.8) for xi in x)
    assert normal < 0.3 * 0.0455 * reps < 0.5 * 0.0455 * reps < uniform
    assert uniform < 1.6 * 0.0455 * reps


# -- autocorrelated chains -------------------------------------------------


def test_effective_sample_size_of_ar1_chains():
    """For AR(1) with coefficient phi, n_eff = n (1 - phi) / (1 + phi)."""
    n = 20000
    for phi in (0.0, 0.5, 0.9):
        (chain,) = ar1(n, phi, seed=4)
        expected = n * (1 - phi) / (1 + phi)
        assert effective_sample_size(chain)[0] == pytest.approx(expected, rel=0.2)
    two = np.column_stack([ar1(n, 0.0, 5)[0], ar1(n, 0.9, 6)[0]])
    ess = effective_sample_size(two)
    assert ess[0] > 5 * ess[1]


def test_ess_makes_the_mean_check_honest_for_chains():
    """Ignoring autocorrelation makes the standard error far too small, so
    a correct target fails often; with the chain's ESS it fails at the
    nominal rate."""
    chains = ar1(2000, 0.9, seed=7, chains=400)
    naive = sum(fails(assert_mean, c, 0.0, 1.0, k=2) for c in chains)
    honest = sum(
        fails(assert_mean, c, 0.0, 1.0, k=2, ess=effective_sample_size(c))
        for c in chains
    )
    assert naive > 0.4 * len(chains)
    assert honest < 2 * 0.0455 * len(chains)
    c = chains[0]
    wrong = 6 / np.sqrt(effective_sample_size(c)[0])
    assert fails(assert_mean, c, c.mean() + wrong, 1.0, ess=effective_sample_size(c))


def test_split_rhat():
    rng = np.random.default_rng(8)
    agree = rng.standard_normal((4, 2000, 2))
    assert_rhat(agree)
    assert split_rhat(agree) == pytest.approx([1, 1], abs=0.01)
    # one chain stuck elsewhere
    apart = agree.copy()
    apart[0] += 1.0
    with pytest.raises(AssertionError, match="split R-hat"):
        assert_rhat(apart)
    # every chain drifting the same way: their means agree, but their halves
    # do not (what splitting is for)
    drifting = agree + np.linspace(0, 2, 2000)[None, :, None]
    whole_means = drifting.mean(axis=1)
    assert np.ptp(whole_means, axis=0).max() < 0.2
    assert np.all(split_rhat(drifting) > 1.1)


@pytest.mark.parametrize(
    "call",
    [
        lambda: assert_mean(np.ones(1), 1, 1),
        lambda: assert_mean(np.ones((3, 2)), 1, 1, ess=1),
        lambda: assert_correlation(np.ones((3, 1)), 0),
        lambda: split_rhat(np.ones((2, 3))),
        lambda: effective_sample_size(np.ones((1, 2))),
    ],
)
def test_bad_input(call):
    with pytest.raises(ValueError):
        call()
