"""The Beeler-Reuter (1977) model of the ventricular action potential."""

from __future__ import annotations

import math

import numpy as np

from .._typing import ArrayLike, FloatArray
from ..models import Protocol
from ..models._symbolic import Named
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
    Solved by the implicit method RODAS4 (`paramfit.models`): the fast
    sodium activation gate makes the system stiff. The stimulus is an input
    of the model (`paramfit.models.Protocol`),
    so no solver step straddles its abrupt switches. The default tolerances
    (relative ``1e-7``, absolute ``1e-7`` for $V$ and the gates,
    ``1e-14`` for the calcium concentration, which is of order ``1e-7``)
    are tighter than PINTS's.

    References
    ----------
    .. [1] Beeler, Reuter (1977) Reconstruction of the action potential of
           ventricular myocardial fibres. Journal of Physiology.
           https://doi.org/10.1113/jphysiol.1977.sp011853
    """

    def __init__(self, y0: Point | None = None) -> None:
        super().__init__()
        stimulus = Protocol(repeat=True).step(_STIM_AMPLITUDE, _STIM_LENGTH)
        stimulus.step(0.0, _STIM_PERIOD - _STIM_LENGTH)
        self._define(
            _beeler_reuter,
            ["V", "Cai", "m", "h", "j", "d", "f", "x1"],
            ["log_g_Na", "log_g_NaC", "log_g_Ca", "log_g_K1", "log_g_x1"],
            [-84.622, 2e-7, *_GATES_0],
            outputs=["V", "Cai"],
            inputs={"i_stim": stimulus},
            solver="rodas4",  # the sodium gate m is fast: a stiff system
        )
        self.set_initial_conditions([-84.622, 2e-7] if y0 is None else y0)
        self.set_solver_tolerances()

    _shown_states = slice(0, 2)

    def set_initial_conditions(self, y0: Point) -> None:
        """Set the initial ``[V, Ca_i]`` (calcium at least 0)."""
        v, cai = (float(x) for x in y0)
        if cai < 0:
            raise ValueError("Initial condition of ``cai`` cannot be negative.")
        super().set_initial_conditions([v, cai, *_GATES_0])

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

    def simulate_all_states(self, parameters: Point, times: ArrayLike) -> FloatArray:
        """Return all eight states at ``times``, shape ``(n_times, 8)``, in
        the order ``V, Ca_i, m, h, j, d, f, x1``."""
        return self._model.simulate_states(parameters, times)

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


def _beeler_reuter(t: float, y: Named, p: Named, u: Named) -> list[object]:
    """Right-hand side of the Beeler-Reuter equations."""
    v, cai, m, h, j, d, f, x1 = y
    g_na, g_nac, g_ca, g_k1, g_x1 = (math.exp(x) for x in p)
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

    dv = -(i_k1 + i_x1 + i_na + i_ca - u.i_stim) / _C_M
    return [dv, dcai, dm, dh, dj, dd, df, dx1]
