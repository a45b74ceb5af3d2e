"""Plots of an optimisation run: convergence and trajectory."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Protocol, Union

import numpy as np

from .._typing import ArrayLike, FloatArray
from ._mpl import pyplot

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure


class ConvergenceTrace(Protocol):
    """What `convergence()` accepts besides a plain sequence of scores.

    Any object with a ``best`` attribute holding the best score found up to
    each iteration, shape ``(n_iterations,)``. It may also have:

    * ``current`` – the score reported for each iteration itself (e.g. the
      best of that iteration's population, PINTS's "Current" column), same
      shape as ``best``;
    * ``iterations`` – the iteration numbers to plot against, same shape
      (default ``1, 2, ..., n_iterations``).

    A mapping with the keys ``'best'`` (and optionally ``'current'`` and
    ``'iterations'``) is accepted too, and so is an object whose ``trace``
    attribute follows this protocol (a result object carrying its trace).
    """

    @property
    def best(self) -> ArrayLike:
        """Best score so far, one value per iteration."""
        ...


TraceLike = Union[ArrayLike, ConvergenceTrace, Mapping[str, ArrayLike]]


def convergence(
    trace_or_best: TraceLike,
    current: ArrayLike | None = None,
    *,
    log_scale: bool = False,
    ax: Axes | None = None,
) -> tuple[Figure, Axes]:
    """Plot the best (and optionally the current) score per iteration.

    Parameters
    ----------
    trace_or_best : array_like, shape (n_iterations,), or trace object
        Either the best score after each iteration (as collected with
        ``opt.f_best()`` in an ask-and-tell loop), or an object following
        the `ConvergenceTrace` protocol: an attribute or key ``best``,
        optionally ``current`` and ``iterations``, possibly held in a
        ``trace`` attribute.
    current : array_like, shape (n_iterations,), optional
        Score of each iteration itself (e.g. ``opt.f_guessed()``). If given,
        it takes precedence over a ``current`` field of ``trace_or_best``.
    log_scale : bool, optional
        Use a logarithmic score axis (needs positive scores). Useful when the
        score falls by orders of magnitude.
    ax : matplotlib.axes.Axes, optional
        Axes to draw in; by default a new figure is created.

    Returns
    -------
    fig, axes : matplotlib.figure.Figure, matplotlib.axes.Axes
        The figure and the axes drawn in.

    Raises
    ------
    ValueError
        If the scores are not 1-d, are empty, differ in length, or are not
        all positive while ``log_scale`` is set.

    Examples
    --------
    >>> best = []
    >>> for i in range(100):  # doctest: +SKIP
    ...     xs = opt.ask()
    ...     opt.tell([score(x) for x in xs])
    ...     best.append(opt.f_best())
    >>> fig, ax = paramfit.plot.convergence(best, log_scale=True)  # doctest: +SKIP
    """
    best_raw, current_raw, iterations_raw = _unpack_trace(trace_or_best)
    if current is not None:
        current_raw = current
    best = _scores(best_raw, "best")
    n = len(best)
    cur = None if current_raw is None else _scores(current_raw, "current", n)
    if iterations_raw is None:
        its = np.arange(1, n + 1, dtype=float)
    else:
        its = _scores(iterations_raw, "iterations", n)
    if log_scale:
        _check_positive(best, "best")
        if cur is not None:
            _check_positive(cur, "current")

    plt = pyplot()
    if ax is None:
        fig, ax = plt.subplots(figsize=(8, 3.5), layout="constrained")
    else:
        fig = ax.figure
    if cur is not None:
        ax.plot(its, cur, color="C1", lw=0.8, alpha=0.6, label="Current")
    ax.plot(its, best, color="C0", lw=1.8, label="Best so far")
    if log_scale:
        ax.set_yscale("log")
    ax.set_xlabel("Iteration")
    ax.set_ylabel("Score")
    ax.grid(True, which="major", alpha=0.3)
    if cur is not None:
        ax.legend()
    return fig, ax


def trajectory(
    points: ArrayLike,
    means: ArrayLike,
    true_values: ArrayLike | None = None,
    *,
    parameter_names: Sequence[str] | None = None,
    zoom: bool = True,
    ax: Axes | None = None,
) -> tuple[Figure, Axes]:
    """Plot an optimiser's path through a two-dimensional parameter space.

    Every point asked for is drawn as a faint cross, the mean of the search
    distribution as a line from start (circle) to end (star), and the true
    parameter values (if known) as a vertical and a horizontal line.

    Parameters
    ----------
    points : array_like, shape (n_points, 2)
        All points returned by ``ask()``, stacked.
    means : array_like, shape (n_means, 2)
        The mean (or other estimate, e.g. ``opt.x_guessed()``) per iteration,
        in order.
    true_values : array_like, shape (2,), optional
        The true parameters, if known.
    parameter_names : sequence of two str, optional
        Axis labels (default ``'Parameter 1'``, ``'Parameter 2'``).
    zoom : bool, optional
        If the search ends in a region much smaller than the area explored
        (and near the true values, if given), magnify that region in an inset,
        placed in the corner of the plot with the fewest points. The inset is
        ``axes.child_axes[0]``.
    ax : matplotlib.axes.Axes, optional
        Axes to draw in; by default a new figure is created.

    Returns
    -------
    fig, axes : matplotlib.figure.Figure, matplotlib.axes.Axes
        The figure and the main axes drawn in.

    Raises
    ------
    ValueError
        If an argument does not have the shape given above.

    Notes
    -----
    The zoomed region is found by following the mean's path backwards from
    its end for as long as the bounding box of the visited means (and the
    true values) stays within a tenth of the explored range in each
    parameter. There is no inset if fewer than 3 means, or fewer than a tenth
    of them, lie in that region (the search did not settle).
    """
    xs = _points(points, "points")
    ms = _points(means, "means")
    truth = None if true_values is None else _pair(true_values, "true_values")
    names = _names(parameter_names)

    plt = pyplot()
    if ax is None:
        fig, ax = plt.subplots(figsize=(9, 6), layout="constrained")
    else:
        fig = ax.figure
    _draw_trajectory(ax, xs, ms, truth, labels=True)
    ax.set_xlabel(names[0])
    ax.set_ylabel(names[1])
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0)
    box = _zoom_box(xs, ms, truth) if zoom else None
    if box is not None:
        _add_inset(ax, box, xs, ms, truth)
    return fig, ax


def _draw_trajectory(
    ax: Axes,
    xs: FloatArray,
    ms: FloatArray,
    truth: FloatArray | None,
    labels: bool,
) -> None:
    def label(text: str) -> str | None:
        return text if labels else None

    ax.plot(
        xs[:, 0],
        xs[:, 1],
        "x",
        color="C3",
        alpha=0.25,
        ms=4,
        label=label("Asked points"),
    )
    ax.plot(ms[:, 0], ms[:, 1], "-", color="C0", lw=1.5, label=label("Mean"))
    ax.plot(ms[0, 0], ms[0, 1], "o", color="C0", ms=7, label=label("Start"))
    ax.plot(ms[-1, 0], ms[-1, 1], "*", color="k", ms=12, label=label("End"))
    if truth is not None:
        ax.axvline(truth[0], color="C2", lw=1.2, label=label("True values"))
        ax.axhline(truth[1], color="C2", lw=1.2)


def _zoom_box(
    xs: FloatArray, ms: FloatArray, truth: FloatArray | None, fraction: float = 0.1
) -> tuple[FloatArray, FloatArray] | None:
    """Region ``(lower, upper)`` worth magnifying, or ``None``."""
    anchors = [ms[-1]] if truth is None else [ms[-1], truth]
    everything = np.vstack([xs, ms, *anchors])
    full = np.ptp(everything, axis=0)
    if not np.all(np.isfinite(full)) or np.any(full == 0):
        return None
    limit = fraction * full
    lo, hi = np.min(anchors, axis=0), np.max(anchors, axis=0)
    if np.any(hi - lo > limit):
        return None  # the end is far from the truth: nothing small to show
    settled = 0
    for m in ms[::-1]:
        new_lo, new_hi = np.minimum(lo, m), np.maximum(hi, m)
        if np.any(new_hi - new_lo > limit):
            break
        lo, hi = new_lo, new_hi
        settled += 1
    if settled < max(3, 0.1 * len(ms)):
        return None  # the search never settled: nothing to magnify
    pad = np.maximum(0.15 * (hi - lo), 0.005 * full)
    return lo - pad, hi + pad


def _add_inset(
    ax: Axes,
    box: tuple[FloatArray, FloatArray],
    xs: FloatArray,
    ms: FloatArray,
    truth: FloatArray | None,
) -> None:
    size = 0.42
    corners = {  # axes-fraction origin of the inset in each corner
        "upper right": (0.98 - size, 0.98 - size),
        "upper left": (0.02, 0.98 - size),
        "lower right": (0.98 - size, 0.02),
        "lower left": (0.02, 0.02),
    }
    ax.autoscale_view()  # limits are otherwise updated lazily, at drawing
    # Points and the zoomed region in axes fractions, to find a free corner.
    to_axes = ax.transAxes.inverted()
    data = np.vstack([xs, ms])
    frac = to_axes.transform(ax.transData.transform(data))
    zoom = to_axes.transform(ax.transData.transform(np.array(box)))

    def crowding(origin: tuple[float, float]) -> float:
        x0, y0 = origin
        inside = (
            (frac[:, 0] >= x0)
            & (frac[:, 0] <= x0 + size)
            & (frac[:, 1] >= y0)
            & (frac[:, 1] <= y0 + size)
        )
        overlaps_zoom = (
            zoom[0, 0] <= x0 + size
            and zoom[1, 0] >= x0
            and zoom[0, 1] <= y0 + size
            and zoom[1, 1] >= y0
        )
        return float(inside.sum()) + (np.inf if overlaps_zoom else 0.0)

    origin = min(corners.values(), key=crowding)
    inset = ax.inset_axes((origin[0], origin[1], size, size))
    _draw_trajectory(inset, xs, ms, truth, labels=False)
    inset.set_xlim(box[0][0], box[1][0])
    inset.set_ylim(box[0][1], box[1][1])
    inset.tick_params(labelsize=7)
    inset.set_facecolor("white")
    ax.indicate_inset_zoom(inset, edgecolor="0.3")


# -- argument checking -------------------------------------------------------
def _field(source: object, name: str) -> object:
    """``source.name`` or ``source[name]``; ``None`` if neither exists."""
    if isinstance(source, Mapping):
        return source.get(name)
    return getattr(source, name, None)


def _unpack_trace(source: object) -> tuple[object, object, object]:
    """Split ``trace_or_best`` into ``(best, current, iterations)``."""
    nested = getattr(source, "trace", None)
    if nested is not None and _field(nested, "best") is not None:
        source = nested
    best = _field(source, "best")
    if best is None:
        return source, None, None
    return best, _field(source, "current"), _field(source, "iterations")


def _float_array(values: object, name: str, requirement: str) -> FloatArray:
    """``values`` as a float array, or a ``ValueError`` saying ``name`` must
    be ``requirement``."""
    try:
        return np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(
            f"{name} must be {requirement}; could not convert the given "
            f"{type(values).__name__}."
        ) from None


def _scores(values: object, name: str, length: int | None = None) -> FloatArray:
    arr = _float_array(values, name, "a 1-d sequence of numbers")
    if arr.ndim != 1:
        raise ValueError(
            f"{name} must be 1-d, shape (n_iterations,); got shape {arr.shape}."
        )
    if len(arr) == 0:
        raise ValueError(f"{name} must contain at least one value; got none.")
    if length is not None and len(arr) != length:
        raise ValueError(
            f"{name} must have one value per iteration, like best ({length}); "
            f"got {len(arr)}."
        )
    return arr


def _check_positive(values: FloatArray, name: str) -> None:
    finite = values[np.isfinite(values)]
    if np.any(finite <= 0):
        raise ValueError(
            f"log_scale=True needs positive scores, but {name} contains "
            f"{finite.min():g}; use log_scale=False."
        )


def _points(values: ArrayLike, name: str) -> FloatArray:
    arr = _float_array(values, name, "a numeric array of shape (n, 2)")
    if arr.ndim != 2 or arr.shape[1] != 2 or arr.shape[0] < 1:
        raise ValueError(
            f"{name} must have shape (n, 2) with n >= 1 (one row per point, one "
            f"column per parameter; only 2-parameter problems can be shown); got "
            f"shape {arr.shape}."
        )
    return arr


def _pair(values: ArrayLike, name: str) -> FloatArray:
    arr = _float_array(values, name, "2 numbers")
    if arr.shape != (2,):
        raise ValueError(f"{name} must have shape (2,); got shape {arr.shape}.")
    return arr


def _names(names: Sequence[str] | None) -> tuple[str, str]:
    if names is None:
        return ("Parameter 1", "Parameter 2")
    given = list(names) if not isinstance(names, str) else [names]
    if len(given) != 2 or not all(isinstance(s, str) for s in given):
        raise ValueError(
            f"parameter_names must be a sequence of 2 strings; got {names!r}."
        )
    return (given[0], given[1])
