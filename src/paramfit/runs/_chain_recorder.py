"""What an MCMC run keeps: the chains (in model space) and the log-pdf
values of their current points, in memory and/or in one CSV file per chain,
as PINTS's controller stores them."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from .._checks import path
from .._typing import FloatArray, PathLike
from ..log import Logger
from ._chains import Row
from ._sampling_log import SamplingLog
from ._stopping import RunState, Stop


@dataclass
class ChainStorage:
    """Where chains and log-pdf values go (PINTS's ``set_chain_storage``,
    ``set_log_pdf_storage``, ``set_chain_filename``, ``set_log_pdf_filename``).
    """

    chains_in_memory: bool = True
    log_pdfs_in_memory: bool = False
    chain_files: list[str] | None = None
    log_pdf_files: list[str] | None = None


class ChainRecorder:
    """Records each completed iteration of an MCMC run (the run loop's
    monitor for samplers).

    Parameters
    ----------
    storage : ChainStorage
        What to keep, and where.
    n_parameters : int
        Dimension of the chains.
    to_model : callable or None
        Maps a point of search space to model space (``None``: the spaces
        are the same).
    prior : callable or None
        The log-prior of a `LogPosterior` (its values are then stored beside
        the log-posterior and the log-likelihood).
    log : SamplingLog
        Shows the run.
    """

    def __init__(
        self,
        storage: ChainStorage,
        n_chains: int,
        n_parameters: int,
        to_model: Callable[[FloatArray], FloatArray] | None,
        prior: Callable[[FloatArray], float] | None,
        log: SamplingLog,
    ) -> None:
        self._storage = storage
        self._shape = (n_chains, n_parameters)
        self._to_model = to_model
        self._prior = prior
        self._log = log
        self._rows: list[FloatArray] = []
        self._log_pdf_rows: list[FloatArray] = []
        self._current = np.zeros(n_chains)
        self._current_prior = np.zeros(n_chains)
        self._chain_loggers = _csv_loggers(
            storage.chain_files, [f"p{k}" for k in range(n_parameters)]
        )
        columns = ["logposterior", "loglikelihood", "logprior"] if prior else ["logpdf"]
        self._log_pdf_loggers = _csv_loggers(storage.log_pdf_files, columns)
        #: The chains' positions after the latest iteration, model space.
        self.latest: FloatArray | None = None

    # -- the run loop's monitor -----------------------------------------------------
    def record(self, row: Row | None) -> bool:
        if row is None:
            return False  # a chain is still mid-step
        xs, fxs, accepted = row
        if self._to_model is None:
            self.latest = np.array(xs, dtype=float)
        else:
            self.latest = np.array([self._to_model(x) for x in xs])
        for logger, x in zip(self._chain_loggers, self.latest, strict=False):
            logger.log(*x)
        if self._storage.chains_in_memory:
            self._rows.append(self.latest)
        if self._storage.log_pdfs_in_memory or self._log_pdf_loggers:
            self._record_log_pdfs(xs, fxs, accepted)
        return True

    def observe(self, state: RunState) -> None:
        self._log.iteration(state)

    def halt(self) -> Stop | None:
        return None

    def _record_log_pdfs(self, xs: FloatArray, fxs: list[Any], accepted: Any) -> None:
        """The log-pdf at each chain's current point (updated only when a
        proposal is accepted, as PINTS does)."""
        for i in np.flatnonzero(accepted):
            f = fxs[i]
            self._current[i] = f[0] if isinstance(f, tuple) else f
            if self._prior is not None:
                self._current_prior[i] = self._prior(xs[i])
        if self._prior is None:
            values = self._current.copy()
        else:
            values = np.column_stack(
                [
                    self._current,
                    self._current - self._current_prior,
                    self._current_prior,
                ]
            )
        for logger, value in zip(self._log_pdf_loggers, values, strict=False):
            logger.log(*np.atleast_1d(value))
        if self._storage.log_pdfs_in_memory:
            self._log_pdf_rows.append(values)

    # -- results ------------------------------------------------------------------
    def chains(self) -> FloatArray | None:
        """The chains, shape ``(n_chains, n_iterations, n_parameters)``, or
        ``None`` if they are not kept in memory."""
        if not self._storage.chains_in_memory:
            return None
        if not self._rows:
            return np.zeros((self._shape[0], 0, self._shape[1]))
        return _stack(self._rows)

    def log_pdfs(self) -> FloatArray | None:
        """The log-pdf values, shape ``(n_chains, n_iterations)`` (or
        ``(..., 3)`` for a posterior), or ``None`` if not kept in memory."""
        if not self._storage.log_pdfs_in_memory:
            return None
        if not self._log_pdf_rows:
            return np.zeros((self._shape[0], 0) + ((3,) if self._prior else ()))
        return _stack(self._log_pdf_rows)

    # -- checkpoints ----------------------------------------------------------------
    def state(self) -> dict[str, Any]:
        files = (self._storage.chain_files or []) + (self._storage.log_pdf_files or [])
        return {
            "rows": list(self._rows),
            "log_pdf_rows": list(self._log_pdf_rows),
            "current": self._current.copy(),
            "current_prior": self._current_prior.copy(),
            "latest": self.latest,
            "file_sizes": {f: os.path.getsize(f) for f in files if os.path.isfile(f)},
        }

    def restore(self, state: dict[str, Any]) -> None:
        self._rows = list(state["rows"])
        self._log_pdf_rows = list(state["log_pdf_rows"])
        self._current = state["current"].copy()
        self._current_prior = state["current_prior"].copy()
        self.latest = state["latest"]
        sizes = state["file_sizes"]
        names = (self._storage.chain_files or []) + (self._storage.log_pdf_files or [])
        for name, logger in zip(
            names, self._chain_loggers + self._log_pdf_loggers, strict=False
        ):
            size = sizes.get(name)
            if (
                size is not None
                and os.path.isfile(name)
                and os.path.getsize(name) >= size
            ):
                os.truncate(name, size)
                logger.set_filename(name, csv=True, resume=True)


def _csv_loggers(files: list[str] | None, columns: list[str]) -> list[Logger]:
    loggers = []
    for name in files or []:
        logger = Logger()
        logger.set_stream(None)
        logger.set_filename(name, csv=True)
        for column in columns:
            logger.add_float(column)
        loggers.append(logger)
    return loggers


def _stack(rows: list[FloatArray]) -> FloatArray:
    """Iteration-major rows ``(k, ...)`` as chain-major ``(k, n_rows, ...)``."""
    return np.ascontiguousarray(np.swapaxes(np.array(rows), 0, 1))


def per_chain_files(name: PathLike | None, chains: int, what: str) -> list[str] | None:
    """``chain.csv`` for 2 chains: ``chain_0.csv``, ``chain_1.csv`` (as
    PINTS); ``None`` (as PINTS, any false value) for no files. ``what``
    names the argument in errors."""
    if not name:
        return None
    base, ext = os.path.splitext(path(name, what))
    return [f"{base}_{i}{ext}" for i in range(chains)]
