"""The optimisation controller: runs an ask-and-tell optimiser to the end.

`OptimisationController` only composes. Its `run()` loop asks the
optimiser for points, has an evaluator score them, tells the optimiser,
tracks the run, reports it and asks the stopping rules (``_stopping``)
whether to go on. The screen and file logs are those of PINTS 0.6.1.
"""

from __future__ import annotations

import warnings
from typing import Any, Callable

from .._typing import FloatArray, RngLike
from .._util import Timer, vector
from ..evaluation._evaluators import Evaluator, ParallelEvaluator, SequentialEvaluator
from ..evaluation._failure import FailureCounts, FailureHandlingEvaluator
from ..optimisers import CMAES, Optimiser, PopulationBasedOptimiser
from ..problems._log_pdfs import LogPDF
from ._reporting import Reporter, print_unexpected_termination
from ._result import OptimisationResult, TraceRecorder
from ._scaleout import ScaleOutSettings, restore_run, run_snapshot
from ._stopping import (
    RunState,
    Stop,
    StoppingCriteria,
    StoppingSettings,
    StopReason,
)


class OptimisationController(StoppingSettings, ScaleOutSettings):
    """Finds the parameters that minimise an error measure or maximise a
    `LogPDF`.

    Parameters
    ----------
    function : ErrorMeasure or LogPDF
        The function to optimise: a `LogPDF` is maximised, anything
        else (any callable with ``n_parameters()``) is minimised.
    x0 : array_like, shape (n_parameters,)
        Starting point (arrays of shape ``(1, n)`` are accepted).
    sigma0 : float or array_like, shape (n_parameters,), optional
        Initial standard deviation(s) of the search, see `Optimiser`.
    boundaries : Boundaries, optional
        Region the search must stay inside.
    transformation : Transformation, optional
        The optimiser searches in the transformed space; positions shown or
        returned are mapped back to model space.
    method : type, optional
        The `Optimiser` subclass to use (default: CMA-ES).
    rng : int, numpy.random.Generator or None, optional
        Random generator or seed for the optimiser (keyword only; beyond
        PINTS). ``None`` seeds it from NumPy's global state, as PINTS scripts
        expect; deterministic methods (Nelder-Mead, gradient methods) ignore
        it.

    Raises
    ------
    ValueError
        If ``x0`` and ``function`` differ in dimension, or ``method`` is not
        an `Optimiser` subclass.

    Examples
    --------
    >>> controller = OptimisationController(error, x0, method=XNES)  # doctest: +SKIP
    >>> controller.set_max_iterations(500)  # doctest: +SKIP
    >>> x, f = controller.run()  # doctest: +SKIP
    >>> controller.result().stop_reason  # doctest: +SKIP
    <StopReason.MAX_ITERATIONS: 'max_iterations'>
    """

    def __init__(
        self,
        function: Any,
        x0: Any,
        sigma0: Any = None,
        boundaries: Any = None,
        transformation: Any = None,
        method: type[Optimiser] | None = None,
        *,
        rng: RngLike = None,
    ) -> None:
        x0 = vector(x0)
        if function.n_parameters() != len(x0):
            raise ValueError(
                "Starting point must have same dimension as function to optimise."
            )
        self._init_scale_out(function)
        self._minimising = not isinstance(function, LogPDF)
        if transformation is not None:
            x0 = transformation.to_search(x0)
            if sigma0 is not None:
                sigma0 = transformation.convert_standard_deviation(sigma0, x0)
            if boundaries:
                boundaries = transformation.convert_boundaries(boundaries)
        self._transformation = transformation
        self._attach_function(function)
        if method is None:
            method = CMAES
        elif not issubclass(method, Optimiser):
            raise ValueError("Method must be subclass of pints.Optimiser.")
        if rng is not None and method._uses_rng:
            self._optimiser = method(x0, sigma0, boundaries, rng=rng)
        else:
            self._optimiser = method(x0, sigma0, boundaries)
        super().__init__(self._function.n_parameters())

        self._use_f_guessed = False
        self._log_to_screen = True
        self._log_filename: str | None = None
        self._log_csv = False
        self._log_interval, self._log_warm_up = 20, 3
        self._parallel = False
        self._n_workers = 1
        self._callback: Callable[[int, Optimiser], Any] | None = None
        self._progress = False
        self._has_run = False
        self._result: OptimisationResult | None = None

    # -- running and reporting ---------------------------------------------
    def optimiser(self) -> Optimiser:
        """The optimiser, for detailed configuration."""
        return self._optimiser

    def set_parallel(self, parallel: bool | int | Evaluator = False) -> None:
        """Evaluate on ``parallel`` worker processes (``True``: one per core;
        ``False`` or ``0``: in this process), or with an evaluator instance
        (as `set_evaluator()`)."""
        self._custom_evaluator = None
        if isinstance(parallel, Evaluator):
            self._parallel, self._n_workers = False, 1
            self.set_evaluator(parallel)
            return
        if parallel is True:
            self._parallel, self._n_workers = True, ParallelEvaluator.cpu_count()
        elif parallel >= 1:
            self._parallel, self._n_workers = True, int(parallel)
        else:
            self._parallel, self._n_workers = False, 1

    def parallel(self) -> int | bool:
        """The number of worker processes, or ``False``."""
        return self._n_workers if self._parallel else False

    def set_callback(self, cb: Callable[[int, Optimiser], Any] | None = None) -> None:
        """Call ``cb(iteration, optimiser)`` after each iteration (0-based),
        unless the optimiser asked to stop."""
        if cb is not None and not callable(cb):
            raise ValueError("The argument cb must be None or a callable.")
        self._callback = cb

    def set_f_guessed_tracking(self, use_f_guessed: bool = False) -> None:
        """Track (for stopping and the result) the optimiser's guessed score
        and position instead of the best ones seen."""
        self._use_f_guessed = bool(use_f_guessed)

    def f_guessed_tracking(self) -> bool:
        """Whether the guessed score is tracked instead of the best."""
        return self._use_f_guessed

    def set_log_to_screen(self, enabled: bool) -> None:
        """Enable or disable the screen log."""
        self._log_to_screen = bool(enabled)

    def set_log_to_file(self, filename: Any = None, csv: bool = False) -> None:
        """Log to ``filename`` (a falsy name disables this), as text laid out
        like the screen log (all columns) or as CSV."""
        self._log_filename = str(filename) if filename else None
        self._log_csv = bool(csv) if filename else False

    def set_log_interval(self, iters: int = 20, warm_up: int = 3) -> None:
        """Log every iteration up to ``warm_up``, then every ``iters``."""
        iters = int(iters)
        if iters < 1:
            raise ValueError("Interval must be greater than zero.")
        self._log_interval, self._log_warm_up = iters, max(0, int(warm_up))

    def set_progress(self, enabled: bool = True) -> None:
        """Show a progress bar on stderr (needs ``tqdm``: ``pip install
        paramfit[progress]``).

        The log is unchanged; for a tidy terminal, switch the screen log off
        with ``set_log_to_screen(False)``.
        """
        if enabled:
            Reporter.check_progress_available()
        self._progress = bool(enabled)

    def progress(self) -> bool:
        """Whether a progress bar is shown."""
        return self._progress

    def run(self) -> tuple[FloatArray, float]:
        """Run the optimisation; return ``(x, f)``, best or guessed.

        Returns
        -------
        x : ndarray, shape (n_parameters,)
            The position found, in model space.
        f : float
            Its score (a log-pdf value when maximising).

        Raises
        ------
        RuntimeError
            If the controller has run before.
        ValueError
            If no stopping criterion is set.
        """
        if self._has_run:
            raise RuntimeError("Controller is valid for single use only")
        self._has_run = True
        criteria = self.stopping_criteria()
        resume, self._resume_state = self._resume_state, None
        n_workers = self._resolve_population_size()
        reporter = self._reporter(n_workers)
        self._print_policy()
        state = RunState(self._tracked_position())
        trace, timer, counts = TraceRecorder(), Timer(), FailureCounts()
        if resume is not None:
            trace, timer, counts = restore_run(resume, state, reporter, criteria)
            if self._log_to_screen:
                print(f"Resuming from a checkpoint after {state.iteration} iterations.")
        evaluator = self._evaluator(n_workers, counts)
        try:
            stop = self._iterate(evaluator, criteria, state, reporter, trace, timer)
        except BaseException:
            reporter.close()
            x = self._to_model(self._optimiser.x_guessed())
            print_unexpected_termination(reporter.current, x)
            raise
        finally:
            # The inner evaluator is the controller's own (a copy of any
            # template given): release its workers or scattered data.
            close = getattr(evaluator.inner, "close", None)
            if close is not None and evaluator.inner is not self._custom_evaluator:
                close()
        time = timer.time()
        reporter.finish(state, time, stop.message, self._optimiser)
        return self._finish(state, stop, trace, time, evaluator.counts)

    def _iterate(
        self,
        evaluator: FailureHandlingEvaluator,
        criteria: StoppingCriteria,
        state: RunState,
        reporter: Reporter,
        trace: TraceRecorder,
        timer: Timer,
    ) -> Stop:
        """The loop: ask, evaluate, tell, track, report, stop?"""
        opt = self._optimiser
        checkpointer = self._checkpointer()
        progress = (state, criteria, reporter, trace, evaluator.counts)
        if checkpointer is not None and state.iteration == 0:
            # So that a run interrupted in its first iteration can resume.
            checkpointer.save(self._snapshot(run_snapshot(*progress)))
        while True:
            xs = opt.ask()
            fs = evaluator.evaluate(xs)
            opt.tell(fs)
            fb, fg = opt.f_best(), opt.f_guessed()
            best, current = (fb, fg) if self._minimising else (-fb, -fg)
            state.f = fg if self._use_f_guessed else fb
            state.evaluations += len(fs)
            state.iteration += 1
            state.elapsed = elapsed = timer.time()
            reporter.iteration(state, best, current, elapsed, opt)
            trace.record(state.iteration, state.evaluations, best, current, elapsed)
            criteria.update(state)
            stop = criteria.check(state)
            error = opt.stop()
            if error:
                return Stop(StopReason.OPTIMISER, str(error))
            if self._callback is not None:
                self._callback(state.iteration - 1, opt)
            if stop is not None:
                return stop
            if checkpointer is not None and checkpointer.due(state.iteration):
                checkpointer.save(self._snapshot(run_snapshot(*progress)))

    def _resolve_population_size(self) -> int:
        """Fix a population size of ``None``; return the number of workers."""
        opt = self._optimiser
        if not isinstance(opt, PopulationBasedOptimiser):
            return self._n_workers
        if opt.population_size() is None:
            workers = self._n_workers if self._parallel else None
            opt.set_population_size(opt.suggested_population_size(workers))
        # Never more workers than points per iteration.
        return min(self._n_workers, int(opt.population_size() or 1))

    def _evaluator(
        self, n_workers: int, counts: FailureCounts
    ) -> FailureHandlingEvaluator:
        f = self._function
        sensitivities = self._optimiser.needs_sensitivities()
        if sensitivities:
            f = f.evaluateS1
        policy = self._failure_policy
        f = FailureHandlingEvaluator.wrap_function(f, policy)
        inner: Evaluator
        if self._custom_evaluator is not None:
            inner = self._custom_evaluator.for_function(f)
        elif self._parallel:
            inner = ParallelEvaluator(f, n_workers=n_workers)
        else:
            inner = SequentialEvaluator(f)
        return FailureHandlingEvaluator(inner, policy, counts, sensitivities)

    def _reporter(self, n_workers: int) -> Reporter:
        return Reporter.open(
            self._optimiser,
            minimising=self._minimising,
            n_workers=self._evaluator_label(n_workers),
            max_iterations=self._max_iterations,
            max_evaluations=self._max_evaluations,
            screen=self._log_to_screen,
            filename=self._log_filename,
            csv=self._log_csv,
            interval=(self._log_interval, self._log_warm_up),
            progress=self._progress,
        )

    def _tracked_position(self) -> Callable[[], FloatArray]:
        opt = self._optimiser
        return opt.x_guessed if self._use_f_guessed else opt.x_best

    def _to_model(self, x: FloatArray) -> FloatArray:
        if self._transformation is None:
            return x
        return self._transformation.to_model(x)

    def _finish(
        self,
        state: RunState,
        stop: Stop,
        trace: TraceRecorder,
        time: float,
        counts: FailureCounts,
    ) -> tuple[FloatArray, float]:
        opt = self._optimiser
        x_guessed, f_guessed = self._to_model(opt.x_guessed()), opt.f_guessed()
        if self._use_f_guessed:
            x, f = x_guessed, f_guessed
        else:
            x, f = self._to_model(opt.x_best()), opt.f_best()
        if not self._minimising:
            f, f_guessed = -f, -f_guessed
        self._result = OptimisationResult(
            x=x,
            f=f,
            x_guessed=x_guessed,
            f_guessed=f_guessed,
            iterations=state.iteration,
            evaluations=state.evaluations,
            time=time,
            stop_reason=stop.reason,
            message=stop.message,
            trace=trace.trace(),
            failed_evaluations=counts.failed,
            retried_evaluations=counts.retried,
            non_finite_evaluations=counts.non_finite,
        )
        return x, f

    # -- after the run -----------------------------------------------------
    def result(self) -> OptimisationResult:
        """The outcome of `run()`: position, score, counts, the reason
        for stopping and a per-iteration trace.

        Raises
        ------
        RuntimeError
            If `run()` has not finished.
        """
        if self._result is None:
            raise RuntimeError(
                "There is no result yet: result() is available once run() has finished."
            )
        return self._result

    def evaluations(self) -> int | None:
        """Function evaluations made by `run()`, or ``None`` before."""
        return None if self._result is None else self._result.evaluations

    def iterations(self) -> int | None:
        """Iterations completed by `run()`, or ``None`` before."""
        return None if self._result is None else self._result.iterations

    def time(self) -> float | None:
        """Duration of `run()` in seconds, or ``None`` before."""
        return None if self._result is None else self._result.time


class Optimisation(OptimisationController):
    """Deprecated alias of `OptimisationController`."""

    def __init__(
        self,
        function: Any,
        x0: Any,
        sigma0: Any = None,
        boundaries: Any = None,
        transformation: Any = None,
        method: type[Optimiser] | None = None,
    ) -> None:
        warnings.warn(
            "The class `pints.Optimisation` is deprecated. Please use "
            "`pints.OptimisationController` instead.",
            stacklevel=2,
        )
        super().__init__(function, x0, sigma0, boundaries, transformation, method)
