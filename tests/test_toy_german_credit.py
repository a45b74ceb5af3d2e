"""Tests for the German credit toy log-pdfs, against PINTS 0.6.1
on synthetic data."""

from __future__ import annotations

import re
import urllib.error
import urllib.request

import numpy as np
import pints
import pints.toy
import pytest
import scipy.stats

import paramfit
import paramfit.toy as toy
from paramfit.toy import _german_credit


def synthetic(n, seed=1):
    rng = np.random.default_rng(seed)
    x = np.column_stack([np.ones(n), rng.normal(size=(n, 24))])
    y = rng.choice([-1.0, 1.0], size=n)
    y[:2] = [-1, 1]
    return x, y


def central_differences(f, x, h=1e-6):
    x = np.asarray(x, dtype=float)
    out = np.empty(len(x))
    for i in range(len(x)):
        up, down = x.copy(), x.copy()
        up[i] += h
        down[i] -= h
        out[i] = (f(up) - f(down)) / (2 * h)
    return out


@pytest.fixture(scope="module")
def small():
    return synthetic(50)


@pytest.fixture(scope="module")
def thousand():
    # PINTS 0.6.1's hierarchical class hard-codes 1000 rows.
    return synthetic(1000, seed=2)


@pytest.fixture(scope="module")
def hierarchical(thousand):
    x, y = thousand
    return toy.GermanCreditHierarchicalLogPDF(
        x, y
    ), pints.toy.GermanCreditHierarchicalLogPDF(x, y)


def theta_points(n, count, seed=3, sigma=None):
    rng = np.random.default_rng(seed)
    points = rng.normal(scale=0.3, size=(count, n))
    if sigma is not None:
        points[:, 0] = sigma
    return points


# --- GermanCreditLogPDF -------------------------------------------------------


def test_flat_matches_pints(small):
    x, y = small
    ours, theirs = toy.GermanCreditLogPDF(x, y), pints.toy.GermanCreditLogPDF(x, y)
    assert isinstance(ours, paramfit.LogPDF)
    assert ours.n_parameters() == theirs.n_parameters() == 25
    for beta in theta_points(25, 5):
        value, grad = ours.evaluateS1(beta)
        ref_value, ref_grad = theirs.evaluateS1(beta)
        assert ours(beta) == pytest.approx(theirs(beta), rel=1e-10)
        assert value == pytest.approx(ref_value, rel=1e-10)
        np.testing.assert_allclose(grad, ref_grad, rtol=1e-10, atol=1e-12)
        assert value == pytest.approx(ours(beta), rel=1e-12)
    xd, yd = ours.data()
    np.testing.assert_array_equal(xd, x)
    np.testing.assert_array_equal(yd, y)


def test_flat_gradient_matches_finite_differences(small):
    f = toy.GermanCreditLogPDF(*small)
    for beta in theta_points(25, 3, seed=4):
        fd = central_differences(f, beta)
        np.testing.assert_allclose(f.evaluateS1(beta)[1], fd, rtol=1e-6, atol=1e-6)


def test_flat_is_stable_for_huge_margins(small):
    f = toy.GermanCreditLogPDF(*small)
    value, grad = f.evaluateS1(np.full(25, 1e3))
    assert np.isfinite(value) and np.isfinite(grad).all()


def test_flat_accepts_lists_and_column_y(small):
    x, y = small
    f = toy.GermanCreditLogPDF(x.tolist(), y.reshape(-1, 1))
    beta = theta_points(25, 1)[0]
    assert f(list(beta)) == pytest.approx(toy.GermanCreditLogPDF(x, y)(beta))


def test_wrong_parameter_length(small):
    f = toy.GermanCreditLogPDF(*small)
    with pytest.raises(ValueError, match="Expected 25 parameters, got 24"):
        f(np.zeros(24))
    with pytest.raises(ValueError, match="Expected 25 parameters"):
        f.evaluateS1(np.zeros(26))


# --- GermanCreditHierarchicalLogPDF -------------------------------------------


