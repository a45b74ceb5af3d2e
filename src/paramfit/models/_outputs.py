"""Initial states and outputs of a model, vectorised over points and times.

The generated NumPy functions (``y0``, ``y0_p``, ``g``, ``g_y``, ``g_p``)
are evaluated once per call on arrays with one row per point (and time), so
they cost little next to the solve. Without a generated module (a
right-hand side that could not be traced) the user's functions are called
in Python instead.
"""

from __future__ import annotations

from types import ModuleType
from typing import TYPE_CHECKING

import numpy as np

from .._typing import FloatArray
from ._symbolic import Named

if TYPE_CHECKING:
    from ._build import Spec


class Outputs:
    """Computes ``z0`` from the parameters, and the outputs (with their
    sensitivities) from the solved states."""

    def __init__(self, spec: Spec, module: ModuleType | None) -> None:
        self._spec = spec
        self._module = module
        self._n = len(spec.states)
        index: list[int] | slice | None = None
        if spec.observe is None:
            index = [spec.states.index(o) for o in spec.outputs]
            if index == list(range(index[0], index[0] + len(index))):
                index = slice(index[0], index[0] + len(index))  # a view, no copy
        self._index = index

    def initial(self, p: FloatArray, y0: FloatArray | None, m: int) -> FloatArray:
        """States then sensitivities at the start, shape
        ``(n_points, n_states * (1 + m))``."""
        n_points, n = len(p), self._n
        z0 = np.zeros((n_points, n * (1 + m)))
        if y0 is not None:
            z0[:, :n] = y0
        elif self._module is not None:
            t = np.zeros(n_points)
            # Invalid values (e.g. the log of a negative parameter) are
            # reported below, with the parameters, instead of warned about.
            with np.errstate(all="ignore"):
                z0[:, :n] = self._module.y0(t, p)
                if m:
                    z0[:, n:] = self._module.y0_p(t, p)
        else:
            spec = self._spec
            assert spec.initial is not None  # a model has constant or callable y0
            for b in range(n_points):
                named = Named(spec.all_parameters, p[b].tolist())
                z0[b, :n] = np.asarray(spec.initial(named), dtype=float).reshape(-1)
        if not np.all(np.isfinite(z0[:, :n])):
            bad = int(np.flatnonzero(~np.all(np.isfinite(z0[:, :n]), axis=1))[0])
            raise ValueError(
                "The initial conditions must be finite; got "
                f"{z0[bad, :n].tolist()} at parameters {p[bad].tolist()}."
            )
        return z0

    def values(
        self, t: FloatArray, z: FloatArray, p: FloatArray, u: FloatArray
    ) -> FloatArray:
        """The outputs, shape ``(n_points, n_times, n_outputs)``."""
        if self._index is not None:
            return z[:, :, self._index]
        n_points, n_times = z.shape[:2]
        args = self._flat(t, z, p, u)
        # NaN states (after a failed solve) give NaN outputs, silently.
        with np.errstate(invalid="ignore"):
            if self._module is not None:
                g = self._module.g(*args)
            else:
                g = self._python_observe(*args)
        return np.asarray(g).reshape(n_points, n_times, -1)

    def values_and_sensitivities(
        self, t: FloatArray, z: FloatArray, p: FloatArray, u: FloatArray
    ) -> tuple[FloatArray, FloatArray]:
        """The outputs and their derivatives with respect to the parameters,
        shapes ``(n_points, n_times, n_outputs)`` and ``(n_points, n_times,
        n_outputs, n_parameters)``: ``dg/dp = (dg/dy) S + (dg/dp)``."""
        n_points, n_times, width = z.shape
        n = self._n
        m = width // n - 1
        s = z[:, :, n:].reshape(n_points, n_times, n, m)
        if self._index is not None:
            return z[:, :, self._index], np.ascontiguousarray(s[:, :, self._index, :])
        assert self._module is not None  # simulateS1 needs a trace
        args = self._flat(t, z, p, u)
        with np.errstate(invalid="ignore"):
            g = self._module.g(*args).reshape(n_points, n_times, -1)
            o = g.shape[2]
            gy = self._module.g_y(*args).reshape(n_points * n_times, o, n)
            gp = self._module.g_p(*args).reshape(n_points * n_times, o, m)
        ds = gy @ s.reshape(n_points * n_times, n, m) + gp
        return g, ds.reshape(n_points, n_times, o, m)

    def _flat(
        self, t: FloatArray, z: FloatArray, p: FloatArray, u: FloatArray
    ) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
        """One row per (point, time): what the vectorised functions take."""
        n_points, n_times = z.shape[:2]
        return (
            np.tile(t, n_points),
            z[:, :, : self._n].reshape(n_points * n_times, self._n),
            np.repeat(p, n_times, axis=0),
            np.tile(u, (n_points, 1)),
        )

    def _python_observe(
        self, t: FloatArray, y: FloatArray, p: FloatArray, u: FloatArray
    ) -> FloatArray:
        spec = self._spec
        assert spec.observe is not None
        rows = []
        for i in range(len(t)):
            args: list[object] = [
                float(t[i]),
                Named(spec.states, y[i].tolist()),
                Named(spec.all_parameters, p[i].tolist()),
            ]
            if spec.inputs:
                args.append(Named(spec.inputs, u[i].tolist()))
            rows.append(np.asarray(spec.observe(*args), dtype=float).reshape(-1))
        return np.array(rows)
