"""The optimiser template: everything that is not an algorithm.

`Optimiser` owns validation of ``x0``, ``sigma0`` and boundaries, the
random generator, the ask/tell state machine, keeping to the boundaries,
cleaning of scores and best-so-far tracking. An algorithm implements hooks:

* ``_set_defaults()`` – its settings and state at construction;
* ``_initialise()`` – set up state at the first `ask()`;
* ``_ask()`` – return the whole proposed population, shape ``(λ, n)``;
* ``_tell(fs)`` – learn from the scores of that population, shape ``(λ,)``,
  where points outside the boundaries have already been scored ``+inf`` and
  NaN has become ``+inf`` (``fs`` may be the caller's array: copy it before
  keeping it, never change it);
* ``_contract(centre, factor)`` – a whole generation fell outside the
  boundaries: shrink the search towards ``centre`` (see `Optimiser`);
* ``_stop()`` – the algorithm's own reason to halt, if any.

What ``tell()`` accepts is cleaned by the overridable ``_clean_scores``;
`GradientOptimiser` uses it to take ``(f, df)`` pairs, and offers a
single hook ``_step(x, df)`` to its subclasses instead.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import ClassVar, Union

import numpy as np

from .._typing import ArrayLike, BoolArray, FloatArray, RngLike
from .._util import Capabilities, TunableMethod, as_generator, read_only
from ..log._logger import Loggable
from ..problems._boundaries import Boundaries, RectangularBoundaries, inside
from ._validation import (
    as_scores,
    check_boundaries,
    check_sigma0,
    check_x0,
    nan_to_inf,
)

#: What ``ask()`` returns: an array of points, or (gradient methods, as
#: PINTS) a list with one point.
Points = Union[FloatArray, list[FloatArray]]
#: What ``tell()`` takes: one score per point, or a list of ``(f, df)``
#: pairs for methods that need sensitivities.
Reply = Union[ArrayLike, Sequence[tuple[float, ArrayLike]]]
#: What ``set_hyper_parameters()`` takes (tuners pass float arrays).
HyperParameters = Union[Sequence[float], FloatArray]

#: Generations in a row wholly outside the boundaries (each followed by a
#: contraction) after which `stop()` gives up. With halving, the step size
#: has then shrunk a billion-fold: no sigma0 a user meant is that far off.
MAX_EMPTY_GENERATIONS = 30
#: Step-size factor of each contraction.
CONTRACTION = 0.5
NO_PROPOSAL_INSIDE = (
    "No proposal inside the boundaries after {tries} tries; the step size is "
    "large relative to the feasible region: pass a smaller sigma0."
)


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

    Notes
    -----
    *Boundaries.* One mechanism serves every method. Methods that do not
    support boundaries (``capabilities.supports_boundaries`` is false) only
    check that ``x0`` is inside. Methods whose points are inside by
    construction (`_proposals_inside()`: mapped into a box, shortened steps,
    an inner optimiser) are taken at their word. For the others, points
    outside are not returned by ``ask()`` and score ``+inf``.

    When a whole generation falls outside, it is proposed afresh, up to
    ``_redraws`` times (for methods whose proposals are random). If none
    of these has a point inside, ``ask()`` warns and returns no points; the
    ``tell([])`` that follows does not update the algorithm (every score
    would be ``+inf``: nothing to learn) but asks it to `_contract()` its
    step sizes by half, all of them alike, towards the best point so far
    (``x0`` before any), which is inside. From a start with a feasible
    neighbourhood this soon proposes points inside again. After
    ``MAX_EMPTY_GENERATIONS`` such generations in a row, `stop()` says so.
    """

    #: What the method needs and offers. ``takes_rng`` is the one answer to
    #: "does the constructor accept ``rng=``?" (deterministic methods have no
    #: generator, so constructing them never touches NumPy's global state).
    capabilities: ClassVar[Capabilities] = Capabilities()
    #: Message of the error raised by a second ``ask()`` before ``tell()``;
    #: ``None`` allows it (the population is proposed afresh).
    _repeated_ask_error: ClassVar[str | None] = None
    #: Short name used in warnings, e.g. ``'XNES'``.
    _label: ClassVar[str] = "the optimiser"
    #: Warning given when every proposed point is outside the boundaries.
    _all_outside_message: ClassVar[str] = (
        "All points requested by {label} are outside the boundaries."
    )
    #: Fresh proposals of a generation wholly outside the boundaries before
    #: it is given up (only worth it when ``_ask()`` draws at random).
    _redraws: ClassVar[int] = 9

    def __init__(
        self,
        x0: ArrayLike,
        sigma0: ArrayLike | None = None,
        boundaries: Boundaries | None = None,
        *,
        rng: RngLike = None,
    ) -> None:
        self._x0 = check_x0(x0)
        self._n_parameters = len(self._x0)
        self._boundaries = check_boundaries(boundaries, self._x0)
        self._sigma0 = check_sigma0(sigma0, self._x0, boundaries)
        if self.capabilities.takes_rng:
            self._rng = as_generator(rng)
        self._running = False
        self._ready_for_tell = False
        self._filtering = False
        self._x_best = self._x0
        self._f_best = np.inf
        self._f_last_min = np.inf
        self._asked: FloatArray | None = None
        #: Which asked points are inside, when some are not.
        self._kept: BoolArray | None = None
        #: Generations in a row, and proposals, wholly outside the boundaries.
        self._empty_generations = self._empty_tries = 0
        self._set_defaults()

    # -- the ask/tell state machine ----------------------------------------
    def ask(self) -> Points:
        """Return the points to evaluate next.

        Points outside the boundaries are not returned; they score ``+inf``.
        """
        if self._ready_for_tell and self._repeated_ask_error is not None:
            raise RuntimeError(self._repeated_ask_error)
        if not self._running:
            self._start()
        self._asked, self._kept = xs, kept = self._propose()
        self._ready_for_tell = True
        return self._present(xs if kept is None else xs[kept])

    def tell(self, fx: Reply) -> None:
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
        if self._kept is not None and not self._kept.any():
            self._ready_for_tell = False
            self._contract(self._x_best, CONTRACTION)
            return
        fs = given if self._kept is None else self._full_scores(given)
        fs, k, f_min = nan_to_inf(fs, len(given))
        self._ready_for_tell = False
        self._tell(fs)
        self._track_best(f_min, k)

    def _start(self) -> None:
        self._initialise()
        self._filtering = (
            self._boundaries is not None
            and self.capabilities.supports_boundaries
            and not self._proposals_inside()
        )
        self._running = True

    def _propose(self) -> tuple[FloatArray, BoolArray | None]:
        """A generation from `_ask()` and, if some of it is outside the
        boundaries, the mask of the points inside (see the class Notes)."""
        tries = 1 + self._redraws if self._filtering else 1
        for _ in range(tries):
            # Subclasses written by users may return lists or integer arrays.
            xs = np.asarray(self._ask(), dtype=float)
            if not self._filtering or len(xs) == 0:
                return xs, None
            kept = self._feasible(xs)
            if kept.any():
                self._empty_generations = self._empty_tries = 0
                return xs, None if kept.all() else kept
        self._empty_generations += 1
        self._empty_tries += tries
        warnings.warn(self._all_outside_message.format(label=self._label), stacklevel=3)
        return xs, kept

    def _feasible(self, xs: FloatArray) -> BoolArray:
        """Which rows of ``xs`` lie inside the boundaries (all, if none)."""
        if self._boundaries is None:
            return np.ones(len(xs), dtype=bool)
        return inside(self._boundaries, xs)

    def _box(self) -> tuple[FloatArray, FloatArray] | None:
        """``(lower, upper)`` of rectangular boundaries, else ``None``."""
        b = self._boundaries
        return (b.lower(), b.upper()) if isinstance(b, RectangularBoundaries) else None

    def _present(self, xs: FloatArray) -> Points:
        """What ``ask()`` hands the user: by default a read-only array."""
        return read_only(xs)

    def _clean_scores(self, fx: Reply) -> FloatArray:
        """Hook: validate what was told and return one score per point that
        ``ask()`` returned (NaN is dealt with afterwards). Nothing may change
        before it returns, so that a bad ``tell()`` can be retried."""
        expected = self._n_returned()
        fs = as_scores(fx, expected)
        if len(fs) != expected:
            raise ValueError(self._wrong_length_message(expected, len(fs)))
        return fs

    def _n_returned(self) -> int:
        """Number of points the last ``ask()`` returned."""
        assert self._asked is not None  # guaranteed by _ready_for_tell
        return len(self._asked) if self._kept is None else int(self._kept.sum())

    def _wrong_length_message(self, expected: int, got: int) -> str:
        return (
            f"tell() expects {expected} scores, one per point returned by ask(); "
            f"got {got}."
        )

    def _full_scores(self, fs: FloatArray) -> FloatArray:
        """Scores for the whole proposed population (filtered points: +inf)."""
        assert self._kept is not None
        full = np.full(len(self._kept), np.inf)
        full[self._kept] = fs
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
    def _set_defaults(self) -> None:
        """Set the method's settings and state at construction (after
        validation, so ``self._x0`` and the others are available)."""

    def _initialise(self) -> None:
        """Set up the algorithm's state at the first ``ask()``."""

    def _ask(self) -> FloatArray:
        raise NotImplementedError

    def _tell(self, fs: FloatArray) -> None:
        raise NotImplementedError

    def _proposals_inside(self) -> bool:
        """Whether every point `_ask()` proposes is inside the boundaries by
        construction, so that the template need not check (default: no)."""
        return False

    def _contract(self, centre: FloatArray, factor: float) -> None:
        """A whole generation fell outside the boundaries: multiply every
        step size by ``factor`` and re-centre the search on ``centre``, a
        point inside. By default nothing changes, and `stop()` gives up
        after ``MAX_EMPTY_GENERATIONS`` such generations."""

    def _stop(self) -> str | bool:
        """The algorithm's own reason to halt, or ``False``."""
        return False

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
        _deprecated("xbest", "x_best")
        return self.x_best()

    def fbest(self) -> float:
        """Deprecated alias of `f_best()`."""
        _deprecated("fbest", "f_best")
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
        """``False``, or a short message saying why the method must halt:
        no proposal inside the boundaries (see Notes), or the algorithm's
        own reason."""
        if self._empty_generations >= MAX_EMPTY_GENERATIONS:
            return NO_PROPOSAL_INSIDE.format(tries=self._empty_tries)
        return self._stop()


def _deprecated(old: str, new: str) -> None:
    """Warn, as PINTS does, that ``Optimiser.<old>`` is now ``<new>``."""
    warnings.warn(
        f"The method `pints.Optimiser.{old}` is deprecated. Please use "
        f"`pints.Optimiser.{new}` instead.",
        stacklevel=3,
    )
