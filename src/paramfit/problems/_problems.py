"""Problems: a forward model with the times and values it must fit."""

from __future__ import annotations

from typing import Protocol, cast

import numpy as np

from .._checks import point, with_detail
from .._typing import ArrayLike, FloatArray
from ._checks import check_model, check_times, check_values, matrix2d_of
from ._models import ForwardModel, ForwardModelS1, Point


class SingleOutputProblem:
    """A model fitted to a single time series.

    Parameters
    ----------
    model : ForwardModel
        A model with exactly one output.
    times : array_like, shape (n_times,)
        Non-negative, strictly increasing sampling times.
    values : array_like, shape (n_times,)
        The measured values; shapes ``(n_times, 1)`` and ``(1, n_times)`` are
        flattened.

    Raises
    ------
    ValueError
        If the model has more than one output, the times are negative or not
        strictly increasing, or ``times`` and ``values`` differ in length.
    """

    def __init__(
        self, model: ForwardModel, times: ArrayLike, values: ArrayLike
    ) -> None:
        self._model = model
        self._n_parameters, n_outputs = check_model(model)
        if n_outputs != 1:
            raise ValueError(
                "Only single-output models can be used for a SingleOutputProblem."
            )
        self._times = check_times(times, strictly=True)
        self._values = check_values(values, "values")
        self._n_times = len(self._times)
        if len(self._values) != self._n_times:
            raise with_detail(
                ValueError("Times and values arrays must have same length."),
                f"{self._n_times} times and {len(self._values)} values were given.",
                pinned=True,
            )

    def evaluate(self, parameters: Point) -> FloatArray:
        """Simulate at ``parameters``; returns an array of shape ``(n_times,)``."""
        x = point(parameters, self._n_parameters, "parameters")
        y = np.asarray(self._model.simulate(x, self._times))
        return shaped(y, (self._n_times,), "simulate")

    def evaluateS1(self, parameters: Point) -> tuple[FloatArray, FloatArray]:
        """Simulate at ``parameters`` with sensitivities.

        Only works if the model implements `ForwardModelS1`.

        Returns
        -------
        y : ndarray, shape (n_times,)
        dy : ndarray, shape (n_times, n_parameters)
        """
        x = point(parameters, self._n_parameters, "parameters")
        y, dy = cast(ForwardModelS1, self._model).simulateS1(x, self._times)
        return (
            shaped(np.asarray(y), (self._n_times,), "simulateS1"),
            shaped(np.asarray(dy), (self._n_times, self._n_parameters), "simulateS1"),
        )

    def model(self) -> ForwardModel:
        """Return the underlying `ForwardModel`."""
        return self._model

    def n_outputs(self) -> int:
        """Return the number of outputs: always 1."""
        # A constant, not an attribute: subclasses that skip __init__ rely on it.
        return 1

    def n_parameters(self) -> int:
        """Return the number of parameters of the problem."""
        return self._n_parameters

    def n_times(self) -> int:
        """Return the number of sampling points."""
        return self._n_times

    def times(self) -> FloatArray:
        """Return the read-only times, shape ``(n_times,)``."""
        return self._times

    def values(self) -> FloatArray:
        """Return the read-only measured values, shape ``(n_times,)``."""
        return self._values


class MultiOutputProblem:
    """A model fitted to a multi-valued time series.

    Parameters
    ----------
    model : ForwardModel
        A model with any number of outputs (single-output models are allowed).
    times : array_like, shape (n_times,)
        Non-negative, non-decreasing sampling times (repeats are allowed).
    values : array_like, shape (n_times, n_outputs)
        The measured values; a 1-d sequence is read as one column.

    Raises
    ------
    ValueError
        If the times are negative or decreasing, or ``values`` does not have
        shape ``(n_times, n_outputs)``.
    """

    def __init__(
        self, model: ForwardModel, times: ArrayLike, values: ArrayLike
    ) -> None:
        self._model = model
        self._n_parameters, self._n_outputs = check_model(model)
        self._times = check_times(times, strictly=False)
        self._values = check_values(matrix2d_of(values, "values"), "values", multi=True)
        self._n_times = len(self._times)
        if self._values.shape != (self._n_times, self._n_outputs):
            raise with_detail(
                ValueError("Values array must have shape `(n_times, n_outputs)`."),
                f"values has shape {self._values.shape}; the problem has "
                f"{self._n_times} times and the model {self._n_outputs} outputs.",
                pinned=True,
            )

    def evaluate(self, parameters: Point) -> FloatArray:
        """Simulate at ``parameters``; returns shape ``(n_times, n_outputs)``."""
        x = point(parameters, self._n_parameters, "parameters")
        y = np.asarray(self._model.simulate(x, self._times))
        return shaped(y, (self._n_times, self._n_outputs), "simulate")

    def evaluateS1(self, parameters: Point) -> tuple[FloatArray, FloatArray]:
        """Simulate at ``parameters`` with sensitivities.

        Only works if the model implements `ForwardModelS1`.

        Returns
        -------
        y : ndarray, shape (n_times, n_outputs)
        dy : ndarray, shape (n_times, n_outputs, n_parameters)
        """
        x = point(parameters, self._n_parameters, "parameters")
        y, dy = cast(ForwardModelS1, self._model).simulateS1(x, self._times)
        shape = (self._n_times, self._n_outputs)
        return (
            shaped(np.asarray(y), shape, "simulateS1"),
            shaped(np.asarray(dy), (*shape, self._n_parameters), "simulateS1"),
        )

    def model(self) -> ForwardModel:
        """Return the underlying `ForwardModel`."""
        return self._model

    def n_outputs(self) -> int:
        """Return the number of outputs."""
        return self._n_outputs

    def n_parameters(self) -> int:
        """Return the number of parameters of the problem."""
        return self._n_parameters

    def n_times(self) -> int:
        """Return the number of sampling points."""
        return self._n_times

    def times(self) -> FloatArray:
        """Return the read-only times, shape ``(n_times,)``."""
        return self._times

    def values(self) -> FloatArray:
        """Return the read-only measured values, shape ``(n_times, n_outputs)``."""
        return self._values


def shaped(y: FloatArray, shape: tuple[int, ...], method: str) -> FloatArray:
    """The model's output ``y`` reshaped to ``shape``, or a ``ValueError``
    saying what the model returned."""
    try:
        return y.reshape(shape)
    except ValueError:
        raise ValueError(
            f"The model's {method}() returned an array of shape {y.shape}; the "
            f"problem needs {int(np.prod(shape))} values, shape {shape}."
        ) from None


class Problem(Protocol):
    """What error measures and log-likelihoods read of a problem: a
    `SingleOutputProblem`, a `MultiOutputProblem`, or any object with these
    methods (duck typing, as in PINTS)."""

    def evaluate(self, parameters: Point, /) -> FloatArray: ...

    def n_outputs(self) -> int: ...

    def n_parameters(self) -> int: ...

    def times(self) -> FloatArray: ...

    def values(self) -> FloatArray: ...


class ProblemS1(Problem, Protocol):
    """A `Problem` that also simulates with sensitivities, for gradients."""

    def evaluateS1(self, parameters: Point, /) -> tuple[FloatArray, FloatArray]: ...


def evaluate_S1(problem: Problem, x: Point) -> tuple[FloatArray, FloatArray]:
    """``problem.evaluateS1(x)``: the outputs and sensitivities, which only the
    problems of models with sensitivities have."""
    return cast(ProblemS1, problem).evaluateS1(x)
