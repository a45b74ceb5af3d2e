"""Checks shared by the priors: positive settings, the points of a cdf,
probabilities, and sample sizes."""

from __future__ import annotations

import numpy as np

from ..._checks import count, fail, fits_in_memory, floats, real
from ..._typing import ArrayLike, FloatArray


def _positive(value: float, name: str, message: str) -> float:
    """A finite, positive parameter; PINTS's ``message`` if it is not
    positive."""
    return real(value, name, positive=True, message=message)


def locations(x: ArrayLike) -> FloatArray:
    """Points at which to evaluate a cdf (any shape): numbers, not NaN."""
    a = floats(x, "x")
    if np.isnan(a).any():
        raise ValueError(fail("x", "numbers, not NaN", x))
    return a


def probabilities(p: ArrayLike) -> FloatArray:
    """Cumulative probabilities (any shape), in ``[0, 1]``."""
    a = floats(p, "p")
    if not ((a >= 0) & (a <= 1)).all():
        raise ValueError(fail("p", "probabilities, in [0, 1]", p))
    return a


def sample_count(n: object, n_parameters: int) -> int:
    """The number of samples to draw: a whole number, that fits in memory."""
    k = count(n, "n", minimum=0)
    fits_in_memory(k * n_parameters, "n", n, "that many samples")
    return k
