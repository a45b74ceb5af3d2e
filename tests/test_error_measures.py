"""Tests for the error measures, side by side with PINTS 0.6.1."""

from __future__ import annotations

import pickle
import re

import numpy as np
import pints
import pints.toy
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import paramfit
import paramfit.toy


class ConstantModel(paramfit.ForwardModelS1):
    """Output i is (i + 1) * p_i at every time (as PINTS's ConstantModel)."""

    def __init__(self, n: int) -> None:
        super().__init__()
        self._n = n

    def n_parameters(self) -> int:
        return self._n

    def n_outputs(self) -> int:
        return self._n

    def simulate(self, parameters, times):
        return self.simulateS1(parameters, times)[0]

    def simulateS1(self, parameters, times):
        c = np.arange(1, self._n + 1)
        y = np.tile(c * np.asarray(parameters, dtype=float), (len(times), 1))
        dy = np.tile(np.diag(c.astype(float)), (len(times), 1, 1))
        if self._n == 1:
            return y[:, 0], dy[:, 0, :]
        return y, dy


class CurvedModel(paramfit.ForwardModelS1):
    """Three outputs, non-linear in its two parameters."""

    def n_parameters(self) -> int:
        return 2

    def n_outputs(self) -> int:
        return 3

    def simulate(self, parameters, times):
        return self.simulateS1(parameters, times)[0]

    def simulateS1(self, parameters, times):
        a, b = parameters
        t = np.asarray(times, dtype=float)
        e = np.exp(-b * t)
        y = np.column_stack([a * e, a * a + b * t, np.sin(a * t) * b])
        dy = np.empty((len(t), 3, 2))
        dy[:, 0, 0], dy[:, 0, 1] = e, -a * t * e
        dy[:, 1, 0], dy[:, 1, 1] = 2 * a, t
        dy[:, 2, 0], dy[:, 2, 1] = t * np.cos(a * t) * b, np.sin(a * t)
        return y, dy


class MiniProblem(paramfit.SingleOutputProblem):
    """A duck-typed problem that skips the base constructor (as PINTS's tests
    do): error measures may only use its public methods."""

    def __init__(self):
        self._t = paramfit.vector([1, 2, 3])
        self._v = paramfit.vector([-1, 2, 3])

    def n_parameters(self):
        return 3

    def evaluate(self, parameters):
        return np.array(parameters)

    def times(self):
        return self._t

    def values(self):
        return self._v


class Constant(paramfit.ErrorMeasure):
    def __init__(self, value, n=3):
        self._value, self._n = value, n

    def n_parameters(self):
        return self._n

    def __call__(self, x):
        return self._value


def raises(exc, message):
    return pytest.raises(exc, match="^" + re.escape(message) + "$")


def central_differences(f, x, rel=1e-6):
    x = np.asarray(x, dtype=float)
    g = np.empty_like(x)
    for i in range(len(x)):
        h = rel * max(1.0, abs(x[i]))
        up, down = x.copy(), x.copy()
        up[i] += h
        down[i] -= h
        g[i] = (f(up) - f(down)) / (2 * h)
    return g


# Data for side-by-side runs: one logistic (single output) and one curved
# (multi-output) problem, built identically for both libraries.
TIMES = np.linspace(0, 100, 1000)  # long enough for blocked summation
_rng = np.random.default_rng(42)
_logistic = paramfit.toy.LogisticModel(2).simulate([0.1, 50], TIMES)
LOGISTIC_DATA = _logistic + _rng.normal(0, 1, TIMES.shape)
_curved = CurvedModel().simulate([1.3, 0.02], TIMES)
CURVED_DATA = _curved + _rng.normal(0, 0.1, _curved.shape)


def problems(lib):
    single = lib.SingleOutputProblem(lib.toy.LogisticModel(2), TIMES, LOGISTIC_DATA)
    multi = lib.MultiOutputProblem(CurvedModel(), TIMES, CURVED_DATA)
    return single, multi


POINTS = {"single": [[0.11, 48.0], [0.05, 70.0]], "multi": [[1.2, 0.03], [0.7, 0.1]]}


@pytest.mark.parametrize("which", ["single", "multi"])
@pytest.mark.parametrize("name", ["SumOfSquaresError", "MeanSquaredError"])
@pytest.mark.parametrize("weighted", [False, True])
def test_weighted_measures_match_pints_bit_for_bit(which, name, weighted):
    index = 0 if which == "single" else 1
    ours_p, ref_p = problems(paramfit)[index], problems(pints)[index]
    weights = None
    if weighted:
        weights = [2.5] if which == "single" else [0.5, 2, 3.25]
    ours = getattr(paramfit, name)(ours_p, weights)
    ref = getattr(pints, name)(ref_p, weights)
    assert ours.n_parameters() == ref.n_parameters() == 2
    assert ours.problem() is ours_p
    for x in POINTS[which]:
        assert ours(x) == ref(x)
        e, de = ours.evaluateS1(x)
        e_ref, de_ref = ref.evaluateS1(x)
        assert e == e_ref and e == ours(x)
        assert de.shape == (2,)
        assert np.array_equal(de, de_ref)


