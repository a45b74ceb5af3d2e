"""The template of deterministic methods that follow the gradient."""

from __future__ import annotations

from typing import ClassVar

import numpy as np

from .._typing import ArrayLike, FloatArray
from .._util import Capabilities, read_only
from ..problems._boundaries import Boundaries
from ._base import Optimiser, Points, Reply
from ._validation import as_sensitivities, non_finite_to_zero


class GradientOptimiser(Optimiser):
    """A deterministic optimiser that follows the gradient from one point.

    ``ask()`` returns a list with one read-only point; ``tell()`` takes a
    list with one ``(f, df)`` pair, as ``ErrorMeasure.evaluateS1`` returns.
    A NaN ``f`` is treated as ``+inf`` and NaN or infinite entries of ``df``
    as 0, each with a `NonFiniteScoreWarning`. Subclasses implement
    ``_step(x, df)``, returning the next point to propose.

    Parameters
    ----------
    x0 : array_like, shape (n_parameters,)
        Starting point.
    sigma0 : float or array_like, shape (n_parameters,), optional
        Initial step size(s); 0.1 by default, as in PINTS.
    boundaries : Boundaries, optional
        Ignored (``x0`` must lie inside), unless the method's
        ``capabilities.supports_boundaries`` says otherwise (`IRPropMin`).
    """

    capabilities: ClassVar[Capabilities] = Capabilities(
        needs_gradients=True,
        deterministic=True,
        takes_rng=False,
        supports_boundaries=False,
    )

    # No rng: the method is deterministic. PINTS's default step size.
    def __init__(
        self,
        x0: ArrayLike,
        sigma0: ArrayLike | None = 0.1,
        boundaries: Boundaries | None = None,
    ) -> None:
        super().__init__(x0, sigma0, boundaries)

    def _set_defaults(self) -> None:
        self._proposed = self._current = self._x0
        self._current_f = np.inf
        self._df = np.zeros(self._n_parameters)

    def _proposals_inside(self) -> bool:
        return True  # a method that supports boundaries keeps its steps inside

    def _ask(self) -> FloatArray:
        return self._proposed[np.newaxis]

    def _present(self, xs: FloatArray) -> Points:
        return [read_only(xs[0])]

    def _clean_scores(self, fx: Reply) -> FloatArray:
        f, df = as_sensitivities(fx, self._n_parameters, self.name())
        self._df = non_finite_to_zero(df)
        return np.array([f])

    def _tell(self, fs: FloatArray) -> None:
        self._current, self._current_f = self._proposed, float(fs[0])
        self._proposed = read_only(self._step(self._current, self._df))

    def _step(self, x: FloatArray, df: FloatArray) -> FloatArray:
        """Return the next point to propose, given the gradient at ``x``."""
        raise NotImplementedError

    def x_guessed(self) -> FloatArray:
        """The last point told (``x0`` before the first ``tell``)."""
        return self._current

    def f_guessed(self) -> float:
        """The score of `x_guessed()` (``inf`` before the first ``tell``)."""
        return self._current_f
