"""Results you can keep: a short repr, a readable summary, the seed of every
run, positions in the trace, and save/load through an ``.npz`` file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from scaleout_problems import logistic_error

import paramfit
from paramfit.runs._tracking import generator_seed

BOUNDS = paramfit.RectangularBoundaries([0, 200], [1, 1000])
X0 = [0.01, 700]


def controller(
    rng: Any = None, iterations: int | None = 80, **kwargs: Any
) -> paramfit.OptimisationController:
    kwargs.setdefault("boundaries", BOUNDS)
    kwargs.setdefault("method", paramfit.XNES)
    c = paramfit.OptimisationController(logistic_error(), X0, rng=rng, **kwargs)
    c.set_max_iterations(iterations)
    c.set_log_to_screen(False)
    return c


def finished(c: paramfit.OptimisationController) -> paramfit.OptimisationResult:
    c.run()
    return c.result()


def interrupt_at(k: int) -> Any:
    def callback(iteration: int, optimiser: Any) -> None:
        if iteration == k:
            raise KeyboardInterrupt

    return callback


def same_result(a: Any, b: Any, times: bool = True) -> None:
    """Every field of two results equal (the trace's times too if ``times``)."""
    for name in ("x", "x_guessed"):
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name))
    names = ["f", "f_guessed", "iterations", "evaluations", "stop_reason"]
    names += ["message", "seed", "method", "maximising", "failed_evaluations"]
    names += ["retried_evaluations", "non_finite_evaluations"]
    names += ["time"] if times else []
    for name in names:
        assert getattr(a, name) == getattr(b, name), name
    columns = ["iterations", "evaluations", "best", "current", "positions"]
    for name in columns + (["time"] if times else []):
        x, y = getattr(a.trace, name), getattr(b.trace, name)
        assert (x is None) == (y is None), name
        if x is not None:
            np.testing.assert_array_equal(x, y)
            assert x.dtype == y.dtype, name


# --- repr and summary -----------------------------------------------------------


def test_repr_is_one_short_line() -> None:
    r = finished(controller(rng=3, iterations=400))
    text = repr(r)
    assert str(r) == text and "\n" not in text and len(text) < 250
    assert text.startswith("OptimisationResult(x=[0.01")
    assert f"f={r.f:.6g}" in text and f"seed={r.seed}" in text
    assert f"iterations={r.iterations}" in text and "stop_reason=" in text
    assert repr(r.trace) == f"OptimisationTrace({r.iterations} iterations)"
    many = paramfit.OptimisationResult(
        **{**vars(r), "x": np.arange(50.0)}  # type: ignore[arg-type]
    )
    assert "... (50 values)" in repr(many) and len(repr(many)) < 250


def test_summary_explains_the_run() -> None:
    r = finished(controller(rng=3, iterations=None))
    text = r.summary(parameter_names=["rate", "capacity"])
    lines = text.splitlines()
    assert lines[0] == "Optimisation with Exponential Natural Evolution Strategy (xNES)"
    assert lines[1] == f"Stopped: {r.message}"
    assert r.stop_reason is paramfit.StopReason.FUNCTION_TOLERANCE
    assert "The best score stopped improving" in text and "converged" in text
    assert f"f = {r.f:.10g} (error, minimised)" in lines
    assert any(s.split() == ["rate", f"{r.x[0]:.10g}"] for s in lines)
    assert any(s.split() == ["capacity", f"{r.x[1]:.10g}"] for s in lines)
    assert f"{r.iterations} iterations, {r.evaluations} evaluations" in text
    assert text.endswith(f"seed {r.seed}.") and "Failures" not in text
    assert "p1" in r.summary() and "p2" in r.summary()
    with pytest.raises(ValueError, match="2 names"):
        r.summary(["rate"])


@pytest.mark.parametrize(
    "setting, phrase",
    [
        (lambda c: c.set_max_iterations(5), "used up its iterations"),
        (lambda c: c.set_max_evaluations(30), "used up its function evaluations"),
        (lambda c: c.set_threshold(1e9), "reached the target"),
        (lambda c: c.set_max_time(0), "time budget"),
        (lambda c: c.set_parameter_tolerance(2, 1e3), "best position stopped moving"),
    ],
)
def test_summary_explains_every_stop(setting: Any, phrase: str) -> None:
    c = controller(rng=1)
    setting(c)
    assert phrase in finished(c).summary()


