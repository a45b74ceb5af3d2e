"""Restart strategies: optimisers that run other optimisers one after another.

`IPOP` and `BIPOP` restart CMA-ES (or xNES, ...) with larger
or varied populations; `MultiStart` runs any derivative-free method
from several starting points. Each is itself an ask-and-tell
`Optimiser`, so controllers, evaluators and budgets work unchanged.
A run ends when its optimiser's `stop()` says so (CMA-ES's termination
criteria are all switched on), when generic criteria on the scores and on
the spread of the points fire (for methods without criteria of their own),
or when its evaluation budget is used up.
"""

from __future__ import annotations

import math
from collections import deque
from typing import SupportsInt

import numpy as np

from .._checks import count, describe, real
from .._typing import ArrayLike, FloatArray, RngLike
from .._util import read_only
from ..log._logger import Logger
from ..problems._boundaries import Boundaries
from ._base import Optimiser
from ._cmaes import CMAES
from ._population import PopulationBasedOptimiser

#: A run's ``(x0, sigma0, population size, evaluation budget)``.
Run = tuple[FloatArray, FloatArray, int | None, int | None]


class Restarts(PopulationBasedOptimiser):
    """Common machinery: one inner optimiser at a time, restarted on stop.

    Subclasses implement ``_next_run()``, returning ``(x0, sigma0,
    population_size, budget)`` for the next run, or ``None`` when there is
    none left.

    The inner optimiser keeps to the boundaries (see `Optimiser`). A run
    that evaluates nothing, because its method found no point inside them,
    counts towards ``max_restarts`` whatever the strategy.
    """

    _label = "the restarted optimiser"

    def __init__(
        self,
        x0: ArrayLike,
        sigma0: ArrayLike | None = None,
        boundaries: Boundaries | None = None,
        *,
        method: type[Optimiser] = CMAES,
        max_restarts: SupportsInt = 9,
        tol_fun: float = 1e-12,
        tol_x: float = 1e-12,
        max_evaluations_per_run: int | None = None,
        rng: RngLike = None,
    ) -> None:
        super().__init__(x0, sigma0, boundaries, rng=rng)
        if not (isinstance(method, type) and issubclass(method, Optimiser)):
            raise TypeError(f"method must be an Optimiser subclass; got {method!r}.")
        self._method = method
        self._max_restarts = count(
            max_restarts,
            "max_restarts",
            minimum=0,
            message=f"max_restarts must be >= 0; got {describe(max_restarts)}.",
        )
        self._tol_fun = real(tol_fun, "tol_fun", non_negative=True)
        self._tol_x = real(tol_x, "tol_x", non_negative=True)
        self._max_run_evals = (
            None
            if max_evaluations_per_run is None
            else count(max_evaluations_per_run, "max_evaluations_per_run")
        )
        self._inner: Optimiser | None = None
        self._restarts = 0
        #: Runs that evaluated nothing: their method found no point inside.
        self._futile_runs = 0
        self._finished: str | None = None
        self._guess: tuple[float, FloatArray] = (np.inf, self._x0)

    # -- runs --------------------------------------------------------------
    def _proposals_inside(self) -> bool:
        return True  # the inner optimiser keeps to the boundaries

    def _initialise(self) -> None:
        self._inner = self._new_run(self._x0, self._sigma0, self._population_size, None)

    def _new_run(
        self,
        x0: FloatArray,
        sigma0: FloatArray,
        population_size: int | None,
        budget: int | None,
    ) -> Optimiser:
        method = self._method
        if method.capabilities.needs_gradients:
            raise ValueError(
                f"{type(self).__name__} needs a derivative-free method; "
                f"{method.__name__} needs sensitivities."
            )
        # Drawn for every run, so the seeds do not depend on the method.
        seed = int(self._rng.integers(2**63))
        if method.capabilities.takes_rng:
            inner = method(x0, sigma0, self._boundaries, rng=seed)
        else:
            inner = method(x0, sigma0, self._boundaries)
        set_termination = getattr(inner, "set_termination", None)
        self._own_criteria = set_termination is not None
        if set_termination is not None:
            set_termination("all")
        if population_size is not None and isinstance(inner, PopulationBasedOptimiser):
            inner.set_population_size(population_size)
        if self._max_run_evals is not None:
            budget = min(budget or self._max_run_evals, self._max_run_evals)
        self._run_budget, self._run_evaluations = budget, 0
        lam = population_size or self._population_size or 1
        self._run_bests: deque[float] = deque(
            maxlen=10 + math.ceil(30 * self._n_parameters / lam)
        )
        return inner

    def _ask(self) -> FloatArray:
        assert self._inner is not None
        return np.asarray(self._inner.ask(), dtype=float)

    def _tell(self, fs: FloatArray) -> None:
        assert self._inner is not None
        self._inner.tell(fs)
        self._run_evaluations += len(fs)
        reason = self._run_finished(fs)
        if reason is not None and self._finished is None:
            self._end_run(reason)

    def _run_finished(self, fs: FloatArray) -> str | None:
        """Why the current run must end, or ``None``."""
        assert self._inner is not None and self._asked is not None
        stop = self._inner.stop()
        if stop:
            return str(stop)
        if self._run_budget is not None and self._run_evaluations >= self._run_budget:
            return "Evaluation budget of the run used."
        if self._own_criteria or len(fs) == 0:
            return None
        # Generic criteria (Hansen's TolFun and a TolX on the population).
        self._run_bests.append(float(fs.min()))
        h = self._run_bests
        if len(h) == h.maxlen:
            top, bottom = max(max(h), float(fs.max())), min(h)
            if top - bottom < self._tol_fun:
                return "Recent function values differ by less than tol_fun (TolFun)."
        if len(fs) > 1 and np.all(self._asked.std(axis=0) < self._tol_x * self._sigma0):
            return "Points closer together than tol_x in every coordinate (TolX)."
        return None

    def _end_run(self, reason: str) -> None:
        assert self._inner is not None
        f = self._inner.f_guessed()
        if f < self._guess[0]:
            self._guess = (f, read_only(np.array(self._inner.x_guessed(), float)))
        # Futile runs count in every regime, or BIPOP, whose budgets are
        # evaluations, would restart small runs forever.
        if self._run_evaluations == 0:
            self._futile_runs += 1
        can_restart = self._can_restart() and self._futile_runs <= self._max_restarts
        run = self._next_run() if can_restart else None
        if run is None:
            self._finished = f"{reason} (after {self._restarts} restarts)"
            return
        self._restarts += 1
        self._inner = self._new_run(*run)

    def _can_restart(self) -> bool:
        return self._restarts < self._max_restarts

    def _next_run(self) -> Run | None:
        raise NotImplementedError

    def _restart_point(self) -> FloatArray:
        """A uniform point in rectangular boundaries, else ``x0`` (as pycma)."""
        box = self._box()
        return self._x0 if box is None else self._rng.uniform(*box)

    # -- results -----------------------------------------------------------
    def restarts(self) -> int:
        """Number of restarts so far."""
        return self._restarts

    def inner(self) -> Optimiser | None:
        """The optimiser of the current run (``None`` before the first ask)."""
        return self._inner

    def population_size(self) -> int | None:
        """The current run's population size (before running: the first's)."""
        if isinstance(self._inner, PopulationBasedOptimiser):
            return self._inner.population_size()
        return self._population_size

    def x_guessed(self) -> FloatArray:
        """The current run's guess, or an earlier run's if that was better."""
        if self._inner is None:
            return self._x0
        if self._guess[0] < self._inner.f_guessed():
            return self._guess[1]
        return read_only(np.array(self._inner.x_guessed(), dtype=float))

    def f_guessed(self) -> float:
        if self._inner is None:
            return np.inf
        return float(min(self._guess[0], self._inner.f_guessed()))

    def _stop(self) -> str | bool:
        """``False`` until the last allowed run has ended."""
        return False if self._finished is None else self._finished

    def _log_init(self, logger: Logger) -> None:
        logger.add_counter("Restarts", max_value=max(self._max_restarts, 1))

    def _log_write(self, logger: Logger) -> None:
        logger.log(self._restarts)
