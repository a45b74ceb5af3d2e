"""The optimiser template: everything that is not an algorithm.

`Optimiser` owns validation of ``x0``, ``sigma0`` and boundaries, the
random generator, the ask/tell state machine, boundary filtering, cleaning of
scores and best-so-far tracking. An algorithm implements three hooks:

* ``_initialise()`` – set up state at the first `ask()`;
* ``_ask()`` – return the whole proposed population, shape ``(λ, n)``;
* ``_tell(fs)`` – learn from the scores of that population, shape ``(λ,)``,
  where points outside the boundaries have already been scored ``+inf`` and
  NaN has become ``+inf`` (``fs`` may be the caller's array: copy it before
  keeping it, never change it).

What ``tell()`` accepts is cleaned by the overridable ``_clean_scores``;
`GradientOptimiser` uses it to take ``(f, df)`` pairs, and offers a
single hook ``_step(x, df)`` to its subclasses instead.
"""

from __future__ import annotations

import math
import reprlib
import warnings
from typing import Any, ClassVar

import numpy as np

from .._typing import BoolArray, FloatArray, RngLike
from .._util import Capabilities, TunableMethod, as_generator, read_only, vector
from ..log._logger import Loggable
from ..problems._boundaries import inside


class NonFiniteScoreWarning(UserWarning):
    """Some scores given to ``tell()`` were NaN and were treated as ``+inf``."""


