"""The solvers of paramfit.models against closed forms, high-accuracy
references and finite differences; batches against loops; inputs."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.integrate import solve_ivp
from scipy.linalg import expm

from paramfit.models import ODEModel, Protocol, SolverError, where

SOLVERS = ["dopri5", "rodas4"]
TIGHT = {"rtol": 1e-10, "atol": 1e-12}


def decay(t, y, p):
    return [-p.k * y[0]]


def oscillator(t, y, p):
    x, v = y
    (w,) = p
    return [v, -w * w * x]


def fitzhugh(t, y, p):
    v, r = y
    a, b, c = p
    return [c * (v - v**3 / 3 + r), -(v - a + b * r) / c]


FHN_X = np.array([0.1, 0.5, 3.0])
FHN_T = np.linspace(0, 20, 200)


@pytest.fixture(scope="module")
def fhn() -> ODEModel:
    return ODEModel(fitzhugh, ["V", "R"], ["a", "b", "c"], [-1.0, 1.0])


@pytest.mark.parametrize("solver", SOLVERS)
def test_exponential_decay_and_its_sensitivities(solver: str) -> None:
    # y0 is a parameter too: dy/dy0 = exp(-k t), dy/dk = -t y0 exp(-k t).
    model = ODEModel(
        decay, ["y"], ["k", "y0"], lambda p: [p.y0], solver=solver, **TIGHT
    )
    t = np.linspace(0, 5, 11)
    y, s = model.simulateS1([0.7, 2.0], t)
    exact = 2.0 * np.exp(-0.7 * t)
    assert np.max(np.abs(y - exact)) < 1e-8
    assert np.max(np.abs(s[:, 0] + t * exact)) < 1e-8
    assert np.max(np.abs(s[:, 1] - exact / 2.0)) < 1e-8


@pytest.mark.parametrize("solver", SOLVERS)
def test_harmonic_oscillator(solver: str) -> None:
    model = ODEModel(oscillator, ["x", "v"], ["w"], [1.0, 0.0], solver=solver, **TIGHT)
    t = np.linspace(0, 10, 57)
    w = 1.3
    y, s = model.simulateS1([w], t)
    assert np.max(np.abs(y[:, 0] - np.cos(w * t))) < 1e-7
    assert np.max(np.abs(y[:, 1] + w * np.sin(w * t))) < 1e-7
    # d/dw cos(w t) = -t sin(w t)
    assert np.max(np.abs(s[:, 0, 0] + t * np.sin(w * t))) < 1e-6


def test_stiff_linear_system_needs_the_implicit_solver() -> None:
    # Eigenvalues -1 and -1e4: the explicit method is limited by stability.
    a = np.array([[-1.0, 1.0], [0.0, -1e4]])

    def linear(t, y, p):
        return [p[0] * y[0] + y[1], -1e4 * y[1]]

    t = np.linspace(0, 5, 21)
    exact = np.array([expm(a * s) @ [1.0, 1.0] for s in t])
    steps = {}
    for solver in SOLVERS:
        model = ODEModel(
            linear, ["u", "v"], ["a"], [1.0, 1.0], solver=solver, rtol=1e-8, atol=1e-10
        )
        y = model.simulate([-1.0], t)
        assert np.max(np.abs(y - exact)) < 1e-6
        steps[solver] = model.solver_statistics()["steps"]
    assert steps["rodas4"] * 20 < steps["dopri5"]


def robertson(t, y, p):
    y1, y2, y3 = y
    k1, k2, k3 = p
    return [
        -k1 * y1 + k3 * y2 * y3,
        k1 * y1 - k2 * y2 * y2 - k3 * y2 * y3,
        k2 * y2 * y2,
    ]


def test_robertson_with_the_implicit_solver() -> None:
    x = np.array([0.04, 3e7, 1e4])
    t = np.array([0.0, 0.4, 4.0, 40.0, 400.0, 4e3, 4e4, 4e5])
    model = ODEModel(
        robertson,
        ["y1", "y2", "y3"],
        ["k1", "k2", "k3"],
        [1.0, 0.0, 0.0],
        solver="rodas4",
        rtol=1e-8,
        atol=1e-12,
    )
    y = model.simulate(x, t)
    ref = solve_ivp(
        lambda s, z: robertson(s, z, x),
        (0, t[-1]),
        [1.0, 0.0, 0.0],
        method="Radau",
        rtol=1e-12,
        atol=1e-16,
        t_eval=t,
    ).y.T
    assert np.max(np.abs(y - ref) / np.maximum(np.abs(ref), 1e-14)) < 1e-5
    assert model.solver_statistics()["steps"] < 2000
    # The explicit method would need millions of steps: it gives up.
    model.set_solver("dopri5")
    with pytest.raises(SolverError, match="maximum number of steps"):
        ODEModel(
            robertson,
            ["y1", "y2", "y3"],
            ["k1", "k2", "k3"],
            [1.0, 0.0, 0.0],
            max_steps=20_000,
        ).simulate(x, t)


def _reference(x: np.ndarray, t: np.ndarray) -> np.ndarray:
    return solve_ivp(
        lambda s, z: fitzhugh(s, z, x),
        (0, t[-1]),
        [-1.0, 1.0],
        method="DOP853",
        rtol=1e-13,
        atol=1e-13,
        t_eval=t,
    ).y.T


@pytest.mark.parametrize("solver", SOLVERS)
def test_default_tolerances_are_accurate_to_1e5_of_the_range(
    fhn: ODEModel, solver: str
) -> None:
    fhn.set_solver(solver)
    try:
        y = fhn.simulate(FHN_X, FHN_T)
    finally:
        fhn.set_solver("dopri5")
    ref = _reference(FHN_X, FHN_T)
    span = ref.max(axis=0) - ref.min(axis=0)
    assert np.all(np.max(np.abs(y - ref), axis=0) <= 1e-5 * span)


@pytest.mark.parametrize("solver", SOLVERS)
def test_sensitivities_match_central_differences_of_the_reference(
    fhn: ODEModel, solver: str
) -> None:
    fhn.set_solver(solver)
    fhn.set_tolerances(1e-10, 1e-12)
    try:
        _, s = fhn.simulateS1(FHN_X, FHN_T)
    finally:
        fhn.set_solver("dopri5")
        fhn.set_tolerances()
    for j in range(3):
        h = 1e-5 * FHN_X[j]
        up, down = FHN_X.copy(), FHN_X.copy()
        up[j] += h
        down[j] -= h
        fd = (_reference(up, FHN_T) - _reference(down, FHN_T)) / (2 * h)
        assert np.max(np.abs(s[:, :, j] - fd)) <= 1e-5 * np.max(np.abs(fd))


@pytest.mark.parametrize("solver", SOLVERS)
def test_batch_equals_a_loop(fhn: ODEModel, solver: str) -> None:
    fhn.set_solver(solver)
    rng = np.random.default_rng(1)
    xs = FHN_X * rng.uniform(0.8, 1.2, size=(6, 3))
    try:
        batch = fhn.simulate_batch(xs, FHN_T)
        loop = np.array([fhn.simulate(x, FHN_T) for x in xs])
    finally:
        fhn.set_solver("dopri5")
    assert batch.shape == (6, 200, 2)
    np.testing.assert_array_equal(batch, loop)
    assert fhn.solver_statistics()["solves"] == 1


def relax(t, y, p, u):
    return [(u.V - y[0]) / p.tau]


@pytest.mark.parametrize("solver", SOLVERS)
def test_inputs_steps_and_sine(solver: str) -> None:
    # y' = (u - y) / tau: exact within each step, and for a sine input.
    tau, omega = 2.0, 2 * math.pi * 0.3
    steps = Protocol(holding=0.0).step(1.0, 3.0).step(-2.0, 4.0)
    model = ODEModel(
        relax, ["y"], ["tau"], [0.0], inputs={"V": steps}, solver=solver, **TIGHT
    )
    t = np.linspace(0, 10, 41)
    y1 = 1 - np.exp(-3 / tau)
    y2 = -2 + (y1 + 2) * np.exp(-4 / tau)
    exact = np.where(
        t <= 3,
        1 - np.exp(-t / tau),
        np.where(
            t <= 7, -2 + (y1 + 2) * np.exp(-(t - 3) / tau), y2 * np.exp(-(t - 7) / tau)
        ),
    )
    assert np.max(np.abs(model.simulate([tau], t) - exact)) < 1e-8
    model.set_input("V", Protocol().sine(0.0, 1.0, 0.3, 20.0))
    t = np.linspace(0, 20, 41)
    a = 1 / (1 + (omega * tau) ** 2)
    exact = a * (
        np.sin(omega * t) - omega * tau * np.cos(omega * t)
    ) + a * omega * tau * np.exp(-t / tau)
    assert np.max(np.abs(model.simulate([tau], t) - exact)) < 1e-8


def test_outputs_of_states_inputs_and_parameters() -> None:
    # A current g * n (V - E) with a gate n under a voltage step.
    def gate(t, y, p, u):
        inf = 1 / (1 + math.exp(-(u.V - p.vh) / 10))
        return [(inf - y.n) / p.tau]

    def current(t, y, p, u):
        return [p.g * y.n * (u.V - p.E)]

    protocol = Protocol(holding=-80.0).step(-80.0, 5.0).step(20.0, 20.0)
    model = ODEModel(
        gate,
        ["n"],
        ["vh", "tau", "g"],
        [0.0],
        outputs=["I"],
        observe=current,
        inputs={"V": protocol},
        constants={"E": -90.0},
        **TIGHT,
    )
    x = np.array([-20.0, 3.0, 2.0])
    t = np.linspace(0, 25, 51)
    y, s = model.simulateS1(x, t)
    assert y.shape == (51,) and s.shape == (51, 3)
    for j in range(3):
        h = 1e-6 * abs(x[j])
        up, down = x.copy(), x.copy()
        up[j] += h
        down[j] -= h
        fd = (model.simulate(up, t) - model.simulate(down, t)) / (2 * h)
        assert np.max(np.abs(s[:, j] - fd)) <= 1e-5 * max(np.max(np.abs(fd)), 1e-12)
    model.set_constants(E=-50.0)
    assert model.simulate(x, t)[-1] != y[-1]


def test_where_is_compiled_and_differentiated() -> None:
    def rhs(t, y, p):
        return [where(t < 0.5, p[0], -p[0] * y[0])]

    model = ODEModel(rhs, ["y"], ["k"], [0.0], **TIGHT)
    t = np.linspace(0, 2, 9)
    k = 2.0
    y, s = model.simulateS1([k], t)
    # y = k t until t = 0.5, then (k / 2) exp(-k (t - 0.5)).
    decay = np.exp(-k * (t - 0.5))
    exact = np.where(t <= 0.5, k * t, k / 2 * decay)
    d_exact = np.where(t <= 0.5, t, decay / 2 - k / 2 * (t - 0.5) * decay)
    assert np.max(np.abs(y - exact)) < 1e-6
    assert np.max(np.abs(s[:, 0] - d_exact)) < 1e-6
    assert model.build_info()["backend"] == "numba"
