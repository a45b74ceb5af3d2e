"""The Hes1 Michaelis-Menten model of gene regulation."""

from __future__ import annotations

import numpy as np

from .._typing import ArrayLike, FloatArray
from ..models._symbolic import Named
from ..problems import ForwardModelS1
from ..problems._problems import Point
from ._toy_classes import ToyODEModel


class Hes1Model(ToyODEModel, ForwardModelS1):
    r"""Michaelis-Menten model of the regulatory dynamics of the
    transcription factor Hes1 [1]_.

    $$
    \frac{dm}{dt} &= -k_{deg} m + \frac{1}{1 + (p_2 / P_0)^h} \\
    \frac{dp_1}{dt} &= -k_{deg} p_1 + \nu m - k_1 p_1 \\
    \frac{dp_2}{dt} &= -k_{deg} p_2 + k_1 p_1
    $$

    Only the mRNA level $m$ is observed. The parameters are
    $(P_0, \nu, k_1, h)$; the degradation rate $k_{deg}$ and the
    initial protein levels are fixed (see `set_fixed_parameters()`).

    Parameters
    ----------
    m0 : float, optional
        Initial value of $m$ (default 2), at least 0.
    fixed_parameters : array_like, shape (3,), optional
        ``[p1_0, p2_0, k_deg]``: the initial protein levels and the
        degradation rate, all at least 0 (default ``[5, 3, 0.03]``).

    Raises
    ------
    ValueError
        If ``m0`` or a fixed parameter is negative.

    References
    ----------
    .. [1] Silk et al. (2011) Designing attractive models via automated
           identification of chaotic and oscillatory dynamical regimes.
           Nature Communications 2, 489. https://doi.org/10.1038/ncomms1496
    """

    def __init__(
        self, m0: float | None = None, fixed_parameters: Point | None = None
    ) -> None:
        super().__init__()
        self._define(
            _rhs,
            ["m", "p1", "p2"],
            ["P0", "nu", "k1", "h"],
            [2.0, 5.0, 3.0],
            outputs=["m"],
            constants={"kdeg": 0.03},
        )
        self.set_fixed_parameters(
            [5.0, 3.0, 0.03] if fixed_parameters is None else fixed_parameters
        )
        self.set_m0(2.0 if m0 is None else m0)

    def m0(self) -> float:
        """Return the initial value of ``m``."""
        return float(self.initial_conditions()[0])

    def set_m0(self, m0: float) -> None:
        """Set the initial value of ``m`` (at least 0)."""
        if m0 < 0:
            raise ValueError("Initial condition cannot be negative.")
        y0 = self.initial_conditions()
        y0[0] = m0
        self.set_initial_conditions(y0)

    def fixed_parameters(self) -> list[float]:
        """Return ``[p1_0, p2_0, k_deg]``."""
        y0 = self.initial_conditions()
        return [float(y0[1]), float(y0[2]), self._model.constants()["kdeg"]]

    def set_fixed_parameters(self, k: Point) -> None:
        """Set ``[p1_0, p2_0, k_deg]`` (all at least 0).

        The initial protein levels take effect at once (also for an
        existing model).
        """
        p1, p2, kdeg = (float(x) for x in k)
        if p1 < 0 or p2 < 0 or kdeg < 0:
            raise ValueError("Implicit parameters cannot be negative.")
        self.set_initial_conditions([self.initial_conditions()[0], p1, p2])
        self._model.set_constants(kdeg=kdeg)

    def simulate_all_states(self, parameters: Point, times: ArrayLike) -> FloatArray:
        """Return all three states ``(m, p1, p2)`` at ``times``, shape
        ``(n_times, 3)``."""
        return self._model.simulate_states(parameters, times)

    def suggested_parameters(self) -> FloatArray:
        """Return ``[2.4, 0.025, 0.11, 6.9]``."""
        return np.array([2.4, 0.025, 0.11, 6.9])

    def suggested_times(self) -> FloatArray:
        """Return the times ``0, 30, ..., 240``."""
        return np.arange(0.0, 270.0, 30.0)

    def suggested_values(self) -> FloatArray:
        """Return measured values of ``m`` at `suggested_times()`, as in
        PINTS, shape ``(9,)``."""
        return np.array([2, 1.20, 5.90, 4.58, 2.64, 5.38, 6.42, 5.60, 4.48])


def _rhs(t: float, y: Named, p: Named) -> list[float]:
    m, p1, p2 = y
    big_p0, nu, k1, h, kdeg = p
    return [
        1 / (1 + (p2 / big_p0) ** h) - kdeg * m,
        nu * m - (k1 + kdeg) * p1,
        k1 * p1 - kdeg * p2,
    ]
