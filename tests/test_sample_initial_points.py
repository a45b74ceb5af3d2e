"""sample_initial_points, which (unlike PINTS 0.6.1, which ignores it) honours
``n_workers`` when ``parallel=True``."""

from __future__ import annotations

import re

import numpy as np
import pytest

import paramfit
import paramfit.evaluation._initial_points as module
import paramfit.io  # noqa: F401  (PINTS's test imports it alongside)
import paramfit.toy


class HalfPlane(paramfit.LogPDF):
    """Finite only where x[0] > 0 (picklable: module level)."""

    def __call__(self, x):
        return -float(np.sum(np.square(x))) if x[0] > 0 else -np.inf

    def n_parameters(self):
        return 2


def raises(exc, message):
    return pytest.raises(exc, match="^" + re.escape(message) + "$")


def test_from_the_prior_of_a_posterior():
    likelihood = paramfit.GaussianLogLikelihood(
        paramfit.SingleOutputProblem(
            paramfit.toy.LogisticModel(), np.linspace(0, 50, 10), np.linspace(2, 20, 10)
        )
    )
    prior = paramfit.UniformLogPrior([0.01, 10, 0.1], [0.2, 100, 5], rng=1)
    posterior = paramfit.LogPosterior(likelihood, prior)
    points = paramfit.sample_initial_points(posterior, 7)
    assert isinstance(points, list) and len(points) == 7
    assert all(p.shape == (3,) and np.isfinite(posterior(p)) for p in points)


def test_with_boundaries_and_an_error_measure():
    b = paramfit.RectangularBoundaries([-1, -1], [1, 1], rng=2)
    points = paramfit.sample_initial_points(
        paramfit.toy.ParabolicError(), 5, boundaries=b
    )
    assert len(points) == 5 and all(b.check(p) for p in points)


def test_rejects_non_finite_points_and_points_outside_the_boundaries():
    rng = np.random.default_rng(3)
    draws = []

    def sampler(n):
        draws.append(n)
        return rng.normal(0, 1, size=(n, 2))

    b = paramfit.RectangularBoundaries([-5, -5], [5, 0.5])
    points = paramfit.sample_initial_points(HalfPlane(), 20, sampler, boundaries=b)
    assert len(points) == 20
    assert all(p[0] > 0 and p[1] < 0.5 for p in points)
    # Each round asks only for the points still missing.
    assert draws[0] == 20 and all(
        a >= b for a, b in zip(draws, draws[1:], strict=False)
    )


def test_gives_up_after_max_tries_rounds():
    calls = []

    def sampler(n):
        calls.append(n)
        return -np.ones((n, 2))

    with raises(
        RuntimeError,
        "Initialisation failed since function not finite or within bounds at initial"
        " points after 7 attempts.",
    ):
        paramfit.sample_initial_points(HalfPlane(), 3, sampler, max_tries=7)
    assert calls == [3] * 7


def test_bad_input():
    b = paramfit.RectangularBoundaries([0, 0], [1, 1])
    with raises(
        ValueError, "function must be either pints.LogPDF or pints.ErrorMeasure."
    ):
        paramfit.sample_initial_points(np.sum, 3, boundaries=b)
    with raises(ValueError, "boundaries must be a pints.Boundaries object."):
        paramfit.sample_initial_points(HalfPlane(), 3, boundaries=[0, 1])
    with raises(ValueError, "boundaries must match dimension of function."):
        paramfit.sample_initial_points(
            HalfPlane(), 3, boundaries=paramfit.RectangularBoundaries([0], [1])
        )
    with raises(ValueError, "random_sampler must be a callable function, if supplied."):
        paramfit.sample_initial_points(HalfPlane(), 3, random_sampler=5)
    with raises(
        ValueError,
        "If function is not a pints.LogPosterior and no boundaries are given then a"
        " random_sampler must be supplied.",
    ):
        paramfit.sample_initial_points(HalfPlane(), 3)
    with raises(ValueError, "Number of initial points must be 1 or more."):
        paramfit.sample_initial_points(HalfPlane(), 0, boundaries=b)


@pytest.mark.parametrize("n_workers, n_points, expected", [(3, 5, 3), (8, 2, 2)])
def test_parallel_honours_n_workers(monkeypatch, n_workers, n_points, expected):
    created = []

    class Recording(paramfit.SequentialEvaluator):
        def __init__(self, function, n_workers=None):
            super().__init__(function)
            created.append(n_workers)

        def close(self):
            created.append("closed")

    monkeypatch.setattr(module, "ParallelEvaluator", Recording)
    b = paramfit.RectangularBoundaries([0.1, 0], [1, 1])
    points = paramfit.sample_initial_points(
        HalfPlane(), n_points, boundaries=b, parallel=True, n_workers=n_workers
    )
    assert len(points) == n_points
    assert created == [expected, "closed"]


def test_parallel_default_workers(monkeypatch):
    created = []

    class Recording(paramfit.SequentialEvaluator):
        def __init__(self, function, n_workers=None):
            super().__init__(function)
            created.append(n_workers)

        @staticmethod
        def cpu_count():
            return 4

        def close(self):
            pass

    monkeypatch.setattr(module, "ParallelEvaluator", Recording)
    b = paramfit.RectangularBoundaries([0.1, 0], [1, 1])
    paramfit.sample_initial_points(HalfPlane(), 9, boundaries=b, parallel=True)
    paramfit.sample_initial_points(HalfPlane(), 2, boundaries=b, parallel=True)
    assert created == [4, 2]


def test_parallel_on_real_workers():
    b = paramfit.RectangularBoundaries([-1, -1], [1, 1], rng=4)
    points = paramfit.sample_initial_points(
        HalfPlane(), 6, boundaries=b, parallel=True, n_workers=2
    )
    assert len(points) == 6 and all(p[0] > 0 for p in points)
