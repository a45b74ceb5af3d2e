"""Base classes for toy models (`ToyModel`, `ToyODEModel`) and
toy distributions (`ToyLogPDF`)."""

from __future__ import annotations

import warnings
from collections.abc import Callable

import numpy as np
from scipy.integrate import ODEintWarning, odeint

from .._typing import ArrayLike, FloatArray
from .._util import vector
from ..problems._log_pdfs import LogPDF
from ..problems._problems import Point


class ToyModel:
    """Interface for toy models: forward models with representative
    parameters and times.

    Toy models extend this class and one of `paramfit.ForwardModel`
    or `paramfit.ForwardModelS1`.
    """

    def suggested_parameters(self) -> FloatArray:
        """Return parameter values representative of the model.

        Returns
        -------
        parameters : ndarray, shape (n_parameters,)
        """
        raise NotImplementedError

    def suggested_times(self) -> FloatArray:
        """Return time points representative of the model.

        Returns
        -------
        times : ndarray, shape (n_times,)
        """
        raise NotImplementedError


class ToyODEModel(ToyModel):
    r"""Base class for toy models defined by an ordinary differential
    equation (ODE) $\dot{y} = f(y, t, p)$.

    Subclasses implement `_rhs()` (and `n_parameters()`,
    `n_outputs()`, optionally `n_states()`) to get `simulate()`;
    implementing `jacobian()` and `_dfdp()` as well gives
    `simulateS1()`, by solving the forward sensitivity equations

    $$
    \frac{d}{dt} \frac{\partial y}{\partial p}
        = \frac{\partial f}{\partial y} \frac{\partial y}{\partial p}
        + \frac{\partial f}{\partial p}
    $$

    together with the states. Toy ODE models extend this class and one of
    `paramfit.ForwardModel` or `paramfit.ForwardModelS1`.

    The outputs are the first `n_outputs()` states unless a subclass
    says otherwise. Simulations start at ``t = 0`` from
    `initial_conditions()` (0 is added to the requested times if needed,
    and dropped from the output).

    Notes
    -----
    Equations are solved with LSODA (`scipy.integrate.odeint()`) at a
    relative tolerance of ``1e-8`` and an absolute tolerance of ``1e-10`` by
    default (see `set_solver_tolerances()`): tight enough that the
    numerical error is far below the noise of any realistic data set, so an
    optimiser sees a smooth objective. If the solver fails (e.g. the solution
    blows up for extreme parameters), the values at the times it did not
    reach are NaN, which optimisers treat as an infinitely bad score.
    """

    _y0: FloatArray
    _rtol: float = 1e-8
    _atol: float | FloatArray = 1e-10

    # -- interface for subclasses ------------------------------------------
    def n_parameters(self) -> int:
        """Return the number of parameters."""
        raise NotImplementedError

    def n_outputs(self) -> int:
        """Return the number of outputs."""
        raise NotImplementedError

    def n_states(self) -> int:
        """Return the number of states of the ODE (the number of outputs
        unless only some states are observed)."""
        return self.n_outputs()

    def _rhs(self, y: Point, t: float, p: Point) -> ArrayLike:
        """Return $dy/dt$, shape ``(n_states,)``, for states ``y``,
        shape ``(n_states,)``, at time ``t`` with parameters ``p``, shape
        ``(n_parameters,)``."""
        raise NotImplementedError

    def jacobian(self, y: Point, t: float, p: Point) -> FloatArray:
        r"""Return $\partial f / \partial y$, the derivative of the
        right-hand side with respect to the states.

        Parameters
        ----------
        y : array_like, shape (n_states,)
            The states at time ``t``.
        t : float
            The time.
        p : array_like, shape (n_parameters,)
            The parameters.

        Returns
        -------
        ndarray, shape (n_states, n_states)
            Entry ``[i, j]`` is $\partial f_i / \partial y_j$.
        """
        raise NotImplementedError

    def _dfdp(self, y: Point, t: float, p: Point) -> FloatArray:
        r"""Return $\partial f / \partial p$, shape
        ``(n_states, n_parameters)``, for the arguments of
        `jacobian()`."""
        raise NotImplementedError

    def _initial_state(self, p: FloatArray) -> FloatArray:
        """The states at the start (models with parameters among their
        initial conditions override this and `_initial_sensitivities()`)."""
        return self._y0

    def _initial_sensitivities(self, p: FloatArray) -> FloatArray:
        """Derivatives of `_initial_state()`, shape
        ``(n_states, n_parameters)``."""
        return np.zeros((self.n_states(), len(p)))

    def _observed(self) -> slice:
        """The states returned as outputs."""
        return slice(0, self.n_outputs())

    def _start_time(self, times: FloatArray) -> float:
        """Time at which the initial conditions hold."""
        return 0.0

    # -- initial conditions and solver settings ----------------------------
    def initial_conditions(self) -> FloatArray:
        """Return a copy of the initial states, shape ``(n_states,)``."""
        return np.array(self._y0, dtype=float, copy=True)

    def set_initial_conditions(self, y0: Point) -> None:
        """Set the initial states.

        Parameters
        ----------
        y0 : array_like, shape (n_states,)
            The states at ``t = 0``.

        Raises
        ------
        ValueError
            If ``y0`` does not have one value per state.
        """
        y = np.array(y0, dtype=float, copy=True).reshape(-1)
        n = self.n_states()
        if len(y) != n:
            raise ValueError(
                f"Initial conditions must have {n} values (one per state); "
                f"got {len(y)}."
            )
        self._y0 = y

    def _checked_initial_state(self, y0: Point | None, default: Point) -> Point:
        """``y0`` (``default`` if ``None``), checked as PINTS's repressilator
        and SIR models check it: one value per state, none negative."""
        if y0 is None:
            return default
        y = np.array(y0, dtype=float)
        if len(y) != self.n_states():
            raise ValueError(f"Initial value must have size {self.n_states()}.")
        if np.any(y < 0):
            raise ValueError("Initial states can not be negative.")
        return y

    def set_solver_tolerances(
        self, rtol: float = 1e-8, atol: float | Point = 1e-10
    ) -> None:
        """Set the ODE solver's relative and absolute tolerances.

        Parameters
        ----------
        rtol : float, optional
            Relative tolerance.
        atol : float or array_like, shape (n_states,), optional
            Absolute tolerance, for all states or for each one.
        """
        self._rtol = float(rtol)
        self._atol = vector(atol) if np.ndim(atol) else float(np.asarray(atol))

    def solver_tolerances(self) -> tuple[float, float | FloatArray]:
        """Return the ODE solver's tolerances ``(rtol, atol)``."""
        return self._rtol, self._atol

    # -- simulation --------------------------------------------------------
    def simulate(self, parameters: Point, times: ArrayLike) -> FloatArray:
        """Solve the ODE and return the outputs at ``times``.

        Parameters
        ----------
        parameters : array_like, shape (n_parameters,)
            The model parameters.
        times : array_like, shape (n_times,)
            Non-negative, increasing times.

        Returns
        -------
        values : ndarray, shape (n_times,) or (n_times, n_outputs)
            The first shape for single-output models.
        """
        p, t, offset = self._prepare(parameters, times)
        rhs, pp = self._rhs, tuple(p.tolist())
        # Python floats, not NumPy scalars: scalar arithmetic is ~4x faster.
        z = self._solve(lambda y, s: rhs(y.tolist(), s, pp), self._initial_state(p), t)
        return self._shape_values(z[offset:, self._observed()])

    def simulateS1(
        self, parameters: Point, times: ArrayLike
    ) -> tuple[FloatArray, FloatArray]:
        """Solve the ODE with its forward sensitivity equations.

        Takes the arguments of `simulate()`.

        Returns
        -------
        values : ndarray, shape (n_times,) or (n_times, n_outputs)
            As returned by `simulate()`.
        sensitivities : ndarray, shape (n_times, n_outputs, n_parameters)
            Entry ``[k, i, j]`` is the derivative of output ``i`` at time
            ``k`` with respect to parameter ``j`` (also for single-output
            models, as in PINTS).
        """
        p, t, offset = self._prepare(parameters, times)
        n, m = self.n_states(), len(p)
        z0 = np.concatenate(
            [self._initial_state(p), self._initial_sensitivities(p).reshape(-1)]
        )
        rhs, pp = self._rhs_S1, tuple(p.tolist())
        z = self._solve(lambda y, s: rhs(y, s, pp), z0, t)[offset:]
        obs = self._observed()
        sens = np.ascontiguousarray(z[:, n:].reshape(len(z), n, m)[:, obs, :])
        return self._shape_values(z[:, obs]), sens

    def _rhs_S1(self, z: FloatArray, t: float, p: Point) -> FloatArray:
        """Right-hand side of the states and sensitivities together.

        ``z`` holds the states (first ``n_states`` entries), then the
        sensitivity matrix ``dy/dp``, shape ``(n_states, n_parameters)``,
        in row-major order.
        """
        n = self.n_states()
        y = z[:n].tolist()
        s = z[n:].reshape(n, len(p))
        ds = self.jacobian(y, t, p) @ s + self._dfdp(y, t, p)
        return np.concatenate([np.asarray(self._rhs(y, t, p), dtype=float), ds.ravel()])

    def _prepare(
        self, parameters: Point, times: ArrayLike
    ) -> tuple[FloatArray, FloatArray, int]:
        p = np.array(parameters, dtype=float).reshape(-1)
        if len(p) != self.n_parameters():
            raise ValueError(
                f"Expected {self.n_parameters()} parameters; got {len(p)}."
            )
        t = vector(times)
        if np.any(t < 0):
            raise ValueError("Negative times are not allowed.")
        t0 = self._start_time(t)
        if len(t) and t[0] == t0:
            return p, t, 0
        return p, np.concatenate(([t0], t)), 1

    def _solver_options(self) -> dict[str, float]:
        """Extra keyword arguments for `scipy.integrate.odeint()`."""
        return {}

    def _solve(
        self,
        rhs: Callable[[FloatArray, float], ArrayLike],
        z0: FloatArray,
        t: FloatArray,
    ) -> FloatArray:
        """Integrate ``dz/dt = rhs(z, t)`` from ``z0`` at ``t[0]``, returning
        shape ``(len(t), len(z0))``; NaN where the solver failed."""
        if len(t) == 1:
            return np.array([z0], dtype=float)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ODEintWarning)
            z, info = odeint(
                rhs,
                z0,
                t,
                rtol=self._rtol,
                atol=self._atol,
                full_output=True,
                **self._solver_options(),
            )
        if any(issubclass(w.category, ODEintWarning) for w in caught):
            reached = np.concatenate(([True], info["tcur"] >= t[1:]))
            z[~np.cumprod(reached).astype(bool)] = np.nan
        return z

    def _shape_values(self, values: FloatArray) -> FloatArray:
        if self.n_outputs() == 1:
            return np.ascontiguousarray(values[:, 0])
        return np.ascontiguousarray(values)


class ToyLogPDF(LogPDF):
    """Base class for toy probability distributions (sampling and
    optimisation benchmarks)."""

    def distance(self, samples: ArrayLike) -> float:
        """Return a measure of how far ``samples``, shape
        ``(n_samples, n_parameters)``, are from being drawn from this
        distribution (near 0 for good samples)."""
        raise NotImplementedError

    def sample(self, n_samples: int) -> FloatArray:
        """Return ``n_samples`` independent samples, shape
        ``(n_samples, n_parameters)``."""
        raise NotImplementedError
