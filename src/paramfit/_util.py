"""Small utilities shared by the whole package: array coercion, float
formatting, timing, random-generator handling and the `TunableMethod`
interface."""

from __future__ import annotations

import importlib
import timeit
from collections.abc import Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import Any, Union

import numpy as np
from numpy.typing import NDArray

from ._checks import floats, is_number
from ._typing import ArrayLike, FloatArray, RngLike

#: Format used to print full-precision floats (PINTS's ``FLOAT_FORMAT``).
FLOAT_FORMAT = "{: .17e}"


def vector(x: ArrayLike) -> FloatArray:
    """Copy ``x`` into a read-only 1-d float array.

    Scalars become arrays of length 1; arrays of shape ``(n, 1)`` or
    ``(1, n)`` are flattened; any other multi-dimensional input raises a
    ``ValueError``. Numeric strings, ``None`` and complex numbers are not
    numbers (``TypeError``); integers too large for a float and ragged
    sequences raise a ``ValueError``.
    """
    if is_number(x):
        v = np.array(floats([x], "x"), dtype=float)
    else:
        v = np.array(floats(x, "x"), copy=True, dtype=float)
    if v.ndim != 1:
        n = max(v.shape)
        if np.prod(v.shape) != n:
            raise ValueError("Unable to convert to 1d vector of scalar values.")
        v = v.reshape((n,))
    v.setflags(write=False)
    return v


def matrix2d(x: ArrayLike) -> FloatArray:
    """Copy ``x`` into a read-only 2-d float array (1-d becomes a column)."""
    m = np.array(floats(x, "x"), copy=True, dtype=float)
    if m.ndim == 1:
        m = m.reshape((len(m), 1))
    elif m.ndim != 2:
        raise ValueError("Unable to convert to 2d matrix.")
    m.setflags(write=False)
    return m


def strfloat(x: float) -> str:
    """Format ``x`` with full precision, as ``FLOAT_FORMAT`` does."""
    return FLOAT_FORMAT.format(float(x))


def read_only(x: NDArray[Any]) -> NDArray[Any]:
    """Mark ``x`` read-only and return it (no copy)."""
    x.setflags(write=False)
    return x


class Timer:
    """Measures wall-clock time since creation or the last `reset()`.

    The ``output`` argument is accepted for PINTS compatibility and ignored.
    """

    def __init__(self, output: object = None) -> None:
        self._start = timeit.default_timer()

    def reset(self) -> None:
        """Restart the timer."""
        self._start = timeit.default_timer()

    def time(self) -> float:
        """Seconds since creation or the last reset."""
        return timeit.default_timer() - self._start

    def format(self, time: float | None = None) -> str:
        """Format a duration (default: `time()`) in human units."""
        if time is None:
            time = self.time()
        if time < 1e-2:
            return str(time) + " seconds"
        if time < 60:
            return str(round(time, 2)) + " seconds"
        return _format_long_duration(int(round(time)))


_UNITS = (("week", 604800), ("day", 86400), ("hour", 3600), ("minute", 60))


def _format_long_duration(seconds: int) -> str:
    parts: list[str] = []
    for name, size in _UNITS:
        count, seconds = divmod(seconds, size)
        # Once the first non-zero unit is written, all smaller ones follow.
        if count or parts:
            parts.append(f"{count} {name}" + ("" if count == 1 else "s"))
    parts.append(f"{seconds} second" + ("" if seconds == 1 else "s"))
    return ", ".join(parts)


class LazyModule:
    """A module imported at the first access to one of its attributes, so
    that ``import paramfit`` does not import it (scipy's submodules would be
    most of its time).

    Each attribute is then kept on this object: later accesses are plain
    attribute lookups, as fast as on the module itself, so hot paths can
    use it (``special.expit(q)``).

    Parameters
    ----------
    name : str
        The module's full name, e.g. ``"scipy.special"``.
    """

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attribute: str) -> Any:
        if attribute.startswith("__"):  # copy, pickle and friends probe these
            raise AttributeError(attribute)
        value = getattr(importlib.import_module(self._name), attribute)
        setattr(self, attribute, value)
        return value

    def __repr__(self) -> str:
        return f"<lazily imported module {self._name!r}>"


def scipy_stats() -> ModuleType:
    """Return `scipy.stats`, imported on first use: it would otherwise
    be most of ``import paramfit``'s time, and only priors' cdfs need it."""
    import scipy.stats

    return scipy.stats


def as_generator(rng: RngLike) -> np.random.Generator:
    """Return a `numpy.random.Generator` for ``rng``.

    ``None`` draws a seed from NumPy's legacy global generator, once, so that
    scripts calling ``np.random.seed(k)`` stay repeatable, as they are with
    PINTS (which draws from that global generator throughout). An existing
    Generator is used as it is (shared, not copied).
    """
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None:
        return np.random.default_rng(seeds_from_global_state(4))
    if isinstance(rng, (bool, np.bool_)) or not isinstance(
        rng, (int, np.integer, np.random.SeedSequence)
    ):
        raise TypeError(
            "rng must be None, an integer seed, a numpy.random.SeedSequence or a "
            f"numpy.random.Generator; got {type(rng).__name__}."
        )
    if isinstance(rng, (int, np.integer)) and rng < 0:
        raise ValueError(f"rng must be a non-negative integer seed; got {rng}.")
    return np.random.default_rng(rng)


def seeds_from_global_state(n: int, high: int = 2**32) -> NDArray[np.int64]:
    """Draw ``n`` integer seeds in ``[0, high)`` from NumPy's legacy global
    generator: the one place paramfit touches it, so that ``np.random.seed``
    still makes PINTS-style scripts repeatable."""
    # The one sanctioned use of the global generator (np.random.seed seeds it).
    return np.random.randint(0, high, size=n, dtype=np.int64)  # noqa: NPY002


class TunableMethod:
    """A method with hyper-parameters that can be set from a numeric vector.

    Subclasses coerce the values silently (e.g. a float array entry to int),
    because tuning frameworks pass hyper-parameters as float arrays.
    """

    def n_hyper_parameters(self) -> int:
        """Number of hyper-parameters (default 0)."""
        return 0

    def set_hyper_parameters(self, x: Union[Sequence[float], FloatArray]) -> None:
        """Set the hyper-parameters from the sequence ``x`` (default: no-op)."""


@dataclass(frozen=True)
class Capabilities:
    """What a method needs from the run loop and what it offers.

    Controllers read it (e.g. whether to pass ``rng=`` or score with
    ``evaluateS1``); the test suite's registry reads it to choose the
    contract and convergence tests that apply.

    Attributes
    ----------
    needs_gradients : bool
        Scores must come with gradients, as ``(f, df)`` pairs.
    population_based : bool
        Proposes a population per iteration, of a settable size.
    deterministic : bool
        Given the same scores, always proposes the same points.
    takes_rng : bool
        Accepts ``rng=`` and owns a random generator.
    supports_boundaries : bool
        Keeps its proposals inside given boundaries.
    """

    needs_gradients: bool = False
    population_based: bool = False
    deterministic: bool = False
    takes_rng: bool = True
    supports_boundaries: bool = True
