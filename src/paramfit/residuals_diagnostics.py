"""Diagnostic plots of the residuals of a fit, to check the noise model.

The residuals of a fit are $e_i = y_i - f(t_i; \\theta)$. If the
noise is independent and identically distributed (IID), as most error
measures and likelihoods assume, the residuals should look like white noise:
no autocorrelation, a constant spread, no dependence on the model's output.
These functions show whether they do.

Each function takes ``parameters`` of shape ``(n_samples, n_parameters)``:
one optimisation result as a one-row array (``np.array([x])``), or samples
from MCMC (then the median over samples is used, or the spread is shown).
Columns beyond the problem's ``n_parameters`` (e.g. noise parameters) are
ignored. As in PINTS, the plotting functions return the
`matplotlib.figure.Figure` (its axes are ``fig.axes``); matplotlib is
imported only when they are called.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import ArrayLike

from ._typing import FloatArray
from .plot._mpl import pyplot
from .plot._series import check_thinning
from .problems._problems import Problem

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "acorr",
    "calculate_residuals",
    "plot_residuals_autocorrelation",
    "plot_residuals_binned_autocorrelation",
    "plot_residuals_binned_std",
    "plot_residuals_distance",
    "plot_residuals_vs_output",
]


def calculate_residuals(
    parameters: ArrayLike, problem: Problem, thinning: int | None = None
) -> FloatArray:
    """Return the residuals (data minus model) for each parameter sample.

    Parameters
    ----------
    parameters : array_like, shape (n_samples, n_parameters)
        One row per parameter set.
    problem : SingleOutputProblem or MultiOutputProblem
        The fitted problem.
    thinning : int, optional
        Use every ``thinning``-th sample (at least 1); by default about 200
        samples are used.

    Returns
    -------
    ndarray, shape (n_used_samples, n_outputs, n_times)

    Raises
    ------
    ValueError
        If ``parameters`` is not 2-d, or ``thinning`` is less than 1.
    """
    predictions = _predictions(parameters, problem, thinning)
    residuals = _columns(problem.values())[None, :, :] - predictions
    return np.swapaxes(residuals, 1, 2)


def acorr(x: ArrayLike, max_lag: int) -> FloatArray:
    """Return the normalised autocorrelation of ``x`` at lags ``-max_lag``
    to ``max_lag``.

    $$
    c_k = \\frac{\\sum_t x_t x_{t+k}}{\\sum_t x_t^2}
    $$

    (no mean is subtracted), as `matplotlib.pyplot.acorr()` computes it.

    Parameters
    ----------
    x : array_like, shape (n,)
        The series.
    max_lag : int
        The largest lag (non-negative). Lags of ``n`` or more, where the
        series no longer overlaps itself, have autocorrelation 0.

    Returns
    -------
    ndarray, shape (2 * max_lag + 1,)
        Symmetric about its middle entry, which is 1.
    """
    x = np.asarray(x, dtype=float)
    max_lag = int(max_lag)
    if max_lag < 0:
        raise ValueError(f"max_lag must be non-negative; got {max_lag}.")
    n = len(x)
    full = np.correlate(x, x, mode="full") / np.dot(x, x)  # lags -(n-1)..n-1
    c = np.zeros(2 * max_lag + 1)
    m = min(max_lag, n - 1)
    c[max_lag - m : max_lag + m + 1] = full[n - 1 - m : n + m]
    return c


def plot_residuals_autocorrelation(
    parameters: ArrayLike,
    problem: Problem,
    max_lag: int = 10,
    thinning: int | None = None,
    significance_level: float | None = 0.05,
    posterior_interval: float = 0.95,
) -> Figure:
    """Plot the autocorrelation of the residuals against the lag, one panel
    per output.

    For one parameter set the autocorrelations are drawn as points; for
    several, the median over samples with bars spanning
    ``posterior_interval`` of them. Dashed lines show
    $\\pm z_{1 - \\alpha/2} / \\sqrt{n}$, the range in which sample
    autocorrelations of IID residuals fall with probability
    $1 - \\alpha$ for large $n$ [1]_.

    Parameters
    ----------
    parameters : array_like, shape (n_samples, n_parameters)
        Parameter sets (see the module notes).
    problem : SingleOutputProblem or MultiOutputProblem
        The fitted problem.
    max_lag : int, optional
        Largest lag shown.
    thinning : int, optional
        See `calculate_residuals()`.
    significance_level : float or None, optional
        $\\alpha$, between 0 and 1; ``None`` hides the dashed lines.
    posterior_interval : float, optional
        Fraction of samples spanned by the bars, between 0 and 1.

    Returns
    -------
    matplotlib.figure.Figure

    References
    ----------
    .. [1] Brockwell, Davis (1991) Time series: theory and methods, 2nd ed.
           Springer. Theorem 7.2.2 and Example 7.2.1.
    """
    residuals = calculate_residuals(parameters, problem, thinning)
    n_samples, n_outputs, n_times = residuals.shape
    if n_samples > 1 and not 0 <= posterior_interval <= 1:
        raise ValueError("posterior interval must fall between 0 and 1")
    threshold = None
    if significance_level is not None:
        if not 0 <= significance_level <= 1:
            raise ValueError("significance level must fall between 0 and 1")
        from scipy.stats import norm

        threshold = norm.ppf(1 - significance_level / 2) / np.sqrt(n_times)

    plt = pyplot()
    fig, axes = plt.subplots(
        n_outputs,
        1,
        sharex=True,
        figsize=(6, 4 * n_outputs),
        squeeze=False,
        layout="constrained",
    )
    lags = np.arange(max_lag + 1)
    for k, ax in enumerate(axes[:, 0]):
        cs = np.array([acorr(e, max_lag)[max_lag:] for e in residuals[:, k]])
        median = np.median(cs, axis=0)
        yerr = None
        if n_samples > 1:
            lo, hi = np.percentile(
                cs,
                [50 * (1 - posterior_interval), 50 * (1 + posterior_interval)],
                axis=0,
            )
            yerr = np.vstack([median - lo, hi - median])
        ax.errorbar(lags, median, yerr=yerr, color="red", fmt="o-")
        if threshold is not None:
            ax.axhline(threshold, ls="--", c="k", zorder=-10)
            ax.axhline(-threshold, ls="--", c="k", zorder=-10)
        ax.axhline(0, color="C0", zorder=-10)
        ax.set_ylabel(f"Output {k + 1}\nresiduals autocorrelation")
        ax.set_xlim(-0.5, max_lag + 0.5)
    axes[-1, 0].set_xlabel("Lag")
    return fig


def plot_residuals_binned_autocorrelation(
    parameters: ArrayLike,
    problem: Problem,
    thinning: int | None = None,
    n_bins: int = 25,
) -> Figure:
    """Plot the lag-1 autocorrelation of the residuals within each of
    ``n_bins`` consecutive time windows, to reveal noise whose correlation
    changes over time.

    Parameters
    ----------
    parameters : array_like, shape (n_samples, n_parameters)
        Parameter sets; with several, the median residuals are used.
    problem : SingleOutputProblem or MultiOutputProblem
        The fitted problem.
    thinning : int, optional
        See `calculate_residuals()`.
    n_bins : int, optional
        Number of windows (equal in number of points, up to one), between 1
        and the number of times.

    Returns
    -------
    matplotlib.figure.Figure
    """
    return _plot_binned(
        parameters,
        problem,
        thinning,
        n_bins,
        lambda e: float(acorr(e, 1)[-1]),
        "Lag 1 autocorrelation",
        limits=(-1, 1),
    )


def plot_residuals_binned_std(
    parameters: ArrayLike,
    problem: Problem,
    thinning: int | None = None,
    n_bins: int = 25,
) -> Figure:
    """Plot the standard deviation of the residuals within each of
    ``n_bins`` consecutive time windows, to reveal noise whose variance
    changes over time.

    Parameters and return value are as for
    `plot_residuals_binned_autocorrelation()`.
    """
    return _plot_binned(
        parameters,
        problem,
        thinning,
        n_bins,
        lambda e: float(np.std(e)),
        "Standard deviation",
    )


def _plot_binned(
    parameters: ArrayLike,
    problem: Problem,
    thinning: int | None,
    n_bins: int,
    statistic: Callable[[FloatArray], float],
    label: str,
    limits: tuple[float, float] | None = None,
) -> Figure:
    times = np.asarray(problem.times())
    residuals = np.median(calculate_residuals(parameters, problem, thinning), axis=0)
    n_bins = int(n_bins)
    if n_bins < 1:
        raise ValueError("n_bins must be an integer value greater than zero.")
    if n_bins > len(times):
        raise ValueError("n_bins must not exceed the number of time points")
    bin_times = [np.mean(t) for t in np.array_split(times, n_bins)]

    plt = pyplot()
    fig, axes = plt.subplots(len(residuals), 1, squeeze=False, layout="constrained")
    for k, ax in enumerate(axes[:, 0]):
        values = [statistic(e) for e in np.array_split(residuals[k], n_bins)]
        ax.plot(bin_times, values, "o-", color="red")
        if limits is not None:
            ax.set_ylim(*limits)
            ax.axhline(0, color="C0", zorder=-10)
        ax.set_xlabel("Time")
        ax.set_ylabel(label)
        ax.set_title(f"Output {k + 1}")
    return fig


def plot_residuals_distance(
    parameters: ArrayLike, problem: Problem, thinning: int | None = None
) -> Figure:
    """Plot the matrix of distances $D_{ij} = |e_i - e_j|$ between
    residuals, one image per output.

    Correlated noise tends to give the image a banded look along its
    diagonal. With several parameter sets, the median residuals are used.
    The parameters (``parameters``, ``problem``, ``thinning``) are those of
    `calculate_residuals()`; returns the `matplotlib.figure.Figure`.
    """
    times = np.asarray(problem.times())
    residuals = np.median(calculate_residuals(parameters, problem, thinning), axis=0)
    extent = (times.min(), times.max(), times.min(), times.max())
    plt = pyplot()
    fig, axes = plt.subplots(
        len(residuals),
        1,
        figsize=(5.5, 4.5 * len(residuals)),
        squeeze=False,
        layout="constrained",
    )
    for k, ax in enumerate(axes[:, 0]):
        e = residuals[k]
        distances = np.abs(e[:, None] - e[None, :])
        image = ax.imshow(distances, cmap="Greys_r", origin="lower", extent=extent)
        ax.set_xlabel("Time")
        ax.set_ylabel("Time")
        ax.set_title(f"Output {k + 1}")
        fig.colorbar(image, ax=ax)
    return fig


def plot_residuals_vs_output(
    parameters: ArrayLike, problem: Problem, thinning: int | None = None
) -> Figure:
    """Plot the size of the residuals against the model's output, one panel
    per output.

    A spread growing with the output suggests multiplicative noise. With
    several parameter sets, the residuals are taken from the median
    prediction. The parameters (``parameters``, ``problem``, ``thinning``)
    are those of `calculate_residuals()`; returns the
    `matplotlib.figure.Figure`.
    """
    prediction = np.median(_predictions(parameters, problem, thinning), axis=0)
    residuals = _columns(problem.values()) - prediction
    n_outputs = prediction.shape[1]
    plt = pyplot()
    fig, axes = plt.subplots(
        n_outputs, 1, figsize=(6, 4 * n_outputs), squeeze=False, layout="constrained"
    )
    for k, ax in enumerate(axes[:, 0]):
        ax.scatter(prediction[:, k], np.abs(residuals[:, k]), alpha=0.4)
        ax.set_xlabel("solution magnitude")
        ax.set_ylabel("residuals (absolute value)")
    return fig


def _predictions(
    parameters: ArrayLike, problem: Problem, thinning: int | None
) -> FloatArray:
    """Model predictions, shape ``(n_used_samples, n_times, n_outputs)``."""
    p = np.asarray(parameters, dtype=float)
    if p.ndim != 2:
        raise ValueError("`parameters` must be of shape (n_samples, n_parameters).")
    step = check_thinning(thinning, len(p))
    n = problem.n_parameters()
    return np.array([_columns(problem.evaluate(x)) for x in p[::step, :n]])


def _columns(values: ArrayLike) -> FloatArray:
    v = np.asarray(values, dtype=float)
    return v.reshape(len(v), -1)
