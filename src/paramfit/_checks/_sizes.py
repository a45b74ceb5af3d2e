"""Checks of sizes (what must fit in memory) and of the values given to
``set_hyper_parameters``."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

import numpy as np

from .._typing import FloatArray
from ._arrays import floats
from ._messages import describe, is_number


def memory_bytes() -> int:
    """The machine's physical memory in bytes (2**36 if unknown)."""
    try:
        return int(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES"))
    except (AttributeError, ValueError, OSError):  # pragma: no cover - not POSIX
        return 2**36


def fits_in_memory(n_values: int, name: str, value: object, what: str) -> None:
    """A ``ValueError`` if ``n_values`` floats (``what``: e.g. "a population
    of that many points") would not fit in a quarter of the memory."""
    if 8 * n_values > memory_bytes() // 4:
        size = f"{n_values // 2**27:.3g}" if n_values < 10**300 else "far more"
        raise ValueError(
            f"{name} is too large: {what} would take {size} GiB of memory, more "
            f"than a quarter of this machine's; got {describe(value)}."
        )


def hyper_parameters(x: object, n: int) -> FloatArray:
    """The ``n`` hyper-parameters given to ``set_hyper_parameters(x)``, as
    a float array (NaN and infinities are left to each setter)."""
    v = floats([x] if is_number(x) else x, "x")
    if v.ndim != 1 or len(v) != n:
        raise ValueError(
            f"set_hyper_parameters(x) needs a sequence of {n} hyper-parameter "
            f"value{'s' if n != 1 else ''}; got {describe(x)}."
        )
    return v


def hyper_sequence(x: object, n: int) -> Any:
    """``x`` itself if it is a sequence (or array) of ``n`` entries, which
    the setters check one by one (an entry may be a vector, e.g. widths);
    else the error `hyper_parameters` gives."""
    if (
        isinstance(x, (str, bytes))
        or not isinstance(x, (Sequence, np.ndarray))
        or len(x) != n
    ):
        hyper_parameters(x, n)
    return x
