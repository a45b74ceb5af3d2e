"""Stopping rules of the optimisation controller.

Each rule is a small object that looks at the `RunState` after every
iteration and either lets the run continue (``check`` returns ``None``) or
says why it must stop. `StoppingCriteria` asks its rules in order of
precedence; the first to answer wins. The rules and their messages are those
of PINTS 0.6.1, plus a wall-clock budget (`MaxTime`), which comes last.
"""

from __future__ import annotations

import enum
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from .._typing import FloatArray
from .._util import vector


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


class StoppingSettings:
    """The stopping criteria of a controller: setters, getters, and the
    `StoppingCriteria` they describe.

    Defaults as in PINTS: at most 10000 iterations, and a function tolerance
    of 200 iterations without a change of ``1e-11``; the rest off.

    Parameters
    ----------
    n_parameters : int
        Dimension of the search space (for per-parameter tolerances).
    """

    def __init__(self, n_parameters: int) -> None:
        self._n_parameters = n_parameters
        self._max_iterations: int | None = 10000
        self._max_evaluations: int | None = None
        self._ftol: tuple[int | None, float | None] = (200, 1e-11)
        self._xtol: tuple[int | None, FloatArray | None] = (None, None)
        self._threshold: float | None = None
        self._max_time: float | None = None

    def set_max_iterations(self, iterations: int | None = 10000) -> None:
        """Stop after ``iterations`` iterations (``None`` disables this)."""
        self._max_iterations = _count(iterations, "iterations")

    def max_iterations(self) -> int | None:
        """The maximum number of iterations, or ``None``."""
        return self._max_iterations

    def set_max_evaluations(self, evaluations: int | None = None) -> None:
        """Stop after ``evaluations`` function evaluations (``None``
        disables this; the default)."""
        self._max_evaluations = _count(evaluations, "evaluations")

    def max_evaluations(self) -> int | None:
        """The maximum number of evaluations, or ``None``."""
        return self._max_evaluations

    def set_function_tolerance(
        self, iterations: int | None = 200, threshold: float = 1e-11
    ) -> None:
        """Stop if the tracked score has not changed by ``threshold`` or more
        for ``iterations`` iterations (``iterations=None`` disables this).

        ``set_function_tolerance(1, ftol)`` gives an absolute "ftol".
        """
        if iterations is None:
            self._ftol = (None, None)
            return
        iterations = _count(iterations, "iterations")
        threshold = float(threshold)
        if threshold < 0:
            raise ValueError("Minimum significant function change cannot be negative.")
        self._ftol = (iterations, threshold)

    def function_tolerance(self) -> tuple[int | None, float | None]:
        """``(iterations, threshold)``, or ``(None, None)`` if disabled."""
        return self._ftol

    def set_max_unchanged_iterations(
        self, iterations: int | None = 200, threshold: float = 1e-11
    ) -> None:
        """Deprecated alias of `set_function_tolerance()`."""
        warnings.warn(
            "The method `set_max_unchanged_iterations` is deprecated. Please use "
            "`set_function_tolerance` instead.",
            stacklevel=2,
        )
        self.set_function_tolerance(iterations, threshold)

    def max_unchanged_iterations(self) -> tuple[int | None, float | None]:
        """Deprecated alias of `function_tolerance()`."""
        warnings.warn(
            "The method `max_unchanged_iterations` is deprecated. Please use "
            "`function_tolerance` instead.",
            stacklevel=2,
        )
        return self.function_tolerance()

    def set_parameter_tolerance(
        self, iterations: int | None = 200, threshold: Any = 1e-11
    ) -> None:
        """Stop if no parameter has changed by its ``threshold`` (a scalar or
        one per parameter) for ``iterations`` iterations (``None`` disables
        this; the default).

        ``set_parameter_tolerance(1, xtol)`` gives an absolute "xtol".
        """
        if iterations is None:
            self._xtol = (None, None)
            return
        iterations = _count(iterations, "iterations")
        n = self._n_parameters
        if np.isscalar(threshold):
            threshold = np.ones(n) * float(threshold)  # type: ignore[arg-type]
        elif len(threshold) == n:
            threshold = vector(threshold)
        else:
            raise ValueError(
                "Minimum significant parameter change must be a scalar or have "
                f"length {n}, got {len(threshold)}."
            )
        if np.any(threshold < 0):
            raise ValueError("Minimum significant parameter change cannot be negative.")
        self._xtol = (iterations, threshold)

    def parameter_tolerance(self) -> tuple[int | None, FloatArray | None]:
        """``(iterations, thresholds)``, or ``(None, None)`` if disabled."""
        return self._xtol

    def set_threshold(self, threshold: float | None) -> None:
        """Stop once the minimised score falls below ``threshold`` (``None``
        disables this; the default).

        When maximising a log-pdf the minimised score is ``-log_pdf``, as in
        PINTS.
        """
        self._threshold = None if threshold is None else float(threshold)

    def threshold(self) -> float | None:
        """The score threshold, or ``None``."""
        return self._threshold

    def set_max_time(self, seconds: float | None = None) -> None:
        """Stop once ``seconds`` of wall-clock time have passed (checked after
        each iteration; ``None`` disables this, the default)."""
        if seconds is not None:
            seconds = float(seconds)
            if not seconds >= 0:
                raise ValueError(
                    f"Maximum time must be zero or more seconds; got {seconds}."
                )
        self._max_time = seconds

    def max_time(self) -> float | None:
        """The wall-clock budget in seconds, or ``None``."""
        return self._max_time

    def stopping_criteria(self) -> StoppingCriteria:
        """Fresh rules for the current settings, in PINTS's order of
        precedence with the time budget last.

        Raises
        ------
        ValueError
            If no criterion is set.
        """
        rules: list[StoppingRule] = []
        if self._max_iterations is not None:
            rules.append(MaxIterations(self._max_iterations))
        if self._max_evaluations is not None:
            rules.append(MaxEvaluations(self._max_evaluations))
        f_iterations, f_threshold = self._ftol
        if f_iterations is not None and f_threshold is not None:
            rules.append(FunctionTolerance(f_iterations, f_threshold))
        x_iterations, x_threshold = self._xtol
        if x_iterations is not None and x_threshold is not None:
            rules.append(ParameterTolerance(x_iterations, x_threshold))
        if self._threshold is not None:
            rules.append(Threshold(self._threshold))
        if self._max_time is not None:
            rules.append(MaxTime(self._max_time))
        if not rules:
            raise ValueError("At least one stopping criterion must be set.")
        return StoppingCriteria(rules)


def _count(value: Any, what: str) -> int | None:
    """``None`` or ``int(value)``, which must not be negative."""
    if value is None:
        return None
    value = int(value)
    if value < 0:
        raise ValueError(f"Maximum number of {what} cannot be negative.")
    return value
