r"""The rank-normalised split-R-hat and the bulk and tail effective sample
sizes of Vehtari, Gelman, Simpson, Carpenter and Bürkner [1].

References
----------
[1] Vehtari, Gelman, Simpson, Carpenter and Bürkner (2021). Rank-normalization,
    folding, and localization: an improved R-hat for assessing convergence of
    MCMC. Bayesian Analysis 16(2), 667-718. doi:10.1214/20-BA1221
[3] Geyer (1992). Practical Markov chain Monte Carlo. Statistical Science
    7(4), 473-483.
"""

from __future__ import annotations

import numpy as np

from .._typing import ArrayLike, FloatArray
from .._util import LazyModule
from ._pints import _chains, _lagged_products, _rhat_of_split, _split_chains

special = LazyModule("scipy.special")
stats = LazyModule("scipy.stats")


def _rank_normalise(x: FloatArray) -> FloatArray:
    """Normal scores of the pooled ranks of each parameter's draws.

    ``x`` has shape ``(m, n, p)``; ties share their average rank.
    """
    s = x.shape[0] * x.shape[1]
    ranks = stats.rankdata(x.reshape(s, -1), axis=0).reshape(x.shape)
    z: FloatArray = special.ndtri((ranks - 0.375) / (s + 0.25))  # Blom's offsets
    return z


