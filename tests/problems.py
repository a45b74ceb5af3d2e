"""Test objectives shared by the contract suite, the convergence table and
the per-method reference tests.

Scalar objectives take one point; ``*_s1`` variants return ``(f, df)``, as
``ErrorMeasure.evaluateS1`` does. `Problem` bundles an objective with a
start, optional boundaries and its known minimiser, for the convergence
table. Everything is module-level, so it pickles by reference.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import scipy.optimize

import paramfit
import paramfit.toy


def sphere(x: Any) -> float:
    """``sum((x - 1)^2)``: minimum 0 at 1."""
    return float(np.sum((np.asarray(x) - 1.0) ** 2))


def sphere_s1(x: Any) -> tuple[float, np.ndarray]:
    """:func:`sphere` and its gradient."""
    x = np.asarray(x)
    return float(np.sum((x - 1.0) ** 2)), 2.0 * (x - 1.0)


def rosenbrock_s1(x: Any) -> tuple[float, np.ndarray]:
    """Rosenbrock's function (minimum 0 at [1, 1]) and its gradient."""
    a, b = x
    f = (1 - a) ** 2 + 100 * (b - a * a) ** 2
    return float(f), np.array([-2 * (1 - a) - 400 * a * (b - a * a), 200 * (b - a * a)])


def rosenbrock(x: Any) -> float:
    return rosenbrock_s1(x)[0]


# -- problems for the convergence table --------------------------------------


@dataclass(frozen=True)
class Problem:
    """An objective with what a run on it needs and what it should find.

    ``f`` scores one point; ``s1`` returns ``(f, df)`` for gradient methods;
    ``x_star`` is the minimiser (for data-fitting problems, the least-squares
    optimum of the data computed by scipy).
    """

    name: str
    f: Callable[[Any], float]
    s1: Callable[[Any], tuple[float, np.ndarray]]
    x_star: np.ndarray
    boundaries: Any = None


class Quadratic:
    """``sum(weights * (x - centre)^2)`` with its gradient (picklable)."""

    def __init__(self, weights: Any, centre: Any) -> None:
        self.weights = np.asarray(weights, dtype=float)
        self.centre = np.asarray(centre, dtype=float)

    def __call__(self, x: Any) -> float:
        return float(np.sum(self.weights * (np.asarray(x) - self.centre) ** 2))

    def s1(self, x: Any) -> tuple[float, np.ndarray]:
        d = np.asarray(x) - self.centre
        return float(np.sum(self.weights * d**2)), 2 * self.weights * d


class Scaled:
    """``sum((scales * x)^2)``: a sphere in scaled coordinates (picklable)."""

    def __init__(self, scales: Any) -> None:
        self.scales = np.asarray(scales, dtype=float)

    def __call__(self, x: Any) -> float:
        return float(np.sum((self.scales * np.asarray(x)) ** 2))

    def s1(self, x: Any) -> tuple[float, np.ndarray]:
        return self(x), 2 * self.scales**2 * np.asarray(x)


def quadratic(name: str, weights: Any, centre: Any, boundaries: Any = None) -> Problem:
    """A separable quadratic; its minimiser is ``centre``, clipped to a box."""
    q = Quadratic(weights, centre)
    x_star = q.centre
    if boundaries is not None:
        x_star = np.clip(x_star, boundaries.lower(), boundaries.upper())
    return Problem(name, q, q.s1, x_star, boundaries)


def scaled(scales: Any) -> Problem:
    """An ill-conditioned ellipsoid ``sum((scales * x)^2)``, minimum at 0."""
    s = Scaled(scales)
    return Problem(f"scaled{len(s.scales)}", s, s.s1, np.zeros(len(s.scales)))


def sphere_problem(n: int, boundaries: Any = None) -> Problem:
    name = f"sphere{n}" if boundaries is None else f"bounded_sphere{n}"
    return Problem(name, sphere, sphere_s1, np.ones(n), boundaries)


ROSENBROCK = Problem("rosenbrock", rosenbrock, rosenbrock_s1, np.ones(2))

#: The seed notebook's box for the logistic model's (growth rate, capacity).
LOGISTIC_BOX = paramfit.RectangularBoundaries([0, 200], [1, 1000])


def logistic_error(n_times: int = 100, seed: int = 1) -> paramfit.SumOfSquaresError:
    """A sum of squares for the logistic model (r = 0.015, K = 500) at
    ``n_times`` times in [0, 1000], with normal noise (sd 10) drawn from
    ``default_rng(seed)``."""
    model = paramfit.toy.LogisticModel()
    times = np.linspace(0, 1000, n_times)
    values = model.simulate([0.015, 500], times)
    values = values + np.random.default_rng(seed).normal(0, 10, n_times)
    return paramfit.SumOfSquaresError(
        paramfit.SingleOutputProblem(model, times, values)
    )


@cache
def logistic(n_times: int, seed: int, boundaries: Any = LOGISTIC_BOX) -> Problem:
    """:func:`logistic_error` as a problem; its minimiser is the least-squares
    optimum of the data."""
    error = logistic_error(n_times, seed)
    problem = error.problem()
    optimum = scipy.optimize.least_squares(
        lambda p: problem.evaluate(p) - problem.values(), [0.015, 500]
    ).x
    return Problem(f"logistic{n_times}", error, error.evaluateS1, optimum, boundaries)
