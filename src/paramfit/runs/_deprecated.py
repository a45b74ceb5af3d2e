"""PINTS's deprecated names for the controllers, kept so that old scripts
run (each warns once constructed)."""

from __future__ import annotations

import warnings
from collections.abc import Sequence

from .._typing import ArrayLike
from ..optimisers import Optimiser
from ..problems import Boundaries, LogPDF
from ..samplers import MCMCSampler
from ..transformations import Transformation
from ._objective import Function
from ._optimisation import OptimisationController
from ._sampling import MCMCController


class Optimisation(OptimisationController):
    """Deprecated alias of `OptimisationController`."""

    def __init__(
        self,
        function: Function,
        x0: ArrayLike,
        sigma0: ArrayLike | None = None,
        boundaries: Boundaries | None = None,
        transformation: Transformation | None = None,
        method: type[Optimiser] | None = None,
    ) -> None:
        warnings.warn(
            "The class `pints.Optimisation` is deprecated. Please use "
            "`pints.OptimisationController` instead.",
            stacklevel=2,
        )
        super().__init__(function, x0, sigma0, boundaries, transformation, method)


class MCMCSampling(MCMCController):
    """Deprecated alias of `MCMCController`."""

    def __init__(
        self,
        log_pdf: LogPDF | Sequence[LogPDF],
        chains: int,
        x0: ArrayLike,
        sigma0: ArrayLike | None = None,
        transformation: Transformation | None = None,
        method: type[MCMCSampler] | None = None,
    ) -> None:
        warnings.warn(
            "The class `pints.MCMCSampling` is deprecated."
            " Please use `pints.MCMCController` instead.",
            stacklevel=2,
        )
        super().__init__(log_pdf, chains, x0, sigma0, transformation, method)
