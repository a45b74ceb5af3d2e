"""The vectorised-scoring protocol, shared by error measures and
log-likelihoods.

A function ``f`` may define ``f.evaluate_batch(xs)``: ``xs`` has shape
``(n_points, n_parameters)`` and the result, shape ``(n_points,)``, equals
``[f(x) for x in xs]`` (to rounding). `SequentialEvaluator`
(and so the controller, when not parallel) calls it once per population.

A forward model may define ``simulate_batch(parameters, times)``:
``parameters`` of shape ``(n_points, n_parameters)``, returning an array of
shape ``(n_points, n_times)`` (single-output models). The error measures and
Gaussian log-likelihoods of single-output problems use it when the model has
it, and loop over the points otherwise.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .._checks import points
from .._typing import ArrayLike, FloatArray
from ._problems import Problem


def batch_points(xs: ArrayLike, n_parameters: int) -> FloatArray:
    """``xs`` as a float array of shape ``(n_points, n_parameters)``, or a
    ``TypeError``/``ValueError`` saying what is wrong with it."""
    return points(xs, n_parameters, "xs")


def simulate_batch(problem: Problem, xs: FloatArray) -> FloatArray | None:
    """The outputs of a single-output ``problem`` at every row of ``xs``,
    shape ``(n_points, n_times)``; ``None`` if its model cannot batch."""
    if problem.n_outputs() != 1:
        return None
    model = getattr(problem, "model", None)
    simulate = getattr(model() if model is not None else None, "simulate_batch", None)
    if simulate is None:
        return None
    return np.asarray(simulate(xs, problem.times()), dtype=float).reshape(len(xs), -1)


def loop(function: Callable[[FloatArray], float], xs: FloatArray) -> FloatArray:
    """The fallback: score each row in turn."""
    return np.array([function(x) for x in xs], dtype=float)


def nan_to_minus_inf(values: FloatArray) -> FloatArray:
    """NaN log-likelihoods become ``-inf`` (as ``or_minus_inf`` per point)."""
    values[np.isnan(values)] = -np.inf
    return values
