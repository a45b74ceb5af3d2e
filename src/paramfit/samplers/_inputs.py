"""Checks of what samplers are given: starting points, chain counts, the
initial covariance and the log-pdf values told."""

from __future__ import annotations

import sys
from typing import Any

import numpy as np

from .._checks import (
    count,
    describe,
    fail,
    fits_in_memory,
    floats,
    is_number,
    number,
    with_detail,
)
from .._checks import vector as checked_vector
from .._typing import ArrayLike, FloatArray


def _log_pdf_value(f: Any) -> float:
    """A log-pdf value as a float; NaN counts as ``-inf`` (a rejection)."""
    if type(f) is float:  # the common case
        return -np.inf if f != f else f
    if not is_number(f):
        raise TypeError(f"A log-pdf value must be a number; got {describe(f)}.")
    value = number(f, "fx")
    return -np.inf if value != value else value


def _start(x0: ArrayLike) -> FloatArray:
    x = checked_vector(x0, "x0", finite=False)
    if len(x) < 1:
        raise ValueError(fail("x0", "a point of dimension 1 or more", x0))
    if not np.all(np.isfinite(x)):
        raise ValueError(f"x0 must be finite; got {x.tolist()}.")
    return x


def _starts(x0: ArrayLike, chains: int) -> FloatArray:
    if isinstance(x0, (str, bytes)):
        raise ValueError(fail("x0", "one starting point per chain", x0))
    try:
        n = len(x0)  # type: ignore[arg-type]
    except TypeError:
        raise ValueError("x0 must hold one starting point per chain.") from None
    if n != chains:
        raise ValueError(
            "Number of initial positions must be equal to number of chains."
        )
    points = [checked_vector(x, "x0", finite=False) for x in x0]  # type: ignore[union-attr]
    if len({len(x) for x in points}) != 1:
        raise with_detail(
            ValueError("All initial points must have same dimension."),
            f"x0 holds points of dimensions {[len(x) for x in points]}.",
            pinned=True,
        )
    xs = np.array(points)
    if not np.all(np.isfinite(xs)):
        i = int(np.argmin(np.isfinite(xs).all(axis=1)))
        raise with_detail(
            ValueError("Initial points must be finite."),
            f"x0[{i}] = {xs[i].tolist()}.",
            pinned=True,
        )
    return xs


def _chain_count(chains: int, minimum: int) -> int:
    if isinstance(chains, bool):
        raise TypeError(fail("chains", "a whole number", chains))
    chains = count(chains, "chains", minimum=-sys.maxsize)
    if chains < 1:
        raise ValueError("Number of chains must be at least 1.")
    if chains < minimum:
        raise ValueError(f"Need at least {minimum} chains; got {chains}.")
    fits_in_memory(chains * 64, "chains", chains, "that many chains")
    return chains


def _covariance(sigma0: ArrayLike | None, scale: FloatArray, n: int) -> FloatArray:
    """``sigma0`` as a symmetric positive-definite ``(n, n)`` covariance."""
    if sigma0 is None:
        scale = np.where(scale == 0, 1.0, scale)
        return np.diag(0.01 * scale)
    s = np.array(floats(sigma0, "sigma0"), dtype=float)
    if s.size == 1:
        s = np.diag(np.full(n, float(s.ravel()[0])))
    elif s.size == n:
        s = np.diag(s.reshape(n))
    elif s.shape != (n, n):
        raise ValueError(
            "sigma0 must be a scalar, a vector of length n_parameters or an "
            f"(n_parameters, n_parameters) matrix, with n_parameters = {n}; got "
            f"shape {s.shape}."
        )
    if not np.all(np.isfinite(s)):
        raise ValueError("sigma0 must be finite.")
    if not np.allclose(s, s.T):
        raise ValueError("sigma0 must be a symmetric (covariance) matrix.")
    try:
        np.linalg.cholesky(s)
    except np.linalg.LinAlgError:
        raise ValueError(
            "sigma0 must be positive definite (a covariance matrix, or positive "
            f"variances); got eigenvalues {np.linalg.eigvalsh(s).tolist()}."
        ) from None
    return s
