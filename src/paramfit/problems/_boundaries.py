"""Boundaries: regions of parameter space that a search must stay inside."""

from __future__ import annotations

from typing import Protocol, cast

import numpy as np

from .._checks import (
    count,
    describe,
    fail,
    fits_in_memory,
    point,
    real,
    vector,
    with_detail,
)
from .._typing import ArrayLike, BoolArray, FloatArray, RngLike
from .._util import as_generator
from ._log_pdfs import LogPDF, LogPrior
from ._problems import Point


class Boundaries:
    """Abstract region of parameter space.

    Subclasses implement `check()` and `n_parameters()`, and may
    implement `sample()`. `check_all()` tests many points at once;
    override it where a vectorised test is possible.
    """

    def check(self, parameters: Point) -> bool:
        """Return ``True`` if ``parameters`` lie inside the boundaries."""
        raise NotImplementedError

    def n_parameters(self) -> int:
        """Dimension of the parameter space."""
        raise NotImplementedError

    def sample(self, n: int = 1) -> FloatArray | list[FloatArray]:
        """Draw ``n`` points inside the boundaries, shape ``(n, n_parameters)``
        (boundaries seen through a transformation return a list of ``n``
        points, as in PINTS)."""
        raise NotImplementedError

    def check_all(self, points: FloatArray) -> BoolArray:
        """Return a boolean mask, shape ``(n_points,)``: which rows are inside."""
        return np.fromiter((self.check(x) for x in points), bool, len(points))


class _Checkable(Protocol):
    """Anything with a ``check(x) -> bool`` method, as users' boundaries
    written for PINTS (which need not subclass `Boundaries`)."""

    def check(self, parameters: Point, /) -> bool: ...


def inside(boundaries: _Checkable, points: FloatArray) -> BoolArray:
    """Mask of the rows of ``points`` that lie within ``boundaries``.

    Works with any object that has a ``check`` method (users' duck-typed
    boundaries included), using the vectorised ``check_all`` when present.
    """
    check_all = getattr(boundaries, "check_all", None)
    if check_all is not None:
        return np.asarray(check_all(points), dtype=bool)
    return np.fromiter((boundaries.check(x) for x in points), bool, len(points))


class RectangularBoundaries(Boundaries):
    """Independent lower and upper bounds on every parameter.

    A point ``x`` is inside when ``lower <= x < upper`` element-wise (lower
    bound inclusive, upper exclusive).

    Parameters
    ----------
    lower, upper : array_like, shape (n_parameters,)
        The bounds; scalars are accepted for one-dimensional problems.
    rng : int, numpy.random.Generator or None, optional
        Random generator (or seed) used by `sample()`.
    """

    def __init__(
        self, lower: ArrayLike, upper: ArrayLike, *, rng: RngLike = None
    ) -> None:
        self._lower = vector(lower, "lower", finite=False)
        self._upper = vector(upper, "upper", finite=False)
        if len(self._lower) != len(self._upper):
            raise ValueError("Lower and upper bounds must have same length.")
        self._n_parameters = len(self._lower)
        if self._n_parameters < 1:
            raise ValueError("The parameter space must have a dimension > 0")
        if not np.all(self._upper > self._lower):
            i = int(np.argmin(self._upper > self._lower))
            raise with_detail(
                ValueError("Upper bounds must exceed lower bounds."),
                f"upper[{i}] = {self._upper[i]} and lower[{i}] = {self._lower[i]}.",
                pinned=True,
            )
        self._rng = as_generator(rng)

    def check(self, parameters: Point) -> bool:
        p = point(parameters, self._n_parameters, "parameters")
        return not (np.any(p < self._lower) or np.any(p >= self._upper))

    def check_all(self, points: FloatArray) -> BoolArray:
        within = (points >= self._lower) & (points < self._upper)
        # The method, not np.all: its Python wrapper costs more than the work.
        return cast(BoolArray, within.all(axis=1))

    def n_parameters(self) -> int:
        return self._n_parameters

    def lower(self) -> FloatArray:
        """The lower bounds (read-only)."""
        return self._lower

    def upper(self) -> FloatArray:
        """The upper bounds (read-only)."""
        return self._upper

    def range(self) -> FloatArray:
        """The width ``upper - lower`` of every dimension."""
        return self._upper - self._lower

    def sample(self, n: int = 1) -> FloatArray:
        """Draw ``n`` uniformly distributed points, shape ``(n, n_parameters)``."""
        n = sample_size(n, self._n_parameters)
        return self._rng.uniform(self._lower, self._upper, size=(n, self._n_parameters))