@pytest.mark.parametrize(
    "name", ["RootMeanSquaredError", "NormalisedRootMeanSquaredError"]
)
def test_root_mean_squared_measures_match_pints(name):
    ours = getattr(paramfit, name)(problems(paramfit)[0])
    ref = getattr(pints, name)(problems(pints)[0])
    for x in POINTS["single"]:
        assert ours(x) == pytest.approx(ref(x), rel=1e-12)
    with pytest.raises(NotImplementedError):
        ours.evaluateS1(POINTS["single"][0])


def test_sum_of_errors_matches_pints():
    def build(lib):
        p = problems(lib)[0]
        return lib.SumOfErrors(
            [lib.SumOfSquaresError(p), lib.MeanSquaredError(p, [3])], [1.5, 0.25]
        )

    ours, ref = build(paramfit), build(pints)
    for x in POINTS["single"]:
        assert ours(x) == ref(x)
        e, de = ours.evaluateS1(x)
        e_ref, de_ref = ref.evaluateS1(x)
        assert e == e_ref and np.array_equal(de, de_ref)


def test_mean_squared_error_spec_examples():
    problem = paramfit.MultiOutputProblem(ConstantModel(2), [1, 2, 3], [[1, 4]] * 3)
    assert paramfit.MeanSquaredError(problem)([3, 4]) == 10
    assert paramfit.MeanSquaredError(problem, weights=[1, 2])([3, 4]) == 18
    assert paramfit.MeanSquaredError(problem)([2, 3]) == 2.5
    # Residuals [[0, 0], [-1, -3], [-2, -6]], derivatives diag(1, 2):
    # dMSE/dx = (2 / 6) * [-3 * 1, -9 * 2]; dSSE_w/dx = 2 * [-3 * 1 * 1, -9 * 2 * 2]
    problem = paramfit.MultiOutputProblem(
        ConstantModel(2), [1, 2, 3], [[1, 4], [2, 7], [3, 10]]
    )
    _, de = paramfit.MeanSquaredError(problem).evaluateS1([1, 2])
    assert de.tolist() == [-1, -6]
    _, de = paramfit.SumOfSquaresError(problem, [1, 2]).evaluateS1([1, 2])
    assert de.tolist() == [-6, -72]


def test_sum_of_squares_error_single_output_values():
    problem = paramfit.SingleOutputProblem(ConstantModel(1), [1, 2, 3], [1, 1, 1])
    e = paramfit.SumOfSquaresError(problem)
    assert [e([x]) for x in (1, 2, 0, 3)] == [0, 3, 3, 12]
    for x in (1, 2, 3, 4):
        ex, dex = e.evaluateS1([x])
        assert ex == e([x]) and dex.tolist() == [6 * (x - 1)]


def test_duck_typed_problem():
    p = MiniProblem()
    assert paramfit.SumOfSquaresError(p)([0, 0, 0]) == 14
    assert paramfit.MeanSquaredError(p)([0, 0, 0]) == pytest.approx(14 / 3)
    assert paramfit.RootMeanSquaredError(p)([-1, 2, 3]) == 0
    assert paramfit.RootMeanSquaredError(p)([1, 1, 1]) == np.sqrt(9 / 3)
    assert paramfit.NormalisedRootMeanSquaredError(p)([0, 0, 0]) == 1.0


def test_weight_and_problem_errors():
    multi = paramfit.MultiOutputProblem(ConstantModel(2), [1, 2], [[1, 2], [3, 4]])
    message = "Number of weights must match number of problem outputs."
    for cls in (paramfit.SumOfSquaresError, paramfit.MeanSquaredError):
        with raises(ValueError, message):
            cls(multi, weights=[1, 2, 3])
    message = "This measure is only defined for single output problems."
    for cls in (paramfit.RootMeanSquaredError, paramfit.NormalisedRootMeanSquaredError):
        with raises(ValueError, message):
            cls(multi)


def test_error_measure_base_methods():
    e = paramfit.ErrorMeasure()
    for call in (lambda: e([1]), lambda: e.evaluateS1([1]), e.n_parameters):
        with pytest.raises(NotImplementedError):
            call()


