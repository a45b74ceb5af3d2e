"""Running the solvers: the compiled kernels, or scipy's LSODA as the
fallback, on a batch of initial states and parameters."""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING

import numpy as np

from .._typing import FloatArray, IntArray
from . import _jit
from ._protocol import Protocol
from ._symbolic import Named

if TYPE_CHECKING:
    from ._build import Spec

#: Names of the counts in ``stats`` (see ``_kernel_common``).
STAT_NAMES = ("steps", "rejected_steps", "rhs_calls", "jacobians", "factorisations")


@dataclass
class InputTables:
    """The inputs of one solve as arrays (see ``_kernel_common.inputs``):
    integration restarts at every inner entry of ``bounds``."""

    bounds: FloatArray
    rows: IntArray
    coef: FloatArray
    sptr: IntArray
    sine: FloatArray

    def at(self, interval: int, t: float) -> FloatArray:
        """The inputs at ``t`` within interval ``interval`` (as the kernels
        compute them)."""
        rows = self.rows[interval]
        origin, a, b = self.coef[rows].T
        dt = t - origin
        u = a + b * dt
        for k, r in enumerate(rows):
            for amp, omega, phase in self.sine[self.sptr[r] : self.sptr[r + 1]]:
                u[k] += amp * np.sin(omega * dt[k] + phase)
        return u

    def values(self, t: FloatArray) -> FloatArray:
        """The inputs at times ``t`` in ``[bounds[0], bounds[-1]]``, shape
        ``(len(t), n_inputs)``, vectorised (right-continuous at the
        bounds)."""
        last = len(self.rows) - 1
        interval = np.clip(np.searchsorted(self.bounds, t, side="right") - 1, 0, last)
        rows = self.rows[interval]  # (n_times, n_inputs)
        origin, a, b = self.coef[rows, 0], self.coef[rows, 1], self.coef[rows, 2]
        dt = t[:, None] - origin
        u = a + b * dt
        with_sines = np.flatnonzero(self.sptr[1:] > self.sptr[:-1])
        for r in with_sines:
            here = rows == r
            for amp, omega, phase in self.sine[self.sptr[r] : self.sptr[r + 1]]:
                u[here] += amp * np.sin(omega * dt[here] + phase)
        return u


def input_tables(protocols: Sequence[Protocol], t0: float, t_end: float) -> InputTables:
    """Interval bounds and segment rows for ``protocols`` on ``[t0, t_end]``."""
    tables = [p.table(t_end) for p in protocols]
    inner = [tb.starts[(tb.starts > t0) & (tb.starts < t_end)] for tb in tables]
    bounds = np.unique(np.concatenate([[t0, t_end], *inner]))
    if len(bounds) == 1:
        bounds = np.array([t0, t0])
    coef_parts, sine_parts, ptr_parts = [], [], [np.zeros(1, dtype=np.int64)]
    rows = np.zeros((len(bounds) - 1, len(tables)), dtype=np.int64)
    offset, sine_offset = 0, 0
    for k, tb in enumerate(tables):
        rows[:, k] = offset + np.searchsorted(tb.starts, bounds[:-1], side="right") - 1
        origin = np.where(np.isfinite(tb.starts), tb.starts, 0.0)
        coef_parts.append(np.column_stack([origin, tb.a, tb.b]))
        sine_parts.append(tb.sine)
        ptr_parts.append(tb.sine_ptr[1:] + sine_offset)
        offset += len(tb.starts)
        sine_offset += len(tb.sine)
    coef = np.concatenate(coef_parts) if coef_parts else np.zeros((0, 3))
    sine = np.concatenate(sine_parts) if sine_parts else np.zeros((0, 3))
    return InputTables(
        bounds,
        rows,
        np.ascontiguousarray(coef),
        np.concatenate(ptr_parts).astype(np.int64),
        np.ascontiguousarray(sine.reshape(-1, 3)),
    )


@dataclass
class Solution:
    """What a batch solve returns: states (and sensitivities) at the output
    times, shape ``(n_points, n_times, n_states * (1 + n_sens))``, NaN after a
    failure; counts per point; ``(t reached, last step)`` per point; status
    per point (0 for success)."""

    z: FloatArray
    stats: IntArray
    info: FloatArray
    status: IntArray


