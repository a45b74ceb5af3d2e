"""When the function raises during a run, the failing point is named: in the
exception's notes and after PINTS's "Unexpected termination" block, whether
the points are scored one at a time, as a batch (``evaluate_batch``) or on
worker processes."""

from __future__ import annotations

import contextlib
import io
import sys
from typing import Any

import numpy as np
import pytest
from scaleout_problems import FailsAbove

import paramfit
from paramfit.evaluation import SequentialEvaluator
from paramfit.evaluation._failure import (
    FailureHandlingEvaluator,
    FailurePolicy,
    failing_point,
)

needs_notes = pytest.mark.skipif(
    sys.version_info < (3, 11), reason="exception notes need Python 3.11"
)
TIMES = np.linspace(0, 1, 10)
CUT = 1.2


class Line(paramfit.ForwardModel):
    """``a + b t``; its solver "fails" where ``a > cut`` (in `simulate` and,
    unless ``batch_only``, row by row in `simulate_batch`)."""

    def __init__(self, cut: float = CUT, batch_only: bool = False) -> None:
        self.cut, self.batch_only = cut, batch_only
        self.calls = {"simulate": 0, "simulate_batch": 0}

    def n_parameters(self) -> int:
        return 2

    def simulate(self, p: Any, times: Any) -> np.ndarray:
        self.calls["simulate"] += 1
        if p[0] > self.cut and not self.batch_only:
            raise ArithmeticError("solver failed")
        return p[0] + p[1] * np.asarray(times)

    def simulate_batch(self, ps: Any, times: Any) -> np.ndarray:
        self.calls["simulate_batch"] += 1
        ps = np.asarray(ps)
        if np.any(ps[:, 0] > self.cut):
            raise ArithmeticError("solver failed")
        return ps[:, :1] + ps[:, 1:] * np.asarray(times)


def error_measure(model: Line) -> paramfit.SumOfSquaresError:
    problem = paramfit.SingleOutputProblem(model, TIMES, 1 + 2 * TIMES)
    return paramfit.SumOfSquaresError(problem)


def run_failing(controller: paramfit.OptimisationController) -> tuple[Any, str, str]:
    """Run to the exception; return it with what was printed."""
    controller.set_log_to_screen(False)
    out, err = io.StringIO(), io.StringIO()
    with (
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
        pytest.raises(ArithmeticError, match="solver failed") as info,
    ):
        controller.run()
    return info.value, out.getvalue(), err.getvalue()


def shown_failing_position(err: str) -> np.ndarray:
    lines = err.split("Failing position")[1].splitlines()[1:]
    return np.array([float(v) for v in lines if not v.startswith("-")])


def test_a_failing_batch_names_the_point_that_fails() -> None:
    model = Line()
    c = paramfit.OptimisationController(
        error_measure(model), [1.0, 1.0], 0.5, method=paramfit.XNES, rng=1
    )
    e, out, err = run_failing(c)
    assert model.calls["simulate_batch"] >= 1
    x = failing_point(e)
    assert x is not None and x[0] > CUT
    # The block is PINTS's (the optimiser's current position); the failing
    # point follows it, in the same format.
    block = out.split("Unexpected termination.\n")[1].splitlines()
    assert block[:2] == ["Current score: inf", "Current position:"]
    np.testing.assert_array_equal(shown_failing_position(err), x)
    if sys.version_info >= (3, 11):
        assert e.__notes__ == [f"Failing parameters: {x.tolist()}"]


@needs_notes
def test_the_named_point_is_the_first_of_the_batch_that_fails() -> None:
    model = Line()
    f = FailureHandlingEvaluator.wrap_function(error_measure(model), FailurePolicy())
    xs = np.array([[1.0, 2.0], [1.3, 0.0], [1.5, 0.0], [0.0, 0.0]])
    with pytest.raises(ArithmeticError) as info:
        SequentialEvaluator(f).evaluate(xs)
    assert info.value.__notes__ == ["Failing parameters: [1.3, 0.0]"]
    np.testing.assert_array_equal(failing_point(info.value), [1.3, 0.0])


