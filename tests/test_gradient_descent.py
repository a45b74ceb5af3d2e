"""Gradient descent: bit-for-bit agreement with PINTS 0.6.1, learning rate,
input checks."""

import numpy as np
import pints  # the oracle (PINTS 0.6.1)
import pytest
from oracle import assert_same_trajectory
from problems import logistic_error, rosenbrock_s1, sphere_s1

import paramfit


@pytest.mark.parametrize("rate", [None, 1e-3, 2e-3])
def test_matches_pints_exactly_on_rosenbrock(rate):
    theirs, ours = (
        pints.GradientDescent([-1.2, 1.0], 1e-3),
        paramfit.GradientDescent([-1.2, 1.0], 1e-3),
    )
    if rate is not None:
        theirs.set_learning_rate(rate)
        ours.set_learning_rate(rate)
    assert_same_trajectory(theirs, ours, rosenbrock_s1, 500)


def test_matches_pints_exactly_on_the_logistic_problem():
    error = logistic_error(100, seed=1)
    x0, sigma0 = [0.015, 450], [1e-12, 1e-3]  # descends slowly: badly scaled
    theirs, ours = (
        pints.GradientDescent(x0, sigma0),
        paramfit.GradientDescent(x0, sigma0),
    )
    assert_same_trajectory(theirs, ours, error.evaluateS1, 300)


def test_steps_by_hand():
    """From 0 with rate 1 and gradient -g the next point is g; with rate 0.5
    and gradient +g it goes back half way: x_{t+1} = x_t - eta g_t."""
    g = np.array([1.0, -2.0, 3.0])
    o = paramfit.GradientDescent(np.zeros(3), 1.0)
    o.ask()
    o.tell([(1.0, -g)])
    np.testing.assert_array_equal(o.ask()[0], g)
    o.set_learning_rate(0.5)
    o.tell([(0.5, g)])
    np.testing.assert_array_equal(o.ask()[0], g / 2)


def test_learning_rate():
    o = paramfit.GradientDescent([1.0, 1.0], [0.3, 0.2])
    assert o.learning_rate() == 0.2 and o.n_hyper_parameters() == 1
    o.set_hyper_parameters([0.7])
    assert o.learning_rate() == 0.7
    o.set_learning_rate("0.25")
    assert o.learning_rate() == 0.25
    assert paramfit.GradientDescent([1.0]).learning_rate() == 0.1
    for bad in (0, -1, np.nan):
        with pytest.raises(
            ValueError, match=r"^Learning rate must greater than zero.$"
        ):
            o.set_learning_rate(bad)


def test_guessed_is_best_and_name():
    o = paramfit.GradientDescent([2.0, 2.0], 1.5)  # overshoots: f grows
    fs = []
    for _ in range(4):
        [x] = o.ask()
        f, df = sphere_s1(x)
        fs.append(f)
        o.tell([(f, df)])
    assert fs == sorted(fs)
    assert o.f_best() == o.f_guessed() == fs[0]
    assert o.x_guessed().tolist() == o.x_best().tolist() == [2, 2]
    assert paramfit.GradientDescent.name() == "Gradient descent"
    assert o.needs_sensitivities()


def test_boundaries_are_ignored(recwarn):
    b = paramfit.RectangularBoundaries([0, 0], [2, 2])
    o = paramfit.GradientDescent([1.0, 1.0], 0.3, boundaries=b)
    for _ in range(50):
        [x] = o.ask()
        o.tell([sphere_s1(x - 5)])
    np.testing.assert_allclose(o.x_best(), [6, 6])
    assert len(recwarn) == 0


def test_repeated_ask_gives_the_same_point():
    o = paramfit.GradientDescent([1.0, 2.0])
    a, b = o.ask(), o.ask()
    np.testing.assert_array_equal(a[0], b[0])


@pytest.mark.parametrize(
    "told, message",
    [
        ([3.0], r"Gradient descent needs sensitivities: tell\(\) expects a list"),
        ((3.0, np.ones(2)), "needs sensitivities"),
        ([(3.0, np.ones(3))], r"must have shape \(2,\); got shape \(3,\)"),
        ([(3.0, 1.0)], r"must have shape \(2,\); got shape \(\)"),
    ],
)
def test_bad_replies(told, message):
    o = paramfit.GradientDescent([1.0, 2.0])
    o.ask()
    with pytest.raises(ValueError, match=message):
        o.tell(told)


def test_inf_score_is_never_best():
    o = paramfit.GradientDescent([1.0, 2.0], 0.1)
    o.ask()
    o.tell([(np.inf, np.array([1.0, 1.0]))])
    assert o.f_best() == np.inf and o.x_best().tolist() == [1, 2]
    np.testing.assert_allclose(o.ask()[0], [0.9, 1.9])
