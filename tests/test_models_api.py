"""paramfit.models at its public boundary: bad input with clear messages,
the fallback, failures, pickling and the disk cache, and batches through
error measures."""

from __future__ import annotations

import math
import pickle

import numpy as np
import pytest

import paramfit
from paramfit.models import CompilationWarning, ODEModel, Protocol, SolverError, where


def decay(t, y, p):
    return [-p[0] * y[0]]


def branching(t, y, p):
    if y[0] > 0.5:  # an 'if' on a state cannot be traced
        return [-p[0] * y[0]]
    return [-p[0] * y[0]]


def test_names_and_sizes() -> None:
    model = ODEModel(decay, ["y"], ["k"], [1.0])
    assert model.n_states() == 1 and model.n_parameters() == 1
    assert model.n_outputs() == 1 and model.output_names() == ("y",)
    assert model.state_names() == ("y",) and model.parameter_names() == ("k",)
    assert model.solver() == "dopri5"
    assert isinstance(model, paramfit.ForwardModelS1)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"states": "y"}, TypeError, "sequence of names"),
        ({"states": ["y", "y"]}, ValueError, "duplicate"),
        ({"parameters": ["1k"]}, ValueError, "not a valid name"),
        ({"initial_conditions": [1.0, 2.0]}, ValueError, "must have 1 values"),
        ({"initial_conditions": [math.nan]}, ValueError, "must be finite"),
        ({"rtol": 0.0}, ValueError, "rtol must be positive"),
        ({"atol": -1.0}, ValueError, "atol must be positive"),
        ({"atol": [1e-8, 1e-8]}, ValueError, "one per state"),
        ({"solver": "euler"}, ValueError, "solver must be one of"),
        ({"max_steps": 0}, ValueError, "max_steps"),
        ({"on_failure": "ignore"}, ValueError, "on_failure"),
        ({"outputs": ["z"]}, ValueError, "not states"),
        ({"inputs": {"V": 1.0}}, TypeError, "Protocol"),
    ],
)
def test_bad_arguments(kwargs: dict, error: type, match: str) -> None:
    args = {"states": ["y"], "parameters": ["k"], "initial_conditions": [1.0]}
    args.update(kwargs)
    with pytest.raises(error, match=match):
        ODEModel(decay, **args)


def test_wrong_number_of_derivatives_names_the_states() -> None:
    def rhs(t, y, p):
        return [y[0], y[1], 0.0]

    with pytest.raises(ValueError, match=r"returned 3 values; expected 2.*\(a, b\)"):
        ODEModel(rhs, ["a", "b"], ["k"], [1.0, 1.0])


def test_bad_parameters_and_times() -> None:
    model = ODEModel(decay, ["y"], ["k"], [1.0])
    with pytest.raises(ValueError, match=r"Expected 1 parameters \(k\)"):
        model.simulate([1.0, 2.0], [0.0, 1.0])
    with pytest.raises(ValueError, match=r"non-decreasing; got times\[2\] = 1"):
        model.simulate([1.0], [0.0, 2.0, 1.0])
    with pytest.raises(ValueError, match="start time 0"):
        model.simulate([1.0], [-1.0, 1.0])
    with pytest.raises(ValueError, match="finite"):
        model.simulate([1.0], [0.0, math.inf])
    bad_y0 = ODEModel(decay, ["y"], ["k"], lambda p: [math.log(p.k)])
    with pytest.raises(ValueError, match="initial conditions must be finite"):
        bad_y0.simulate([-1.0], [0.0, 1.0])


def test_untraceable_rhs_warns_and_falls_back() -> None:
    with pytest.warns(
        CompilationWarning,
        match=r"line \d+.*branch.*where\(condition, a, b\).*Fallback",
    ):
        model = ODEModel(branching, ["y"], ["k"], [1.0])
    info = model.build_info()
    assert info["backend"] == "scipy" and "cannot be traced" in info["fallback"]
    t = np.linspace(0, 2, 5)
    np.testing.assert_allclose(model.simulate([0.5], t), np.exp(-0.5 * t), rtol=1e-6)
    with pytest.raises(NotImplementedError, match="traced symbolically"):
        model.simulateS1([0.5], t)


def test_unknown_function_is_named() -> None:
    import statistics

    def rhs(t, y, p):
        return [statistics.fmean([y[0], p[0]])]

    with pytest.warns(CompilationWarning, match="cannot be traced"):
        ODEModel(rhs, ["y"], ["k"], [1.0])


