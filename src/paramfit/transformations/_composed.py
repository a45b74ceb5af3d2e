"""Composition of transformations acting on consecutive blocks of
parameters."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from .._typing import ArrayLike, FloatArray
from .._util import LazyModule
from ._elementwise import Transformation

_linalg = LazyModule("scipy.linalg")


class ComposedTransformation(Transformation):
    r"""Transformations of consecutive blocks of parameters, one per block.

    If every part is element-wise, so is the composition, and the Jacobian
    and log-determinant are assembled from the parts' diagonals and sums.
    Otherwise the Jacobian is block-diagonal and
    $\log|\det J|$ is computed from it.

    Parameters
    ----------
    *transformations : Transformation
        The parts, in parameter order.

    Raises
    ------
    ValueError
        If none are given or one is not a `Transformation`.
    """

    def __init__(self, *transformations: Transformation) -> None:
        if len(transformations) < 1:
            raise ValueError("Must have at least one sub-transformation.")
        for t in transformations:
            if not isinstance(t, Transformation):
                raise ValueError(
                    "All entries in `transformations` must extend pints.Transformation."
                )
        self._transformations = transformations
        ends = np.cumsum([t.n_parameters() for t in transformations])
        self._slices = [
            slice(int(end - t.n_parameters()), int(end))
            for t, end in zip(transformations, ends, strict=True)
        ]
        self._n_parameters = int(ends[-1])
        self._elementwise = all(t.elementwise() for t in transformations)

    def _parts(self) -> Iterator[tuple[Transformation, slice]]:
        return zip(self._transformations, self._slices, strict=True)

    def elementwise(self) -> bool:
        return self._elementwise

    def n_parameters(self) -> int:
        return self._n_parameters

    def jacobian(self, q: ArrayLike) -> FloatArray:
        q = self._vector(q, "q")
        blocks = [t.jacobian(q[s]) for t, s in self._parts()]
        if self._elementwise:
            return np.diag(np.concatenate([np.diagonal(b) for b in blocks]))
        return np.asarray(_linalg.block_diag(*blocks))

    def jacobian_S1(self, q: ArrayLike) -> tuple[FloatArray, FloatArray]:
        q = self._vector(q, "q")
        n = self._n_parameters
        jac_S1 = np.zeros((n, n, n))
        for t, s in self._parts():
            jac_S1[s, s, s] = t.jacobian_S1(q[s])[1]
        return self.jacobian(q), jac_S1

    def log_jacobian_det(self, q: ArrayLike) -> float:
        if not self._elementwise:
            return super().log_jacobian_det(q)
        q = self._vector(q, "q")
        total: float = 0
        for t, s in self._parts():
            total += t.log_jacobian_det(q[s])
        return total

    def log_jacobian_det_S1(self, q: ArrayLike) -> tuple[float, FloatArray]:
        if not self._elementwise:
            return super().log_jacobian_det_S1(q)
        q = self._vector(q, "q")
        total: float = 0
        d = np.zeros(self._n_parameters)
        for t, s in self._parts():
            value, d[s] = t.log_jacobian_det_S1(q[s])
            total += value
        return total, d

    def to_model(self, q: ArrayLike) -> FloatArray:
        q = self._vector(q, "q")
        p = np.zeros(q.shape)
        for t, s in self._parts():
            p[s] = np.asarray(t.to_model(q[s]))
        return p

    def to_search(self, p: ArrayLike) -> FloatArray:
        p = self._vector(p, "p")
        q = np.zeros(p.shape)
        for t, s in self._parts():
            q[s] = np.asarray(t.to_search(p[s]))
        return q
