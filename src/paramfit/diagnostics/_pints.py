r"""PINTS's MCMC diagnostics, with PINTS's names, signatures and formulas,
and the input checks and helpers the rank-normalised diagnostics share.

References
----------
[2] Gelman, Carlin, Stern, Dunson, Vehtari and Rubin (2014). Bayesian Data
    Analysis, 3rd edition, Section 11.4. CRC Press.
"""

from __future__ import annotations

import warnings

import numpy as np

from .._checks import floats, number
from .._typing import ArrayLike, FloatArray
from .._util import LazyModule

fft = LazyModule("scipy.fft")

# -- input checks ----------------------------------------------------------


def _finite(x: ArrayLike, name: str) -> FloatArray:
    """``x`` as a float array, refusing anything that is not finite."""
    try:
        a = floats(x, name)
    except (TypeError, ValueError) as e:  # non-numbers, or ragged chains
        raise type(e)(
            f"{name} must be an array of real numbers (chains of equal length); "
            f"could not convert the {type(x).__name__} given: {e}"
        ) from None
    bad = np.count_nonzero(~np.isfinite(a))
    if bad:
        raise ValueError(
            f"{name} must contain only finite values; got {bad} NaN or infinite "
            f"entries."
        )
    return a


def _series(x: ArrayLike, name: str) -> FloatArray:
    """A one-dimensional series of at least two finite samples."""
    a = _finite(x, name)
    if a.ndim != 1:
        raise ValueError(
            f"{name} must be one-dimensional (the samples of one parameter); "
            f"got an array of shape {a.shape}."
        )
    if len(a) < 2:
        raise ValueError("At least two samples must be given.")
    return a


def _chains(chains: ArrayLike, min_samples: int) -> tuple[FloatArray, bool]:
    """Chains as ``(n_chains, n_samples, n_parameters)``, and whether the
    input had one parameter (a 2-d array)."""
    a = _finite(chains, "chains")
    if a.ndim not in (2, 3):
        raise ValueError(
            "chains must have shape (n_chains, n_samples) or (n_chains, "
            f"n_samples, n_parameters); got an array of shape {a.shape}."
        )
    if a.shape[0] < 1 or a.shape[1] < min_samples:
        raise ValueError(
            f"chains must hold at least one chain of at least {min_samples} "
            f"samples; got an array of shape {a.shape}."
        )
    return (a[:, :, None], True) if a.ndim == 2 else (a, False)


# -- PINTS's diagnostics ---------------------------------------------------


def _lagged_products(d: FloatArray) -> FloatArray:
    r"""$\sum_t d_t d_{t+k}$ for every lag $k$ along the last axis, by FFT.

    Zero-padding to at least ``2n - 1`` points keeps the circular
    correlation from wrapping round.
    """
    n = d.shape[-1]
    size = fft.next_fast_len(2 * n - 1, real=True)
    f = fft.rfft(d, size, axis=-1)
    products: FloatArray = fft.irfft(f.real**2 + f.imag**2, size, axis=-1)
    return products[..., :n]


