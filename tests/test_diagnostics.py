"""paramfit.diagnostics: PINTS's diagnostics side by side with PINTS, the
rank-normalised ones side by side with ArviZ, known answers, bad inputs."""

from __future__ import annotations

import warnings

import numpy as np
import pints
import pints._diagnostics as pints_diagnostics
import pytest

import paramfit.diagnostics as d

SEEDS = range(6)
# (n_chains, n_samples, n_parameters): odd and even lengths, one chain, short
SHAPES = [(1, 2, 1), (2, 5, 1), (3, 101, 2), (4, 600, 3), (1, 1000, 1), (5, 37, 4)]


def _chains(seed: int, shape: tuple[int, int, int]) -> np.ndarray:
    """Random walks plus noise, so the chains are autocorrelated and differ."""
    r = np.random.default_rng(seed)
    walk = r.normal(size=shape).cumsum(axis=1) * r.uniform(0, 1)
    return walk + r.normal(size=shape) * r.uniform(0.1, 3)


def _ar1(rng: np.random.Generator, phi: float, m: int, n: int) -> np.ndarray:
    """``m`` stationary AR(1) chains x_t = phi x_{t-1} + e_t, var(e) = 1."""
    e = rng.normal(size=(m, n))
    x = np.empty((m, n))
    x[:, 0] = e[:, 0] / np.sqrt(1 - phi**2)
    for t in range(1, n):
        x[:, t] = phi * x[:, t - 1] + e[:, t]
    return x


# -- side by side with PINTS -------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("shape", SHAPES)
def test_single_chain_functions_match_pints(seed, shape):
    x = _chains(seed, shape)[0]
    for j in range(shape[2]):
        rho = d.autocorrelation(x[:, j])
        np.testing.assert_allclose(
            rho, pints_diagnostics.autocorrelation(x[:, j]), rtol=0, atol=1e-13
        )
        assert d.autocorrelate_negative(
            rho
        ) == pints_diagnostics._autocorrelate_negative(rho)
        np.testing.assert_allclose(
            d.effective_sample_size_single_parameter(x[:, j]),
            pints_diagnostics.effective_sample_size_single_parameter(x[:, j]),
            rtol=1e-12,
        )
    ess = d.effective_sample_size(x)
    assert isinstance(ess, list) and len(ess) == shape[2]
    np.testing.assert_allclose(ess, pints.effective_sample_size(x), rtol=1e-12)


# Only chains long enough, after warm-up, for a within-chain variance.
RHAT_CASES = [
    (shape, warm_up)
    for shape in SHAPES
    for warm_up in (0.0, 0.1, 0.5, 0.75)
    if shape[1] >= 4 and (shape[1] - int(shape[1] * warm_up)) // 2 >= 2
]


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize(("shape", "warm_up"), RHAT_CASES)
def test_rhat_matches_pints(seed, shape, warm_up):
    x = _chains(seed, shape)
    np.testing.assert_allclose(
        d.rhat(x, warm_up), pints.rhat(x, warm_up), rtol=1e-14, atol=0
    )
    np.testing.assert_allclose(
        d.rhat(x[:, :, 0], warm_up), pints.rhat(x[:, :, 0], warm_up), rtol=1e-14
    )


def test_autocorrelate_negative():
    assert d.autocorrelate_negative([1.0, 0.5, -0.1, 0.2, -0.3]) == 2
    assert d.autocorrelate_negative([1.0, 0.5, 0.1]) == 3
    assert d._autocorrelate_negative is d.autocorrelate_negative  # PINTS's name


def test_return_types_follow_pints():
    x = _chains(0, (3, 50, 2))
    assert np.ndim(d.rhat(x[:, :, 0])) == 0
    assert d.rhat(x).shape == (2,)
    assert isinstance(d.effective_sample_size_single_parameter(x[0, :, 0]), float)
    assert isinstance(d.autocorrelate_negative([1.0, -1.0]), int)
    # lists of numbers are accepted where PINTS took arrays
    assert d.effective_sample_size(x[0].tolist()) == d.effective_sample_size(x[0])
    assert d.rhat(x.tolist()).tolist() == d.rhat(x).tolist()


def test_rhat_all_params_is_deprecated():
    x = _chains(1, (3, 40, 2))
    with pytest.warns(UserWarning, match=r"`pints.rhat_all_params` is deprecated"):
        r = d.rhat_all_params(x)
    np.testing.assert_array_equal(r, d.rhat(x))


# -- known answers -----------------------------------------------------------


def test_rhat_by_hand():
    # halves [1, 2], [3, 4], [2, 3], [4, 5]: W = 1/2, B = 2 var(1.5, 3.5, 2.5,
    # 4.5) = 10/3, so R-hat = sqrt(1/2 + B / (2 W)) = sqrt(23/6)
    chains = np.array([[1.0, 2, 3, 4], [2, 3, 4, 5]])
    assert d.rhat(chains) == pytest.approx(np.sqrt(23 / 6), rel=1e-14)


