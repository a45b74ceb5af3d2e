"""Problems shared by the scale-out tests (checkpoints, failures, executors)
and a script entry point used by the killed-subprocess checkpoint test.

Objectives are module-level so that they pickle by reference.
"""

from __future__ import annotations

import sys
import time
from typing import Any

import numpy as np
import problems

import paramfit


def logistic_error(noise_seed: int = 1) -> paramfit.SumOfSquaresError:
    """A logistic-model sum of squares with fixed noisy data (100 times)."""
    return problems.logistic_error(100, noise_seed)


def make_controller(
    function: Any = None,
    method: type = paramfit.XNES,
    seed: int = 3,
    max_iterations: int = 60,
) -> paramfit.OptimisationController:
    """A quiet controller whose optimiser is seeded without leaking into
    NumPy's global state."""
    function = logistic_error() if function is None else function
    state = np.random.get_state()
    np.random.seed(seed)
    try:
        boundaries = paramfit.RectangularBoundaries([0, 200], [1, 1000])
        controller = paramfit.OptimisationController(
            function, [0.01, 700], boundaries=boundaries, method=method
        )
    finally:
        np.random.set_state(state)
    controller.set_max_iterations(max_iterations)
    controller.set_log_to_screen(False)
    return controller


def sleepy_callback(iteration: int, optimiser: Any) -> None:
    """Slows the run down so a test can kill it mid-way."""
    print(iteration, flush=True)
    time.sleep(0.02)


def main(path: str) -> None:
    """Run a checkpointed optimisation forever-ish (killed by the test)."""
    controller = make_controller(max_iterations=100000)
    controller.set_function_tolerance(None)
    controller.set_checkpoint(path, every=1)
    controller.set_callback(sleepy_callback)
    controller.run()


if __name__ == "__main__":
    main(sys.argv[1])


class Flaky:
    """Raises on the first ``fails`` calls at any point with x[0] > cut
    (counted per process), NaN at x[1] > nan_cut; else a sphere."""

    def __init__(self, fails: int = 1, cut: float = 0.5, nan_cut: float = np.inf):
        self.fails, self.cut, self.nan_cut = fails, cut, nan_cut
        self.calls = 0

    def n_parameters(self) -> int:
        return 2

    def __call__(self, x: Any) -> float:
        if x[0] > self.cut and self.calls < self.fails:
            self.calls += 1
            raise ArithmeticError("solver failed")
        if x[1] > self.nan_cut:
            return float("nan")
        return float(np.sum(np.asarray(x) ** 2))


def noisy_sphere(x: Any) -> float:
    """A stochastic objective drawing from np.random."""
    return float(np.sum(np.asarray(x) ** 2) + np.random.normal())


def square_sum(x: Any, shift: float = 0.0) -> float:
    return float(np.sum((np.asarray(x) - shift) ** 2))


def fail_at_negative(x: Any) -> float:
    if x[0] < 0:
        raise ValueError("negative")
    return float(x[0])


class FailsAbove(paramfit.ErrorMeasure):
    """A sphere that always raises where x[0] > cut (deterministic)."""

    def __init__(self, cut: float = 1.2) -> None:
        self.cut = cut

    def n_parameters(self) -> int:
        return 2

    def __call__(self, x: Any) -> float:
        if x[0] > self.cut:
            raise ArithmeticError("solver failed")
        return float(np.sum(np.asarray(x) ** 2))
