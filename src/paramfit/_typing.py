"""Type aliases shared across paramfit's signatures."""

from __future__ import annotations

import os
from typing import Union

import numpy as np
from numpy.typing import ArrayLike, NDArray

#: A float array, of the shape the docstring gives.
FloatArray = NDArray[np.float64]
#: A boolean array (e.g. which points lie inside boundaries).
BoolArray = NDArray[np.bool_]
#: An integer array (counts, indices).
IntArray = NDArray[np.int64]
#: What ``rng=`` accepts: a seed, a seed sequence, a generator, or ``None``
#: (seed drawn from NumPy's global state).
RngLike = Union[None, int, np.integer, np.random.SeedSequence, np.random.Generator]
#: A file name or path.
PathLike = Union[str, "os.PathLike[str]"]

__all__ = ["ArrayLike", "BoolArray", "FloatArray", "IntArray", "PathLike", "RngLike"]
