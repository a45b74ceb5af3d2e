"""Tests for the forward-model and problem classes and the
``vector``/``matrix2d`` contracts they rely on."""

from __future__ import annotations

import re

import numpy as np
import pints
import pints.toy
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import paramfit
import paramfit.toy


class TwoOutputModel(paramfit.ForwardModelS1):
    """y0 = a exp(-b t), y1 = a + b t: two parameters, two outputs."""

    def n_parameters(self) -> int:
        return 2

    def n_outputs(self) -> int:
        return 2

    def simulate(self, parameters, times):
        return self.simulateS1(parameters, times)[0]

    def simulateS1(self, parameters, times):
        a, b = parameters
        t = np.asarray(times, dtype=float)
        e = np.exp(-b * t)
        y = np.column_stack([a * e, a + b * t])
        dy = np.empty((len(t), 2, 2))
        dy[:, 0, 0], dy[:, 0, 1] = e, -a * t * e
        dy[:, 1, 0], dy[:, 1, 1] = 1.0, t
        return y, dy


def raises(exc, message):
    """``pytest.raises`` matching the whole message literally."""
    return pytest.raises(exc, match="^" + re.escape(message) + "$")


# --- ForwardModel, ForwardModelS1 -------------------------------------------


def test_forward_model_base_methods():
    m = paramfit.ForwardModel()
    assert m.n_outputs() == 1
    with pytest.raises(NotImplementedError):
        m.n_parameters()
    with pytest.raises(NotImplementedError):
        m.simulate([1], [0, 1])
    s = paramfit.ForwardModelS1()
    assert isinstance(s, paramfit.ForwardModel)
    with pytest.raises(NotImplementedError):
        s.simulateS1([1], [0, 1])


def test_tunable_method_defaults():
    t = paramfit.TunableMethod()
    assert t.n_hyper_parameters() == 0
    assert t.set_hyper_parameters([1.0, 2.0]) is None


# --- SingleOutputProblem -------------------------------------------------------


def test_single_output_problem_side_by_side_with_pints():
    times = [0, 1, 2, 3.5]
    x = [0.5, 20]
    noisy = np.array([2.01, 2.9, 4.1, 6.0])
    ours = paramfit.SingleOutputProblem(paramfit.toy.LogisticModel(), times, noisy)
    ref = pints.SingleOutputProblem(pints.toy.LogisticModel(), times, noisy)
    assert np.array_equal(ours.times(), ref.times())
    assert np.array_equal(ours.values(), ref.values())
    assert np.array_equal(ours.evaluate(x), ref.evaluate(x))
    y, dy = ours.evaluateS1(x)
    y_ref, dy_ref = ref.evaluateS1(x)
    assert np.array_equal(y, y_ref) and np.array_equal(dy, dy_ref)
    assert dy.shape == (4, 2)
    assert ours.n_parameters() == 2 and ours.n_outputs() == 1
    assert ours.n_times() == 4


def test_single_output_problem_accessors_read_only():
    model = paramfit.toy.LogisticModel()
    p = paramfit.SingleOutputProblem(model, [1, 2, 3], [4, 5, 6])
    assert p.model() is model
    for a in (p.times(), p.values()):
        assert a.shape == (3,) and a.dtype == float and not a.flags.writeable


@pytest.mark.parametrize("shape", [(5,), (5, 1), (1, 5)])
def test_single_output_problem_value_shapes(shape):
    values = np.arange(5.0).reshape(shape)
    p = paramfit.SingleOutputProblem(paramfit.toy.LogisticModel(), range(5), values)
    assert p.values().shape == (5,)


def test_single_output_problem_errors():
    model = paramfit.toy.LogisticModel()
    with raises(
        ValueError, "Only single-output models can be used for a SingleOutputProblem."
    ):
        paramfit.SingleOutputProblem(TwoOutputModel(), [1, 2], [[1, 2], [3, 4]])
    with raises(ValueError, "Times can not be negative."):
        paramfit.SingleOutputProblem(model, [-2, 1, 2], [1, 2, 3])
    with raises(ValueError, "Times must be increasing."):
        paramfit.SingleOutputProblem(model, [1, 2, 2], [1, 2, 3])
    with raises(ValueError, "Times must be increasing."):
        paramfit.SingleOutputProblem(model, [1, 3, 2], [1, 2, 3])
    with raises(ValueError, "Times and values arrays must have same length."):
        paramfit.SingleOutputProblem(model, [1, 2, 3], [1, 2])


