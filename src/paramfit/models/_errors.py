"""Errors and warnings of the model engine."""

from __future__ import annotations

_REASONS = {
    1: "the maximum number of steps was reached (stiff? try solver='rodas4', "
    "or raise max_steps)",
    2: "the step size became too small for the tolerances (a singularity, "
    "or a solution that blows up?)",
    3: "the solution became non-finite (NaN or infinite)",
    4: "the linear system of a stage stayed singular",
}


class SolverError(RuntimeError):
    """An ODE solve failed. The message names the solver, the reason, the
    time reached and the last step size; the same are attributes.

    Attributes
    ----------
    t : float
        The time reached.
    h : float
        The last step size tried.
    reason : str
        Why the solve stopped.
    parameters : list of float
        The parameters of the failed solve.
    """

    def __init__(
        self, solver: str, status: int, t: float, h: float, parameters: list[float]
    ) -> None:
        self.t, self.h, self.parameters = t, h, parameters
        self.reason = _REASONS.get(status, f"status {status}")
        super().__init__(
            f"The ODE solver ({solver}) failed at t = {t:.10g} with step size "
            f"{h:.3g}: {self.reason}; parameters {parameters}."
        )


class CompilationWarning(UserWarning):
    """A model could not be compiled as asked; the message names the
    construct and the fallback taken."""
