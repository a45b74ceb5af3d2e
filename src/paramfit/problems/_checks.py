"""Checks of what problems are made of: the model, the times and the data.

A problem refuses data it cannot fit (NaN or infinite values, times that are
not finite or not increasing) at construction, naming the first bad entry,
rather than letting a run score ``inf`` everywhere.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._checks import count, describe, fail, floats, with_detail
from .._checks import vector as checked_vector
from .._typing import ArrayLike, FloatArray
from .._util import read_only

_MODEL_METHODS = ("n_parameters", "n_outputs", "simulate")


def check_model(model: Any) -> tuple[int, int]:
    """``(n_parameters, n_outputs)`` of a forward model, or a ``TypeError``
    if ``model`` does not have a model's methods."""
    missing = [m for m in _MODEL_METHODS if not callable(getattr(model, m, None))]
    if missing:
        raise TypeError(
            fail(
                "model",
                "a ForwardModel (an object with n_parameters(), n_outputs() and "
                "simulate() methods)",
                model,
            )[:-1]
            + f", which has no {', '.join(m + '()' for m in missing)}."
        )
    n_parameters = count(model.n_parameters(), "model.n_parameters()")
    n_outputs = count(model.n_outputs(), "model.n_outputs()")
    return n_parameters, n_outputs


def _index(mask: Any) -> str:
    """``'[i]'`` or ``'[i, j]'``: the first true entry of ``mask``."""
    first = np.argwhere(mask)[0]
    return "[" + ", ".join(str(int(i)) for i in first) + "]"


def check_times(times: ArrayLike, *, strictly: bool) -> FloatArray:
    """``times`` as a read-only vector of finite, non-negative times,
    increasing (``strictly``) or non-decreasing."""
    t = checked_vector(times, "times", finite=False)
    bad = ~np.isfinite(t)
    if bad.any():
        i = int(np.argmax(bad))
        raise ValueError(
            f"times must be finite; got times[{i}] = {t[i]} ({int(bad.sum())} "
            "non-finite)."
        )
    negative = t < 0
    if negative.any():
        i = int(np.argmax(negative))
        message = (
            "Times can not be negative." if strictly else "Times cannot be negative."
        )
        raise with_detail(ValueError(message), f"times[{i}] = {t[i]}.", pinned=True)
    step = t[1:] - t[:-1]
    wrong = step <= 0 if strictly else step < 0
    if wrong.any():
        i = int(np.argmax(wrong))
        if strictly:
            message, relation = "Times must be increasing.", "greater than"
        else:
            message, relation = "Times must be non-decreasing.", "at least"
        raise with_detail(
            ValueError(message),
            f"times[{i + 1}] = {t[i + 1]} is not {relation} times[{i}] = {t[i]}.",
            pinned=True,
        )
    return t


def matrix2d_of(values: ArrayLike, name: str) -> FloatArray:
    """``values`` as a 2-d float array (a 1-d sequence is one column)."""
    m = floats(values, name)
    if m.ndim == 1:
        m = m.reshape((len(m), 1))
    elif m.ndim != 2:
        raise ValueError(
            f"{name} must be a 2-d array (n_times, n_outputs); got "
            f"{describe(values)} (shape {m.shape})."
        )
    return read_only(np.array(m, dtype=float))


def check_values(values: Any, name: str, *, multi: bool = False) -> FloatArray:
    """Measured values, a vector (as PINTS's ``vector`` makes it) or, if
    ``multi``, the 2-d array given, with no NaN or infinity: a run cannot
    fit them."""
    v = values if multi else checked_vector(values, name, finite=False)
    bad = ~np.isfinite(v)
    if bad.any():
        where = _index(bad)
        raise ValueError(
            f"{name} must be finite (a run cannot fit NaN or infinite data); got "
            f"{name}{where} = {v[tuple(np.argwhere(bad)[0])]}, the first of "
            f"{int(bad.sum())} non-finite values."
        )
    return v


_PROBLEM_METHODS = ("evaluate", "times", "values", "n_outputs", "n_parameters")


def check_problem(problem: Any) -> None:
    """A ``TypeError`` unless ``problem`` has a problem's methods (error
    measures and log-likelihoods read it only through them)."""
    missing = [m for m in _PROBLEM_METHODS if not callable(getattr(problem, m, None))]
    if missing:
        raise TypeError(
            fail(
                "problem",
                "a SingleOutputProblem or MultiOutputProblem (an object with "
                "evaluate(), times(), values(), n_outputs() and n_parameters())",
                problem,
            )[:-1]
            + f", which has no {', '.join(m + '()' for m in missing)}."
        )