def test_summary_of_a_maximised_run_with_failures_and_no_seed() -> None:
    problem = logistic_error()._problem
    log_pdf = paramfit.GaussianKnownSigmaLogLikelihood(problem, 10)
    c = paramfit.OptimisationController(log_pdf, X0, method=paramfit.NelderMead)
    c.set_max_iterations(20)
    c.set_log_to_screen(False)
    r = finished(c)
    text = r.summary()
    assert r.maximising and r.seed is None and r.f < 0
    assert "(log-pdf, maximised)" in text and "Nelder-Mead" in text
    assert "seed none (a deterministic method" in text
    failing = paramfit.runs._result.OptimisationResult(
        **{**vars(r), "failed_evaluations": 2, "non_finite_evaluations": 3}
    )
    assert failing.summary().endswith(
        "Failures: 2 evaluations raised and were scored inf; 3 values were NaN "
        "or infinite."
    )
    lost = paramfit.runs._result.OptimisationResult(**{**vars(r), "f": -np.inf})
    assert "No point with a finite score was found" in lost.summary()


# --- seeds --------------------------------------------------------------------


def test_an_integer_seed_is_recorded_and_repeats_the_run() -> None:
    a = finished(controller(rng=11))
    b = finished(controller(rng=np.int64(11)))
    assert a.seed == b.seed == 11 and isinstance(a.seed, int)
    same_result(a, b, times=False)


def test_an_integer_seed_gives_the_optimisers_own_stream() -> None:
    """The controller passes an integer seed on unchanged: it runs as an
    ask-and-tell loop with the optimiser made with that seed."""
    r = finished(controller(rng=5, iterations=25))
    xnes = paramfit.XNES(X0, boundaries=BOUNDS, rng=5)
    error = logistic_error()
    for _ in range(25):
        xnes.tell([error(x) for x in xnes.ask()])
    np.testing.assert_array_equal(r.x, xnes.x_best())
    assert r.f == xnes.f_best()


def test_the_seed_drawn_for_rng_none_repeats_the_run() -> None:
    state = np.random.get_state()
    try:
        np.random.seed(2024)
        a = finished(controller())
        np.random.seed(2024)
        xnes = paramfit.XNES(X0, boundaries=BOUNDS)  # today's stream for None
        np.random.seed(2024)
        again = finished(controller())
    finally:
        np.random.set_state(state)
    assert a.seed is not None and a.seed == again.seed
    same_result(a, again, times=False)
    # The recorded seed starts the optimiser's generator where rng=None did.
    made = paramfit.XNES(X0, boundaries=BOUNDS, rng=a.seed)
    np.testing.assert_array_equal(
        xnes._rng.standard_normal(8), made._rng.standard_normal(8)
    )
    same_result(finished(controller(rng=a.seed)), a, times=False)


def test_seed_none_for_deterministic_methods_and_generators() -> None:
    c = controller(rng=3, method=paramfit.NelderMead, boundaries=None)
    assert c.seed() is None and finished(c).seed is None
    c = controller(rng=np.random.default_rng(3))
    assert c.seed() is None
    sequence = np.random.SeedSequence(77)
    assert controller(rng=sequence).seed() == 77


def test_generator_seed() -> None:
    words = [4000000000, 0, 17, 2**32 - 1]
    seed = generator_seed(np.random.default_rng(np.array(words)))
    assert seed == sum(w << (32 * k) for k, w in enumerate(words))
    np.testing.assert_array_equal(
        np.random.default_rng(words).random(5), np.random.default_rng(seed).random(5)
    )
    assert generator_seed(np.random.default_rng(123)) == 123
    child = np.random.default_rng(np.random.SeedSequence(1).spawn(1)[0])
    assert generator_seed(child) is None
    assert generator_seed(None) is None


# --- positions in the trace -----------------------------------------------------


def test_positions_are_off_by_default_and_match_the_best_scores() -> None:
    c = controller(rng=4)
    assert not c.trace_positions()
    assert finished(c).trace.positions is None
    c = controller(rng=4)
    c.set_trace_positions(True)
    assert c.trace_positions()
    r = finished(c)
    p = r.trace.positions
    assert p is not None and p.shape == (r.iterations, 2) and not p.flags.writeable
    np.testing.assert_array_equal(p[-1], r.x)
    error = logistic_error()
    np.testing.assert_array_equal([error(x) for x in p], r.trace.best)
    # Recording positions changes nothing else.
    plain = finished(controller(rng=4))
    np.testing.assert_array_equal(plain.trace.best, r.trace.best)