def _autocorrelations(x: FloatArray) -> FloatArray:
    """Autocorrelation of each row of ``x`` at lags ``0 .. n - 1``."""
    n = x.shape[-1]
    d = x - x.mean(axis=-1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        return _lagged_products(d) / (n * np.var(x, axis=-1, keepdims=True))


def autocorrelation(x: ArrayLike) -> FloatArray:
    r"""Return the autocorrelation of a series at every lag.

    Parameters
    ----------
    x : array_like, shape (n,)
        The samples of one parameter, at least two.

    Returns
    -------
    ndarray, shape (n,)
        $\rho_k$ for lags $k = 0, \dots, n - 1$; $\rho_0 = 1$.

    Notes
    -----
    With $\bar x$ the mean and $s^2 = \frac{1}{n}\sum_t (x_t - \bar x)^2$
    the (biased) variance,

    $$
    \rho_k = \frac{1}{n s^2} \sum_{t=1}^{n-k} (x_t - \bar x)(x_{t+k} - \bar x),
    $$

    as in PINTS. The sums are computed for all lags at once by FFT.
    """
    return _autocorrelations(_series(x, "x")[None, :])[0]


def autocorrelate_negative(autocorrelation: ArrayLike) -> int:
    """Return the index of the first negative entry of ``autocorrelation``,
    or its length if no entry is negative.

    Parameters
    ----------
    autocorrelation : array_like, shape (n,)
        Autocorrelations, e.g. from `autocorrelation`.

    Returns
    -------
    int
    """
    negative = np.flatnonzero(np.ravel(np.asarray(autocorrelation, dtype=float)) < 0)
    return int(negative[0]) if negative.size else len(np.ravel(autocorrelation))


#: PINTS's name for `autocorrelate_negative` (``pints._diagnostics``).
_autocorrelate_negative = autocorrelate_negative


def _pints_ess(rows: FloatArray) -> FloatArray:
    """PINTS's effective sample size of each row of ``rows``."""
    n = rows.shape[-1]
    rho = _autocorrelations(rows)
    negative = rho < 0
    first = np.where(negative.any(axis=-1), negative.argmax(axis=-1), n)
    kept = np.arange(n) < first[:, None]
    total = np.where(kept, rho, 0.0).sum(axis=-1)
    ess: FloatArray = n / (1 + 2 * total)
    return ess


def effective_sample_size_single_parameter(x: ArrayLike) -> float:
    r"""Return the effective sample size (ESS) of one parameter's samples.

    Parameters
    ----------
    x : array_like, shape (n,)
        The samples of one parameter from one chain, at least two.

    Returns
    -------
    float

    Notes
    -----
    PINTS's estimator: with $\rho_k$ from `autocorrelation` and $T$ the first
    lag at which $\rho_T < 0$ (or $n$ if none is),

    $$
    \text{ESS} = \frac{n}{1 + 2 \sum_{k=0}^{T-1} \rho_k}.
    $$

    The sum starts at lag 0, where $\rho_0 = 1$, so independent draws give
    about $n / 3$, not $n$ (the textbook sum starts at lag 1 [2]); the
    formula is kept because PINTS's users compare against its numbers.
    `bulk_effective_sample_size` gives about $n$ for independent draws.
    """
    return float(_pints_ess(_series(x, "x")[None, :])[0])


def effective_sample_size(samples: ArrayLike) -> list[float]:
    """Return the effective sample size of each parameter of one chain.

    Parameters
    ----------
    samples : array_like, shape (n_samples, n_parameters)
        One chain, at least two samples.

    Returns
    -------
    list of float, length n_parameters
        `effective_sample_size_single_parameter` of each column.
    """
    a = _finite(samples, "samples")
    if a.ndim != 2:
        raise ValueError("Samples must be given as a 2d array.")
    if a.shape[0] < 2:
        raise ValueError("At least two samples must be given.")
    return [float(e) for e in _pints_ess(np.ascontiguousarray(a.T))]


def _split_chains(chains: FloatArray) -> FloatArray:
    """Each chain's first and last ``n // 2`` samples as two chains (the
    middle sample of an odd-length chain is dropped)."""
    half = chains.shape[1] // 2
    return np.concatenate([chains[:, :half], chains[:, chains.shape[1] - half :]])


def _rhat_of_split(chains: FloatArray) -> FloatArray:
    """R-hat of chains that are already split, shape ``(m, n, ...)``."""
    n = chains.shape[1]
    if n < 2:  # no within-chain variance
        return np.full(chains.shape[2:], np.nan)
    w = np.mean(np.var(chains, axis=1, ddof=1), axis=0)
    b = n * np.var(np.mean(chains, axis=1), axis=0, ddof=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        r: FloatArray = np.sqrt((n - 1.0) / n + b / (w * n))
    return r


def rhat(chains: ArrayLike, warm_up: float = 0.0) -> float | FloatArray:
    r"""Return the split-$\hat{R}$ of each parameter [2].

    Parameters
    ----------
    chains : array_like, shape (m, n) or (m, n, p)
        ``n`` samples from each of ``m`` chains, of one or ``p`` parameters.
    warm_up : float
        The fraction, in ``[0, 1]``, of each chain to discard first.

    Returns
    -------
    float or ndarray, shape (p,)
        A float for 2-d ``chains``.

    Notes
    -----
    After the warm-up, each chain is cut into its first and last
    $n' = \lfloor n / 2 \rfloor$ samples, giving $m' = 2m$ chains $\psi_{ij}$.
    With chain means $\bar\psi_j$ and their mean $\bar\psi$,

    $$
    W = \frac{1}{m'} \sum_{j=1}^{m'} \frac{1}{n'-1}
        \sum_{i=1}^{n'} (\psi_{ij} - \bar\psi_j)^2, \qquad
    B = \frac{n'}{m'-1} \sum_{j=1}^{m'} (\bar\psi_j - \bar\psi)^2,
    $$

    $$
    \widehat{\text{var}}^+ = \frac{n'-1}{n'} W + \frac{1}{n'} B, \qquad
    \hat{R} = \sqrt{\widehat{\text{var}}^+ / W}.
    $$

    Chains that agree give $\hat R \approx 1$. Chains of a single value have
    $W = 0$: their $\hat R$ is NaN (or infinite if the values differ).
    """
    a = _finite(chains, "chains")
    if a.ndim not in (2, 3):
        raise ValueError(
            f"Dimension of chains is {a.ndim}. Method computes Rhat for one or "
            "multiple parameters and therefore only accepts 2 or 3 dimensional "
            "arrays."
        )
    if not 0 <= number(warm_up, "warm_up") <= 1:
        raise ValueError(
            f"`warm_up` is set to {warm_up:f}. `warm_up` only takes values in [0,1]."
        )
    if a.shape[0] < 1:
        raise ValueError(f"chains must hold at least one chain; got shape {a.shape}.")
    a = a[:, int(a.shape[1] * warm_up) :]
    if a.shape[1] // 2 < 1:
        raise ValueError(
            "Number of samples per chain after warm-up and chain splitting is "
            f"{a.shape[1] // 2}. Method needs at least 1 sample per chain."
        )
    r = _rhat_of_split(_split_chains(a))
    return r[()] if r.ndim == 0 else r


def rhat_all_params(chains: ArrayLike) -> float | FloatArray:
    """Deprecated alias of `rhat` (warns on every call)."""
    warnings.warn(
        "The function `pints.rhat_all_params` is deprecated."
        " Please use `pints.rhat` instead.",
        stacklevel=2,
    )
    return rhat(chains)
