"""CMA-ES: paramfit's own covariance matrix adaptation evolution strategy."""

from __future__ import annotations

import dataclasses
import math
from collections import deque

import numpy as np

from .._checks import real
from .._typing import ArrayLike, FloatArray, RngLike
from ..problems._boundaries import Boundaries
from ._cma_bounds import BoxTransform
from ._cma_termination import (
    HISTORY_CRITERIA,
    CMATermination,
    Criteria,
    parse_criteria,
)
from ._cma_update import (
    CMAParameters,
    CMAState,
    cma_parameters,
    cma_update,
    decompose,
    initial_state,
)
from ._distribution import MeanBasedOptimiser


class CMAES(MeanBasedOptimiser):
    """Covariance matrix adaptation evolution strategy (CMA-ES) [1]_.

    Samples ``x ~ N(m, sigma² C)`` and adapts the mean by weighted
    recombination, the step size ``sigma`` by cumulative step-size adaptation
    and ``C`` by rank-one and rank-μ updates with negative (active) weights
    (see `cma_update()`). Rank based:
    invariant to monotone transformations of the score. Needs at least two
    parameters.

    Parameters
    ----------
    x0 : array_like, shape (n_parameters,)
        Starting point (the initial mean).
    sigma0 : float or array_like, shape (n_parameters,), optional
        Initial standard deviation of every parameter, honoured per
        parameter: ``sigma`` starts at the geometric mean of ``sigma0`` and
        ``C`` at ``diag((sigma0 / sigma)²)``. (CMA-ES is invariant to how the
        scale is split between ``sigma`` and ``C``; the geometric mean gives
        ``det C = 1``.) PINTS used ``min(sigma0)`` for every parameter,
        which costs evaluations on badly scaled problems (1.7 times as many
        on the seed notebook's logistic problem).
    boundaries : Boundaries, optional
        Rectangular boundaries are handled by searching an unbounded space
        mapped smoothly into the box (`BoxTransform`), so every point
        returned by ``ask()`` is inside and evaluated. Other boundaries are
        handled by the template: points outside are not returned and score
        ``+inf``.
    rng : int, numpy.random.Generator or None, optional
        Random generator or seed. NumPy's global state is never touched.
    termination : str or iterable of CMATermination, optional
        Criteria that make `stop()` return a message (see
        `set_termination()`). By default only ill-conditioning, as in
        PINTS.

    Notes
    -----
    Each generation samples ([1]_, Eqs. 38-40)

    $$
    z_k \\sim N(0, I), \\quad y_k = B D z_k \\sim N(0, C), \\quad
    x_k = m + \\sigma y_k, \\qquad k = 1, \\dots, \\lambda,
    $$

    with ``C = B D² Bᵀ``, and updates ``m``, the paths, ``sigma`` and ``C``
    from the steps ``y`` ranked by score (Eqs. 41-47, see
    `cma_update()`), with the default
    parameters of `cma_parameters()`.

    *Boundaries.* Filtering out-of-bounds samples (as xNES does) stalls
    CMA-ES when the optimum lies on a bound: half the samples are wasted and
    score ``+inf``, the negative weights push the distribution away and the
    step size collapses. A penalty changes the scores and needs tuning. The
    transform (as pycma's ``BoundTransform``) leaves the scores untouched,
    is the identity on 90% of each range, and turns an optimum on a bound
    into a smooth minimum at the transform's vertex, where CMA-ES converges
    as usual.

    *Cost.* Sampling and the update are whole-array operations, and the
    eigendecomposition of ``C`` is redone only every
    ``max(1, ⌊0.5 / (n (c_1 + c_μ))⌋)`` generations: the lazy update of
    [1]_ (Sec. B.2), with the lag budget of Hansen's reference
    implementation ``purecma``. ``C`` changes by ``O(c_1 + c_μ)`` per
    generation, so the lag is harmless, and the decomposition's ``O(n³)``
    is spread over ``O(n)`` generations (every generation up to ``n = 23``
    with the default population size, every third one at ``n = 50``).

    References
    ----------
    .. [1] Hansen (2016) "The CMA Evolution Strategy: A Tutorial".
       arXiv:1604.00772. https://arxiv.org/abs/1604.00772
    .. [2] Hansen and Ostermeier (2001) "Completely derandomized
       self-adaptation in evolution strategies". Evolutionary Computation
       9(2), 159-195. https://doi.org/10.1162/106365601750190398
    """

    _label = "CMA-ES"

    def __init__(
        self,
        x0: ArrayLike,
        sigma0: ArrayLike | None = None,
        boundaries: Boundaries | None = None,
        *,
        rng: RngLike = None,
        termination: Criteria = "default",
    ) -> None:
        super().__init__(x0, sigma0, boundaries, rng=rng)
        if self._n_parameters < 2:
            raise ValueError("1-dimensional optimisation is not supported by CMA-ES.")
        if not np.all(np.isfinite(self._sigma0)):
            raise ValueError(
                "CMA-ES needs a finite sigma0 (give it explicitly with unbounded "
                f"boundaries); got {self._sigma0.tolist()}."
            )
        box = self._box()
        self._transform = None if box is None else BoxTransform(*box)
        self.set_termination(termination)
        self._state: CMAState | None = None
        self._reason: CMATermination | None = None

    def set_termination(
        self,
        criteria: Criteria = "default",
        *,
        tol_x: float = 1e-12,
        tol_fun: float = 1e-12,
        tol_x_up: float = 1e4,
        max_condition: float = 1e14,
    ) -> None:
        """Choose the criteria that make `stop()` ask to halt.

        Parameters
        ----------
        criteria : 'default', 'all', None, or iterable of CMATermination
            ``'default'`` is ill-conditioning only (as PINTS); ``'all'`` is
            every `CMATermination`; members may be given by name
            (``'tol_x'``).
        tol_x : float
            Relative to ``sigma0``, per coordinate (TolX).
        tol_fun : float
            Absolute range of recent scores (TolFun).
        tol_x_up : float
            Largest allowed growth of ``sigma max(D)`` (TolXUp).
        max_condition : float
            Largest allowed condition number of ``C`` (ConditionCov).
        """
        self._criteria = parse_criteria(criteria)
        self._checks = tuple(c for c in CMATermination if c in self._criteria)
        self._needs_history = bool(self._criteria & HISTORY_CRITERIA)
        self._tol_x_rel = real(tol_x, "tol_x", non_negative=True)
        self._tol_fun_abs = real(tol_fun, "tol_fun", non_negative=True)
        self._tol_x_up_factor = real(tol_x_up, "tol_x_up", positive=True)
        self._max_condition = real(max_condition, "max_condition", positive=True)

    def termination_criteria(self) -> frozenset[CMATermination]:
        """The criteria currently checked by `stop()`."""
        return self._criteria

    def termination_reason(self) -> CMATermination | None:
        """The criterion that fired at the last ``tell()``, or ``None``."""
        return self._reason

    # -- the algorithm -----------------------------------------------------
    def _proposals_inside(self) -> bool:
        return self._transform is not None  # mapped into the box

    def _initialise(self) -> None:
        assert self._population_size is not None
        n, lam = self._n_parameters, self._population_size
        self._params: CMAParameters = cma_parameters(n, lam)
        p = self._params
        # Lazy eigendecomposition: C moves by O(c_1 + c_mu) per generation, so
        # B, D may lag behind C by a small fraction of 1 / (c_1 + c_mu)
        # generations, and redoing the O(n^3) decomposition every k
        # generations with k ~ 1 / (n (c_1 + c_mu)) ~ n makes it O(n^2) per
        # generation, like the rest of the update. The lag budget
        # 0.5 / (n (c_1 + c_mu)) is that of Hansen's reference implementation
        # (purecma; the tutorial's MATLAB listing uses 0.1); k is the whole
        # number of generations within it, so small n (where one generation of
        # lag is a large change of C and costs evaluations: +12% on the seed
        # problem at n = 2) decompose every generation.
        self._eigen_gap = max(1, math.floor(0.5 / (n * (p.c1 + p.c_mu))))
        self._eigen_generation = 0
        self._state = initial_state(self._genotype(self._x0), self._sigma0)
        self._scale0 = self._state.sigma * float(self._state.d.max())
        self._best_history: deque[float] = deque(maxlen=10 + math.ceil(30 * n / lam))
        self._stagnation_history: tuple[list[float], list[float]] = ([], [])
        # Best score so far and the number of recorded generations when it
        # was found (for STAGNATION).
        self._record_score, self._record_generation = math.inf, 0
        self._n_recorded = 0
        self._reason = None

    def _ask(self) -> FloatArray:
        s = self._state
        assert s is not None and self._population_size is not None
        self._z = self._rng.standard_normal(
            (self._population_size, self._n_parameters)
        )  # (38)
        self._y = (self._z * s.d) @ s.b.T  # (39): y = B D z
        g = s.mean + s.sigma * self._y  # (40)
        return g if self._transform is None else self._transform(g)

    def _tell(self, fs: FloatArray) -> None:
        s = self._state
        assert s is not None
        order = np.argsort(fs, kind="stable")
        s = cma_update(s, self._y[order], self._params, self._z[order])
        mean, cov, b, d = s.mean, s.cov, s.b, s.d
        if self._transform is not None:
            mean = self._transform.shift_into_period(mean)
        if s.generation - self._eigen_generation >= self._eigen_gap:
            cov, b, d = decompose(cov)
            self._eigen_generation = s.generation
        self._state = CMAState(mean, s.sigma, cov, s.p_sigma, s.p_c, b, d, s.generation)
        f_sorted = fs[order]
        if self._needs_history:
            self._record(f_sorted)
        self._reason = None
        for criterion in self._checks:
            if getattr(self, "_" + criterion.name.lower())(self._state, f_sorted):
                self._reason = criterion
                break

    def _contract(self, centre: FloatArray, factor: float) -> None:
        s = self._state
        assert s is not None
        self._state = dataclasses.replace(
            s, mean=self._genotype(centre), sigma=factor * s.sigma
        )

    def _genotype(self, x: FloatArray) -> FloatArray:
        """The point of the search space that is ``x`` to the user."""
        return x if self._transform is None else self._transform.inverse(x)

    # -- termination (tutorial B.3; checked in CMATermination's order) -----
    def _record(self, f_sorted: FloatArray) -> None:
        best = float(f_sorted[0])
        lam = len(f_sorted)
        median = 0.5 * float(f_sorted[(lam - 1) // 2] + f_sorted[lam // 2])
        self._best_history.append(best)
        self._n_recorded += 1
        if best < self._record_score:
            self._record_score = best
            self._record_generation = self._n_recorded
        for history, value in zip(
            self._stagnation_history, (best, median), strict=True
        ):
            history.append(value)
            if len(history) > 20000:
                del history[0]

    def _condition_cov(self, s: CMAState, f: FloatArray) -> bool:
        return bool((s.d.max() / s.d.min()) ** 2 > self._max_condition)

    def _tol_x(self, s: CMAState, f: FloatArray) -> bool:
        tol = self._tol_x_rel * self._sigma0
        std = s.sigma * np.sqrt(np.diag(s.cov))
        return bool(np.all(std < tol) and np.all(s.sigma * np.abs(s.p_c) < tol))

    def _tol_x_up(self, s: CMAState, f: FloatArray) -> bool:
        return bool(s.sigma * s.d.max() > self._tol_x_up_factor * self._scale0)

    def _tol_fun(self, s: CMAState, f: FloatArray) -> bool:
        h = self._best_history
        if len(h) < (h.maxlen or 0):
            return False
        top = max(max(h), float(f[-1]))
        return top - min(min(h), float(f[0])) < self._tol_fun_abs

    def _equal_fun_values(self, s: CMAState, f: FloatArray) -> bool:
        h = self._best_history
        return len(h) == h.maxlen and max(h) == min(h)

    def _stagnation(self, s: CMAState, f: FloatArray) -> bool:
        """Over a window of the last 20% of the generations (at least
        ``100 + 100 n^1.5 / λ``, at most 20000), the medians of the most
        recent 30% of the best and of the median scores are no better than
        those of the first 30%, and no new best score was found in the recent
        half of the window.

        The median comparison is Hansen (2009)'s. Two safeguards follow the
        current reference implementation (pycma's ``tolstagnation``): the
        minimum window, which grows like ``n^1.5`` instead of Hansen (2009)'s
        ``120 + 30 n / λ`` (147 instead of 130 generations at ``n = 2``, 416
        instead of 150 at ``n = 10``), and the requirement that the run has
        stopped setting records. Without them, runs on rugged functions
        (BBOB's Katsuura, Griewank-Rosenbrock and Lunacek functions) stopped
        while still improving, leaving much of a single run's budget unused.
        """
        assert self._population_size is not None
        n, lam = self._n_parameters, self._population_size
        minimum = 100 + 100 * n**1.5 / lam
        window = int(min(max(0.2 * s.generation, minimum), 20000))
        best, median = self._stagnation_history
        if len(best) < window:
            return False
        if self._n_recorded - self._record_generation <= window / 2:
            return False  # a new best score in the recent half of the window
        k = max(1, int(0.3 * window))
        return all(
            np.median(h[-k:]) >= np.median(h[-window : -window + k])
            for h in (best, median)
        )

    def _no_effect_axis(self, s: CMAState, f: FloatArray) -> bool:
        i = s.generation % self._n_parameters
        return bool(np.all(s.mean == s.mean + 0.1 * s.sigma * s.d[i] * s.b[:, i]))

    def _no_effect_coord(self, s: CMAState, f: FloatArray) -> bool:
        std = s.sigma * np.sqrt(np.diag(s.cov))
        return bool(np.any(s.mean == s.mean + 0.2 * std))

    # -- results -----------------------------------------------------------
    def _stop(self) -> str | bool:
        """``False``, or the message of the termination criterion that fired.

        By default only ``'Ill-conditioned covariance matrix.'``, as PINTS;
        see `set_termination()` for the others.
        """
        return False if self._reason is None else self._reason.value

    def _mean(self) -> FloatArray:
        assert self._state is not None
        m = self._state.mean
        return m if self._transform is None else self._transform(m)

    @classmethod
    def name(cls) -> str:
        return "Covariance Matrix Adaptation Evolution Strategy (CMA-ES)"
