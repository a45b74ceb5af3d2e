"""Checks of arrays: sequences of numbers, vectors, points and batches of
points (the cheap checks at every call of a function)."""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

from .._typing import FloatArray
from ._messages import _F64, _REAL_KINDS, describe, fail, is_number, not_a_number


def floats(value: object, name: str) -> FloatArray:
    """``value`` as a float array (any shape; not a copy if it already is
    one), or a ``TypeError``/``ValueError`` naming ``name``: strings, ``None``,
    complex numbers and ragged nestings are not arrays of numbers."""
    if isinstance(value, np.ndarray) and value.dtype is _F64:
        return value
    if isinstance(value, (str, bytes)) or value is None:
        raise not_a_number(name, "a sequence of numbers", value)
    try:
        a = np.asarray(value)
    except (ValueError, TypeError):  # ragged, on NumPy >= 1.24
        raise ValueError(
            fail(name, "a sequence of numbers of one shape", value)
        ) from None
    if a.dtype.kind not in _REAL_KINDS:
        raise _not_numbers(a, name, value)
    return a.astype(float, copy=False)


def _not_numbers(a: np.ndarray, name: str, value: object) -> Exception:
    if a.dtype.kind == "O":
        for item in a.ravel():
            if is_number(item):
                if isinstance(item, numbers.Integral) and abs(int(item)) > 2**1023:
                    return ValueError(fail(name, "finite numbers", value))
                continue
            if isinstance(item, (list, tuple, np.ndarray)):
                return ValueError(
                    fail(name, "a sequence of numbers of one shape", value)
                )
            error = ValueError if isinstance(item, (str, bytes)) else TypeError
            return error(
                fail(name, "a sequence of numbers", value)[:-1]
                + f" (holding {describe(item)})."
            )
    if a.dtype.kind in "USV":  # strings (as np.asarray(..., dtype=float))
        return ValueError(fail(name, "a sequence of numbers", value))
    return TypeError(fail(name, "a sequence of numbers", value))


def vector(
    value: object,
    name: str,
    *,
    n: int | None = None,
    finite: bool = True,
    positive: bool = False,
    scalar: bool = True,
) -> FloatArray:
    """``value`` as a read-only 1-d float array (a copy).

    Scalars become length 1 (if ``scalar``); shapes ``(n, 1)`` and ``(1, n)``
    are flattened, as PINTS's ``vector`` does. With ``n`` the length must be
    ``n``.
    """
    if type(value) is np.ndarray and value.dtype is _F64:
        v = value
    elif is_number(value):
        if not scalar:
            raise TypeError(fail(name, "a sequence of numbers", value))
        v = floats([value], name)
    else:
        v = floats(value, name)
    if v.ndim != 1:
        if v.ndim == 0 or max(v.shape) != v.size:
            raise ValueError(
                f"{name} must be a 1-d sequence of numbers; got {describe(value)}"
                f" (shape {v.shape})."
            )
        v = v.reshape(v.size)
    v = np.array(v, dtype=float)
    if n is not None and len(v) != n:
        raise ValueError(
            f"{name} must have length {n}; got {describe(value)} (length {len(v)})."
        )
    if finite and not np.isfinite(v).all():
        raise ValueError(fail(name, "finite", value))
    if positive and not (v > 0).all():
        raise ValueError(fail(name, "positive", value))
    v.setflags(write=False)
    return v


def point(x: Any, n: int, name: str = "x") -> FloatArray:
    """``x`` as a point of dimension ``n``: ``x`` itself if it is a float
    array of shape ``(n,)`` (the fast path), else a float array, or a
    ``TypeError``/``ValueError`` naming ``name``. NaN and infinities pass
    (functions say what they give there)."""
    if type(x) is np.ndarray and x.dtype is _F64 and x.shape == (n,):
        return x
    v = floats(x, name)
    if v.shape != (n,):
        if v.size == n and v.ndim > 1 and max(v.shape) == n:
            return v.reshape(n)
        raise ValueError(
            f"{name} must be a point of dimension {n} (n_parameters); got "
            f"{describe(x)} (shape {v.shape})."
        )
    return v


def points(xs: Any, n: int, name: str = "xs") -> FloatArray:
    """``xs`` as a float array of shape ``(n_points, n)`` (a 1-d ``xs`` of
    length ``n`` is one point; with ``n = 1``, one value per point)."""
    a = floats(xs, name)
    if a.ndim == 1 and (n == 1 or len(a) == n):
        a = a.reshape(-1, n)
    if a.ndim != 2 or a.shape[1] != n:
        raise ValueError(
            f"{name} must have shape (n_points, {n}); got {describe(xs)} "
            f"(shape {a.shape})."
        )
    return a


def one_value(x: Any) -> float:
    """The one coordinate of a point of a one-dimensional function (a prior
    of one variable), as a float: ``x`` must be a sequence of one number."""
    if type(x) is np.ndarray and x.dtype is _F64 and x.shape == (1,):
        return x.item()
    return float(point(x, 1, "x")[0])