class Optimiser(Loggable, TunableMethod):
    """Base class for optimisers that minimise through ask-and-tell.

    Parameters
    ----------
    x0 : array_like, shape (n_parameters,)
        Starting point; must lie within ``boundaries`` if given.
    sigma0 : float or array_like, shape (n_parameters,), optional
        Initial standard deviation(s) of the search. By default one sixth of
        the boundaries' range, or ``abs(x0) / 3`` (1 where ``x0`` is 0).
    boundaries : Boundaries, optional
        Region the search must stay inside.
    rng : int, numpy.random.Generator or None, optional
        Random generator or seed. ``None`` seeds from NumPy's global state,
        so ``np.random.seed(k)`` makes a script repeatable.
    """

    #: Whether points outside the boundaries are withheld from the user.
    _filters_boundaries = True
    #: Message of the error raised by a second ``ask()`` before ``tell()``;
    #: ``None`` allows it (the population is proposed afresh).
    _repeated_ask_error: str | None = None
    #: Short name used in warnings, e.g. ``'XNES'``.
    _label = "the optimiser"
    #: Warning given when every proposed point is outside the boundaries.
    _all_outside_message = "All points requested by {label} are outside the boundaries."
    #: What the method needs and offers. ``takes_rng`` is the one answer to
    #: "does the constructor accept ``rng=``?" (deterministic methods have no
    #: generator, so constructing them never touches NumPy's global state).
    capabilities: ClassVar[Capabilities] = Capabilities()

    def __init__(
        self,
        x0: Any,
        sigma0: Any = None,
        boundaries: Any = None,
        *,
        rng: RngLike = None,
    ) -> None:
        self._x0 = _check_x0(x0)
        self._n_parameters = n = len(self._x0)
        self._boundaries = boundaries
        if boundaries:
            if boundaries.n_parameters() != n:
                raise ValueError(
                    "Boundaries must have same dimension as starting point."
                )
            if not boundaries.check(self._x0):
                raise ValueError("Initial position must lie within given boundaries.")
        self._sigma0 = _check_sigma0(sigma0, self._x0, boundaries)
        if self.capabilities.takes_rng:
            self._rng = as_generator(rng)
        self._running = False
        self._ready_for_tell = False
        self._x_best = self._x0
        self._f_best = np.inf
        self._f_last_min = np.inf
        self._asked: FloatArray | None = None
        self._inside: BoolArray | None = None

    # -- the ask/tell state machine ----------------------------------------
    def ask(self) -> Any:
        """Return the points to evaluate next.

        Points outside the boundaries are not returned; they score ``+inf``.
        """
        if self._ready_for_tell and self._repeated_ask_error is not None:
            raise RuntimeError(self._repeated_ask_error)
        if not self._running:
            self._start()
        # Subclasses written by users may return lists or integer arrays.
        xs = np.asarray(self._ask(), dtype=float)
        self._asked = xs
        self._inside = None
        if self._boundaries is not None and self._filters_boundaries:
            mask = inside(self._boundaries, xs)
            if not mask.all():
                self._inside = mask
                xs = xs[mask]
                if len(xs) == 0:
                    warnings.warn(
                        self._all_outside_message.format(label=self._label),
                        stacklevel=2,
                    )
        self._ready_for_tell = True
        return self._present(xs)

    def tell(self, fx: Any) -> None:
        """Give the scores of the points returned by the last `ask()`.

        Parameters
        ----------
        fx : sequence of float, length = number of points asked
            The scores, in the order the points were given. NaN is treated
            as ``+inf`` (the worst possible score).
        """
        if not self._ready_for_tell:
            raise RuntimeError("ask() not called before tell()")
        given = self._clean_scores(fx)
        fs = given if self._inside is None else self._full_scores(given)
        fs, k, f_min = _nan_to_inf(fs, len(given))
        self._ready_for_tell = False
        self._tell(fs)
        self._track_best(f_min, k)

    def _start(self) -> None:
        self._initialise()
        self._running = True

    def _present(self, xs: FloatArray) -> Any:
        """What ``ask()`` hands the user: by default a read-only array."""
        return read_only(xs)

    def _clean_scores(self, fx: Any) -> FloatArray:
        """Hook: validate what was told and return one score per point that
        ``ask()`` returned (NaN is dealt with afterwards). Nothing may change
        before it returns, so that a bad ``tell()`` can be retried."""
        expected = self._n_returned()
        fs = _as_scores(fx, expected)
        if len(fs) != expected:
            raise ValueError(self._wrong_length_message(expected, len(fs)))
        return fs

    def _n_returned(self) -> int:
        """Number of points the last ``ask()`` returned."""
        assert self._asked is not None  # guaranteed by _ready_for_tell
        return len(self._asked) if self._inside is None else int(self._inside.sum())

    def _wrong_length_message(self, expected: int, got: int) -> str:
        return (
            f"tell() expects {expected} scores, one per point returned by ask(); "
            f"got {got}."
        )

    def _full_scores(self, fs: FloatArray) -> FloatArray:
        """Scores for the whole proposed population (filtered points: +inf)."""
        assert self._inside is not None
        full = np.full(len(self._inside), np.inf)
        full[self._inside] = fs
        return full

    def _track_best(self, f: float, k: int) -> None:
        """Update the best so far from the minimum ``f`` of the scores told,
        that of the ``k``-th point asked (``k = -1``: no scores)."""
        if k < 0:
            return
        assert self._asked is not None
        self._f_last_min = f
        if f < self._f_best:
            self._f_best = f
            # Marked read-only when x_best() hands it out, not at every record.
            self._x_best = self._asked[k].copy()

    # -- hooks -------------------------------------------------------------
    def _initialise(self) -> None:
        """Set up the algorithm's state at the first ``ask()``."""

    def _ask(self) -> FloatArray:
        raise NotImplementedError

    def _tell(self, fs: FloatArray) -> None:
        raise NotImplementedError

    # -- results -----------------------------------------------------------
    def x_best(self) -> FloatArray:
        """Best point visited so far (``x0`` before the first ``tell``)."""
        return read_only(self._x_best)

    def f_best(self) -> float:
        """Score of `x_best()` (``inf`` before the first ``tell``)."""
        return self._f_best

    def x_guessed(self) -> FloatArray:
        """Current best estimate of the optimum's position."""
        return self.x_best()

    def f_guessed(self) -> float:
        """Approximate score at `x_guessed()`."""
        return self.f_best()

    def xbest(self) -> FloatArray:
        """Deprecated alias of `x_best()`."""
        warnings.warn(
            "The method `pints.Optimiser.xbest` is deprecated. Please use "
            "`pints.Optimiser.x_best` instead.",
            stacklevel=2,
        )
        return self.x_best()

    def fbest(self) -> float:
        """Deprecated alias of `f_best()`."""
        warnings.warn(
            "The method `pints.Optimiser.fbest` is deprecated. Please use "
            "`pints.Optimiser.f_best` instead.",
            stacklevel=2,
        )
        return self.f_best()

    # -- description -------------------------------------------------------
    @classmethod
    def name(cls) -> str:
        """Human-readable name of the method."""
        raise NotImplementedError

    def needs_sensitivities(self) -> bool:
        """Whether ``tell()`` expects ``(f, df)`` pairs instead of scores."""
        return self.capabilities.needs_gradients

    def running(self) -> bool:
        """Whether the first ``ask()`` has happened."""
        return self._running

    def stop(self) -> str | bool:
        """``False``, or a short message saying why the method must halt."""
        return False


