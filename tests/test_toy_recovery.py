"""Each ODE toy model, fitted with CMA-ES to its own noisy simulation at the
suggested parameters, gives back those parameters.

Noise is 1 % of each output's spread; the search starts 10 % away from the
truth inside a box of ±50 %. Tolerances were checked on seeds 1-4.
"""

import numpy as np
import pytest

import paramfit
import paramfit.toy as toy

FAST = [
    "FitzhughNagumoModel",
    "GoodwinOscillatorModel",
    "Hes1Model",
    "HodgkinHuxleyIKModel",
    "LotkaVolterraModel",
    "RepressilatorModel",
    "SimpleHarmonicOscillatorModel",
    "SIRModel",
]
SLOW = ["ActionPotentialModel"]
#: Iterations: 200, except along the Goodwin oscillator's long, narrow ridge.
ITERATIONS = {"GoodwinOscillatorModel": 400}


def recover(name: str, seed: int) -> tuple[np.ndarray, np.ndarray]:
    model = getattr(toy, name)()
    true = np.asarray(model.suggested_parameters(), dtype=float)
    times = model.suggested_times()
    clean = np.asarray(model.simulate(true, times), dtype=float)
    rng = np.random.default_rng(seed)
    spread = clean.std(axis=0)
    values = clean + rng.normal(0, 0.01, clean.shape) * spread
    problem = (
        paramfit.SingleOutputProblem(model, times, values)
        if model.n_outputs() == 1
        else paramfit.MultiOutputProblem(model, times, values)
    )
    score = paramfit.SumOfSquaresError(problem)
    half = 0.5 * np.abs(true) + 0.1
    boundaries = paramfit.RectangularBoundaries(true - half, true + half)
    x0 = true + 0.1 * np.abs(true) + 0.01
    opt = paramfit.CMAES(x0, 0.05 * np.abs(true) + 0.01, boundaries, rng=seed)
    for _ in range(ITERATIONS.get(name, 200)):
        xs = opt.ask()
        opt.tell([score(x) for x in xs])
    return opt.x_best(), true


def check(name: str, seed: int) -> None:
    found, true = recover(name, seed)
    np.testing.assert_allclose(found, true, rtol=0.05, atol=0.01)


@pytest.mark.parametrize("seed", [1, pytest.param(2, marks=pytest.mark.slow)])
@pytest.mark.parametrize("name", FAST)
def test_cmaes_recovers_parameters(name, seed):
    check(name, seed)


@pytest.mark.slow
@pytest.mark.parametrize("name", SLOW)
def test_cmaes_recovers_parameters_slow_models(name):
    check(name, 1)
