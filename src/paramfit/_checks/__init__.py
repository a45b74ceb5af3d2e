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

from ._arrays import floats, one_value, point, points, vector
from ._messages import Detail, describe, fail, is_number, not_a_number, with_detail
from ._numbers import (
    count,
    flag,
    function,
    instance,
    integer,
    number,
    path,
    real,
    real_from_string,
    whole,
)
from ._sizes import fits_in_memory, hyper_parameters, hyper_sequence, memory_bytes

__all__ = [
    "describe",
    "fail",
    "not_a_number",
    "is_number",
    "Detail",
    "with_detail",
    "real",
    "count",
    "flag",
    "number",
    "integer",
    "real_from_string",
    "whole",
    "path",
    "instance",
    "function",
    "floats",
    "vector",
    "point",
    "points",
    "one_value",
    "memory_bytes",
    "fits_in_memory",
    "hyper_parameters",
    "hyper_sequence",
]
