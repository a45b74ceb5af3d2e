"""The restart strategies: IPOP, BIPOP and multi-start.

Each decides where, with what step size and population, and with what
budget the next run of `Restarts` starts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import SupportsInt

import numpy as np

from .._checks import count, describe, floats, function, is_number, real
from .._typing import ArrayLike, FloatArray, RngLike
from .._util import vector
from ..problems._boundaries import Boundaries
from ._base import Optimiser
from ._cmaes import CMAES
from ._restarts import Restarts, Run


class IPOP(Restarts):
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

    def __init__(
        self,
        x0: ArrayLike,
        sigma0: ArrayLike | None = None,
        boundaries: Boundaries | None = None,
        *,
        method: type[Optimiser] = CMAES,
        max_restarts: SupportsInt = 9,
        increase: float = 2.0,
        tol_fun: float = 1e-12,
        tol_x: float = 1e-12,
        max_evaluations_per_run: int | None = None,
        rng: RngLike = None,
    ) -> None:
        self._increase = real(increase, "increase", lower=1)
        super().__init__(
            x0,
            sigma0,
            boundaries,
            method=method,
            max_restarts=max_restarts,
            tol_fun=tol_fun,
            tol_x=tol_x,
            max_evaluations_per_run=max_evaluations_per_run,
            rng=rng,
        )

    def _next_run(self) -> Run:
        lam0 = self._population_size or self.suggested_population_size()
        lam = int(round(lam0 * self._increase ** (self._restarts + 1)))
        return self._restart_point(), self._sigma0, lam, None

    @classmethod
    def name(cls) -> str:
        return "IPOP restarts"


class BIPOP(Restarts):
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

    def _next_run(self) -> Run | None:
        lam0 = self._population_size or self.suggested_population_size()
        large = self._evals["large"]
        if self._evals["small"] < max(1, large):
            self._regime = "small"
            u, v = self._rng.uniform(size=2)
            lam = max(2, int(lam0 * (2**self._large_runs) ** (v * v)))
            sigma = self._sigma0 * 10 ** (-2 * u)
            return self._restart_point(), sigma, lam, max(lam, large // 2)
        if self._large_runs >= self._max_restarts:
            return None
        self._regime = "large"
        self._large_runs += 1
        return self._restart_point(), self._sigma0, lam0 * 2**self._large_runs, None

    @classmethod
    def name(cls) -> str:
        return "BIPOP restarts"


class MultiStart(Restarts):
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
        x0: ArrayLike,
        sigma0: ArrayLike | None = None,
        boundaries: Boundaries | None = None,
        *,
        starts: int | ArrayLike = 5,
        sampler: Callable[[int], ArrayLike] | None = None,
        method: type[Optimiser] = CMAES,
        tol_fun: float = 1e-12,
        tol_x: float = 1e-12,
        max_evaluations_per_run: int | None = None,
        rng: RngLike = None,
    ) -> None:
        self._points: FloatArray | None = None
        if is_number(starts):
            n_runs = count(
                starts,
                "starts",
                message=f"starts must be at least 1; got {describe(starts)}.",
            )
        else:
            self._points = np.atleast_2d(floats(starts, "starts"))
            if self._points.ndim != 2 or not np.isfinite(self._points).all():
                raise ValueError(
                    "starts must be a number of runs or finite starting points, "
                    f"shape (n_points, n_parameters); got {describe(starts)}."
                )
            n_runs = len(self._points) + 1
        if sampler is not None:
            function(sampler, "sampler")
        super().__init__(
            x0,
            sigma0,
            boundaries,
            method=method,
            max_restarts=n_runs - 1,
            tol_fun=tol_fun,
            tol_x=tol_x,
            max_evaluations_per_run=max_evaluations_per_run,
            rng=rng,
        )
        if self._points is not None and self._points.shape[1] != self._n_parameters:
            raise ValueError(
                f"starts must have {self._n_parameters} columns; "
                f"got shape {self._points.shape}."
            )
        self._sampler = sampler

    def _next_run(self) -> Run:
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
