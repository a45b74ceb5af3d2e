"""Checks of arguments at the public boundary, with uniform messages.

Every public entry point validates what it is given with these helpers, so
that a bad argument raises a ``TypeError`` (wrong type) or ``ValueError``
(bad value) naming the argument, the requirement and what was given::

    sigma0 must be positive; got -1.0.
    x0 must be a sequence of numbers; got the str '1.5'.

Where PINTS raises for the same condition, its message is passed as
``message`` and used as it is (users and tests match on it).

Numbers are ``int``, ``float`` and NumPy's real scalars (and 0-d arrays of
them); ``bool`` is accepted as PINTS accepts it, but numeric strings, ``None``
and complex numbers are not numbers. A string where a number belongs raises
a ``ValueError`` (as ``float('abc')`` does, so PINTS users' ``except
ValueError`` still catches it); other wrong types raise a ``TypeError``.

The checks run at construction and in setters. Functions called once per
point (``__call__`` of error measures and log-pdfs) use the cheap `point`
and `one_value`, whose fast path for a float array of the right shape is a
few attribute comparisons; ``tell()`` checks the whole array at once.
"""

from __future__ import annotations

import math
import numbers
import os
import reprlib
from collections.abc import Sequence
from typing import Any

import numpy as np

from ._typing import FloatArray

_repr = reprlib.Repr()
_repr.maxstring = 40
_repr.maxother = 40
_repr.maxlist = 6
_repr.maxtuple = 6
_F64 = np.dtype(np.float64)
#: dtype kinds that hold real numbers (bool, signed and unsigned int, float).
_REAL_KINDS = "biuf"


def describe(value: object) -> str:
    """A short description of ``value`` for an error message."""
    if value is None or isinstance(value, (bool, np.bool_)):
        return repr(value)
    if isinstance(value, numbers.Real):
        return _number(value)
    if isinstance(value, (str, bytes)):
        return f"the {type(value).__name__} {_repr.repr(value)}"
    if isinstance(value, np.ndarray):
        if value.size <= 6 and value.dtype.kind in _REAL_KINDS:
            return f"{value.tolist()}"
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    if isinstance(value, (list, tuple)):
        return _repr.repr(value)
    return f"an object of type {type(value).__name__}"


def _number(value: numbers.Real) -> str:
    if isinstance(value, numbers.Integral) and abs(int(value)) > 10**15:
        return (
            f"{int(value):.3g}"
            if abs(int(value)) < 1e308
            else "an integer too large for a float"
        )
    return repr(float(value)) if isinstance(value, np.floating) else repr(value)


def fail(name: str, requirement: str, value: object) -> str:
    """``'<name> must be <requirement>; got <value>.'``"""
    return f"{name} must be {requirement}; got {describe(value)}."


def not_a_number(name: str, requirement: str, value: object) -> Exception:
    """The error for a ``value`` that is not a number: a ``ValueError`` for
    a string (as ``float('abc')`` raises, and PINTS with it), else a
    ``TypeError``."""
    error = ValueError if isinstance(value, (str, bytes)) else TypeError
    return error(fail(name, requirement, value))


def is_number(value: object) -> bool:
    """Whether ``value`` is a real number (not a string, not complex)."""
    if type(value) is float or type(value) is int:
        return True
    if isinstance(value, numbers.Real):
        return True
    return (
        isinstance(value, np.ndarray)
        and value.ndim == 0
        and value.dtype.kind in _REAL_KINDS
    )


