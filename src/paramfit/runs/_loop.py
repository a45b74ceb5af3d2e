"""The run loop shared by every controller: ask, evaluate, tell, observe,
stop?

A method (an optimiser today; samplers next) proposes points with ``ask()``
and learns their scores with ``tell()``; it never evaluates anything. An
evaluator scores the points; it never optimises or samples. The loop only
connects them and lets small parts with explicit state look at each
iteration: a `Monitor` (what the controller reports and tracks), the
`StoppingCriteria`, a callback and a `Checkpointer`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from .._util import Timer
from ..evaluation._evaluators import Evaluator
from ..evaluation._failure import FailureCounts
from ._checkpoint import Checkpointer, ResumedTimer
from ._stopping import RunState, Stop, StoppingCriteria


class AskTell(Protocol):
    """What the loop needs of a method."""

    def ask(self) -> Any:
        """The points to evaluate next, shape ``(k, n_parameters)``."""

    def tell(self, fs: Any) -> Any:
        """Learn the scores of the points last asked for."""


class Monitor(Protocol):
    """What a controller observes of each iteration."""

    def record(self, told: Any) -> bool:
        """Take what the method's ``tell()`` returned; return whether it
        completed an iteration (samplers may need several rounds of
        evaluations for one)."""

    def observe(self, state: RunState) -> None:
        """Look at the method after a completed iteration: set ``state.f``
        (the score the stopping rules track), log, record a trace."""

    def halt(self) -> Stop | None:
        """The method's own request to stop, if any."""


class Reporting(Protocol):
    """What a run shows (a log, a progress bar), with state to resume."""

    def state(self) -> dict[str, Any]:
        """What the reporter must remember (for a checkpoint)."""

    def restore(self, iterations: int, state: dict[str, Any]) -> None:
        """Continue after ``iterations`` from what `state()` returned."""


class Trace(Protocol):
    """A record of the run, iteration by iteration, with state to resume."""

    def state(self) -> Any:
        """The record so far (for a checkpoint)."""

    def restore(self, state: Any) -> None:
        """Continue from what `state()` returned."""


@dataclass
class RunParts:
    """The parts of a run that change as it goes, each with explicit state:
    what a checkpoint saves and a resumed run restores."""

    state: RunState
    stopping: StoppingCriteria
    reporter: Reporting
    trace: Trace
    failures: FailureCounts = field(default_factory=FailureCounts)
    clock: Timer = field(default_factory=Timer)

    def snapshot(self) -> dict[str, Any]:
        """The state of every part (the run section of a checkpoint)."""
        return {
            **self.state.state(),
            "stopping": self.stopping.state(),
            "reporter": self.reporter.state(),
            "trace": self.trace.state(),
            "failures": self.failures,
        }

    def restore(self, run: dict[str, Any]) -> None:
        """Continue from `snapshot()`. Stopping rules not in the saved run
        (settings changed after resuming) start afresh; the clock continues
        from the saved time."""
        self.state.restore(run)
        self.stopping.restore(run["stopping"])
        self.reporter.restore(self.state.iteration, run["reporter"])
        self.trace.restore(run["trace"])
        self.failures = run["failures"]
        self.clock = ResumedTimer(self.state.elapsed)


class Run:
    """One run of a method to a stop.

    Parameters
    ----------
    method : AskTell
        Proposes points and learns their scores.
    evaluator : Evaluator
        Scores a batch of points, order preserved.
    monitor : Monitor
        Observes each iteration for the controller.
    stopping : StoppingCriteria
        Decide when to stop.
    clock : Timer
        Measures the run's time (a resumed run's clock continues).
    callback : callable, optional
        Called with the 0-based index of each completed iteration, unless
        the method asked to stop.
    checkpoint : (Checkpointer, callable), optional
        Where to save, and a function returning what to save.
    """

    def __init__(
        self,
        method: AskTell,
        evaluator: Evaluator,
        monitor: Monitor,
        stopping: StoppingCriteria,
        clock: Timer,
        *,
        callback: Callable[[int], object] | None = None,
        checkpoint: tuple[Checkpointer, Callable[[], dict[str, Any]]] | None = None,
    ) -> None:
        self._method = method
        self._evaluator = evaluator
        self._monitor = monitor
        self._stopping = stopping
        self._clock = clock
        self._callback = callback
        self._checkpoint = checkpoint

    def until_stopped(self, state: RunState) -> Stop:
        """Iterate from ``state`` (fresh or restored) until a stop; return
        the reason. ``state`` is updated as the run goes."""
        method, evaluator, monitor = self._method, self._evaluator, self._monitor
        if state.iteration == 0:
            # So that a run interrupted in its first iteration can resume.
            self._save()
        while True:
            xs = method.ask()
            fs = evaluator.evaluate(xs)
            told = method.tell(fs)
            state.evaluations += len(fs)
            if not monitor.record(told):
                continue  # an intermediate step: no iteration completed
            state.iteration += 1
            state.elapsed = self._clock.time()
            monitor.observe(state)
            self._stopping.update(state)
            stop = self._stopping.check(state)
            halt = monitor.halt()
            if halt is not None:
                return halt
            if self._callback is not None:
                self._callback(state.iteration - 1)
            if stop is not None:
                return stop
            self._save(state.iteration)

    def _save(self, iteration: int | None = None) -> None:
        if self._checkpoint is None:
            return
        checkpointer, snapshot = self._checkpoint
        if iteration is None or checkpointer.due(iteration):
            checkpointer.save(snapshot())
