"""MCMCSummary: the same numbers and the same printed table as PINTS's."""

from __future__ import annotations

import warnings

import numpy as np
import pints
import pytest

import paramfit.diagnostics as d
from paramfit.samplers import MCMCSummary

SHAPES = [(1, 2, 1), (2, 50, 3), (3, 101, 2), (4, 400, 5), (1, 7, 3)]


def _chains(seed: int, shape: tuple[int, int, int]) -> np.ndarray:
    """Autocorrelated chains on different scales (values from 0.001 to 1e4)."""
    r = np.random.default_rng(seed)
    walk = r.normal(size=shape).cumsum(axis=1) * r.uniform(0, 1)
    scale = 10.0 ** r.integers(-3, 5, size=shape[2])
    return (walk + r.normal(size=shape)) * scale + r.normal(size=shape[2]) * scale


def _both(chains, **kwargs) -> tuple[MCMCSummary, pints.MCMCSummary]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the one-chain warning, PINTS's NaNs
        return MCMCSummary(chains, **kwargs), pints.MCMCSummary(chains, **kwargs)


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("time", [None, 0.25, 30])
def test_same_numbers_and_table_as_pints(seed, shape, time):
    chains = _chains(seed, shape)
    ours, theirs = _both(chains, time=time)
    assert str(ours) == str(theirs)
    for method in ["mean", "std", "quantiles", "rhat", "ess"]:
        np.testing.assert_allclose(
            getattr(ours, method)(), getattr(theirs, method)(), rtol=1e-12
        )
    assert ours.quantiles().shape == (5, shape[2])
    assert ours.time() == theirs.time()
    if time is None:
        assert ours.ess_per_second() is None is theirs.ess_per_second()
    else:
        np.testing.assert_allclose(
            ours.ess_per_second(), theirs.ess_per_second(), rtol=1e-12
        )
    for row, expected in zip(ours.summary(), theirs.summary(), strict=True):
        assert row[0] == expected[0]
        np.testing.assert_allclose(row[1:], expected[1:], rtol=1e-12)


NAMES = [
    ["a", "b", "c"],
    ["  a", "b ", "c"],  # blanks are stripped
    ["a very long parameter name", "b", "c"],
    ["1", "2", "3"],  # read as integers
    ["1", "2.5", "x"],  # not all numbers: shown as given
    ["1", "2.5", "1e3"],  # all numbers: shown to two decimals
    [1, 2, 3],
    [0.1, 0.2, 0.3],
    [np.int64(3), 1, 2],
    [np.float32(1.5), 1, 2],
    [True, 2, 3],
    ["True", "False", "True"],
    ["nan", "inf", "-inf"],
    ["1e999", "1", "2"],  # overflows: not a number
    ["1,000", "2,000.5", "3"],
    [None, "a", ""],
    [b"ab", b"c", b"d"],
    ["θ", "e\u0301", "参数"],  # one-column, combining and wide characters
]


@pytest.mark.parametrize("names", NAMES, ids=repr)
def test_names_are_shown_as_pints_shows_them(names):
    ours, theirs = _both(_chains(5, (2, 30, 3)), time=1.5, parameter_names=names)
    assert str(ours) == str(theirs)
    assert [row[0] for row in ours.summary()] == list(names)


def test_layout():
    # two chains of 0..9 and 10..19, in (n_chains, n_samples, n_parameters)
    chains = np.arange(20.0).reshape(2, 10, 1)
    summary = MCMCSummary(chains, time=2, parameter_names=["x"])
    lines = str(summary).split("\n")
    assert lines[0] == (
        "param    mean    std.    2.5%    25%    50%    75%    97.5%    rhat"
        "    ess    ess per sec."
    )
    assert lines[1] == (
        "-------  ------  ------  ------  -----  -----  -----  -------  ------"
        "  -----  --------------"
    )
    # mean 9.5, std 5.77; quantiles of 0..19 by linear interpolation; R-hat
    # of the halves 0-4, 5-9, 10-14, 15-19: W = 2.5, B = 5 var(2, 7, 12, 17)
    # = 625 / 3, sqrt(4 / 5 + B / (5 W)) = 4.18; ESS 1.81 per chain
    assert lines[2] == (
        "x        9.50    5.77    0.48    4.75   9.50   14.25  18.52    4.18"
        "    3.62   1.81"
    )
    assert len(lines) == 3
    assert summary.summary()[0][0] == "x" and len(summary.summary()[0]) == 11


def test_default_names_and_accessors():
    chains = _chains(6, (3, 80, 2))
    summary = MCMCSummary(chains)
    assert [row[0] for row in summary.summary()] == ["param 1", "param 2"]
    assert summary.chains() is chains
    assert summary.time() is None and summary.ess_per_second() is None
    np.testing.assert_array_equal(summary.rhat(), d.rhat(chains))
    ess = sum(np.array(d.effective_sample_size(c)) for c in chains)
    np.testing.assert_allclose(summary.ess(), ess, rtol=1e-15)
    np.testing.assert_array_equal(summary.mean(), chains.reshape(-1, 2).mean(axis=0))
    # summary() is a copy: changing it leaves the table alone
    summary.summary().clear()
    assert len(summary.summary()) == 2


def test_list_of_chains():
    chains = _chains(7, (3, 40, 2))
    as_list = MCMCSummary(list(chains), time=3.0)
    assert str(as_list) == str(MCMCSummary(chains, time=3.0))


def test_one_chain_warns_as_pints_does():
    with pytest.warns(UserWarning, match="one chain may be unreliable"):
        MCMCSummary(_chains(8, (1, 40, 2)))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        MCMCSummary(_chains(8, (2, 40, 2)))


def test_parameter_that_never_moves_shows_nan_as_pints_does():
    chains = _chains(9, (3, 40, 2))
    chains[:, :, 0] = 1.5
    ours, theirs = _both(chains, time=2.0)
    assert str(ours) == str(theirs)
    assert np.isnan(ours.rhat()[0]) and np.isnan(ours.ess()[0])


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"chains": np.ones((40, 2))}, "n_chains, n_samples, n_parameters"),
        ({"chains": np.ones((2, 1, 2))}, "at least two samples"),
        ({"chains": np.full((2, 5, 2), np.nan)}, "finite"),
        ({"chains": [np.ones((5, 2)), np.ones((4, 2))]}, "equal length"),
        ({"time": 0}, "Elapsed time must be positive."),
        ({"time": -1.0}, "Elapsed time must be positive."),
        ({"time": float("nan")}, "Elapsed time must be positive."),
        ({"parameter_names": ["a"]}, "Parameter names list must be same length"),
    ],
)
def test_bad_inputs(kwargs, message):
    arguments = {"chains": _chains(10, (2, 20, 2)), **kwargs}
    with pytest.raises(ValueError, match=message):
        MCMCSummary(**arguments)
