"""What a run of an optimiser tracks: the scores it shows and stops on
after each iteration, and the result it leaves."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import NamedTuple

from .._util import strfloat
from ..evaluation._failure import FailureCounts, failing_point
from ..optimisers import Optimiser
from ._objective import Objective
from ._reporting import Reporter
from ._result import OptimisationResult, TraceRecorder
from ._stopping import RunState, Stop, StopReason


class OptimiserMonitor:
    """Looks at the optimiser after each iteration: the tracked score for
    the stopping rules, the scores shown in the log and the trace, and the
    optimiser's own request to stop."""

    def __init__(
        self,
        optimiser: Optimiser,
        shown: Callable[[float], float],
        guessed: bool,
        reporter: Reporter,
        trace: TraceRecorder,
    ) -> None:
        self._optimiser = optimiser
        self._shown = shown
        self._guessed = guessed
        self._reporter = reporter
        self._trace = trace

    def record(self, told: object) -> bool:
        return True  # every ask/tell of an optimiser is an iteration

    def observe(self, state: RunState) -> None:
        opt = self._optimiser
        fb, fg = opt.f_best(), opt.f_guessed()
        state.f = fg if self._guessed else fb
        best, current = self._shown(fb), self._shown(fg)
        self._reporter.iteration(state, best, current)
        self._trace.record(
            state.iteration, state.evaluations, best, current, state.elapsed
        )

    def halt(self) -> Stop | None:
        message = self._optimiser.stop()
        return Stop(StopReason.OPTIMISER, str(message)) if message else None


class RunSummary(NamedTuple):
    """How a run went: counts, time, why it stopped, failures."""

    iterations: int
    evaluations: int
    time: float
    stop: Stop
    failures: FailureCounts


def optimisation_result(
    optimiser: Optimiser,
    objective: Objective,
    guessed: bool,
    run: RunSummary,
    trace: TraceRecorder,
) -> OptimisationResult:
    """The result of a finished run, in model space and with scores as users
    see them; ``x`` and ``f`` are the guessed ones if ``guessed``."""
    x_guessed = objective.to_model(optimiser.x_guessed())
    f_guessed = objective.shown(optimiser.f_guessed())
    if guessed:
        x, f = x_guessed, f_guessed
    else:
        x = objective.to_model(optimiser.x_best())
        f = objective.shown(optimiser.f_best())
    return OptimisationResult(
        x=x,
        f=f,
        x_guessed=x_guessed,
        f_guessed=f_guessed,
        iterations=run.iterations,
        evaluations=run.evaluations,
        time=run.time,
        stop_reason=run.stop.reason,
        message=run.stop.message,
        trace=trace.trace(),
        failed_evaluations=run.failures.failed,
        retried_evaluations=run.failures.retried,
        non_finite_evaluations=run.failures.non_finite,
    )


def print_failing_point(error: BaseException, objective: Objective) -> None:
    """After PINTS's "Unexpected termination" block (which shows the
    optimiser's current position, as PINTS does), show the point whose
    scoring raised ``error``, in model space, if it is known (and, with a
    transformation, add that point to the exception's notes).

    It goes to stderr, beside the traceback it explains, so the block on
    stdout stays PINTS's line for line.
    """
    x = failing_point(error)
    if x is None:
        return
    if objective.transformation is not None:
        try:
            x = objective.to_model(x)
        except Exception:  # e.g. outside the transformation's domain
            return
        if hasattr(error, "add_note"):  # the note names the search space's point
            error.add_note(f"Failing parameters in model space: {x.tolist()}")
    sys.stdout.flush()  # keep the block and these lines in order
    lines = ["Failing position (the function raised the error below here):"]
    lines += [strfloat(v) for v in x]
    print("\n".join(lines) + "\n" + "-" * 40, file=sys.stderr, flush=True)
