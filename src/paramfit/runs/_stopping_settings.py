"""The stopping settings of the optimisation controller: PINTS's setters and
getters, and the `StoppingCriteria` they describe."""

from __future__ import annotations

import numpy as np

from .._checks import count, describe, is_number, real, vector
from .._typing import ArrayLike, FloatArray
from ._stopping import (
    FunctionTolerance,
    MaxEvaluations,
    MaxIterations,
    MaxTime,
    ParameterTolerance,
    StoppingCriteria,
    StoppingRule,
    Threshold,
)


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
        threshold = real(
            threshold,
            "threshold",
            non_negative=True,
            message="Minimum significant function change cannot be negative.",
        )
        self._ftol = (iterations, threshold)

    def function_tolerance(self) -> tuple[int | None, float | None]:
        """``(iterations, threshold)``, or ``(None, None)`` if disabled."""
        return self._ftol

    def set_parameter_tolerance(
        self, iterations: int | None = 200, threshold: float | ArrayLike = 1e-11
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
        if is_number(threshold):
            thresholds = np.full(n, real(threshold, "threshold"))
        else:
            thresholds = vector(threshold, "threshold")
            if len(thresholds) != n:
                raise ValueError(
                    "Minimum significant parameter change must be a scalar or have "
                    f"length {n}, got {len(thresholds)}."
                )
        if np.any(thresholds < 0):
            raise ValueError("Minimum significant parameter change cannot be negative.")
        self._xtol = (iterations, thresholds)

    def parameter_tolerance(self) -> tuple[int | None, FloatArray | None]:
        """``(iterations, thresholds)``, or ``(None, None)`` if disabled."""
        return self._xtol

    def set_threshold(self, threshold: float | None) -> None:
        """Stop once the minimised score falls below ``threshold`` (``None``
        disables this; the default).

        When maximising a log-pdf the minimised score is ``-log_pdf``, as in
        PINTS.
        """
        self._threshold = (
            None if threshold is None else real(threshold, "threshold", finite=False)
        )

    def threshold(self) -> float | None:
        """The score threshold, or ``None``."""
        return self._threshold

    def set_max_time(self, seconds: float | None = None) -> None:
        """Stop once ``seconds`` of wall-clock time have passed (checked after
        each iteration; ``None`` disables this, the default)."""
        self._max_time = max_time(seconds)

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


def _count(value: int | None, what: str) -> int | None:
    """``None`` or ``value`` as an int, which must not be negative."""
    if value is None:
        return None
    return count(
        value, what, minimum=0, message=f"Maximum number of {what} cannot be negative."
    )


def max_time(seconds: float | None) -> float | None:
    """``None`` or a wall-clock budget in seconds (zero or more; ``inf`` is
    no limit)."""
    if seconds is None:
        return None
    return real(
        seconds,
        "seconds",
        non_negative=True,
        finite=False,
        message=f"Maximum time must be zero or more seconds; got {describe(seconds)}.",
    )