def test_autocorrelation_of_ar1_is_geometric():
    x = _ar1(np.random.default_rng(3), 0.9, 1, 20000)[0]
    rho = d.autocorrelation(x)
    assert rho[0] == pytest.approx(1.0)
    np.testing.assert_allclose(rho[:20], 0.9 ** np.arange(20), atol=0.05)


def test_pints_ess_counts_lag_zero():
    # PINTS's sum starts at lag 0 (rho_0 = 1): independent draws give ~n / 3
    n = 3000
    x = np.random.default_rng(4).normal(size=(n, 3))
    assert np.allclose(d.effective_sample_size(x), n / 3, rtol=0.15)
    # AR(1): ESS ~ n / (1 + 2 / (1 - phi)) = n (1 - phi) / (3 - phi)
    phi = 0.5
    ar = _ar1(np.random.default_rng(5), phi, 1, 20000)[0]
    expected = len(ar) * (1 - phi) / (3 - phi)
    assert d.effective_sample_size_single_parameter(ar) == pytest.approx(
        expected, rel=0.15
    )


def test_bulk_and_tail_ess_of_independent_draws_is_about_n():
    x = np.random.default_rng(6).normal(size=(4, 2000, 2))
    np.testing.assert_allclose(d.bulk_effective_sample_size(x), 8000, rtol=0.1)
    np.testing.assert_allclose(d.tail_effective_sample_size(x), 8000, rtol=0.2)


def test_bulk_ess_of_ar1_is_n_over_tau():
    # integrated autocorrelation time of AR(1): tau = (1 + phi) / (1 - phi)
    phi = 0.9
    x = _ar1(np.random.default_rng(7), phi, 4, 5000)
    tau = (1 + phi) / (1 - phi)
    assert d.bulk_effective_sample_size(x) == pytest.approx(x.size / tau, rel=0.2)
    assert d.tail_effective_sample_size(x) < x.size / 5


@pytest.mark.parametrize("n", [4, 5, 6, 7])
def test_ess_of_the_shortest_chains_is_capped(n):
    # split chains of 2 or 3 draws: no pair of lags to sum, so tau takes its
    # floor 1 / log10(S) and the ESS its cap S log10(S), S = m n
    x = np.random.default_rng(n).normal(size=(4, n, 2))
    s = 4 * (n - n % 2)
    bulk = d.bulk_effective_sample_size(x)
    assert np.all(np.isfinite(bulk)) and np.all(bulk <= s * np.log10(s) + 1e-9)


def test_rhat_of_chains_from_one_target_is_about_one():
    x = np.random.default_rng(8).normal(size=(4, 3000, 3))
    np.testing.assert_allclose(d.rhat(x), 1, atol=0.005)
    np.testing.assert_allclose(d.rank_normalised_rhat(x), 1, atol=0.005)
    # one chain against itself: its halves agree
    same = np.stack([x[0, :, 0]] * 3)
    assert d.rhat(same) == pytest.approx(1, abs=0.005)


def test_rhat_sees_chains_that_disagree():
    x = np.random.default_rng(9).normal(size=(4, 1000))
    shifted = x + np.arange(4)[:, None]
    assert d.rhat(shifted) > 1.5
    assert d.rank_normalised_rhat(shifted) > 1.5
    # same centre, different scales: only the folded (tail) R-hat sees it
    scaled = x * np.array([1, 1, 1, 4])[:, None]
    assert d.rhat(scaled) < 1.01
    assert d.rank_normalised_rhat(scaled) > 1.05


def test_chains_that_never_move_give_nan_without_warnings():
    x = np.ones((3, 20, 2))
    x[:, :, 1] = np.random.default_rng(10).normal(size=(3, 20))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert np.isnan(d.autocorrelation(x[0, :, 0])).all()
        assert np.isnan(d.effective_sample_size(x[0])[0])
        rhats = [d.rhat(x), d.rank_normalised_rhat(x)]
        bulk, tail = d.bulk_effective_sample_size(x), d.tail_effective_sample_size(x)
    for values in [*rhats, bulk, tail]:
        assert np.isnan(values[0]) and np.isfinite(values[1])


def test_long_chains_are_fast():
    # O(n log n): PINTS's direct correlation would take seconds here
    x = np.random.default_rng(11).normal(size=(200_000, 2))
    assert np.all(np.isfinite(d.effective_sample_size(x)))


# -- side by side with ArviZ -------------------------------------------------


@pytest.fixture(scope="module")
def arviz():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # ArviZ announces its refactor on import
        return pytest.importorskip("arviz")


