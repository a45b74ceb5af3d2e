"""The SIR model of an epidemic."""

from __future__ import annotations

import numpy as np

from .._typing import FloatArray
from ..models._symbolic import Named
from ..problems import ForwardModel
from ..problems._problems import Point
from ._toy_classes import ToyODEModel, checked_initial_state


class SIRModel(ToyODEModel, ForwardModel):
    r"""The SIR model of an infectious disease in a population of
    susceptible ($S$), infected ($I$) and recovered ($R$)
    people [1]_, [2]_, as analysed in [3]_:

    $$
    \dot{S} = -\gamma S I, \qquad
    \dot{I} = \gamma S I - v I, \qquad
    \dot{R} = v I.
    $$

    The parameters are the infection rate $\gamma$, the recovery rate
    $v$ and the (unknown) initial number of susceptible people
    $S_0$. $I$ and $R$ are observed. Births and deaths are
    ignored.

    `suggested_values()` holds data of a common-cold outbreak on Tristan
    da Cunha [3]_, [4]_, [5]_, one row per day from day 1.

    Parameters
    ----------
    y0 : array_like, shape (3,), optional
        Initial ``(S, I, R)``, all at least 0; default ``(38, 1, 0)``. The
        initial ``S`` is replaced by the parameter $S_0$.

    Raises
    ------
    ValueError
        If ``y0`` does not have 3 non-negative values.

    Notes
    -----
    As in PINTS (and [3]_), the initial state holds at the **first requested
    time**, not at $t = 0$: the data start on day 1 with one infected
    person, and the suggested times are ``1, 2, ..., 21``.

    References
    ----------
    .. [1] Kermack, McKendrick (1927) A contribution to the mathematical
           theory of epidemics. Proceedings of the Royal Society A.
           https://doi.org/10.1098/rspa.1927.0118
    .. [2] https://en.wikipedia.org/wiki/Compartmental_models_in_epidemiology
    .. [3] Toni, Welch, Strelkowa, Ipsen, Stumpf (2009) Approximate Bayesian
           computation scheme for parameter inference and model selection in
           dynamical systems. Journal of the Royal Society Interface.
           https://doi.org/10.1098/rsif.2008.0172
    .. [4] Hammond, Tyrrell (1971) A mathematical model of common-cold
           epidemics on Tristan da Cunha. Epidemiology & Infection.
           https://doi.org/10.1017/S0022172400021677
    .. [5] Shybli, Gooch, Lewis, Tyrrell (1971) Common colds on Tristan da
           Cunha. Epidemiology & Infection.
           https://doi.org/10.1017/S0022172400021483
    """

    def __init__(self, y0: Point | None = None) -> None:
        super().__init__()
        y = checked_initial_state(y0, [38.0, 1.0, 0.0], 3)
        self._define(
            _rhs,
            ["S", "I", "R"],
            ["gamma", "v", "S0"],
            _initial_state,
            outputs=["I", "R"],
            constants={"I0": 0.0, "R0": 0.0},
            start_time=None,
        )
        self.set_initial_conditions(y)

    def initial_conditions(self) -> FloatArray:
        """Return the initial ``(S, I, R)`` (``S`` is replaced by the
        parameter ``S0`` in simulations)."""
        return np.array(self._y0, copy=True)

    def set_initial_conditions(self, y0: Point) -> None:
        """Set the initial ``(S, I, R)``."""
        y = np.array(checked_initial_state(y0, y0, 3), dtype=float)
        self._y0 = y
        self._model.set_constants(I0=y[1], R0=y[2])

    def suggested_parameters(self) -> FloatArray:
        """Return ``[0.026, 0.285, 38]``."""
        return np.array([0.026, 0.285, 38.0])

    def suggested_times(self) -> FloatArray:
        """Return the days ``1, 2, ..., 21``."""
        return np.arange(1.0, 22.0)

    def suggested_values(self) -> FloatArray:
        """Return the numbers of infected and recovered people on days 1 to
        21 of the outbreak, shape ``(21, 2)``."""
        return np.array(_TRISTAN_DA_CUNHA, dtype=float)


def _initial_state(p: Named) -> list[object]:
    return [p.S0, p.I0, p.R0]


def _rhs(t: float, y: Named, p: Named) -> list[float]:
    s, i, _ = y
    gamma, v = p[0], p[1]
    infections = gamma * s * i
    recoveries = v * i
    return [-infections, infections - recoveries, recoveries]


# (infected, recovered) on days 1 to 21.
_TRISTAN_DA_CUNHA = [
    [1, 0],
    [1, 0],
    [3, 0],
    [7, 0],
    [6, 5],
    [10, 7],
    [13, 8],
    [13, 13],
    [14, 13],
    [14, 16],
    [17, 17],
    [10, 24],
    [6, 30],
    [6, 31],
    [4, 33],
    [3, 34],
    [1, 36],
    [1, 36],
    [1, 36],
    [1, 36],
    [0, 37],
]
