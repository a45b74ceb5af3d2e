"""Checks of what users give an optimiser: its starting point, step sizes
and boundaries at construction, and the scores told at every ``tell()``.

The messages are PINTS's where users and tests match on them.
"""

from __future__ import annotations

import math
import reprlib
import warnings
from collections.abc import Sequence
from typing import cast

import numpy as np

from .._checks import count, fail, floats, is_number, real
from .._typing import ArrayLike, FloatArray
from .._util import read_only, vector
from ..problems._boundaries import Boundaries, RectangularBoundaries

_F64 = np.dtype(np.float64)


class NonFiniteScoreWarning(UserWarning):
    """Some scores given to ``tell()`` were NaN and were treated as ``+inf``."""


def check_x0(x0: ArrayLike) -> FloatArray:
    """``x0`` as a read-only vector of finite values: a number or a 1-d
    sequence of numbers."""
    a = floats([x0] if is_number(x0) else x0, "x0")
    if a.ndim != 1:
        raise ValueError(
            "Unable to convert to 1d vector of scalar values: x0 must be a 1-d "
            f"sequence of numbers, one per parameter; got shape {a.shape}."
        )
    if len(a) < 1:
        raise ValueError("Problem dimension must be greater than zero.")
    x = np.array(a, dtype=float)
    if not np.all(np.isfinite(x)):
        raise ValueError(f"x0 must contain only finite values; got {x.tolist()}.")
    return read_only(x)


def check_boundaries(
    boundaries: Boundaries | None, x0: FloatArray
) -> Boundaries | None:
    """``boundaries``, once they are known to contain ``x0``."""
    if boundaries is None:
        return None
    check_boundaries_type(boundaries, "boundaries")
    n = count(boundaries.n_parameters(), "boundaries.n_parameters()")
    if n != len(x0):
        raise ValueError(
            "Boundaries must have same dimension as starting point: the "
            f"boundaries have {n} parameters and x0 has {len(x0)}."
        )
    if not boundaries.check(x0):
        raise ValueError(
            "Initial position must lie within given boundaries. "
            + outside_detail(boundaries, x0)
        )
    return boundaries


def check_boundaries_type(boundaries: object, name: str) -> None:
    """A ``TypeError`` unless ``boundaries`` is a `Boundaries` (or, as
    PINTS users' boundaries may be, has ``check()`` and ``n_parameters()``)."""
    if isinstance(boundaries, Boundaries):
        return
    if not all(
        callable(getattr(boundaries, m, None)) for m in ("check", "n_parameters")
    ):
        raise TypeError(
            fail(
                name,
                "a Boundaries object (with check() and n_parameters())",
                boundaries,
            )
        )


def outside_detail(boundaries: Boundaries, x0: FloatArray) -> str:
    """Which coordinates of ``x0`` are outside ``boundaries``, with their
    values and bounds (rectangular boundaries), or ``x0`` itself."""
    if isinstance(boundaries, RectangularBoundaries):
        lower, upper = boundaries.lower(), boundaries.upper()
        out = np.flatnonzero((x0 < lower) | (x0 >= upper))
        parts = [
            f"x0[{i}] = {x0[i]:g} is outside [{lower[i]:g}, {upper[i]:g})"
            for i in out[:5]
        ]
        more = f" and {len(out) - 5} more" if len(out) > 5 else ""
        return "; ".join(parts) + more + "."
    return f"x0 = {x0.tolist()} is outside the boundaries (check(x0) is False)."