def real(
    value: object,
    name: str,
    *,
    positive: bool = False,
    non_negative: bool = False,
    finite: bool = True,
    lower: float | None = None,
    upper: float | None = None,
    message: str | None = None,
) -> float:
    """``value`` as a float, or a ``TypeError``/``ValueError`` naming ``name``.

    Parameters
    ----------
    positive, non_negative : bool
        Require ``> 0`` or ``>= 0`` (NaN fails both).
    finite : bool
        Reject NaN and infinities.
    lower, upper : float, optional
        Inclusive bounds.
    message : str, optional
        PINTS's message for a value out of range (used as it is).
    """
    if not is_number(value):
        raise not_a_number(name, "a number", value)
    try:
        v = float(value)  # type: ignore[arg-type]
    except OverflowError:
        raise ValueError(fail(name, "a finite number", value)) from None
    if positive and not v > 0:
        raise _range_error(message, fail(name, "positive", value))
    if non_negative and not v >= 0:
        raise _range_error(message, fail(name, "non-negative", value))
    if (lower is not None and not v >= lower) or (upper is not None and not v <= upper):
        raise _range_error(message, fail(name, _interval(lower, upper), value))
    if v != v:
        raise ValueError(fail(name, "a number, not NaN", value))
    if finite and not math.isfinite(v):
        raise ValueError(fail(name, "finite", value))
    return v


def _range_error(message: str | None, detail: str) -> ValueError:
    """PINTS's ``message`` with ``detail`` (see `with_detail`), or the
    detailed message alone."""
    if message is None:
        return ValueError(detail)
    return with_detail(ValueError(message), detail, pinned=True)  # type: ignore[return-value]


def _interval(lower: float | None, upper: float | None) -> str:
    if lower is None:
        return f"at most {upper}"
    if upper is None:
        return f"at least {lower}"
    return f"between {lower} and {upper}"


def count(
    value: object,
    name: str,
    *,
    minimum: int = 1,
    maximum: int | None = None,
    message: str | None = None,
    truncate: bool = False,
) -> int:
    """``value`` as an int in ``[minimum, maximum]``: a whole number, given
    as an integer or an integral float (tuners pass floats), or with
    ``truncate`` any finite float, rounded towards zero as PINTS's ``int()``.

    ``message`` is PINTS's message for a value below ``minimum``.
    """
    if isinstance(value, (bool, np.bool_)) or not is_number(value):
        raise not_a_number(name, "an integer", value)
    if isinstance(value, (numbers.Integral, np.integer)) or (
        isinstance(value, np.ndarray) and value.dtype.kind in "iu"
    ):
        n = int(value)
    else:
        v = float(value)  # type: ignore[arg-type]
        if not (math.isfinite(v) and (truncate or v == int(v))):
            raise ValueError(fail(name, "a whole number", value))
        n = int(v)
    if n < minimum:
        raise _range_error(message, fail(name, f"at least {minimum}", value))
    if maximum is not None and n > maximum:
        raise ValueError(fail(name, f"at most {maximum}", value))
    return n


def flag(value: object, name: str) -> bool:
    """``value`` as a bool: ``True``/``False`` (NumPy's too), or 0 and 1."""
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (numbers.Integral, np.integer)) and int(value) in (0, 1):
        return bool(value)
    raise TypeError(fail(name, "True or False", value))


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


def instance(value: object, cls: type | tuple[type, ...], name: str, what: str) -> Any:
    """``value`` if it is an instance of ``cls``, else a ``TypeError``."""
    if not isinstance(value, cls):
        raise TypeError(fail(name, what, value))
    return value


def function(value: object, name: str) -> Any:
    """``value`` if it is callable, else a ``TypeError``."""
    if not callable(value):
        raise TypeError(fail(name, "callable", value))
    return value


class Detail(Exception):
    """What was wrong, in detail: the cause of an error that keeps PINTS's
    message (see `with_detail`)."""


def with_detail(error: Exception, detail: str, *, pinned: bool = False) -> Exception:
    """``error`` (which has PINTS's message) with ``detail`` after it, for an
    exception to raise: the message becomes ``'<PINTS's message> <detail>'``.

    Some of PINTS's messages are matched whole by users' code and tests
    (``pinned``): their message stays exactly PINTS's, and the detail is the
    exception's cause, which tracebacks print with it.
    """
    if pinned:
        error.__cause__ = Detail(detail)
        return error
    return type(error)(f"{error} {detail}")


