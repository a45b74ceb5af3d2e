"""Saving and loading samples as CSV files, in PINTS's format.

Each file holds one chain: a header line ``"p0","p1",...`` and then one row
per sample, with every value written at full precision (``'{: .17e}'``).
"""

from __future__ import annotations

import io
import os

import numpy as np

from ._typing import ArrayLike, FloatArray, PathLike

__all__ = ["load_samples", "save_samples"]


def load_samples(
    filename: PathLike, n: int | None = None
) -> FloatArray | list[FloatArray]:
    """Load samples saved by `save_samples()`.

    Parameters
    ----------
    filename : str or path-like
        The file to read. With ``n``, the base name: ``test.csv`` stands for
        ``test_0.csv``, ..., ``test_{n-1}.csv``.
    n : int, optional
        The number of files to read, or ``None`` to read ``filename`` itself.

    Returns
    -------
    samples : ndarray, shape (n_samples, n_parameters), or a list of ``n`` of them

    Raises
    ------
    ValueError
        If ``n`` is less than 1.
    FileNotFoundError
        If a file does not exist (all are checked before any is read).
    """
    if n is None:
        return _load(os.fspath(filename))
    n = int(n)
    if n < 1:
        raise ValueError("Argument `n` must be `None` or an integer greater than zero.")
    filenames = _numbered(os.fspath(filename), n)
    for name in filenames:
        if not os.path.isfile(name):
            raise FileNotFoundError("File not found: " + name)
    return [_load(name) for name in filenames]


def save_samples(filename: PathLike, *sample_lists: ArrayLike) -> None:
    """Save one or more chains of samples as CSV files.

    Parameters
    ----------
    filename : str or path-like
        The file to write. With several chains the files are numbered:
        ``test.csv`` becomes ``test_0.csv``, ``test_1.csv``, ...
    *sample_lists : array_like, shape (n_samples, n_parameters)
        The chains: 2-d arrays or lists of lists of floats.

    Raises
    ------
    ValueError
        If no chain is given, a chain is not a rectangular 2-d array of
        floats.
    """
    k = len(sample_lists)
    if k < 1:
        raise ValueError("At least one set of samples must be given.")
    chains = [_as_chain(samples) for samples in sample_lists]
    name = os.fspath(filename)
    filenames = [name] if k == 1 else _numbered(name, k)
    for name, chain in zip(filenames, chains, strict=True):
        header = ",".join(f'"p{j}"' for j in range(chain.shape[1]))
        # '% .17e' formats exactly as PINTS's '{: .17e}' (inf/nan included).
        np.savetxt(name, chain, fmt="% .17e", delimiter=",", header=header, comments="")


def _numbered(filename: str, n: int) -> list[str]:
    base, ext = os.path.splitext(filename)
    return [f"{base}_{i}{ext}" for i in range(n)]


def _as_chain(samples: ArrayLike) -> FloatArray:
    try:
        chain = np.array(samples, dtype=float)
    except ValueError as e:
        raise ValueError(
            "Sample lists must contain only floats and be of same length."
        ) from e
    if chain.ndim != 2:
        raise ValueError("Samples must be given as 2d arrays (e.g. lists of lists).")
    return chain


def _load(filename: str) -> FloatArray:
    with open(filename) as f:
        header = f.readline()
        body = f.read()
    if not body.strip():
        # Header only: no samples, but the header still counts the columns.
        return np.empty((0, len(header.split(","))))
    return np.loadtxt(io.StringIO(body), delimiter=",", ndmin=2)