def test_hierarchical_values_match_pints(hierarchical):
    ours, theirs = hierarchical
    assert isinstance(ours, paramfit.LogPDF)
    assert ours.n_parameters() == theirs.n_parameters() == 326
    for theta in theta_points(326, 3, sigma=1.7):
        assert ours(theta) == pytest.approx(theirs(theta), rel=1e-10)
        value, grad = ours.evaluateS1(theta)
        ref_value, ref_grad = theirs.evaluateS1(theta)
        assert value == pytest.approx(ref_value, rel=1e-10)
        # All of beta's derivatives agree; PINTS's d/dsigma misses the
        # beta.beta / sigma^3 term of the prior on beta.
        np.testing.assert_allclose(grad[1:], ref_grad[1:], rtol=1e-10, atol=1e-12)
        sigma, beta = theta[0], theta[1:]
        assert grad[0] == pytest.approx(ref_grad[0] + beta @ beta / sigma**3, rel=1e-10)


def test_hierarchical_call_and_evaluate_s1_differ_as_in_pints(hierarchical):
    ours, _ = hierarchical
    theta = theta_points(326, 1, sigma=2.5)[0]
    n = len(ours.data()[1])
    assert ours.evaluateS1(theta)[0] - ours(theta) == pytest.approx(
        -n / 2 * np.log(2.5), rel=1e-10
    )


def test_hierarchical_design_matrix_matches_pints(hierarchical):
    ours, theirs = hierarchical
    x, y, z = ours.data()
    rx, ry, rz = theirs.data()
    assert z.shape == (1000, 325)
    np.testing.assert_array_equal(x, rx)
    np.testing.assert_array_equal(y, ry)
    np.testing.assert_allclose(z, rz, rtol=1e-15)


@pytest.mark.parametrize("sigma", [0.8, 3.0, -1.5])
def test_hierarchical_gradient_matches_finite_differences(small, sigma):
    f = toy.GermanCreditHierarchicalLogPDF(*small)  # any number of rows works
    assert f.data()[2].shape == (50, 325)
    theta = theta_points(326, 1, seed=5, sigma=sigma)[0]
    fd = central_differences(lambda t: f.evaluateS1(t)[0], theta)
    np.testing.assert_allclose(f.evaluateS1(theta)[1], fd, rtol=1e-6, atol=1e-5)


def test_hierarchical_outside_support(small):
    f = toy.GermanCreditHierarchicalLogPDF(*small)
    theta = theta_points(326, 1, sigma=0.0)[0]
    assert f(theta) == -np.inf
    value, grad = f.evaluateS1(theta)
    assert value == -np.inf and np.isnan(grad).all()
    theta[0] = -1.0
    assert f(theta) == -np.inf
    assert np.isfinite(f.evaluateS1(theta)[0])
    with pytest.raises(ValueError, match="Expected 326 parameters, got 25"):
        f(np.ones(25))


# --- Input checking -----------------------------------------------------------


CLASSES = [toy.GermanCreditLogPDF, toy.GermanCreditHierarchicalLogPDF]


@pytest.mark.parametrize("cls", CLASSES)
def test_no_data(cls, small):
    message = "No data supplied. Consider setting download to True to download data."
    for args in [(), (small[0],), (None, small[1])]:
        with pytest.raises(ValueError, match="^" + re.escape(message) + "$"):
            cls(*args)


@pytest.mark.parametrize("cls", CLASSES)
def test_data_and_download(cls, small):
    with pytest.raises(ValueError, match="^Either supply no data or set download"):
        cls(*small, download=True)


@pytest.mark.parametrize("cls", CLASSES)
def test_bad_shapes(cls, small):
    x, y = small
    with pytest.raises(ValueError, match="^x must have 25 predictor columns.$"):
        cls(x[:, :24], y)
    with pytest.raises(ValueError, match=r"x must be a 2-d array.*got shape \(25,\)"):
        cls(x[0], y[:1])
    with pytest.raises(ValueError, match="x has 50 rows and y has 49 entries"):
        cls(x, y[:49])
    with pytest.raises(ValueError, match=r"y must be a 1-d array; got shape \(5, 10\)"):
        cls(x, y.reshape(5, 10))
    bad = x.copy()
    bad[3, 4] = np.nan
    with pytest.raises(ValueError, match="x must contain only finite values"):
        cls(bad, y)


