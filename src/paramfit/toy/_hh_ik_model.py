"""Hodgkin and Huxley's potassium current under a voltage-step protocol."""

from __future__ import annotations

import math

import numpy as np

from .._typing import ArrayLike, FloatArray
from ..models import Protocol, where
from ..models._symbolic import Named
from ..problems import ForwardModel
from ..problems._problems import Point
from ._toy_classes import ToyODEModel

#: Step potentials (mV) of the protocol, after Hodgkin and Huxley (1952).
_STEPS = (-69.0, -64.0, -56.0, -49.0, -43.0, -37.0, -24.0, -12.0, 1.0, 13.0, 25.0, 34.0)
_V_HOLD = -75.0  # holding potential, mV
_T_HOLD, _T_STEP = 90, 10  # ms at the holding and at the step potential
_E_K = -88.0  # potassium reversal potential, mV
_G_MAX = 36.0  # maximum conductance, mS/cm^2


class HodgkinHuxleyIKModel(ToyODEModel, ForwardModel):
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
    Solved by `paramfit.models` with the protocol as an input (the
    integration restarts at every step of the voltage). Where
    $-V - 75 + p_2 = 0$, $\alpha$ takes its limit $p_1 p_3$.

    References
    ----------
    .. [1] Hodgkin, Huxley (1952) A quantitative description of membrane
           current and its application to conduction and excitation in
           nerve. Journal of Physiology.
           https://doi.org/10.1113/jphysiol.1952.sp004764
    """

    def __init__(self, initial_condition: float = 0.3) -> None:
        super().__init__()
        n0 = float(initial_condition)
        if not 0 < n0 < 1:
            raise ValueError("Initial condition must be > 0 and < 1.")
        protocol = Protocol(holding=_V_HOLD)
        for v in _STEPS:
            protocol.step(_V_HOLD, _T_HOLD).step(v, _T_STEP)
        self._define(
            _rhs,
            ["n"],
            ["p1", "p2", "p3", "p4", "p5"],
            [n0],
            outputs=["I_K"],
            observe=_current,
            inputs={"V": protocol},
        )

    def simulate(self, parameters: Point, times: ArrayLike) -> FloatArray:
        """Return the current $I_K$ at ``times`` (ms), shape
        ``(n_times,)``.

        Raises
        ------
        ValueError
            If a time is negative.
        """
        t = np.asarray(times, dtype=float)
        if np.any(t < 0):
            raise ValueError("All times must be positive.")
        return super().simulate(parameters, t)

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


def _rhs(t: float, y: Named, p: Named, u: Named) -> list[object]:
    p1, p2, p3, p4, p5 = p
    x = -(u.V + 75) + p2
    # x / (exp(x / p3) - 1) tends to p3 as x -> 0.
    alpha = p1 * where(abs(x) < 1e-9 * abs(p3), p3, x / math.expm1(x / p3))
    beta = p4 * math.exp((-u.V - 75) / p5)
    return [alpha * (1 - y.n) - beta * y.n]


def _current(t: float, y: Named, p: Named, u: Named) -> list[object]:
    return [_G_MAX * y.n**4 * (u.V - _E_K)]
