"""Population methods that search with a distribution centred on a mean."""

from __future__ import annotations

from typing import Any

from .._typing import FloatArray, RngLike
from .._util import read_only
from ._base import PopulationBasedOptimiser


class MeanBasedOptimiser(PopulationBasedOptimiser):
    """A population method whose best guess of the optimum is the mean of
    its search distribution (kept in ``self._mu``, starting at ``x0``).

    ``x_guessed()`` is that mean and ``f_guessed()`` the best score of the
    last population told (the mean itself is never evaluated).
    """

    def __init__(
        self,
        x0: Any,
        sigma0: Any = None,
        boundaries: Any = None,
        *,
        rng: RngLike = None,
    ) -> None:
        super().__init__(x0, sigma0, boundaries, rng=rng)
        self._mu = self._x0.copy()

    def x_guessed(self) -> FloatArray:
        """The current mean of the search distribution."""
        return read_only(self._mu.copy())

    def f_guessed(self) -> float:
        """The best score of the last population told."""
        return self._f_last_min
