"""Population methods that search with a distribution centred on a mean."""

from __future__ import annotations

import numpy as np

from .._typing import FloatArray
from .._util import read_only
from ._population import PopulationBasedOptimiser


class MeanBasedOptimiser(PopulationBasedOptimiser):
    """A population method whose best guess of the optimum is the mean of
    its search distribution (pycma's ``xfavorite``).

    ``x_guessed()`` is that mean (``x0`` before running) and ``f_guessed()``
    the best score of the last population told (the mean itself is never
    evaluated). Subclasses keep the mean in ``self._mu`` or override
    `_mean()`.
    """

    _mu: FloatArray

    def _mean(self) -> FloatArray:
        """The current mean, as the user sees it (called once running)."""
        return self._mu

    def x_guessed(self) -> FloatArray:
        """The current mean of the search distribution."""
        if not self._running:
            return self._x0
        return read_only(np.array(self._mean(), dtype=float))

    def f_guessed(self) -> float:
        """The best score of the last population told."""
        return self._f_last_min
