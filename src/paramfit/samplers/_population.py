"""Population MCMC: tempered chains that exchange positions, returning the
untempered one."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

import numpy as np

from .._checks import fits_in_memory, flag, hyper_sequence, integer, is_number, vector
from .._typing import ArrayLike, FloatArray, RngLike
from .._util import Capabilities, read_only
from ..log import Logger
from ._base import SingleChainMCMC
from ._haario_bardenet_ac import HaarioBardenetACMC


class PopulationMCMC(SingleChainMCMC):
    """Population MCMC with simulated tempering (Algorithm 1 in [1]_).

    The sampler runs one inner adaptive-covariance chain
    (`HaarioBardenetACMC`) per temperature ``T_i`` of its schedule, each
    with the tempered target ``pi(x)^(1 - T_i)``, and returns the chain of
    temperature 0, which samples ``pi`` itself. Each iteration moves one
    inner chain, so one point is evaluated at a time and the sampler counts
    as a single-chain method, as in PINTS.

    Parameters
    ----------
    x0 : array_like, shape (n_parameters,)
        Starting point of every inner chain; its log-pdf must be finite.
    sigma0 : float or array_like, optional
        Initial proposal covariance of the inner chains (see
        `SingleChainMCMC`).
    rng : int, numpy.random.Generator or None, optional
        Random generator or seed (keyword only), shared with the inner
        chains.

    Notes
    -----
    Each iteration picks two distinct inner chains ``i`` and ``j`` at random.

    1. Mutation: chain ``i`` makes one step of its own Markov kernel, which
       leaves ``pi_i = pi^(1 - T_i)`` invariant.
    2. Exchange: chains ``i`` and ``j`` swap positions with probability
       ``min(1, A)``, where (Algorithm 1 in [1]_)

       .. math::

          A = \\frac{\\pi_i(x_j) \\pi_j(x_i)}{\\pi_i(x_i) \\pi_j(x_j)},
          \\qquad \\log A = (T_j - T_i)(\\log \\pi(x_j) - \\log \\pi(x_i)).

    `tell()` reports a sample as accepted when chain 0 moved, by mutation or
    by exchange. The default schedule is ``T = 0, 0.95 / 9, ..., 0.95``.
    The inner chains have an initial phase (see `set_initial_phase`).

    References
    ----------
    .. [1] Jasra, Stephens and Holmes (2007) On population-based simulation
           for static inference. Statistics and Computing 17, 263-279.
           https://doi.org/10.1007/s11222-007-9028-9
    """

    capabilities: ClassVar[Capabilities] = Capabilities(supports_boundaries=False)

    def __init__(
        self, x0: ArrayLike, sigma0: ArrayLike | None = None, *, rng: RngLike = None
    ) -> None:
        super().__init__(x0, sigma0, rng=rng)
        self._method: type[SingleChainMCMC] = HaarioBardenetACMC
        self._chains: list[SingleChainMCMC] = []
        self._in_initial_phase = True
        self._schedule = np.zeros(2)
        self.set_temperature_schedule()
        self._i, self._j = 0, 1
        self._have_exchanged = False
        self._positions = np.empty((0, self._n_parameters))
        self._log_pdfs = np.empty(0)

    @classmethod
    def name(cls) -> str:
        return "Population MCMC"

    def _initialise(self) -> None:
        self._chains = [
            self._method(self._x0, self._sigma0, rng=self._rng) for _ in self._schedule
        ]
        self._set_inner_phase()
        self._i, self._j = 0, 1
        for chain in self._chains:
            chain.ask()  # x0, the first point of every inner chain

    def _started(self) -> None:
        fx = float(self._current_log_pdf)
        for chain, t in zip(self._chains, self._schedule, strict=True):
            chain.tell(fx * (1 - t))
        n = len(self._schedule)
        self._positions = np.tile(self._x0, (n, 1))
        self._log_pdfs = np.full(n, fx)  # untempered

    def _propose(self) -> FloatArray:
        i, j = self._rng.choice(len(self._chains), 2, replace=False)
        self._i, self._j = int(i), int(j)
        return self._chains[self._i].ask()

    def _step(self, x: FloatArray, fx: float) -> tuple[FloatArray, float, bool]:
        i, j, t = self._i, self._j, self._schedule
        # 1. Mutation of chain i, on its tempered target
        reply = self._chains[i].tell(fx * (1 - t[i]))
        assert reply is not None, "inner chains reply to every tell()"
        sample, _, accepted = reply
        if accepted:
            self._positions[i] = sample
            self._log_pdfs[i] = fx
        # 2. Exchange of chains i and j
        f_i, f_j = self._log_pdfs[i], self._log_pdfs[j]
        self._have_exchanged = exchange_accepted(
            f_i, f_j, t[i], t[j], 1 - float(self._rng.random())
        )
        if self._have_exchanged:
            x_i, x_j = self._positions[i].copy(), self._positions[j].copy()
            self._positions[i], self._positions[j] = x_j, x_i
            self._log_pdfs[i], self._log_pdfs[j] = f_j, f_i
            self._chains[i].replace(x_j, (1 - t[i]) * f_j)
            self._chains[j].replace(x_i, (1 - t[j]) * f_i)
        changed = (bool(accepted) and i == 0) or (self._have_exchanged and 0 in (i, j))
        self._current = read_only(self._positions[0].copy())
        self._current_log_pdf = float(self._log_pdfs[0])
        return self._current, self._current_log_pdf, changed

    def replace(
        self,
        current: ArrayLike,
        current_log_pdf: float,
        proposed: ArrayLike | None = None,
    ) -> None:
        """Not supported: the sampler's state is a population of chains.

        Raises
        ------
        NotImplementedError
            Always (as in PINTS).
        """
        raise NotImplementedError("PopulationMCMC does not support replace().")

    # -- initial phase ---------------------------------------------------------
    def needs_initial_phase(self) -> bool:
        return True

    def in_initial_phase(self) -> bool:
        return self._in_initial_phase

    def set_initial_phase(self, in_initial_phase: bool) -> None:
        """Switch the inner chains' initial (non-adaptive) phase on or off."""
        self._in_initial_phase = flag(in_initial_phase, "in_initial_phase")
        self._set_inner_phase()

    def _set_inner_phase(self) -> None:
        for chain in self._chains:
            if chain.needs_initial_phase():
                chain.set_initial_phase(self._in_initial_phase)

    # -- temperatures ----------------------------------------------------------
    def temperature_schedule(self) -> FloatArray:
        """The temperatures ``T_i``, one per inner chain; chain ``i`` samples
        ``pi^(1 - T_i)``."""
        return self._schedule

    def set_temperature_schedule(self, schedule: int | ArrayLike = 10) -> None:
        """Set the temperatures: a number of temperatures (at least 2),
        spaced evenly from 0 to 0.95, or the temperatures themselves (at
        least 2, in ``[0, 1]``, the first 0).

        Raises
        ------
        RuntimeError
            Once sampling has started.
        ValueError
            For a schedule of fewer than 2 temperatures, one not starting at
            0, or temperatures outside ``[0, 1]``.
        """
        if self._running:
            raise RuntimeError("Temperature schedule cannot be changed during run.")
        if is_number(schedule):
            count = integer(schedule, "schedule")
            if count < 2:
                raise ValueError(
                    f"A schedule must contain at least two temperatures; got {count}."
                )
            fits_in_memory(count, "schedule", schedule, "that many temperatures")
            self._schedule = read_only(np.linspace(0, 0.95, count))
            return
        temperatures = vector(schedule, "schedule")
        if len(temperatures) < 2:
            raise ValueError(
                "A schedule must contain at least two temperatures; got "
                f"{temperatures.tolist()}."
            )
        if temperatures[0] != 0:
            raise ValueError(
                "First element of temperature schedule must be 0; got "
                f"{temperatures[0]}."
            )
        if np.any(temperatures < 0):
            raise ValueError("Temperatures must be non-negative.")
        if np.any(temperatures > 1):
            raise ValueError("Temperatures cannot exceed 1.")
        self._schedule = temperatures

    def n_hyper_parameters(self) -> int:
        return 1

    def set_hyper_parameters(self, x: Sequence[float] | FloatArray) -> None:
        """Set ``[n_temperatures]``, passed to `set_temperature_schedule`
        (an explicit schedule cannot be set this way)."""
        v = hyper_sequence(x, 1)
        if not is_number(v[0]) or not np.isfinite(v[0]):
            raise ValueError(
                "First hyper-parameter must be (convertible to) an integer"
                " (setting an explicit schedule is not supported through the"
                " hyper-parameter interface)."
            )
        self.set_temperature_schedule(int(v[0]))

    # -- logging ---------------------------------------------------------------
    def _log_init(self, logger: Logger) -> None:
        n = len(self._schedule)
        logger.add_counter("i", max_value=n)
        logger.add_counter("j", max_value=n)
        logger.add_string("Ex.", width=3)

    def _log_write(self, logger: Logger) -> None:
        logger.log(self._i)
        logger.log(self._j)
        logger.log("yes" if self._have_exchanged else "no")


def exchange_accepted(f_i: float, f_j: float, t_i: float, t_j: float, u: float) -> bool:
    """Accept the exchange of chains ``i`` and ``j`` (untempered log-pdfs
    ``f_i``, ``f_j``, temperatures ``t_i``, ``t_j``) when ``log u < log A``,
    with ``u`` in ``(0, 1]`` and ``log A = (1 - t_i) f_j + (1 - t_j) f_i -
    (1 - t_i) f_i - (1 - t_j) f_j`` (Algorithm 1 in Jasra et al. 2007);
    never when ``log A`` is NaN."""
    log_a = (1 - t_i) * f_j + (1 - t_j) * f_i - (1 - t_i) * f_i - (1 - t_j) * f_j
    return bool(np.log(u) < log_a)  # False for NaN
