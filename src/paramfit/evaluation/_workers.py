"""How many worker processes: the number asked for, checked against what
the machine can start."""

from __future__ import annotations

import multiprocessing

import numpy as np

from .._checks import count, describe

#: Why `max_workers()` is the limit, for error messages.
LIMIT = " (32 worker processes per CPU core, at least 256, within the process limit)"


def max_workers() -> int:
    """The most worker processes a `ParallelEvaluator` may have: 32 per
    core (at least 256), and no more than the user's process limit allows."""
    n = max(256, 32 * max(1, multiprocessing.cpu_count()))
    try:
        import resource

        soft, _ = resource.getrlimit(resource.RLIMIT_NPROC)
    except (ImportError, ValueError, OSError, AttributeError):  # pragma: no cover
        return n
    if soft != resource.RLIM_INFINITY and soft > 0:
        n = min(n, int(soft))
    return n


def workers(parallel: object, name: str) -> int:
    """The number of worker processes ``parallel`` asks for: ``True`` one
    per core, ``False`` or ``0`` none (this process), else a whole number up
    to `max_workers()`."""
    if isinstance(parallel, (bool, np.bool_)):
        return max(1, multiprocessing.cpu_count()) if parallel else 0
    return count(
        parallel,
        name,
        minimum=0,
        maximum=max_workers(),
        why=LIMIT,
        message=f"{name} must be True, False or a number of workers (0 or more); "
        f"got {describe(parallel)}.",
    )
