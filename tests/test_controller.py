"""Tests for :class:`paramfit.OptimisationController`: parity with PINTS
0.6.1, settings and their errors, evaluation.

A deterministic coordinate search, written once for paramfit and once for
PINTS (see ``controller_twins``), lets both controllers run the same
trajectory, so their screen output and log files are compared byte for byte
(time column masked) over many settings.
"""

from __future__ import annotations

import contextlib
import io
import re
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pints
import pytest
from controller_twins import (
    SIGMA0,
    X0,
    LogTransformation,
    Quadratic,
    QuadraticLogPDF,
    Search,
    controller,
    logistic_error,
    mask,
    run,
    seeded_global_state,  # noqa: F401 (autouse fixture)
)

import paramfit

# --- Byte-for-byte parity with PINTS ------------------------------------------

SETTINGS: dict[str, Callable[[Any, Path], None]] = {
    "defaults": lambda c, p: None,
    "interval 3": lambda c, p: c.set_log_interval(3),
    "interval 7, warm-up 0": lambda c, p: c.set_log_interval(7, 0),
    "interval 1": lambda c, p: (c.set_log_interval(1), c.set_max_iterations(12)),
    "max evaluations": lambda c, p: c.set_max_evaluations(50),
    "threshold": lambda c, p: c.set_threshold(0.5001),
    "function tolerance": lambda c, p: c.set_function_tolerance(5, 1e-3),
    "ftol count 0": lambda c, p: c.set_function_tolerance(0),
    "parameter tolerance": lambda c, p: (
        c.set_function_tolerance(None),
        c.set_parameter_tolerance(4, [1e-2, 1e-3]),
    ),
    "f guessed": lambda c, p: (
        c.set_f_guessed_tracking(True),
        c.set_function_tolerance(3, 1e-4),
    ),
    "max iterations 0": lambda c, p: c.set_max_iterations(0),
    "text file": lambda c, p: c.set_log_to_file(p, csv=False),
    "csv file": lambda c, p: (c.set_log_to_file(p, csv=True), c.set_log_interval(4)),
    "file only": lambda c, p: (c.set_log_to_screen(False), c.set_log_to_file(p)),
    "callback": lambda c, p: c.set_callback(
        lambda i, opt: print("cb", i, opt.f_best(), opt.x_guessed())
    ),
    "optimiser stops": lambda c, p: setattr(c.optimiser(), "min_step", 1e-3),
    "deprecated setter": lambda c, p: c.set_max_unchanged_iterations(20, 1e-6),
}


def _run_twice(configure: Callable[[Any, Path], None], tmp_path: Path, **kw: Any):
    seen = []
    for lib in (pints, paramfit):
        function = QuadraticLogPDF() if kw.get("maximise") else Quadratic()
        extra = (
            {"transformation": kw["transformation"]} if "transformation" in kw else {}
        )
        c = controller(lib, function, **extra)
        path = tmp_path / f"{lib.__name__}.log"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            configure(c, path)
        screen, (x, f) = run(c)
        text = path.read_text() if path.exists() else ""
        logged = mask(text, csv=text.startswith('"'))
        seen.append(
            (screen, logged, list(x), float(f), c.iterations(), c.evaluations())
        )
    return seen


@pytest.mark.parametrize("name", list(SETTINGS))
def test_log_and_result_match_pints(name: str, tmp_path: Path) -> None:
    ours, theirs = _run_twice(SETTINGS[name], tmp_path)[::-1]
    assert ours == theirs
    assert "Halting: " in ours[0] or name == "file only"


@pytest.mark.parametrize("maximise", [False, True])
@pytest.mark.parametrize("transformed", [False, True])
def test_maximising_and_transformation_match_pints(maximise, transformed, tmp_path):
    kw: dict[str, Any] = {"maximise": maximise}
    if transformed:
        kw["transformation"] = LogTransformation()

    def configure(c, path):
        c.set_log_to_file(path, csv=True)
        c.set_threshold(-10 if maximise else 0.6)

    ours, theirs = _run_twice(configure, tmp_path, **kw)[::-1]
    assert ours == theirs
    assert ("Maximising LogPDF" in ours[0]) is maximise


