"""Hamiltonian Monte Carlo with a fixed number of leapfrog steps."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

import numpy as np

from ._leapfrog import GaussianKinetic, Kinetic, LeapfrogMCMC


class HamiltonianMCMC(LeapfrogMCMC):
    r"""Hamiltonian Monte Carlo [1]_ (single chain, needs gradients).

    A particle at ``x`` with a random momentum ``p ~ N(0, I)`` moves for
    `leapfrog_steps()` leapfrog steps over the potential energy
    ``U(x) = -log pi(x)``; the end point is accepted with probability
    ``min(1, exp(H(x, p) - H(x', p')))``. Each leapfrog step costs one
    evaluation of the log-pdf and its gradient: `tell()` returns ``None``
    until the trajectory ends.

    Parameters
    ----------
    x0 : array_like, shape (n_parameters,)
        Starting point; its log-pdf and gradient must be finite.
    sigma0 : float or array_like, optional
        As for `SingleChainMCMC`; its diagonal is the default
        `leapfrog_step_size()` (as in PINTS).
    rng : int, numpy.random.Generator or None, optional
        Random generator or seed (keyword only).

    Notes
    -----
    The Hamiltonian is

    .. math:: H(x, p) = -\log \pi(x) + \tfrac12 \sum_i p_i^2,

    and each coordinate has its own step size
    :math:`\epsilon_i = \epsilon s_i` (`scaled_epsilon()`; Neal's
    eqs. 4.14-4.16), with :math:`s` the `leapfrog_step_size()`:

    .. math::
        p &\leftarrow p + \tfrac{\epsilon}{2} \nabla \log \pi(x), \\
        x &\leftarrow x + \epsilon p, \\
        p &\leftarrow p + \tfrac{\epsilon}{2} \nabla \log \pi(x)

    (eqs. 5.18-5.20). Per-coordinate step sizes amount to sampling
    :math:`x_i / s_i` with one step size, so :math:`s` should follow the
    target's standard deviations.

    As in PINTS: the first sample (``x0``) is reported as not accepted; an
    iteration whose Hamiltonian changes by more than
    `hamiltonian_threshold()` (either way) is rejected and recorded in
    `divergent_iterations()`; the log's ``Accept.`` column divides the
    number of accepted trajectories by their number plus one.

    References
    ----------
    .. [1] Neal (2011) MCMC using Hamiltonian dynamics. Chapter 5 of the
           Handbook of Markov Chain Monte Carlo (eds. Brooks, Gelman, Jones
           and Meng). Chapman and Hall/CRC.
    """

    _first_accepted: ClassVar[bool] = False

    @classmethod
    def name(cls) -> str:
        return "Hamiltonian Monte Carlo"

    def n_hyper_parameters(self) -> int:
        return 2

    def set_hyper_parameters(self, x: Sequence[float] | np.ndarray) -> None:
        """Set ``[leapfrog_steps, leapfrog_step_size]``."""
        self.set_leapfrog_steps(x[0])
        self.set_leapfrog_step_size(x[1])

    def _make_kinetic(self) -> Kinetic:
        return GaussianKinetic(np.ones(self._n_parameters))
