"""Checks of the arguments of `ODEModel` at the public boundary."""

from __future__ import annotations

import keyword
import math
from collections.abc import Callable, Sequence

import numpy as np

from .._typing import ArrayLike, FloatArray

# Reductions without the Python wrappers of np.sum / np.any (~2 µs each).
_add = np.add.reduce
_any = np.logical_or.reduce


def check_names(
    what: str, names: Sequence[str] | str, allow_empty: bool = False
) -> tuple[str, ...]:
    """Distinct Python identifiers not starting with ``_``."""
    if isinstance(names, str):
        raise TypeError(f"{what} must be a sequence of names, not one string.")
    out = tuple(names)
    if not out and not allow_empty:
        raise ValueError(f"{what} must name at least one entry.")
    for name in out:
        if not isinstance(name, str):
            raise TypeError(f"{what} must be strings; got {name!r}.")
        if not name.isidentifier() or keyword.iskeyword(name) or name.startswith("_"):
            raise ValueError(
                f"{what}: {name!r} is not a valid name (a Python identifier not "
                "starting with '_')."
            )
    duplicates = sorted({x for x in out if out.count(x) > 1})
    if duplicates:
        raise ValueError(f"{what}: duplicate names {duplicates}.")
    return out


def check_times(times: ArrayLike, start: float | None) -> tuple[FloatArray, float]:
    """Finite, non-decreasing times from the start time on; returns the times
    and the start time. (Called on every solve: ufunc reductions only.)"""
    t = np.asarray(times, dtype=float)
    if t.ndim != 1 or not t.flags.c_contiguous:
        t = np.ascontiguousarray(t.reshape(-1))
    if len(t) == 0:
        return t, 0.0 if start is None else start
    if not np.isfinite(_add(t)):
        if not np.all(np.isfinite(t)):
            raise ValueError("times must be finite.")
    if len(t) > 1 and _any(np.less(t[1:], t[:-1])):
        k = int(np.flatnonzero(np.diff(t) < 0)[0])
        raise ValueError(
            f"times must be non-decreasing; got times[{k + 1}] = {t[k + 1]:g} "
            f"after times[{k}] = {t[k]:g}."
        )
    t0 = float(t[0]) if start is None else start
    if t[0] < t0:
        raise ValueError(
            f"times must not be before the start time {t0:g}; got {t[0]:g}."
        )
    return t, t0


def check_tolerances(
    rtol: float, atol: float | ArrayLike, n_states: int
) -> tuple[float, FloatArray]:
    """A positive ``rtol`` and positive ``atol`` per state."""
    r = float(rtol)
    if not (math.isfinite(r) and r > 0):
        raise ValueError(f"rtol must be positive and finite; got {rtol!r}.")
    if r < 1e-14:
        raise ValueError(f"rtol must be at least 1e-14 (machine precision); got {r}.")
    a = np.array(atol, dtype=float).reshape(-1)
    if len(a) == 1:
        a = np.full(n_states, a[0])
    if len(a) != n_states:
        raise ValueError(
            f"atol must be one value or one per state ({n_states}); got {len(a)}."
        )
    if not (np.all(np.isfinite(a)) and np.all(a > 0)):
        raise ValueError(f"atol must be positive and finite; got {a.tolist()}.")
    return r, a


def check_outputs(
    outputs: Sequence[str] | None,
    observe: Callable[..., object] | None,
    states: tuple[str, ...],
) -> tuple[str, ...]:
    """The output names: states (all by default), or those of ``observe``."""
    if observe is None:
        if outputs is None:
            return states
        names = check_names("outputs", outputs)
        unknown = [o for o in names if o not in states]
        if unknown:
            raise ValueError(
                f"Outputs {unknown} are not states ({', '.join(states)}); give "
                "an observe function to compute other outputs."
            )
        return names
    if outputs is None:
        raise ValueError("With observe, give the names of its outputs as outputs.")
    return check_names("outputs", outputs)
