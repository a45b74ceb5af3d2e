"""The optimisation controller: runs an ask-and-tell optimiser to the end.

`OptimisationController.run()` composes the parts of a run: the
`Objective` (transformation, sign, failures), an evaluator, PINTS's log
(`Reporter`), the stopping rules, a trace and checkpoints, around the shared
`Run` loop. The screen and file logs are those of PINTS 0.6.1.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

from .._checks import flag, vector
from .._typing import ArrayLike, FloatArray, RngLike
from ..optimisers import Optimiser
from ..problems import Boundaries
from ..transformations import Transformation
from ._checkpoint import Checkpointer
from ._controller import Controller
from ._loop import Run, RunParts
from ._methods import optimiser_class
from ._objective import Function, Objective, check_function
from ._reporting import Reporter, print_unexpected_termination
from ._result import OptimisationResult, TraceRecorder
from ._stopping import RunState, Stop, StoppingCriteria
from ._stopping_settings import StoppingSettings
from ._tracking import (
    OptimiserMonitor,
    RunSummary,
    optimisation_result,
    population_workers,
    print_failing_point,
    run_seed,
)


class OptimisationController(Controller):
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
    method : type or str, optional
        The `Optimiser` subclass to use (default: CMA-ES, as PINTS), or its
        name: the class name in any case, with or without ``-`` or ``_``
        (``"cmaes"``, ``"CMA-ES"``, ``"nelder-mead"``, ``"xnes"``).
    rng : int, numpy.random.Generator or None, optional
        Random generator or seed for the optimiser (keyword only; beyond
        PINTS). ``None`` seeds it from NumPy's global state, as PINTS scripts
        expect; deterministic methods (Nelder-Mead, gradient methods) ignore
        it. The seed used is recorded (see `seed()`) to repeat the run.

    Raises
    ------
    ValueError
        If ``x0`` and ``function`` differ in dimension, or ``method`` is not
        an `Optimiser` subclass or the name of one.
    TypeError
        If ``function`` is not a function with ``n_parameters()``, or
        ``method`` is an optimiser instance instead of its class.
    """

    def __init__(
        self,
        function: Function,
        x0: ArrayLike,
        sigma0: ArrayLike | None = None,
        boundaries: Boundaries | None = None,
        transformation: Transformation | None = None,
        method: type[Optimiser] | str | None = None,
        *,
        rng: RngLike = None,
    ) -> None:
        n = check_function(function)
        x0 = vector(x0, "x0", finite=False)
        if n != len(x0):
            raise ValueError(
                "Starting point must have same dimension as function to optimise: "
                f"x0 has {len(x0)} values and the function {n} parameters."
            )
        super().__init__(Objective(function, transformation))
        objective = self._objective
        self._x0 = objective.to_search(x0)
        sigma0 = objective.sigma0_to_search(sigma0, self._x0)
        boundaries = objective.boundaries_to_search(boundaries)
        method = optimiser_class(method)
        given = (
            {"rng": rng} if rng is not None and method.capabilities.takes_rng else {}
        )
        self._optimiser = method(self._x0, sigma0, boundaries, **given)
        self._seed = run_seed(rng, self._optimiser)
        self._trace_positions = False
        self._stopping = StoppingSettings(objective.n_parameters())
        self._use_f_guessed = False
        self._callback: Callable[[int, Optimiser], object] | None = None
        self._result: OptimisationResult | None = None

    def optimiser(self) -> Optimiser:
        """The optimiser, for detailed configuration."""
        return self._optimiser

    def set_callback(
        self, cb: Callable[[int, Optimiser], object] | None = None
    ) -> None:
        """Call ``cb(iteration, optimiser)`` after each iteration (0-based),
        unless the optimiser asked to stop."""
        if cb is not None and not callable(cb):
            raise ValueError("The argument cb must be None or a callable.")
        self._callback = cb

    def set_f_guessed_tracking(self, use_f_guessed: bool = False) -> None:
        """Track (for stopping and the result) the optimiser's guessed score
        and position instead of the best ones seen."""
        self._use_f_guessed = flag(use_f_guessed, "use_f_guessed")

    def f_guessed_tracking(self) -> bool:
        """Whether the guessed score is tracked instead of the best."""
        return self._use_f_guessed

    def seed(self) -> int | None:
        """The seed of the optimiser's generator (``rng=seed`` repeats the run);
        ``None`` for deterministic methods, or if a Generator was given."""
        return self._seed

    def set_trace_positions(self, enabled: bool = True) -> None:
        """Record the best position (model space) after each iteration in the
        result's trace (``trace.positions``; off by default: a copy each)."""
        self._trace_positions = bool(enabled)

    def trace_positions(self) -> bool:
        """Whether the trace records positions."""
        return self._trace_positions

    # -- stopping: PINTS's setters, kept by a StoppingSettings -------------------
    def set_max_iterations(self, iterations: int | None = 10000) -> None:
        """Stop after ``iterations`` iterations (``None`` disables this)."""
        self._stopping.set_max_iterations(iterations)

    def max_iterations(self) -> int | None:
        """The maximum number of iterations, or ``None``."""
        return self._stopping.max_iterations()

    def set_max_evaluations(self, evaluations: int | None = None) -> None:
        """Stop after ``evaluations`` function evaluations (``None``
        disables this; the default)."""
        self._stopping.set_max_evaluations(evaluations)

    def max_evaluations(self) -> int | None:
        """The maximum number of evaluations, or ``None``."""
        return self._stopping.max_evaluations()

    def set_function_tolerance(
        self, iterations: int | None = 200, threshold: float = 1e-11
    ) -> None:
        """Stop if the tracked score has not changed by ``threshold`` or more
        for ``iterations`` iterations (``iterations=None`` disables this).

        ``set_function_tolerance(1, ftol)`` gives an absolute "ftol".
        """
        self._stopping.set_function_tolerance(iterations, threshold)

    def function_tolerance(self) -> tuple[int | None, float | None]:
        """``(iterations, threshold)``, or ``(None, None)`` if disabled."""
        return self._stopping.function_tolerance()

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
        self, iterations: int | None = 200, threshold: float | ArrayLike = 1e-11
    ) -> None:
        """Stop if no parameter has changed by its ``threshold`` (a scalar or
        one per parameter) for ``iterations`` iterations (``None`` disables
        this; the default).

        ``set_parameter_tolerance(1, xtol)`` gives an absolute "xtol".
        """
        self._stopping.set_parameter_tolerance(iterations, threshold)

    def parameter_tolerance(self) -> tuple[int | None, FloatArray | None]:
        """``(iterations, thresholds)``, or ``(None, None)`` if disabled."""
        return self._stopping.parameter_tolerance()

    def set_threshold(self, threshold: float | None) -> None:
        """Stop once the minimised score falls below ``threshold`` (``None``
        disables this; the default).

        When maximising a log-pdf the minimised score is ``-log_pdf``, as in
        PINTS.
        """
        self._stopping.set_threshold(threshold)

    def threshold(self) -> float | None:
        """The score threshold, or ``None``."""
        return self._stopping.threshold()

    def set_max_time(self, seconds: float | None = None) -> None:
        """Stop once ``seconds`` of wall-clock time have passed (checked after
        each iteration; ``None`` disables this, the default)."""
        self._stopping.set_max_time(seconds)

    def max_time(self) -> float | None:
        """The wall-clock budget in seconds, or ``None``."""
        return self._stopping.max_time()

    def stopping_criteria(self) -> StoppingCriteria:
        """Fresh stopping rules for the current settings.

        Raises
        ------
        ValueError
            If no criterion is set.
        """
        return self._stopping.stopping_criteria()

    # -- the run ----------------------------------------------------------------
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
        resume = self._start()
        criteria = self.stopping_criteria()
        n_workers = population_workers(self._optimiser, self._n_workers, self._parallel)
        reporter = self._open_reporter(n_workers)
        self._print_failure_policy()
        trace = TraceRecorder(self._objective.n_parameters() * self._trace_positions)
        parts = RunParts(RunState(self._tracked_position()), criteria, reporter, trace)
        if resume is not None:
            parts.restore(resume)
            done = parts.state.iteration
            self._say(f"Resuming from a checkpoint after {done} iterations.")
        opt, objective = self._optimiser, self._objective
        evaluator = objective.evaluator(
            self._evaluator_factory(n_workers),
            parts.failures,
            gradients=opt.needs_sensitivities(),
        )
        monitor = OptimiserMonitor(opt, objective, self._use_f_guessed, reporter, trace)
        loop = Run(
            opt,
            evaluator,
            monitor,
            criteria,
            parts.clock,
            callback=self._iteration_callback(),
            checkpoint=self._checkpoint_of(parts),
        )
        try:
            stop = loop.until_stopped(parts.state)
        except BaseException as e:
            reporter.close()
            x = self._objective.to_model(self._optimiser.x_guessed())
            print_unexpected_termination(reporter.current, x)
            print_failing_point(e, self._objective)
            raise
        finally:
            self._close(evaluator)
        time = parts.clock.time()
        reporter.finish(parts.state, time, stop.message)
        return self._finish(parts, trace, stop, time)

    def _open_reporter(self, n_workers: int) -> Reporter:
        return Reporter.open(
            self._optimiser,
            self._log,
            maximising=self._objective.maximising,
            evaluator=self._evaluator_label(n_workers),
            max_iterations=self._stopping.max_iterations(),
            max_evaluations=self._stopping.max_evaluations(),
        )

    def _tracked_position(self) -> Callable[[], FloatArray]:
        opt = self._optimiser
        return opt.x_guessed if self._use_f_guessed else opt.x_best

    def _iteration_callback(self) -> Callable[[int], object] | None:
        cb, opt = self._callback, self._optimiser
        return None if cb is None else (lambda i: cb(i, opt))

    def _checkpoint_of(
        self, parts: RunParts
    ) -> tuple[Checkpointer, Callable[[], dict[str, Any]]] | None:
        """Where to save, and what: the declared settings and the state of
        each part of the run."""
        checkpointer = self._checkpointer(self._optimiser, self._x0)
        if checkpointer is None:
            return None
        return checkpointer, lambda: {
            "settings": self._settings(),
            "run": parts.snapshot(),
        }

    def _settings(self) -> dict[str, Any]:
        return {
            **super()._settings(),
            "optimiser": self._optimiser,
            "x0": self._x0,
            "stopping": self._stopping,
            "f_guessed": self._use_f_guessed,
            "seed": self._seed,
            "trace_positions": self._trace_positions,
        }

    def _restore_settings(self, settings: dict[str, Any], function: Function) -> None:
        super()._restore_settings(settings, function)
        self._optimiser = settings["optimiser"]
        self._x0 = settings["x0"]
        self._stopping = settings["stopping"]
        self._use_f_guessed = settings["f_guessed"]
        self._seed = settings.get("seed")
        self._trace_positions = settings.get("trace_positions", False)
        self._callback = None
        self._result = None

    def _finish(
        self, parts: RunParts, trace: TraceRecorder, stop: Stop, time: float
    ) -> tuple[FloatArray, float]:
        state = parts.state
        run = RunSummary(
            state.iteration, state.evaluations, time, stop, parts.failures, self._seed
        )
        self._result = optimisation_result(
            self._optimiser, self._objective, self._use_f_guessed, run, trace
        )
        return self._result.x, self._result.f

    # -- after the run ------------------------------------------------------------
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
