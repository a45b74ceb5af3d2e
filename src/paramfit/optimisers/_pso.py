"""Particle swarm optimisation (PSO)."""

from __future__ import annotations

from typing import ClassVar, SupportsFloat

import numpy as np

from .._checks import hyper_parameters, real, whole
from .._typing import FloatArray
from ..log._logger import Logger
from ._base import HyperParameters, Points
from ._population import PopulationBasedOptimiser


def pso_velocities(
    xs: FloatArray,
    vs: FloatArray,
    local_best: FloatArray,
    global_best: FloatArray,
    al: FloatArray,
    ag: FloatArray,
) -> FloatArray:
    """New velocities of a swarm, given its random acceleration factors.

    Parameters
    ----------
    xs, vs : array, shape (λ, n)
        Positions and velocities of the particles.
    local_best : array, shape (λ, n)
        Best position each particle has visited.
    global_best : array, shape (n,)
        Best position the swarm has visited.
    al, ag : array, shape (λ, n)
        Local and global acceleration factors, drawn uniformly from
        ``[0, al_max)`` and ``[0, ag_max)``.

    Returns
    -------
    array, shape (λ, n)

    Notes
    -----
    The update of [1]_ without inertia weight,

    $$
    v_i \\leftarrow v_i + a_l \\odot (p_i - x_i) + a_g \\odot (p_g - x_i),
    $$

    where $p_i$ is particle $i$'s best position and $p_g$
    the swarm's.

    References
    ----------
    .. [1] Kennedy and Eberhart (1995) "Particle swarm optimization". IEEE
       International Conference on Neural Networks, 1942-1948.
       https://doi.org/10.1109/ICNN.1995.488968
    """
    return vs + (al * (local_best - xs) + ag * (global_best - xs))


