"""Stochastic toy models (Gillespie simulation): statistics against exact
results with fixed seeds, shapes, reproducibility, and PINTS's behaviour."""

from __future__ import annotations

import pickle

import numpy as np
import pints.toy.stochastic as pints_stochastic
import pytest

import paramfit
from paramfit.toy import stochastic


def test_degradation_mean_and_variance_match_exact_solution() -> None:
    model = stochastic.DegradationModel(20, rng=1)
    k = 0.1
    times = np.array([0.0, 2.0, 5.0, 10.0, 20.0, 40.0])
    runs = np.array([model.simulate([k], times)[:, 0] for _ in range(1000)])
    mean, var = model.mean([k], times), model.variance([k], times)
    np.testing.assert_allclose(mean, 20 * np.exp(-k * times))
    # Counts are binomial(20, exp(-k t)): the sample mean is within 4
    # standard errors, and the sample variance close to the exact one.
    assert np.all(np.abs(runs.mean(axis=0) - mean) <= 4 * np.sqrt(var / 1000) + 1e-12)
    np.testing.assert_allclose(runs.var(axis=0)[1:], var[1:], rtol=0.15)
    assert np.all(runs[:, 0] == 20)


def test_production_degradation_reaches_poisson_steady_state() -> None:
    model = stochastic.ProductionDegradationModel(20, rng=3)
    k1, k2 = model.suggested_parameters()
    final = np.array([model.simulate([k1, k2], [60.0])[0, 0] for _ in range(600)])
    # Steady state: Poisson with mean k2 / k1 = 2 (the start is forgotten:
    # 20 exp(-6) < 0.05).
    assert final.mean() == pytest.approx(k2 / k1, abs=4 * np.sqrt(2 / 600) + 0.05)
    assert final.var() == pytest.approx(k2 / k1, rel=0.2)


def test_simulate_shapes_and_steps() -> None:
    model = stochastic.DegradationModel(rng=0)
    t = model.suggested_times()
    y = model.simulate(model.suggested_parameters(), t)
    assert y.shape == (101, 1) and y.dtype == float
    assert y[0, 0] == 20 and np.all(np.diff(y[:, 0]) <= 0)  # only decays
    assert np.all(y == np.round(y))
    mm = stochastic.MichaelisMentenModel([1e3, 2e2, 2e3, 0], rng=0)
    assert mm.n_parameters() == 3 and mm.n_outputs() == 4
    y = mm.simulate([1e-5, 0.2, 0.2], np.linspace(0, 1, 5))
    assert y.shape == (5, 4)
    # X1 + X3 + X4 and X2 + X3 are conserved.
    np.testing.assert_array_equal(y[:, 0] + y[:, 2] + y[:, 3], 3000)
    np.testing.assert_array_equal(y[:, 1] + y[:, 2], 2200)
    schlogl = stochastic.SchloglModel(rng=0)
    y = schlogl.simulate(schlogl.suggested_parameters(), np.linspace(0, 0.2, 5))
    assert y.shape == (5, 1) and np.all(y >= 0)
    logistic = stochastic.LogisticModel(rng=0)
    assert logistic.n_parameters() == 2
    y = logistic.simulate([0.1, 500], np.linspace(0, 10, 11))
    assert y[0, 0] == 50 and np.all(np.diff(y[:, 0]) >= 0)


def test_zero_molecules() -> None:
    model = stochastic.DegradationModel(0, rng=0)
    values = model.simulate([0.1], [0, 1, 2, 100, 1000])
    np.testing.assert_array_equal(values, np.zeros((5, 1)))


def test_raw_simulation() -> None:
    model = stochastic.DegradationModel(5, rng=2)
    times, counts = model.simulate_raw([1.0], 1e9)
    assert times[0] == 0 and np.all(np.diff(times) > 0)
    np.testing.assert_array_equal(counts[:, 0], [5, 4, 3, 2, 1, 0])
    # Nothing left to react: the state stays put.
    np.testing.assert_array_equal(
        model.simulate([1.0], [0, times[-1] + 1])[:, 0], [5, 0]
    )


