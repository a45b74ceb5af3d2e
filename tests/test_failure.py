"""The failure policy: raise / inf / retry, NaN handling, counts."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from scaleout_problems import FailsAbove, Flaky

import paramfit
from paramfit.evaluation import SequentialEvaluator
from paramfit.evaluation._failure import FailureHandlingEvaluator, FailurePolicy


def controller(f: Any, **policy: Any) -> paramfit.OptimisationController:
    c = paramfit.OptimisationController(f, [1.0, 1.0], 0.5, method=paramfit.XNES)
    c.optimiser()._rng = np.random.default_rng(1)
    c.set_max_iterations(15)
    c.set_log_to_screen(False)
    if policy:
        c.set_failure_policy(**policy)
    return c


def test_default_propagates_unchanged() -> None:
    c = controller(Flaky(fails=10**9))
    with pytest.raises(ArithmeticError) as info:
        c.run()
    assert str(info.value) == "solver failed"
    assert c.failure_policy() == FailurePolicy()


def test_inf_policy_scores_failures_inf_and_counts() -> None:
    c = controller(Flaky(fails=5), on_error="inf")
    c.run()
    r = c.result()
    assert r.failed_evaluations == 5
    assert r.retried_evaluations == 0
    assert r.evaluations == 15 * c.optimiser().population_size()


def test_retry_policy() -> None:
    c = controller(Flaky(fails=3), on_error="retry", retries=3)
    c.run()
    r = c.result()
    assert (r.failed_evaluations, r.retried_evaluations) == (0, 3)
    c = controller(Flaky(fails=10**9), on_error="retry", retries=2)
    with pytest.raises(ArithmeticError) as info:
        c.run()
    assert any("Failing parameters" in n for n in info.value.__notes__)
    c = controller(Flaky(fails=2), on_error="inf", retries=1)
    c.run()
    assert c.result().failed_evaluations == 1


def test_nan_counted_and_raise() -> None:
    c = controller(Flaky(fails=0, nan_cut=1.2))
    with pytest.warns(UserWarning):
        c.run()
    assert c.result().non_finite_evaluations > 0
    c = controller(Flaky(fails=0, nan_cut=1.2), on_nan="raise")
    with pytest.raises(paramfit.EvaluationError, match="returned nan at parameters"):
        c.run()


def test_policy_is_logged(capsys: Any) -> None:
    c = controller(Flaky(fails=1), on_error="inf")
    c.set_log_to_screen(True)
    c.run()
    out = capsys.readouterr().out
    assert "Failure policy: on_error='inf', retries=0, on_nan='inf'." in out
    c = controller(Flaky(fails=0))
    c.set_log_to_screen(True)
    c.run()
    assert "Failure policy" not in capsys.readouterr().out


def test_policy_validation() -> None:
    with pytest.raises(ValueError, match="on_error"):
        FailurePolicy.create("ignore")
    with pytest.raises(ValueError, match="on_nan"):
        FailurePolicy.create(on_nan="zero")
    with pytest.raises(ValueError, match="negative"):
        FailurePolicy.create("inf", -1)
    with pytest.raises(ValueError, match="at least 1"):
        FailurePolicy.create("retry", 0)
    assert FailurePolicy.create("retry").retries == 3


def test_sensitivities_get_zero_gradient() -> None:
    def f(x: Any) -> tuple[float, np.ndarray]:
        raise ZeroDivisionError

    policy = FailurePolicy.create("inf")
    inner = SequentialEvaluator(FailureHandlingEvaluator.wrap_function(f, policy))
    e = FailureHandlingEvaluator(inner, policy, sensitivities=True)
    [(value, grad)] = e.evaluate([[1.0, 2.0]])
    assert value == np.inf and np.array_equal(grad, [0, 0])


def test_inf_policy_on_worker_processes() -> None:
    sequential = controller(FailsAbove(), on_error="inf")
    sequential.run()
    parallel = controller(FailsAbove(), on_error="inf")
    parallel.set_parallel(2)
    parallel.run()
    a, b = sequential.result(), parallel.result()
    assert a.failed_evaluations == b.failed_evaluations > 0
    assert a.f == b.f


def test_default_notes_failing_parameters() -> None:
    c = controller(FailsAbove(cut=0.0))
    with pytest.raises(ArithmeticError) as info:
        c.run()
    assert str(info.value) == "solver failed"
    assert info.value.__notes__[0].startswith("Failing parameters: [")