class PopulationBasedOptimiser(Optimiser):
    """An optimiser that proposes a population of points at every ``ask()``.

    The population size defaults to `suggested_population_size()`; a
    size of ``None`` is resolved to the suggestion at the first ``ask()``.
    """

    capabilities: ClassVar[Capabilities] = Capabilities(population_based=True)

    def __init__(
        self,
        x0: Any,
        sigma0: Any = None,
        boundaries: Any = None,
        *,
        rng: RngLike = None,
    ) -> None:
        super().__init__(x0, sigma0, boundaries, rng=rng)
        self._population_size: int | None = self._suggested_population_size()

    def _start(self) -> None:
        if self._population_size is None:
            self._population_size = self._suggested_population_size()
        super()._start()

    def population_size(self) -> int | None:
        """The population size (``None`` until resolved, if set to ``None``)."""
        return self._population_size

    def set_population_size(self, population_size: Any = None) -> None:
        """Set the number of points per ``ask()``; ``None`` for the default.

        Raises ``RuntimeError`` once the optimiser is running.
        """
        if self.running():
            raise RuntimeError("Cannot change population size during run.")
        if population_size is not None:
            population_size = int(population_size)
            if population_size < 1:
                raise ValueError("Population size must be at least 1.")
        self._population_size = population_size

    def suggested_population_size(self, round_up_to_multiple_of: Any = None) -> int:
        """The default population size, optionally rounded up to a multiple
        of ``round_up_to_multiple_of`` (e.g. the number of workers)."""
        p = self._suggested_population_size()
        if round_up_to_multiple_of is not None:
            m = int(round_up_to_multiple_of)
            if m > 1:
                p = m * (((p - 1) // m) + 1)
        return int(p)

    def _suggested_population_size(self) -> int:
        # Hansen's default for evolution strategies, used by all PINTS methods.
        return 4 + int(3 * math.log(self._n_parameters))

    def n_hyper_parameters(self) -> int:
        return 1

    def set_hyper_parameters(self, x: Any) -> None:
        """Set the population size from ``x[0]``."""
        self.set_population_size(x[0])


class GradientOptimiser(Optimiser):
    """A deterministic optimiser that follows the gradient from one point.

    ``ask()`` returns a list with one read-only point; ``tell()`` takes a
    list with one ``(f, df)`` pair, as ``ErrorMeasure.evaluateS1`` returns.
    A NaN ``f`` is treated as ``+inf`` and NaN or infinite entries of ``df``
    as 0, each with a `NonFiniteScoreWarning`. Subclasses implement
    ``_step(x, df)``, returning the next point to propose.
    """

    _filters_boundaries = False
    capabilities: ClassVar[Capabilities] = Capabilities(
        needs_gradients=True,
        deterministic=True,
        takes_rng=False,
        supports_boundaries=False,
    )

    def __init__(self, x0: Any, sigma0: Any = 0.1, boundaries: Any = None) -> None:
        super().__init__(x0, sigma0, boundaries)
        self._proposed = self._current = self._x0
        self._current_f = np.inf
        self._df = np.zeros(self._n_parameters)

    def _ask(self) -> FloatArray:
        return self._proposed[np.newaxis]

    def _present(self, xs: FloatArray) -> Any:
        return [read_only(xs[0])]

    def _clean_scores(self, fx: Any) -> FloatArray:
        f, df = _as_sensitivities(fx, self._n_parameters, self.name())
        self._df = _non_finite_to_zero(df)
        return np.array([f])

    def _tell(self, fs: FloatArray) -> None:
        self._current, self._current_f = self._proposed, float(fs[0])
        self._proposed = read_only(self._step(self._current, self._df))

    def _step(self, x: FloatArray, df: FloatArray) -> FloatArray:
        """Return the next point to propose, given the gradient at ``x``."""
        raise NotImplementedError

    def x_guessed(self) -> FloatArray:
        """The last point told (``x0`` before the first ``tell``)."""
        return self._current

    def f_guessed(self) -> float:
        """The score of `x_guessed()` (``inf`` before the first ``tell``)."""
        return self._current_f


def _as_sensitivities(reply: Any, n: int, name: str) -> tuple[float, FloatArray]:
    """Unpack ``[(f, df)]`` into a float and a fresh length-``n`` array."""
    try:
        ((f, df),) = reply
        f = float(f)
        df = np.array(df, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(
            f"{name} needs sensitivities: tell() expects a list with one (f, df) "
            "pair, the score and its gradient at the point returned by ask() (as "
            f"ErrorMeasure.evaluateS1 returns); got {reprlib.repr(reply)}."
        ) from None
    if df.shape != (n,):
        raise ValueError(
            f"The gradient df given to tell() must have shape ({n},); "
            f"got shape {df.shape}."
        )
    return f, df


def _check_x0(x0: Any) -> FloatArray:
    x = vector(x0)
    if len(x) < 1:
        raise ValueError("Problem dimension must be greater than zero.")
    if not np.all(np.isfinite(x)):
        raise ValueError(f"x0 must contain only finite values; got {x.tolist()}.")
    return x


def _check_sigma0(sigma0: Any, x0: FloatArray, boundaries: Any) -> FloatArray:
    n = len(x0)
    if sigma0 is None:
        try:
            sigma = (1 / 6) * boundaries.range()
        except AttributeError:
            # No boundaries, or boundaries without a range().
            sigma = np.abs(x0) / 3
            sigma[sigma == 0] = 1
        return vector(sigma)
    if np.isscalar(sigma0):
        s = float(sigma0)  # type: ignore[arg-type]
        if not s > 0:
            raise ValueError("Initial standard deviation must be greater than zero.")
        sigma = np.full(n, s)
    else:
        sigma = vector(sigma0)
        if len(sigma) != n:
            raise ValueError(
                "Initial standard deviation must be None, scalar, or have dimension "
                + str(n)
                + "."
            )
        if not np.all(sigma > 0):
            raise ValueError("Initial standard deviations must be greater than zero.")
    if not np.all(np.isfinite(sigma)):
        raise ValueError(f"sigma0 must be finite; got {sigma.tolist()}.")
    return read_only(sigma)


def _as_scores(fx: Any, expected: int) -> FloatArray:
    """``fx`` as a 1-d float array: not a copy if it already is one."""
    try:
        fs = np.asarray(fx, dtype=float)
    except (TypeError, ValueError) as e:
        raise ValueError(
            f"tell() expects a sequence of {expected} numeric scores, one per point "
            f"returned by ask(); could not convert the given {type(fx).__name__} "
            f"({e})."
        ) from None
    return fs if fs.ndim == 1 else fs.reshape(-1)


def _nan_to_inf(fs: FloatArray, n_given: int) -> tuple[FloatArray, int, float]:
    """``fs`` with NaN replaced by ``+inf`` (a new array if there were any),
    with a warning that points at the caller of ``tell()``, the index of its
    minimum (-1 if it is empty) and that minimum."""
    if not fs.size:
        return fs, -1, math.inf
    # argmin() stops at the first NaN: in the common, clean case one call
    # both checks the scores and finds the best of them.
    k = int(fs.argmin())
    f = float(fs[k])
    if f != f:  # NaN
        nan = np.isnan(fs)
        fs = np.where(nan, np.inf, fs)
        k = int(fs.argmin())
        f = float(fs[k])
        warnings.warn(
            f"{np.count_nonzero(nan)} of the {n_given} scores given to tell() were "
            "NaN; they are treated as +inf (the worst score).",
            NonFiniteScoreWarning,
            stacklevel=3,
        )
    return fs, k, f


def _non_finite_to_zero(df: FloatArray) -> FloatArray:
    """Replace NaN and infinite gradient entries (in place) by 0, with a
    warning that points at the caller of ``tell()``."""
    finite = np.isfinite(df)
    if not finite.all():
        bad = ~finite
        df[bad] = 0.0
        warnings.warn(
            f"{bad.sum()} of the {len(df)} gradient entries given to tell() were "
            "NaN or infinite; they are treated as 0 (no information).",
            NonFiniteScoreWarning,
            stacklevel=4,
        )
    return df