def test_interpolation_matches_pints() -> None:
    ours = stochastic.DegradationModel()
    theirs = pints_stochastic.DegradationModel()
    time = np.array([0.0, 1.0, 2.5, 4.0])
    counts = np.array([[4], [3], [2], [1]])
    out = [0, 0.5, 1.0, 2.4, 2.5, 3, 4, 10]
    np.testing.assert_array_equal(
        ours.interpolate_mol_counts(time, counts, out),
        theirs.interpolate_mol_counts(time, counts, out),
    )
    one = ours.interpolate_mol_counts([0.0], [[7]], [0, 1, 2])
    np.testing.assert_array_equal(one, [[7], [7], [7]])


def test_reproducible_streams() -> None:
    t = np.linspace(0, 30, 31)
    a = stochastic.DegradationModel(rng=5).simulate([0.1], t)
    b = stochastic.DegradationModel(rng=5).simulate([0.1], t)
    np.testing.assert_array_equal(a, b)
    model = stochastic.DegradationModel(rng=5)
    model.simulate([0.1], t)
    copy = pickle.loads(pickle.dumps(model))
    np.testing.assert_array_equal(copy.simulate([0.1], t), model.simulate([0.1], t))
    # rng=None: seeded once from NumPy's global state (np.random.seed works).
    state = np.random.get_state()
    try:
        np.random.seed(12)
        c = stochastic.DegradationModel().simulate([0.1], t)
        np.random.seed(12)
        d = stochastic.DegradationModel().simulate([0.1], t)
    finally:
        np.random.set_state(state)
    np.testing.assert_array_equal(c, d)


def test_general_markov_jump_model() -> None:
    # A <-> B, with rates k1 (A -> B) and k2 (B -> A).
    model = stochastic.MarkovJumpModel(
        [30, 0], [[-1, 1], [1, -1]], lambda x, k: [k[0] * x[0], k[1] * x[1]], rng=4
    )
    assert isinstance(model, paramfit.ForwardModel)
    assert model.n_parameters() == 2 and model.n_outputs() == 2
    y = np.array([model.simulate([1.0, 2.0], [5.0])[0] for _ in range(300)])
    np.testing.assert_array_equal(y.sum(axis=1), 30)
    # Each molecule is in A with probability k2 / (k1 + k2) = 2/3 (after
    # a few relaxation times 1 / (k1 + k2)).
    assert y[:, 0].mean() == pytest.approx(20, abs=4 * np.sqrt(30 * 2 / 9 / 300))


def test_errors() -> None:
    with pytest.raises(ValueError, match="cannot be negative"):
        stochastic.DegradationModel(-1)
    model = stochastic.DegradationModel()
    with pytest.raises(ValueError, match="1 parameter"):
        model.simulate([0.1, 0.2], [1])
    with pytest.raises(ValueError, match="Negative times"):
        model.simulate([0.1], [-1, 1])
    with pytest.raises(ValueError, match="positive"):
        model.mean([-0.1], [1])
    with pytest.raises(ValueError, match="Negative times"):
        model.variance([0.1], [-1])
    with pytest.raises(ValueError, match="At least one time"):
        model.interpolate_mol_counts([], [], [1])
    with pytest.raises(ValueError, match="must match mol_count"):
        model.interpolate_mol_counts([0, 1], [[1]], [1])
    with pytest.raises(ValueError, match="non-decreasing"):
        model.interpolate_mol_counts([0, 1], [[1], [0]], [1, 0])
    logistic = stochastic.LogisticModel()
    with pytest.raises(ValueError, match="Carrying capacity"):
        logistic.mean([0.1, -1], [1])
    np.testing.assert_allclose(
        logistic.mean([0.1, 500], [0, 10]),
        [50, 500 * 50 / (50 + 450 * np.exp(-1))],
    )
