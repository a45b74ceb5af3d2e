"""Checkpoint and resume: a run interrupted anywhere and resumed ends
exactly as an uninterrupted one; files are atomic; wrong files are clear
errors."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from scaleout_problems import logistic_error, make_controller

import paramfit
from paramfit.runs._checkpoint import CheckpointError, read_checkpoint

TESTS = Path(__file__).parent


def same_run(a: paramfit.OptimisationResult, b: paramfit.OptimisationResult) -> None:
    """Bit-identical results and traces (except wall-clock times)."""
    assert np.array_equal(a.x, b.x)
    assert a.f == b.f
    assert np.array_equal(a.x_guessed, b.x_guessed)
    assert (a.iterations, a.evaluations) == (b.iterations, b.evaluations)
    assert (a.stop_reason, a.message) == (b.stop_reason, b.message)
    for name in ("iterations", "evaluations", "best", "current"):
        assert np.array_equal(getattr(a.trace, name), getattr(b.trace, name)), name


def interrupt_at(k: int) -> Any:
    def callback(iteration: int, optimiser: Any) -> None:
        if iteration == k:
            raise KeyboardInterrupt

    return callback


def reference(method: type, **settings: Any) -> paramfit.OptimisationResult:
    c = make_controller(method=method, **settings)
    c.run()
    return c.result()


@pytest.mark.parametrize(
    "method", [paramfit.XNES, paramfit.CMAES, paramfit.PSO, paramfit.NelderMead]
)
@pytest.mark.parametrize("k, every", [(0, 1), (17, 1), (30, 4)])
def test_interrupted_and_resumed_run_is_identical(
    tmp_path: Path, capsys: Any, method: type, k: int, every: int
) -> None:
    path = tmp_path / "run.ckpt"
    c = make_controller(method=method)
    c.set_checkpoint(path, every=every)
    c.set_callback(interrupt_at(k))
    with pytest.raises(KeyboardInterrupt):
        c.run()
    resumed = paramfit.OptimisationController.resume(path, logistic_error())
    assert type(resumed.optimiser()) is method
    resumed.run()
    same_run(resumed.result(), reference(method))


def test_resume_with_stopping_history_and_maximising(tmp_path: Path) -> None:
    """Function/parameter tolerance history and a maximised LogPDF."""
    problem = logistic_error()._problem
    log_pdf = paramfit.GaussianKnownSigmaLogLikelihood(problem, 10)

    def build() -> paramfit.OptimisationController:
        c = make_controller(log_pdf, paramfit.CMAES, max_iterations=300)
        c.set_function_tolerance(15, 1e-6)
        c.set_parameter_tolerance(15, 1e-7)
        return c

    path = tmp_path / "run.ckpt"
    c = build()
    c.set_checkpoint(path)
    c.set_callback(interrupt_at(50))
    with pytest.raises(KeyboardInterrupt):
        c.run()
    resumed = paramfit.OptimisationController.resume(path, log_pdf)
    resumed.run()
    ref = build()
    ref.run()
    assert 50 < ref.result().iterations < 300
    same_run(resumed.result(), ref.result())


def test_resumed_log_and_changed_limit(tmp_path: Path, capsys: Any) -> None:
    path = tmp_path / "run.ckpt"
    c = make_controller(max_iterations=20)
    c.set_checkpoint(path, every=5)
    c.run()
    resumed = paramfit.OptimisationController.resume(
        path, logistic_error(), paramfit.XNES
    )
    resumed.set_max_iterations(50)
    resumed.set_log_to_screen(True)
    capsys.readouterr()
    resumed.run()
    out = capsys.readouterr().out
    assert "Resuming from a checkpoint after 15 iterations." in out
    assert "Halting: Maximum number of iterations reached (50)." in out
    same_run(resumed.result(), reference(paramfit.XNES, max_iterations=50))
    assert resumed.checkpoint() == (str(path), 5, None)


def test_seconds_schedule(tmp_path: Path) -> None:
    path = tmp_path / "run.ckpt"
    c = make_controller(max_iterations=5)
    c.set_checkpoint(path, seconds=0)
    c.set_callback(interrupt_at(3))
    with pytest.raises(KeyboardInterrupt):
        c.run()
    assert read_checkpoint(path)["run"]["iteration"] == 3


def test_checkpoint_settings_errors(tmp_path: Path) -> None:
    c = make_controller()
    with pytest.raises(FileNotFoundError, match="directory"):
        c.set_checkpoint(tmp_path / "missing" / "run.ckpt")
    with pytest.raises(ValueError, match="every"):
        c.set_checkpoint(tmp_path / "a", every=0)
    with pytest.raises(ValueError, match="seconds"):
        c.set_checkpoint(tmp_path / "a", seconds=-1)
    with pytest.raises(ValueError, match="directory"):
        c.set_checkpoint(tmp_path)
    c.set_checkpoint(tmp_path / "a")
    assert c.checkpoint() == (str(tmp_path / "a"), 1, None)
    c.set_checkpoint(None)
    assert c.checkpoint() is None


@pytest.fixture
def saved(tmp_path: Path) -> Path:
    path = tmp_path / "run.ckpt"
    c = make_controller(max_iterations=3)
    c.set_checkpoint(path)
    c.run()
    return path


def test_wrong_problem_errors(saved: Path) -> None:
    resume = paramfit.OptimisationController.resume
    with pytest.raises(CheckpointError, match="different function"):
        resume(saved, logistic_error(noise_seed=2))
    resume(saved, logistic_error(noise_seed=2), check_function=False)
    with pytest.raises(CheckpointError, match="cannot resume it with"):
        resume(saved, logistic_error(), paramfit.PSO)
    with pytest.raises(CheckpointError, match="2 parameters; the function has 3"):
        resume(saved, _ThreeParams())
    assert isinstance(CheckpointError("x"), ValueError)


def test_checkpoint_of_another_version_is_refused(
    saved: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    written_by = re.escape(paramfit.__version__)
    monkeypatch.setattr(paramfit._version, "__version__", "9.9.9")
    with pytest.raises(CheckpointError, match=rf"by paramfit {written_by}.*9\.9\.9"):
        paramfit.OptimisationController.resume(saved, logistic_error())


class _ThreeParams(paramfit.ErrorMeasure):
    def n_parameters(self) -> int:
        return 3

    def __call__(self, x: Any) -> float:
        return 0.0


def test_corrupt_and_foreign_files(saved: Path, tmp_path: Path) -> None:
    data = bytearray(saved.read_bytes())
    data[-10] ^= 0xFF
    bad = tmp_path / "bad.ckpt"
    bad.write_bytes(bytes(data))
    with pytest.raises(CheckpointError, match="corrupt"):
        paramfit.OptimisationController.resume(bad, logistic_error())
    bad.write_bytes(saved.read_bytes()[:-100])
    with pytest.raises(CheckpointError, match="corrupt"):
        paramfit.OptimisationController.resume(bad, logistic_error())
    bad.write_text("hello")
    with pytest.raises(CheckpointError, match="not a paramfit checkpoint"):
        paramfit.OptimisationController.resume(bad, logistic_error())
    with pytest.raises(FileNotFoundError):
        paramfit.OptimisationController.resume(tmp_path / "none", logistic_error())


def test_crash_while_writing_keeps_previous(
    saved: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = saved.read_bytes()
    c = make_controller(max_iterations=3)
    c.set_checkpoint(saved)

    def broken(*args: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(KeyboardInterrupt):
        c.run()
    monkeypatch.undo()
    assert saved.read_bytes() == before
    assert sorted(p.name for p in saved.parent.iterdir()) == [saved.name]


@pytest.mark.slow
def test_killed_process_resumes_identically(tmp_path: Path) -> None:
    path = tmp_path / "run.ckpt"
    env = {**os.environ, "PYTHONPATH": str(TESTS)}
    proc = subprocess.Popen(
        [sys.executable, str(TESTS / "scaleout_problems.py"), str(path)],
        stdout=subprocess.DEVNULL,
        env=env,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if path.exists() and read_checkpoint(path)["run"]["iteration"] >= 15:
                break
            assert proc.poll() is None, "the run ended before it was killed"
            time.sleep(0.05)
        else:
            pytest.fail("no checkpoint within 60 s")
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL
    resumed = paramfit.OptimisationController.resume(path, logistic_error())
    assert 15 <= resumed._resume_state["iteration"] < 300  # type: ignore[index]
    resumed.set_max_iterations(300)
    resumed.run()
    ref = make_controller(max_iterations=300)
    ref.set_function_tolerance(None)
    ref.run()
    same_run(resumed.result(), ref.result())


def test_resume_with_transformation_and_parallel_template(tmp_path: Path) -> None:
    def build() -> paramfit.OptimisationController:
        state = np.random.get_state()
        np.random.seed(4)
        try:
            c = paramfit.OptimisationController(
                logistic_error(),
                [0.01, 700],
                transformation=paramfit.LogTransformation(2),
                method=paramfit.CMAES,
            )
        finally:
            np.random.set_state(state)
        c.set_max_iterations(40)
        c.set_log_to_screen(False)
        return c

    path = tmp_path / "run.ckpt"
    c = build()
    template = paramfit.ParallelEvaluator(logistic_error(), n_workers=2)
    c.set_parallel(template)
    c.set_checkpoint(path, every=7)
    c.set_callback(interrupt_at(25))
    with pytest.raises(KeyboardInterrupt):
        c.run()
    assert template._workers == []  # the controller's copy was closed
    resumed = paramfit.OptimisationController.resume(path, logistic_error())
    resumed.run()
    ref = build()
    ref.run()
    same_run(resumed.result(), ref.result())


@pytest.mark.parametrize("csv", [False, True])
def test_log_file_continues(tmp_path: Path, csv: bool) -> None:
    def build(log: Path) -> paramfit.OptimisationController:
        c = make_controller(max_iterations=45)
        c.set_log_to_file(log, csv=csv)
        c.set_log_interval(2)
        return c

    def rows(log: Path) -> list[str]:
        sep = "," if csv else None
        return [line.rsplit(sep, 1)[0] for line in log.read_text().splitlines()]

    path, log = tmp_path / "run.ckpt", tmp_path / "run.log"
    c = build(log)
    c.set_checkpoint(path, every=10)
    c.set_callback(interrupt_at(26))  # rows up to 26 logged, checkpoint at 20
    with pytest.raises(KeyboardInterrupt):
        c.run()
    paramfit.OptimisationController.resume(path, logistic_error()).run()
    reference = build(tmp_path / "reference.log")
    reference.run()
    assert rows(log) == rows(tmp_path / "reference.log")
    assert len(rows(log)) > 20


def test_unpicklable_state_is_a_clear_error(tmp_path: Path, capsys: Any) -> None:
    c = make_controller(max_iterations=3)
    c.set_checkpoint(tmp_path / "run.ckpt")
    c.optimiser()._unpicklable = lambda: None  # type: ignore[attr-defined]
    with pytest.raises(TypeError, match="cannot be pickled"):
        c.run()
    assert not (tmp_path / "run.ckpt").exists()


def test_progress_bar_continues_after_resume(tmp_path: Path, capsys: Any) -> None:
    pytest.importorskip("tqdm")
    path = tmp_path / "run.ckpt"
    c = make_controller(max_iterations=20)
    c.set_checkpoint(path, every=5)
    c.run()
    resumed = paramfit.OptimisationController.resume(path, logistic_error())
    resumed.set_max_iterations(50)
    resumed.set_progress(True)
    capsys.readouterr()
    resumed.run()
    err = capsys.readouterr().err
    # Resumed after 15 iterations: the bar ends full, not at 35 of 50.
    assert "50/50" in err
    assert "35/50" not in err.splitlines()[-1]