@pytest.mark.parametrize("exc", [ValueError, KeyboardInterrupt])
@pytest.mark.parametrize("screen", [True, False])
def test_unexpected_termination_matches_pints(exc, screen, tmp_path):
    shown = []
    for lib in (pints, paramfit):
        c = controller(lib, Quadratic(fail_at=23, exc=exc))
        c.set_log_to_screen(screen)
        out = io.StringIO()
        with contextlib.redirect_stdout(out), pytest.raises(exc, match="failed"):
            c.run()
        shown.append(mask(out.getvalue()))
        assert c.iterations() is None and c.time() is None
    assert shown[0] == shown[1]
    assert "Unexpected termination.\nCurrent score: " in shown[1]
    assert shown[1].endswith("-" * 40)


def test_unexpected_termination_before_first_iteration_and_in_model_space():
    c = controller(function=Quadratic(fail_at=1), transformation=LogTransformation())
    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(ValueError):
        c.run()
    block = out.getvalue().split("Unexpected termination.\n")[1].splitlines()
    assert block[:2] == ["Current score: inf", "Current position:"]
    assert [float(v) for v in block[2:4]] == X0  # x_guessed mapped back
    with pytest.raises(RuntimeError, match="no result yet"):
        c.result()


# --- xNES on the logistic problem: PINTS's log layout --------------------------


def test_xnes_screen_log_has_pints_layout():
    def xnes_lines(lib):
        b = lib.RectangularBoundaries([0, 200], [1, 1000])
        c = lib.OptimisationController(
            logistic_error(lib), [0, 700], boundaries=b, method=lib.XNES
        )
        c.set_max_iterations(45)
        return run(c)[0].splitlines()

    ours, theirs = xnes_lines(paramfit), xnes_lines(pints)
    assert (
        ours[:5]
        == theirs[:5]
        == [
            "Minimising error measure",
            "Using Exponential Natural Evolution Strategy (xNES)",
            "Running in sequential mode.",
            "Population size: 6",
            "Iter. Eval. Best      Current   Time    ",
        ]
    )
    rows = [line.split() for line in ours[5:-1]]
    assert [int(r[0]) for r in rows] == [0, 1, 2, 3, 20, 40, 45]
    # Counters 5 wide, floats 9, the (masked) time right-aligned in 8.
    assert all(
        re.fullmatch(r"[0-9 ]{5} [0-9 ]{5} .{9} .{9}   T", s) for s in ours[5:-1]
    )
    assert (
        ours[-1] == theirs[-1] == "Halting: Maximum number of iterations reached (45)."
    )
    assert int(rows[-1][1]) <= 45 * 6


# --- Settings and their errors ------------------------------------------------


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda c: c.set_max_iterations(-1), "Maximum number of iterations cannot"),
        (lambda c: c.set_max_evaluations(-1), "Maximum number of evaluations cannot"),
        (lambda c: c.set_function_tolerance(-1), "Maximum number of iterations cannot"),
        (lambda c: c.set_function_tolerance(3, -1), "function change cannot be neg"),
        (
            lambda c: c.set_parameter_tolerance(-1),
            "Maximum number of iterations cannot",
        ),
        (lambda c: c.set_parameter_tolerance(3, -1), "parameter change cannot be neg"),
        (lambda c: c.set_parameter_tolerance(3, [1, 2, 3]), "or have length 2, got 3."),
        (lambda c: c.set_log_interval(0), "Interval must be greater than zero."),
        (lambda c: c.set_callback(3), "The argument cb must be None or a callable."),
        (lambda c: c.set_max_time(-1), "Maximum time must be zero or more seconds"),
        (lambda c: c.set_max_time(float("nan")), "Maximum time must be zero or more"),
    ],
)
def test_invalid_settings_raise_like_pints(call, message):
    for lib in (pints, paramfit):
        if lib is pints and "time" in message:
            continue
        with pytest.raises(ValueError, match=re.escape(message)):
            call(controller(lib))


