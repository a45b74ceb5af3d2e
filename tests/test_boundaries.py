import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import paramfit


def test_rectangular_checks_and_accessors():
    b = paramfit.RectangularBoundaries([0, 200], [1, 1000])
    assert b.n_parameters() == 2
    assert b.check([0, 200])  # lower inclusive
    assert not b.check([1, 500])  # upper exclusive
    assert not b.check([-0.1, 500])
    assert b.check(np.array([[0.5, 500]]))
    np.testing.assert_array_equal(b.range(), [1, 800])
    assert not b.lower().flags.writeable and not b.upper().flags.writeable


def test_rectangular_scalar_bounds():
    b = paramfit.RectangularBoundaries(0, 1)
    assert b.n_parameters() == 1 and b.check([0.5])


@pytest.mark.parametrize(
    "lower, upper, message",
    [
        ([0, 0], [1], "Lower and upper bounds must have same length."),
        ([], [], "The parameter space must have a dimension > 0"),
        ([0, 2], [1, 2], "Upper bounds must exceed lower bounds."),
        ([0, 3], [1, 2], "Upper bounds must exceed lower bounds."),
    ],
)
def test_rectangular_bad_input(lower, upper, message):
    with pytest.raises(ValueError, match=message):
        paramfit.RectangularBoundaries(lower, upper)


@given(st.lists(st.floats(-5, 5), min_size=2, max_size=2), st.integers(0, 2**31))
def test_check_all_agrees_with_check(lower, seed):
    b = paramfit.RectangularBoundaries(lower, np.asarray(lower) + 1)
    xs = np.random.default_rng(seed).uniform(-6, 7, size=(20, 2))
    xs[0] = lower  # on the inclusive edge
    xs[1] = np.asarray(lower) + 1  # on the exclusive edge
    assert b.check_all(xs).tolist() == [b.check(x) for x in xs]


def test_sample_uses_own_generator_and_stays_inside():
    b1 = paramfit.RectangularBoundaries([0, -1], [1, 1], rng=4)
    b2 = paramfit.RectangularBoundaries([0, -1], [1, 1], rng=4)
    s = b1.sample(500)
    assert s.shape == (500, 2) and b1.check_all(s).all()
    np.testing.assert_array_equal(s, b2.sample(500))
    # Uniform moments: mean 0.5 and 0, within 4 standard errors.
    se = np.array([1, 2]) / np.sqrt(12 * 500)
    assert np.all(np.abs(s.mean(axis=0) - [0.5, 0]) < 4 * se)


def test_composed():
    a = paramfit.RectangularBoundaries([0], [1], rng=1)
    b = paramfit.RectangularBoundaries([10, 10], [20, 20], rng=2)
    c = paramfit.ComposedBoundaries(a, b)
    assert c.n_parameters() == 3
    assert c.check([0.5, 15, 15]) and not c.check([0.5, 25, 15])
    assert not c.check([2, 15, 15])
    s = c.sample(10)
    assert s.shape == (10, 3) and c.check_all(s).all()
    xs = np.array([[0.5, 15, 15], [0.5, 25, 15], [2, 15, 15]])
    assert c.check_all(xs).tolist() == [True, False, False]


def test_composed_bad_input():
    with pytest.raises(ValueError, match="at least one sub-boundaries"):
        paramfit.ComposedBoundaries()
    with pytest.raises(ValueError, match="must extend"):
        paramfit.ComposedBoundaries(paramfit.RectangularBoundaries(0, 1), "b")


def test_base_sample_not_implemented_and_check_all_loops():
    class Disc(paramfit.Boundaries):
        def check(self, x):
            return float(np.sum(np.asarray(x) ** 2)) < 1

        def n_parameters(self):
            return 2

    d = Disc()
    with pytest.raises(NotImplementedError):
        d.sample(1)
    assert d.check_all(np.array([[0, 0], [1, 1]])).tolist() == [True, False]
