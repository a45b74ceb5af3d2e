"""What happens when the objective fails: an explicit, counted policy.

A `FailurePolicy` says what to do when the objective raises
(``on_error``) or returns NaN or an infinite value (``on_nan``). The
controller applies it through `FailureHandlingEvaluator`, a wrapper
around any evaluator, which counts every failure for the result object.

The default is PINTS's behaviour: an exception propagates unchanged and a
non-finite value is scored ``+inf`` by the optimiser (with its warning).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .._checks import describe, is_number
from .._typing import FloatArray
from ._evaluators import Evaluator, add_parameters_note

_ON_ERROR = ("raise", "inf", "retry")
_ON_NAN = ("inf", "raise")


class EvaluationError(RuntimeError):
    """The objective failed at a point and the policy says to stop."""


@dataclass(frozen=True)
class FailurePolicy:
    """What to do when the objective raises or returns a non-finite value.

    Parameters
    ----------
    on_error : {'raise', 'inf', 'retry'}
        ``'raise'``: let the exception propagate (with the failing
        parameters added as a note); ``'inf'``: score the point ``+inf``
        (after ``retries`` further attempts); ``'retry'``: try up to
        ``retries`` more times, then raise.
    retries : int
        Further attempts after a failure (default 3 with ``'retry'``, else
        0). Useful for flaky objectives (e.g. a solver that sometimes fails
        to converge, or a remote service).
    on_nan : {'inf', 'raise'}
        ``'inf'``: a NaN or infinite value is scored ``+inf`` (the
        optimiser's rule); ``'raise'``: raise `EvaluationError`
        naming the parameters.
    """

    on_error: str = "raise"
    retries: int = 0
    on_nan: str = "inf"

    @classmethod
    def create(
        cls, on_error: str = "raise", retries: int | None = None, on_nan: str = "inf"
    ) -> FailurePolicy:
        """Validate the arguments of ``set_failure_policy``."""
        if on_error not in _ON_ERROR:
            raise ValueError(f"on_error must be one of {_ON_ERROR}; got {on_error!r}.")
        if on_nan not in _ON_NAN:
            raise ValueError(f"on_nan must be one of {_ON_NAN}; got {on_nan!r}.")
        if retries is None:
            retries = 3 if on_error == "retry" else 0
        retries = int(retries)
        if retries < 0:
            raise ValueError(f"retries cannot be negative; got {retries}.")
        if on_error == "retry" and retries < 1:
            raise ValueError("on_error='retry' needs retries of at least 1.")
        return cls(on_error, retries, on_nan)

    @property
    def is_default(self) -> bool:
        """Whether this is PINTS's behaviour (nothing is wrapped)."""
        return self == FailurePolicy()

    def describe(self) -> str:
        """One line for the log."""
        return (
            f"Failure policy: on_error='{self.on_error}', retries={self.retries}, "
            f"on_nan='{self.on_nan}'."
        )


@dataclass
class FailureCounts:
    """Failures seen in a run.

    Attributes
    ----------
    failed : int
        Evaluations that raised on every attempt and were scored ``+inf``.
    retried : int
        Extra attempts made after an exception.
    non_finite : int
        Values that were NaN or infinite (scored ``+inf``).
    """

    failed: int = 0
    retried: int = 0
    non_finite: int = 0


class GuardedFunction:
    """Calls the objective under a policy; returns ``(value, retries,
    failed)``. Picklable if the objective is, so it runs in workers too."""

    def __init__(self, function: Any, policy: FailurePolicy) -> None:
        self.function = function
        self.policy = policy

    def __call__(self, x: Any, *args: Any) -> tuple[Any, int, bool]:
        attempts = 1 + self.policy.retries
        for attempt in range(attempts):
            try:
                return self.function(x, *args), attempt, False
            except Exception as e:
                if attempt + 1 < attempts:
                    continue
                if self.policy.on_error == "inf":
                    return np.inf, attempt, True
                name_failing_point(e, x)
                raise
        raise AssertionError("unreachable")  # pragma: no cover


class NotingFunction:
    """Calls the objective; an exception propagates unchanged (type and
    message) with the failing parameters added as a note."""

    def __init__(self, function: Any) -> None:
        self.function = function

    def __call__(self, x: Any, *args: Any) -> Any:
        try:
            return self.function(x, *args)
        except Exception as e:
            name_failing_point(e, x)
            raise


class NotingBatchFunction(NotingFunction):
    """A `NotingFunction` for an objective that scores a whole batch with
    ``evaluate_batch(xs)``.

    The batch is scored in one call, as without the wrapper. Only if that
    call raises are the points scored one at a time, to find the first that
    raises on its own; the batch's exception then propagates unchanged with
    that point added as a note (or, if every point scores alone, a note
    saying that the failure is in the batched evaluation).
    """

    def evaluate_batch(self, xs: Any) -> Any:
        try:
            return self.function.evaluate_batch(xs)
        except Exception as e:
            if failing_point(e) is None:
                self._find_failing_point(e, xs)
            raise

    def _find_failing_point(self, e: Exception, xs: Any) -> None:
        points = np.asarray(xs, dtype=float)
        for x in points:
            try:
                self.function(x)
            except Exception:
                name_failing_point(e, x)
                return
        if hasattr(e, "add_note"):  # Python >= 3.11
            e.add_note(
                f"Scoring the batch of {len(points)} points raised, but each point "
                "scores without error on its own: the failure is in the batched "
                "evaluation (evaluate_batch, or the model's simulate_batch)."
            )


#: The attribute holding the failing point on an exception raised while
#: scoring it (a copy of the point, as the function was given it).
_POINT_ATTRIBUTE = "paramfit_failing_parameters"
_NOTE_PREFIX = "Failing parameters: "
_POOL_MESSAGE = re.compile(r"^Failed at position \d+: (\[.*\])$", re.M)


def name_failing_point(e: BaseException, x: Any) -> None:
    """Name the point ``x`` in the exception ``e`` raised while scoring it:
    a note (read by people, in the traceback) and an attribute (read by
    `failing_point()`)."""
    add_parameters_note(e, x)
    try:
        setattr(e, _POINT_ATTRIBUTE, np.array(x, dtype=float))
    except (AttributeError, TypeError, ValueError):
        pass  # an exception type without attributes, or a non-numeric point


def failing_point(e: BaseException) -> FloatArray | None:
    """The point whose scoring raised ``e``, if paramfit named it (shape
    ``(n_parameters,)``, as the scored function was given it), else
    ``None``.

    Reads what `name_failing_point()` stored, else the note of an
    evaluator that names points (executors, Dask) or the message of the
    process pool's exception.
    """
    point = getattr(e, _POINT_ATTRIBUTE, None)
    if point is not None:
        return np.asarray(point, dtype=float)
    texts = [
        n[len(_NOTE_PREFIX) :]
        for n in getattr(e, "__notes__", ()) or ()
        if isinstance(n, str) and n.startswith(_NOTE_PREFIX)
    ]
    texts += _POOL_MESSAGE.findall(str(e))
    for text in texts:
        try:
            values = np.asarray(json.loads(text), dtype=float)
        except (ValueError, TypeError):
            continue
        if values.ndim == 1:
            return values
    return None


class FailureHandlingEvaluator(Evaluator):
    """Applies a `FailurePolicy` around another evaluator and counts
    failures in `counts`.

    Parameters
    ----------
    evaluator : Evaluator
        Evaluates the (guarded) function; build it with
        `wrap_function()` applied to the objective.
    policy : FailurePolicy
        The policy.
    counts : FailureCounts, optional
        Where to count (e.g. restored from a checkpoint).
    sensitivities : bool
        Whether the objective returns ``(f, df)`` pairs; a failed point then
        gets ``(inf, zeros)``.
    """

    def __init__(
        self,
        evaluator: Evaluator,
        policy: FailurePolicy,
        counts: FailureCounts | None = None,
        sensitivities: bool = False,
    ) -> None:
        self._inner = evaluator
        self._sensitivities = sensitivities
        self._policy = policy
        # Exactly the policies under which wrap_function() guards the function.
        self._guarded = policy.on_error != "raise"
        self.counts = FailureCounts() if counts is None else counts

    @staticmethod
    def wrap_function(function: Any, policy: FailurePolicy) -> Any:
        """The function to give the inner evaluator: guarded by the policy,
        or (``on_error='raise'``) noting the failing parameters on an
        exception."""
        if policy.on_error == "raise":
            # A vectorised function keeps its one call per batch: the
            # wrapper looks for the failing point only once a batch raised.
            if hasattr(function, "evaluate_batch"):
                return NotingBatchFunction(function)
            return NotingFunction(function)
        return GuardedFunction(function, policy)

    @property
    def inner(self) -> Evaluator:
        """The wrapped evaluator."""
        return self._inner

    def evaluate(self, positions: Sequence[Any]) -> list[Any]:
        return self._evaluate(positions)

    def _evaluate(self, positions: Sequence[Any]) -> list[Any]:
        values = self._inner.evaluate(positions)
        if self._guarded:
            self.counts.retried += sum(v[1] for v in values)
            self.counts.failed += sum(v[2] for v in values)
            values = [
                self._failed_value(positions[i]) if v[2] else v[0]
                for i, v in enumerate(values)
            ]
        self._check_finite(values, positions)
        return values

    def _failed_value(self, x: Any) -> Any:
        if self._sensitivities:
            return (np.inf, np.zeros(len(x)))
        return np.inf

    def _check_finite(self, values: list[Any], positions: Sequence[Any]) -> None:
        if not values:
            return
        first = values[0]
        fs = [v[0] for v in values] if isinstance(first, tuple) else values
        try:
            if all(map(math.isfinite, fs)):  # the common case, without numpy
                return
        except TypeError:
            pass  # e.g. arrays of shape (1,): let numpy decide
        _check_numbers(fs, positions)
        finite = np.isfinite(np.asarray(fs, dtype=float).reshape(len(fs)))
        if finite.all():
            return
        bad = np.flatnonzero(~finite)
        self.counts.non_finite += len(bad)
        if self._policy.on_nan == "raise":
            k = int(bad[0])
            raise EvaluationError(
                f"The objective returned {fs[k]} at parameters "
                f"{np.asarray(positions[k]).tolist()}."
            )


def _check_numbers(values: list[Any], positions: Sequence[Any]) -> None:
    """A ``TypeError`` naming the point if the function returned something
    that is not a number (``None``, a string, ...) there: a bug in the
    function, which must not pass as a failed (NaN) evaluation."""
    for k, f in enumerate(values):
        if is_number(f):
            continue
        a = np.asarray(f) if isinstance(f, np.ndarray) else None
        if a is not None and a.size == 1 and a.dtype.kind in "biuf":
            continue  # e.g. an array of shape (1,)
        raise TypeError(
            f"The function returned {describe(f)} at parameters "
            f"{np.asarray(positions[k]).tolist()}; it must return a number."
        )
