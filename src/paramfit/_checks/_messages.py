"""What every check says: short descriptions of values, uniform messages,
and PINTS's messages kept with their detail."""

from __future__ import annotations

import numbers
import reprlib

import numpy as np

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
