"""Differential evolution MCMC: chains propose jumps along the differences
between other chains."""

from __future__ import annotations

import math
import numbers
import warnings
from collections.abc import Sequence
from typing import ClassVar

import numpy as np

from .._checks import flag, hyper_sequence, is_number, not_a_number, number
from .._typing import ArrayLike, BoolArray, FloatArray, IntArray, RngLike
from .._util import Capabilities, read_only
from ._base import MultiChainMCMC


class DifferentialEvolutionMCMC(MultiChainMCMC):
    """Differential evolution Markov chain Monte Carlo (DE-MC) [1]_.

    Every iteration moves all chains at once: chain ``i`` jumps along the
    difference of two other chains, chosen at random, and the jump is
    accepted by the Metropolis rule. All chains are proposed as one array,
    so one evaluator call scores them.

    Parameters
    ----------
    chains : int
        Number of chains: at least 3, and preferably at least
        ``1.5 * n_parameters`` (a warning says so otherwise).
    x0 : array_like, shape (chains, n_parameters)
        Starting points; their log-pdfs must be finite.
    sigma0 : float or array_like, optional
        Accepted for the common interface; DE-MC does not use it.
    rng : int, numpy.random.Generator or None, optional
        Random generator or seed (keyword only).

    Notes
    -----
    The proposal for chain ``i`` is (eq. 2 in [1]_)

    .. math:: x^*_i = x_i + \\gamma (x_{r_1} - x_{r_2}) + e,

    with ``r1 != r2``, both different from ``i``, and a small error ``e``:
    ``N(0, b*)`` in each coordinate, or ``U(-b*, b*)`` (see
    `set_gaussian_error`). The error's scale is ``b* = b |mu|``, with ``mu``
    the mean of ``x0``, when scaled relatively (the default), else
    ``b* = b``. The default ``gamma = 2.38 / sqrt(2 d)`` is optimal for
    Gaussian targets; every `gamma_switch_rate`-th iteration (the first
    included) uses ``gamma = 1`` instead, to jump between modes (section 3
    of [1]_). The proposal is symmetric, so ``x*_i`` is accepted with
    probability ``min(1, pi(x*_i) / pi(x_i))``.

    As in PINTS, all chains move at once, from the same population, so that
    one evaluator call scores them all; [1]_ moves them one after another.
    With few chains the simultaneous move is measurably inexact: with 4
    chains on a 2-d Gaussian the chains' standard deviations come out about
    7 % too large, with 8 chains less than 1 %.

    PINTS resets ``gamma`` to its default after each iteration, undoing
    `set_gamma`; here a value set with `set_gamma` is kept.

    References
    ----------
    .. [1] ter Braak (2006) A Markov Chain Monte Carlo version of the genetic
           algorithm Differential Evolution: easy Bayesian computing for real
           parameter spaces. Statistics and Computing 16, 239-249.
           https://doi.org/10.1007/s11222-006-8769-1
    """

    capabilities: ClassVar[Capabilities] = Capabilities(supports_boundaries=False)
    min_chains: ClassVar[int] = 3

    def __init__(
        self,
        chains: int,
        x0: ArrayLike,
        sigma0: ArrayLike | None = None,
        *,
        rng: RngLike = None,
    ) -> None:
        super().__init__(chains, x0, sigma0, rng=rng)
        if self._n_chains < 1.5 * self._n_parameters:
            warnings.warn(
                "This method should be run with n_chains >= 1.5 * n_parameters",
                UserWarning,
                stacklevel=2,
            )
        self._gamma = 2.38 / np.sqrt(2 * self._n_parameters)
        self._gamma_switch_rate = 10
        self._b = 0.001
        self._mu = np.mean(self._x0, axis=0)
        self._gaussian_error = True
        self._relative_scaling = True
        self._iter_count = 0

    @classmethod
    def name(cls) -> str:
        return "Differential Evolution MCMC"

    def _initialise(self) -> None:
        self._iter_count = 0

    def _propose(self) -> FloatArray:
        assert self._current is not None
        # Every gamma_switch_rate-th proposal uses gamma = 1 (section 3 of [1])
        gamma = 1.0 if self._iter_count % self._gamma_switch_rate == 0 else self._gamma
        self._iter_count += 1
        n, d = self._n_chains, self._n_parameters
        if self._gaussian_error:
            error = self._rng.standard_normal((n, d))
        else:
            error = 2 * self._rng.random((n, d)) - 1
        error *= self._error_scale()
        r1, r2 = other_pairs(self._rng, n, 1)
        return de_proposal(self._current, gamma, r1[:, 0], r2[:, 0], error)

    def _step(
        self, x: FloatArray, fx: FloatArray
    ) -> tuple[FloatArray, FloatArray, BoolArray]:
        u = 1 - self._rng.random(len(fx))  # in (0, 1]
        accepted = accept_chains(fx, self._current_log_pdf, u)
        self._move(x, fx, accepted)
        assert self._current is not None
        return self._current, self._current_log_pdf, accepted

    def _move(self, x: FloatArray, fx: FloatArray, accepted: BoolArray) -> None:
        """Move the accepted chains to their proposals."""
        assert self._current is not None
        self._current = read_only(np.where(accepted[:, None], x, self._current))
        self._current_log_pdf = read_only(np.where(accepted, fx, self._current_log_pdf))

    def _error_scale(self) -> FloatArray:
        """The error's scale ``b*`` in each coordinate."""
        if self._relative_scaling:
            return np.abs(self._mu) * self._b
        return np.full(self._n_parameters, self._b)

    # -- hyper-parameters ------------------------------------------------------
    def gamma(self) -> float:
        """The coefficient ``gamma`` of the difference vector."""
        return self._gamma

    def set_gamma(self, gamma: float) -> None:
        """Set the coefficient ``gamma`` of the difference vector (at least 0).

        Raises
        ------
        ValueError
            If ``gamma`` is negative.
        """
        gamma = number(gamma, "gamma")
        if not 0 <= gamma < math.inf:
            raise ValueError("Gamma must be non-negative.")
        self._gamma = gamma

    def gamma_switch_rate(self) -> int:
        """Every how many iterations ``gamma`` is 1 for one iteration."""
        return self._gamma_switch_rate

    def set_gamma_switch_rate(self, gamma_switch_rate: int) -> None:
        """Set every how many iterations ``gamma`` is 1 (an integer, at
        least 1).

        Raises
        ------
        ValueError
            If the rate is below 1 or not an integer.
        """
        if not is_number(gamma_switch_rate):
            raise not_a_number("gamma_switch_rate", "an integer", gamma_switch_rate)
        if not gamma_switch_rate >= 1:
            raise ValueError(
                "The interval number of steps between gamma=1 iterations must "
                f"equal or exceed 1; got {gamma_switch_rate}."
            )
        if not isinstance(gamma_switch_rate, numbers.Integral):
            raise ValueError(
                "The interval number of steps between gamma=1 iterations must be "
                f"an integer; got {gamma_switch_rate!r}."
            )
        self._gamma_switch_rate = int(gamma_switch_rate)

    def gaussian_error(self) -> bool:
        """Whether the error is Gaussian (``True``) or uniform."""
        return self._gaussian_error

    def set_gaussian_error(self, gaussian_error: bool) -> None:
        """Use a Gaussian error ``N(0, b*)`` (``True``) or a uniform one,
        ``U(-b*, b*)``."""
        self._gaussian_error = flag(gaussian_error, "gaussian_error")

    def relative_scaling(self) -> bool:
        """Whether the error's scale is relative (``b* = b |mu|``) rather than
        absolute (``b* = b``)."""
        return self._relative_scaling

    def set_relative_scaling(self, relative_scaling: bool) -> None:
        """Scale the error relatively, ``b* = b |mu|`` with ``mu`` the mean of
        ``x0`` (``True``), or absolutely, ``b* = b``."""
        self._relative_scaling = flag(relative_scaling, "relative_scaling")

    def scale_coefficient(self) -> float:
        """The coefficient ``b`` of the error's scale."""
        return self._b

    def set_scale_coefficient(self, b: float) -> None:
        """Set the coefficient ``b`` of the error's scale (at least 0).

        Raises
        ------
        ValueError
            If ``b`` is negative.
        """
        b = number(b, "b")
        if not 0 <= b < math.inf:
            raise ValueError("Scale coefficient must be non-negative.")
        self._b = b

    def n_hyper_parameters(self) -> int:
        return 5

    def set_hyper_parameters(self, x: Sequence[float] | FloatArray) -> None:
        """Set ``[gamma, scale_coefficient, gamma_switch_rate, gaussian_error,
        relative_scaling]``; the switch rate is rounded down to an integer.

        Raises
        ------
        ValueError
            If a value is out of range, or the switch rate cannot be
            converted to an integer.
        """
        v = hyper_sequence(x, 5)
        self.set_gamma(v[0])
        self.set_scale_coefficient(v[1])
        if not is_number(v[2]) or not math.isfinite(v[2]):
            raise ValueError(
                "The interval number of steps between gamma=1 iterations must be "
                f"convertable to an integer; got {v[2]!r}."
            )
        self.set_gamma_switch_rate(int(v[2]))
        self.set_gaussian_error(bool(number(v[3], "gaussian_error")))
        self.set_relative_scaling(bool(number(v[4], "relative_scaling")))