def check_sigma0(
    sigma0: ArrayLike | None, x0: FloatArray, boundaries: Boundaries | None
) -> FloatArray:
    """Per-parameter initial standard deviations, read-only.

    By default (as PINTS) one sixth of the boundaries' range, where they
    have a ``range()``, else ``abs(x0) / 3``, with 1 where ``x0`` is 0.
    """
    n = len(x0)
    if sigma0 is None:
        # Only some boundaries (rectangular ones) have a range.
        extent = getattr(boundaries, "range", None)
        if extent is not None:
            return vector((1 / 6) * extent())
        sigma = np.abs(x0) / 3
        sigma[sigma == 0] = 1
        return vector(sigma)
    if is_number(sigma0):
        s = real(
            sigma0,
            "sigma0",
            positive=True,
            message="Initial standard deviation must be greater than zero.",
        )
        sigma = np.full(n, s)
    else:
        a = floats(sigma0, "sigma0")
        if a.ndim > 1 and a.size != max(a.shape):
            raise ValueError(
                "sigma0 must be a number or a 1-d sequence of standard deviations, "
                f"one per parameter; got shape {a.shape}."
            )
        sigma = np.array(a, dtype=float).reshape(a.size)
        if len(sigma) != n:
            raise ValueError(
                "Initial standard deviation must be None, scalar, or have dimension "
                + str(n)
                + "."
            )
        if not np.all(sigma > 0):
            raise ValueError("Initial standard deviations must be greater than zero.")
    if not np.all(np.isfinite(sigma)):
        raise ValueError(f"sigma0 must be finite; got {sigma.tolist()}.")
    return read_only(sigma)


def as_scores(fx: object, expected: int) -> FloatArray:
    """``fx`` as a 1-d float array: not a copy if it already is one. Only
    numbers are scores (``None`` and numeric strings are not)."""
    if type(fx) is np.ndarray and fx.dtype is _F64:
        return fx if fx.ndim == 1 else fx.reshape(-1)
    try:
        fs = floats(fx, "fx")
    except (TypeError, ValueError) as e:
        # A ValueError whatever was wrong, as PINTS's (and earlier) tell().
        raise ValueError(
            f"tell() expects a sequence of {expected} numeric scores, one per point "
            f"returned by ask(); {e}"
        ) from None
    return fs if fs.ndim == 1 else fs.reshape(-1)


def as_sensitivities(reply: object, n: int, name: str) -> tuple[float, FloatArray]:
    """Unpack ``[(f, df)]`` into a float and a fresh length-``n`` array."""
    try:
        # Whatever was given: the unpacking below is the check.
        ((f, df),) = cast("Sequence[tuple[float, ArrayLike]]", reply)
        if not is_number(f):
            raise TypeError
        f = float(f)
        df = np.array(floats(df, "df"), dtype=float)
    except (TypeError, ValueError, OverflowError):
        raise ValueError(
            f"{name} needs sensitivities: tell() expects a list with one (f, df) "
            "pair, the score and its gradient at the point returned by ask() (as "
            f"ErrorMeasure.evaluateS1 returns); got {reprlib.repr(reply)}."
        ) from None
    if df.shape != (n,):
        raise ValueError(
            f"The gradient df given to tell() must have shape ({n},); "
            f"got shape {df.shape}."
        )
    return f, df


def nan_to_inf(fs: FloatArray, n_given: int) -> tuple[FloatArray, int, float]:
    """``fs`` with NaN replaced by ``+inf`` (a new array if there were any),
    with a warning that points at the caller of ``tell()``, the index of its
    minimum (-1 if it is empty) and that minimum."""
    if not fs.size:
        return fs, -1, math.inf
    # argmin() stops at the first NaN: in the common, clean case one call
    # both checks the scores and finds the best of them.
    k = int(fs.argmin())
    f = float(fs[k])
    if f != f:  # NaN
        nan = np.isnan(fs)
        fs = np.where(nan, np.inf, fs)
        k = int(fs.argmin())
        f = float(fs[k])
        warnings.warn(
            f"{np.count_nonzero(nan)} of the {n_given} scores given to tell() were "
            "NaN; they are treated as +inf (the worst score).",
            NonFiniteScoreWarning,
            stacklevel=3,
        )
    return fs, k, f


def non_finite_to_zero(df: FloatArray) -> FloatArray:
    """Replace NaN and infinite gradient entries (in place) by 0, with a
    warning that points at the caller of ``tell()``."""
    finite = np.isfinite(df)
    if not finite.all():
        bad = ~finite
        df[bad] = 0.0
        warnings.warn(
            f"{bad.sum()} of the {len(df)} gradient entries given to tell() were "
            "NaN or infinite; they are treated as 0 (no information).",
            NonFiniteScoreWarning,
            stacklevel=4,
        )
    return df
