"""The maths of CMA-ES: default parameters and one pure update step.

Everything here follows Hansen's tutorial [1]_, and the comments cite its
equation numbers (Appendix A, "Algorithm Summary", of the arXiv version).
Nothing here draws random numbers or knows about boundaries: the caller
samples ``z ~ N(0, I)``, forms ``y = B D z`` and ``x = m + sigma y``, sorts
the ``y`` by score and hands them to `cma_update()`, so tests can inject
samples and compare one step with hand-derived values or with pycma.

References
----------
.. [1] Hansen (2016) "The CMA Evolution Strategy: A Tutorial".
   arXiv:1604.00772. https://arxiv.org/abs/1604.00772
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

import numpy as np

from .._typing import FloatArray
from .._util import LazyModule, read_only

# LAPACK's divide-and-conquer eigensolver, imported at the first update.
_lapack = LazyModule("scipy.linalg.lapack")

_TINY = np.finfo(float).tiny


def expected_norm(n: int) -> float:
    """``E||N(0, I)||`` in ``n`` dimensions, ``sqrt(2) Γ((n+1)/2) / Γ(n/2)``.

    The tutorial [1]_ approximates it by ``sqrt(n) (1 - 1/(4n) + 1/(21n²))``;
    the exact value costs nothing, so it is used.
    """
    return math.sqrt(2) * math.exp(math.lgamma((n + 1) / 2) - math.lgamma(n / 2))


@dataclass(frozen=True)
class RecombinationWeights:
    """Weights and the learning rates they depend on (see
    `recombination_weights()`)."""

    #: Best rank first: ``μ`` positive weights summing to one, then zero or
    #: negative ones (active CMA).
    weights: FloatArray
    #: Variance effective selection mass of the positive weights.
    mu_eff: float
    #: Learning rates of the rank-one and rank-μ updates.
    c1: float
    c_mu: float


def recombination_weights(
    n: int, population_size: int, *, rank_mu_offset: float = 0.25
) -> RecombinationWeights:
    """The recombination weights of [1]_ (Eqs. 49-53), with ``c_1`` (57)
    and ``c_μ`` (58), on which the negative weights depend.

    ``rank_mu_offset`` is the ``1/4`` in the numerator of ``c_μ``: pycma's
    and the tutorial's 2023 edition; 0 in its 2016 edition (and PINTS).
    """
    lam = population_size
    mu = lam // 2
    w = math.log((lam + 1) / 2) - np.log(np.arange(1, lam + 1))  # (49)
    mu_eff = float(w[:mu].sum() ** 2 / np.square(w[:mu]).sum())
    neg = w[w < 0]
    mu_eff_minus = neg.sum() ** 2 / np.square(neg).sum() if len(neg) else 0.0
    c1 = 2 / ((n + 1.3) ** 2 + mu_eff)  # (57)
    rank_mu = 2 * (rank_mu_offset + mu_eff - 2 + 1 / mu_eff) / ((n + 2) ** 2 + mu_eff)
    c_mu = min(1 - c1, rank_mu)  # (58)
    weights = np.where(w > 0, w / w[w > 0].sum(), 0.0)  # (53), positive part
    if len(neg) and c_mu > 0:
        alpha = min(
            1 + c1 / c_mu,  # (50)
            1 + 2 * mu_eff_minus / (mu_eff + 2),  # (51)
            (1 - c1 - c_mu) / (n * c_mu),  # (52)
        )
        weights = np.where(w < 0, alpha * w / -neg.sum(), weights)  # (53)
    return RecombinationWeights(read_only(weights), mu_eff, c1, c_mu)


@dataclass(frozen=True)
class CMAParameters:
    """Strategy parameters of CMA-ES for a dimension and a population size.

    Attributes
    ----------
    n, population_size, mu : int
        Dimension, ``λ`` and the number of parents ``μ = ⌊λ/2⌋``.
    weights : array, shape (λ,)
        Recombination weights, best rank first: ``μ`` positive ones summing
        to one, then zero or negative ones (active CMA).
    mu_eff : float
        Variance effective selection mass of the positive weights.
    cm, c_sigma, d_sigma, c_c, c1, c_mu : float
        Learning rates and damping (see `cma_parameters()`).
    chi_n : float
        ``E||N(0, I)||``.
    """

    n: int
    population_size: int
    mu: int
    weights: FloatArray
    mu_eff: float
    cm: float
    c_sigma: float
    d_sigma: float
    c_c: float
    c1: float
    c_mu: float
    chi_n: float
    #: Derived constants, recomputed by `replace()`.
    n_nonnegative: int = dataclasses.field(init=False)
    rate_sigma: float = dataclasses.field(init=False)
    rate_c: float = dataclasses.field(init=False)
    h_threshold: float = dataclasses.field(init=False)
    weights_sum: float = dataclasses.field(init=False)

    def __post_init__(self) -> None:
        derived = {
            "n_nonnegative": int(np.sum(self.weights >= 0)),
            "rate_sigma": math.sqrt(self.c_sigma * (2 - self.c_sigma) * self.mu_eff),
            "rate_c": math.sqrt(self.c_c * (2 - self.c_c) * self.mu_eff),
            "h_threshold": (1.4 + 2 / (self.n + 1)) * self.chi_n,
            "weights_sum": float(np.sum(self.weights)),
        }
        for name, value in derived.items():
            object.__setattr__(self, name, value)

    def replace(self, **changes: object) -> CMAParameters:
        """A copy with some fields changed (e.g. to match another library)."""
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]


def cma_parameters(n: int, population_size: int) -> CMAParameters:
    """The default strategy parameters of [1]_ (Table 1 / Eqs. 48-58).

    Parameters
    ----------
    n : int
        Dimension of the search space (at least 1).
    population_size : int
        Number of samples per generation ``λ`` (at least 2).

    Notes
    -----
    With ``w'_i = ln((λ+1)/2) - ln i`` (49), ``μ_eff`` of the positive and
    ``μ_eff^-`` of the negative ``w'``,

    $$
    c_\\sigma = \\min\\left(\\frac{1}{2},
        \\frac{\\mu_{eff} + 2}{n + \\mu_{eff} + 3}\\right), \\quad
    d_\\sigma = 1 + 2 \\max\\left(0, \\sqrt{\\tfrac{\\mu_{eff}-1}{n+1}}
        - 1\\right) + c_\\sigma,                         \\quad (55)
    $$

    $$
    c_c = \\frac{4 + \\mu_{eff}/n}{n + 4 + 2\\mu_{eff}/n},   \\quad (56)
    c_1 = \\frac{2}{(n+1.3)^2 + \\mu_{eff}},                 \\quad (57)
    c_\\mu = \\min\\left(1 - c_1,
        \\frac{2(1/4 + \\mu_{eff} - 2 + 1/\\mu_{eff})}{(n+2)^2 + \\mu_{eff}}
        \\right),                                         \\quad (58)
    $$

    positive weights ``w'_i / Σ w'^+`` and negative weights
    ``min(α_μ^-, α_μeff^-, α_posdef^-) w'_i / Σ|w'^-|`` (50-53), which keep
    ``C`` positive definite.

    Two choices follow the current reference implementation (pycma) where
    the tutorial's editions differ: the ``1/4`` offset in ``c_μ`` (a larger
    rank-μ learning rate for small populations) and ``c_σ`` with
    ``n + μ_eff + 3`` (tutorial: ``+ 5``), capped at 1/2 (which matters for
    ``n <= 3`` only). Together they save ~15% of the evaluations on the
    two-parameter logistic problem of the seed notebook.
    """
    if population_size < 2:
        raise ValueError(
            f"CMA-ES needs a population size of at least 2; got {population_size}."
        )
    w = recombination_weights(n, population_size)
    mu_eff = w.mu_eff
    c_sigma = min(0.5, (mu_eff + 2) / (n + mu_eff + 3))  # (55), as pycma
    d_sigma = 1 + 2 * max(0.0, math.sqrt((mu_eff - 1) / (n + 1)) - 1) + c_sigma
    return CMAParameters(
        n=n,
        population_size=population_size,
        mu=population_size // 2,
        weights=w.weights,
        mu_eff=mu_eff,
        cm=1.0,  # (54)
        c_sigma=c_sigma,
        d_sigma=d_sigma,
        c_c=(4 + mu_eff / n) / (n + 4 + 2 * mu_eff / n),  # (56)
        c1=w.c1,
        c_mu=w.c_mu,
        chi_n=expected_norm(n),
    )


@dataclass(frozen=True)
class CMAState:
    """The state of the search distribution ``N(mean, sigma² C)``.

    Attributes
    ----------
    mean : array, shape (n,)
    sigma : float
        Global step size.
    cov : array, shape (n, n)
        Covariance matrix ``C``.
    p_sigma, p_c : array, shape (n,)
        Evolution paths of the step size and of ``C``.
    b, d : arrays, shapes (n, n) and (n,)
        The decomposition ``C = B diag(d)² Bᵀ`` used to sample (it may lag
        behind ``cov``: see `decompose()`).
    generation : int
        Number of updates done so far.
    """

    mean: FloatArray
    sigma: float
    cov: FloatArray
    p_sigma: FloatArray
    p_c: FloatArray
    b: FloatArray
    d: FloatArray
    generation: int = 0


def initial_state(mean: FloatArray, sigma0: FloatArray) -> CMAState:
    """Start at ``mean`` with per-coordinate standard deviations ``sigma0``.

    The global step size is the geometric mean of ``sigma0`` and ``C`` is
    diagonal with the squared ratios, so ``det C = 1`` and
    ``sigma sqrt(C_ii) = sigma0_i``.
    """
    sigma = float(np.exp(np.mean(np.log(sigma0))))
    d = np.asarray(sigma0, dtype=float) / sigma
    n = len(d)
    z = np.zeros(n)
    return CMAState(
        np.array(mean, dtype=float), sigma, np.diag(d**2), z, z, np.eye(n), d
    )


def decompose(cov: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Symmetrise ``C`` and return ``(C, B, d)`` with ``C = B diag(d)² Bᵀ``.

    Round-off can make tiny eigenvalues zero or negative: they are raised to
    ``1e-20`` times the largest one, so the condition number (then 1e20)
    reports the problem instead of a crash.
    """
    cov = (cov + cov.T) / 2
    # LAPACK's dsyevd directly: numpy's eigh wrapper costs more than the
    # decomposition itself for small n.
    eigenvalues, b, info = _lapack.dsyevd(cov, compute_v=1)
    if info != 0:  # pragma: no cover - LAPACK failure; numpy raises a clear error
        eigenvalues, b = np.linalg.eigh(cov)
    floor = max(float(eigenvalues[-1]) * 1e-20, _TINY)
    return cov, b, np.sqrt(np.maximum(eigenvalues, floor))


