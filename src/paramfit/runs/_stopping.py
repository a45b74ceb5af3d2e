"""Stopping rules of the optimisation controller.

Each rule is a small object that looks at the `RunState` after every
iteration and either lets the run continue (``check`` returns ``None``) or
says why it must stop. `StoppingCriteria` asks its rules in order of
precedence; the first to answer wins. The rules and their messages are those
of PINTS 0.6.1, plus a wall-clock budget (`MaxTime`), which comes last.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from .._typing import FloatArray


class StopReason(enum.Enum):
    """Why an optimisation stopped."""

    #: The maximum number of iterations was reached.
    MAX_ITERATIONS = "max_iterations"
    #: The maximum number of function evaluations was reached.
    MAX_EVALUATIONS = "max_evaluations"
    #: The tracked score stopped changing significantly.
    FUNCTION_TOLERANCE = "function_tolerance"
    #: The tracked position stopped changing significantly.
    PARAMETER_TOLERANCE = "parameter_tolerance"
    #: The tracked score fell below the threshold.
    THRESHOLD = "threshold"
    #: The wall-clock time budget was used up.
    MAX_TIME = "max_time"
    #: The optimiser itself asked to stop (its ``stop()`` returned a message).
    OPTIMISER = "optimiser"
    #: The chains converged (R-hat and effective sample size on target).
    CONVERGED = "converged"


@dataclass(frozen=True)
class Stop:
    """A decision to stop: the named reason and the message shown to users."""

    reason: StopReason
    message: str


def _no_position() -> FloatArray:
    raise RuntimeError("No position available to the stopping rules.")


class RunState:
    """What the stopping rules see of a run, updated after every iteration.

    Attributes
    ----------
    iteration : int
        Number of completed iterations.
    evaluations : int
        Number of function evaluations so far.
    f : float
        The tracked score (best or guessed, as minimised internally).
    elapsed : float
        Seconds since the run started.
    position : callable
        Returns the tracked position, shape ``(n_parameters,)``; called only
        by rules that need it, as it may copy an array.
    """

    __slots__ = ("elapsed", "evaluations", "f", "iteration", "position")

    def __init__(self, position: Callable[[], FloatArray] = _no_position) -> None:
        self.iteration = 0
        self.evaluations = 0
        self.f = np.inf
        self.elapsed = 0.0
        self.position = position

    def state(self) -> dict[str, Any]:
        """The counters, for a checkpoint."""
        return {
            "iteration": self.iteration,
            "evaluations": self.evaluations,
            "f": self.f,
            "elapsed": self.elapsed,
        }

    def restore(self, state: dict[str, Any]) -> None:
        """Continue from `state()`."""
        self.iteration = state["iteration"]
        self.evaluations = state["evaluations"]
        self.f = state["f"]
        self.elapsed = state["elapsed"]


class StoppingRule:
    """Base class: a rule that may stop a run.

    Subclasses set `reason` and implement `check()`; rules that
    keep a history also implement `update()` and set `tracks`.
    """

    #: The reason reported when this rule stops a run.
    reason: ClassVar[StopReason]
    #: Whether `update()` must be called after every iteration.
    tracks: ClassVar[bool] = False

    def update(self, state: RunState) -> None:
        """Take note of the latest iteration (called before `check()`)."""

    def check(self, state: RunState) -> str | None:
        """Return ``None`` to continue, or the message explaining the stop."""
        raise NotImplementedError

    def state(self) -> dict[str, Any]:
        """What the rule remembers of the run so far (for a checkpoint)."""
        return {}

    def restore(self, state: dict[str, Any]) -> None:
        """Continue from what `state()` returned."""


class MaxIterations(StoppingRule):
    """Stop after ``limit`` iterations."""

    reason = StopReason.MAX_ITERATIONS

    def __init__(self, limit: int) -> None:
        self.limit = limit

    def check(self, state: RunState) -> str | None:
        if state.iteration >= self.limit:
            return f"Maximum number of iterations reached ({state.iteration})."
        return None


class MaxEvaluations(StoppingRule):
    """Stop once ``limit`` function evaluations have been made."""

    reason = StopReason.MAX_EVALUATIONS

    def __init__(self, limit: int) -> None:
        self.limit = limit

    def check(self, state: RunState) -> str | None:
        if state.evaluations >= self.limit:
            # PINTS reports the setting, not the (possibly larger) count.
            return f"Maximum number of evaluations reached ({self.limit})."
        return None


class FunctionTolerance(StoppingRule):
    """Stop when the score has not changed by ``threshold`` or more for
    ``iterations`` iterations.

    The reference score only moves on a significant change, so a slow drift
    that adds up to a significant change is still noticed.
    """

    reason = StopReason.FUNCTION_TOLERANCE
    tracks = True

    def __init__(self, iterations: int, threshold: float) -> None:
        self.iterations = iterations
        self.threshold = threshold
        self.unchanged = 0
        self._f_sig = np.inf

    def update(self, state: RunState) -> None:
        if not self.iterations:
            return  # as in PINTS, a count of 0 stops after the first iteration
        if abs(state.f - self._f_sig) >= self.threshold:
            self.unchanged = 0
            self._f_sig = state.f
        else:
            self.unchanged += 1

    def state(self) -> dict[str, Any]:
        return {"unchanged": self.unchanged, "reference": self._f_sig}

    def restore(self, state: dict[str, Any]) -> None:
        self.unchanged, self._f_sig = state["unchanged"], state["reference"]

    def check(self, state: RunState) -> str | None:
        if self.unchanged >= self.iterations:
            return (
                "No significant change in best function evaluation for "
                f"{self.unchanged} iterations."
            )
        return None


class ParameterTolerance(StoppingRule):
    """Stop when no parameter has changed by its threshold or more for
    ``iterations`` iterations.

    ``threshold`` has shape ``(n_parameters,)``. As in
    `FunctionTolerance`, the reference position only moves on a
    significant change.
    """

    reason = StopReason.PARAMETER_TOLERANCE
    tracks = True

    def __init__(self, iterations: int, threshold: FloatArray) -> None:
        self.iterations = iterations
        self.threshold = threshold
        self.unchanged = 0
        self._x_sig = np.full(len(threshold), np.inf)

    def update(self, state: RunState) -> None:
        if not self.iterations:
            return
        x = state.position()
        if np.any(np.abs(x - self._x_sig) >= self.threshold):
            self.unchanged = 0
            self._x_sig = x
        else:
            self.unchanged += 1

    def state(self) -> dict[str, Any]:
        return {"unchanged": self.unchanged, "reference": self._x_sig.copy()}

    def restore(self, state: dict[str, Any]) -> None:
        self.unchanged, self._x_sig = state["unchanged"], state["reference"].copy()

    def check(self, state: RunState) -> str | None:
        if self.unchanged >= self.iterations:
            return (
                "No significant change in best parameters for "
                f"{self.unchanged} iterations."
            )
        return None


class Threshold(StoppingRule):
    """Stop once the (minimised) score falls below ``value``."""

    reason = StopReason.THRESHOLD

    def __init__(self, value: float) -> None:
        self.value = value

    def check(self, state: RunState) -> str | None:
        if state.f < self.value:
            return f"Objective function crossed threshold ({self.value})."
        return None


class MaxTime(StoppingRule):
    """Stop once ``seconds`` of wall-clock time have passed.

    Checked after each iteration, so a run may overshoot by up to one
    iteration's time.
    """

    reason = StopReason.MAX_TIME

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds

    def check(self, state: RunState) -> str | None:
        if state.elapsed >= self.seconds:
            return f"Maximum time reached ({self.seconds} seconds)."
        return None


class StoppingCriteria:
    """Rules in order of precedence: the first that asks to stop wins.

    Parameters
    ----------
    rules : sequence of StoppingRule
        The rules, highest precedence first.
    """

    def __init__(self, rules: Sequence[StoppingRule]) -> None:
        self.rules = tuple(rules)
        self._tracking = tuple(rule for rule in self.rules if rule.tracks)

    def __len__(self) -> int:
        return len(self.rules)

    def update(self, state: RunState) -> None:
        """Let every rule with a history take note of the latest iteration."""
        for rule in self._tracking:
            rule.update(state)

    def check(self, state: RunState) -> Stop | None:
        """Return the first rule's `Stop`, or ``None`` to continue."""
        for rule in self.rules:
            message = rule.check(state)
            if message is not None:
                return Stop(rule.reason, message)
        return None

    def state(self) -> dict[str, dict[str, Any]]:
        """What the rules with a history remember, by rule class name."""
        return {type(rule).__name__: rule.state() for rule in self._tracking}

    def restore(self, state: dict[str, dict[str, Any]]) -> None:
        """Continue from `state()`. Rules that were not in the saved run
        (settings changed after resuming) start afresh."""
        for rule in self._tracking:
            saved = state.get(type(rule).__name__)
            if saved is not None:
                rule.restore(saved)
