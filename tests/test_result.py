"""Tests of what a controller run leaves behind: the result object, its
trace, and the named reason for stopping."""

from __future__ import annotations

import numpy as np
import pytest
from controller_twins import (
    QuadraticLogPDF,
    controller,
    run,
    seeded_global_state,  # noqa: F401 (autouse fixture)
)

import paramfit

# --- Result, trace and the reason for stopping --------------------------------


@pytest.mark.parametrize("maximise", [False, True])
def test_result_and_trace(maximise):
    c = controller(function=QuadraticLogPDF() if maximise else None)
    c.set_log_to_screen(False)
    c.set_function_tolerance(10, 1e-6)
    x, f = c.run()
    r = c.result()
    assert r is c.result() and np.array_equal(r.x, x) and r.f == f
    assert r.stop_reason is paramfit.StopReason.FUNCTION_TOLERANCE
    assert r.message.startswith("No significant change in best function evaluation")
    assert (r.iterations, r.evaluations, r.time) == (
        c.iterations(),
        c.evaluations(),
        c.time(),
    )
    t = r.trace
    assert len(t) == r.iterations
    np.testing.assert_array_equal(t.iterations, np.arange(1, r.iterations + 1))
    np.testing.assert_array_equal(t.evaluations, 4 * t.iterations)
    assert t.evaluations.dtype == np.int64 and t.evaluations[-1] == r.evaluations
    sign = -1 if maximise else 1
    assert np.all(np.diff(sign * t.best) <= 0) and t.best[-1] == f
    assert t.current[-1] == r.f_guessed and np.allclose(r.x_guessed, [3.3, -1.7], 1e-3)
    assert np.all(np.diff(t.time) >= 0) and 0 <= t.time[-1] <= r.time
    assert not t.best.flags.writeable and not t.iterations.flags.writeable
    with pytest.raises(AttributeError):
        r.f = 3  # type: ignore[misc]


def test_result_works_with_the_convergence_plot(monkeypatch):
    monkeypatch.setenv("MPLBACKEND", "Agg")
    pytest.importorskip("matplotlib")
    import matplotlib.pyplot as plt

    from paramfit import plot

    c = controller()
    c.set_log_to_screen(False)
    c.set_max_iterations(30)
    c.run()
    fig, ax = plot.convergence(c.result(), log_scale=True)
    best = ax.get_lines()[-1]
    np.testing.assert_array_equal(best.get_xdata(), np.arange(1, 31))
    np.testing.assert_array_equal(best.get_ydata(), c.result().trace.best)
    plt.close(fig)


def test_trace_recorder_collects_rows():
    rec = paramfit.runs._result.TraceRecorder()
    assert len(rec) == 0 and len(rec.trace()) == 0
    for i in range(1, 6):
        rec.record(i, 3 * i, 1.0 / i, np.float32(2.0 / i), 0.1 * i)
    t = rec.trace()
    assert len(rec) == 5 and list(t.iterations) == [1, 2, 3, 4, 5]
    assert list(t.evaluations)[-1] == 15 and t.evaluations.dtype == np.int64
    assert t.best[2] == 1 / 3 and t.time[4] == pytest.approx(0.5)
    assert t.current[1] == pytest.approx(1.0)
    rec.record(6, 18, 0.1, 0.2, 0.6)  # recording goes on after a snapshot
    assert len(rec.trace()) == 6 and len(t) == 5


def test_max_time_stops_and_comes_after_pints_criteria():
    c = controller()
    c.set_max_iterations(None)
    c.set_function_tolerance(None)
    c.set_max_time(0.05)
    text, _ = run(c)
    r = c.result()
    assert r.stop_reason is paramfit.StopReason.MAX_TIME and r.time >= 0.05
    assert text.endswith("Halting: Maximum time reached (0.05 seconds).")
    c = controller()
    c.set_max_iterations(1)
    c.set_max_time(0)  # both fire: the iteration limit wins
    c.set_log_to_screen(False)
    c.run()
    assert c.result().stop_reason is paramfit.StopReason.MAX_ITERATIONS


def test_optimiser_stop_wins_and_skips_the_callback():
    calls = []
    c = controller()
    c.optimiser().min_step = 1e-3
    c.set_callback(lambda i, opt: calls.append(i))
    c.set_log_to_screen(False)
    c.run()
    r = c.result()
    assert r.stop_reason is paramfit.StopReason.OPTIMISER
    assert r.message == "Step size below minimum."
    assert calls == list(range(r.iterations - 1))


def test_chain_starts_spread_around_the_optimum_where_finite() -> None:
    import paramfit.toy

    log_pdf = paramfit.toy.GaussianLogPDF([2.0, 0.0], [1.0, 1.0])
    c = paramfit.OptimisationController(
        log_pdf, [1.0, 1.0], method=paramfit.XNES, rng=1
    )
    c.set_max_iterations(100)
    c.set_log_to_screen(False)
    c.run()
    result = c.result()
    starts = result.chain_starts(log_pdf, 4, spread=0.1, rng=2)
    assert len(starts) == 4 and len({tuple(x) for x in starts}) == 4
    assert np.all(np.abs(np.array(starts) - result.x) < 1.0)
    again = result.chain_starts(log_pdf, 4, spread=0.1, rng=2)
    np.testing.assert_array_equal(starts, again)
    # Only points where the function is finite: a prior's support.
    prior = paramfit.UniformLogPrior([1.9, -0.1], [2.1, 0.1])
    inside = result.chain_starts(prior, 3, spread=0.5, rng=3)
    assert all(np.isfinite(prior(x)) for x in inside)
    with pytest.raises(ValueError, match="spread must be positive"):
        result.chain_starts(log_pdf, 2, spread=0)
