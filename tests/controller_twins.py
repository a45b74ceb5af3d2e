"""Test helpers for the controller tests: a deterministic optimiser written
twice (for paramfit and for PINTS 0.6.1, the oracle) so that both controllers
follow the same trajectory, duck-typed objectives, a test-only log
transformation, and helpers to run a controller and mask its time column."""

from __future__ import annotations

import contextlib
import io
import re
from typing import Any

import numpy as np
import pints
import pints.toy
import pytest

import paramfit
import paramfit.toy


@pytest.fixture(autouse=True)
def seeded_global_state():
    """xNES draws its seed from NumPy's global state: fix it, then restore it."""
    state = np.random.get_state()
    np.random.seed(7)
    yield
    np.random.set_state(state)


# --- A deterministic optimiser, for paramfit and for PINTS --------------------


class _Search:
    """Fixed-step coordinate search: try ``centre ± step`` along each axis,
    move to the best point if it improves, else halve the step."""

    min_step = 0.0

    def _setup(self, x0: Any, step: Any) -> None:
        self._centre = np.array(x0, dtype=float)
        self._step = np.array(step, dtype=float)
        self._f_centre = np.inf
        self._moves = 0

    def _points(self) -> np.ndarray:
        d = np.diag(self._step)
        return np.vstack([self._centre + d, self._centre - d])

    def _learn(self, xs: np.ndarray, fs: Any) -> None:
        fs = np.asarray(fs, dtype=float)
        k = int(np.argmin(fs))
        if fs[k] < self._f_centre:
            self._centre, self._f_centre = xs[k].copy(), float(fs[k])
            self._moves += 1
        else:
            self._step = self._step * 0.5

    def _log_init(self, logger: Any) -> None:
        logger.add_float("Step")
        logger.add_counter("Moves", max_value=1000, file_only=True)

    def _log_write(self, logger: Any) -> None:
        logger.log(float(np.max(self._step)), self._moves)

    def stop(self) -> str | bool:
        if np.max(self._step) < self.min_step:
            return "Step size below minimum."
        return False

    @classmethod
    def name(cls) -> str:
        return "Coordinate search"


class Search(_Search, paramfit.Optimiser):
    def __init__(self, x0: Any, sigma0: Any = None, boundaries: Any = None) -> None:
        super().__init__(x0, sigma0, boundaries)
        self._setup(self._x0, self._sigma0)

    def _ask(self) -> np.ndarray:
        self._xs = self._points()
        return self._xs

    def _tell(self, fs: np.ndarray) -> None:
        self._learn(self._xs, fs)

    def x_guessed(self) -> np.ndarray:
        return self._centre.copy()

    def f_guessed(self) -> float:
        return self._f_centre


class PintsSearch(_Search, pints.Optimiser):
    def __init__(self, x0: Any, sigma0: Any = None, boundaries: Any = None) -> None:
        super().__init__(x0, sigma0, boundaries)
        self._setup(self._x0, self._sigma0)
        self._running, self._xbest, self._fbest = False, self._x0, np.inf

    def ask(self) -> np.ndarray:
        self._running = True
        self._xs = self._points()
        return self._xs

    def tell(self, fs: Any) -> None:
        self._learn(self._xs, fs)
        k = int(np.argmin(fs))
        if fs[k] < self._fbest:
            self._fbest, self._xbest = float(fs[k]), self._xs[k].copy()

    def running(self) -> bool:
        return self._running

    def x_best(self) -> np.ndarray:
        return self._xbest

    def f_best(self) -> float:
        return self._fbest

    def x_guessed(self) -> np.ndarray:
        return self._centre.copy()

    def f_guessed(self) -> float:
        return self._f_centre


# --- Objectives (module level, so they pickle) --------------------------------


class Quadratic:
    """``(x0 - 3.3)^2 + 10 (x1 + 1.7)^2 + 0.5``, duck-typed error measure."""

    def __init__(self, fail_at: int | None = None, exc: type = ValueError) -> None:
        self.calls, self.fail_at, self.exc = 0, fail_at, exc

    def n_parameters(self) -> int:
        return 2

    def __call__(self, x: Any) -> float:
        self.calls += 1
        if self.calls == self.fail_at:
            raise self.exc("Objective failed.")
        return float((x[0] - 3.3) ** 2 + 10 * (x[1] + 1.7) ** 2 + 0.5)


class QuadraticLogPDF(paramfit.LogPDF, pints.LogPDF):
    """``-Quadratic``, a log-pdf for both libraries."""

    def n_parameters(self) -> int:
        return 2

    def __call__(self, x: Any) -> float:
        return -Quadratic()(x)


class LogTransformation:
    """Test-only ``q = log(x)``, with the hooks the controller calls."""

    def to_search(self, x: Any) -> np.ndarray:
        return np.log(x)

    def to_model(self, q: Any) -> np.ndarray:
        return np.exp(q)

    def convert_error_measure(self, e: Any) -> Any:
        return _InModelSpace(e)

    def convert_log_pdf(self, log_pdf: Any) -> Any:
        return _LogPDFInModelSpace(log_pdf)

    def convert_standard_deviation(self, s: Any, q: Any) -> np.ndarray:
        return np.asarray(s) / np.exp(q)

    def convert_boundaries(self, b: Any) -> Any:
        return paramfit.RectangularBoundaries(np.log(b.lower()), np.log(b.upper()))


class _InModelSpace:
    def __init__(self, f: Any) -> None:
        self._f = f

    def n_parameters(self) -> int:
        return 2

    def __call__(self, q: Any) -> float:
        return self._f(np.exp(q))  # type: ignore[no-any-return]


class _LogPDFInModelSpace(_InModelSpace, paramfit.LogPDF, pints.LogPDF):
    def __call__(self, q: Any) -> float:
        return self._f(np.exp(q)) + float(np.sum(q))  # type: ignore[no-any-return]


X0, SIGMA0 = [1.0, 1.0], [1.0, 1.0]


def controller(lib: Any = paramfit, function: Any = None, **kwargs: Any) -> Any:
    method = PintsSearch if lib is pints else Search
    function = Quadratic() if function is None else function
    return lib.OptimisationController(
        function, kwargs.pop("x0", X0), SIGMA0, method=method, **kwargs
    )


def run(c: Any) -> tuple[str, Any]:
    """Run ``c``; return the screen output (time column masked) and result."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        result = c.run()
    return mask(out.getvalue()), result


def mask(text: str, csv: bool = False) -> str:
    lines = text.splitlines()
    if csv:
        return "\n".join(lines[:1] + [re.sub(r",[^,]*$", ",T", s) for s in lines[1:]])
    return "\n".join(re.sub(r"\d+:\d\d\.\d(\s*)$", r"T\1", s) for s in lines)


def logistic_error(lib: Any = paramfit) -> Any:
    toy = paramfit.toy if lib is paramfit else pints.toy
    model = toy.LogisticModel()
    times = np.linspace(0, 1000, 1000)
    noise = np.random.default_rng(1).normal(0, 10, times.shape)
    values = paramfit.toy.LogisticModel().simulate([0.015, 500], times) + noise
    return lib.SumOfSquaresError(lib.SingleOutputProblem(model, times, values))
