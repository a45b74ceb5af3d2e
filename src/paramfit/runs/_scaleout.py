"""The controller's scale-out settings: custom evaluators, checkpoints and
the failure policy, plus the pieces of a run a checkpoint saves and restores.

`ScaleOutSettings` is a mixin of `OptimisationController`; the
run loop itself stays in ``_controller``.
"""

from __future__ import annotations

from typing import Any, TypeVar

from .._util import Timer
from ..evaluation._evaluators import Evaluator
from ..evaluation._failure import FailureCounts, FailurePolicy
from ..problems._error_measures import ProbabilityBasedError
from ..problems._log_pdfs import LogPDF
from ._checkpoint import (
    Checkpointer,
    CheckpointError,
    CheckpointSettings,
    ResumedTimer,
    check_fingerprint,
    fingerprint,
    read_checkpoint,
)
from ._reporting import Reporter
from ._result import TraceRecorder
from ._stopping import RunState, StoppingCriteria

#: Controller attributes not saved in a checkpoint: the function (given again
#: to ``resume``), what may not pickle (callback, evaluator) and run flags.
_NOT_SAVED = frozenset(
    {
        "_function",
        "_raw_function",
        "_callback",
        "_custom_evaluator",
        "_result",
        "_has_run",
        "_resume_state",
    }
)


_C = TypeVar("_C", bound="ScaleOutSettings")


class ScaleOutSettings:
    """Settings for evaluators, checkpoints and failures (a mixin)."""

    _raw_function: Any
    _function: Any
    _optimiser: Any
    _log_to_screen: bool
    _minimising: bool
    _parallel: bool
    _transformation: Any

    def _init_scale_out(self, function: Any) -> None:
        self._raw_function = function
        self._custom_evaluator: Evaluator | None = None
        self._checkpoint: CheckpointSettings | None = None
        self._failure_policy = FailurePolicy()
        self._resume_state: dict[str, Any] | None = None

    def _attach_function(self, function: Any) -> None:
        """Set the objective minimised internally: ``function`` transformed
        to search space if needed, negated if it is a log-pdf."""
        if isinstance(function, LogPDF) == self._minimising:
            raise ValueError(
                "The function must be of the same kind (error measure or LogPDF)"
                " as the one the run was set up with."
            )
        self._raw_function = function
        if self._transformation is not None:
            if self._minimising:
                function = self._transformation.convert_error_measure(function)
            else:
                function = self._transformation.convert_log_pdf(function)
        self._function = (
            function if self._minimising else ProbabilityBasedError(function)
        )

    @classmethod
    def resume(
        cls: type[_C],
        path: Any,
        function: Any,
        method: type | None = None,
        *,
        check_function: bool = True,
    ) -> _C:
        """A controller continuing the run saved at ``path`` (see
        `set_checkpoint()`); call `run()` to finish it.

        Parameters
        ----------
        path : str or path-like
            The checkpoint file.
        function : ErrorMeasure or LogPDF
            The function of the interrupted run (not saved in the file).
        method : type, optional
            If given, must be the optimiser class of the saved run.
        check_function : bool
            Compare ``function``'s pickled bytes with the saved fingerprint.

        Returns
        -------
        OptimisationController
            With the settings, optimiser and progress of the saved run; the
            callback and custom evaluator must be set again.

        Raises
        ------
        CheckpointError
            If the file is corrupt or was written for another problem or
            optimiser.
        """
        controller: _C = load_for_resume(cls, path, function, method, check_function)
        return controller

    # -- evaluators ----------------------------------------------------------
    def set_evaluator(self, evaluator: Evaluator | None) -> None:
        """Evaluate with ``evaluator`` (e.g. an `ExecutorEvaluator` or
        `DaskEvaluator`); ``None`` goes back to the default.

        The evaluator is used as a template: the controller calls its
        ``for_function`` with the objective it actually minimises (which may
        be transformed or negated), keeping its executor, client or workers.
        Evaluators passed here are not closed by the controller.
        """
        if evaluator is not None and not isinstance(evaluator, Evaluator):
            raise TypeError(
                "evaluator must be a paramfit Evaluator or None; got "
                f"{type(evaluator).__name__}."
            )
        self._custom_evaluator = evaluator

    def _evaluator_label(self, n_workers: int) -> int | str | None:
        """For the log header: the custom evaluator's class name, the number
        of worker processes, or ``None`` (sequential)."""
        if self._custom_evaluator is not None:
            return type(self._custom_evaluator).__name__
        return n_workers if self._parallel else None

    def evaluator(self) -> Evaluator | None:
        """The evaluator set with `set_evaluator()`, or ``None``."""
        return self._custom_evaluator

    # -- checkpoints -----------------------------------------------------------
    def set_checkpoint(
        self, path: Any, every: int | None = None, seconds: float | None = None
    ) -> None:
        """Save the run's whole state to ``path`` during `run()`.

        Parameters
        ----------
        path : str or path-like or None
            The checkpoint file (its directory must exist); ``None``
            disables checkpoints.
        every : int, optional
            Save after every ``every``-th iteration.
        seconds : float, optional
            Save when ``seconds`` have passed since the last save. With
            neither ``every`` nor ``seconds``, every iteration is saved.

        Notes
        -----
        Files are replaced atomically: a crash while saving leaves the
        previous checkpoint. Continue with
        `OptimisationController.resume()`. The callback and a custom
        evaluator are not saved: set them again on the resumed controller.
        """
        if path is None:
            self._checkpoint = None
            return
        self._checkpoint = CheckpointSettings.create(path, every, seconds)

    def checkpoint(self) -> tuple[str, int | None, float | None] | None:
        """``(path, every, seconds)``, or ``None`` if not checkpointing."""
        c = self._checkpoint
        return None if c is None else (c.path, c.every, c.seconds)

    # -- failures --------------------------------------------------------------
    def set_failure_policy(
        self, on_error: str = "raise", retries: int | None = None, on_nan: str = "inf"
    ) -> None:
        """Choose what happens when the objective raises or returns NaN or
        infinity; see `FailurePolicy`. Failures are counted in the
        result (``failed_evaluations``, ``retried_evaluations``,
        ``non_finite_evaluations``)."""
        self._failure_policy = FailurePolicy.create(on_error, retries, on_nan)

    def failure_policy(self) -> FailurePolicy:
        """The failure policy."""
        return self._failure_policy

    # -- saving and restoring a run ------------------------------------------
    def _checkpointer(self) -> Checkpointer | None:
        if self._checkpoint is None:
            return None
        stamp = fingerprint(self._raw_function, self._optimiser)
        return Checkpointer(self._checkpoint, stamp)

    def _snapshot(self, run: dict[str, Any]) -> dict[str, Any]:
        settings = {k: v for k, v in vars(self).items() if k not in _NOT_SAVED}
        return {"settings": settings, "run": run}

    def _print_policy(self) -> None:
        if self._log_to_screen and not self._failure_policy.is_default:
            print(self._failure_policy.describe())


