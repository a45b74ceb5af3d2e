"""The statistical harness: are samples consistent with a known target?

One set of checks for everything that draws samples: an optimiser's search
distribution today, MCMC chains later. Each check compares an estimate with
its known target value in units of its Monte Carlo standard error (MCSE),
and fails when they are more than ``k`` standard errors apart. With ``k = 4``
a correct sampler fails a single check with probability about 6e-5 (normal
approximation), while an error of a few MCSE is caught.

Independent draws have an effective sample size equal to their number. For
autocorrelated chains pass ``ess`` (e.g. from `effective_sample_size`),
which widens the standard errors accordingly; `split_rhat` checks that
several chains agree with each other.

References
----------
Gelman et al. (2013) "Bayesian Data Analysis", 3rd edition, section 11.4
(split R-hat) and 11.5 (effective sample size).
Geyer (1992) "Practical Markov chain Monte Carlo", Statistical Science 7,
473-483 (initial monotone sequence estimator of the autocorrelation time).
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = [
    "assert_correlation",
    "assert_cov",
    "assert_mean",
    "assert_sd",
    "effective_sample_size",
    "split_rhat",
    "assert_rhat",
]


def _samples(samples: Any) -> np.ndarray:
    x = np.asarray(samples, dtype=float)
    if x.ndim == 1:
        x = x[:, np.newaxis]
    if x.ndim != 2 or len(x) < 2:
        raise ValueError(f"samples must have shape (n >= 2, d); got {x.shape}.")
    return x


def _ess(ess: Any, n: int, d: int) -> np.ndarray:
    """``ess`` per dimension (``None``: independent draws, so ``n``)."""
    e = np.broadcast_to(np.asarray(n if ess is None else ess, dtype=float), (d,))
    if np.any(e <= 1):
        raise ValueError(f"effective sample sizes must exceed 1; got {e}.")
    return e


def _fail_if_far(
    what: str, estimate: np.ndarray, target: np.ndarray, se: np.ndarray, k: float
) -> None:
    z = np.abs(estimate - target) / se
    if np.all(z < k):
        return
    lines = [f"{what} more than {k} Monte Carlo standard errors from its target:"]
    for i in zip(*np.nonzero(z >= k), strict=True):
        index = ", ".join(str(int(j)) for j in i)
        lines.append(
            f"  {what}[{index}]: {estimate[i]:.6g}, target {target[i]:.6g}, "
            f"standard error {se[i]:.3g} ({z[i]:.1f} SE)"
        )
    raise AssertionError("\n".join(lines))


def assert_mean(
    samples: Any, mean: Any, sd: Any, k: float = 4.0, ess: Any = None
) -> None:
    """Each coordinate's sample mean is within ``k`` MCSE of ``mean``.

    MCSE is ``sd / sqrt(ess)`` with ``sd`` the target's standard deviation.

    Parameters
    ----------
    samples : array_like, shape (n, d) or (n,)
    mean, sd : array_like, shape (d,) or scalar
        The target's mean and standard deviation.
    ess : array_like, shape (d,) or scalar, optional
        Effective sample size; by default ``n`` (independent draws).
    """
    x = _samples(samples)
    n, d = x.shape
    se = np.broadcast_to(np.asarray(sd, dtype=float), (d,)) / np.sqrt(_ess(ess, n, d))
    target = np.broadcast_to(np.asarray(mean, dtype=float), (d,))
    _fail_if_far("mean", x.mean(axis=0), target, se, k)


def assert_sd(
    samples: Any, sd: Any, k: float = 4.0, ess: Any = None, kurtosis: Any = 3.0
) -> None:
    """Each coordinate's sample standard deviation is within ``k`` MCSE of
    ``sd``.

    MCSE is ``sd * sqrt((kurtosis - 1) / (4 ess))``, the delta-method
    standard error of a sample standard deviation: ``sd / sqrt(2 ess)`` for
    a normal target (kurtosis 3); pass the target's kurtosis otherwise
    (e.g. 1.8 for a uniform one).
    """
    x = _samples(samples)
    n, d = x.shape
    target = np.broadcast_to(np.asarray(sd, dtype=float), (d,))
    kappa = np.broadcast_to(np.asarray(kurtosis, dtype=float), (d,))
    se = target * np.sqrt((kappa - 1) / (4 * _ess(ess, n, d)))
    _fail_if_far("sd", x.std(axis=0, ddof=1), target, se, k)


def assert_correlation(
    samples: Any, correlation: Any = 0.0, k: float = 4.0, ess: Any = None
) -> None:
    """Each pair's sample correlation is within ``k`` MCSE of its target.

    MCSE is ``(1 - rho^2) / sqrt(ess)``, the large-sample standard error of
    a correlation coefficient of normal draws (``1 / sqrt(n)`` for
    uncorrelated ones). ``correlation`` is a (d, d) matrix or one value for
    every pair; ``ess`` is one value (the smallest over the coordinates).
    """
    x = _samples(samples)
    n, d = x.shape
    if d < 2:
        raise ValueError("a correlation needs samples of at least 2 dimensions.")
    rho = np.asarray(correlation, dtype=float)
    if rho.ndim == 0:
        rho = np.full((d, d), float(rho))
        np.fill_diagonal(rho, 1.0)
    e = float(np.min(_ess(ess, n, d)))
    se = np.maximum(1 - rho**2, 1e-12) / np.sqrt(e)
    np.fill_diagonal(se, np.inf)  # 1 by definition
    _fail_if_far("correlation", np.corrcoef(x.T), rho, se, k)


def assert_cov(samples: Any, cov: Any, k: float = 4.0, ess: Any = None) -> None:
    """Each entry of the sample covariance is within ``k`` MCSE of ``cov``.

    MCSE of entry (i, j) is ``sqrt((S_ij^2 + S_ii S_jj) / ess)`` with S the
    target covariance: the standard error of a sample covariance of normal
    draws.
    """
    x = _samples(samples)
    n, d = x.shape
    s = np.asarray(cov, dtype=float).reshape(d, d)
    e = float(np.min(_ess(ess, n, d)))
    se = np.sqrt((s**2 + np.outer(np.diag(s), np.diag(s))) / e)
    _fail_if_far("cov", np.atleast_2d(np.cov(x.T)), s, se, k)


# -- autocorrelated chains -------------------------------------------------


def effective_sample_size(chain: Any) -> np.ndarray:
    """Effective sample size of each coordinate of one chain, ``n / tau``.

    The integrated autocorrelation time ``tau`` sums the autocorrelations in
    pairs up to the first negative pair, each pair no larger than the one
    before (Geyer's initial monotone sequence estimator).

    Parameters
    ----------
    chain : array_like, shape (n, d) or (n,)

    Returns
    -------
    ndarray, shape (d,)
    """
    x = _samples(chain)
    n = len(x)
    centred = x - x.mean(axis=0)
    # autocovariances at every lag by FFT (zero-padded: no wrap-around)
    size = 1 << (2 * n - 1).bit_length()
    f = np.fft.rfft(centred, n=size, axis=0)
    acov = np.fft.irfft(f * np.conj(f), n=size, axis=0)[:n] / n
    ess = np.empty(x.shape[1])
    for j in range(x.shape[1]):
        rho = acov[:, j] / acov[0, j]
        pairs = rho[: n - n % 2].reshape(-1, 2).sum(axis=1)
        positive = np.argmax(pairs < 0) if np.any(pairs < 0) else len(pairs)
        monotone = np.minimum.accumulate(pairs[:positive])
        tau = max(-1.0 + 2.0 * monotone.sum(), 1.0 / np.log10(n))
        ess[j] = n / tau
    return ess


def split_rhat(chains: Any) -> np.ndarray:
    """Split R-hat of each coordinate (Gelman et al. 2013, eq. 11.4).

    Each chain is cut in half, so a chain that drifts looks like two chains
    that disagree. Values near 1 mean the (half-)chains agree.

    Parameters
    ----------
    chains : array_like, shape (m, n, d) or (m, n)
        ``m`` chains of ``n`` draws.

    Returns
    -------
    ndarray, shape (d,)
    """
    c = np.asarray(chains, dtype=float)
    if c.ndim == 2:
        c = c[:, :, np.newaxis]
    if c.ndim != 3 or c.shape[1] < 4:
        raise ValueError(f"chains must have shape (m, n >= 4, d); got {c.shape}.")
    half = c.shape[1] // 2
    halves = np.concatenate([c[:, :half], c[:, -half:]], axis=0)
    n = halves.shape[1]
    means = halves.mean(axis=1)
    between = n * means.var(axis=0, ddof=1)
    within = halves.var(axis=1, ddof=1).mean(axis=0)
    var_plus = (n - 1) / n * within + between / n
    return np.sqrt(var_plus / within)  # type: ignore[no-any-return]


def assert_rhat(chains: Any, below: float = 1.01) -> None:
    """Split R-hat of every coordinate is below ``below``."""
    r = split_rhat(chains)
    if not np.all(r < below):
        raise AssertionError(f"split R-hat {np.round(r, 4).tolist()} not below {below}")
