"""Compiled models in other processes: a fresh interpreter (as a Dask
worker or a spawned pool would be) loads a pickled model from the disk
caches and compiles nothing; a parallel fit runs through the controller."""

from __future__ import annotations

import multiprocessing
import pickle
from concurrent.futures import ProcessPoolExecutor

import numpy as np
import pytest

import paramfit
from paramfit.models import ODEModel

pytestmark = pytest.mark.slow


def fitzhugh(t, y, p):
    v, r = y
    a, b, c = p
    return [c * (v - v**3 / 3 + r), -(v - a + b * r) / c]


def _solve_in_worker(blob: bytes) -> tuple[np.ndarray, int, dict]:
    model = pickle.loads(blob)
    times = np.linspace(0, 20, 50)
    y = model.simulate([0.1, 0.5, 3.0], times)
    _, s = model.simulateS1([0.1, 0.5, 3.0], times)
    info = model.build_info()
    return y, int(info["numba_cache_misses"]), info


def test_a_fresh_process_recompiles_nothing() -> None:
    model = ODEModel(
        lambda t, y, p: fitzhugh(t, y, p), ["V", "R"], ["a", "b", "c"], [-1.0, 1.0]
    )
    model.compile()  # fills the disk caches
    blob = pickle.dumps(model)
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        y, misses, info = pool.submit(_solve_in_worker, blob).result(timeout=300)
    np.testing.assert_array_equal(
        y, model.simulate([0.1, 0.5, 3.0], np.linspace(0, 20, 50))
    )
    assert misses == 0, info
    assert info["backend"] == "numba"


def test_a_parallel_fit_through_the_controller() -> None:
    model = ODEModel(fitzhugh, ["V", "R"], ["a", "b", "c"], [-1.0, 1.0])
    model.compile(sensitivities=False)
    times = np.linspace(0, 20, 100)
    true = np.array([0.1, 0.5, 3.0])
    problem = paramfit.MultiOutputProblem(model, times, model.simulate(true, times))
    error = paramfit.SumOfSquaresError(problem)
    # Boundaries keep c > 0 (the equations blow up otherwise, and a failed
    # solve raises SolverError under the default failure policy).
    boundaries = paramfit.RectangularBoundaries([0, 0, 0.5], [1, 1, 10])
    controller = paramfit.OptimisationController(
        error, [0.2, 0.4, 2.5], boundaries=boundaries, method=paramfit.XNES, rng=1
    )
    controller.set_parallel(2)
    controller.set_max_iterations(150)
    controller.set_log_to_screen(False)
    x, f = controller.run()
    assert f < 1e-6
    np.testing.assert_allclose(x, true, rtol=1e-3)