def test_positions_are_in_model_space() -> None:
    bounds = paramfit.RectangularBoundaries([1e-3, 200], [1, 1000])
    c = controller(
        rng=6, boundaries=bounds, transformation=paramfit.LogTransformation(2)
    )
    c.set_trace_positions(True)
    r = finished(c)
    p = r.trace.positions
    assert p is not None and np.all(p > 0)
    np.testing.assert_allclose(p[-1], r.x, rtol=1e-15)
    error = logistic_error()
    np.testing.assert_allclose([error(x) for x in p], r.trace.best, rtol=1e-9)


def test_positions_survive_a_checkpoint(tmp_path: Path) -> None:
    path = tmp_path / "run.ckpt"
    c = controller(rng=8)
    c.set_trace_positions(True)
    c.set_checkpoint(path, every=1)
    c.set_callback(interrupt_at(30))
    with pytest.raises(KeyboardInterrupt):
        c.run()
    resumed = paramfit.OptimisationController.resume(path, logistic_error())
    assert resumed.trace_positions() and resumed.seed() == 8
    resumed.run()
    full = controller(rng=8)
    full.set_trace_positions(True)
    same_result(resumed.result(), finished(full), times=False)


def test_positions_switched_on_after_a_checkpoint_are_nan_before(
    tmp_path: Path,
) -> None:
    path = tmp_path / "run.ckpt"
    c = controller(rng=8)
    c.set_checkpoint(path, every=1)
    c.set_callback(interrupt_at(9))
    with pytest.raises(KeyboardInterrupt):
        c.run()
    resumed = paramfit.OptimisationController.resume(path, logistic_error())
    resumed.set_trace_positions(True)
    resumed.run()
    p = resumed.result().trace.positions
    saved = 9  # the callback of iteration 10 raised before its checkpoint
    assert p is not None and np.isnan(p[:saved]).all() and np.isfinite(p[saved:]).all()


# --- save and load ---------------------------------------------------------------


@pytest.mark.parametrize("positions", [False, True])
def test_save_and_load_round_trip_everything(tmp_path: Path, positions: bool) -> None:
    c = controller()  # a 128-bit seed drawn from NumPy's global state
    c.set_trace_positions(positions)
    r = finished(c)
    path = tmp_path / "fit.npz"
    r.save(path)
    loaded = paramfit.OptimisationResult.load(path)
    same_result(loaded, r)
    assert isinstance(loaded.seed, int) and loaded.seed > 2**64
    assert isinstance(loaded.iterations, int) and isinstance(loaded.f, float)
    assert loaded.stop_reason is r.stop_reason
    assert not loaded.x.flags.writeable and not loaded.trace.best.flags.writeable
    # An open format: plain arrays by name, no pickles.
    with np.load(path, allow_pickle=False) as data:
        np.testing.assert_array_equal(data["trace_best"], r.trace.best)
        assert str(data["message"]) == r.message


def test_save_and_load_without_a_seed_and_maximising(tmp_path: Path) -> None:
    problem = logistic_error()._problem
    log_pdf = paramfit.GaussianKnownSigmaLogLikelihood(problem, 10)
    c = paramfit.OptimisationController(log_pdf, X0, method=paramfit.NelderMead)
    c.set_max_iterations(15)
    c.set_log_to_screen(False)
    r = finished(c)
    r.save(str(tmp_path / "nm"))  # NumPy adds the suffix
    loaded = paramfit.OptimisationResult.load(tmp_path / "nm.npz")
    same_result(loaded, r)
    assert loaded.seed is None and loaded.maximising


def test_load_rejects_other_files(tmp_path: Path) -> None:
    np.savez(tmp_path / "other.npz", x=np.zeros(2))
    with pytest.raises(ValueError, match="does not hold a saved OptimisationResult"):
        paramfit.OptimisationResult.load(tmp_path / "other.npz")
    (tmp_path / "text.npz").write_text("not an archive")
    with pytest.raises(ValueError, match="Cannot read an OptimisationResult"):
        paramfit.OptimisationResult.load(tmp_path / "text.npz")
    r = finished(controller(rng=1, iterations=3))
    r.save(tmp_path / "r.npz")
    with np.load(tmp_path / "r.npz") as data:
        newer = {**dict(data), "version": 99}
    np.savez(tmp_path / "newer.npz", **newer)
    with pytest.raises(ValueError, match="newer paramfit"):
        paramfit.OptimisationResult.load(tmp_path / "newer.npz")