def memory_bytes() -> int:
    """The machine's physical memory in bytes (2**36 if unknown)."""
    try:
        return int(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES"))
    except (AttributeError, ValueError, OSError):  # pragma: no cover - not POSIX
        return 2**36


def fits_in_memory(n_values: int, name: str, value: object, what: str) -> None:
    """A ``ValueError`` if ``n_values`` floats (``what``: e.g. "a population
    of that many points") would not fit in a quarter of the memory."""
    if 8 * n_values > memory_bytes() // 4:
        size = f"{n_values // 2**27:.3g}" if n_values < 10**300 else "far more"
        raise ValueError(
            f"{name} is too large: {what} would take {size} GiB of memory, more "
            f"than a quarter of this machine's; got {describe(value)}."
        )


def hyper_parameters(x: object, n: int) -> FloatArray:
    """The ``n`` hyper-parameters given to ``set_hyper_parameters(x)``, as
    a float array (NaN and infinities are left to each setter)."""
    v = floats([x] if is_number(x) else x, "x")
    if v.ndim != 1 or len(v) != n:
        raise ValueError(
            f"set_hyper_parameters(x) needs a sequence of {n} hyper-parameter "
            f"value{'s' if n != 1 else ''}; got {describe(x)}."
        )
    return v


def whole(value: float) -> float | int:
    """A finite hyper-parameter rounded down to an integer, as tuners pass
    counts as floats (anything else is left for the setter to refuse)."""
    return int(value) if math.isfinite(value) else value


def path(value: object, name: str) -> str:
    """``value`` as a file name: a ``str`` or an ``os.PathLike``."""
    if isinstance(value, str) or isinstance(value, os.PathLike):
        return os.fspath(value)
    raise TypeError(fail(name, "a file name (a str or os.PathLike)", value))


def real_from_string(value: str, name: str) -> float:
    """A numeric string read as a number, for the few setters that accept
    one because PINTS's ``float()`` did and users rely on it."""
    try:
        return float(value)
    except ValueError:
        raise not_a_number(name, "a number", value) from None


def one_value(x: Any) -> float:
    """The one coordinate of a point of a one-dimensional function (a prior
    of one variable), as a float: ``x`` must be a sequence of one number."""
    if type(x) is np.ndarray and x.dtype is _F64 and x.shape == (1,):
        return x.item()
    return float(point(x, 1, "x")[0])


def number(value: object, name: str) -> float:
    """``float(value)`` for a number only (not a string, ``None``, ...);
    NaN and infinities pass, for the caller's range checks to judge."""
    if not is_number(value):
        raise not_a_number(name, "a number", value)
    try:
        return float(value)  # type: ignore[arg-type]
    except OverflowError:
        raise ValueError(fail(name, "a finite number", value)) from None


def integer(value: object, name: str) -> int:
    """``int(value)`` for a finite number only: rounded towards zero, as
    PINTS's ``int()`` (tuners pass counts as floats)."""
    if isinstance(value, (bool, np.bool_)) or not is_number(value):
        raise not_a_number(name, "an integer", value)
    if isinstance(value, (numbers.Integral, np.integer)):
        return int(value)
    v = float(value)  # type: ignore[arg-type]
    if not math.isfinite(v):
        raise ValueError(fail(name, "a finite whole number", value))
    return int(v)


def hyper_sequence(x: object, n: int) -> Any:
    """``x`` itself if it is a sequence (or array) of ``n`` entries, which
    the setters check one by one (an entry may be a vector, e.g. widths);
    else the error `hyper_parameters` gives."""
    if (
        isinstance(x, (str, bytes))
        or not isinstance(x, (Sequence, np.ndarray))
        or len(x) != n
    ):
        hyper_parameters(x, n)
    return x