class PSO(PopulationBasedOptimiser):
    """Global optimisation by a particle swarm [1]_ [2]_.

    Each particle moves with a velocity that is pulled, with random strength,
    towards the best position it has visited itself (local exploration) and
    towards the best position the whole swarm has visited (global
    exploitation). The balance between the two is set with
    `set_local_global_balance()`.

    Parameters
    ----------
    x0 : array_like, shape (n_parameters,)
        Starting point: the first particle's position.
    sigma0 : float or array_like, shape (n_parameters,), optional
        Spread of the other particles' initial positions (normal around
        ``x0``), and scale of the initial velocities.
    boundaries : Boundaries, optional
        Particles outside are not returned by ``ask()`` and score ``+inf``;
        a particle about to leave has its velocity halved. Initial positions
        are drawn uniformly inside rectangular boundaries (or from the
        boundaries' ``sample()`` if they have one). If the whole swarm is
        outside, it is pulled halfway towards its best position, velocities
        halved (see `Optimiser`).
    rng : int, numpy.random.Generator or None, optional
        Random generator or seed.

    Notes
    -----
    With $r$ the local/global balance, every generation draws
    $a_l \\sim U(0, 4.1 r)$ and $a_g \\sim U(0, 4.1 (1 - r))$
    per particle and parameter, and updates

    $$
    v_i \\leftarrow v_i + a_l \\odot (p_i - x_i) + a_g \\odot (p_g - x_i),
    \\qquad x_i \\leftarrow x_i + v_i,
    $$

    all particles at once, with the swarm's best $p_g$ from before the
    generation (see `pso_velocities()`). Until a particle has seen a
    finite score, its own best is its current position (no local pull);
    until the swarm has, $p_g$ is the first particle's position.
    Initial velocities are ``0.1 sigma0 U(0, 1)``.

    The total acceleration 4.1 is that of [2]_, but, as in PINTS 0.6, without
    its constriction factor (about 0.73) or an inertia weight: velocities
    are not damped, so without boundaries the swarm tends to fly apart after
    its first finds. With boundaries, halving the velocity of particles about
    to leave keeps it together. Unlike PINTS 0.6, a balance set before the
    run is honoured (PINTS resets it to 0.5 at the first ``ask()``).

    References
    ----------
    .. [1] Kennedy and Eberhart (1995) "Particle swarm optimization". IEEE
       International Conference on Neural Networks, 1942-1948.
       https://doi.org/10.1109/ICNN.1995.488968
    .. [2] Clerc and Kennedy (2002) "The particle swarm - explosion,
       stability, and convergence in a multidimensional complex space". IEEE
       Transactions on Evolutionary Computation 6(1), 58-73.
       https://doi.org/10.1109/4235.985692
    """

    _label = "PSO"
    _all_outside_message = "All PSO particles are outside the boundaries."
    # The swarm moves only in tell(): asking again proposes the same points.
    _redraws: ClassVar[int] = 0

    def _set_defaults(self) -> None:
        super()._set_defaults()
        self.set_local_global_balance()

    def set_local_global_balance(self, r: SupportsFloat = 0.5) -> None:
        """Set the balance between local (``r = 1``) and global (``r = 0``)
        exploration; the default is 0.5.

        Raises ``RuntimeError`` once the optimiser is running.
        """
        if self.running():
            raise RuntimeError("Cannot change settings during run.")
        r = real(
            r, "r", lower=0, upper=1, message="Parameter r must be in the range 0-1."
        )
        self._almax = 4.1 * r
        self._agmax = 4.1 - self._almax

    def n_hyper_parameters(self) -> int:
        return 2

    def set_hyper_parameters(self, x: HyperParameters) -> None:
        """Set the population size from ``x[0]`` and the local/global
        balance from ``x[1]``."""
        v = hyper_parameters(x, 2)
        self.set_population_size(whole(v[0]))
        self.set_local_global_balance(v[1])

    def _initialise(self) -> None:
        n, d = self._population_size, self._n_parameters
        assert n is not None
        self._xs = np.vstack([self._x0, self._initial_positions(n - 1)])
        self._vs = 0.1 * self._sigma0 * self._rng.uniform(0, 1, (n, d))
        self._fl = np.full(n, np.inf)
        self._pl = self._xs.copy()

    def _initial_positions(self, k: int) -> FloatArray:
        box = self._box()
        if box is not None:
            return self._rng.uniform(*box, (k, self._n_parameters))
        sample = getattr(self._boundaries, "sample", None)  # duck-typed may lack it
        if sample is not None:
            try:
                return np.asarray(sample(k), dtype=float).reshape(k, -1)
            except NotImplementedError:
                pass
        return self._rng.normal(self._x0, self._sigma0, (k, self._n_parameters))

    def _ask(self) -> FloatArray:
        return self._xs

    def _present(self, xs: FloatArray) -> Points:
        return np.array(xs, copy=True)

    def _tell(self, fs: FloatArray) -> None:
        xs = self._xs
        improved = fs < self._fl
        self._fl[improved] = fs[improved]
        self._pl[improved] = xs[improved]
        # Without a finite score yet, a particle's best follows the particle.
        unset = self._fl == np.inf
        self._pl[unset] = xs[unset]
        global_best = self._x_best if self._f_best < np.inf else xs[0]
        al = self._rng.uniform(0, self._almax, xs.shape)
        ag = self._rng.uniform(0, self._agmax, xs.shape)
        vs = pso_velocities(xs, self._vs, self._pl, global_best, al, ag)
        if self._boundaries is not None:
            vs[~self._feasible(xs + vs)] *= 0.5
        self._vs = vs
        self._xs = xs + vs  # a new array: the points asked stay as they were

    def _contract(self, centre: FloatArray, factor: float) -> None:
        self._xs = centre + factor * (self._xs - centre)
        self._vs = factor * self._vs

    def _log_init(self, logger: Logger) -> None:
        """Add a file-only column per particle with its best score."""
        for i in range(self._n_particles()):
            logger.add_float("f" + str(i), file_only=True)

    def _log_write(self, logger: Logger) -> None:
        """Log every particle's best score so far."""
        fl = self._fl if self.running() else np.full(self._n_particles(), np.inf)
        logger.log(*fl.tolist())

    def _n_particles(self) -> int:
        return self._population_size or self._suggested_population_size()

    @classmethod
    def name(cls) -> str:
        return "Particle Swarm Optimisation (PSO)"