def _allocate(
    n_points: int, n_times: int, width: int
) -> tuple[FloatArray, IntArray, FloatArray, IntArray]:
    return (
        np.full((n_points, n_times, width), np.nan),
        np.zeros((n_points, len(STAT_NAMES)), dtype=np.int64),
        np.zeros((n_points, 2)),
        np.zeros(n_points, dtype=np.int64),
    )


class CompiledBackend:
    """Runs the numba kernels with a generated module's functions, compiling
    each function on first use (from numba's disk cache when possible)."""

    name = "numba"
    _ORDER = {
        "dopri5": ("f", "fs"),
        "rodas4": ("f", "fs", "jac", "ft", "fs_t", "fs_y"),
    }

    def __init__(self, module: ModuleType) -> None:
        self._module = module
        self._functions: dict[str, _jit.Compiled] = {}
        self._addresses: dict[tuple[str, bool], IntArray] = {}
        self._ran: set[tuple[str, bool]] = set()
        self.compile_seconds = 0.0

    def _function(self, name: str, sensitivities: bool) -> _jit.Compiled:
        n_arrays = 4 if name in ("f", "fs", "jac") else 5
        if name.startswith("fs") and not sensitivities:
            return _jit.no_op(n_arrays)
        compiled = self._functions.get(name)
        if compiled is None:
            compiled = _jit.compile_function(getattr(self._module, name), n_arrays)
            self._functions[name] = compiled
        return compiled

    def cache_misses(self) -> int:
        """How many times numba compiled (rather than loaded from its disk
        cache) this model's functions and the kernels it ran, in this
        process."""
        dispatchers = [c.dispatcher for c in self._functions.values()]
        dispatchers += [_jit.kernel(solver) for solver, _ in self._ran]
        misses = 0
        for d in dispatchers:
            misses += int(sum(d.stats.cache_misses.values()))  # type: ignore[attr-defined]
        return misses

    def addresses(self, solver: str, sensitivities: bool) -> IntArray:
        """The function addresses the kernel of ``solver`` takes."""
        key = (solver, sensitivities)
        found = self._addresses.get(key)
        if found is None:
            start = time.perf_counter()
            found = np.array(
                [
                    self._function(f, sensitivities).addresses
                    for f in self._ORDER[solver]
                ],
                dtype=np.int64,
            )
            self._addresses[key] = found
            self.compile_seconds += time.perf_counter() - start
        return found

    def run(
        self,
        solver: str,
        n: int,
        m: int,
        t_out: FloatArray,
        tables: InputTables,
        z0: FloatArray,
        p: FloatArray,
        rtol: float,
        atol: FloatArray,
        max_steps: int,
    ) -> Solution:
        z, stats, info, status = _allocate(len(z0), len(t_out), z0.shape[1])
        addresses = self.addresses(solver, m > 0)
        # Read-only arrays (e.g. a problem's times) are typed differently by
        # numba: copying them keeps one compiled kernel.
        t_out, z0, p, atol = (
            a if a.flags.writeable else a.copy() for a in (t_out, z0, p, atol)
        )
        args = (
            t_out,
            tables.bounds,
            tables.rows,
            tables.coef,
            tables.sptr,
            tables.sine,
            z0,
            p,
            rtol,
            atol,
            0.0,
            max_steps,
            z,
            stats,
            info,
            status,
        )
        kernel = _jit.kernel(solver)
        start = time.perf_counter()
        first = (solver, m > 0) not in self._ran
        if solver == "dopri5":
            kernel(addresses, m, *args)
        else:
            kernel(addresses, n, m, *args)
        if first:
            # The first call of a kernel in a process compiles it or loads
            # it from numba's cache: count that as compilation.
            self._ran.add((solver, m > 0))
            self.compile_seconds += time.perf_counter() - start
        return Solution(z, stats, info, status)


