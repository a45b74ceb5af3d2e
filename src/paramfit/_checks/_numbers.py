"""Checks of single values: numbers, counts, flags, file names, callables
and instances."""

from __future__ import annotations

import math
import numbers
import os
from typing import Any

import numpy as np

from ._messages import fail, is_number, not_a_number, with_detail


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
    why: str = "",
    message: str | None = None,
    truncate: bool = False,
) -> int:
    """``value`` as an int in ``[minimum, maximum]``: a whole number, given
    as an integer or an integral float (tuners pass floats), or with
    ``truncate`` any finite float, rounded towards zero as PINTS's ``int()``.

    ``why`` explains ``maximum`` in its message; ``message`` is PINTS's
    message for a value below ``minimum``.
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
        raise ValueError(fail(name, f"at most {maximum}{why}", value))
    return n


def flag(value: object, name: str) -> bool:
    """``value`` as a bool: ``True``/``False`` (NumPy's too), or 0 and 1."""
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (numbers.Integral, np.integer)) and int(value) in (0, 1):
        return bool(value)
    raise TypeError(fail(name, "True or False", value))


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


def real_from_string(value: str, name: str) -> float:
    """A numeric string read as a number, for the few setters that accept
    one because PINTS's ``float()`` did and users rely on it."""
    try:
        return float(value)
    except ValueError:
        raise not_a_number(name, "a number", value) from None


def whole(value: float) -> float | int:
    """A finite hyper-parameter rounded down to an integer, as tuners pass
    counts as floats (anything else is left for the setter to refuse)."""
    return int(value) if math.isfinite(value) else value


def path(value: object, name: str) -> str:
    """``value`` as a file name: a ``str`` or an ``os.PathLike``."""
    if isinstance(value, str) or isinstance(value, os.PathLike):
        return os.fspath(value)
    raise TypeError(fail(name, "a file name (a str or os.PathLike)", value))


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