def test_single_output_problem_n_outputs_without_init():
    # PINTS users' tests subclass problems without calling __init__.
    class Mini(paramfit.SingleOutputProblem):
        def __init__(self):
            pass

    assert Mini().n_outputs() == 1


# --- MultiOutputProblem --------------------------------------------------------


def test_multi_output_problem_side_by_side_with_pints():
    times = [0, 1, 1, 2.5]  # repeated times are allowed here
    x = [2.0, 0.3]
    values = TwoOutputModel().simulate(x, times) + 0.01
    ours = paramfit.MultiOutputProblem(TwoOutputModel(), times, values)
    ref = pints.MultiOutputProblem(TwoOutputModel(), times, values)
    assert np.array_equal(ours.evaluate(x), ref.evaluate(x))
    y, dy = ours.evaluateS1(x)
    y_ref, dy_ref = ref.evaluateS1(x)
    assert np.array_equal(y, y_ref) and np.array_equal(dy, dy_ref)
    assert y.shape == (4, 2) and dy.shape == (4, 2, 2)
    assert ours.n_outputs() == 2 and ours.n_parameters() == 2
    assert ours.n_times() == 4 and ours.times().shape == (4,)
    assert ours.values().shape == (4, 2) and not ours.values().flags.writeable


def test_multi_output_problem_accepts_single_output_model():
    model = paramfit.toy.LogisticModel()
    values = model.simulate([1, 1], [1, 2, 3])
    p = paramfit.MultiOutputProblem(model, [1, 2, 3], values)
    assert p.values().shape == (3, 1)
    assert p.evaluate([1, 1]).shape == (3, 1)
    assert p.evaluateS1([1, 1])[1].shape == (3, 1, 2)


def test_multi_output_problem_errors():
    model = TwoOutputModel()
    good = np.ones((3, 2))
    with raises(ValueError, "Times cannot be negative."):
        paramfit.MultiOutputProblem(model, [-1, 1, 2], good)
    with raises(ValueError, "Times must be non-decreasing."):
        paramfit.MultiOutputProblem(model, [1, 3, 2], good)
    with raises(ValueError, "Values array must have shape `(n_times, n_outputs)`."):
        paramfit.MultiOutputProblem(model, [1, 2], good)
    with raises(ValueError, "Values array must have shape `(n_times, n_outputs)`."):
        paramfit.MultiOutputProblem(model, [1, 2, 3], good.T)


# --- vector / matrix2d contracts ----------------------------------------------

finite = st.floats(-1e6, 1e6)


@given(
    hnp.arrays(
        float, hnp.array_shapes(min_dims=1, max_dims=1, min_side=0), elements=finite
    )
)
def test_vector_of_1d_array(a):
    v = paramfit.vector(a)
    assert v.shape == a.shape and not v.flags.writeable
    assert np.array_equal(v, a) and not np.shares_memory(v, a)


@given(st.integers(1, 20), st.booleans(), finite)
def test_vector_flattens_columns_and_rows(n, column, fill):
    a = np.full((n, 1) if column else (1, n), fill)
    v = paramfit.vector(a)
    assert v.shape == (n,) and not v.flags.writeable
    assert np.array_equal(v, pints.vector(a))


@given(finite)
def test_vector_of_scalar(x):
    v = paramfit.vector(x)
    assert v.shape == (1,) and v[0] == x and not v.flags.writeable


@given(st.integers(2, 5), st.integers(2, 5))
def test_vector_rejects_matrices(n, m):
    with raises(ValueError, "Unable to convert to 1d vector of scalar values."):
        paramfit.vector(np.zeros((n, m)))


@given(hnp.arrays(float, hnp.array_shapes(min_dims=1, max_dims=2), elements=finite))
def test_matrix2d(a):
    m = paramfit.matrix2d(a)
    expected = a.shape if a.ndim == 2 else (len(a), 1)
    assert m.shape == expected and not m.flags.writeable
    assert np.array_equal(m, pints.matrix2d(a))


def test_matrix2d_rejects_3d():
    with raises(ValueError, "Unable to convert to 2d matrix."):
        paramfit.matrix2d(np.zeros((2, 2, 2)))
