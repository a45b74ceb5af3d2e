"""The MCMC sampler template: everything that is not an algorithm.

`MCMCSampler` is the interface PINTS users and the controllers rely on.
`SingleChainMCMC` (one chain per sampler; the controller runs one per chain)
and `MultiChainMCMC` (one sampler moving all chains) own the validation of
``x0`` and ``sigma0``, the random generator, the ask/tell state machine and
its errors, and the first, unconditional step to ``x0``. An algorithm
implements two hooks:

* ``_propose()`` – the next point (single chain, shape ``(n,)``) or points
  (multi-chain, shape ``(chains, n)``) to evaluate;
* ``_step(x, fx)`` – learn from the log-pdf value(s) ``fx`` of the proposal
  ``x``: accept or reject, adapt, and return ``(x, fx, accepted)`` for the
  chain(s), or ``None`` while a step needs more evaluations (slice samplers,
  delayed rejection). The next ``ask()`` calls ``_propose()`` again.

``tell()`` hands ``_step`` the values as floats (or ``(f, df)`` pairs for
samplers that need sensitivities); NaN counts as a log-pdf of ``-inf``, so
the proposal is rejected.
"""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np

from .._typing import ArrayLike, FloatArray, RngLike
from .._util import Capabilities, TunableMethod, as_generator, read_only, vector
from ..log import Loggable
from ._inputs import _chain_count, _covariance, _log_pdf_value, _start, _starts

#: A sampler's reply to ``tell()``: the chain's current position(s), their
#: log-pdf value(s) and whether the proposal(s) were accepted.
Reply = tuple[Any, Any, Any]


class MCMCSampler(Loggable, TunableMethod):
    """Base class of single- and multi-chain MCMC samplers (ask-and-tell).

    Samplers never evaluate a log-pdf: `ask()` proposes, `tell()` takes the
    log-pdf value(s) of the proposal(s) and moves the chain(s).
    """

    capabilities: ClassVar[Capabilities] = Capabilities(supports_boundaries=False)

    @classmethod
    def name(cls) -> str:
        """The method's full name."""
        raise NotImplementedError

    def needs_initial_phase(self) -> bool:
        """Whether the method has an initial phase (e.g. an adaptation-free
        period for adaptive covariance methods, a warm-up for DREAM)."""
        return False

    def in_initial_phase(self) -> bool:
        """Whether the method is in its initial phase.

        Raises
        ------
        NotImplementedError
            For methods without an initial phase.
        """
        raise NotImplementedError

    def set_initial_phase(self, in_initial_phase: bool) -> None:
        """Switch the initial phase on or off.

        Raises
        ------
        NotImplementedError
            For methods without an initial phase.
        """
        raise NotImplementedError

    def needs_sensitivities(self) -> bool:
        """Whether ``tell()`` needs ``(log_pdf, gradient)`` pairs."""
        return self.capabilities.needs_gradients

    def ask(self) -> Any:
        """The point(s) at which to evaluate the log-pdf next."""
        raise NotImplementedError

    def tell(self, fx: Any) -> Reply | None:
        """Take the log-pdf value(s) at the point(s) from `ask()`; return
        ``(x, fx, accepted)``, or ``None`` while a step needs more
        evaluations."""
        raise NotImplementedError


class _ChainTemplate(MCMCSampler):
    """The state machine shared by single- and multi-chain samplers."""

    _x0: FloatArray
    _n_parameters: int

    def _setup(self, sigma0: ArrayLike | None, rng: RngLike) -> None:
        self._sigma0 = _covariance(sigma0, self._default_scale(), self._n_parameters)
        self._rng = as_generator(rng)
        self._running = False
        self._proposed: FloatArray | None = None
        self._current: FloatArray | None = None
        self._current_log_pdf: Any = None

    def _default_scale(self) -> FloatArray:
        raise NotImplementedError

    def ask(self) -> FloatArray:
        """The point(s) to evaluate next (read-only). Asking again before
        ``tell()`` returns the same point(s)."""
        if not self._running:
            self._running = True
            self._initialise()
            self._proposed = self._x0
        if self._proposed is None:
            self._proposed = read_only(np.array(self._propose(), dtype=float))
        return self._proposed

    def tell(self, fx: Any) -> Reply | None:
        """Take the log-pdf value(s) of the point(s) from ``ask()``; return
        ``(x, fx, accepted)`` for the chain(s), or ``None`` while a step
        needs more evaluations.

        Raises
        ------
        RuntimeError
            If called before ``ask()``.
        ValueError
            If the log-pdf of the starting point is not finite.
        """
        if self._proposed is None:
            raise RuntimeError("Tell called before proposal was set.")
        fx = self._clean(fx)
        if self._current is None:
            return self._first(fx)
        proposed, self._proposed = self._proposed, None
        return self._step(proposed, fx)

    def _first(self, fx: Any) -> Reply:
        """The first step: the chain(s) start at ``x0`` unconditionally."""
        values = self._values(fx)
        if not np.all(np.isfinite(values)):
            raise ValueError(self._bad_start_message(values))
        self._current, self._current_log_pdf = self._proposed, fx
        self._proposed = None
        self._started()
        return self._current, self._current_log_pdf, self._all_accepted()

    # -- hooks -------------------------------------------------------------------
    def _initialise(self) -> None:
        """Set up the algorithm's state at the first ``ask()``."""

    def _started(self) -> None:
        """Called once the chain(s) stand at ``x0``."""

    def _propose(self) -> ArrayLike:
        raise NotImplementedError

    def _step(self, x: FloatArray, fx: Any) -> Reply | None:
        raise NotImplementedError

    def _clean(self, fx: Any) -> Any:
        raise NotImplementedError

    def _values(self, fx: Any) -> FloatArray:
        raise NotImplementedError

    def _bad_start_message(self, values: FloatArray) -> str:
        raise NotImplementedError

    def _all_accepted(self) -> Any:
        raise NotImplementedError


