"""Tests for the logistic toy model and the toy error measures ParabolicError
and RosenbrockError, against PINTS 0.6.1."""

from __future__ import annotations

import re

import numpy as np
import pints
import pints.toy
import pytest
from hypothesis import given
from hypothesis import strategies as st

import paramfit
import paramfit.toy as toy


def raises(exc, message):
    return pytest.raises(exc, match="^" + re.escape(message) + "$")


def central_differences(f, x, rel=1e-6):
    x = np.asarray(x, dtype=float)
    columns = []
    for i in range(len(x)):
        h = rel * max(1.0, abs(x[i]))
        up, down = x.copy(), x.copy()
        up[i] += h
        down[i] -= h
        columns.append((np.asarray(f(up)) - np.asarray(f(down))) / (2 * h))
    return np.stack(columns, axis=-1)


# --- LogisticModel ------------------------------------------------------------


def test_spec_reference_numbers():
    model = toy.LogisticModel(0.5)
    times = np.linspace(0, 20, 21)
    values = model.simulate([0.1, 12], times)
    assert values[0] == 0.5
    assert values[1] == 0.5501745273651227
    _, sensitivities = model.simulateS1([0.1, 12], times)
    assert sensitivities[1, 0] == 0.5249501931516697


def test_values_equal_the_closed_form_exactly():
    p0, (r, k) = 0.5, (0.1, 12)
    times = np.linspace(0, 20, 21)
    values = toy.LogisticModel(p0).simulate([r, k], times)
    for t, v in zip(times, values, strict=True):
        assert v == k / (1 + (k / p0 - 1) * np.exp(-r * t))


@pytest.mark.parametrize("p0", [0.5, 2, 7.25])
def test_matches_pints_bit_for_bit(p0):
    times = np.linspace(0, 100, 1000)
    for x in ([0.1, 50], [0.015, 500], [1.3, 3.0], [0.0, 7.0]):
        ours = toy.LogisticModel(p0)
        ref = pints.toy.LogisticModel(p0)
        assert np.array_equal(ours.simulate(x, times), ref.simulate(x, times))
        y, dy = ours.simulateS1(x, times)
        y_ref, dy_ref = ref.simulateS1(x, times)
        assert np.array_equal(y, y_ref) and np.array_equal(dy, dy_ref)


def test_zero_capacity_gives_nan_at_time_zero_like_pints():
    # k = 0 makes f(0) = 0 / 0; kept as in PINTS (NaN there, 0 elsewhere).
    with np.errstate(invalid="ignore", divide="ignore"):
        ours = toy.LogisticModel().simulateS1([0.2, 0.0], [0, 1, 2])
        ref = pints.toy.LogisticModel().simulateS1([0.2, 0.0], [0, 1, 2])
    for a, b in zip(ours, ref, strict=True):
        np.testing.assert_array_equal(a, b)
    assert np.isnan(ours[0][0]) and np.all(ours[0][1:] == 0)


def test_simulate_returns_writable_float_array():
    model = toy.LogisticModel()
    for times in ([0, 1, 2], np.arange(3), paramfit.vector([0, 1, 2])):
        values = model.simulate([1, 5], times)
        assert isinstance(values, np.ndarray) and values.dtype == np.float64
        assert values.flags.writeable
        values += 1.0  # users add noise in place
    assert toy.LogisticModel(0).simulate([1, 5], [0, 1]).flags.writeable


def test_basic_behaviour():
    model = toy.LogisticModel()
    assert model.n_parameters() == 2 and model.n_outputs() == 1
    assert isinstance(model, paramfit.ForwardModelS1)
    assert isinstance(model, toy.ToyModel)
    values = model.simulate([1, 5], [0, 1, 2, 10000])
    assert values[0] == 2 and values[-1] == 5
    values = model.simulate([1, 5], np.arange(1000))
    assert np.all(values[1:] >= values[:-1])
    _, dy = model.simulateS1([1, 5], [0, 1, 2, 10000])
    assert dy[0, 0] == 0 and dy[-1, 0] == 0 and dy[0, 1] == 0 and dy[-1, 1] == 1


