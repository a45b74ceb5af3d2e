"""Hodgkin and Huxley's potassium current under a voltage-step protocol."""

from __future__ import annotations

import numpy as np

from .._typing import ArrayLike, FloatArray
from ..problems import ForwardModel
from ..problems._problems import Point
from ._toy_classes import ToyModel

#: Step potentials (mV) of the protocol, after Hodgkin and Huxley (1952).
_STEPS = (-69.0, -64.0, -56.0, -49.0, -43.0, -37.0, -24.0, -12.0, 1.0, 13.0, 25.0, 34.0)
_V_HOLD = -75.0  # holding potential, mV
_T_HOLD, _T_STEP = 90, 10  # ms at the holding and at the step potential
_E_K = -88.0  # potassium reversal potential, mV
_G_MAX = 36.0  # maximum conductance, mS/cm^2


class HodgkinHuxleyIKModel(ForwardModel, ToyModel):
    r"""The potassium current ($I_K$) of Hodgkin and Huxley's squid
    giant axon model [1]_, under a voltage-step protocol.

    $$
    \alpha &= p_1 \frac{-V - 75 + p_2}{\exp[(-V - 75 + p_2) / p_3] - 1}
    \\
    \beta &= p_4 \exp[(-V - 75) / p_5] \\
    \frac{dn}{dt} &= \alpha (1 - n) - \beta n \\
    I_K &= g_{max} \, n^4 \, (V - E_K)
    $$

    with $E_K = -88$ mV and $g_{max} = 36$ mS/cm² fixed, and
    five parameters $p_1, \dots, p_5$.

    The protocol holds $V$ at -75 mV for 90 ms, then at a step
    potential for 10 ms, for each of the steps -69, -64, -56, -49, -43, -37,
    -24, -12, 1, 13, 25 and 34 mV in turn: 1200 ms in all (see
    `suggested_duration()`), after which $V$ stays at -75 mV.

    Parameters
    ----------
    initial_condition : float, optional
        The value of $n$ at $t = 0$, strictly between 0 and 1.

    Raises
    ------
    ValueError
        If ``initial_condition`` is not in ``(0, 1)``.

    Notes
    -----
    $V$ is constant on each interval of the protocol, so $n$
    relaxes exponentially there:
    $n(t) = n_\infty - (n_\infty - n(t_0)) e^{-(t - t_0)/\tau}$ with
    $\tau = 1 / (\alpha + \beta)$ and $n_\infty = \alpha \tau$.
    Simulation is therefore exact (no ODE solver).

    References
    ----------
    .. [1] Hodgkin, Huxley (1952) A quantitative description of membrane
           current and its application to conduction and excitation in
           nerve. Journal of Physiology.
           https://doi.org/10.1113/jphysiol.1952.sp004764
    """

    def __init__(self, initial_condition: float = 0.3) -> None:
        super().__init__()
        self._n0 = float(initial_condition)
        if not 0 < self._n0 < 1:
            raise ValueError("Initial condition must be > 0 and < 1.")
        period = _T_HOLD + _T_STEP
        k = np.arange(len(_STEPS))
        # Start of every interval of constant voltage, and its voltage; the
        # last one (holding, from the end of the protocol) never ends.
        self._starts = np.concatenate(
            [[0.0], np.ravel([k * period + _T_HOLD, (k + 1) * period], "F")]
        )
        self._voltages = np.concatenate(
            [[_V_HOLD], np.ravel([_STEPS, np.full(len(_STEPS), _V_HOLD)], "F")]
        )

    def n_parameters(self) -> int:
        """Return 5."""
        return 5

    def simulate(self, parameters: Point, times: ArrayLike) -> FloatArray:
        """Return the current $I_K$ at ``times`` (ms).

        Parameters
        ----------
        parameters : array_like, shape (5,)
            ``p1`` to ``p5``.
        times : array_like, shape (n_times,)
            Non-negative times, in ms.

        Returns
        -------
        ndarray, shape (n_times,)
        """
        p = np.asarray(parameters, dtype=float).reshape(-1)
        t = np.asarray(times, dtype=float).reshape(-1)
        if np.any(t < 0):
            raise ValueError("All times must be positive.")
        n_inf, tau = self._steady_state(p, self._voltages)
        # n at the start of each interval, then relaxation within it.
        n_start = np.empty(len(self._starts))
        n_start[0] = self._n0
        durations = np.diff(self._starts)
        for i, d in enumerate(durations):
            n_start[i + 1] = n_inf[i] - (n_inf[i] - n_start[i]) * np.exp(-d / tau[i])
        j = np.searchsorted(self._starts, t, side="right") - 1
        n = n_inf[j] - (n_inf[j] - n_start[j]) * np.exp(-(t - self._starts[j]) / tau[j])
        return _G_MAX * n**4 * (self._voltages[j] - _E_K)

    @staticmethod
    def _steady_state(p: FloatArray, v: FloatArray) -> tuple[FloatArray, FloatArray]:
        p1, p2, p3, p4, p5 = p
        x = -(v + 75) + p2
        small = np.abs(x) < 1e-9 * abs(p3)
        # x / (exp(x / p3) - 1) tends to p3 as x -> 0.
        safe = np.where(small, 1.0, x)
        ratio = np.where(small, p3, safe / np.expm1(safe / p3))
        alpha = p1 * ratio
        beta = p4 * np.exp((-v - 75) / p5)
        tau = 1 / (alpha + beta)
        return alpha * tau, tau

    def fold(
        self, times: ArrayLike, values: ArrayLike
    ) -> list[tuple[FloatArray, FloatArray]]:
        """Split a simulated trace into one piece per voltage step.

        Parameters
        ----------
        times : array_like, shape (n_times,)
            Times, as passed to `simulate()`.
        values : array_like, shape (n_times,)
            The simulated (or measured) currents.

        Returns
        -------
        list of (ndarray, ndarray)
            For each step, the times relative to its start and the values
            during the step, ready to be plotted over each other (the usual
            way of showing such experiments).
        """
        t = np.mod(np.asarray(times, dtype=float), _T_HOLD + _T_STEP)
        v = np.asarray(values)
        keep = t >= _T_HOLD
        t, v = t[keep] - _T_HOLD, v[keep]
        splits = 1 + np.flatnonzero(t[1:] < t[:-1])
        return list(zip(np.split(t, splits), np.split(v, splits), strict=True))

    def suggested_duration(self) -> int:
        """Return the duration of the protocol: 1200 (ms)."""
        return len(_STEPS) * (_T_HOLD + _T_STEP)

    def suggested_parameters(self) -> FloatArray:
        """Return Hodgkin and Huxley's values ``[0.01, 10, 10, 0.125, 80]``."""
        return np.array([0.01, 10.0, 10.0, 0.125, 80.0])

    def suggested_times(self) -> FloatArray:
        """Return the protocol sampled at 4 kHz: ``0, 0.25, ..., 1199.75``."""
        return np.arange(self.suggested_duration() * 4) / 4
