"""What the MCMC controller shows while it runs: PINTS's sampling log
(header lines, a table of iterations, evaluations and each sampler's
columns on a fixed schedule, the final row and the halting line) and an
optional progress bar."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from ..log import Logger
from ..samplers import MCMCSampler
from ._reporting import LogSchedule, LogSettings, progress_bar
from ._stopping import RunState


class SamplingLog:
    """PINTS's MCMC log (screen and/or file) and the progress bar of one
    run. Use `open()`, which prints the header lines."""

    def __init__(
        self,
        samplers: Sequence[MCMCSampler],
        settings: LogSettings,
        logger: Logger | None,
        bar: Any,
    ) -> None:
        self._samplers = samplers
        self._settings = settings
        self._logger = logger
        self._schedule = LogSchedule(settings.interval, settings.warm_up)
        self._bar = bar

    @classmethod
    def open(
        cls,
        samplers: Sequence[MCMCSampler],
        settings: LogSettings,
        *,
        n_chains: int,
        evaluator: int | str | None,
        max_iterations: int | None,
        files: tuple[list[str] | None, list[str] | None],
    ) -> SamplingLog:
        """Print the header lines and set up the table and the progress bar.

        ``evaluator`` is ``None`` for sequential runs, the number of worker
        processes, or the name of a custom evaluator; ``files`` are the
        chain and log-pdf files, if any.
        """
        logger = None
        if settings.screen or settings.filename:
            if settings.screen:
                _print_header(samplers[0], n_chains, evaluator, files)
            logger = _table(samplers, max_iterations, n_chains, settings.screen)
            if settings.filename:
                logger.set_filename(settings.filename, csv=settings.csv)
        bar = progress_bar(max_iterations, "Sampling") if settings.progress else None
        return cls(samplers, settings, logger, bar)

    def say(self, line: str) -> None:
        """Print ``line`` with the screen log (if it is on)."""
        if self._settings.screen:
            print(line)

    def iteration(self, state: RunState) -> None:
        """Report the iteration just completed (``state.iteration`` of them)."""
        if self._logger is not None and self._schedule.due(state.iteration - 1):
            self._row(state.iteration - 1, state.evaluations, state.elapsed)
        if self._bar is not None:
            self._bar.update(1)

    def finish(self, state: RunState, time: float, message: str) -> None:
        """Log the final row and the halting line (as PINTS: the final row
        is written even if the last iteration was just logged)."""
        self.close()
        if self._logger is None:
            return
        self._row(state.iteration, state.evaluations, time)
        self.say("Halting: " + message)

    def close(self) -> None:
        """Close the progress bar, if any."""
        if self._bar is not None:
            self._bar.close()
            self._bar = None

    def state(self) -> dict[str, Any]:
        """The next row's iteration and the log file's size (checkpoints)."""
        name, size = self._settings.filename, None
        if name is not None and os.path.isfile(name):
            size = os.path.getsize(name)
        return {"next_row": self._schedule.next, "file_size": size}

    def restore(self, iterations: int, state: dict[str, Any]) -> None:
        """Continue after ``iterations`` from `state()`: the log file is cut
        back to its size then and continued without a second header."""
        if self._bar is not None:
            self._bar.initial = self._bar.n = iterations
            self._bar.refresh()
        self._schedule.next = state["next_row"]
        name, size, logger = self._settings.filename, state["file_size"], self._logger
        if size is None or name is None or logger is None:
            return
        if os.path.isfile(name) and os.path.getsize(name) >= size:
            os.truncate(name, size)
            logger.set_filename(name, csv=self._settings.csv, resume=True)

    def _row(self, iteration: int, evaluations: int, time: float) -> None:
        assert self._logger is not None
        self._logger.log(iteration, evaluations)
        for sampler in self._samplers:
            sampler._log_write(self._logger)
        self._logger.log(time)


def _print_header(
    sampler: MCMCSampler,
    n_chains: int,
    evaluator: int | str | None,
    files: tuple[list[str] | None, list[str] | None],
) -> None:
    print("Using " + str(sampler.name()))
    print("Generating " + str(n_chains) + " chains.")
    if evaluator is None:
        print("Running in sequential mode.")
    elif isinstance(evaluator, str):
        print("Running with " + evaluator + ".")
    else:
        # PINTS's spelling, kept so that logs compare equal.
        print("Running in parallel with " + str(evaluator) + " worker processess.")
    chain_files, log_pdf_files = files
    if chain_files:
        print("Writing chains to " + chain_files[0] + " etc.")
    if log_pdf_files:
        print("Writing evaluations to " + log_pdf_files[0] + " etc.")


def _table(
    samplers: Sequence[MCMCSampler],
    max_iterations: int | None,
    n_chains: int,
    screen: bool,
) -> Logger:
    """The logger with PINTS's columns (the counters sized for the run)."""
    logger = Logger()
    if not screen:
        logger.set_stream(None)
    iterations_guess = max(max_iterations or 0, 10000)
    logger.add_counter("Iter.", max_value=iterations_guess)
    logger.add_counter("Eval.", max_value=iterations_guess * n_chains)
    for sampler in samplers:
        sampler._log_init(logger)
    logger.add_time("Time")
    return logger
