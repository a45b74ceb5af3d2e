"""Unit tests of the controller's stopping rules, each on its own."""

from __future__ import annotations

import numpy as np
import pytest

from paramfit import StopReason
from paramfit.runs._stopping import (
    FunctionTolerance,
    MaxEvaluations,
    MaxIterations,
    MaxTime,
    ParameterTolerance,
    RunState,
    Stop,
    StoppingCriteria,
    Threshold,
)
from paramfit.runs._stopping_settings import StoppingSettings


def state(**values: float) -> RunState:
    s = RunState()
    for name, value in values.items():
        setattr(s, name, value)
    return s


def test_max_iterations_reports_the_count():
    rule = MaxIterations(3)
    assert rule.check(state(iteration=2)) is None
    assert rule.check(state(iteration=3)) == "Maximum number of iterations reached (3)."
    assert rule.reason is StopReason.MAX_ITERATIONS


def test_max_evaluations_reports_the_setting_not_the_count():
    rule = MaxEvaluations(10)
    assert rule.check(state(evaluations=9)) is None
    assert rule.check(state(evaluations=12)) == (
        "Maximum number of evaluations reached (10)."
    )


def test_threshold_is_strict_and_shows_a_float():
    rule = Threshold(5.0)
    assert rule.check(state(f=5.0)) is None
    assert rule.check(state(f=4.9)) == "Objective function crossed threshold (5.0)."


def test_max_time():
    rule = MaxTime(12.5)
    assert rule.check(state(elapsed=12.4)) is None
    assert rule.check(state(elapsed=12.5)) == "Maximum time reached (12.5 seconds)."
    assert rule.reason is StopReason.MAX_TIME


def feed_f(rule: FunctionTolerance, fs: list[float]) -> list[str | None]:
    s, seen = RunState(), []
    for f in fs:
        s.f = f
        rule.update(s)
        seen.append(rule.check(s))
    return seen


def test_function_tolerance_counts_unchanged_iterations():
    rule = FunctionTolerance(2, 0.1)
    seen = feed_f(rule, [5.0, 4.0, 3.95, 3.95, 3.0])
    assert seen[:3] == [None, None, None]
    assert seen[3] == (
        "No significant change in best function evaluation for 2 iterations."
    )
    assert seen[4] is None and rule.unchanged == 0  # a real change resets


def test_function_tolerance_catches_slow_drift():
    # Steps of 0.04 are each insignificant, but add up to 0.12 >= 0.1: the
    # reference only moves on a significant change.
    rule = FunctionTolerance(5, 0.1)
    feed_f(rule, [1.0, 0.96, 0.92])
    assert rule.unchanged == 2
    feed_f(rule, [0.88])
    assert rule.unchanged == 0


def test_function_tolerance_inf_scores_never_count_as_change():
    rule = FunctionTolerance(2, 1e-11)
    assert feed_f(rule, [np.inf, np.inf])[-1] is not None


def test_zero_iterations_stops_at_once_like_pints():
    assert feed_f(FunctionTolerance(0, 1.0), [3.0])[0] == (
        "No significant change in best function evaluation for 0 iterations."
    )


def test_parameter_tolerance_uses_per_parameter_thresholds_lazily():
    positions = iter([[0.0, 0.0], [0.05, 0.0], [0.05, 0.5], [0.09, 0.55]])
    calls = []

    def position():
        calls.append(1)
        return np.array(next(positions))

    rule = ParameterTolerance(2, np.array([0.1, 1.0]))
    s = RunState(position)
    seen = []
    for _ in range(4):
        rule.update(s)
        seen.append(rule.check(s))
    assert seen == [
        None,
        None,
        "No significant change in best parameters for 2 iterations.",
        "No significant change in best parameters for 3 iterations.",
    ]
    assert len(calls) == 4
    with pytest.raises(RuntimeError, match="No position"):
        ParameterTolerance(1, np.ones(2)).update(RunState())


def test_criteria_take_the_first_rule_in_order():
    ftol = FunctionTolerance(1, 1.0)
    criteria = StoppingCriteria([MaxIterations(5), ftol, Threshold(0.0)])
    s = state(iteration=5, f=-1.0)
    criteria.update(s)
    assert criteria.check(s) == Stop(
        StopReason.MAX_ITERATIONS, "Maximum number of iterations reached (5)."
    )
    s.iteration = 4
    assert criteria.check(s) == Stop(
        StopReason.THRESHOLD, "Objective function crossed threshold (0.0)."
    )
    criteria.update(s)
    assert criteria.check(s).reason is StopReason.FUNCTION_TOLERANCE  # type: ignore
    assert len(criteria) == 3
    assert StoppingCriteria([MaxIterations(5)]).check(state(iteration=1)) is None


def test_settings_build_rules_in_pints_precedence_with_time_last():
    settings = StoppingSettings(2)
    settings.set_max_time(1)
    settings.set_threshold(3)
    settings.set_parameter_tolerance(4, [0.1, 0.2])
    settings.set_max_evaluations(9)
    kinds = [type(r) for r in settings.stopping_criteria().rules]
    assert kinds == [
        MaxIterations,
        MaxEvaluations,
        FunctionTolerance,
        ParameterTolerance,
        Threshold,
        MaxTime,
    ]
    settings.set_max_iterations(None)
    settings.set_max_evaluations(None)
    settings.set_function_tolerance(None)
    settings.set_parameter_tolerance(None)
    settings.set_threshold(None)
    settings.set_max_time(None)
    with pytest.raises(ValueError, match="At least one stopping criterion"):
        settings.stopping_criteria()


def test_every_reason_is_named():
    assert {r.name for r in StopReason} == {
        "MAX_ITERATIONS",
        "MAX_EVALUATIONS",
        "FUNCTION_TOLERANCE",
        "PARAMETER_TOLERANCE",
        "THRESHOLD",
        "MAX_TIME",
        "OPTIMISER",
        "CONVERGED",
    }