def _multichain_ess(x: FloatArray) -> float:
    """Effective sample size of ``m`` chains of one quantity, shape (m, n),
    by Geyer's initial monotone sequence [1, Section 3.2; 3]."""
    m, n = x.shape
    if np.ptp(x) == 0:
        return np.nan
    acov = _lagged_products(x - x.mean(axis=1, keepdims=True)) / n
    w = np.mean(acov[:, 0]) * n / (n - 1)
    var_plus = w * (n - 1) / n + (np.var(x.mean(axis=1), ddof=1) if m > 1 else 0.0)
    rho = 1 - (w - acov.mean(axis=0)) / var_plus
    rho[0] = 1.0
    # P_k = rho_2k + rho_2k+1 while positive, and while lag 2k + 2 < n
    pairs = rho[: n - n % 2].reshape(-1, 2).sum(axis=1)
    k_len = max((n - 3) // 2, 0)
    stops = np.flatnonzero(pairs[: k_len + 1] <= 0)
    last = int(stops[0]) if stops.size else k_len
    monotone = np.minimum.accumulate(pairs[:last])
    even = rho[2 * last]
    # As Stan and ArviZ: the first pair left out adds its even lag once
    extra = even if even > 0 or pairs[last] >= 0 else 0.0
    tau = max(-1.0 + 2.0 * monotone.sum() + extra, 1.0 / np.log10(m * n))
    return float(m * n / tau)


def _per_parameter(values: list[float], single: bool) -> float | FloatArray:
    a = np.array(values)
    return float(a[0]) if single else a


def rank_normalised_rhat(chains: ArrayLike) -> float | FloatArray:
    r"""Return the rank-normalised split-$\hat R$ of each parameter [1].

    Parameters
    ----------
    chains : array_like, shape (m, n) or (m, n, p)
        ``n >= 4`` samples from each of ``m`` chains.

    Returns
    -------
    float or ndarray, shape (p,)
        A float for 2-d ``chains``; NaN for a parameter that never moves.

    Notes
    -----
    The chains are split in half (as in `rhat`). Every draw $\theta^{(nm)}$
    is replaced by the normal score of its rank $r^{(nm)}$ among all $S$
    split draws [1, Section 4.1],

    $$
    z^{(nm)} = \Phi^{-1}\left(\frac{r^{(nm)} - 3/8}{S + 1/4}\right),
    $$

    and the split-$\hat R$ of [1, Section 3.1] (see `rhat`) computed on $z$
    is the bulk $\hat R$. The same on the folded draws
    $\zeta^{(nm)} = |\theta^{(nm)} - \operatorname{median}(\theta)|$
    is the tail $\hat R$, which sees chains that differ in scale only.
    The result is the larger of the two; [1] recommends trusting the draws
    only when it is below 1.01.
    """
    x, single = _chains(chains, 4)
    split = _split_chains(x)
    folded = np.abs(split - np.median(split.reshape(-1, x.shape[2]), axis=0))
    bulk = _rhat_of_split(_rank_normalise(split))
    tail = _rhat_of_split(_rank_normalise(folded))
    return _per_parameter(list(np.maximum(bulk, tail)), single)


def bulk_effective_sample_size(chains: ArrayLike) -> float | FloatArray:
    r"""Return the bulk effective sample size of each parameter [1].

    Parameters
    ----------
    chains : array_like, shape (m, n) or (m, n, p)
        ``n >= 4`` samples from each of ``m`` chains.

    Returns
    -------
    float or ndarray, shape (p,)
        A float for 2-d ``chains``; NaN for a parameter that never moves.

    Notes
    -----
    The multi-chain ESS [1, Section 3.2] of the rank-normalised split chains
    $z$ (see `rank_normalised_rhat`). For $M$ chains of $N$ draws, with
    autocovariances $\hat\gamma_{t,m}$ of chain $m$ at lag $t$ (normalised
    by $N$, as Stan does), $W$ and $\widehat{\text{var}}^+$ as in `rhat`,

    $$
    \hat\rho_t = 1 - \frac{W - \frac{1}{M}\sum_m \hat\gamma_{t,m}}
        {\widehat{\text{var}}^+}, \qquad
    \hat\tau = -1 + 2 \sum_{k=0}^{K} \hat P_k, \qquad
    \text{ESS} = \frac{NM}{\hat\tau},
    $$

    where $\hat P_k = \hat\rho_{2k} + \hat\rho_{2k+1}$ ($\hat\rho_0 = 1$)
    are summed up to the last positive pair $K$ and made non-increasing
    (Geyer's initial monotone sequence [3]). As in Stan and ArviZ, the even
    lag of the first dropped pair is added once when positive, and
    $\hat\tau \ge 1 / \log_{10}(NM)$. Independent draws give about $NM$.
    """
    x, single = _chains(chains, 4)
    z = _rank_normalise(_split_chains(x))
    return _per_parameter(
        [_multichain_ess(z[:, :, j]) for j in range(x.shape[2])], single
    )


def tail_effective_sample_size(
    chains: ArrayLike, probabilities: tuple[float, float] = (0.05, 0.95)
) -> float | FloatArray:
    r"""Return the tail effective sample size of each parameter [1].

    Parameters
    ----------
    chains : array_like, shape (m, n) or (m, n, p)
        ``n >= 4`` samples from each of ``m`` chains.
    probabilities : tuple of two floats
        The tail quantiles' probabilities, each in ``(0, 1)``.

    Returns
    -------
    float or ndarray, shape (p,)
        A float for 2-d ``chains``; NaN where an indicator below never
        changes (e.g. a parameter that never moves).

    Notes
    -----
    For each probability $\alpha$, the draws are turned into the indicators
    $I(\theta^{(nm)} \le \hat q_\alpha)$ of lying below the empirical
    quantile $\hat q_\alpha$ of all draws (linear interpolation) [1,
    Section 4.3], and the multi-chain ESS of the split indicator chains is
    computed as in `bulk_effective_sample_size` (without rank
    normalisation). The tail ESS is the smaller of the two; it measures how
    well the 5% and 95% quantiles are estimated.

    The quantile is ``np.quantile``'s, which is exact when it falls on a
    draw; ArviZ's can then land a rounding error below that draw, leave it
    out of the indicator and give a slightly different ESS.
    """
    x, single = _chains(chains, 4)
    p = np.asarray(probabilities, dtype=float)
    if p.shape != (2,) or not np.all((p > 0) & (p < 1)):
        raise ValueError(
            "probabilities must be two numbers in (0, 1); got "
            f"{np.asarray(probabilities).tolist()}."
        )
    values = []
    for j in range(x.shape[2]):
        q = np.quantile(x[:, :, j], p)
        ess = [_multichain_ess(_split_chains((x[:, :, j] <= qi) * 1.0)) for qi in q]
        values.append(min(ess) if not np.isnan(ess).any() else np.nan)
    return _per_parameter(values, single)
