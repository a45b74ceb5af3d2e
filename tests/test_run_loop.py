"""The shared run loop is not optimiser-specific: a test-only random-walk
Metropolis sampler runs through the same `Run`, evaluator, stopping rules
and checkpoints as the optimisation controller."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

import paramfit
import paramfit.toy
from paramfit.evaluation._failure import FailureCounts
from paramfit.runs._checkpoint import Checkpointer, CheckpointSettings, read_checkpoint
from paramfit.runs._loop import Run
from paramfit.runs._objective import Objective
from paramfit.runs._stopping import (
    MaxEvaluations,
    MaxIterations,
    RunState,
    Stop,
    StoppingCriteria,
    StopReason,
)


class RandomWalk:
    """Random-walk Metropolis on ``k`` independent chains, told minimised
    scores (negative log-densities): used only to test the loop."""

    def __init__(self, x0: np.ndarray, step: float, rng: int) -> None:
        self._x = np.array(x0, dtype=float)
        self._fx = np.full(len(self._x), np.inf)
        self._step = step
        self._rng = np.random.default_rng(rng)
        self._proposed: np.ndarray | None = None
        self.samples: list[np.ndarray] = []

    def ask(self) -> np.ndarray:
        noise = self._rng.standard_normal(self._x.shape)
        self._proposed = self._x + self._step * noise
        return self._proposed

    def tell(self, fs: Any) -> None:
        assert self._proposed is not None
        fs = np.asarray(fs, dtype=float)
        log_u = np.log(self._rng.uniform(size=len(fs)))
        accept = log_u < self._fx - fs  # fs are -log pi
        self._x[accept] = self._proposed[accept]
        self._fx[accept] = fs[accept]
        self.samples.append(self._x.copy())


class ChainMonitor:
    def __init__(self, method: RandomWalk) -> None:
        self.method = method
        self.observed = 0

    def record(self, told: Any) -> bool:
        return True

    def observe(self, state: RunState) -> None:
        self.observed += 1
        state.f = float(np.min(self.method._fx))

    def halt(self) -> Stop | None:
        return None


def gaussian() -> paramfit.LogPDF:
    return paramfit.toy.GaussianLogPDF([1.0, -2.0], [1.0, 4.0])


def run_chains(iterations: int, **options: Any) -> tuple[RandomWalk, RunState, Stop]:
    objective = Objective(gaussian())
    method = RandomWalk(np.zeros((4, 2)), step=1.5, rng=3)
    evaluator = objective.evaluator(paramfit.SequentialEvaluator, FailureCounts())
    rules = StoppingCriteria([MaxIterations(iterations), *options.pop("rules", [])])
    state = RunState()
    loop = Run(
        method, evaluator, ChainMonitor(method), rules, paramfit.Timer(), **options
    )
    return method, state, loop.until_stopped(state)


def test_a_sampler_runs_through_the_loop_and_samples_its_target() -> None:
    method, state, stop = run_chains(4000)
    assert stop.reason is StopReason.MAX_ITERATIONS
    assert state.iteration == 4000 and state.evaluations == 4 * 4000
    chains = np.stack(method.samples)[500:]  # (iterations, chains, 2)
    draws = chains.reshape(-1, 2)
    # Loose bounds: random-walk draws are autocorrelated (ESS ~ n / 20).
    np.testing.assert_allclose(draws.mean(axis=0), [1.0, -2.0], atol=0.25)
    np.testing.assert_allclose(draws.var(axis=0), [1.0, 4.0], rtol=0.25)


def test_the_loop_stops_on_any_rule_and_calls_back() -> None:
    seen: list[int] = []
    _, state, stop = run_chains(100, rules=[MaxEvaluations(40)], callback=seen.append)
    assert stop.reason is StopReason.MAX_EVALUATIONS
    # The callback sees every iteration, the last included (only the
    # method's own request to stop skips it).
    assert state.iteration == 10 and seen == list(range(10))


def test_the_loop_checkpoints_a_sampler(tmp_path: Path) -> None:
    path = tmp_path / "chains.ckpt"
    settings = CheckpointSettings.create(path, every=5)
    stamp = {"version": paramfit.__version__}
    saved: list[int] = []

    def snapshot() -> dict[str, Any]:
        saved.append(len(saved))
        return {"run": {"iteration": 5 * (len(saved) - 1)}}

    run_chains(12, checkpoint=(Checkpointer(settings, stamp), snapshot))
    # Before the first iteration, then after iterations 5 and 10.
    assert len(saved) == 3
    assert read_checkpoint(path)["run"]["iteration"] == 10


@pytest.mark.parametrize("maximising", [True, False])
def test_the_objective_owns_the_sign(maximising: bool) -> None:
    log_pdf = gaussian()
    function = log_pdf if maximising else paramfit.ProbabilityBasedError(log_pdf)
    objective = Objective(function)
    evaluator = objective.evaluator(paramfit.SequentialEvaluator, FailureCounts())
    x = np.array([[0.5, 0.5]])
    [f] = evaluator.evaluate(x)
    assert f == pytest.approx(-log_pdf(x[0]))  # always minimised
    shown = objective.shown(f)
    assert shown == pytest.approx(log_pdf(x[0]) if maximising else f)
