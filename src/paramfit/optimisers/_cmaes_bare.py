"""Bare-bones CMA-ES: a short, readable re-implementation (PINTS's BareCMAES)."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

import numpy as np

from .._typing import ArrayLike, FloatArray, RngLike
from ..problems._boundaries import Boundaries
from ._cma_update import expected_norm, recombination_weights
from ._distribution import MeanBasedOptimiser


@dataclass(frozen=True)
class BareParameters:
    """Strategy parameters of `BareCMAES` (Table 1 of Hansen's tutorial).

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

    The weights are those of `recombination_weights()` with the rank-μ
    learning rate of the tutorial's 2016 edition (no 1/4 offset), as PINTS;
    ``c_σ = (μ_eff + 2) / (n + μ_eff + 5)``, uncapped.
    """
    w = recombination_weights(n, population_size, rank_mu_offset=0.0)
    mu_eff = w.mu_eff
    c_sigma = (2 + mu_eff) / (n + 5 + mu_eff)
    return BareParameters(
        n=n,
        parents=population_size // 2,
        weights=w.weights,
        mu_eff=mu_eff,
        cm=1.0,
        c_cov=(4 + mu_eff / n) / (n + 4 + 2 * mu_eff / n),
        c_sigma=c_sigma,
        c1=w.c1,
        c_mu=w.c_mu,
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
    the element-wise product ``R * z_k`` there, kept for parity: as ``R`` is
    orthogonal its squared Frobenius norm equals ``||z_k||² =
    ||C^(-1/2) y_k||²``, the tutorial's value, so the quirk is harmless.
    ``C`` is then made exactly symmetric by copying its upper triangle to
    the lower one.
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


class BareCMAES(MeanBasedOptimiser):
    """Bare-bones CMA-ES [1]_, [2]_: the core algorithm in a few lines.

    A readable re-implementation of CMA-ES with active (negative) weights,
    kept for comparison with other bare methods. It uses one global step
    size ``eta = min(sigma0)`` and ``C = I`` at the start, re-decomposes
    ``C`` at every iteration and has no termination criteria except a
    warning-like `stop()` message on ill-conditioning. For real use,
    prefer `CMAES`.

    Parameters
    ----------
    x0, boundaries, rng :
        As for `Optimiser`; ``x0`` is the initial mean.
    sigma0 : float or array_like, shape (n_parameters,), optional
        Initial standard deviation, 0.1 by default (as PINTS); its minimum
        becomes the global step size.

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

    # Only PINTS's default step size differs from the template's.
    def __init__(
        self,
        x0: ArrayLike,
        sigma0: ArrayLike | None = 0.1,
        boundaries: Boundaries | None = None,
        *,
        rng: RngLike = None,
    ) -> None:
        super().__init__(x0, sigma0, boundaries, rng=rng)

    def _set_defaults(self) -> None:
        super()._set_defaults()
        n = self._n_parameters
        eye, zeros = np.eye(n), np.zeros(n)
        eta = float(np.min(self._sigma0))
        self._state = BareState(
            self._x0.copy(), eta, eye, eye, np.ones(n), zeros, zeros
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

    def _contract(self, centre: FloatArray, factor: float) -> None:
        s = self._state
        self._state = dataclasses.replace(
            s, mu=np.array(centre, dtype=float), eta=factor * s.eta
        )

    def cov(
        self, decomposed: bool = False
    ) -> FloatArray | tuple[FloatArray, FloatArray]:
        """The covariance matrix ``C``, or ``(R, S)`` with ``C = R S S Rᵀ``
        (``R`` the eigenvectors, ``S`` the diagonal matrix of the square
        roots of the eigenvalues) if ``decomposed``."""
        if decomposed:
            return self._state.r.copy(), np.diag(self._state.s)
        return self._state.c.copy()

    def mean(self) -> FloatArray:
        """The mean of the search distribution (= `x_guessed()`)."""
        return self.x_guessed()

    def _mean(self) -> FloatArray:
        return self._state.mu

    def _stop(self) -> str | bool:
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
