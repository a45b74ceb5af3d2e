"""The names, sizes and run-time settings of an `ODEModel` (nothing here
needs recompiling when changed)."""

from __future__ import annotations

import math

import numpy as np

from .._typing import ArrayLike, FloatArray, IntArray
from ._build import Spec
from ._protocol import Protocol
from ._run import STAT_NAMES, InputTables, input_tables
from ._validate import check_tolerances

SOLVERS = ("dopri5", "rodas4")


class ModelSettings:
    """Sizes, names and settings shared by `ODEModel`; holds the
    specification (``_spec``), the constants, constant initial conditions,
    input protocols, solver, tolerances, start time and the statistics of
    the last solve."""

    _spec: Spec
    _constants: FloatArray
    _y0: FloatArray | None
    _protocols: tuple[Protocol, ...]
    _tables_key: tuple[float, float] | None
    _last_stats: IntArray

    def n_parameters(self) -> int:
        """Return the number of parameters."""
        return len(self._spec.parameters)

    def n_outputs(self) -> int:
        """Return the number of outputs."""
        return len(self._spec.outputs)

    def n_states(self) -> int:
        """Return the number of states."""
        return len(self._spec.states)

    def state_names(self) -> tuple[str, ...]:
        """Return the names of the states."""
        return self._spec.states

    def parameter_names(self) -> tuple[str, ...]:
        """Return the names of the parameters."""
        return self._spec.parameters

    def output_names(self) -> tuple[str, ...]:
        """Return the names of the outputs."""
        return self._spec.outputs

    # -- settings -----------------------------------------------------------
    def constants(self) -> dict[str, float]:
        """Return the constants by name."""
        return dict(zip(self._spec.constants, self._constants.tolist(), strict=True))

    def set_constants(self, **values: float) -> None:
        """Change constants by name (no recompilation)."""
        for name, value in values.items():
            if name not in self._spec.constants:
                raise ValueError(
                    f"Unknown constant {name!r}; the constants are "
                    f"{list(self._spec.constants)}."
                )
            self._constants[self._spec.constants.index(name)] = _finite_value(
                f"constant {name!r}", value
            )

    def initial_conditions(self) -> FloatArray | None:
        """Return the initial states, or ``None`` if they are a function of
        the parameters."""
        return None if self._y0 is None else self._y0.copy()

    def set_initial_conditions(self, y0: ArrayLike) -> None:
        """Set constant initial states, one per state (all finite)."""
        if self._spec.initial is not None:
            raise ValueError("The initial conditions of this model are a function.")
        y = np.array(y0, dtype=float).reshape(-1)
        n = self.n_states()
        if len(y) != n:
            raise ValueError(
                f"Initial conditions must have {n} values (one per state: "
                f"{', '.join(self._spec.states)}); got {len(y)}."
            )
        if not np.all(np.isfinite(y)):
            raise ValueError(f"Initial conditions must be finite; got {y.tolist()}.")
        self._y0 = y

    def set_input(self, name: str, protocol: Protocol) -> None:
        """Replace the protocol of input ``name`` (no recompilation)."""
        if name not in self._spec.inputs:
            raise ValueError(
                f"Unknown input {name!r}; the inputs are {self._spec.inputs}."
            )
        if not isinstance(protocol, Protocol):
            raise TypeError("protocol must be a paramfit.models.Protocol.")
        k = self._spec.inputs.index(name)
        self._protocols = self._protocols[:k] + (protocol,) + self._protocols[k + 1 :]
        self._tables_key = None

    def input(self, name: str) -> Protocol:
        """Return the protocol of input ``name``."""
        return self._protocols[self._spec.inputs.index(name)]

    def solver(self) -> str:
        """Return the solver: 'dopri5' or 'rodas4'."""
        return self._solver

    def set_solver(self, solver: str) -> None:
        """Choose 'dopri5' (explicit) or 'rodas4' (implicit, stiff)."""
        if solver not in SOLVERS:
            raise ValueError(f"solver must be one of {SOLVERS}; got {solver!r}.")
        self._solver = solver

    def tolerances(self) -> tuple[float, FloatArray]:
        """Return ``(rtol, atol)``, ``atol`` with one value per state."""
        return self._rtol, self._atol.copy()

    def set_tolerances(
        self, rtol: float = 1e-7, atol: float | ArrayLike = 1e-9
    ) -> None:
        """Set the relative and absolute tolerances (positive; ``atol`` for
        all states or one per state)."""
        self._rtol, self._atol = check_tolerances(rtol, atol, self.n_states())

    def start_time(self) -> float | None:
        """Return the time of the initial conditions (``None``: the first
        requested time)."""
        return self._start

    def set_start_time(self, start_time: float | None) -> None:
        """Set the time of the initial conditions (``None``: the first
        requested time)."""
        self._start = (
            None if start_time is None else _finite_value("start_time", start_time)
        )

    def solver_statistics(self) -> dict[str, int]:
        """Counts of the last call (summed over its points): ``steps``,
        ``rejected_steps``, ``rhs_calls``, ``jacobians``, ``factorisations``
        and ``solves``. The fallback does not count rejections."""
        counts = self._last_stats.sum(axis=0).tolist()
        stats = dict(zip(STAT_NAMES, counts, strict=True))
        stats["solves"] = len(self._last_stats)
        return stats

    def _shape(self, values: FloatArray) -> FloatArray:
        return values[:, 0] if self.n_outputs() == 1 else values

    def _points(self, parameters: ArrayLike) -> FloatArray:
        p = np.asarray(parameters, dtype=float)
        m = self.n_parameters()
        if p.ndim > 2 or (p.ndim and p.shape[-1] != m) or (p.ndim == 0 and m != 1):
            raise ValueError(
                f"Expected {m} parameters ({', '.join(self._spec.parameters)}) per "
                f"point; got an array of shape {p.shape}."
            )
        return np.ascontiguousarray(p.reshape(-1, m))

    def _full(self, p: FloatArray) -> FloatArray:
        """Parameters then constants, one row per point."""
        if not len(self._constants):
            return p
        full = np.empty((len(p), p.shape[1] + len(self._constants)))
        full[:, : p.shape[1]] = p
        full[:, p.shape[1] :] = self._constants
        return full

    def _tables(self, t0: float, t_end: float) -> InputTables:
        if self._tables_key != (t0, t_end):
            self._input_tables = input_tables(self._protocols, t0, t_end)
            self._tables_key = (t0, t_end)
        return self._input_tables

    def _inputs_at(self, t: FloatArray) -> FloatArray:
        if not self._protocols:
            return np.zeros((len(t), 0))
        return self._tables(*self._tables_key or (0.0, 0.0)).values(t)


def _finite_value(name: str, value: float) -> float:
    x = float(value)
    if not math.isfinite(x):
        raise ValueError(f"{name} must be finite; got {value!r}.")
    return x