def test_getters_return_what_was_set():
    c = controller()
    assert (c.max_iterations(), c.max_evaluations(), c.threshold()) == (
        10000,
        None,
        None,
    )
    assert c.function_tolerance() == (200, 1e-11)
    assert c.parameter_tolerance() == (None, None)
    assert (c.parallel(), c.f_guessed_tracking(), c.max_time(), c.progress()) == (
        False,
        False,
        None,
        False,
    )
    assert (c.evaluations(), c.iterations(), c.time()) == (None, None, None)
    c.set_max_iterations(7.0)
    c.set_max_evaluations(11)
    c.set_threshold(5)
    c.set_function_tolerance(3, 2)
    c.set_parameter_tolerance(4, 0.5)
    c.set_max_time(2)
    c.set_parallel(3)
    assert (c.max_iterations(), c.max_evaluations(), c.threshold()) == (7, 11, 5.0)
    assert c.function_tolerance() == (3, 2.0) and c.max_time() == 2.0
    n, thr = c.parameter_tolerance()
    assert n == 4 and list(thr) == [0.5, 0.5] and c.parallel() == 3
    c.set_parallel(True)
    assert c.parallel() == paramfit.ParallelEvaluator.cpu_count()
    c.set_parallel(0)
    c.set_function_tolerance(None, -5)
    c.set_parameter_tolerance(None)
    assert c.parallel() is False and c.function_tolerance() == (None, None)
    assert c.parameter_tolerance() == (None, None)
    assert isinstance(c.optimiser(), Search)


def test_deprecated_names_warn_with_pints_messages():
    for lib in (pints, paramfit):
        c = controller(lib)
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            c.set_max_unchanged_iterations(5, 0.1)
            assert c.max_unchanged_iterations() == (5, 0.1)
            lib.Optimisation(Quadratic(), X0, method=c.optimiser().__class__)
        texts = [str(x.message) for x in w]
        assert texts == [
            "The method `set_max_unchanged_iterations` is deprecated. Please use "
            "`set_function_tolerance` instead.",
            "The method `max_unchanged_iterations` is deprecated. Please use "
            "`function_tolerance` instead.",
            "The class `pints.Optimisation` is deprecated. Please use "
            "`pints.OptimisationController` instead.",
        ]


def test_constructor_errors():
    with pytest.raises(ValueError, match="Starting point must have same dimension"):
        controller(x0=[1, 2, 3])
    with pytest.raises(ValueError, match="Method must be subclass of pints.Optimiser."):
        paramfit.OptimisationController(Quadratic(), X0, method=paramfit.Logger)
    # A method's name is accepted since issue 14 (item 7); test_method_names.py
    # has its rules and errors.
    c = paramfit.OptimisationController(Quadratic(), X0, method="XNES")
    assert isinstance(c.optimiser(), paramfit.XNES)
    c = paramfit.OptimisationController(Quadratic(), [[1.0, 2.0]])  # shape (1, n)
    assert isinstance(c.optimiser(), getattr(paramfit, "CMAES", paramfit.XNES))


def test_single_use_and_stopping_criterion_required():
    c = controller()
    c.set_max_iterations(None)
    c.set_function_tolerance(None)
    with pytest.raises(
        ValueError, match="At least one stopping criterion must be set."
    ):
        c.run()
    with pytest.raises(RuntimeError, match="Controller is valid for single use only"):
        c.run()
    c = controller()
    c.set_max_iterations(None)
    c.set_function_tolerance(None)
    c.set_max_time(0)  # the time budget alone is a criterion
    c.set_log_to_screen(False)
    c.run()
    assert c.result().stop_reason is paramfit.StopReason.MAX_TIME
    assert c.iterations() == 1


# --- Evaluation: sensitivities, parallel, population size ---------------------


