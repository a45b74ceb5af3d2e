"""Adam: bit-for-bit agreement with PINTS 0.6.1, the update, logging, input."""

import io

import numpy as np
import pints  # the oracle (PINTS 0.6.1)
import pytest
from oracle import assert_same_trajectory
from problems import logistic_error, rosenbrock_s1, sphere_s1

import paramfit


@pytest.mark.parametrize("sigma0", [0.1, [0.05, 0.2]])
def test_matches_pints_exactly_on_rosenbrock(sigma0):
    x0 = [-1.2, 1.0]
    theirs, ours = pints.Adam(x0, sigma0), paramfit.Adam(x0, sigma0)
    assert_same_trajectory(theirs, ours, rosenbrock_s1, 600)


def test_matches_pints_exactly_on_the_logistic_problem():
    x0, sigma0 = [0.01, 450], [0.001, 10]
    theirs, ours = pints.Adam(x0, sigma0), paramfit.Adam(x0, sigma0)
    assert_same_trajectory(theirs, ours, logistic_error(100, seed=1).evaluateS1, 500)


def test_first_steps_by_hand():
    """With m and v bias-corrected, the first step is alpha against sign(g)."""
    o = paramfit.Adam([1.0, 2.0], 0.5)
    [x] = o.ask()
    o.tell([(3.0, np.array([4.0, -0.001]))])
    [x1] = o.ask()
    np.testing.assert_allclose(
        x1, x - 0.5 * np.array([4, -0.001]) / (np.abs([4, -0.001]) + 1e-8)
    )
    g2 = np.array([1.0, 1.0])
    o.tell([(2.0, g2)])
    m = (0.9 * 0.1 * np.array([4, -0.001]) + 0.1 * g2) / (1 - 0.81)
    v = (0.999 * 0.001 * np.array([16, 1e-6]) + 0.001 * g2**2) / (1 - 0.999**2)
    np.testing.assert_allclose(
        o.ask()[0], x1 - 0.5 * m / (np.sqrt(v) + 1e-8), rtol=1e-14
    )


def test_defaults_guesses_and_name():
    o = paramfit.Adam([1.0, 2.0])
    assert o._alpha == 0.1 and paramfit.Adam.name() == "Adam"
    assert o.needs_sensitivities() and o.n_hyper_parameters() == 0
    [x] = o.ask()
    o.tell([sphere_s1(x)])
    [x1] = o.ask()
    o.tell([sphere_s1(x1)])
    np.testing.assert_array_equal(o.x_guessed(), x1)
    assert o.f_guessed() == sphere_s1(x1)[0]
    assert o.f_best() == min(sphere_s1(x)[0], sphere_s1(x1)[0])


def test_boundaries_are_ignored_silently(recwarn):
    b = paramfit.RectangularBoundaries([0, 0], [2, 2])
    o = paramfit.Adam([1.0, 1.0], 0.5, boundaries=b)
    for _ in range(50):
        [x] = o.ask()
        o.tell([sphere_s1(x - 5)])
    assert not b.check(o.x_best()) and len(recwarn) == 0


def test_logging_columns_show_powers_of_the_decay_rates():
    o = paramfit.Adam([1.0, 1.0])
    logger = paramfit.Logger()
    stream = io.StringIO()
    logger.set_stream(stream)
    o._log_init(logger)
    for _ in range(3):
        [x] = o.ask()
        o.tell([sphere_s1(x)])
        o._log_write(logger)
    lines = stream.getvalue().splitlines()
    assert lines[0].split() == ["b1", "b2"]
    assert [line.split() for line in lines[1:]] == [
        ["0.9", "0.999"],
        ["0.81", "0.998001"],
        ["0.729", "0.997003"],
    ]


@pytest.mark.parametrize(
    "told",
    [[1.0], [(1.0,)], 1.0, [(1.0, np.ones(2)), (1.0, np.ones(2))], [("a", np.ones(2))]],
)
def test_plain_scores_are_refused_clearly(told):
    o = paramfit.Adam([1.0, 1.0])
    o.ask()
    with pytest.raises(ValueError, match=r"Adam needs sensitivities: tell\(\) expects"):
        o.tell(told)


def test_nan_gradient_entries_are_treated_as_zero():
    o = paramfit.Adam([1.0, 1.0], 0.5)
    o.ask()
    with pytest.warns(paramfit.NonFiniteScoreWarning, match="treated as 0"):
        o.tell([(2.0, np.array([np.nan, 1.0]))])
    [x] = o.ask()
    assert x[0] == 1.0 and x[1] == pytest.approx(0.5)
    assert o.f_best() == 2.0


def test_steps_do_not_depend_on_the_gradient_scale():
    """Adam is invariant to a positive rescaling of the score (to epsilon)."""
    paths = []
    for scale in (1e-3, 1e3):
        o = paramfit.Adam([2.0, -1.0], 0.1)
        for _ in range(50):
            [x] = o.ask()
            f, df = sphere_s1(x)
            o.tell([(scale * f, scale * df)])
        paths.append(o.x_guessed())
    np.testing.assert_allclose(paths[0], paths[1], rtol=1e-4)
