"""Nelder-Mead: bit-for-bit agreement with PINTS 0.6.1, messages, quirks."""

import warnings

import numpy as np
import pints  # the oracle (PINTS 0.6.1)
import pytest
from oracle import assert_same_trajectory
from problems import logistic_error, rosenbrock, sphere

import paramfit


def plateaus(x):
    """Piecewise constant: many ties, so sorting and shrinking are exercised."""
    return float(np.floor(10 * np.sum(np.asarray(x) ** 2)))


@pytest.mark.parametrize(
    "f, x0, steps",
    [
        (rosenbrock, [-1.2, 1.0], 500),
        (plateaus, [3.0, -2.0, 1.0], 300),
        (sphere, [0.0, 2.0, 0.0, -1.0], 400),  # zeros in x0: the 0.00025 rule
    ],
)
def test_matches_pints_exactly(f, x0, steps):
    assert_same_trajectory(pints.NelderMead(x0), paramfit.NelderMead(x0), f, steps)


def test_matches_pints_on_the_logistic_problem():
    error = logistic_error(100, seed=1)
    x0 = [0.01, 450]
    assert_same_trajectory(pints.NelderMead(x0), paramfit.NelderMead(x0), error, 300)


def test_every_step_type_is_exercised():
    """The exact-match runs above go through all branches of the method."""
    o = paramfit.NelderMead([3.0, -2.0, 1.0])
    seen = set()
    for _ in range(300):
        shrinking, pending = o._shrink, o._xp is not None
        xs = o.ask()
        seen.add("shrink" if shrinking else "second point" if pending else "first")
        o.tell([plateaus(x) for x in xs])
        if o._xp is not None:
            seen.add("expand" if o._fr < o._fs[0] else "contract")
    assert seen == {"first", "shrink", "second point", "expand", "contract"}


def test_initial_simplex_and_name():
    o = paramfit.NelderMead([2.0, 0.0])
    xs = o.ask()
    np.testing.assert_array_equal(xs, [[2, 0], [2.1, 0], [2, 0.00025]])
    assert paramfit.NelderMead.name() == "Nelder-Mead"
    assert o.n_hyper_parameters() == 0 and not o.needs_sensitivities()


def test_ask_returns_writable_copies():
    o = paramfit.NelderMead([1.0, 1.0])
    xs = o.ask()
    assert xs.flags.writeable
    xs[:] = 7
    o.tell([1.0, 2.0, 3.0])
    assert o.ask()[0].tolist() != [7, 7]


def test_ask_twice_is_an_error():
    o = paramfit.NelderMead([1.0, 1.0])
    o.ask()
    with pytest.raises(Exception, match=r"^ask\(\) called twice$"):
        o.ask()


@pytest.mark.parametrize(
    "stage, message",
    [
        (0, r"Expecting a vector of length \(1 \+ n_parameters\)."),
        (1, "Expecting only a single evaluation"),
    ],
)
def test_wrong_number_of_scores(stage, message):
    o = paramfit.NelderMead([1.0, 1.0])
    for _ in range(stage):
        o.tell([sphere(x) for x in o.ask()])
    xs = o.ask()
    with pytest.raises(ValueError, match=message):
        o.tell([1.0] * (len(xs) + 1))
    o.tell([sphere(x) for x in xs])  # still usable


def test_wrong_number_of_scores_in_a_shrink():
    o = paramfit.NelderMead([3.0, -2.0])
    while not o._shrink:
        o.tell([plateaus(x) for x in o.ask()])
    xs = o.ask()
    assert xs.shape == (2, 2)
    with pytest.raises(ValueError, match="Expecting a vector of length n_parameters."):
        o.tell([1.0])
    o.tell([plateaus(x) for x in xs])
    assert not o._shrink


def test_boundaries_warn_and_are_ignored():
    b = paramfit.RectangularBoundaries([0, 0], [2, 2])
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        o = paramfit.NelderMead([1.0, 1.0], boundaries=b)
    assert str(w[-1].message) == "Nelder-Mead optimisation does not support boundaries."
    assert w[-1].category is UserWarning
    for _ in range(100):
        o.tell([sphere(x - 5) for x in o.ask()])  # optimum at 6, outside
    assert not b.check(o.x_best())


def test_best_lags_one_step_as_in_pints():
    """Right after the first tell, the best is still x0: as in PINTS, x_best()
    and f_best() lag one reflection step behind the simplex."""
    o = paramfit.NelderMead([1.0, 1.0])
    o.ask()
    o.tell([5.0, 1.0, 2.0])
    assert o.f_best() == 5.0 and o.x_best().tolist() == [1, 1]
    o.ask()
    assert o.f_best() == 1.0 and o.x_best().tolist() == [1.05, 1]


def test_nan_scores_count_as_worst():
    o = paramfit.NelderMead([3.0, -2.0])
    xs = o.ask()
    with pytest.warns(paramfit.NonFiniteScoreWarning, match="were NaN"):
        o.tell([np.nan, np.nan, sphere(xs[2])])
    o.ask()
    assert o.f_best() == sphere(xs[2])