class _GradientStep(paramfit.Optimiser):
    """One point per iteration, moved down the gradient: needs (f, df)."""

    def needs_sensitivities(self) -> bool:
        return True

    def ask(self) -> list[np.ndarray]:
        self._running = True
        return [self._x_best.copy()]

    def tell(self, fs: Any) -> None:
        ((f, df),) = fs
        self._f_best = f
        self._x_best = self._x_best - 0.04 * np.asarray(df)

    @classmethod
    def name(cls) -> str:
        return "Gradient step"


class _LogPDFS1(QuadraticLogPDF):
    def evaluateS1(self, x: Any) -> tuple[float, np.ndarray]:
        return self(x), -np.array([2 * (x[0] - 3.3), 20 * (x[1] + 1.7)])


def test_sensitivities_are_requested_and_negated_when_maximising():
    c = paramfit.OptimisationController(_LogPDFS1(), X0, method=_GradientStep)
    c.set_max_iterations(300)
    c.set_log_to_screen(False)
    x, f = c.run()
    np.testing.assert_allclose(x, [3.3, -1.7], atol=1e-6)
    assert f == pytest.approx(-0.5) and c.evaluations() == 300


def test_parallel_run_uses_workers_up_to_the_population_size():
    c = paramfit.OptimisationController(
        logistic_error(), [0.01, 450], [0.001, 20], method=paramfit.XNES
    )
    c.optimiser().set_population_size(None)
    c.set_parallel(8)
    c.set_max_iterations(30)
    text, (x, f) = run(c)
    # None is resolved to the suggestion rounded up to the worker count.
    assert "Running in parallel with 8 worker processes." in text
    assert "Population size: 8" in text and c.optimiser().population_size() == 8
    c = paramfit.OptimisationController(
        logistic_error(), [0.01, 450], [0.001, 20], method=paramfit.XNES
    )
    c.set_parallel(2)
    c.set_max_iterations(30)
    text, _ = run(c)
    assert "Running in parallel with 2 worker processes." in text
    assert c.evaluations() == 30 * 6


def test_population_size_none_is_resolved_without_logging():
    c = paramfit.OptimisationController(Quadratic(), X0, SIGMA0, method=paramfit.XNES)
    c.optimiser().set_population_size(None)
    c.set_log_to_screen(False)
    c.set_max_iterations(3)
    c.run()
    assert c.optimiser().population_size() == 6 and c.evaluations() == 18


def test_log_pdf_base_and_probability_based_error_match_pints():
    pdf = paramfit.LogPDF()
    for call in (lambda: pdf([1.0]), lambda: pdf.evaluateS1([1.0]), pdf.n_parameters):
        with pytest.raises(NotImplementedError):
            call()
    with pytest.raises(
        ValueError, match=re.escape("must be an instance of pints.LogPDF.")
    ):
        paramfit.ProbabilityBasedError(Quadratic())  # type: ignore[arg-type]
    ours = paramfit.ProbabilityBasedError(_LogPDFS1())
    theirs = pints.ProbabilityBasedError(_LogPDFS1())
    x = [1.0, 2.0]
    assert ours(x) == theirs(x) == Quadratic()(x) and ours.n_parameters() == 2
    (a, da), (b, db) = ours.evaluateS1(x), theirs.evaluateS1(x)
    assert a == b and np.array_equal(da, db) and isinstance(da, np.ndarray)


def test_rng_seeds_the_optimiser_without_global_state() -> None:
    error = paramfit.toy.ParabolicError([1.0, 2.0])

    def run(method: type, rng: int) -> float:
        c = paramfit.OptimisationController(error, [0.3, 0.3], method=method, rng=rng)
        c.set_max_iterations(15)
        c.set_log_to_screen(False)
        state = np.random.get_state()
        c.run()
        assert np.random.get_state()[1].tolist() == state[1].tolist()
        return c.result().f

    assert run(paramfit.XNES, 4) == run(paramfit.XNES, 4)
    assert run(paramfit.XNES, 4) != run(paramfit.XNES, 5)
    # Deterministic methods have no generator: the seed is ignored.
    assert run(paramfit.NelderMead, 4) == run(paramfit.NelderMead, 5)
