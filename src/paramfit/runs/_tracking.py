"""What a run of an optimiser tracks: the scores it shows and stops on
after each iteration, and the result it leaves."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from .._typing import FloatArray, RngLike
from .._util import strfloat
from ..evaluation._failure import FailureCounts, failing_point
from ..optimisers import Optimiser, PopulationBasedOptimiser
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
        objective: Objective,
        guessed: bool,
        reporter: Reporter,
        trace: TraceRecorder,
    ) -> None:
        self._optimiser = optimiser
        self._shown = objective.shown
        self._guessed = guessed
        self._reporter = reporter
        self._trace = trace
        #: The position recorded in the trace, if it records positions: the
        #: best one, in model space.
        self._position: Callable[[], FloatArray] | None = None
        if trace.records_positions:
            self._position = lambda: objective.to_model(optimiser.x_best())

    def record(self, told: object) -> bool:
        return True  # every ask/tell of an optimiser is an iteration

    def observe(self, state: RunState) -> None:
        opt = self._optimiser
        fb, fg = opt.f_best(), opt.f_guessed()
        state.f = fg if self._guessed else fb
        best, current = self._shown(fb), self._shown(fg)
        self._reporter.iteration(state, best, current)
        position = None if self._position is None else self._position()
        self._trace.record(
            state.iteration, state.evaluations, best, current, state.elapsed, position
        )

    def halt(self) -> Stop | None:
        message = self._optimiser.stop()
        return Stop(StopReason.OPTIMISER, str(message)) if message else None


class RunSummary(NamedTuple):
    """How a run went: counts, time, why it stopped, failures, the seed of
    the optimiser's generator."""

    iterations: int
    evaluations: int
    time: float
    stop: Stop
    failures: FailureCounts
    seed: int | None = None


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
        seed=run.seed,
        method=_method_name(optimiser),
        maximising=objective.maximising,
    )


def _method_name(optimiser: Optimiser) -> str:
    try:
        return str(optimiser.name())
    except NotImplementedError:  # a user's optimiser without a name
        return type(optimiser).__name__


def run_seed(rng: RngLike, optimiser: Optimiser) -> int | None:
    """The integer seed of ``optimiser``'s random generator, made from
    ``rng``: ``rng`` itself if an integer; for ``None`` (a seed drawn from
    NumPy's global state) or a ``SeedSequence``, the seed of the generator
    the optimiser made. ``None`` if the method takes no ``rng`` or was given
    a ``Generator`` (which may have been used: its seed would not repeat
    the run)."""
    if not optimiser.capabilities.takes_rng or isinstance(rng, np.random.Generator):
        return None
    if isinstance(rng, (int, np.integer)) and not isinstance(rng, bool):
        return int(rng)
    return generator_seed(getattr(optimiser, "_rng", None))


def generator_seed(generator: object) -> int | None:
    """An integer ``s`` such that ``numpy.random.default_rng(s)`` starts
    where ``generator`` started, if there is one.

    A generator made from a sequence of 32-bit words (as ``rng=None``
    makes one) starts where one made from the integer with those words,
    least significant first, does: both seed a ``SeedSequence`` with the
    same words. The result is checked by comparing the two sequences.
    """
    if not isinstance(generator, np.random.Generator):
        return None
    bits = generator.bit_generator
    seq = getattr(bits, "seed_seq", None) or getattr(bits, "_seed_seq", None)
    if not isinstance(seq, np.random.SeedSequence) or seq.spawn_key:
        return None
    entropy = seq.entropy
    if entropy is None:
        return None
    if isinstance(entropy, (int, np.integer)):
        seed = int(entropy)
    else:
        words = [int(w) for w in np.asarray(entropy).ravel()]
        if any(not 0 <= w < 2**32 for w in words):
            return None
        seed = sum(w << (32 * k) for k, w in enumerate(words))
    same = np.random.SeedSequence(seed, pool_size=seq.pool_size)
    if not np.array_equal(same.generate_state(8), seq.generate_state(8)):
        return None
    return seed


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


def population_workers(optimiser: Optimiser, n_workers: int, parallel: bool) -> int:
    """Fix a population size of ``None`` (the suggested size, for the
    workers if running in parallel); return the number of workers to use,
    never more than the points of one iteration."""
    if not isinstance(optimiser, PopulationBasedOptimiser):
        return n_workers
    if optimiser.population_size() is None:
        workers = n_workers if parallel else None
        optimiser.set_population_size(optimiser.suggested_population_size(workers))
    return min(n_workers, int(optimiser.population_size() or 1))
