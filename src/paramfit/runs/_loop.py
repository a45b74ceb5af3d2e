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
from typing import Any, Protocol

from .._util import Timer
from ..evaluation._evaluators import Evaluator
from ._checkpoint import Checkpointer
from ._stopping import RunState, Stop, StoppingCriteria


class AskTell(Protocol):
    """What the loop needs of a method."""

    def ask(self) -> Any:
        """The points to evaluate next, shape ``(k, n_parameters)``."""

    def tell(self, fs: Any) -> Any:
        """Learn the scores of the points last asked for."""


class Monitor(Protocol):
    """What a controller observes of each iteration."""

    def observe(self, state: RunState) -> None:
        """Look at the method after a completed iteration: set ``state.f``
        (the score the stopping rules track), log, record a trace."""

    def halt(self) -> Stop | None:
        """The method's own request to stop, if any."""


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
            method.tell(fs)
            state.evaluations += len(fs)
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
