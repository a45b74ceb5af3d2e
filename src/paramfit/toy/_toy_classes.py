"""Base classes for toy models (`ToyModel`, `ToyODEModel`) and
toy distributions (`ToyLogPDF`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np

from .._typing import ArrayLike, FloatArray
from .._util import vector
from ..models import ODEModel, Protocol
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
    equation (ODE) $\dot{y} = f(t, y, p)$, solved by the compiled engine
    of `paramfit.models`.

    A subclass writes its right-hand side once, in plain Python, and calls
    `_define()` from its constructor; it then has `simulate()`,
    `simulate_batch()` and (if it also extends
    `paramfit.ForwardModelS1`) `simulateS1()`, whose sensitivities solve
    the forward sensitivity equations

    $$
    \frac{d}{dt} \frac{\partial y}{\partial p}
        = \frac{\partial f}{\partial y} \frac{\partial y}{\partial p}
        + \frac{\partial f}{\partial p}
    $$

    with both Jacobians derived exactly (see `paramfit.models.ODEModel`).
    Simulations start from `initial_conditions()` at ``t = 0`` unless a
    model says otherwise.

    Notes
    -----
    Equations are solved by the Dormand-Prince 5(4) method at a relative
    tolerance of ``1e-8`` and an absolute tolerance of ``1e-10`` by default
    (see `set_solver_tolerances()`): at the suggested parameters every
    output is within ``1e-7`` of its range of a high-accuracy solution, far
    below the noise of any realistic data set, so an optimiser sees a smooth
    objective, and PINTS's reference values are reproduced. If the solver
    fails (e.g. the solution blows up for extreme parameters), the values
    at the times it did not reach are NaN, which optimisers treat as an
    infinitely bad score.
    """

    _model: ODEModel
    #: Indices of the states whose initial values `initial_conditions()`
    #: shows (all by default); the rest are constants of the model.
    _shown_states: slice = slice(None)

    def _define(
        self,
        rhs: Callable[..., object],
        states: Sequence[str],
        parameters: Sequence[str],
        initial_conditions: Point | Callable[..., object],
        outputs: Sequence[str] | None = None,
        observe: Callable[..., object] | None = None,
        inputs: Mapping[str, Protocol] | None = None,
        constants: Mapping[str, float] | None = None,
        start_time: float | None = 0.0,
        solver: str = "dopri5",
    ) -> None:
        """Build the model: arguments as for `paramfit.models.ODEModel`,
        with tolerances ``1e-8`` (relative) and ``1e-10`` (absolute, as
        PINTS's ``odeint`` defaults nearly are) and NaN for failed solves."""
        self._model = ODEModel(
            rhs,
            states,
            parameters,
            initial_conditions,
            outputs=outputs,
            observe=observe,
            inputs=inputs,
            constants=constants,
            start_time=start_time,
            solver=solver,
            rtol=1e-8,
            atol=1e-10,
            on_failure="nan",
        )

    def n_parameters(self) -> int:
        """Return the number of parameters."""
        return self._model.n_parameters()

    def n_outputs(self) -> int:
        """Return the number of outputs."""
        return self._model.n_outputs()

    def n_states(self) -> int:
        """Return the number of states of the ODE."""
        return self._model.n_states()

    def ode_model(self) -> ODEModel:
        """Return the engine's model (names, solver, statistics)."""
        return self._model

    # -- initial conditions and solver settings ----------------------------
    def initial_conditions(self) -> FloatArray:
        """Return a copy of the initial states."""
        y0 = self._model.initial_conditions()
        if y0 is None:
            raise NotImplementedError(
                "The initial conditions of this model are among its parameters."
            )
        return y0[self._shown_states]

    def set_initial_conditions(self, y0: Point) -> None:
        """Set the initial states.

        Raises
        ------
        ValueError
            If ``y0`` does not have one value per state.
        """
        self._model.set_initial_conditions(y0)

    def set_solver_tolerances(
        self, rtol: float = 1e-8, atol: float | Point = 1e-10
    ) -> None:
        """Set the ODE solver's relative and absolute tolerances (``atol``
        for all states or for each one)."""
        self._model.set_tolerances(rtol, atol)

    def solver_tolerances(self) -> tuple[float, FloatArray]:
        """Return the ODE solver's tolerances ``(rtol, atol)``."""
        return self._model.tolerances()

    # -- derivatives ---------------------------------------------------------
    def jacobian(self, y: Point, t: float, p: Point) -> FloatArray:
        r"""Return $\partial f / \partial y$, shape
        ``(n_states, n_states)``, at states ``y``, time ``t`` and parameters
        ``p`` (entry ``[i, j]`` is $\partial f_i / \partial y_j$)."""
        return self._model.jacobians(t, y, p)[0]

    def _dfdp(self, y: Point, t: float, p: Point) -> FloatArray:
        r"""Return $\partial f / \partial p$, shape
        ``(n_states, n_parameters)``."""
        return self._model.jacobians(t, y, p)[1]

    # -- simulation --------------------------------------------------------
    def _times(self, times: ArrayLike) -> ArrayLike:
        """``times``, refused if negative: the engine refuses times before
        the start (0), so only models starting at the first requested time
        check here."""
        if self._model.start_time() is None:
            t = vector(times)
            if np.any(t < 0):
                raise ValueError("Negative times are not allowed.")
            return t
        return times

    def simulate(self, parameters: Point, times: ArrayLike) -> FloatArray:
        """Solve the ODE and return the outputs at ``times``.

        Parameters
        ----------
        parameters : array_like, shape (n_parameters,)
            The model parameters.
        times : array_like, shape (n_times,)
            Non-negative, non-decreasing times.

        Returns
        -------
        values : ndarray, shape (n_times,) or (n_times, n_outputs)
            The first shape for single-output models.
        """
        return self._model.simulate(parameters, self._times(times))

    def simulate_batch(self, parameters: ArrayLike, times: ArrayLike) -> FloatArray:
        """Solve for every row of ``parameters``, shape ``(n_points,
        n_parameters)``, in one compiled call; returns shape ``(n_points,
        n_times)`` or ``(n_points, n_times, n_outputs)``."""
        return self._model.simulate_batch(parameters, self._times(times))

    def simulateS1(
        self, parameters: Point, times: ArrayLike
    ) -> tuple[FloatArray, FloatArray]:
        """Solve the ODE with its forward sensitivity equations.

        Returns
        -------
        values : ndarray, shape (n_times,) or (n_times, n_outputs)
            As returned by `simulate()`.
        sensitivities : ndarray, shape (n_times, n_outputs, n_parameters)
            Entry ``[k, i, j]`` is the derivative of output ``i`` at time
            ``k`` with respect to parameter ``j`` (also for single-output
            models, as in PINTS).
        """
        y, s = self._model.simulateS1(parameters, self._times(times))
        return y, s.reshape(len(y), self.n_outputs(), self.n_parameters())


def checked_initial_state(y0: Point | None, default: Point, n_states: int) -> Point:
    """``y0`` (``default`` if ``None``), checked as PINTS's repressilator and
    SIR models check it: one value per state, none negative."""
    if y0 is None:
        return default
    y = np.array(y0, dtype=float)
    if len(y) != n_states:
        raise ValueError(f"Initial value must have size {n_states}.")
    if np.any(y < 0):
        raise ValueError("Initial states can not be negative.")
    return y


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
