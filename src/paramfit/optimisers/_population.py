"""Optimisers that propose a population of points at every ``ask()``."""

from __future__ import annotations

import math
from typing import ClassVar, SupportsInt

from .._checks import count, fits_in_memory, hyper_parameters, whole
from .._util import Capabilities
from ._base import HyperParameters, Optimiser


class PopulationBasedOptimiser(Optimiser):
    """An optimiser that proposes a population of points at every ``ask()``.

    The population size defaults to `suggested_population_size()`; a
    size of ``None`` is resolved to the suggestion at the first ``ask()``.
    """

    capabilities: ClassVar[Capabilities] = Capabilities(population_based=True)

    def _set_defaults(self) -> None:
        self._population_size: int | None = self._suggested_population_size()

    def _start(self) -> None:
        if self._population_size is None:
            self._population_size = self._suggested_population_size()
        super()._start()

    def population_size(self) -> int | None:
        """The population size (``None`` until resolved, if set to ``None``)."""
        return self._population_size

    def set_population_size(self, population_size: SupportsInt | None = None) -> None:
        """Set the number of points per ``ask()``; ``None`` for the default
        (a float is rounded down, as in PINTS).

        Raises ``RuntimeError`` once the optimiser is running.
        """
        if self.running():
            raise RuntimeError("Cannot change population size during run.")
        if population_size is None:
            self._population_size = None
            return
        size = count(
            population_size,
            "population_size",
            message="Population size must be at least 1.",
            truncate=True,
        )
        fits_in_memory(
            size * self._n_parameters,
            "population_size",
            population_size,
            "a population of that many points",
        )
        self._population_size = size

    def suggested_population_size(
        self, round_up_to_multiple_of: SupportsInt | None = None
    ) -> int:
        """The default population size, optionally rounded up to a multiple
        of ``round_up_to_multiple_of`` (e.g. the number of workers)."""
        p = self._suggested_population_size()
        if round_up_to_multiple_of is not None:
            m = count(round_up_to_multiple_of, "round_up_to_multiple_of")
            if m > 1:
                p = m * (((p - 1) // m) + 1)
        return int(p)

    def _suggested_population_size(self) -> int:
        # Hansen's default for evolution strategies, used by all PINTS methods.
        return 4 + int(3 * math.log(self._n_parameters))

    def n_hyper_parameters(self) -> int:
        return 1

    def set_hyper_parameters(self, x: HyperParameters) -> None:
        """Set the population size from ``x[0]`` (rounded down, as tuners
        pass floats)."""
        self.set_population_size(whole(hyper_parameters(x, 1)[0]))
