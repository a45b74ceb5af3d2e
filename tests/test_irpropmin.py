"""iRprop-: bit-for-bit agreement with PINTS 0.6.1 (also with boundaries),
step-size settings, logging and bad input."""

import io

import numpy as np
import pints  # the oracle (PINTS 0.6.1)
import pytest
from oracle import assert_same_trajectory
from problems import logistic_error, rosenbrock_s1, sphere_s1

import paramfit


class Disc:
    """Duck-typed, non-rectangular boundaries (accepted by both libraries)."""

    def n_parameters(self):
        return 2

    def check(self, x):
        return float(np.sum((np.asarray(x) - [-1.0, 1.0]) ** 2)) < 0.25


def pair(x0, sigma0=0.1, boundaries=(None, None), settings=None):
    theirs = pints.IRPropMin(x0, sigma0, boundaries[0])
    ours = paramfit.IRPropMin(x0, sigma0, boundaries[1])
    for o in (theirs, ours):
        if settings is not None:
            o.set_hyper_parameters(settings)
    return theirs, ours


@pytest.mark.parametrize("settings", [None, [1e-6, 0.05], [None, None]])
def test_matches_pints_exactly_on_rosenbrock(settings):
    theirs, ours = pair([-1.2, 1.0], settings=settings)
    assert_same_trajectory(theirs, ours, rosenbrock_s1, 600)


def test_matches_pints_exactly_on_the_logistic_problem():
    theirs, ours = pair([0.01, 450], [0.001, 10])
    assert_same_trajectory(theirs, ours, logistic_error(100, seed=1).evaluateS1, 400)


def test_matches_pints_exactly_with_rectangular_boundaries():
    lower, upper = [-1.5, 0.5], [0, 1.1]
    b = (pints.RectangularBoundaries(lower, upper),)
    b += (paramfit.RectangularBoundaries(lower, upper),)
    theirs, ours = pair([-1.2, 1.0], 0.3, b)
    corrected = 0
    for _ in range(15):  # the box keeps the search from the optimum at [1, 1]
        assert_same_trajectory(theirs, ours, rosenbrock_s1, 10)
        assert list(theirs._breaches) == ours._breaches
        corrected += len(ours._breaches) > 0
        assert ours._bounds is not None and b[1].check(ours.ask()[0])
        ours._ready_for_tell = theirs._ready_for_tell = False
    assert corrected > 0


def test_matches_pints_exactly_with_other_boundaries():
    theirs, ours = pair([-1.2, 1.0], 0.3, (Disc(), Disc()))
    corrected = 0
    for _ in range(20):
        assert_same_trajectory(theirs, ours, rosenbrock_s1, 10)
        assert theirs._breaches == ours._breaches
        corrected += len(ours._breaches) > 0
    assert corrected > 0


def test_first_steps_by_hand():
    """Steps grow by 1.2 while the sign holds; a sign flip halves the step
    and skips the move in that direction once."""
    o = paramfit.IRPropMin([0.0, 0.0], [0.1, 0.2])
    o.ask()
    o.tell([(1.0, np.array([1.0, -1.0]))])
    np.testing.assert_allclose(o.ask()[0], [-0.12, 0.24])
    o.tell([(1.0, np.array([1.0, 1.0]))])
    np.testing.assert_allclose(o.ask()[0], [-0.12 - 0.144, 0.24])
    np.testing.assert_allclose(o._step_size, [0.144, 0.12])
    o.tell([(1.0, np.array([1.0, 1.0]))])  # previous product 0: step kept
    np.testing.assert_allclose(o._step_size, [0.1728, 0.12])


def test_the_caller_gradient_is_not_changed():
    o = paramfit.IRPropMin([0.0, 0.0])
    o.ask()
    o.tell([(1.0, np.array([1.0, -1.0]))])
    o.ask()
    g = np.array([-1.0, -1.0])
    o.tell([(1.0, g)])
    assert g.tolist() == [-1, -1]


def test_step_size_settings():
    o = paramfit.IRPropMin([1.0, 1.0], [0.5, 2.0])
    assert o.min_step_size() == 0.0005 and o.max_step_size() is None
    assert o.n_hyper_parameters() == 2 and o.name() == "iRprop-"
    o.set_hyper_parameters([0.01, 1.0])
    assert (o.min_step_size(), o.max_step_size()) == (0.01, 1.0)
    o.set_min_step_size(None)
    o.set_max_step_size(None)
    assert o.min_step_size() is None and o.max_step_size() is None
    o.ask()
    o.set_max_step_size(0.3)  # allowed while running
    o.tell([sphere_s1(o._proposed)])
    assert o._step_size.max() == 0.3


def test_min_step_not_below_max_step():
    o = paramfit.IRPropMin([1.0, 1.0])
    o.set_min_step_size(0.5)
    o.set_max_step_size(0.5)
    message = (
        r"^Max step size must be larger than min step size \(current settings: "
        r"min_step_size = 0.5,  max_step_size = 0.5\).$"
    )
    with pytest.raises(Exception, match=message):
        o.ask()
    assert not o.running()
    o.set_max_step_size(1)
    o.ask()


def test_logging_matches_pints():
    r"""Columns ``Min. step``, ``Max. step`` and ``Bound corr.``."""
    lower, upper = [-1.5, 0.5], [0, 1.1]
    texts = []
    for lib in (pints, paramfit):
        o = lib.IRPropMin([-1.2, 1.0], 0.3, lib.RectangularBoundaries(lower, upper))
        logger = lib.Logger()
        stream = io.StringIO()
        logger.set_stream(stream)
        o._log_init(logger)
        for _ in range(12):
            [x] = o.ask()
            o.tell([rosenbrock_s1(x)])
            o._log_write(logger)
        texts.append(stream.getvalue())
    assert texts[0] == texts[1]
    lines = texts[1].splitlines()
    assert lines[0] == "Min. step Max. step Bound corr."
    assert lines[1].split() == ["0.09", "0.36", "1"]  # parameter 1 was corrected


@pytest.mark.parametrize("told", [[2.0], [(2.0, np.ones(3))], [(2.0, np.ones((2, 1)))]])
def test_bad_replies(told):
    o = paramfit.IRPropMin([1.0, 1.0])
    o.ask()
    with pytest.raises(ValueError, match="iRprop- needs sensitivities|must have shape"):
        o.tell(told)


def test_non_finite_gradients_do_not_hang_with_boundaries():
    o = paramfit.IRPropMin([-1.0, 0.9], 0.3, Disc())
    for _ in range(5):
        [x] = o.ask()
        with pytest.warns(paramfit.NonFiniteScoreWarning):
            o.tell([(np.nan, np.array([np.inf, np.nan]))])
    assert o.f_best() == np.inf and o.x_guessed().tolist() == [-1, 0.9]
