"""Plots of a score function (LogPDF or ErrorMeasure) around given points."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

import numpy as np
from numpy.typing import NDArray

from .._typing import ArrayLike, FloatArray
from .._util import vector
from ._mpl import pyplot

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure


class _Function(Protocol):
    """A `LogPDF` or an `ErrorMeasure`: what the plots use of one."""

    def __call__(self, x: FloatArray, /) -> float: ...

    def n_parameters(self) -> int: ...


def function(
    f: _Function,
    x: ArrayLike,
    lower: ArrayLike | None = None,
    upper: ArrayLike | None = None,
    evaluations: int = 20,
) -> tuple[Figure, NDArray[np.object_]]:
    """Plot one-dimensional slices of ``f`` through the point ``x``.

    For each parameter ``j``, ``f`` is evaluated on ``evaluations`` equally
    spaced values of parameter ``j`` between ``lower[j]`` and ``upper[j]``,
    with all other parameters held at ``x``.

    Parameters
    ----------
    f : LogPDF or ErrorMeasure
        The function to plot.
    x : array_like, shape (n_parameters,)
        The point the slices go through.
    lower : array_like, shape (n_parameters,), optional
        Lower end of each slice. Default ``0.95 * x`` (``-1`` where ``x`` is
        zero).
    upper : array_like, shape (n_parameters,), optional
        Upper end of each slice. Default ``1.05 * x`` (``1`` where ``x`` is
        zero).
    evaluations : int, optional
        Number of evaluations per slice (at least 1).

    Returns
    -------
    fig : matplotlib.figure.Figure
        The figure drawn in.
    axes : numpy.ndarray of matplotlib.axes.Axes, shape (n_parameters,)
        One axes per parameter, top to bottom.

    Raises
    ------
    ValueError
        If ``f`` is not a LogPDF or ErrorMeasure, or an argument has the wrong
        length or value.
    """
    n = _check_function(f)
    x = vector(x)
    if len(x) != n:
        raise ValueError(
            "Given point `x` must have same number of parameters as function. "
            f"Expected {n}, got {len(x)}."
        )
    lo = _slice_end(lower, x, 0.95, -1.0, "Lower")
    hi = _slice_end(upper, x, 1.05, 1.0, "Upper")
    evaluations = int(evaluations)
    if evaluations < 1:
        raise ValueError(
            f"Number of evaluations must be greater than zero. Got {evaluations}."
        )

    # Row block j holds the slice along parameter j.
    grid = np.linspace(lo, hi, evaluations)  # (evaluations, n)
    xs = np.tile(x, (n, evaluations, 1))  # (n, evaluations, n)
    for j in range(n):
        xs[j, :, j] = grid[:, j]
    fs = _evaluate(f, xs.reshape(-1, n)).reshape(n, evaluations)

    plt = pyplot()
    fig, grid_axes = plt.subplots(
        n, 1, figsize=(6, 2 * n + 0.5), squeeze=False, layout="constrained"
    )
    axes: NDArray[np.object_] = grid_axes[:, 0]
    for j, ax in enumerate(axes):
        ax.plot(grid[:, j], fs[j], color="C2", label="Function")
        ax.axvline(x[j], color="C0", ls="--", label="Value")
        ax.set_xlabel(f"Parameter {j + 1}")
        ax.legend()
    return fig, axes


def function_between_points(
    f: _Function,
    point_1: ArrayLike,
    point_2: ArrayLike,
    padding: float = 0.25,
    evaluations: int = 20,
) -> tuple[Figure, Axes]:
    """Plot ``f`` along the straight line through two points.

    The line is parametrised as ``point_1 + s (point_2 - point_1)``, so
    ``s = 0`` is ``point_1`` and ``s = 1`` is ``point_2``; ``f`` is evaluated
    for ``s`` from ``-padding`` to ``1 + padding``.

    Parameters
    ----------
    f : LogPDF or ErrorMeasure
        The function to plot.
    point_1 : array_like, shape (n_parameters,)
        The first point.
    point_2 : array_like, shape (n_parameters,)
        The second point.
    padding : float, optional
        How far to extend the line beyond both points, as a fraction of the
        distance between them (at least 0).
    evaluations : int, optional
        Number of evaluations along the line (at least 3).

    Returns
    -------
    fig : matplotlib.figure.Figure
    axes : matplotlib.axes.Axes
        The axes drawn in.

    Raises
    ------
    ValueError
        As `function()` does.
    """
    n = _check_function(f)
    p1 = vector(point_1)
    p2 = vector(point_2)
    if not len(p1) == len(p2) == n:
        raise ValueError(
            "Both points must have the same number of parameters as the given "
            f"function. Expected {n}, got {len(p1)} and {len(p2)}."
        )
    padding = float(padding)
    if padding < 0:
        raise ValueError(f"Padding cannot be negative. Got {padding}.")
    evaluations = int(evaluations)
    if evaluations < 3:
        raise ValueError(
            f"The number of evaluations must be 3 or greater. Got {evaluations}."
        )

    s = np.linspace(-padding, 1 + padding, evaluations)
    fs = _evaluate(f, p1 + s[:, None] * (p2 - p1))

    plt = pyplot()
    fig, ax = plt.subplots(figsize=(6, 4), layout="constrained")
    ax.plot(s, fs, color="C2", label="Function")
    ax.axvline(0, color="C0", ls="--", label="Point 1")
    ax.axvline(1, color="C7", ls="--", label="Point 2")
    ax.set_xlabel("Point 1 to point 2")
    ax.set_ylabel("Function")
    ax.legend()
    return fig, ax


def _check_function(f: _Function) -> int:
    """Check ``f`` is a LogPDF or ErrorMeasure; return its dimension."""
    if not _is_function(f):
        raise ValueError("Given function must be pints.LogPDF or pints.ErrorMeasure.")
    return int(f.n_parameters())


def _is_function(f: object) -> bool:
    # Looked up at call time, so that the classes the package exports now
    # (tests replace them) are the ones checked.
    import paramfit

    classes = tuple(
        c
        for c in (
            getattr(paramfit, "LogPDF", None),
            getattr(paramfit, "ErrorMeasure", None),
        )
        if isinstance(c, type)
    )
    return bool(classes) and isinstance(f, classes)


def _slice_end(
    given: ArrayLike | None, x: FloatArray, factor: float, at_zero: float, name: str
) -> FloatArray:
    if given is None:
        end = x * factor
        end[end == 0] = at_zero
        return end
    end = np.array(vector(given))
    if len(end) != len(x):
        raise ValueError(
            f"{name} bounds must have same number of parameters as function. "
            f"Expected {len(x)}, got {len(end)}."
        )
    return end


def _evaluate(f: _Function, xs: FloatArray) -> FloatArray:
    """Evaluate ``f`` at each row of ``xs``, in order."""
    return np.array([float(f(x)) for x in xs])
