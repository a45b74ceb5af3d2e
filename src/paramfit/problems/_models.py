"""The interface of forward models: `ForwardModel` and `ForwardModelS1`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Union

from .._typing import ArrayLike, FloatArray

#: A point of parameter space, shape ``(n_parameters,)``: a sequence of
#: floats or a float array, as models, problems, error measures, log-pdfs and
#: boundaries take it.
Point = Union[Sequence[float], FloatArray]


class ForwardModel:
    """Interface for user-supplied forward models.

    A forward model maps a parameter vector and a sequence of times to
    simulated values. Subclasses implement `n_parameters()` and
    `simulate()`, and override `n_outputs()` if they have more than
    one output. They may be written in Python or wrap code in other languages.
    """

    def __init__(self) -> None:
        super().__init__()

    def n_parameters(self) -> int:
        """Return the dimension of the parameter space."""
        raise NotImplementedError

    def simulate(self, parameters: Point, times: ArrayLike) -> ArrayLike:
        """Run a simulation and return the values at the requested times.

        Parameters
        ----------
        parameters : array_like, shape (n_parameters,)
            The parameter values, in order.
        times : array_like, shape (n_times,)
            Non-negative, increasing times without duplicates. Simulations
            always start at ``t = 0``, whether or not 0 is in ``times``.

        Returns
        -------
        values : array_like, shape (n_times,) or (n_times, n_outputs)
            A sequence of ``n_times`` values for a single-output model, or an
            array of shape ``(n_times, n_outputs)`` for a multi-output model.
        """
        raise NotImplementedError

    def n_outputs(self) -> int:
        """Return the number of outputs of this model (default 1)."""
        return 1


class ForwardModelS1(ForwardModel):
    """Interface for forward models that also return first-order
    sensitivities (derivatives of the outputs with respect to the
    parameters).
    """

    def __init__(self) -> None:
        super().__init__()

    def simulateS1(
        self, parameters: Point, times: ArrayLike
    ) -> tuple[ArrayLike, FloatArray]:
        """Run a simulation and also return the sensitivities.

        Parameters
        ----------
        parameters : array_like, shape (n_parameters,)
            The parameter values, in order.
        times : array_like, shape (n_times,)
            As for `ForwardModel.simulate()`.

        Returns
        -------
        y : array_like, shape (n_times,) or (n_times, n_outputs)
            The simulated values, as returned by `simulate()`.
        dy : ndarray
            The derivative of every value with respect to every parameter,
            shape ``(n_times, n_parameters)`` for a single-output model or
            ``(n_times, n_outputs, n_parameters)`` otherwise.
        """
        raise NotImplementedError