def test_the_fast_path_scores_a_batch_in_one_call() -> None:
    model = Line(cut=np.inf)
    f = FailureHandlingEvaluator.wrap_function(error_measure(model), FailurePolicy())
    assert hasattr(f, "evaluate_batch")
    xs = np.array([[1.0, 2.0], [1.3, 0.0], [0.0, 0.0]])
    values = SequentialEvaluator(f).evaluate(xs)
    assert model.calls == {"simulate": 0, "simulate_batch": 1}
    expected = [np.sum((a + b * TIMES - 1 - 2 * TIMES) ** 2) for a, b in xs]
    np.testing.assert_allclose(values, expected, rtol=1e-14, atol=1e-25)


@needs_notes
def test_a_batch_that_fails_only_as_a_batch_says_so() -> None:
    model = Line(batch_only=True)
    f = FailureHandlingEvaluator.wrap_function(error_measure(model), FailurePolicy())
    with pytest.raises(ArithmeticError) as info:
        SequentialEvaluator(f).evaluate([[1.0, 2.0], [1.5, 0.0]])
    [note] = info.value.__notes__
    assert "each point scores without error on its own" in note
    assert "batch of 2 points" in note and failing_point(info.value) is None


def test_a_log_likelihood_scoring_a_batch_names_the_point() -> None:
    model = Line()
    problem = paramfit.SingleOutputProblem(model, TIMES, 1 + 2 * TIMES)
    log_likelihood = paramfit.GaussianKnownSigmaLogLikelihood(problem, 0.1)
    c = paramfit.OptimisationController(
        log_likelihood, [1.0, 1.0], 0.5, method=paramfit.XNES, rng=2
    )
    e, _, err = run_failing(c)
    assert model.calls["simulate_batch"] >= 1
    x = failing_point(e)
    assert x is not None and x[0] > CUT
    np.testing.assert_array_equal(shown_failing_position(err), x)


def test_the_failing_point_is_shown_in_model_space() -> None:
    c = paramfit.OptimisationController(
        error_measure(Line()),
        [1.0, 1.0],
        0.5,
        transformation=paramfit.LogTransformation(2),
        method=paramfit.XNES,
        rng=3,
    )
    e, _, err = run_failing(c)
    q = failing_point(e)  # the point the optimiser asked for: search space
    assert q is not None
    shown = shown_failing_position(err)
    np.testing.assert_allclose(shown, np.exp(q), rtol=1e-15)
    assert shown[0] > CUT
    if sys.version_info >= (3, 11):
        assert e.__notes__[-1] == (
            f"Failing parameters in model space: {np.exp(q).tolist()}"
        )


def test_the_failing_point_of_a_worker_process_is_shown() -> None:
    c = paramfit.OptimisationController(
        FailsAbove(), [1.0, 1.0], 0.5, method=paramfit.XNES, rng=4
    )
    c.set_parallel(2)
    c.set_log_to_screen(False)
    out, err = io.StringIO(), io.StringIO()
    with (
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
        pytest.raises(Exception, match="Exception in subprocess") as info,
    ):
        c.run()
    x = failing_point(info.value)
    assert x is not None and x[0] > 1.2
    np.testing.assert_array_equal(shown_failing_position(err.getvalue()), x)


def test_nothing_is_shown_without_a_failing_point() -> None:
    class Interrupted(paramfit.ErrorMeasure):
        def n_parameters(self) -> int:
            return 2

        def __call__(self, x: Any) -> float:
            raise KeyboardInterrupt

    c = paramfit.OptimisationController(Interrupted(), [1.0, 1.0], 0.5, rng=1)
    c.set_log_to_screen(False)
    out, err = io.StringIO(), io.StringIO()
    with (
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
        pytest.raises(KeyboardInterrupt),
    ):
        c.run()
    assert "Unexpected termination." in out.getvalue()
    assert err.getvalue() == ""


def test_failing_point_reads_notes_and_messages() -> None:
    e = ValueError("x")
    assert failing_point(e) is None
    if sys.version_info >= (3, 11):
        e.add_note("Failing parameters: [1.5, -2.0]")
        np.testing.assert_array_equal(failing_point(e), [1.5, -2.0])
    pool = Exception("Exception in subprocess:\n...\nFailed at position 3: [0.25, 4.0]")
    np.testing.assert_array_equal(failing_point(pool), [0.25, 4.0])
    assert failing_point(Exception("Failed at position 3: [0.25, 4.0...")) is None
