"""Shared fixtures: the optimiser registry that the contract, invariance and
convergence layers run over (DESIGN §7). A new optimiser adds one line."""

from __future__ import annotations

import numpy as np
import pytest

import paramfit

#: Population-based, derivative-free optimisers that filter boundaries.
POPULATION_OPTIMISERS = [paramfit.XNES]


@pytest.fixture(params=POPULATION_OPTIMISERS, ids=lambda c: c.__name__)
def population_optimiser(request: pytest.FixtureRequest) -> type:
    return request.param


def sphere(x: np.ndarray) -> float:
    """Module-level (picklable) test objective with its minimum at 1."""
    return float(np.sum((np.asarray(x) - 1.0) ** 2))
