"""Markov jump processes, simulated with Gillespie's algorithm."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from ..._typing import ArrayLike, FloatArray, IntArray, RngLike
from ..._util import as_generator
from ...problems import ForwardModel
from ...problems._problems import Point
from .._toy_classes import ToyModel

#: The propensity of every reaction, given the counts and the rate constants.
Propensities = Callable[[FloatArray, Point], Sequence[float]]


class MarkovJumpModel(ForwardModel, ToyModel):
    r"""A system of chemical reactions (or any Markov jump process),
    simulated exactly with Gillespie's stochastic simulation algorithm
    [1]_, [2]_.

    $N$ species with counts $x$ take part in $M$
    reactions; reaction $j$ happens at rate $a_j(x, k)$ (its
    propensity, given the rate constants $k$) and changes the counts
    by $V_j$. From the current state:

    1. draw the time to the next reaction,
       $\tau \sim \mathrm{Exp}(a_0)$ with $a_0 = \sum_j a_j$;
    2. choose reaction $j$ with probability $a_j / a_0$;
    3. set $t \leftarrow t + \tau$ and $x \leftarrow x + V_j$;

    until no reaction can happen ($a_0 = 0$) or the last requested
    time is passed. `simulate()` reports the counts at the requested
    times (the state is constant between reactions).

    Parameters
    ----------
    x0 : array_like, shape (N,)
        Initial counts, all at least 0.
    V : array_like, shape (M, N)
        Row ``j`` is the change of the counts made by reaction ``j``.
    propensities : callable
        ``propensities(x, k)`` returns the ``M`` reaction rates for counts
        ``x`` (an integer array) and rate constants ``k`` (the parameters).
    rng : int, numpy.random.Generator or None, optional
        The source of randomness (keyword only); ``None`` draws a seed from
        NumPy's global generator, so ``np.random.seed`` makes runs
        repeatable.

    Raises
    ------
    ValueError
        If an initial count is negative.

    Notes
    -----
    The model has one parameter per reaction (override
    `n_parameters()` otherwise) and one output per species.

    References
    ----------
    .. [1] Gillespie (1976) A general method for numerically simulating the
           stochastic time evolution of coupled chemical reactions. Journal
           of Computational Physics.
           https://doi.org/10.1016/0021-9991(76)90041-3
    .. [2] Erban, Chapman, Maini (2007) A practical guide to stochastic
           simulations of reaction-diffusion processes.
           https://arxiv.org/abs/0704.1908
    """

    def __init__(
        self,
        x0: ArrayLike,
        V: ArrayLike,
        propensities: Propensities,
        *,
        rng: RngLike = None,
    ) -> None:
        super().__init__()
        self._x0 = np.asarray(x0)
        if np.any(self._x0 < 0):
            raise ValueError("Initial molecule count cannot be negative.")
        self._V = np.atleast_2d(np.asarray(V))
        self._propensities = propensities
        self._rng = as_generator(rng)

    def n_parameters(self) -> int:
        """Return the number of reactions (one rate constant each)."""
        return len(self._V)

    def n_outputs(self) -> int:
        """Return the number of species."""
        return int(self._x0.size)

    def simulate_raw(
        self, rates: Point, max_time: float
    ) -> tuple[FloatArray, IntArray | FloatArray]:
        """Run Gillespie's algorithm until no reaction can happen or
        ``max_time`` is passed.

        Parameters
        ----------
        rates : array_like, shape (n_parameters,)
            The rate constants.
        max_time : float
            Simulation stops at the first reaction after this time.

        Returns
        -------
        times : ndarray, shape (n_events + 1,)
            0, then the time of every reaction.
        counts : ndarray, shape (n_events + 1, N)
            The counts at those times.
        """
        if len(rates) != self.n_parameters():
            raise ValueError(
                f"This model should have {self.n_parameters()} parameter(s)."
            )
        rows = list(self._V)
        last = len(rows) - 1
        propensities = self._propensities
        x = np.array(self._x0)
        t = 0.0
        times, events = [t], []
        waits, choices = self._random_block()
        i = 0
        # Python floats and lists: a few reactions per step, so this is much
        # faster than NumPy calls on tiny arrays.
        a = [float(v) for v in propensities(x, rates)]
        total = sum(a)
        while total > 0 and t <= max_time:
            if i == len(waits):
                waits, choices = self._random_block()
                i = 0
            t += waits[i] / total
            target = choices[i] * total
            i += 1
            j, s = 0, a[0]
            while s <= target and j < last:  # first j with a_0+...+a_j > target
                j += 1
                s += a[j]
            x += rows[j]
            times.append(t)
            events.append(j)
            a = [float(v) for v in propensities(x, rates)]
            total = sum(a)
        steps = self._V[np.array(events, dtype=np.intp)]  # (n_events, N)
        x0 = self._x0.reshape(1, -1)
        counts = np.vstack([x0, x0 + np.cumsum(steps, axis=0)])
        return np.array(times), counts

    def _random_block(self, size: int = 256) -> tuple[list[float], list[float]]:
        # Drawn in blocks: one generator call per block, not two per reaction.
        return (
            self._rng.standard_exponential(size).tolist(),
            self._rng.random(size).tolist(),
        )

    def interpolate_mol_counts(
        self, time: ArrayLike, mol_count: ArrayLike, output_times: ArrayLike
    ) -> FloatArray:
        """Return the counts at ``output_times``, from the output of
        `simulate_raw()` (a step function: each count holds until the
        next reaction).

        Parameters
        ----------
        time : array_like, shape (n_events,)
            Increasing reaction times.
        mol_count : array_like, shape (n_events, N)
            The counts from each of those times on.
        output_times : array_like, shape (n_times,)
            Non-decreasing times to report.

        Returns
        -------
        ndarray, shape (n_times, N)
        """
        time = np.asarray(time, dtype=float)
        mol_count = np.asarray(mol_count)
        if len(time) == 0:
            raise ValueError("At least one time must be given.")
        if len(time) != len(mol_count):
            raise ValueError("The number of entries in time must match mol_count")
        output_times = np.asarray(output_times, dtype=float)
        if np.any(output_times[1:] < output_times[:-1]):
            raise ValueError("The output_times must be non-decreasing.")
        index = np.searchsorted(time, output_times, side="right") - 1
        return np.asarray(mol_count[np.maximum(index, 0)], dtype=float)

    def simulate(self, parameters: Point, times: ArrayLike) -> FloatArray:
        """Run one stochastic simulation and return the counts at ``times``.

        Parameters
        ----------
        parameters : array_like, shape (n_parameters,)
            The rate constants.
        times : array_like, shape (n_times,)
            Non-negative, non-decreasing times.

        Returns
        -------
        ndarray, shape (n_times, N)
            Counts of each species (as floats), one row per time.
        """
        times = np.asarray(times, dtype=float)
        if np.any(times < 0):
            raise ValueError("Negative times are not allowed.")
        time, counts = self.simulate_raw(parameters, float(np.max(times)))
        return self.interpolate_mol_counts(time, counts, times)
