"""Vectorised scoring: ``evaluate_batch`` / ``simulate_batch`` equal the
per-point values, and the sequential evaluator uses them."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scaleout_problems import logistic_error

import paramfit
import paramfit.toy

PROBLEM = logistic_error()._problem
finite = st.floats(-1e3, 1e3, allow_nan=False)
rates = st.floats(-0.5, 0.5, allow_nan=False)
capacities = st.floats(-100, 2000, allow_nan=False)


def points(d: int, first: Any = rates, second: Any = capacities) -> Any:
    cols = [first, second] + [st.floats(-5, 50, allow_nan=False)] * (d - 2)
    return st.lists(st.tuples(*cols), min_size=1, max_size=8).map(np.array)


def close(batch: Any, single: list[float]) -> None:
    batch = np.asarray(batch)
    assert batch.shape == (len(single),)
    np.testing.assert_allclose(batch, single, rtol=1e-12, atol=0)


@settings(max_examples=40, deadline=None)
@given(xs=points(2), p0=st.sampled_from([0.0, 2.0, 7.5]))
def test_logistic_simulate_batch(xs: Any, p0: float) -> None:
    model = paramfit.toy.LogisticModel(p0)
    times = PROBLEM.times()
    with np.errstate(all="ignore"):
        batch = model.simulate_batch(xs, times)
        for x, row in zip(xs, batch, strict=True):
            np.testing.assert_allclose(row, model.simulate(x, times), rtol=1e-12)


@settings(max_examples=40, deadline=None)
@given(xs=points(2))
@pytest.mark.parametrize("cls", [paramfit.SumOfSquaresError, paramfit.MeanSquaredError])
def test_error_measures(cls: type, xs: Any) -> None:
    e = cls(PROBLEM)
    with np.errstate(all="ignore"):
        close(e.evaluate_batch(xs), [e(x) for x in xs])


@settings(max_examples=40, deadline=None)
@given(xs=points(3, rates, capacities), sigma=st.floats(-1, 30, allow_nan=False))
def test_gaussian_log_likelihoods(xs: Any, sigma: float) -> None:
    unknown = paramfit.GaussianLogLikelihood(PROBLEM)
    xs = xs.copy()
    xs[0, 2] = sigma
    with np.errstate(all="ignore"):
        close(unknown.evaluate_batch(xs), [unknown(x) for x in xs])
        known = paramfit.GaussianKnownSigmaLogLikelihood(PROBLEM, 10)
        close(known.evaluate_batch(xs[:, :2]), [known(x) for x in xs[:, :2]])
        negated = paramfit.ProbabilityBasedError(known)
        close(negated.evaluate_batch(xs[:, :2]), [negated(x) for x in xs[:, :2]])


def test_fallbacks() -> None:
    class Overridden(paramfit.SumOfSquaresError):
        def __call__(self, x: Any) -> float:
            return 1.0

    xs = np.array([[0.01, 500], [0.02, 400]])
    assert list(Overridden(PROBLEM).evaluate_batch(xs)) == [1.0, 1.0]
    model = (
        paramfit.toy.ConstantModel(2)
        if hasattr(paramfit.toy, "ConstantModel")
        else None
    )
    if model is not None:
        times = np.arange(5.0)
        problem = paramfit.MultiOutputProblem(model, times, np.zeros((5, 2)))
        e = paramfit.SumOfSquaresError(problem)
        close(e.evaluate_batch(xs), [e(x) for x in xs])


def test_sequential_evaluator_uses_batch() -> None:
    calls = []

    class Counting(paramfit.SumOfSquaresError):
        def evaluate_batch(self, xs: Any) -> Any:
            calls.append(len(xs))
            return super().evaluate_batch(xs)

    e = Counting(PROBLEM)
    xs = np.array([[0.01, 500], [0.02, 400], [0.015, 450]])
    values = paramfit.SequentialEvaluator(e).evaluate(xs)
    assert calls == [3] and values == [e(x) for x in xs]
    assert all(type(v) is float for v in values)
    assert paramfit.SequentialEvaluator(e).evaluate([]) == []
    assert paramfit.SequentialEvaluator(e, args=()).evaluate(xs) == values