def test_sum_of_errors_validation():
    e1 = paramfit.SumOfSquaresError(MiniProblem())
    e6 = Constant(1.0, n=6)
    with raises(ValueError, "SumOfErrors requires at least 1 error measure."):
        paramfit.SumOfErrors([], [])
    with raises(
        ValueError,
        "Number of weights must match number of errors passed to SumOfErrors.",
    ):
        paramfit.SumOfErrors([e1, e1, e1], [1, 1])
    with raises(
        ValueError,
        "All error_measures passed to SumOfErrors must be instances of"
        " pints.ErrorMeasure (failed on argument 1).",
    ):
        paramfit.SumOfErrors([e1, 3], [2, 1])
    with raises(
        ValueError, "All errors passed to SumOfErrors must have same dimension."
    ):
        paramfit.SumOfErrors([e1, e1, e6])
    with pytest.raises(TypeError):
        paramfit.SumOfErrors([e1, e1], [e1, 1])


def test_sum_of_errors_values_and_non_finite_propagation():
    e1 = paramfit.SumOfSquaresError(MiniProblem())
    x = [0, 0, 0]
    assert paramfit.SumOfErrors([e1, e1]).n_parameters() == 3
    assert paramfit.SumOfErrors([e1, e1], [3.1, 4.5])(x) == 3.1 * e1(x) + 4.5 * e1(x)
    assert paramfit.SumOfErrors([e1] * 6, [1, 2, 3, 4, 5, 6])(x) == 21 * e1(x)
    inf, nan = float("inf"), float("nan")
    assert paramfit.SumOfErrors([Constant(inf), Constant(inf)])(x) == inf
    assert np.isnan(paramfit.SumOfErrors([Constant(inf), Constant(-inf)])(x))
    assert np.isnan(paramfit.SumOfErrors([Constant(5), Constant(nan)])(x))


def test_sum_of_errors_gradient_is_weighted_sum():
    multi = [
        paramfit.MultiOutputProblem(ConstantModel(2), [1, 2, 3], v)
        for v in ([[3, 2], [1, 7], [3, 2]], [[2, 3], [3, 4], [5, 6]])
    ]
    e1, e2 = (paramfit.SumOfSquaresError(p) for p in multi)
    e = paramfit.SumOfErrors([e1, e2], [1, 2])
    y, dy = e.evaluateS1([4, -2])
    assert y == e([4, -2]) and dy.shape == (2,)
    assert np.array_equal(dy, e1.evaluateS1([4, -2])[1] + 2 * e2.evaluateS1([4, -2])[1])


# --- properties ----------------------------------------------------------------

growth = st.floats(0.01, 0.3)
capacity = st.floats(5.0, 200.0)


@given(growth, capacity)
def test_sum_of_squares_is_non_negative_and_zero_at_the_data(r, k):
    model = paramfit.toy.LogisticModel(2)
    problem = paramfit.SingleOutputProblem(model, TIMES, model.simulate([r, k], TIMES))
    e = paramfit.SumOfSquaresError(problem)
    assert e([r, k]) == 0
    assert e([0.1, 50]) >= 0


@settings(max_examples=40)
@given(growth, capacity, st.sampled_from(["SumOfSquaresError", "MeanSquaredError"]))
def test_single_output_gradient_matches_finite_differences(r, k, name):
    e = getattr(paramfit, name)(problems(paramfit)[0], [1.7])
    _, de = e.evaluateS1([r, k])
    np.testing.assert_allclose(
        de, central_differences(e, [r, k]), rtol=1e-5, atol=1e-6 * abs(e([r, k]))
    )


@settings(max_examples=40)
@given(st.floats(0.2, 2.0), st.floats(0.0, 0.1), st.booleans())
def test_multi_output_gradient_matches_finite_differences(a, b, mean):
    cls = paramfit.MeanSquaredError if mean else paramfit.SumOfSquaresError
    e = cls(problems(paramfit)[1], [1.0, 0.5, 2.0])
    _, de = e.evaluateS1([a, b])
    np.testing.assert_allclose(
        de, central_differences(e, [a, b]), rtol=1e-5, atol=1e-6 * abs(e([a, b]))
    )


def test_error_measures_pickle():
    # Parallel evaluators send the scoring function to worker processes.
    single, multi = problems(paramfit)
    cases = [
        (paramfit.SumOfSquaresError(single), POINTS["single"][0]),
        (paramfit.MeanSquaredError(multi, [1, 2, 3]), POINTS["multi"][0]),
        (paramfit.SumOfErrors([paramfit.RootMeanSquaredError(single)]), [0.1, 50]),
    ]
    for e, x in cases:
        assert pickle.loads(pickle.dumps(e))(x) == e(x)
