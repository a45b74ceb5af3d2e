"""DREAM: differential evolution with randomised subspace sampling and
adaptive crossover."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import ClassVar

import numpy as np

from .._checks import fits_in_memory, flag, hyper_parameters, integer, number, whole
from .._typing import ArrayLike, BoolArray, FloatArray, IntArray, RngLike
from .._util import Capabilities, read_only
from ._base import MultiChainMCMC
from ._differential_evolution import accept_chains, other_pairs


class DreamMCMC(MultiChainMCMC):
    """DiffeRential Evolution Adaptive Metropolis (DREAM) [1]_.

    Like `DifferentialEvolutionMCMC`, every chain jumps along differences of
    other chains, but DREAM sums up to `delta_max` differences, varies the
    jump size, and moves only a random subset of the coordinates (the
    crossover), whose size adapts during the initial phase. All chains are
    proposed as one array, so one evaluator call scores them.

    Parameters
    ----------
    chains : int
        Number of chains, at least 3.
    x0 : array_like, shape (chains, n_parameters)
        Starting points; their log-pdfs must be finite.
    sigma0 : float or array_like, optional
        Accepted for the common interface; DREAM does not use it.
    rng : int, numpy.random.Generator or None, optional
        Random generator or seed (keyword only).

    Notes
    -----
    With ``d`` parameters, ``mu`` the mean of ``x0`` and ``delta`` drawn
    uniformly from ``1, ..., delta_max``, chain ``i`` proposes (eq. 4 in
    [1]_)

    .. math::

        z_i = x_i + (1 + e) \\gamma \\sum_{k=1}^{\\delta}
              (x_{r_1(k)} - x_{r_2(k)}) + \\epsilon,

    with ``e ~ U(-b* |mu|, b* |mu|)`` and ``epsilon ~ N(0, (b |mu|)^2)`` in
    each coordinate, ``gamma = 2.38 / sqrt(2 delta d)`` or, with probability
    ``p_g``, ``gamma = 1``; each pair ``r1(k) != r2(k)`` excludes ``i``.
    Each coordinate then keeps its current value with probability
    ``1 - CR`` (eq. 5 in [1]_). ``CR`` is `CR` in constant-crossover mode;
    otherwise ``CR = m / nCR``, with ``m`` drawn from ``1, ..., nCR`` with
    probabilities ``p_m``. In the initial phase these adapt to favour the
    values of ``CR`` that make the longest jumps (section 3.2 of [1]_):

    .. math::

        p_m \\propto \\Delta_m / L_m, \\qquad
        \\Delta_m = \\sum \\sum_{j=1}^{d} (x'_{ij} - x_{ij})^2 / \\sigma^2_{ij},

    where ``L_m`` counts how often ``CR = m / nCR`` was used, the outer sum
    runs over the chains and iterations that used it, and ``sigma^2_ij`` is
    the running variance of chain ``i``'s coordinate ``j`` (as in PINTS).
    The proposal is symmetric, so it is accepted by the Metropolis rule.

    PINTS draws ``m`` as the first non-zero count of a multinomial draw of
    ``nCR`` trials, which favours small ``CR``; here ``m`` is one draw from
    ``p``, as in [1]_.

    References
    ----------
    .. [1] Vrugt, ter Braak, Diks, Robinson, Hyman and Higdon (2009)
           Accelerating Markov chain Monte Carlo simulation by differential
           evolution with self-adaptive randomized subspace sampling.
           International Journal of Nonlinear Sciences and Numerical
           Simulation 10(3), 273-290.
           https://doi.org/10.1515/IJNSNS.2009.10.3.273
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
        self._mu = np.mean(self._x0, axis=0)
        self._b = 0.01
        self._b_star = 0.01
        self._p_g = 0.2
        self._delta_max = 1
        self.set_delta_max(min(3, self._n_chains - 2))
        self._initial_phase = True
        self._constant_crossover = False
        self._CR = 0.5
        self._nCR = 3
        self._reset_crossover()

    @classmethod
    def name(cls) -> str:
        return "DiffeRential Evolution Adaptive Metropolis (DREAM) MCMC"

    def _initialise(self) -> None:
        self._reset_crossover()

    def _reset_crossover(self) -> None:
        """Uniform crossover probabilities, no history."""
        self._p = np.full(self._nCR, 1.0 / self._nCR)
        self._L = np.zeros(self._nCR)
        self._delta = np.zeros(self._nCR)
        self._m = np.zeros(self._n_chains, dtype=np.int64)
        # Welford's running mean and sum of squares of each chain's positions
        self._iterations = 0
        self._mean = np.zeros((self._n_chains, self._n_parameters))
        self._squares = np.zeros((self._n_chains, self._n_parameters))

    def _propose(self) -> FloatArray:
        assert self._current is not None
        rng, n, d = self._rng, self._n_chains, self._n_parameters
        n_pairs = rng.integers(1, self._delta_max + 1, size=n)
        unit_gamma = rng.random(n) < self._p_g
        e = np.abs(self._b_star * self._mu) * (2 * rng.random((n, d)) - 1)
        r1, r2 = other_pairs(rng, n, self._delta_max)
        noise = np.abs(self._b * self._mu) * rng.standard_normal((n, d))
        if self._constant_crossover:
            cr = np.full(n, float(self._CR))
        else:
            self._m = categorical(self._p, rng.random(n))
            self._L += np.bincount(self._m, minlength=self._nCR)
            cr = (self._m + 1) / self._nCR
        keep = rng.random((n, d)) < 1 - cr[:, None]
        return dream_proposal(
            self._current, n_pairs, unit_gamma, e, r1, r2, noise, keep
        )

    def _step(
        self, x: FloatArray, fx: FloatArray
    ) -> tuple[FloatArray, FloatArray, BoolArray]:
        previous = self._current
        assert previous is not None
        u = 1 - self._rng.random(len(fx))  # in (0, 1]
        accepted = accept_chains(fx, self._current_log_pdf, u)
        self._current = read_only(np.where(accepted[:, None], x, previous))
        self._current_log_pdf = read_only(np.where(accepted, fx, self._current_log_pdf))
        if self._initial_phase and not self._constant_crossover:
            self._adapt(previous, self._current)
        return self._current, self._current_log_pdf, accepted

    def _adapt(self, previous: FloatArray, new: FloatArray) -> None:
        """Update the crossover probabilities with this iteration's jumps."""
        # Welford's update of the running variance of the previous positions
        self._iterations += 1
        t = self._iterations
        shift = previous - self._mean
        self._mean = self._mean + shift / t
        self._squares = self._squares + shift * (previous - self._mean)
        if t > 1:
            distance = np.sum(
                (new - previous) ** 2 / np.maximum(self._squares / t, 1e-11), axis=1
            )
            self._delta, self._p = crossover_update(
                self._delta, self._L, self._m, distance, self._p
            )

    # -- initial phase ---------------------------------------------------------
    def needs_initial_phase(self) -> bool:
        return True

    def in_initial_phase(self) -> bool:
        return self._initial_phase

    def set_initial_phase(self, in_initial_phase: bool) -> None:
        """Switch the adaptation of the crossover probabilities on or off."""
        self._initial_phase = flag(in_initial_phase, "in_initial_phase")

    # -- hyper-parameters ------------------------------------------------------
    def b(self) -> float:
        """The Gaussian error's scale coefficient ``b``."""
        return self._b

    def set_b(self, b: float) -> None:
        """Set the Gaussian error's scale coefficient ``b`` (at least 0)."""
        b = number(b, "b")
        if not 0 <= b < math.inf:
            raise ValueError("Gaussian scale coefficient must be non-negative.")
        self._b = b

    def b_star(self) -> float:
        """The coefficient ``b*`` of the jump's random scaling ``1 + e``."""
        return self._b_star

    def set_b_star(self, b_star: float) -> None:
        """Set the coefficient ``b*`` of the jump's random scaling (at
        least 0)."""
        b_star = number(b_star, "b_star")
        if not 0 <= b_star < math.inf:
            raise ValueError("b* must be non-negative.")
        self._b_star = b_star

    def p_g(self) -> float:
        """The probability ``p_g`` of a jump with ``gamma = 1``."""
        return self._p_g

    def set_p_g(self, p_g: float) -> None:
        """Set the probability ``p_g`` of a jump with ``gamma = 1`` (in
        ``[0, 1]``)."""
        p_g = number(p_g, "p_g")
        if not 0 <= p_g <= 1:
            raise ValueError("p_g must be in the range [0, 1].")
        self._p_g = p_g

    def delta_max(self) -> int:
        """The largest number of chain differences a jump sums."""
        return self._delta_max

    def set_delta_max(self, delta_max: float) -> None:
        """Set the largest number of chain differences a jump sums (in
        ``[1, chains - 2]``)."""
        n = integer(delta_max, "delta_max")
        if n > self._n_chains - 2:
            raise ValueError(
                "delta_max must be less than or equal to the number of chains "
                f"minus 2 ({self._n_chains - 2}); got {n}."
            )
        if n < 1:
            raise ValueError(f"delta_max must be at least 1; got {n}.")
        self._delta_max = n

    def constant_crossover(self) -> bool:
        """Whether the crossover probability is the constant `CR`."""
        return self._constant_crossover

    def set_constant_crossover(self, enabled: bool) -> None:
        """Use the constant crossover probability `CR` (``True``) or the
        adaptive ``m / nCR``."""
        self._constant_crossover = flag(enabled, "enabled")

    def CR(self) -> float:  # noqa: N802 (PINTS's name)
        """The crossover probability in constant-crossover mode."""
        return self._CR

    def set_CR(self, CR: float) -> None:  # noqa: N802, N803 (PINTS's names)
        """Set the crossover probability of constant-crossover mode (in
        ``[0, 1]``)."""
        CR = number(CR, "CR")
        if not 0 <= CR <= 1:
            raise ValueError("CR is a probability and so must be in [0, 1].")
        self._CR = CR

    def nCR(self) -> int:  # noqa: N802 (PINTS's name)
        """The number ``nCR`` of crossover probabilities ``m / nCR`` of the
        adaptive mode."""
        return self._nCR

    def set_nCR(self, nCR: float) -> None:  # noqa: N802, N803 (PINTS's names)
        """Set the number of crossover probabilities of the adaptive mode (at
        least 2; rounded down to an integer). Their probabilities start
        again from uniform."""
        n = integer(nCR, "nCR")
        if n < 2:
            raise ValueError(
                "Length of discrete crossover distribution must be 2 or greater; "
                f"got {n}."
            )
        fits_in_memory(n, "nCR", nCR, "that many crossover probabilities")
        self._nCR = n
        self._reset_crossover()

    def n_hyper_parameters(self) -> int:
        return 8

    def set_hyper_parameters(self, x: Sequence[float] | FloatArray) -> None:
        """Set ``[b, b_star, p_g, delta_max, initial_phase,
        constant_crossover, CR, nCR]``."""
        v = hyper_parameters(x, 8)
        self.set_b(v[0])
        self.set_b_star(v[1])
        self.set_p_g(v[2])
        self.set_delta_max(whole(v[3]))
        self.set_initial_phase(bool(v[4]))
        self.set_constant_crossover(bool(v[5]))
        self.set_CR(v[6])
        self.set_nCR(whole(v[7]))


def dream_proposal(
    current: FloatArray,
    n_pairs: IntArray,
    unit_gamma: BoolArray,
    e: FloatArray,
    r1: IntArray,
    r2: IntArray,
    noise: FloatArray,
    keep: BoolArray,
) -> FloatArray:
    """DREAM's proposals for all chains (eqs. 4 and 5 in Vrugt et al. 2009).

    Parameters
    ----------
    current : ndarray, shape (chains, d)
    n_pairs : ndarray of int, shape (chains,)
        How many differences (``delta``) each chain's jump sums.
    unit_gamma : ndarray of bool, shape (chains,)
        Where ``gamma = 1`` instead of ``2.38 / sqrt(2 delta d)``.
    e : ndarray, shape (chains, d)
        The jump's random scaling, ``1 + e``.
    r1, r2 : ndarray of int, shape (chains, delta_max)
        The pairs of chains; chain ``i`` uses the first ``n_pairs[i]``.
    noise : ndarray, shape (chains, d)
        The Gaussian error ``epsilon``.
    keep : ndarray of bool, shape (chains, d)
        The coordinates that keep their current value (the crossover).

    Returns
    -------
    ndarray, shape (chains, d)
    """
    d = current.shape[1]
    gamma = np.where(unit_gamma, 1.0, 2.38 / np.sqrt(2 * n_pairs * d))
    used = np.arange(r1.shape[1]) < n_pairs[:, None]
    jump = np.einsum("ck,ckd->cd", used, current[r1] - current[r2])
    proposal = current + (1 + e) * gamma[:, None] * jump + noise
    return np.where(keep, current, proposal)


def categorical(p: FloatArray, u: FloatArray) -> IntArray:
    """Indices drawn with probabilities ``p``, by inverting the distribution
    function at the uniform draws ``u`` (indices of zero probability are
    never drawn)."""
    cdf = np.cumsum(p)
    m = np.searchsorted(cdf, u * cdf[-1], side="right")
    return np.minimum(m, len(p) - 1).astype(np.int64)


def crossover_update(
    delta: FloatArray,
    counts: FloatArray,
    m: IntArray,
    distance: FloatArray,
    p: FloatArray,
) -> tuple[FloatArray, FloatArray]:
    """Add each chain's normalised squared jump ``distance`` to ``delta`` at
    its crossover index ``m``, and return ``delta`` and the crossover
    probabilities ``p_m`` proportional to ``delta_m / counts_m`` (section
    3.2 of Vrugt et al. 2009); ``p`` is kept while no jump has been made."""
    delta = delta + np.bincount(m, weights=distance, minlength=len(delta))
    rate = np.divide(delta, counts, out=np.zeros_like(delta), where=counts > 0)
    total = rate.sum()
    return delta, (rate / total if total > 0 else p)
