"""What the controller shows while it runs: PINTS's screen and file log
(header lines, a table on a fixed schedule, the halting line), an optional
progress bar, and the block printed when a run ends unexpectedly."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import numpy as np

from .._typing import FloatArray
from .._util import strfloat
from ..log._logger import Logger
from ..optimisers import Optimiser, PopulationBasedOptimiser
from ._stopping import RunState

_PROGRESS_HINT = (
    "The progress bar needs tqdm: install it with `pip install tqdm` or "
    "`pip install paramfit[progress]`."
)


class LogSchedule:
    """Which iterations get a row: every one up to ``warm_up``, then every
    ``interval``-th (0, 1, 2, 3, 20, 40, ... by default).

    Parameters
    ----------
    interval : int
        Iterations between rows after the warm-up (at least 1).
    warm_up : int
        Number of initial iterations that each get a row.
    """

    __slots__ = ("interval", "next", "warm_up")

    def __init__(self, interval: int = 20, warm_up: int = 3) -> None:
        self.interval = interval
        self.warm_up = warm_up
        self.next = 0

    def due(self, i: int) -> bool:
        """Whether 0-based iteration ``i`` gets a row; if so, move on."""
        if i < self.next:
            return False
        self.next = (
            i + 1 if i < self.warm_up else self.interval * (1 + i // self.interval)
        )
        return True


@dataclass
class LogSettings:
    """How a run is shown: the screen and file logs, and a progress bar.

    Attributes
    ----------
    screen : bool
        Print the log to the screen.
    filename : str or None
        Also write it to this file.
    csv : bool
        Write the file as CSV rather than as the screen's table.
    interval, warm_up : int
        Log every iteration up to ``warm_up``, then every ``interval``-th.
    progress : bool
        Show a progress bar on stderr.
    """

    screen: bool = True
    filename: str | None = None
    csv: bool = False
    interval: int = 20
    warm_up: int = 3
    progress: bool = False


class Reporter:
    """PINTS's optimisation log (screen and/or file) and the progress bar of
    one run. Use `open()`, which also prints the header lines.

    Scores are given to it as users see them (log-pdf values when
    maximising).
    """

    def __init__(
        self,
        optimiser: Optimiser,
        settings: LogSettings,
        logger: Logger | None,
        bar: Any,
        initial: float,
    ) -> None:
        self._optimiser = optimiser
        self._settings = settings
        self._logger = logger
        self._schedule = LogSchedule(settings.interval, settings.warm_up)
        self._bar = bar
        #: The latest best and current scores, as shown to users.
        self.best = self.current = initial

    @classmethod
    def open(
        cls,
        optimiser: Optimiser,
        settings: LogSettings,
        *,
        maximising: bool,
        evaluator: int | str | None,
        max_iterations: int | None,
        max_evaluations: int | None,
    ) -> Reporter:
        """Print the header lines and set up the log and the progress bar.

        ``evaluator`` is ``None`` for sequential runs, the number of worker
        processes, or the name of a custom evaluator.
        """
        logger = None
        if settings.screen or settings.filename:
            population = 1
            if isinstance(optimiser, PopulationBasedOptimiser):
                population = optimiser.population_size() or 1
            if settings.screen:
                _print_header(optimiser, maximising, evaluator, population)
            logger = _table(
                optimiser, max_iterations, max_evaluations, population, settings.screen
            )
            if settings.filename:
                logger.set_filename(settings.filename, csv=settings.csv)
        bar = progress_bar(max_iterations, "Optimising") if settings.progress else None
        initial = -np.inf if maximising else np.inf
        return cls(optimiser, settings, logger, bar, initial)

    @staticmethod
    def check_progress_available() -> None:
        """Raise an ``ImportError`` naming the extra if tqdm is missing."""
        _tqdm()

    def iteration(self, state: RunState, best: float, current: float) -> None:
        """Report the iteration just completed (``state.iteration`` of them)."""
        self.best, self.current = best, current
        if self._logger is not None and self._schedule.due(state.iteration - 1):
            self._row(state.iteration - 1, state.evaluations, state.elapsed)
        if self._bar is not None:
            self._bar.set_postfix_str(f"best={best:.6g}", refresh=False)
            self._bar.update(1)

    def state(self) -> dict[str, Any]:
        """The next row's iteration, the scores shown and the log file's
        size, for a checkpoint."""
        name, size = self._settings.filename, None
        if name is not None and os.path.isfile(name):
            size = os.path.getsize(name)
        return {
            "next_row": self._schedule.next,
            "best": self.best,
            "current": self.current,
            "file_size": size,
        }

    def restore(self, iterations: int, state: dict[str, Any]) -> None:
        """Continue a run saved by `state()` after ``iterations``.

        The progress bar carries on from ``iterations``. The log file, if it
        still holds at least the saved size, is cut back to it (dropping
        rows logged after the checkpoint) and continued without a second
        header; otherwise it is started afresh.
        """
        if self._bar is not None:
            # As tqdm's own ``initial``: counted, but not towards the rate.
            self._bar.initial = self._bar.n = iterations
            self._bar.refresh()
        self._schedule.next = state["next_row"]
        self.best, self.current = state["best"], state["current"]
        name, size, logger = self._settings.filename, state["file_size"], self._logger
        if size is None or name is None or logger is None:
            return
        if os.path.isfile(name) and os.path.getsize(name) >= size:
            os.truncate(name, size)
            logger.set_filename(name, csv=self._settings.csv, resume=True)

    def finish(self, state: RunState, time: float, message: str) -> None:
        """Log the final row (unless just logged) at ``time`` seconds, and
        the halting line."""
        self.close()
        if self._logger is None:
            return
        if state.iteration - 1 < self._schedule.next:
            self._row(state.iteration, state.evaluations, time)
        if self._settings.screen:
            print("Halting: " + message)

    def close(self) -> None:
        """Close the progress bar, if any."""
        if self._bar is not None:
            self._bar.close()
            self._bar = None

    def _row(self, iteration: int, evaluations: int, time: float) -> None:
        assert self._logger is not None
        self._logger.log(iteration, evaluations, self.best, self.current)
        self._optimiser._log_write(self._logger)
        self._logger.log(time)


def _print_header(
    optimiser: Optimiser,
    maximising: bool,
    n_workers: int | str | None,
    population: int,
) -> None:
    print("Maximising LogPDF" if maximising else "Minimising error measure")
    print("Using " + str(optimiser.name()))
    if n_workers is None:
        print("Running in sequential mode.")
    elif isinstance(n_workers, str):
        print("Running with " + n_workers + ".")
    else:
        print("Running in parallel with " + str(n_workers) + " worker processes.")
    if isinstance(optimiser, PopulationBasedOptimiser):
        print("Population size: " + str(population))


def _table(
    optimiser: Optimiser,
    max_iterations: int | None,
    max_evaluations: int | None,
    population: int,
    screen: bool,
) -> Logger:
    """The logger with PINTS's columns (the counters sized for the run)."""
    logger = Logger()
    if not screen:
        logger.set_stream(None)
    iterations_guess = max(max_iterations or 0, 10000)
    logger.add_counter("Iter.", max_value=iterations_guess)
    logger.add_counter(
        "Eval.", max_value=max(max_evaluations or 0, iterations_guess * population)
    )
    logger.add_float("Best")
    logger.add_float("Current")
    optimiser._log_init(logger)
    logger.add_time("Time")
    return logger


def _tqdm() -> Any:
    try:
        from tqdm import tqdm
    except ImportError:
        raise ImportError(_PROGRESS_HINT) from None
    return tqdm


def progress_bar(max_iterations: int | None, description: str) -> Any:
    """A tqdm progress bar on stderr, counting iterations."""
    return _tqdm()(total=max_iterations, desc=description, unit="iter")


def print_unexpected_termination(score: float, x: FloatArray) -> None:
    """Print PINTS's block for a run that ended with an exception: the
    current score and position (always to the screen)."""
    print("\n" + "-" * 40)
    print("Unexpected termination.")
    print("Current score: " + str(score))
    print("Current position:")
    for value in x:
        print(strfloat(value))
    print("-" * 40)
