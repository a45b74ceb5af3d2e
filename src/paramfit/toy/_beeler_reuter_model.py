"""The Beeler-Reuter (1977) model of the ventricular action potential."""

from __future__ import annotations

import functools
import math

import numpy as np

from .._typing import ArrayLike, FloatArray
from ..problems import ForwardModel
from ..problems._problems import Point
from ._toy_classes import ToyODEModel

_C_M = 1.0  # membrane capacitance, uF/cm^2
_E_NA = 50.0  # sodium reversal potential, mV
_STIM_AMPLITUDE = 25.0  # uA/cm^2
_STIM_PERIOD = 1000.0  # ms
_STIM_LENGTH = 2.0  # ms
#: Initial values of the six gating variables m, h, j, d, f, x1.
_GATES_0 = (0.01, 0.99, 0.98, 0.003, 0.99, 0.0004)


def _rates(a: float, b: float, c: float, d: float, e: float, v: float) -> float:
    """Beeler and Reuter's rate function ``a exp(b (v + c)) / (exp(d (v + c)) + e)``."""
    return a * math.exp(b * (v + c)) / (math.exp(d * (v + c)) + e)


class ActionPotentialModel(ToyODEModel, ForwardModel):
    r"""The Beeler-Reuter model of the mammalian ventricular action
    potential [1]_.

    Eight states: the membrane potential $V$, the intracellular
    calcium concentration $[Ca]_i$ and six gating variables
    ($m, h, j, d, f, x_1$), driven by a 2 ms stimulus of
    25 µA/cm² every 1000 ms starting at $t = 0$. Five ionic currents
    ($I_{Na}$, its background part, $I_{Ca}$, $I_{K1}$,
    $I_{x1}$) each have a maximum conductance; the five parameters are
    the **natural logarithms** of these conductances
    $(\bar{g}_{Na}, g_{NaC}, \bar{g}_{Ca}, \bar{g}_{K1}, \bar{g}_{x1})$,
    which makes them easier to infer. All other constants are those of [1]_.

    The outputs are $V$ (mV) and $[Ca]_i$ (mol/L), the two
    states with a measurable counterpart, which makes this a hard
    inference problem.

    Parameters
    ----------
    y0 : array_like, shape (2,), optional
        Initial $V$ and $[Ca]_i$ (at least 0); default
        ``[-84.622, 2e-7]``. The gates start at
        ``(0.01, 0.99, 0.98, 0.003, 0.99, 0.0004)``.

    Raises
    ------
    ValueError
        If the initial calcium concentration is negative.

    Notes
    -----
    The stimulus switches on and off abruptly, so the equations are
    integrated piece by piece between switches: no solver step straddles a
    discontinuity. The default tolerances (relative ``1e-7``, absolute
    ``1e-7`` for $V$ and the gates, ``1e-14`` for the calcium
    concentration, which is of order ``1e-7``) are tighter than PINTS's.

    References
    ----------
    .. [1] Beeler, Reuter (1977) Reconstruction of the action potential of
           ventricular myocardial fibres. Journal of Physiology.
           https://doi.org/10.1113/jphysiol.1977.sp011853
    """

    def __init__(self, y0: Point | None = None) -> None:
        super().__init__()
        self._y0 = np.concatenate([[-84.622, 2e-7], _GATES_0])
        self.set_initial_conditions([-84.622, 2e-7] if y0 is None else y0)
        self.set_solver_tolerances()

    def n_parameters(self) -> int:
        """Return 5: the log maximum conductances."""
        return 5

    def n_outputs(self) -> int:
        """Return 2: ``V`` and ``[Ca]_i``."""
        return 2

    def n_states(self) -> int:
        """Return 8."""
        return 8

    def initial_conditions(self) -> FloatArray:
        """Return the initial ``[V, Ca_i]``."""
        return np.array(self._y0[:2], copy=True)

    def set_initial_conditions(self, y0: Point) -> None:
        """Set the initial ``[V, Ca_i]`` (calcium at least 0)."""
        v, cai = (float(x) for x in y0)
        if cai < 0:
            raise ValueError("Initial condition of ``cai`` cannot be negative.")
        self._y0 = np.concatenate([[v, cai], self._y0[2:]])

    def set_solver_tolerances(
        self, rtol: float = 1e-7, atol: float | Point | None = None
    ) -> None:
        """Set the ODE solver's tolerances.

        Parameters
        ----------
        rtol : float, optional
            Relative tolerance.
        atol : float or array_like, shape (8,), optional
            Absolute tolerance, for all states or for each one; by default
            ``1e-7``, except ``1e-14`` for the calcium concentration.
        """
        if atol is None:
            atol = np.full(8, 1e-7)
            atol[1] = 1e-14
        super().set_solver_tolerances(rtol, atol)

    def simulate(self, parameters: Point, times: ArrayLike) -> FloatArray:
        """Return ``V`` and ``[Ca]_i`` at ``times``, shape ``(n_times, 2)``.

        Parameters
        ----------
        parameters : array_like, shape (5,)
            Natural logarithms of the five maximum conductances.
        times : array_like, shape (n_times,)
            Non-negative, increasing times, in ms.
        """
        return self.simulate_all_states(parameters, times)[:, :2]

    def simulate_all_states(self, parameters: Point, times: ArrayLike) -> FloatArray:
        """Return all eight states at ``times``, shape ``(n_times, 8)``, in
        the order ``V, Ca_i, m, h, j, d, f, x1``."""
        p, t, offset = self._prepare(parameters, times)
        g = tuple(np.exp(p).tolist())
        # Switch times of the stimulus within the simulated interval.
        n_periods = int(t[-1] // _STIM_PERIOD) + 1
        starts = _STIM_PERIOD * np.arange(n_periods)
        switches = np.ravel([starts, starts + _STIM_LENGTH], "F")
        switches = switches[switches < t[-1]]
        grid = np.union1d(t, np.append(switches, t[-1]))
        out = np.empty((len(grid), 8))
        out[0] = self._y0
        edges = np.searchsorted(grid, np.append(switches, t[-1]))
        for k in range(len(edges) - 1):
            i, j = edges[k], edges[k + 1]
            stimulus = _STIM_AMPLITUDE if k % 2 == 0 else 0.0
            out[i : j + 1] = self._solve(
                functools.partial(self._rhs, g=g, stimulus=stimulus),
                out[i],
                grid[i : j + 1],
            )
        return out[np.searchsorted(grid, t[offset:])]

    def _rhs(self, y: Point, t: float, g: Point, stimulus: float = 0.0) -> ArrayLike:
        try:
            return _beeler_reuter(y, g, stimulus)
        except (OverflowError, ValueError):
            return np.full(8, np.nan)  # odeint then stops; outputs become NaN

    def suggested_parameters(self) -> FloatArray:
        """Return the logarithms of ``[4, 0.003, 0.09, 0.35, 0.8]`` (mS/cm²),
        the conductances of [1]_."""
        return np.log([4.0, 0.003, 0.09, 0.35, 0.8])

    def suggested_times(self) -> FloatArray:
        """Return ``0, 0.5, ..., 399.5`` (ms)."""
        return np.arange(0, 400, 0.5)


def _beta_x1(v: float) -> float:
    # The shift of 333 mV in the denominator (which makes it ~1 at all
    # physiological potentials) is that of PINTS's implementation, kept so
    # that both give the same action potential.
    return 0.0013 * math.exp(-0.06 * (v + 20)) / (math.exp(-0.04 * (v + 333)) + 1)


def _beeler_reuter(y: Point, g: Point, stimulus: float) -> list[float]:
    """Right-hand side of the Beeler-Reuter equations (scalar maths: the
    state is small and this is called thousands of times per simulation)."""
    v, cai, m, h, j, d, f, x1 = (float(s) for s in y)
    g_na, g_nac, g_ca, g_k1, g_x1 = (float(s) for s in g)
    exp = math.exp

    i_na = (g_na * m**3 * h * j + g_nac) * (v - _E_NA)
    dm = (v + 47) / (1 - exp(-0.1 * (v + 47))) * (1 - m) - 40 * exp(
        -0.056 * (v + 72)
    ) * m
    dh = (
        0.126 * exp(-0.25 * (v + 77)) * (1 - h) - _rates(1.7, 0, 22.5, -0.082, 1, v) * h
    )
    dj = (
        _rates(0.055, -0.25, 78, -0.2, 1, v) * (1 - j)
        - _rates(0.3, 0, 32, -0.1, 1, v) * j
    )

    e_ca = -82.3 - 13.0287 * math.log(cai)
    i_ca = g_ca * d * f * (v - e_ca)
    dd = (
        _rates(0.095, -0.01, -5, -0.072, 1, v) * (1 - d)
        - _rates(0.07, -0.017, 44, 0.05, 1, v) * d
    )
    df = (
        _rates(0.012, -0.008, 28, 0.15, 1, v) * (1 - f)
        - _rates(0.0065, -0.02, 30, -0.2, 1, v) * f
    )
    dcai = -1e-7 * i_ca + 0.07 * (1e-7 - cai)

    i_k1 = g_k1 * (
        4 * (exp(0.04 * (v + 85)) - 1) / (exp(0.08 * (v + 53)) + exp(0.04 * (v + 53)))
        + 0.2 * (v + 23) / (1 - exp(-0.04 * (v + 23)))
    )
    i_x1 = g_x1 * x1 * (exp(0.04 * (v + 77)) - 1) / exp(0.04 * (v + 35))
    dx1 = _rates(0.0005, 0.083, 50, 0.057, 1, v) * (1 - x1) - _beta_x1(v) * x1

    dv = -(i_k1 + i_x1 + i_na + i_ca - stimulus) / _C_M
    return [dv, dcai, dm, dh, dj, dd, df, dx1]
