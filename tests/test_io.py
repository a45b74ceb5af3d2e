"""Tests for ``paramfit.io``: round trips and compatibility with PINTS's
file format, in both directions."""

from __future__ import annotations

import re

import numpy as np
import pints.io
import pytest

import paramfit.io


def raises(exc, message):
    return pytest.raises(exc, match="^" + re.escape(message) + "$")


@pytest.fixture
def chains():
    rng = np.random.default_rng(0)
    a = rng.uniform(size=(10, 5))
    b = rng.normal(size=(10, 5)) * 1e-30
    c = [list(row) for row in rng.uniform(-1e6, 1e6, size=(10, 5))]
    return a, b, c


def test_single_chain_round_trip(tmp_path, chains):
    name = tmp_path / "test.csv"
    paramfit.io.save_samples(name, chains[0])
    loaded = paramfit.io.load_samples(name)
    assert loaded.shape == (10, 5)
    assert np.array_equal(loaded, chains[0]) and loaded is not chains[0]


def test_several_chains_are_numbered(tmp_path, chains):
    name = str(tmp_path / "multi.csv")
    paramfit.io.save_samples(name, *chains)
    for i in range(3):
        assert (tmp_path / f"multi_{i}.csv").is_file()
    assert not (tmp_path / "multi.csv").exists()
    loaded = paramfit.io.load_samples(name, 3)
    assert isinstance(loaded, list) and len(loaded) == 3
    for chain, back in zip(chains, loaded, strict=True):
        assert np.array_equal(np.asarray(chain), back)


def test_files_are_byte_identical_to_pints(tmp_path, chains):
    special = np.array([[np.inf, -np.inf, np.nan], [0.0, -0.0, 1e300]])
    for i, chain in enumerate([*chains, special]):
        ours, theirs = tmp_path / f"ours{i}.csv", tmp_path / f"pints{i}.csv"
        paramfit.io.save_samples(ours, chain)
        pints.io.save_samples(str(theirs), chain)
        assert ours.read_bytes() == theirs.read_bytes()


def test_reads_pints_files_and_pints_reads_ours(tmp_path, chains):
    pints.io.save_samples(str(tmp_path / "p.csv"), chains[0], chains[1])
    for ours, chain in zip(
        paramfit.io.load_samples(tmp_path / "p.csv", 2), chains, strict=False
    ):
        assert np.array_equal(ours, chain)
    paramfit.io.save_samples(tmp_path / "q.csv", chains[2])
    assert np.array_equal(pints.io.load_samples(str(tmp_path / "q.csv")), chains[2])


def test_one_row_and_one_column_stay_2d(tmp_path):
    for chain in (np.array([[1.0, 2.0]]), np.array([[1.0], [2.0], [3.0]])):
        paramfit.io.save_samples(tmp_path / "x.csv", chain)
        assert np.array_equal(paramfit.io.load_samples(tmp_path / "x.csv"), chain)


def test_header_only_file_gives_no_samples(tmp_path):
    (tmp_path / "empty.csv").write_text('"p0","p1","p2"\n')
    assert paramfit.io.load_samples(tmp_path / "empty.csv").shape == (0, 3)


def test_save_errors(tmp_path):
    name = tmp_path / "bad.csv"
    with raises(ValueError, "At least one set of samples must be given."):
        paramfit.io.save_samples(name)
    with raises(
        ValueError, "Samples must be given as 2d arrays (e.g. lists of lists)."
    ):
        paramfit.io.save_samples(name, np.zeros((2, 2, 2)))
    with raises(
        ValueError, "Sample lists must contain only floats and be of same length."
    ):
        paramfit.io.save_samples(name, [[1, 2], [3, 4, 5]])
    with raises(
        ValueError, "Sample lists must contain only floats and be of same length."
    ):
        paramfit.io.save_samples(name, [["a", "b"]])


def test_load_errors(tmp_path):
    with raises(
        ValueError, "Argument `n` must be `None` or an integer greater than zero."
    ):
        paramfit.io.load_samples(tmp_path / "x.csv", 0)
    with pytest.raises(FileNotFoundError):
        paramfit.io.load_samples(tmp_path / "x.csv")
    paramfit.io.save_samples(tmp_path / "x_0.csv", np.ones((2, 2)))
    missing = str(tmp_path / "x_1.csv")
    with raises(FileNotFoundError, "File not found: " + missing):
        paramfit.io.load_samples(str(tmp_path / "x.csv"), 2)
