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
from typing import Any

import numpy as np

from .._typing import FloatArray, RngLike
from .._util import read_only, vector
from ..problems._boundaries import RectangularBoundaries
from ._base import Optimiser, PopulationBasedOptimiser
from ._cmaes import CMAES


class _Restarts(PopulationBasedOptimiser):
    """Common machinery: one inner optimiser at a time, restarted on stop.

    Subclasses implement ``_next_run()``, returning ``(x0, sigma0,
    population_size, budget)`` for the next run, or ``None`` when there is
    none left.
    """

    _filters_boundaries = False  # the inner optimiser handles boundaries
    _label = "the restarted optimiser"

    def __init__(
        self,
        x0: Any,
        sigma0: Any = None,
        boundaries: Any = None,
        *,
        method: type[Optimiser] = CMAES,
        max_restarts: int = 9,
        tol_fun: float = 1e-12,
        tol_x: float = 1e-12,
        max_evaluations_per_run: int | None = None,
        rng: RngLike = None,
    ) -> None:
        super().__init__(x0, sigma0, boundaries, rng=rng)
        if not (isinstance(method, type) and issubclass(method, Optimiser)):
            raise TypeError(f"method must be an Optimiser subclass; got {method!r}.")
        if int(max_restarts) < 0:
            raise ValueError(f"max_restarts must be >= 0; got {max_restarts}.")
        self._method = method
        self._max_restarts = int(max_restarts)
        self._tol_fun, self._tol_x = float(tol_fun), float(tol_x)
        self._max_run_evals = max_evaluations_per_run
        self._inner: Optimiser | None = None
        self._restarts = 0
        self._finished: str | None = None
        self._guess: tuple[float, FloatArray] = (np.inf, self._x0)

    # -- runs --------------------------------------------------------------
    def _initialise(self) -> None:
        self._inner = self._new_run(self._x0, self._sigma0, self._population_size, None)

    def _new_run(
        self, x0: Any, sigma0: Any, population_size: int | None, budget: int | None
    ) -> Optimiser:
        seed = int(self._rng.integers(2**63))
        if self._method.capabilities.takes_rng:
            inner = self._method(x0, sigma0, self._boundaries, rng=seed)
        else:  # deterministic methods (Nelder-Mead, ...) take no generator
            inner = self._method(x0, sigma0, self._boundaries)
        if inner.needs_sensitivities():
            raise ValueError(
                f"{type(self).__name__} needs a derivative-free method; "
                f"{self._method.__name__} needs sensitivities."
            )
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
        run = self._next_run() if self._can_restart() else None
        if run is None:
            self._finished = f"{reason} (after {self._restarts} restarts)"
            return
        self._restarts += 1
        self._inner = self._new_run(*run)

    def _can_restart(self) -> bool:
        return self._restarts < self._max_restarts

    def _next_run(self) -> tuple[Any, Any, int | None, int | None] | None:
        raise NotImplementedError

    def _restart_point(self) -> FloatArray:
        """A uniform point in rectangular boundaries, else ``x0`` (as pycma)."""
        b = self._boundaries
        if isinstance(b, RectangularBoundaries):
            return self._rng.uniform(b.lower(), b.upper())
        return self._x0

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

    def stop(self) -> str | bool:
        """``False`` until the last allowed run has ended."""
        return False if self._finished is None else self._finished

    def _log_init(self, logger: Any) -> None:
        logger.add_counter("Restarts", max_value=max(self._max_restarts, 1))

    def _log_write(self, logger: Any) -> None:
        logger.log(self._restarts)