@pytest.mark.parametrize(("p0", "x"), [(0, [1, 5]), (2, [1, -1])])
def test_zero_population_cases(p0, x):
    model = toy.LogisticModel(p0)
    times = [0, 1, 2, 10000]
    assert np.array_equal(model.simulate(x, times), np.zeros(4))
    y, dy = model.simulateS1(x, times)
    assert np.array_equal(y, np.zeros(4)) and np.array_equal(dy, np.zeros((4, 2)))


def test_errors():
    with raises(ValueError, "Population size cannot be negative."):
        toy.LogisticModel(-1)
    model = toy.LogisticModel()
    for method in (model.simulate, model.simulateS1):
        with raises(ValueError, "Negative times are not allowed."):
            method([1, 1], [0, -1, 2])


def test_suggested():
    model = toy.LogisticModel()
    x, times = model.suggested_parameters(), model.suggested_times()
    assert np.array_equal(x, [0.1, 50])
    assert np.array_equal(times, np.linspace(0, 100, 100))
    assert model.simulate(x, times)[-1] == pytest.approx(x[1], abs=0.01 * x[1])


def test_toy_model_base():
    m = toy.ToyModel()
    with pytest.raises(NotImplementedError):
        m.suggested_parameters()
    with pytest.raises(NotImplementedError):
        m.suggested_times()


@given(st.floats(0.01, 1.0), st.floats(1.0, 200.0), st.floats(0.1, 50.0))
def test_sensitivities_match_finite_differences(r, k, p0):
    model = toy.LogisticModel(p0)
    times = np.linspace(0, 50, 26)
    y, dy = model.simulateS1([r, k], times)
    fd = central_differences(lambda x: model.simulate(x, times), [r, k])
    # Rounding in the differences is about eps * |f| / h = 1e-10 * |f|.
    np.testing.assert_allclose(dy, fd, rtol=1e-5, atol=1e-7 * np.max(y))


# --- ParabolicError, RosenbrockError -----------------------------------------


def test_parabolic_error():
    e = toy.ParabolicError([1, -2, 3])
    assert isinstance(e, paramfit.ErrorMeasure)
    assert e.n_parameters() == 3
    assert e([1, -2, 3]) == 0
    assert e([0, 0, 0]) == 14
    assert e([[2], [-2], [3]]) == 1  # anything vector() accepts
    y, dy = e.evaluateS1([0, 0, 0])
    assert y == 14 and dy.tolist() == [-2, 4, -6]
    optimum = e.optimum()
    assert optimum.tolist() == [1, -2, 3]
    optimum[0] = 100  # a copy
    assert e.optimum()[0] == 1
    assert toy.ParabolicError().n_parameters() == 2
    with pytest.raises(ValueError):
        e([1, 2])


@given(st.lists(st.floats(-100, 100), min_size=1, max_size=6), st.data())
def test_parabolic_matches_pints_and_finite_differences(c, data):
    x = data.draw(st.lists(st.floats(-100, 100), min_size=len(c), max_size=len(c)))
    ours, ref = toy.ParabolicError(c), pints.toy.ParabolicError(c)
    assert ours(x) == pytest.approx(ref(x), rel=1e-12, abs=1e-300)
    y, dy = ours.evaluateS1(x)
    assert y == pytest.approx(ours(x), rel=1e-12, abs=1e-300)
    np.testing.assert_allclose(dy, central_differences(ours, x), atol=1e-4)


def test_rosenbrock_error():
    e = toy.RosenbrockError()
    assert isinstance(e, paramfit.ErrorMeasure)
    assert e.n_parameters() == 2
    assert e.optimum() == (1, 1)
    assert e([1, 1]) == 0
    assert e([0, 0]) == 1
    assert e([-1, 2]) == 4 + 100
    ref = pints.toy.RosenbrockError()
    for x in ([0.3, -1.2], [2.0, 4.1], np.array([1.5, -0.5])):
        assert e(x) == ref(x)
