"""What every controller shares: how a run is shown, where its points are
scored, how it is checkpointed and what happens when the function fails.

`Controller` owns these settings and nothing else; a concrete controller
(optimisation today; MCMC, nested sampling and ABC next) adds its method,
its stopping settings and its ``run()``, which composes the parts of
``paramfit.runs`` around the shared `Run` loop.
"""

from __future__ import annotations

import sys
from typing import Any, TypeVar, cast

from .._checks import count, flag, real
from .._checks import path as checked_path
from .._typing import FloatArray, PathLike
from ..evaluation._evaluators import Evaluator, ParallelEvaluator, SequentialEvaluator
from ..evaluation._failure import FailureHandlingEvaluator, FailurePolicy
from ..evaluation._workers import workers
from ._checkpoint import (
    Checkpointer,
    CheckpointError,
    CheckpointSettings,
    check_fingerprint,
    fingerprint,
    read_checkpoint,
)
from ._objective import EvaluatorFactory, Function, Objective
from ._reporting import LogSettings, Reporter

_C = TypeVar("_C", bound="Controller")


class Controller:
    """Settings shared by all controllers (a base class).

    Parameters
    ----------
    objective : Objective
        The function of the run, its transformation and failure policy.
    """

    def __init__(self, objective: Objective) -> None:
        self._objective = objective
        self._log = LogSettings()
        self._parallel = False
        self._n_workers = 1
        self._custom_evaluator: Evaluator | None = None
        self._checkpoint: CheckpointSettings | None = None
        self._has_run = False
        #: The run section of the checkpoint being resumed, until run().
        self._resume_state: dict[str, Any] | None = None

    # -- the log ----------------------------------------------------------------
    def set_log_to_screen(self, enabled: bool) -> None:
        """Enable or disable the screen log."""
        self._log.screen = flag(enabled, "enabled")

    def set_log_to_file(
        self, filename: PathLike | None = None, csv: bool = False
    ) -> None:
        """Log to ``filename`` (a falsy name disables this), as text laid out
        like the screen log (all columns) or as CSV."""
        self._log.filename = checked_path(filename, "filename") if filename else None
        self._log.csv = flag(csv, "csv") if filename else False

    def set_log_interval(self, iters: int = 20, warm_up: int = 3) -> None:
        """Log every iteration up to ``warm_up``, then every ``iters``."""
        iters = count(iters, "iters", message="Interval must be greater than zero.")
        # PINTS reads a negative warm-up as none.
        warm_up = count(warm_up, "warm_up", minimum=-sys.maxsize)
        self._log.interval, self._log.warm_up = iters, max(0, warm_up)

    def set_progress(self, enabled: bool = True) -> None:
        """Show a progress bar on stderr (needs ``tqdm``: ``pip install
        paramfit[progress]``).

        The log is unchanged; for a tidy terminal, switch the screen log off
        with ``set_log_to_screen(False)``.
        """
        enabled = flag(enabled, "enabled")
        if enabled:
            Reporter.check_progress_available()
        self._log.progress = enabled

    def progress(self) -> bool:
        """Whether a progress bar is shown."""
        return self._log.progress

    # -- where points are scored ------------------------------------------------
    def set_parallel(self, parallel: bool | int | Evaluator = False) -> None:
        """Evaluate on ``parallel`` worker processes (``True``: one per core;
        ``False`` or ``0``: in this process), or with an evaluator instance
        (as `set_evaluator()`)."""
        self._custom_evaluator = None
        if isinstance(parallel, Evaluator):
            self._parallel, self._n_workers = False, 1
            self.set_evaluator(parallel)
            return
        n_workers = workers(parallel, "parallel")
        if n_workers:
            self._parallel, self._n_workers = True, n_workers
        else:
            self._parallel, self._n_workers = False, 1

    def parallel(self) -> int | bool:
        """The number of worker processes, or ``False``."""
        return self._n_workers if self._parallel else False

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

    def evaluator(self) -> Evaluator | None:
        """The evaluator set with `set_evaluator()`, or ``None``."""
        return self._custom_evaluator

    def _evaluator_factory(self, n_workers: int) -> EvaluatorFactory:
        """How this run's evaluator is built from the function it scores."""
        if self._custom_evaluator is not None:
            return self._custom_evaluator.for_function
        if self._parallel:
            return lambda f: ParallelEvaluator(f, n_workers=n_workers)
        return SequentialEvaluator

    def _evaluator_label(self, n_workers: int) -> int | str | None:
        """For the log header: the custom evaluator's class name, the number
        of worker processes, or ``None`` (sequential)."""
        if self._custom_evaluator is not None:
            return type(self._custom_evaluator).__name__
        return n_workers if self._parallel else None

    def _close(self, evaluator: FailureHandlingEvaluator) -> None:
        """Release the workers or scattered data of the run's evaluator,
        which is the controller's own (a copy of any template given; the
        template itself stays open)."""
        close = getattr(evaluator.inner, "close", None)
        if close is not None and evaluator.inner is not self._custom_evaluator:
            close()

    # -- failures -----------------------------------------------------------------
    def set_failure_policy(
        self, on_error: str = "raise", retries: int | None = None, on_nan: str = "inf"
    ) -> None:
        """Choose what happens when the objective raises or returns NaN or
        infinity; see `FailurePolicy`. Failures are counted in the
        result (``failed_evaluations``, ``retried_evaluations``,
        ``non_finite_evaluations``)."""
        self._objective.policy = FailurePolicy.create(on_error, retries, on_nan)

    def failure_policy(self) -> FailurePolicy:
        """The failure policy."""
        return self._objective.policy

    def _print_failure_policy(self) -> None:
        if not self._objective.policy.is_default:
            self._say(self._objective.policy.describe())

    def _say(self, line: str) -> None:
        """Print ``line`` with the screen log (if it is on)."""
        if self._log.screen:
            print(line)

    # -- checkpoints --------------------------------------------------------------
    def set_checkpoint(
        self,
        path: PathLike | None,
        every: int | None = None,
        seconds: float | None = None,
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
        previous checkpoint. Continue with the controller's ``resume()``.
        The callback and a custom evaluator are not saved: set them again on
        the resumed controller.
        """
        if path is None:
            self._checkpoint = None
            return
        path = checked_path(path, "path")
        if every is not None:
            every = count(every, "every")
        if seconds is not None:
            seconds = real(seconds, "seconds", non_negative=True, finite=False)
        self._checkpoint = CheckpointSettings.create(path, every, seconds)

    def checkpoint(self) -> tuple[str, int | None, float | None] | None:
        """``(path, every, seconds)``, or ``None`` if not checkpointing."""
        c = self._checkpoint
        return None if c is None else (c.path, c.every, c.seconds)

    def _checkpointer(self, method: object, x0: FloatArray) -> Checkpointer | None:
        if self._checkpoint is None:
            return None
        stamp = fingerprint(self._objective.function, method, x0)
        return Checkpointer(self._checkpoint, stamp)

    def _settings(self) -> dict[str, Any]:
        """The settings a checkpoint saves (a declared set: anything else on
        the controller is not saved)."""
        return {
            "transformation": self._objective.transformation,
            "failure_policy": self._objective.policy,
            "log": self._log,
            "parallel": (self._parallel, self._n_workers),
            "checkpoint": self._checkpoint,
        }

    def _restore_settings(self, settings: dict[str, Any], function: Function) -> None:
        """Set up a controller made by `resume()` from `_settings()`."""
        self._objective = Objective(
            function, settings["transformation"], settings["failure_policy"]
        )
        self._restore_shared(settings)

    def _restore_shared(self, settings: dict[str, Any]) -> None:
        """Restore the settings every controller has (see `_settings()`)."""
        self._log = settings["log"]
        self._parallel, self._n_workers = settings["parallel"]
        self._custom_evaluator = None
        self._checkpoint = settings["checkpoint"]
        self._has_run = False

    @classmethod
    def resume(
        cls: type[_C],
        path: PathLike,
        function: Function,
        method: type | None = None,
        *,
        check_function: bool = True,
    ) -> _C:
        """A controller continuing the run saved at ``path`` (see
        `set_checkpoint()`); call ``run()`` to finish it.

        Parameters
        ----------
        path : str or path-like
            The checkpoint file.
        function : ErrorMeasure or LogPDF
            The function of the interrupted run (not saved in the file).
        method : type, optional
            If given, must be the method class of the saved run.
        check_function : bool
            Compare ``function``'s pickled bytes with the saved fingerprint.

        Returns
        -------
        Controller
            With the settings, method and progress of the saved run; the
            callback and custom evaluator must be set again.

        Raises
        ------
        CheckpointError
            If the file is corrupt or was written for another problem or
            method.
        """
        payload = read_checkpoint(path)
        stored = payload.get("fingerprint")
        if not isinstance(stored, dict) or "settings" not in payload:
            raise CheckpointError(f"{path!r} does not hold an optimisation checkpoint.")
        checked = cls._fingerprinted(function)
        check_fingerprint(stored, checked, method, str(path), check_function)
        controller = object.__new__(cls)
        # The run's state first: a controller may restore settings from it.
        controller._resume_state = payload["run"]
        controller._restore_settings(payload["settings"], function)
        return controller

    @staticmethod
    def _fingerprinted(function: Any) -> Function:
        """The function a checkpoint's fingerprint identifies."""
        return cast(Function, function)

    def _start(self) -> dict[str, Any] | None:
        """Mark the controller as used; return the saved run to resume, if
        any."""
        if self._has_run:
            raise RuntimeError("Controller is valid for single use only")
        self._has_run = True
        resume, self._resume_state = self._resume_state, None
        return resume
