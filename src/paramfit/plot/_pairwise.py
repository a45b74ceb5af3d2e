"""Pairwise plot (a corner plot) of the samples of an MCMC chain."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from .._typing import ArrayLike, FloatArray
from ._histogram import (
    HISTTYPE,
    KDE_POINTS,
    check_names,
    check_references,
    check_samples,
    draw_kde,
    value_range,
    with_reference,
)
from ._mpl import pyplot

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

#: Bin edges per histogram and per axis of a heat map, as in PINTS.
BINS = 25


def pairwise(
    samples: ArrayLike,
    kde: bool = False,
    heatmap: bool = False,
    opacity: float | None = None,
    n_percentiles: float | None = None,
    parameter_names: Sequence[str] | None = None,
    ref_parameters: ArrayLike | None = None,
) -> tuple[Figure, NDArray[np.object_]]:
    """Plot every pair of parameters against each other, in a lower
    triangular matrix of panels with each parameter's histogram on the
    diagonal.

    Panel ``(i, j)`` below the diagonal shows parameter ``j`` (x-axis)
    against parameter ``i`` (y-axis): as a scatter plot by default, as
    filled contours of a kernel-density estimate with ``kde=True``, or as a
    two-dimensional histogram with ``heatmap=True``. Panels above the
    diagonal are hidden.

    Parameters
    ----------
    samples : array_like, shape (n_samples, n_parameters)
        One chain (or list of samples), with at least two parameters.
    kde : bool, optional
        Draw Gaussian kernel-density estimates (`scipy.stats.gaussian_kde`):
        a curve over each histogram, and contours below the diagonal. Cannot
        be used with ``heatmap``.
    heatmap : bool, optional
        Draw two-dimensional histograms below the diagonal. Cannot be used
        with ``kde``.
    opacity : float, optional
        Opacity of the scatter plots' points, in ``[0, 1]`` (only without
        ``kde`` and ``heatmap``). By default ``1 / log10(n_samples)``, or 1
        for fewer than 10 samples.
    n_percentiles : float, optional
        Show only the middle ``n_percentiles`` percent of each parameter's
        samples, e.g. ``95``; in ``(0, 100]``. By default all samples are
        shown.
    parameter_names : sequence of str, optional
        Names shown on the axes; by default ``"Parameter 1"``, ...
    ref_parameters : array_like, shape (n_parameters,), optional
        Reference values, e.g. the true parameters, drawn as dashed lines:
        vertical on the histograms, crossing at the reference point below
        the diagonal. The axes widen to show them if they lie outside the
        samples.

    Returns
    -------
    fig : matplotlib.figure.Figure
    axes : numpy.ndarray of matplotlib.axes.Axes, shape (n_parameters, n_parameters)
        ``axes[i, i]`` is parameter ``i``'s histogram, ``axes[i, j]`` with
        ``j < i`` the pair ``(j, i)``; the axes above the diagonal are
        switched off.

    Raises
    ------
    ValueError
        If ``kde`` and ``heatmap`` are both set, ``samples`` is not 2-d, has
        fewer than two parameters or non-finite values,
        ``parameter_names`` or ``ref_parameters`` has the wrong length, or
        ``opacity`` or ``n_percentiles`` is out of range.
    TypeError
        If ``parameter_names`` is a single string, or ``opacity`` or
        ``n_percentiles`` is not a number.

    Notes
    -----
    The histograms are normalised to unit area (probability densities) and
    have 25 bin edges spanning each parameter's samples (or their middle
    ``n_percentiles`` percent); so do the heat maps. A pair
    whose samples lie on a line has no two-dimensional density: with
    ``kde=True`` its panel shows the scatter plot instead. Tick labels are
    shown on the bottom row and the left column only.
    """
    if kde and heatmap:
        raise ValueError("Cannot use `kde` and `heatmap` together.")
    x = check_samples(samples)
    n_samples, n_parameters = x.shape
    if n_parameters < 2:
        # PINTS's message, which its tests match; it means "at least 2".
        raise ValueError(
            "Number of parameters must be larger than 2. A pairwise plot needs "
            f"two or more; `samples` has {n_parameters}."
        )
    names = check_names(parameter_names, n_parameters)
    refs = check_references(ref_parameters, n_parameters)
    alpha = _check_opacity(opacity, n_samples)
    lower, upper = value_range(x, n_percentiles)
    edges = np.linspace(lower, upper, BINS)  # shape (BINS, n_parameters)
    limits = [
        with_reference(lower[i], upper[i], None if refs is None else float(refs[i]))
        for i in range(n_parameters)
    ]

    plt = pyplot()
    fig, axes = plt.subplots(
        n_parameters,
        n_parameters,
        figsize=(3 * n_parameters, 3 * n_parameters),
        squeeze=False,
        layout="constrained",
    )
    for i in range(n_parameters):
        for j in range(n_parameters):
            ax = axes[i, j]
            if j > i:
                ax.axis("off")
                continue
            ax.set_xlim(*limits[j])
            if i == j:
                ax.hist(
                    x[:, i],
                    bins=edges[:, i],
                    density=True,
                    color="C0",
                    histtype=HISTTYPE,
                )
                if kde:
                    draw_kde(ax, x[:, i], limits[i][0], limits[i][1], "C1")
            else:
                ax.set_ylim(*limits[i])
                drawn = kde and _draw_kde_2d(ax, x[:, j], x[:, i], limits[j], limits[i])
                if heatmap:
                    ax.hist2d(
                        x[:, j], x[:, i], bins=(edges[:, j], edges[:, i]), cmap="Blues"
                    )
                elif not drawn:
                    # Larger points than PINTS's (s=0.1), which vanish
                    # for a few hundred samples.
                    ax.scatter(x[:, j], x[:, i], s=2, alpha=alpha, color="C0", lw=0)
                if refs is not None:
                    ax.axhline(refs[i], color="k", ls="--")
            if refs is not None:
                ax.axvline(refs[j], color="k", ls="--")
            _label(ax, i, j, n_parameters, names)
    return fig, axes


def _check_opacity(opacity: float | None, n_samples: int) -> float:
    """The scatter plots' opacity: ``opacity`` checked, or PINTS's default
    (fainter points for more samples)."""
    if opacity is None:
        return 1.0 if n_samples < 10 else 1.0 / np.log10(n_samples)
    try:
        alpha = float(opacity)
    except (TypeError, ValueError):
        raise TypeError(
            f"`opacity` must be a number in [0, 1] or None; got {opacity!r}."
        ) from None
    if not 0 <= alpha <= 1:
        raise ValueError(f"`opacity` must be in [0, 1]; got {alpha}.")
    return alpha


def _draw_kde_2d(
    ax: Axes,
    x: FloatArray,
    y: FloatArray,
    x_limits: tuple[float, float],
    y_limits: tuple[float, float],
) -> bool:
    """Draw filled contours of the Gaussian KDE of the points ``(x, y)``
    over the panel; return ``False`` (drawing nothing) if the points lie on
    a line, where no density exists."""
    from scipy.stats import gaussian_kde

    # gaussian_kde only sometimes raises for such points: rounding can leave
    # a tiny variance and a meaningless estimate.
    if len(x) < 3 or np.ptp(x) == 0 or np.ptp(y) == 0:
        return False
    if 1 - abs(np.corrcoef(x, y)[0, 1]) < 1e-10:
        return False
    try:
        kernel = gaussian_kde(np.vstack([x, y]))
    except (np.linalg.LinAlgError, ValueError):
        return False
    xx, yy = np.meshgrid(
        np.linspace(*x_limits, KDE_POINTS), np.linspace(*y_limits, KDE_POINTS)
    )
    density = kernel(np.vstack([xx.ravel(), yy.ravel()])).reshape(xx.shape)
    ax.contourf(xx, yy, density, cmap="Blues")
    ax.contour(xx, yy, density, colors="k", linewidths=0.5)
    return True


def _label(ax: Axes, i: int, j: int, n: int, names: list[str]) -> None:
    """Name the outer axes and keep tick labels on the bottom row and left
    column only (the x tick labels rotated so that they do not overlap)."""
    if i == n - 1:
        ax.set_xlabel(names[j])
        for label in ax.get_xticklabels():
            label.set(rotation=45, ha="right", rotation_mode="anchor")
    else:
        ax.tick_params(axis="x", labelbottom=False)
    if j == 0:
        ax.set_ylabel("Probability density" if i == 0 else names[i])
    else:
        ax.tick_params(axis="y", labelleft=False)
