"""Bare-bones CMA-ES: a short, readable re-implementation (PINTS's BareCMAES)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from .._typing import FloatArray, RngLike
from .._util import read_only
from ._base import PopulationBasedOptimiser
from ._cma_update import expected_norm


@dataclass(frozen=True)
class BareParameters:
    """Strategy parameters of `BareCMAES` (SPEC §8.3, tutorial Table 1).

    ``weights`` are best rank first; the first ``parents`` are positive.
    """

    n: int
    parents: int
    weights: FloatArray
    mu_eff: float
    cm: float
    c_cov: float
    c_sigma: float
    c1: float
    c_mu: float
    d_sigma: float
    e: float


def bare_parameters(n: int, population_size: int) -> BareParameters:
    """The parameters PINTS's BareCMAES uses, for dimension ``n`` and ``λ``.

    Raw weights ``W_k = ln((λ+1)/2) - ln k``; positive ones are scaled to sum
    to one and negative ones by ``min(α_μ, α_μeff, α_posdef) / Σ|W^-|``.
    """
    lam, m = population_size, population_size // 2
    w = math.log(0.5 * (lam + 1)) - np.log(np.arange(1, lam + 1))
    mu_eff = w[:m].sum() ** 2 / np.square(w[:m]).sum()
    mu_eff_minus = w[m:].sum() ** 2 / np.square(w[m:]).sum()
    c1 = 2 / ((n + 1.3) ** 2 + mu_eff)
    c_mu = min(2 * (mu_eff - 2 + 1 / mu_eff) / ((n + 2) ** 2 + mu_eff), 1 - c1)
    c_sigma = (2 + mu_eff) / (n + 5 + mu_eff)
    a_mu = 1 + c1 / c_mu
    a_mueff = 1 + 2 * mu_eff_minus / (mu_eff + 2)
    a_posdef = (1 - c1 - c_mu) / (n * c_mu)
    pos, neg = w > 0, w < 0
    w = np.where(pos, w / w[pos].sum(), w)
    w = np.where(neg, w * min(a_mu, a_mueff, a_posdef) / -w[neg].sum(), w)
    return BareParameters(
        n=n,
        parents=m,
        weights=read_only(w),
        mu_eff=float(mu_eff),
        cm=1.0,
        c_cov=(4 + mu_eff / n) / (n + 4 + 2 * mu_eff / n),
        c_sigma=c_sigma,
        c1=c1,
        c_mu=c_mu,
        d_sigma=1 + c_sigma + 2 * max(0.0, math.sqrt((mu_eff - 1) / (n + 1)) - 1),
        e=expected_norm(n),
    )


@dataclass(frozen=True)
class BareState:
    """Mean ``mu``, step size ``eta``, covariance ``c``, its eigenvectors
    ``r`` and the square roots ``s`` of its eigenvalues, the two evolution
    paths and the number of updates done."""

    mu: FloatArray
    eta: float
    c: FloatArray
    r: FloatArray
    s: FloatArray
    p_sigma: FloatArray
    p_c: FloatArray
    iterations: int = 0


def bare_update(
    state: BareState, z_sorted: FloatArray, params: BareParameters
) -> BareState:
    """One BareCMAES update from standard-normal samples sorted best first.

    Parameters
    ----------
    state : BareState
        The distribution that produced the samples ``y = R S z``.
    z_sorted : array, shape (λ, n)
    params : BareParameters

    Returns
    -------
    BareState
        The new state, including the eigendecomposition of the new ``C``.

    Notes
    -----
    With ``t`` the new iteration count, ``m`` parents and ``W`` the weights,

    $$
    \\mu \\leftarrow \\mu + c_m \\eta \\sum_{k \\le m} W_k y_k, \\quad
    p_\\sigma \\leftarrow (1 - c_\\sigma) p_\\sigma
        + \\sqrt{c_\\sigma (2 - c_\\sigma) \\mu_{eff}}\\, R \\bar z,
    $$

    $$
    h = [\\|p_\\sigma\\| / \\sqrt{1 - (1 - c_\\sigma)^{2(t+1)}}
         < (1.4 + 2/(n+1)) E\\|N(0,I)\\|], \\quad
    p_c \\leftarrow (1 - c_c) p_c + h \\sqrt{c_c (2 - c_c) \\mu_{eff}}\\, \\bar y,
    $$

    $$
    C \\leftarrow c_1 p_c p_c^T + c_\\mu \\sum_k W'_k y_k y_k^T
        + (1 + (1 - h) c_c (2 - c_c) c_1 - c_1 - c_\\mu \\textstyle\\sum W) C,
    $$

    $$
    \\eta \\leftarrow \\eta \\exp\\left(\\frac{c_\\sigma}{d_\\sigma}
        \\left(\\frac{\\|p_\\sigma\\|}{E\\|N(0,I)\\|} - 1\\right)\\right),
    $$

    with ``W'_k = W_k n / ||R * z_k||_F²`` for negative weights. PINTS uses
    the element-wise product ``R * z_k`` there (SPEC §14, quirk 10), kept
    for parity: as ``R`` is orthogonal its squared Frobenius norm equals
    ``||z_k||² = ||C^(-1/2) y_k||²``, the tutorial's value, so the quirk is
    harmless. ``C`` is then made exactly symmetric by copying its upper
    triangle to the lower one.
    """
    p, w, m = params, params.weights, params.parents
    n, t = p.n, state.iterations + 1
    y = (z_sorted * state.s) @ state.r.T  # y_k = R S z_k
    z_mean, y_mean = w[:m] @ z_sorted[:m], w[:m] @ y[:m]
    mu = state.mu + p.cm * state.eta * y_mean
    cs, cc = p.c_sigma, p.c_cov
    p_sigma = (1 - cs) * state.p_sigma + math.sqrt(cs * (2 - cs) * p.mu_eff) * (
        state.r @ z_mean
    )
    norm_ps = math.sqrt(p_sigma @ p_sigma)
    h = norm_ps / math.sqrt(1 - (1 - cs) ** (2 * (t + 1))) < (1.4 + 2 / (n + 1)) * p.e
    p_c = (1 - cc) * state.p_c + (
        math.sqrt(cc * (2 - cc) * p.mu_eff) if h else 0.0
    ) * y_mean
    # ||R * z_k||_F^2 = sum_j z_kj^2 * sum_i R_ij^2 (PINTS's quirk, see Notes)
    frob = np.square(z_sorted) @ np.square(state.r).sum(axis=0)
    w_rank = np.where(w >= 0, w, w * n / np.where(w >= 0, 1.0, frob))
    decay = 1 + (0.0 if h else cc * (2 - cc)) * p.c1 - p.c1 - p.c_mu * w.sum()
    c = p.c1 * np.outer(p_c, p_c) + p.c_mu * (y.T * w_rank) @ y + decay * state.c
    c = np.triu(c) + np.triu(c, 1).T
    eta = state.eta * math.exp(cs / p.d_sigma * (norm_ps / p.e - 1))
    eigenvalues, r = np.linalg.eigh(c)
    s = np.sqrt(np.maximum(eigenvalues, 0.0))
    return BareState(mu, eta, c, r, s, p_sigma, p_c, t)


class BareCMAES(PopulationBasedOptimiser):
    """Bare-bones CMA-ES [1]_, [2]_: the core algorithm in a few lines.

    A readable re-implementation of CMA-ES with active (negative) weights,
    kept for comparison with other bare methods. It uses one global step
    size ``eta = min(sigma0)`` and ``C = I`` at the start, re-decomposes
    ``C`` at every iteration and has no termination criteria except a
    warning-like `stop()` message on ill-conditioning. For real use,
    prefer `CMAES`.

    Parameters
    ----------
    x0 : array_like, shape (n_parameters,)
        Starting point (the initial mean).
    sigma0 : float or array_like, shape (n_parameters,), optional
        Initial standard deviation; its minimum becomes the step size.
    boundaries : Boundaries, optional
        Points outside are not returned by ``ask()`` and score ``+inf``.
    rng : int, numpy.random.Generator or None, optional
        Random generator or seed.

    Notes
    -----
    See `bare_update()` for the update rule and `bare_parameters()`
    for the strategy parameters.

    References
    ----------
    .. [1] Hansen (2016) "The CMA Evolution Strategy: A Tutorial".
       arXiv:1604.00772. https://arxiv.org/abs/1604.00772
    .. [2] Hansen, Mueller and Koumoutsakos (2003) "Reducing the time
       complexity of the derandomized evolution strategy with covariance
       matrix adaptation (CMA-ES)". Evolutionary Computation 11(1), 1-18.
       https://doi.org/10.1162/106365603321828970
    """

    _label = "BareCMAES"

    def __init__(
        self,
        x0: Any,
        sigma0: Any = 0.1,
        boundaries: Any = None,
        *,
        rng: RngLike = None,
    ) -> None:
        super().__init__(x0, sigma0, boundaries, rng=rng)
        n = self._n_parameters
        eye = np.eye(n)
        zeros = np.zeros(n)
        self._state = BareState(
            self._x0.copy(),
            float(np.min(self._sigma0)),
            eye,
            eye,
            np.ones(n),
            zeros,
            zeros,
        )

    def _initialise(self) -> None:
        assert self._population_size is not None
        self._params = bare_parameters(self._n_parameters, self._population_size)

    def _ask(self) -> FloatArray:
        assert self._population_size is not None
        s = self._state
        self._z = self._rng.standard_normal((self._population_size, self._n_parameters))
        return s.mu + s.eta * ((self._z * s.s) @ s.r.T)

    def _tell(self, fs: FloatArray) -> None:
        # NumPy's default sort, as PINTS: ties (e.g. the +inf of points
        # outside the boundaries) are then broken the same way.
        order = np.argsort(fs)
        self._state = bare_update(self._state, self._z[order], self._params)

    def cov(self, decomposed: bool = False) -> Any:
        """The covariance matrix ``C``, or ``(R, S)`` with ``C = R S S Rᵀ``
        (``R`` the eigenvectors, ``S`` the diagonal matrix of the square
        roots of the eigenvalues) if ``decomposed``."""
        if decomposed:
            return self._state.r.copy(), np.diag(self._state.s)
        return self._state.c.copy()

    def mean(self) -> FloatArray:
        """The mean of the search distribution (= `x_guessed()`)."""
        return self.x_guessed()

    def x_guessed(self) -> FloatArray:
        """The mean of the search distribution."""
        return read_only(self._state.mu.copy())

    def f_guessed(self) -> float:
        """The best score of the last population told."""
        return self._f_last_min

    def stop(self) -> str | bool:
        """``'Ill-conditioned covariance matrix'`` when ``cond(C) > 1e14``."""
        s = self._state.s
        with np.errstate(divide="ignore", invalid="ignore"):
            condition = (s.max() / s.min()) ** 2
        if condition > 1e14:
            return "Ill-conditioned covariance matrix"
        return False

    @classmethod
    def name(cls) -> str:
        return "Bare-bones CMA-ES"