def run_snapshot(
    state: RunState,
    criteria: StoppingCriteria,
    reporter: Reporter,
    trace: TraceRecorder,
    counts: FailureCounts,
) -> dict[str, Any]:
    """The progress of a run after an iteration, for a checkpoint."""
    return {
        "iteration": state.iteration,
        "evaluations": state.evaluations,
        "f": state.f,
        "elapsed": state.elapsed,
        "criteria": criteria,
        "reporter": reporter.snapshot(),
        "trace": trace.values(),
        "failures": counts,
    }


#: What a stopping rule remembers of a run (the rest are its settings).
_RULE_HISTORY = ("unchanged", "_f_sig", "_x_sig")


def restore_run(
    run: dict[str, Any],
    state: RunState,
    reporter: Reporter,
    criteria: StoppingCriteria,
) -> tuple[TraceRecorder, Timer, FailureCounts]:
    """Put a saved run's progress back into ``state``, ``reporter`` and the
    current stopping rules (settings changed after resuming are honoured);
    return the trace, a timer continuing from the saved elapsed time, and
    the failure counts."""
    saved = {type(rule): rule for rule in run["criteria"].rules}
    for rule in criteria.rules:
        old = saved.get(type(rule))
        if old is not None:
            for name in _RULE_HISTORY:
                if hasattr(old, name):
                    setattr(rule, name, getattr(old, name))
    state.iteration = run["iteration"]
    state.evaluations = run["evaluations"]
    state.f = run["f"]
    state.elapsed = run["elapsed"]
    reporter.restore(state.iteration, *run["reporter"])
    trace = TraceRecorder.from_values(run["trace"])
    return trace, ResumedTimer(run["elapsed"]), run["failures"]


def load_for_resume(
    cls: type[Any], path: Any, function: Any, method: type | None, check_function: bool
) -> Any:
    """A controller of class ``cls`` rebuilt from the checkpoint at
    ``path``, ready to continue the run with ``function``."""
    payload = read_checkpoint(path)
    stored = payload.get("fingerprint")
    if not isinstance(stored, dict) or "settings" not in payload:
        raise CheckpointError(f"{path!r} does not hold an optimisation checkpoint.")
    check_fingerprint(stored, function, method, str(path), check_function)
    controller: Any = object.__new__(cls)
    controller.__dict__.update(payload["settings"])
    controller._attach_function(function)
    controller._callback = None
    controller._custom_evaluator = None
    controller._result = None
    controller._has_run = False
    controller._resume_state = payload["run"]
    return controller