@pytest.mark.parametrize("cls", CLASSES)
def test_bad_responses(cls, small):
    x, y = small
    prefix = "^" + re.escape("Output must be either 1 or -1.")
    with pytest.raises(ValueError, match=prefix + ".*recoded as 2 \\* y - 1"):
        cls(x, (y + 1) / 2)  # 0/1 coding, which PINTS rejects too
    with pytest.raises(ValueError, match=prefix + ".*both of them"):
        cls(x, np.ones(50))
    y3 = y.copy()
    y3[5] = 0
    with pytest.raises(ValueError, match=prefix + r".*got \[-1.0, 0.0, 1.0\]\.$"):
        cls(x, y3)
    with pytest.raises(ValueError, match=prefix):
        pints.toy.GermanCreditLogPDF(x, (y + 1) / 2)


# --- Downloading --------------------------------------------------------------


def fake_file(x, y):
    """The data in the format of german.data-numeric (before standardising)."""
    rows = []
    for xi, yi in zip(x[:, 1:], y, strict=True):
        fields = [f"{v:4d}" for v in xi.astype(int)] + ["   2" if yi > 0 else "   1"]
        rows.append("".join(fields) + "\n")
    return "".join(rows).encode()


class FakeResponse:
    def __init__(self, raw):
        self._raw = raw

    def read(self):
        return self._raw

    def close(self):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *args):
        self.close()


@pytest.fixture(scope="module")
def raw_thousand():
    rng = np.random.default_rng(6)
    x = np.column_stack([np.ones(1000), rng.integers(0, 80, size=(1000, 24))])
    y = rng.choice([-1.0, 1.0], size=1000)
    return x, y, fake_file(x, y)


def test_parse_standardises_and_recodes(raw_thousand):
    x_raw, y_raw, raw = raw_thousand
    x, y = _german_credit._parse_german_credit(raw)
    np.testing.assert_array_equal(y, y_raw)
    np.testing.assert_array_equal(x[:, 0], 1)
    np.testing.assert_allclose(x[:, 1:], scipy.stats.zscore(x_raw[:, 1:]), atol=1e-12)


@pytest.mark.parametrize(
    "name", ["GermanCreditLogPDF", "GermanCreditHierarchicalLogPDF"]
)
def test_download_matches_pints_with_fake_server(monkeypatch, raw_thousand, name):
    calls = []

    def urlopen(url, *args, **kwargs):
        calls.append((url, kwargs))
        return FakeResponse(raw_thousand[2])

    monkeypatch.setattr(urllib.request, "urlopen", urlopen)
    ours = getattr(toy, name)(download=True)
    theirs = getattr(pints.toy, name)(download=True)
    assert calls[0][0] == calls[1][0] == _german_credit.GERMAN_CREDIT_URL
    assert 0 < calls[0][1]["timeout"] <= 30
    for a, b in zip(ours.data(), theirs.data(), strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-12)
    theta = theta_points(ours.n_parameters(), 1, sigma=2.0)[0]
    assert ours(theta) == pytest.approx(theirs(theta), rel=1e-10)


@pytest.mark.parametrize(
    "error", [urllib.error.URLError("no route"), TimeoutError("timed out")]
)
@pytest.mark.parametrize("cls", CLASSES)
def test_download_failure_is_clear(monkeypatch, cls, error):
    def urlopen(*args, **kwargs):
        raise error

    monkeypatch.setattr(urllib.request, "urlopen", urlopen)
    with pytest.raises(RuntimeError, match="could not be fetched") as info:
        cls(download=True)
    assert "pass the predictors and responses directly as x" in str(info.value)
    assert info.value.__cause__ is error