def _test_chains(kind: str, seed: int) -> np.ndarray:
    r = np.random.default_rng(seed)
    m, n = int(r.integers(2, 6)), int(r.integers(4, 700))
    if kind == "normal":
        return r.normal(size=(m, n))
    if kind == "ar1":
        return _ar1(r, float(r.uniform(-0.5, 0.95)), m, n)
    if kind == "short":  # 4 to 11 draws: split chains of 2 to 5
        return r.normal(size=(m, int(r.integers(4, 12))))
    if kind == "heavy":  # Cauchy draws, chains on different scales
        return r.standard_cauchy(size=(m, n)) * r.uniform(0.5, 3, size=(m, 1))
    return np.round(r.normal(size=(m, n)) * 2)  # many ties


@pytest.mark.parametrize("kind", ["normal", "ar1", "short", "heavy", "ties"])
@pytest.mark.parametrize("seed", SEEDS)
def test_rank_normalised_diagnostics_match_arviz(arviz, kind, seed):
    x = _test_chains(kind, seed)
    pairs = [
        (d.rank_normalised_rhat(x), arviz.rhat(x, method="rank")),
        (d.bulk_effective_sample_size(x), arviz.ess(x, method="bulk")),
        (d.tail_effective_sample_size(x), arviz.ess(x, method="tail")),
    ]
    for ours, theirs in pairs:
        if np.isnan(ours):  # a constant indicator: ArviZ counts every draw
            assert float(theirs) == x.size and kind == "short"
        else:
            assert ours == pytest.approx(float(theirs), rel=1e-10)


def test_rank_normalised_diagnostics_per_parameter_match_arviz(arviz):
    x = _chains(12, (4, 300, 3))
    rhat, bulk = d.rank_normalised_rhat(x), d.bulk_effective_sample_size(x)
    tail = d.tail_effective_sample_size(x, (0.1, 0.8))
    assert rhat.shape == bulk.shape == tail.shape == (3,)
    for j in range(3):
        xj = x[:, :, j]
        assert rhat[j] == pytest.approx(float(arviz.rhat(xj, method="rank")), rel=1e-10)
        assert bulk[j] == pytest.approx(float(arviz.ess(xj, method="bulk")), rel=1e-10)
        expected = arviz.ess(xj, method="tail", prob=(0.1, 0.8))
        assert tail[j] == pytest.approx(float(expected), rel=1e-10)


# -- bad inputs --------------------------------------------------------------

NAN_CHAIN = np.array([[1.0, np.nan, 2.0, 3.0], [1.0, 2.0, 3.0, 4.0]])


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: d.autocorrelation(np.ones((3, 3))), ValueError, "one-dimensional"),
        (lambda: d.autocorrelation([1.0]), ValueError, "At least two samples"),
        (lambda: d.autocorrelation([1.0, np.inf]), ValueError, "finite"),
        (lambda: d.effective_sample_size_single_parameter([]), ValueError, "two"),
        (lambda: d.effective_sample_size(np.ones(5)), ValueError, "2d array"),
        (lambda: d.effective_sample_size(np.ones((1, 3))), ValueError, "two samples"),
        (lambda: d.effective_sample_size(NAN_CHAIN.T), ValueError, "1 NaN"),
        (lambda: d.effective_sample_size([[1, 2], [3]]), ValueError, "equal length"),
        (lambda: d.effective_sample_size([["a", "b"]] * 2), ValueError, "real numbers"),
        (lambda: d.rhat(np.ones(4)), ValueError, "Dimension of chains is 1"),
        (lambda: d.rhat(np.ones((2, 3, 4, 5))), ValueError, "only accepts 2 or 3"),
        (lambda: d.rhat(np.ones((2, 9)), warm_up=1.5), ValueError, "1.500000"),
        (lambda: d.rhat(np.ones((2, 9)), warm_up=-0.1), ValueError, r"in \[0,1\]"),
        (lambda: d.rhat(np.ones((2, 9)), warm_up=1), ValueError, "is 0. Method"),
        (lambda: d.rhat(np.ones((2, 1))), ValueError, "at least 1 sample"),
        (lambda: d.rhat(np.ones((0, 5))), ValueError, "at least one chain"),
        (lambda: d.rhat(NAN_CHAIN), ValueError, "finite"),
        (lambda: d.rank_normalised_rhat(np.ones((2, 3))), ValueError, "4 samples"),
        (lambda: d.rank_normalised_rhat(np.ones(8)), ValueError, "n_chains"),
        (lambda: d.bulk_effective_sample_size(NAN_CHAIN), ValueError, "finite"),
        (lambda: d.bulk_effective_sample_size(np.ones((0, 8))), ValueError, "one"),
        (
            lambda: d.tail_effective_sample_size(np.ones((2, 8)), (0, 1)),
            ValueError,
            "probabilit",
        ),
        (
            lambda: d.tail_effective_sample_size(np.ones((2, 8)), 0.1),
            ValueError,
            "two numbers",
        ),
    ],
)
def test_bad_inputs_raise_clear_errors(call, error, message):
    with pytest.raises(error, match=message):
        call()