class SingleChainMCMC(_ChainTemplate):
    """Base class of samplers that move one chain.

    Parameters
    ----------
    x0 : array_like, shape (n_parameters,)
        Starting point; its log-pdf must be finite.
    sigma0 : float or array_like, optional
        Initial proposal covariance: an ``(n_parameters, n_parameters)``
        matrix, a vector of variances (its diagonal) or one variance for
        all. Default: ``diag(0.01 * |x0|)`` (0.01 where ``x0`` is 0), as in
        PINTS.
    rng : int, numpy.random.Generator or None, optional
        Random generator or seed (keyword only). ``None`` seeds from NumPy's
        global state.
    """

    def __init__(
        self, x0: ArrayLike, sigma0: ArrayLike | None = None, *, rng: RngLike = None
    ) -> None:
        self._x0 = read_only(_start(x0))
        self._n_parameters = len(self._x0)
        self._setup(sigma0, rng)

    def _default_scale(self) -> FloatArray:
        return np.abs(self._x0)

    def replace(
        self,
        current: ArrayLike,
        current_log_pdf: float,
        proposed: ArrayLike | None = None,
    ) -> None:
        """Replace the chain's current position, its log-pdf and (optionally)
        the pending proposal; only once the chain has started.

        Raises
        ------
        RuntimeError
            Before the first ``tell()``.
        ValueError
            If a point has the wrong dimension.
        """
        if not self._running or self._current is None:
            raise RuntimeError("Replace can only be used when already running.")
        self._current = read_only(self._point(current, "current"))
        self._current_log_pdf = float(current_log_pdf)
        self._proposed = None
        if proposed is not None:
            self._proposed = read_only(self._point(proposed, "proposed"))

    def _point(self, x: ArrayLike, name: str) -> FloatArray:
        x = vector(x)
        if len(x) != self._n_parameters:
            raise ValueError(f"Point `{name}` has the wrong dimensions.")
        return x

    def _clean(self, fx: Any) -> Any:
        if self.needs_sensitivities():
            f, df = fx
            return _log_pdf_value(f), np.asarray(df, dtype=float)
        return _log_pdf_value(fx)

    def _values(self, fx: Any) -> FloatArray:
        return np.array([fx[0] if self.needs_sensitivities() else fx])

    def _bad_start_message(self, values: FloatArray) -> str:
        return "Initial point for MCMC must have finite logpdf."

    def _all_accepted(self) -> bool:
        return True


class MultiChainMCMC(_ChainTemplate):
    """Base class of samplers that move several chains together.

    Parameters
    ----------
    chains : int
        Number of chains (at least the method's minimum).
    x0 : array_like, shape (chains, n_parameters)
        Starting points; their log-pdfs must be finite.
    sigma0 : float or array_like, optional
        Initial proposal covariance (as for `SingleChainMCMC`). Default:
        ``diag(0.01 * max |x0|)`` over the chains (0.01 where that is 0).
    rng : int, numpy.random.Generator or None, optional
        Random generator or seed (keyword only).
    """

    #: The fewest chains the algorithm works with.
    min_chains: ClassVar[int] = 1

    def __init__(
        self,
        chains: int,
        x0: ArrayLike,
        sigma0: ArrayLike | None = None,
        *,
        rng: RngLike = None,
    ) -> None:
        self._n_chains = _chain_count(chains, self.min_chains)
        self._x0 = read_only(_starts(x0, self._n_chains))
        self._n_parameters = self._x0.shape[1]
        self._setup(sigma0, rng)

    def _default_scale(self) -> FloatArray:
        return np.max(np.abs(self._x0), axis=0)

    def n_chains(self) -> int:
        """The number of chains."""
        return self._n_chains

    def current_log_pdfs(self) -> FloatArray | None:
        """The log-pdf values at the chains' current positions."""
        return self._current_log_pdf

    def _clean(self, fxs: Any) -> Any:
        self._check_count(fxs, self._n_chains)
        if self.needs_sensitivities():
            return [(_log_pdf_value(f), np.asarray(df, dtype=float)) for f, df in fxs]
        return np.array([_log_pdf_value(f) for f in fxs])

    def _check_count(self, fxs: Any, expected: int) -> None:
        """Raise a ValueError unless ``fxs`` holds ``expected`` values."""
        try:
            count = len(fxs)
        except TypeError:
            raise ValueError(
                f"Expected {expected} log-pdf values in a sequence; got {fxs!r}."
            ) from None
        if count != expected:
            raise ValueError(f"Expected {expected} log-pdf values; got {count}.")

    def _values(self, fxs: Any) -> FloatArray:
        if self.needs_sensitivities():
            return np.array([f for f, _ in fxs])
        return np.asarray(fxs)

    def _bad_start_message(self, values: FloatArray) -> str:
        bad = np.flatnonzero(~np.isfinite(values)).tolist()
        return f"Initial points for MCMC must have finite logpdf (chains {bad} do not)."

    def _all_accepted(self) -> Any:
        return np.ones(self._n_chains, dtype=bool)