class ComposedBoundaries(Boundaries):
    """Boundaries on consecutive blocks of parameters, one object per block.

    Parameters
    ----------
    *boundaries : Boundaries
        The boundaries of each block, in order; the dimension is the sum of
        theirs.
    """

    def __init__(self, *boundaries: Boundaries) -> None:
        if len(boundaries) < 1:
            raise ValueError("Must have at least one sub-boundaries object.")
        for i, b in enumerate(boundaries):
            if not isinstance(b, Boundaries):
                raise with_detail(
                    ValueError(
                        "All objects in ``boundaries`` must extend pints.Boundaries."
                    ),
                    f"boundaries[{i}] is {describe(b)}.",
                    pinned=True,
                )
        self._boundaries = boundaries
        sizes = [b.n_parameters() for b in boundaries]
        self._starts = np.cumsum([0] + sizes[:-1])
        self._sizes = sizes
        self._n_parameters = int(sum(sizes))

    def check(self, parameters: Point) -> bool:
        parameters = point(parameters, self._n_parameters, "parameters")
        for b, start, size in zip(
            self._boundaries, self._starts, self._sizes, strict=True
        ):
            if not b.check(parameters[start : start + size]):
                return False
        return True

    def check_all(self, points: FloatArray) -> BoolArray:
        mask = np.ones(len(points), dtype=bool)
        for b, start, size in zip(
            self._boundaries, self._starts, self._sizes, strict=True
        ):
            mask &= inside(b, points[:, start : start + size])
        return mask

    def n_parameters(self) -> int:
        return self._n_parameters

    def sample(self, n: int = 1) -> FloatArray:
        """Draw ``n`` points, each block from its own boundaries' sampler."""
        n = sample_size(n, self._n_parameters)
        blocks = [np.asarray(b.sample(n)).reshape(n, -1) for b in self._boundaries]
        return np.hstack(blocks)


class LogPDFBoundaries(Boundaries):
    """Boundaries given by a log-pdf: a point is inside where the log-pdf
    exceeds a threshold.

    Parameters
    ----------
    log_pdf : LogPDF
        The log-pdf (typically a `LogPrior`).
    threshold : float, optional
        Points with ``log_pdf(x) > threshold`` (strictly) are inside; the
        default, $-\\infty$, accepts every point of the support.

    Raises
    ------
    ValueError
        If ``log_pdf`` is not a `LogPDF`.
    """

    def __init__(self, log_pdf: LogPDF, threshold: float = -np.inf) -> None:
        if not isinstance(log_pdf, LogPDF):
            raise with_detail(
                ValueError("First argument must be a pints.LogPDF."),
                fail("log_pdf", "a LogPDF", log_pdf),
                pinned=True,
            )
        self._log_pdf = log_pdf
        self._threshold = real(threshold, "threshold", finite=False)
        self._pdf_is_prior = isinstance(log_pdf, LogPrior)

    def check(self, parameters: Point) -> bool:
        return bool(self._log_pdf(parameters) > self._threshold)

    def n_parameters(self) -> int:
        return int(self._log_pdf.n_parameters())

    def sample(self, n: int = 1) -> FloatArray:
        """Draw ``n`` points from the log-pdf, if it is a `LogPrior`
        (otherwise ``NotImplementedError``). Samples are not filtered by the
        threshold."""
        if not self._pdf_is_prior:
            raise NotImplementedError
        return np.asarray(cast(LogPrior, self._log_pdf).sample(n))


def sample_size(n: object, n_parameters: int) -> int:
    """The number of points to draw: a whole number, that fits in memory."""
    k = count(n, "n", minimum=0)
    fits_in_memory(k * n_parameters, "n", n, "that many points")
    return k
