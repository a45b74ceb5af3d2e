"""`ODEModel`: a forward model written once as a plain-Python right-hand
side, compiled, solved in batches, with exact forward sensitivities."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping, Sequence

import numpy as np

from .._typing import ArrayLike, FloatArray
from ..problems._models import ForwardModelS1, Point
from . import _cache, _jit
from ._build import Spec, derive
from ._errors import CompilationWarning, SolverError
from ._outputs import Outputs
from ._protocol import Protocol
from ._run import (
    STAT_NAMES,
    CompiledBackend,
    ScipyBackend,
    generated_rhs,
    generated_sens,
    input_tables,
    python_rhs,
)
from ._settings import ModelSettings, _finite_value
from ._validate import check_names, check_outputs, check_times

_FAILURE = ("raise", "nan")


_BACKENDS: dict[str, CompiledBackend] = {}


class ODEModel(ModelSettings, ForwardModelS1):
    r"""An ODE model $\dot y = f(t, y, p, u(t))$, $y(t_0) = y_0(p)$,
    written once in plain Python and solved by compiled code.

    Parameters
    ----------
    rhs : callable
        ``rhs(t, y, p)`` (or ``rhs(t, y, p, u)`` with ``inputs``) returning
        the derivatives of the states, one per state, in order. ``y``, ``p``
        and ``u`` are read-only vectors of the states, the parameters (then
        the constants) and the inputs: index them (``y[0]``), unpack them
        (``v, r = y``) or use names (``y.V``). Use ``math`` or ``numpy``
        functions and `where` instead of ``if`` on values.
    states : sequence of str
        The names of the states.
    parameters : sequence of str
        The names of the parameters, as `simulate` takes them.
    initial_conditions : sequence of float or callable
        The states at the start time, or ``initial_conditions(p)`` returning
        them from the parameters (and constants), differentiated for the
        sensitivities.
    outputs : sequence of str, optional
        The names of the outputs: states (by default all of them), or the
        names of the values ``observe`` returns.
    observe : callable, optional
        ``observe(t, y, p)`` (or ``observe(t, y, p, u)``) returning the
        outputs, when they are not simply states (e.g. a current).
    inputs : mapping of str to Protocol, optional
        Time-dependent inputs, e.g. ``{"V": protocol}``.
    constants : mapping of str to float, optional
        Named values the equations use but that are not fitted; they follow
        the parameters in ``p`` and can be changed with `set_constants`.
    solver : {'dopri5', 'rodas4'}, optional
        The explicit Dormand-Prince 5(4) method (the default, for non-stiff
        systems) or the implicit Rosenbrock method RODAS4 (stiff systems).
    rtol, atol : float, optional
        Relative and absolute tolerances (default ``1e-7`` and ``1e-9``:
        errors about ``1e-6`` of each output's range on typical problems);
        ``atol`` may have one value per state.
    start_time : float or None, optional
        When the initial conditions hold (default 0); ``None`` for the first
        requested time (as PINTS's SIR model does).
    max_steps : int, optional
        Steps allowed per solve (default 100,000).
    on_failure : {'raise', 'nan'}, optional
        A failed solve raises `SolverError` (default), or gives NaN at the
        times not reached (which optimisers score as infinitely bad).
    compiled : bool, optional
        Whether to compile with numba (default ``True``); ``False`` uses the
        fallback (scipy's LSODA), e.g. to compare.

    Notes
    -----
    The right-hand side is traced once with SymPy symbols, so the Jacobians
    $J = \partial f / \partial y$ and $\partial f / \partial p$ are exact
    and the sensitivities $S = \partial y / \partial p$ solve the
    variational equations $\dot S = J S + \partial f / \partial p$,
    $S(t_0) = \partial y_0 / \partial p$ [1]_, together with the states,
    under the same error control. Generated code is compiled by numba and
    cached on disk (see `paramfit.models` for the folder), so a worker
    process or a later session does not recompile. Without numba, or when
    the right-hand side cannot be traced (a `CompilationWarning` then names
    the construct), the model runs on scipy's LSODA instead; without a
    trace it has no sensitivities.

    References
    ----------
    .. [1] Hairer, Nørsett, Wanner (1993) Solving Ordinary Differential
           Equations I: Nonstiff Problems, 2nd ed. Springer, Sec. I.14.
           https://doi.org/10.1007/978-3-540-78862-1
    """

    def __init__(
        self,
        rhs: Callable[..., object],
        states: Sequence[str],
        parameters: Sequence[str],
        initial_conditions: Point | Callable[..., object],
        *,
        outputs: Sequence[str] | None = None,
        observe: Callable[..., object] | None = None,
        inputs: Mapping[str, Protocol] | None = None,
        constants: Mapping[str, float] | None = None,
        solver: str = "dopri5",
        rtol: float = 1e-7,
        atol: float | Sequence[float] = 1e-9,
        start_time: float | None = 0.0,
        max_steps: int = 100_000,
        on_failure: str = "raise",
        compiled: bool = True,
    ) -> None:
        super().__init__()
        if not callable(rhs):
            raise TypeError(f"rhs must be callable; got {type(rhs).__name__}.")
        states, parameters = (
            check_names("states", states),
            check_names("parameters", parameters, allow_empty=True),
        )
        inputs = dict(inputs or {})
        for name, protocol in inputs.items():
            if not isinstance(protocol, Protocol):
                raise TypeError(
                    f"Input {name!r} must be a paramfit.models.Protocol; got "
                    f"{type(protocol).__name__}."
                )
        constants = dict(constants or {})
        names = check_names("inputs", list(inputs), allow_empty=True)
        const_names = check_names("constants", list(constants), allow_empty=True)
        outputs = check_outputs(outputs, observe, states)
        check_names("names", [*states, *parameters, *names, *const_names])
        initial = initial_conditions if callable(initial_conditions) else None
        if observe is not None and not callable(observe):
            raise TypeError("observe must be callable.")
        self._spec = Spec(
            rhs, states, parameters, const_names, names, outputs, initial, observe
        )
        self._protocols = tuple(inputs[k] for k in names)
        self._constants = np.array(
            [_finite_value(f"constant {k!r}", v) for k, v in constants.items()]
        )
        if initial is None:
            self.set_initial_conditions(initial_conditions)  # type: ignore[arg-type]
        else:
            self._y0: FloatArray | None = None
        self.set_solver(solver)
        self.set_tolerances(rtol, atol)
        self.set_start_time(start_time)
        self._max_steps = int(max_steps)
        if self._max_steps < 1:
            raise ValueError(f"max_steps must be at least 1; got {max_steps}.")
        if on_failure not in _FAILURE:
            raise ValueError(
                f"on_failure must be one of {_FAILURE}; got {on_failure!r}."
            )
        self._on_failure = on_failure
        self._last_stats = np.zeros((0, len(STAT_NAMES)), dtype=np.int64)
        self._tables_key: tuple[float, float] | None = None
        self._build(bool(compiled))

    # -- building -----------------------------------------------------------
    def _build(self, compiled: bool) -> None:
        """Derive (or find in the cache) the generated code, then choose the
        backend."""
        derived = derive(self._spec)
        self._source, self._trace_error = derived.source, derived.error
        self._cached, self._derive_seconds = derived.cached, derived.seconds
        self._attach(compiled)

    def _attach(self, compiled: bool) -> None:
        """Load the generated module and pick numba or the fallback."""
        module = _cache.load(self._source) if self._source is not None else None
        self._module = module
        self._outputs = Outputs(self._spec, module)
        self._fallback_reason: str | None = None
        self._backend: CompiledBackend | ScipyBackend
        if module is None:
            self._fallback_reason = str(self._trace_error)
            warnings.warn(
                f"{self._trace_error} Fallback: the right-hand side runs as plain "
                "Python on scipy's LSODA (slower), and simulateS1() is not "
                "available.",
                CompilationWarning,
                stacklevel=4,
            )
            self._backend = ScipyBackend(python_rhs(self._spec), None)
            return
        if compiled and _jit.numba_module() is not None:
            # One backend per generated module: models built from the same
            # code (e.g. many instances of a toy) share compiled functions.
            backend = _BACKENDS.get(module.__name__)
            if backend is None:
                backend = _BACKENDS[module.__name__] = CompiledBackend(module)
            self._backend = backend
            return
        self._fallback_reason = (
            "compilation switched off" if not compiled else "numba is not installed"
        )
        self._backend = ScipyBackend(generated_rhs(module), generated_sens(module))

    def compile(self, sensitivities: bool = True) -> float:
        """Compile what the current solver needs now, instead of on the
        first solve (e.g. before timing, or before sending the model to
        workers); returns the seconds spent compiling so far (near 0 when
        everything came from the disk cache)."""
        if not isinstance(self._backend, CompiledBackend):
            return 0.0
        n, q = self.n_states(), len(self._spec.all_parameters)
        tables = input_tables(self._protocols, 0.0, 0.0)
        for m in (0, self.n_parameters()) if sensitivities else (0,):
            # A solve of no duration: the kernel is loaded, nothing integrated.
            self._backend.run(
                self._solver,
                n,
                m,
                np.zeros(1),
                tables,
                np.zeros((1, n * (1 + m))),
                np.zeros((1, q)),
                self._rtol,
                np.tile(self._atol, 1 + m),
                1,
            )
        return self._backend.compile_seconds

    def build_info(self) -> dict[str, object]:
        """How the model was built: ``backend`` ('numba' or 'scipy'), the
        ``fallback`` reason if any, whether the derivation came from the
        disk ``cached`` index, and the seconds spent deriving and
        compiling, and how often numba compiled instead of loading from its
        disk cache (``numba_cache_misses``, 0 once cached)."""
        misses = (
            self._backend.cache_misses()
            if isinstance(self._backend, CompiledBackend)
            else 0
        )
        return {
            "backend": self._backend.name,
            "numba_cache_misses": misses,
            "fallback": self._fallback_reason,
            "cached": self._cached,
            "derive_seconds": self._derive_seconds,
            "compile_seconds": self._backend.compile_seconds,
        }

    # -- simulation -----------------------------------------------------------
    def simulate(self, parameters: Point, times: ArrayLike) -> FloatArray:
        """Solve and return the outputs at ``times``.

        Parameters
        ----------
        parameters : array_like, shape (n_parameters,)
        times : array_like, shape (n_times,)
            Non-decreasing times, at least the start time.

        Returns
        -------
        ndarray, shape (n_times,) or (n_times, n_outputs)
            The first shape for single-output models.
        """
        p = self._points(parameters)
        values = self.simulate_batch(p, times)[0]
        return values

    def simulateS1(
        self, parameters: Point, times: ArrayLike
    ) -> tuple[FloatArray, FloatArray]:
        """Solve with the forward sensitivity equations.

        Returns
        -------
        values : ndarray, shape (n_times,) or (n_times, n_outputs)
        sensitivities : ndarray
            Shape ``(n_times, n_parameters)`` for single-output models, else
            ``(n_times, n_outputs, n_parameters)``; ``[k, (i,) j]`` is the
            derivative of output ``i`` at time ``k`` with respect to parameter
            ``j``.
        """
        if self._source is None:
            raise NotImplementedError(
                "simulateS1() needs a right-hand side that can be traced "
                f"symbolically: {self._trace_error}"
            )
        p = self._points(parameters)
        t, t0 = check_times(times, self._start)
        z = self._solve(p, t, t0, sensitivities=True)
        y, s = self._outputs.values_and_sensitivities(
            t, z, self._full(p), self._inputs_at(t)
        )
        return self._shape(y[0]), self._shape(s[0])

    def simulate_batch(self, parameters: ArrayLike, times: ArrayLike) -> FloatArray:
        """Solve for every row of ``parameters`` in one compiled call.

        Parameters
        ----------
        parameters : array_like, shape (n_points, n_parameters)
        times : array_like, shape (n_times,)

        Returns
        -------
        ndarray, shape (n_points, n_times) or (n_points, n_times, n_outputs)
            Equal to ``[simulate(x, times) for x in parameters]``.
        """
        p = self._points(parameters)
        t, t0 = check_times(times, self._start)
        z = self._solve(p, t, t0, sensitivities=False)
        y = self._outputs.values(t, z, self._full(p), self._inputs_at(t))
        return y[:, :, 0] if self.n_outputs() == 1 else y

    def jacobians(
        self, t: float, y: ArrayLike, parameters: Point
    ) -> tuple[FloatArray, FloatArray]:
        r"""The exact derivatives of the right-hand side at one point:
        $\partial f / \partial y$, shape ``(n_states, n_states)``, and
        $\partial f / \partial p$, shape ``(n_states, n_parameters)``
        (evaluated in Python from the generated code)."""
        if self._module is None:
            raise NotImplementedError(f"No derivatives: {self._trace_error}")
        n, m = self.n_states(), self.n_parameters()
        z = np.zeros(n * (1 + m))
        z[:n] = np.asarray(y, dtype=float).reshape(n)
        p = self._full(self._points(parameters))[0]
        u = np.array([pr.evaluate([t])[0] for pr in self._protocols])
        jac, out = np.empty(n * n), np.zeros(n * (1 + m))
        self._module.jac(float(t), z, p, u, jac)
        self._module.fs(float(t), z, p, u, out)  # J S + df/dp with S = 0
        return jac.reshape(n, n), out[n:].reshape(n, m)

    def simulate_states(self, parameters: Point, times: ArrayLike) -> FloatArray:
        """Solve and return every state at ``times``, shape
        ``(n_times, n_states)``."""
        p = self._points(parameters)
        t, t0 = check_times(times, self._start)
        return self._solve(p, t, t0, sensitivities=False)[0, :, : self.n_states()]

    def _solve(
        self, p: FloatArray, t: FloatArray, t0: float, sensitivities: bool
    ) -> FloatArray:
        """States (and sensitivities), shape ``(n_points, n_times, width)``."""
        n, m = self.n_states(), self.n_parameters() if sensitivities else 0
        full = self._full(p)
        z0 = self._outputs.initial(full, self._y0, m)
        atol = self._atol if m == 0 else np.tile(self._atol, 1 + m)
        tables = self._tables(t0, float(t[-1]) if len(t) else t0)
        sol = self._backend.run(
            self._solver, n, m, t, tables, z0, full, self._rtol, atol, self._max_steps
        )
        self._last_stats = sol.stats
        if self._on_failure == "raise" and sol.status.any():
            b = int(np.flatnonzero(sol.status)[0])
            raise SolverError(
                self._solver if self._backend.name == "numba" else "scipy LSODA",
                int(sol.status[b]),
                float(sol.info[b, 0]),
                float(sol.info[b, 1]),
                p[b].tolist(),
            )
        return sol.z

    # -- pickling -------------------------------------------------------------
    def __getstate__(self) -> dict[str, object]:
        state = dict(vars(self))
        for name in ("_backend", "_outputs", "_module", "_input_tables", "_tables_key"):
            state.pop(name, None)
        state["_compiled"] = self._backend.name == "numba" or (
            self._fallback_reason == "numba is not installed"
        )
        if self._source is not None:
            # Workers rebuild from the generated source: the user's functions
            # (lambdas, closures, notebook cells) need not be picklable.
            state["_spec"] = self._spec.without_functions()
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        compiled = bool(state.pop("_compiled"))
        vars(self).update(state)
        self._tables_key = None
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", CompilationWarning)
            self._attach(compiled)
