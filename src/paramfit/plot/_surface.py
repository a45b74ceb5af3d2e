"""A coloured surface of scattered function evaluations in two dimensions."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from .._typing import ArrayLike, FloatArray
from .._util import matrix2d, vector
from ._mpl import pyplot

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from ..problems import RectangularBoundaries


def surface(
    points: ArrayLike,
    values: ArrayLike,
    boundaries: RectangularBoundaries | None = None,
    markers: str | None = "+",
    figsize: tuple[float, float] | None = None,
) -> tuple[Figure, Axes]:
    """Colour the plane by the value at the nearest of a set of scattered
    points (a Voronoi diagram).

    Useful to show where an optimiser looked and what it found there (the
    ``xs`` and ``fs`` of an ask-and-tell loop).

    Parameters
    ----------
    points : array_like, shape (n_points, 2)
        Points in a two-dimensional parameter space.
    values : array_like, shape (n_points,)
        The function's value at each point (e.g. an error measure).
    boundaries : RectangularBoundaries, optional
        Two-dimensional boundaries of the area shown; by default the points'
        bounding box, widened by 10% on each side.
    markers : str or None, optional
        matplotlib marker style used to show the points (default ``'+'``);
        ``None`` or ``''`` hides them.
    figsize : tuple of float, optional
        ``(width, height)`` of the figure, in inches.

    Returns
    -------
    fig : matplotlib.figure.Figure
    axes : matplotlib.axes.Axes

    Raises
    ------
    ValueError
        If the points are not two-dimensional, their number differs from the
        number of values, or the boundaries are not two-dimensional.

    Notes
    -----
    The Voronoi cell of each point is computed with
    `scipy.spatial.Voronoi`, after adding four far-away points so that
    every cell is bounded, and then clipped to the rectangle shown
    (Sutherland-Hodgman). Distances are measured with both axes scaled to
    the rectangle, so cells look like nearest-point regions on the plot even
    when the parameters differ in scale by orders of magnitude (PINTS uses
    parameter units, which then draws stripes). Cells wholly outside the
    rectangle are left out, and repeated points are shown once.
    """
    xy = matrix2d(points)
    if xy.shape[1] != 2:
        raise ValueError("Only two-dimensional parameters are supported.")
    f = vector(values)
    if len(f) != len(xy):
        raise ValueError("The number of values must match the number of points.")
    if boundaries is None:
        lo, hi = np.min(xy, axis=0), np.max(xy, axis=0)
        pad = 0.1 * (hi - lo)
        lo, hi = lo - pad, hi + pad
    else:
        if boundaries.n_parameters() != 2:
            raise ValueError("The boundaries must be two-dimensional.")
        lo, hi = np.asarray(boundaries.lower()), np.asarray(boundaries.upper())

    # Nearest as seen on the plot: in axes units, not parameter units (which
    # may differ by orders of magnitude and would give stripes).
    scale = np.where(hi > lo, hi - lo, 1.0)
    kept, unit_polygons = voronoi_cells(
        (xy - lo) / scale, np.zeros(2), (hi - lo) / scale
    )
    polygons = [lo + q * scale for q in unit_polygons]

    from matplotlib.collections import PolyCollection

    plt = pyplot()
    fig, ax = plt.subplots(figsize=figsize)
    ax.set_xlim(lo[0], hi[0])
    ax.set_ylim(lo[1], hi[1])
    cells = PolyCollection(polygons, array=f[kept], edgecolors="none", cmap="viridis_r")
    ax.add_collection(cells)
    if markers:
        ax.plot(xy[kept, 0], xy[kept, 1], markers, color="white", alpha=0.75)
    fig.colorbar(cells, ax=ax)
    return fig, ax


def voronoi_cells(
    xy: FloatArray, lower: FloatArray, upper: FloatArray
) -> tuple[NDArray[np.intp], list[FloatArray]]:
    """Voronoi cells of ``xy`` (shape ``(n, 2)``) clipped to a rectangle.

    Returns
    -------
    kept : ndarray of int
        Indices of the points whose cell meets the rectangle (first
        occurrence of repeated points).
    polygons : list of ndarray, each shape (n_vertices, 2)
        Their clipped cells, vertices in counter-clockwise order.
    """
    from scipy.spatial import Voronoi

    _, first = np.unique(xy, axis=0, return_index=True)
    first = np.sort(first)
    unique = xy[first]
    # Four points far outside everything: every real cell becomes bounded.
    span = np.max(np.abs(np.vstack([unique, lower, upper]))) + 1.0
    far = 1e3 * span * np.array([[-1, -1], [1, -1], [1, 1], [-1, 1]])
    vor = Voronoi(np.vstack([unique, far]))
    kept, polygons = [], []
    for i, p in enumerate(unique):
        cell = vor.vertices[vor.regions[vor.point_region[i]]]
        angles = np.arctan2(cell[:, 1] - p[1], cell[:, 0] - p[0])
        clipped = _clip(cell[np.argsort(angles)], lower, upper)
        if len(clipped) > 2:
            kept.append(first[i])
            polygons.append(clipped)
    return np.array(kept, dtype=np.intp), polygons


def _clip(polygon: FloatArray, lower: FloatArray, upper: FloatArray) -> FloatArray:
    """Clip a convex polygon to a rectangle (Sutherland-Hodgman)."""
    for axis in (0, 1):
        for bound, sign in ((lower[axis], 1.0), (upper[axis], -1.0)):
            if len(polygon) == 0:
                return polygon
            inside = sign * (polygon[:, axis] - bound) >= 0
            out = []
            for j in range(len(polygon)):
                a, b = polygon[j - 1], polygon[j]
                a_in, b_in = inside[j - 1], inside[j]
                if a_in != b_in:  # the edge crosses the line: add the crossing
                    s = (bound - a[axis]) / (b[axis] - a[axis])
                    out.append(a + s * (b - a))
                if b_in:
                    out.append(b)
            polygon = np.array(out).reshape(-1, 2)
    return polygon