def de_proposal(
    current: FloatArray,
    gamma: float | FloatArray,
    r1: IntArray,
    r2: IntArray,
    error: FloatArray,
) -> FloatArray:
    """DE-MC proposals for all chains (eq. 2 in ter Braak 2006).

    Parameters
    ----------
    current : ndarray, shape (chains, d)
    gamma : float or ndarray, shape (chains,)
    r1, r2 : ndarray of int, shape (chains,)
        The two other chains whose difference chain ``i`` jumps along.
    error : ndarray, shape (chains, d)

    Returns
    -------
    ndarray, shape (chains, d)
        ``current + gamma * (current[r1] - current[r2]) + error``.
    """
    g = np.reshape(gamma, (-1, 1))
    return current + g * (current[r1] - current[r2]) + error


def other_pairs(
    rng: np.random.Generator, chains: int, pairs: int
) -> tuple[IntArray, IntArray]:
    """Draw, for each chain ``i``, ``pairs`` pairs of chain indices ``(r1,
    r2)`` uniformly from the ordered pairs of distinct chains other than
    ``i``; the pairs of one chain are drawn independently.

    Returns
    -------
    r1, r2 : ndarray of int, shape (chains, pairs)
    """
    if chains < 3:
        raise ValueError(f"Need at least 3 chains; got {chains}.")
    i = np.arange(chains)[:, None]
    # r1 uniform on the chains other than i: skip over i
    r1 = rng.integers(0, chains - 1, size=(chains, pairs))
    r1 = r1 + (r1 >= i)
    # r2 uniform on the chains other than i and r1: skip over both, smaller first
    low, high = np.minimum(i, r1), np.maximum(i, r1)
    r2 = rng.integers(0, chains - 2, size=(chains, pairs))
    r2 = r2 + (r2 >= low)
    r2 = r2 + (r2 >= high)
    return r1, r2


def accept_chains(
    f_proposed: FloatArray, f_current: FloatArray, u: FloatArray
) -> BoolArray:
    """The Metropolis rule for each chain: accept where ``log u < f_proposed
    - f_current``, with ``u`` in ``(0, 1]``; never a non-finite proposal
    (the current values are finite)."""
    f_proposed = np.asarray(f_proposed, dtype=float)
    return np.isfinite(f_proposed) & (np.log(u) < f_proposed - f_current)