def test_fallback_without_compilation_agrees() -> None:
    compiled = ODEModel(decay, ["y"], ["k"], [2.0], rtol=1e-10, atol=1e-12)
    plain = ODEModel(decay, ["y"], ["k"], [2.0], rtol=1e-10, atol=1e-12, compiled=False)
    assert plain.build_info()["backend"] == "scipy"
    t = np.linspace(0, 3, 7)
    np.testing.assert_allclose(
        plain.simulate([0.3], t), compiled.simulate([0.3], t), rtol=1e-7
    )
    y, s = plain.simulateS1([0.3], t)
    np.testing.assert_allclose(
        s[:, 0], -t * 2.0 * np.exp(-0.3 * t), rtol=1e-6, atol=1e-12
    )


def blow_up(t, y, p):
    return [p[0] * y[0] * y[0]]


def test_a_failed_solve_names_the_time_and_step() -> None:
    # y' = y^2, y(0) = 1 reaches infinity at t = 1.
    model = ODEModel(blow_up, ["y"], ["k"], [1.0])
    with pytest.raises(SolverError, match=r"failed at t = [\d.]+ with step size") as e:
        model.simulate([1.0], [0.0, 0.5, 2.0])
    assert 0.99 < e.value.t < 1.01 and e.value.h < 1e-3
    assert e.value.parameters == [1.0]
    nan_model = ODEModel(blow_up, ["y"], ["k"], [1.0], on_failure="nan")
    y = nan_model.simulate([1.0], [0.0, 0.5, 2.0])
    assert y[1] == pytest.approx(2.0) and math.isnan(y[2])


def test_statistics() -> None:
    model = ODEModel(decay, ["y"], ["k"], [1.0])
    model.simulate_batch([[1.0], [2.0]], np.linspace(0, 1, 5))
    stats = model.solver_statistics()
    assert stats["solves"] == 2 and stats["steps"] > 0
    assert stats["rhs_calls"] >= 6 * stats["steps"]


def test_pickled_model_needs_no_user_function() -> None:
    model = ODEModel(
        lambda t, y, p, u: [(u.V - y[0]) / p.tau],
        ["y"],
        ["tau"],
        [0.0],
        inputs={"V": Protocol().step(1.0, 2.0)},
        constants={"c": 1.0},
    )
    t = np.linspace(0, 4, 9)
    copy = pickle.loads(pickle.dumps(model))
    np.testing.assert_array_equal(copy.simulate([0.5], t), model.simulate([0.5], t))
    np.testing.assert_array_equal(
        copy.simulateS1([0.5], t)[1], model.simulateS1([0.5], t)[1]
    )
    assert copy.constants() == {"c": 1.0}


def test_a_second_build_comes_from_the_cache() -> None:
    ODEModel(decay, ["y"], ["k"], [1.0]).simulate([1.0], [0.0, 1.0])
    again = ODEModel(decay, ["y"], ["k"], [1.0])
    again.simulate([1.0], [0.0, 1.0])
    info = again.build_info()
    assert info["cached"] and info["derive_seconds"] < 0.5


def test_error_measures_solve_the_population_in_one_call() -> None:
    model = ODEModel(decay, ["y"], ["k"], [1.0])
    t = np.linspace(0, 2, 11)
    problem = paramfit.SingleOutputProblem(model, t, np.exp(-0.7 * t))
    error = paramfit.SumOfSquaresError(problem)
    xs = np.array([[0.5], [0.7], [0.9]])
    batch = error.evaluate_batch(xs)
    assert model.solver_statistics()["solves"] == 3
    np.testing.assert_allclose(batch, [error(x) for x in xs], rtol=1e-12)
    assert batch[1] < 1e-12


def test_protocol_validation_and_values() -> None:
    with pytest.raises(ValueError, match="duration must be positive"):
        Protocol().step(1.0, 0.0)
    with pytest.raises(ValueError, match="level must be finite"):
        Protocol().step(math.nan, 1.0)
    p = Protocol(holding=-80).step(-80, 10).ramp(-80, 20, 10).sine(0, 2, 0.25, 4)
    np.testing.assert_allclose(
        p.evaluate([0, 10, 15, 20, 21, 25]), [-80, -80, -30, 0, 2, -80], atol=1e-12
    )
    periodic = Protocol(repeat=True).step(1.0, 1.0).step(0.0, 1.0)
    np.testing.assert_array_equal(periodic.evaluate([0.5, 1.5, 10.5]), [1, 0, 1])


def clipped(t, y, p):
    return [where(y[0] < 1.0, p[0], 0.0)]


def test_a_model_using_where_is_found_in_the_cache() -> None:
    # The engine's helpers are fingerprinted by name (their globals, such as
    # type variables, cannot be hashed).
    ODEModel(clipped, ["y"], ["k"], [0.0])
    assert ODEModel(clipped, ["y"], ["k"], [0.0]).build_info()["cached"]