def cma_update(
    state: CMAState,
    y_sorted: FloatArray,
    params: CMAParameters,
    z_sorted: FloatArray | None = None,
) -> CMAState:
    """One generation of CMA-ES: new mean, paths, step size and covariance.

    Parameters
    ----------
    state : CMAState
        The distribution that generated the samples (its ``b``, ``d`` are the
        ones used to sample, and give ``C^(-1/2)``).
    y_sorted : array, shape (λ, n)
        The steps ``y_k = (x_k - m) / sigma`` sorted from best to worst score.
    params : CMAParameters
    z_sorted : array, shape (λ, n), optional
        The same steps in eigen-coordinates, ``D^-1 Bᵀ y`` (the standard
        normal draws, when ``y = B D z``), saving a product; computed from
        ``y_sorted`` if not given.

    Returns
    -------
    CMAState
        The updated state, with ``generation`` incremented and the same
        ``b``, ``d`` (the caller re-decomposes ``cov`` when it sees fit).

    Notes
    -----
    With weights ``w_i`` (negative ones for the worst samples) and
    ``g`` = ``state.generation``,

    $$
    \\langle y \\rangle_w = \\sum_{i=1}^{\\mu} w_i y_{i:\\lambda}      \\quad (41)
    $$

    $$
    m \\leftarrow m + c_m \\sigma \\langle y \\rangle_w                \\quad (42)
    $$

    $$
    p_\\sigma \\leftarrow (1 - c_\\sigma) p_\\sigma
        + \\sqrt{c_\\sigma (2 - c_\\sigma) \\mu_{eff}}
          C^{-1/2} \\langle y \\rangle_w                               \\quad (43)
    $$

    $$
    \\sigma \\leftarrow \\sigma \\exp\\left(\\frac{c_\\sigma}{d_\\sigma}
        \\left(\\frac{\\|p_\\sigma\\|}{E\\|N(0,I)\\|} - 1\\right)\\right)
                                                                     \\quad (44)
    $$

    $$
    p_c \\leftarrow (1 - c_c) p_c + h_\\sigma
        \\sqrt{c_c (2 - c_c) \\mu_{eff}} \\langle y \\rangle_w        \\quad (45)
    $$

    $$
    w_i^\\circ = w_i \\times
        (1 \\text{ if } w_i \\ge 0 \\text{ else }
         n / \\|C^{-1/2} y_{i:\\lambda}\\|^2)                        \\quad (46)
    $$

    $$
    C \\leftarrow (1 + c_1 \\delta(h_\\sigma) - c_1 - c_\\mu \\sum_j w_j) C
        + c_1 p_c p_c^T
        + c_\\mu \\sum_{i=1}^{\\lambda} w_i^\\circ y_{i:\\lambda} y_{i:\\lambda}^T
                                                                     \\quad (47)
    $$

    where ``h_σ = 1`` if ``||p_σ|| / sqrt(1 - (1 - c_σ)^(2(g+1))) <
    (1.4 + 2/(n+1)) E||N(0,I)||`` and 0 otherwise, and
    ``δ(h_σ) = (1 - h_σ) c_c (2 - c_c)`` (p. 28 of [1]_).
    """
    p = params
    w, k = p.weights, p.n_nonnegative
    b, d = state.b, state.d
    y_w = w[: p.mu] @ y_sorted[: p.mu]  # (41)
    mean = state.mean + (p.cm * state.sigma) * y_w  # (42)
    # Eigen-coordinates D^-1 B^T y, so C^(-1/2) y = B (D^-1 B^T y).
    z = (y_sorted @ b) / d if z_sorted is None else z_sorted
    cs = p.c_sigma
    p_sigma = (1 - cs) * state.p_sigma + b @ (p.rate_sigma * (w[: p.mu] @ z[: p.mu]))
    norm_ps = math.sqrt(p_sigma @ p_sigma)  # (43) above
    correction = math.sqrt(1 - (1 - cs) ** (2 * (state.generation + 1)))
    h_sigma = norm_ps / correction < p.h_threshold  # p. 28
    p_c = (1 - p.c_c) * state.p_c
    if h_sigma:
        p_c += p.rate_c * y_w  # (45)
    delta_h = 0.0 if h_sigma else p.c_c * (2 - p.c_c)
    coef = p.c_mu * w  # (46): rescale the negative weights
    zn = z[k:]
    coef[k:] *= p.n / (np.einsum("ij,ij->i", zn, zn) + _TINY)
    cov = (y_sorted.T * coef) @ y_sorted  # (47)
    cov += (1 + p.c1 * delta_h - p.c1 - p.c_mu * p.weights_sum) * state.cov
    cov += np.multiply.outer(p.c1 * p_c, p_c)
    sigma = state.sigma * math.exp(cs / p.d_sigma * (norm_ps / p.chi_n - 1))  # (44)
    return CMAState(
        mean, sigma, cov, p_sigma, p_c, b, d, generation=state.generation + 1
    )
