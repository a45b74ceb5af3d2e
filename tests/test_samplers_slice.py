"""The coordinate-wise slice samplers: SliceDoublingMCMC and SliceStepoutMCMC.

Three layers: the interval procedures (stepping out, doubling, shrinkage,
the doubling acceptance test, overrelaxation) and one iteration of each
sampler, driven with injected draws against values derived by hand; the
statistical harness on three targets (a correlated 2-d Gaussian, a 5-d
Gaussian whose standard deviations span 10^4, and a twisted Gaussian); and
PINTS 0.6.1's names, defaults, messages and log columns, checked against
PINTS itself.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable
from typing import Any

import numpy as np
import pints  # the oracle for names, defaults and messages (PINTS 0.6.1)
import pytest
from harness import assert_mean, assert_rhat, effective_sample_size

import paramfit.toy
from paramfit.log import Logger
from paramfit.samplers import SliceDoublingMCMC, SliceStepoutMCMC
from paramfit.samplers._slice import Procedure, Shrinkage
from paramfit.samplers._slice_doubling import Doubling, DoublingTest
from paramfit.samplers._slice_stepout import Overrelaxation, StepOut

SAMPLERS = [SliceDoublingMCMC, SliceStepoutMCMC]


class Draws:
    """Stands in for a numpy Generator, handing out queued draws."""

    def __init__(self, uniform: Any = (), exponential: Any = ()) -> None:
        self._uniform, self._exponential = list(uniform), list(exponential)

    def uniform(self) -> float:
        return self._uniform.pop(0)

    def exponential(self) -> float:
        return self._exponential.pop(0)

    def used_up(self) -> bool:
        return not self._uniform and not self._exponential


def drive(procedure: Procedure, f: Callable[[float], float]) -> list[float]:
    """Run ``procedure`` on the log-pdf ``f``; return the points it asked."""
    asked = []
    while not procedure.done():
        x = procedure.point()
        asked.append(x)
        procedure.tell(f(x))
    return asked


def normal(x: float) -> float:
    return -0.5 * x * x


def boxes(*intervals: tuple[float, float]) -> Callable[[float], float]:
    """A log-pdf of 0 on the intervals and -10 elsewhere: with a slice
    height of -1, the slice is the union of the intervals."""
    return lambda x: 0.0 if any(a <= x <= b for a, b in intervals) else -10.0


# -- the procedures, by hand ---------------------------------------------------


def test_step_out_by_hand():
    # L = 0.3 - 0.5 * 0.4 = 0.1, R = 0.6, J = floor(5 * 0.5) = 2, K = 2; the
    # slice {x^2 < 2} holds every point tried, so both sides use all steps.
    s = StepOut(0.3, -1.0, 0.5, 5, Draws([0.4, 0.5]))
    assert drive(s, normal) == pytest.approx([0.1, -0.4, 0.6, 1.1])
    assert (s.left, s.right) == pytest.approx((-0.9, 1.6))
    # L = -0.2, R = 0.8, J = 5, K = 4: each side stops at its first point
    # outside the slice.
    s = StepOut(0.3, -1.0, 1.0, 10, Draws([0.5, 0.55]))
    assert drive(s, normal) == pytest.approx([-0.2, -1.2, -2.2, 0.8, 1.8])
    assert (s.left, s.right) == pytest.approx((-2.2, 1.8))
    # m = 1: no step at all, the interval is one w wide
    s = StepOut(0.3, -1.0, 1.0, 1, Draws([0.5, 0.99]))
    assert s.done() and (s.left, s.right) == pytest.approx((-0.2, 0.8))


def test_doubling_by_hand():
    # L = 0.25 - 0.5 * 0.5 = 0, R = 0.5; doublings right (V = .7), left (.2),
    # right (.9), left (.3) until both ends leave the slice {x^2 < 2}.
    d = Doubling(0.25, -1.0, 0.5, 10, Draws([0.5, 0.7, 0.2, 0.9, 0.3]))
    assert drive(d, normal) == [0.0, 0.5, 1.0, -1.0, 3.0, -5.0]
    assert (d.left, d.right) == (-5.0, 3.0)
    assert d.known == {x: normal(x) for x in [0.0, 0.5, 1.0, -1.0, 3.0, -5.0]}
    # at most p = 2 doublings
    d = Doubling(0.25, -1.0, 0.5, 2, Draws([0.5, 0.7, 0.2]))
    assert drive(d, normal) == [0.0, 0.5, 1.0, -1.0]
    assert (d.left, d.right) == (-1.0, 1.0)


def test_doubling_test_rejects_a_candidate_that_doubling_would_not_reach():
    f = boxes((-0.5, 0.5), (2.25, 2.75))
    # From (-1, 3) the halving towards x1 = 2.5 separates it from x0 = 0 at
    # M = 1, and (1, 3) has both ends outside: doubling from 2.5 would stop
    # there, never reaching (-1, 3).
    t = DoublingTest(0.0, 2.5, -1.0, 1.0, -1.0, 3.0, {})
    assert drive(t, f) == [1.0, 3.0] and not t.accepted
    # with the ends' values known, nothing is evaluated
    t = DoublingTest(0.0, 2.5, -1.0, 1.0, -1.0, 3.0, {1.0: -10.0, 3.0: -10.0})
    assert t.done() and not t.accepted
    # a candidate never separated from x0 needs no evaluation
    t = DoublingTest(0.0, 0.25, -1.0, 1.0, -1.0, 3.0, {})
    assert t.done() and t.accepted


def test_doubling_test_evaluates_only_while_needed():
    d = Doubling(0.25, -1.0, 0.5, 10, Draws([0.5, 0.7, 0.2, 0.9, 0.3]))
    drive(d, normal)
    # Halving (-5, 3) towards 1.25 separates it from 0.25 at M = 1; every
    # later half keeps the end 1.0, known to be in the slice.
    for x1 in [1.25, -1.25]:
        t = d.test(0.25, x1)
        assert t.done() and t.accepted


def test_shrinkage_by_hand():
    # slice {x^2 < 1}: 1.6 and -1.82 are outside and shrink the interval
    s = Shrinkage(0.3, normal(0.3), -0.5, -2.0, 2.0, Draws([0.9, 0.05, 0.5]))
    assert drive(s, normal) == pytest.approx([1.6, -1.82, -0.11])
    assert s.result() == pytest.approx((-0.11, normal(-0.11)))


def test_shrinkage_keeps_x0_once_the_interval_collapses_onto_it():
    s = Shrinkage(0.5, -0.125, -0.2, 0.0, 1.0, Draws([0.5]))
    assert s.done() and s.result() == (0.5, -0.125)


def test_shrinkage_tests_candidates_against_the_doubling_interval():
    """The acceptance test uses the interval doubling found, not the one
    shrunk by earlier candidates (Neal 2003, Figs. 5 and 6)."""
    f = boxes((-0.6, 0.6), (1.52, 2.0))
    d = Doubling(0.0, -1.0, 1.0, 10, Draws([0.5, 0.2, 0.7]))
    assert drive(d, f) == [-0.5, 0.5, -1.5, 2.5]
    # -1.4 is outside (the interval becomes (-1.4, 2.5)); 1.8 is in the
    # slice but fails the test on (-1.5, 2.5) at (1.5, 2.5), costing one
    # evaluation, f(1.5); then 0.2 is accepted.
    u = [0.025, (1.8 + 1.4) / 3.9, 0.5]
    s = Shrinkage(0.0, 0.0, -1.0, d.left, d.right, Draws(u), check=d)
    assert drive(s, f) == pytest.approx([-1.4, 1.8, 1.5, 0.2])
    assert s.result() == pytest.approx((0.2, 0.0))
    # Tested on the shrunk interval (-1.4, 2.5), as PINTS 0.6.1 does, 1.8
    # would have been accepted; that choice biases the samples.
    t = DoublingTest(0.0, 1.8, -1.0, 1.0, -1.4, 2.5, {})
    drive(t, f)
    assert t.accepted


def test_overrelaxation_by_hand():
    # slice {x^2 < 0.64}; (-1.5, 1.5) is wider than 1.1 w, so no narrowing.
    # Bisection (w = 1/2, 1/4, 1/8) moves the ends to -0.875 and 0.875; the
    # reflection of 0.5 is -0.5, in the slice.
    o = Overrelaxation(0.5, normal(0.5), -0.32, 1.0, 3, -1.5, 1.5)
    asked = drive(o, normal)
    assert asked == pytest.approx([-1.0, 1.0, -0.75, 0.75, -0.875, 0.875, -0.5])
    assert o.result() == pytest.approx((-0.5, normal(-0.5)))
    # (-3.2, 0.8) is one w = 4 wide: narrowed to (-1.2, 0.8), as -1.2 is
    # outside and -0.2 inside; one bisection (w = 1) moves neither end;
    # the reflection -0.9 is outside, so x0 stays.
    o = Overrelaxation(0.5, normal(0.5), -0.32, 4.0, 2, -3.2, 0.8)
    assert drive(o, normal) == pytest.approx([-1.2, -0.2, -0.2, -0.2, -0.9])
    assert o.result() == (0.5, normal(0.5))


def test_overrelaxation_keeps_x0_when_the_reflection_leaves_the_interval():
    # The bisection step w = 1 jumps the right end over x0 = 1.9 (1.5 is
    # in the gap of the slice), so the reflection -1.4 lies left of -1.
    f = boxes((-0.6, 0.6), (1.52, 2.0))
    o = Overrelaxation(1.9, 0.0, -1.0, 2.0, 1, -1.0, 2.5)
    assert drive(o, f) == [0.0, 1.5]
    assert o.result() == (1.9, 0.0)


def test_a_finished_procedure_has_no_point():
    s = Shrinkage(0.5, -0.125, -0.2, 0.0, 1.0, Draws([0.5]))
    with pytest.raises(RuntimeError, match="finished"):
        s.point()


# -- the samplers, by hand -----------------------------------------------------


def sphere(x: Any) -> float:
    return -0.5 * float(np.dot(x, x))


@pytest.mark.parametrize("cls", SAMPLERS)
def test_the_first_ask_and_tell(cls):
    s = cls([0.3, -0.2], rng=1)
    assert s.current_slice_height() is None
    s._rng = Draws(exponential=[0.5])
    x = s.ask()
    np.testing.assert_array_equal(x, [0.3, -0.2])
    np.testing.assert_array_equal(s.ask(), x)  # asking again: the same point
    x, fx, accepted = s.tell(-0.065)
    np.testing.assert_array_equal(x, [0.3, -0.2])
    assert fx == -0.065 and accepted is True
    assert s.current_slice_height() == -0.065 - 0.5


def test_stepout_iteration_by_hand():
    s = SliceStepoutMCMC([0.3, -0.2], rng=1)
    s.set_width(1.0)
    s.set_expansion_steps(1)  # no stepping: intervals one w wide
    s._rng = q = Draws([0.5, 0.3, 0.25, 0.5, 0.9, 0.0], [0.5, 1.0])
    s.tell(sphere(s.ask()))  # slice height -0.065 - 0.5
    # coordinate 0: interval (-0.2, 0.8), candidate 0.05, in the slice
    np.testing.assert_allclose(s.ask(), [0.05, -0.2])
    assert s.tell(sphere(s.ask())) is None
    # coordinate 1: interval (-0.7, 0.3), candidate -0.7, in the slice
    np.testing.assert_allclose(s.ask(), [0.05, -0.7])
    x, fx, accepted = s.tell(sphere(s.ask()))
    np.testing.assert_allclose(x, [0.05, -0.7])
    assert fx == pytest.approx(-0.24625) and accepted
    assert s.current_slice_height() == pytest.approx(-0.24625 - 1.0)
    assert q.used_up()


def test_doubling_iteration_by_hand():
    s = SliceDoublingMCMC([0.25], rng=1)
    s.set_width(0.5)
    u = [0.5, 0.7, 0.2, 0.9, 0.3] + [(1.25 + 5) / 8]
    s._rng = q = Draws(u, [1.0 - 0.03125, 1.0])
    s.tell(sphere(s.ask()))  # slice height -1
    asked = []
    while (reply := s.tell(sphere(x := s.ask()))) is None:
        asked.append(x[0])
    # the doubling of test_doubling_by_hand, then the candidate 1.25,
    # accepted without further evaluations
    assert asked + [x[0]] == [0.0, 0.5, 1.0, -1.0, 3.0, -5.0, 1.25]
    assert reply[0].tolist() == [1.25] and reply[1] == normal(1.25)
    assert q.used_up()


def test_stepout_overrelaxed_iteration_by_hand():
    s = SliceStepoutMCMC([0.5], rng=1)
    s.set_width(1.0)
    s.set_prob_overrelaxed(0.5)
    s.set_bisection_steps(3)
    # slice height -0.125 - 0.195 = -0.32, so the slice is {x^2 < 0.64}; the
    # iteration is overrelaxed (0.3 < 0.5); stepping out from L = 0.5,
    # R = 1.5 with J = 25, K = 24 finds (-1.5, 1.5); the next iteration is
    # not overrelaxed (0.9)
    s._rng = q = Draws([0.3, 0.0, 0.5, 0.9], [0.195, 1.0])
    s.tell(normal(s.ask()[0]))
    assert s.current_slice_height() == pytest.approx(-0.32)
    asked = []
    while (reply := s.tell(normal((x := s.ask())[0]))) is None:
        asked.append(x[0])
    asked.append(x[0])
    # then the overrelaxed update of test_overrelaxation_by_hand
    bisection = [-1.0, 1.0, -0.75, 0.75, -0.875, 0.875, -0.5]
    assert asked == pytest.approx([0.5, -0.5, -1.5, 1.5] + bisection)
    assert reply[0][0] == pytest.approx(-0.5) and reply[1] == normal(reply[0][0])
    assert q.used_up() and not s._overrelaxed


def test_a_coordinate_kept_without_evaluation_still_asks_once():
    # m = 1 and U = 0 put x0 at the interval's left end; a shrinkage draw of
    # 0 lands on x0 itself, so the update keeps 0.3 and knows its log-pdf.
    s = SliceStepoutMCMC([0.3], rng=1)
    s.set_expansion_steps(1)
    s._rng = q = Draws([0.0, 0.5, 0.0], [0.5, 0.5])
    s.tell(normal(s.ask()[0]))
    np.testing.assert_array_equal(s.ask(), [0.3])
    x, fx, _ = s.tell(-0.045)
    assert x.tolist() == [0.3] and fx == -0.045 and q.used_up()


@pytest.mark.parametrize("cls", SAMPLERS)
def test_a_pickled_sampler_continues_where_it_stopped(cls):
    """Checkpoints pickle samplers half-way through an iteration."""
    s = cls([0.3, -0.2], rng=4)
    s.set_width(0.5)
    for _ in range(7):
        s.tell(sphere(s.ask()))
    t = pickle.loads(pickle.dumps(s))
    for _ in range(50):
        x, y = s.ask(), t.ask()
        np.testing.assert_array_equal(x, y)
        a, b = s.tell(sphere(x)), t.tell(sphere(y))
        assert (a is None) == (b is None)


@pytest.mark.parametrize("cls", SAMPLERS)
def test_replace_starts_a_new_iteration_there(cls):
    s = cls([0.3, -0.2], rng=4)
    with pytest.raises(RuntimeError, match="already running"):
        s.replace([1.0, 1.0], -1.0)
    s.tell(sphere(s.ask()))
    s.tell(sphere(s.ask()))  # half-way through an iteration
    s.replace([1.0, 1.0], -1.0)
    assert -1.0 - 20 < s.current_slice_height() < -1.0
    assert s.ask()[1] == 1.0  # updating coordinate 0 of the new point
    with pytest.raises(ValueError, match="no proposed point"):
        s.replace([1.0, 1.0], -1.0, [2.0, 2.0])


@pytest.mark.parametrize("cls", SAMPLERS)
def test_call_order_and_starting_point_errors(cls):
    s = cls([0.3, -0.2], rng=1)
    with pytest.raises(RuntimeError, match="Tell called before proposal was set."):
        s.tell(-1.0)
    s.ask()
    with pytest.raises(ValueError, match="Initial point for MCMC must have finite"):
        s.tell(np.inf)


@pytest.mark.parametrize("cls", SAMPLERS)
def test_nan_is_outside_every_slice(cls):
    s = cls([0.3], rng=2)
    s.tell(normal(s.ask()[0]))
    for _ in range(30):
        x = s.ask()
        reply = s.tell(np.nan if abs(x[0]) > 0.5 else normal(x[0]))
        assert reply is None or abs(reply[0][0]) <= 0.5


# -- PINTS's interface: names, defaults, messages, logs ------------------------


@pytest.mark.parametrize("cls", SAMPLERS)
def test_names_and_defaults_are_pints(cls):
    ours, theirs = (
        cls([0.0, 2.0, -4.0], rng=1),
        getattr(pints, cls.__name__)([0.0, 2.0, -4.0]),
    )
    assert ours.name() == theirs.name()
    np.testing.assert_array_equal(ours.width(), theirs.width())  # [.1, .2, .4]
    assert ours.expansion_steps() == theirs.expansion_steps()
    assert ours.n_hyper_parameters() == theirs.n_hyper_parameters()
    assert not ours.needs_sensitivities() and not ours.needs_initial_phase()
    assert ours.current_slice_height() is theirs.current_slice_height() is None
    if cls is SliceStepoutMCMC:
        assert ours.prob_overrelaxed() == theirs.prob_overrelaxed() == 0
        assert ours.bisection_steps() == theirs.bisection_steps() == 10


@pytest.mark.parametrize("cls", SAMPLERS)
def test_no_log_columns_as_in_pints(cls):
    logger = Logger()
    cls([1.0], rng=1)._log_init(logger)
    assert logger._fields == []


def test_hyper_parameters():
    s = SliceDoublingMCMC([1.0, 1.0], rng=1)
    s.set_hyper_parameters([3, 100.0])
    assert s.width().tolist() == [3, 3] and s.expansion_steps() == 100
    s = SliceStepoutMCMC([1.0, 1.0], rng=1)
    s.set_hyper_parameters(np.array([3, 100.7, 0.7, 50.0]))  # floats coerced
    assert s.width().tolist() == [3, 3] and s.expansion_steps() == 100
    assert s.prob_overrelaxed() == 0.7 and s.bisection_steps() == 50
    s.set_width([5, 8])
    assert s.width().tolist() == [5, 8]
    s.width()[0] = 1  # a copy
    assert s.width().tolist() == [5, 8]


BAD_VALUES = [
    ("set_width", -1),
    ("set_width", [3, 3, 3, 3]),
    ("set_expansion_steps", 0),
    ("set_expansion_steps", -1),
    ("set_prob_overrelaxed", -1),
    ("set_prob_overrelaxed", 4),
    ("set_bisection_steps", -30),
]


@pytest.mark.parametrize(
    "cls, setter, value",
    [(c, *bad) for c in SAMPLERS for bad in BAD_VALUES if hasattr(c, bad[0])],
)
def test_bad_hyper_parameters_raise_pints_messages(cls, setter, value):
    theirs = getattr(pints, cls.__name__)([1.0, 1.0])
    with pytest.raises(ValueError) as expected:
        getattr(theirs, setter)(value)
    with pytest.raises(ValueError) as got:
        getattr(cls([1.0, 1.0], rng=1), setter)(value)
    assert str(got.value) == str(expected.value)


@pytest.mark.parametrize("cls", SAMPLERS)
def test_widths_and_probabilities_pints_let_through_are_refused(cls):
    s = cls([1.0, 1.0], rng=1)
    with pytest.raises(ValueError, match="must be positive"):
        s.set_width(0)  # PINTS takes it, and the chain never moves
    for w in [np.nan, [1.0, np.inf]]:
        with pytest.raises(ValueError, match="must be finite"):
            s.set_width(w)
    if cls is SliceStepoutMCMC:
        with pytest.raises(ValueError, match="Probability must be positive"):
            s.set_prob_overrelaxed(np.nan)


# -- statistical harness -------------------------------------------------------


class Gaussian:
    def __init__(self, mean: Any, cov: Any) -> None:
        self.mean, self.cov = np.asarray(mean, float), np.asarray(cov, float)
        self.sd = np.sqrt(np.diag(self.cov))
        self.precision = np.linalg.inv(self.cov)

    def __call__(self, x: Any) -> float:
        d = x - self.mean
        return float(-0.5 * d @ self.precision @ d)


class Banana:
    """paramfit.toy.TwistedGaussianLogPDF(2, b, V): x1 ~ N(0, V^2) and
    x2 = z - b (x1^2 - V) with z ~ N(0, 1), so the mean is
    (0, -b (V^2 - V)) and the standard deviations V and
    sqrt(1 + 2 b^2 V^4)."""

    def __init__(self, b: float = 0.1, v: float = 3.0) -> None:
        self.toy = paramfit.toy.TwistedGaussianLogPDF(2, b, v, rng=0)
        self.mean = np.array([0.0, -b * (v**2 - v)])
        self.sd = np.array([v, np.sqrt(1 + 2 * b**2 * v**4)])

    def __call__(self, x: Any) -> float:
        return self.toy(x)


SD5 = np.logspace(-2, 2, 5)
RHO5 = np.full((5, 5), 0.5) + 0.5 * np.eye(5)
TARGETS = {
    "gaussian-2d": Gaussian([1.0, -2.0], [[1.0, 0.6], [0.6, 2.0]]),
    "gaussian-5d": Gaussian([1.0, 2.0, 3.0, 4.0, 5.0], RHO5 * np.outer(SD5, SD5)),
    "banana": Banana(),
}


def test_banana_moments_match_exact_samples():
    t = TARGETS["banana"]
    x = t.toy.sample(400_000)
    assert_mean(x, t.mean, t.sd)
    np.testing.assert_allclose(x.std(axis=0), t.sd, rtol=0.01)


def run_chains(cls: Any, target: Any, iterations: int, seed: int) -> Any:
    """Four chains from over-dispersed starts, driven by raw ask/tell; the
    first tenth of each is dropped. Doubling gets one width for every
    coordinate (1: it adapts by doubling), stepping out the target's
    standard deviations."""
    z = np.random.default_rng(1000 + seed).standard_normal((4, len(target.mean)))
    chains = []
    for c, x0 in enumerate(target.mean + 1.5 * target.sd * z):
        s = cls(x0, rng=10 * seed + c)
        s.set_width(1.0 if cls is SliceDoublingMCMC else target.sd)
        draws = []
        while len(draws) < iterations:
            reply = s.tell(target(s.ask()))
            if reply is not None:
                draws.append(reply[0])
        chains.append(draws[iterations // 10 :])
    return np.array(chains)


def check(chains: Any, target: Any) -> None:
    """Split R-hat < 1.05, means within 4 MCSE, sds within 10 %."""
    assert_rhat(chains, below=1.05)
    ess = sum(effective_sample_size(chain) for chain in chains)
    pooled = chains.reshape(-1, chains.shape[-1])
    assert_mean(pooled, target.mean, target.sd, k=4, ess=ess)
    np.testing.assert_allclose(pooled.std(axis=0, ddof=1), target.sd, rtol=0.1)


SEED = 1  # seeds 2 and 3 pass too
RUNS = [
    (SliceDoublingMCMC, "gaussian-2d", 600),
    (SliceStepoutMCMC, "gaussian-2d", 600),
    (SliceDoublingMCMC, "gaussian-5d", 1500),
    (SliceStepoutMCMC, "gaussian-5d", 1500),
    (SliceDoublingMCMC, "banana", 4000),
    (SliceStepoutMCMC, "banana", 4000),
]


@pytest.mark.parametrize(
    "cls, target, iterations",
    [
        pytest.param(*row, marks=[] if row[1] == "gaussian-2d" else pytest.mark.slow)
        for row in RUNS
    ],
    ids=[f"{row[0].__name__}-{row[1]}" for row in RUNS],
)
def test_samples_the_target(cls, target, iterations):
    check(run_chains(cls, TARGETS[target], iterations, SEED), TARGETS[target])


def test_overrelaxed_stepout_samples_the_target():
    """Half the iterations overrelaxed. (An overrelaxed update nearly keeps
    the distance from the slice's centre, so the spread mixes slowly when
    almost every iteration is overrelaxed: with 0.9, 600 draws per chain
    miss the sds by over 10 % for 2 seeds in 12.)"""
    t = TARGETS["gaussian-2d"]
    z = np.random.default_rng(1000 + SEED).standard_normal((4, 2))
    chains = []
    for c, x0 in enumerate(t.mean + 1.5 * t.sd * z):
        s = SliceStepoutMCMC(x0, rng=10 * SEED + c)
        s.set_width(t.sd)
        s.set_prob_overrelaxed(0.5)
        s.set_bisection_steps(4)
        draws = []
        while len(draws) < 1000:
            reply = s.tell(t(s.ask()))
            if reply is not None:
                draws.append(reply[0])
        chains.append(draws[100:])
    check(np.array(chains), t)


class TwoBoxes:
    """Uniform on [0, 1] and [1.5, 1.75]: a slice of two parts, which only
    doubling (with its acceptance test) crosses when w = 0.3."""

    mean = np.array([0.725])  # 0.8 * 0.5 + 0.2 * 1.625
    sd = np.array([np.sqrt(0.8 / 3 + 0.2 * 7.9375 / 3 - 0.725**2)])
    share = 0.2  # of [1.5, 1.75]

    def __call__(self, x: Any) -> float:
        inside = 0 <= x[0] <= 1 or 1.5 <= x[0] <= 1.75
        return 0.0 if inside else -50.0


@pytest.mark.slow
def test_doubling_crosses_gaps_in_the_slice():
    t = TwoBoxes()
    chains = []
    for c, x0 in enumerate([0.2, 0.9, 1.6, 0.5]):
        s = SliceDoublingMCMC([x0], rng=10 * SEED + c)
        s.set_width(0.3)
        draws = []
        while len(draws) < 8000:
            reply = s.tell(t(s.ask()))
            if reply is not None:
                draws.append(reply[0])
        chains.append(draws[800:])
    c = np.array(chains)
    check(c, t)
    in_b = (c >= 1.25).astype(float)
    ess = sum(effective_sample_size(chain) for chain in in_b)
    assert_mean(in_b.reshape(-1, 1), t.share, np.sqrt(t.share * 0.8), ess=ess)