class ScipyBackend:
    """The fallback: scipy's LSODA (``odeint``, which switches between Adams
    and BDF methods as stiffness requires) on a Python right-hand side,
    interval by interval between the inputs' jumps. Used without numba, or
    when the right-hand side cannot be compiled."""

    name = "scipy"

    def __init__(
        self,
        rhs: Callable[[float, FloatArray, FloatArray, FloatArray], FloatArray],
        sensitivity_rhs: Callable[..., FloatArray] | None,
    ) -> None:
        self._rhs = rhs
        self._sens = sensitivity_rhs
        self.compile_seconds = 0.0

    def run(
        self,
        solver: str,
        n: int,
        m: int,
        t_out: FloatArray,
        tables: InputTables,
        z0: FloatArray,
        p: FloatArray,
        rtol: float,
        atol: FloatArray,
        max_steps: int,
    ) -> Solution:
        z, stats, info, status = _allocate(len(z0), len(t_out), z0.shape[1])
        for b in range(len(z0)):
            status[b] = self._solve_one(
                m,
                t_out,
                tables,
                z0[b],
                p[b],
                rtol,
                atol,
                max_steps,
                z[b],
                stats[b],
                info[b],
            )
        return Solution(z, stats, info, status)

    def _solve_one(
        self,
        m: int,
        t_out: FloatArray,
        tables: InputTables,
        z0: FloatArray,
        p: FloatArray,
        rtol: float,
        atol: FloatArray,
        max_steps: int,
        out: FloatArray,
        stats: IntArray,
        info: FloatArray,
    ) -> int:
        from scipy.integrate import ODEintWarning, odeint

        rhs, sens = self._rhs, self._sens
        state = z0.copy()
        t = float(tables.bounds[0])
        out[t_out <= t] = state
        for iv in range(len(tables.bounds) - 1):
            t_end = float(tables.bounds[iv + 1])
            if t_end <= t:
                continue
            grid = np.unique(
                np.concatenate([[t], t_out[(t_out > t) & (t_out <= t_end)], [t_end]])
            )

            def f(zz: FloatArray, tt: float, iv: int = iv) -> FloatArray:
                u = tables.at(iv, tt)
                dz = np.asarray(rhs(tt, zz, p, u), dtype=float)
                if m and sens is not None:
                    dz = sens(tt, zz, p, u, dz)
                return dz

            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", ODEintWarning)
                values, report = odeint(
                    f,
                    state,
                    grid,
                    rtol=rtol,
                    atol=atol,
                    mxstep=max_steps,
                    tcrit=[t_end],
                    full_output=True,
                )
            stats[0] += int(report["nst"][-1])
            stats[2] += int(report["nfe"][-1])
            stats[3] += int(report["nje"][-1])
            reached = np.concatenate([[True], report["tcur"] >= grid[1:] * (1 - 1e-12)])
            failed = bool(caught) or not np.all(np.isfinite(values))
            keep = grid if not failed else grid[np.cumprod(reached).astype(bool)]
            for i, tt in enumerate(keep):
                out[t_out == tt] = values[i]
            if failed:
                info[0] = float(report["tcur"][-1])
                info[1] = float(report["hu"][-1])
                return 3 if not np.all(np.isfinite(values)) else 2
            state = values[-1]
            t = t_end
        info[0] = t
        return 0


def generated_rhs(module: ModuleType) -> Callable[..., FloatArray]:
    """The generated right-hand side as a plain Python function (fallback)."""
    f = module.f
    n = module.N_STATES

    def rhs(t: float, z: FloatArray, p: FloatArray, u: FloatArray) -> FloatArray:
        out = np.empty(len(z))
        f(t, z, p, u, out)
        return out[:n] if len(z) == n else out

    return rhs


def generated_sens(module: ModuleType) -> Callable[..., FloatArray]:
    fs = module.fs

    def sens(
        t: float, z: FloatArray, p: FloatArray, u: FloatArray, dz: FloatArray
    ) -> FloatArray:
        fs(t, z, p, u, dz)
        return dz

    return sens


def python_rhs(spec: Spec) -> Callable[..., FloatArray]:
    """The user's right-hand side called on floats (the fallback when it
    cannot be traced)."""

    def rhs(t: float, z: FloatArray, p: FloatArray, u: FloatArray) -> FloatArray:
        args: list[object] = [
            t,
            Named(spec.states, z[: len(spec.states)].tolist()),
            Named(spec.all_parameters, p.tolist()),
        ]
        if spec.inputs:
            args.append(Named(spec.inputs, u.tolist()))
        return np.asarray(spec.rhs(*args), dtype=float).reshape(-1)

    return rhs