class IPOP(_Restarts):
    """Restarts with increasing population size (IPOP) [1]_.

    Each time a run stops, a new one starts with the population size
    multiplied by ``increase`` (default 2), from ``x0`` or, with rectangular
    boundaries, from a uniformly drawn point.

    Parameters
    ----------
    x0, sigma0, boundaries, rng :
        As for any optimiser; ``sigma0`` is used by every run.
    method : type, optional
        The optimiser to restart (default `CMAES`, all of whose
        termination criteria are switched on); `XNES` works too.
    max_restarts : int, optional
        After this many restarts, `stop()` reports the last run's end.
    increase : float, optional
        Factor applied to the population size at each restart.
    tol_fun, tol_x, max_evaluations_per_run : optional
        Generic end-of-run criteria for methods without their own ``stop()``
        criteria: the range of recent best scores, the spread of the points
        (relative to ``sigma0``), and an evaluation budget per run.

    References
    ----------
    .. [1] Auger and Hansen (2005) "A restart CMA evolution strategy with
       increasing population size". IEEE CEC 2005, 1769-1776.
       https://doi.org/10.1109/CEC.2005.1554902
    """

    _label = "IPOP"

    def __init__(self, *args: Any, increase: float = 2.0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not increase >= 1:
            raise ValueError(f"increase must be >= 1; got {increase}.")
        self._increase = float(increase)

    def _next_run(self) -> tuple[Any, Any, int | None, int | None]:
        lam0 = self._population_size or self.suggested_population_size()
        lam = int(round(lam0 * self._increase ** (self._restarts + 1)))
        return self._restart_point(), self._sigma0, lam, None

    @classmethod
    def name(cls) -> str:
        return "IPOP restarts"


class BIPOP(_Restarts):
    """Bi-population restarts (BIPOP) [1]_: large and small populations.

    The first run uses the default population and counts towards the
    *small* regime's budget. Each restart then goes to the *small* regime
    while it has used fewer evaluations than the *large* one, and otherwise
    to the large regime, whose population doubles at each of its runs
    (IPOP). A small run draws ``u ~ U(0, 1)`` and uses
    ``λ = ⌊λ0 (λ_large / λ0)^(u²)⌋``, ``sigma0 · 10^(-2u)`` and at most half
    the evaluations spent in the large regime so far. These details follow
    pycma's implementation of [1]_; as there, ``max_restarts`` limits the
    large-regime restarts only.

    Parameters are those of `IPOP` (without ``increase``).

    References
    ----------
    .. [1] Hansen (2009) "Benchmarking a BI-population CMA-ES on the
       BBOB-2009 function testbed". GECCO '09 workshops, 2389-2396.
       https://doi.org/10.1145/1570256.1570333
    """

    _label = "BIPOP"

    def _initialise(self) -> None:
        self._large_runs = 0
        self._evals = {"large": 0, "small": 0}
        self._regime = "small"  # the first run is accounted as a small one
        super()._initialise()

    def _tell(self, fs: FloatArray) -> None:
        self._evals[self._regime] += len(fs)
        super()._tell(fs)

    def _can_restart(self) -> bool:
        return True  # decided in _next_run: only large restarts count

    def _next_run(self) -> tuple[Any, Any, int | None, int | None] | None:
        lam0 = self._population_size or self.suggested_population_size()
        large = self._evals["large"]
        if self._evals["small"] < max(1, large):
            self._regime = "small"
            u, v = self._rng.uniform(size=2)
            lam = max(2, int(lam0 * (2**self._large_runs) ** (v * v)))
            sigma = np.asarray(self._sigma0) * 10 ** (-2 * u)
            return self._restart_point(), sigma, lam, max(lam, large // 2)
        if self._large_runs >= self._max_restarts:
            return None
        self._regime = "large"
        self._large_runs += 1
        return self._restart_point(), self._sigma0, lam0 * 2**self._large_runs, None

    @classmethod
    def name(cls) -> str:
        return "BIPOP restarts"


class MultiStart(_Restarts):
    """Runs an optimiser from several starting points, one after another.

    The first run starts at ``x0``; the others at the given ``starts``, or
    at points drawn by ``sampler`` (e.g. a prior's or boundaries' ``sample``
    method, called as ``sampler(1)``), or uniformly within rectangular
    boundaries, or else at ``x0`` again (independent runs).

    Parameters
    ----------
    x0, sigma0, boundaries, rng :
        As for any optimiser.
    starts : int or array_like, shape (k, n_parameters), optional
        Number of runs in all (default 5), or the starting points of the
        runs after the first.
    sampler : callable, optional
        ``sampler(1)`` returns one starting point, shape ``(1, n)`` or
        ``(n,)``.
    method : type, optional
        Any derivative-free optimiser (default `CMAES`).
    tol_fun, tol_x, max_evaluations_per_run : optional
        End-of-run criteria, as for `IPOP`.
    """

    _label = "MultiStart"

    def __init__(
        self,
        x0: Any,
        sigma0: Any = None,
        boundaries: Any = None,
        *,
        starts: Any = 5,
        sampler: Any = None,
        **kwargs: Any,
    ) -> None:
        self._points: FloatArray | None = None
        if isinstance(starts, (int, np.integer)):
            n_runs = int(starts)
            if n_runs < 1:
                raise ValueError(f"starts must be at least 1; got {n_runs}.")
        else:
            self._points = np.atleast_2d(np.asarray(starts, dtype=float))
            n_runs = len(self._points) + 1
        kwargs["max_restarts"] = n_runs - 1
        super().__init__(x0, sigma0, boundaries, **kwargs)
        if self._points is not None and self._points.shape[1] != self._n_parameters:
            raise ValueError(
                f"starts must have {self._n_parameters} columns; "
                f"got shape {self._points.shape}."
            )
        self._sampler = sampler

    def _next_run(self) -> tuple[Any, Any, int | None, int | None]:
        if self._points is not None:
            x0 = self._points[self._restarts]
        elif self._sampler is not None:
            x0 = vector(np.asarray(self._sampler(1)).reshape(-1))
        else:
            x0 = self._restart_point()
        return x0, self._sigma0, self._population_size, None

    @classmethod
    def name(cls) -> str:
        return "Multi-start"
