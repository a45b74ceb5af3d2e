"""The three-state Goodwin oscillator."""

from __future__ import annotations

import numpy as np

from .._typing import FloatArray
from ..problems import ForwardModelS1
from ..problems._problems import Point
from ._toy_classes import ToyODEModel


class GoodwinOscillatorModel(ToyODEModel, ForwardModelS1):
    r"""The three-state Goodwin oscillator [1]_, [2]_, as in [3]_.

    mRNA $x$ is translated into a protein $y$, which stimulates
    production of a protein $z$, which in turn represses the production
    of $x$:

    $$
    \dot{x} = \frac{1}{1 + z^{10}} - m_1 x, \qquad
    \dot{y} = k_2 x - m_2 y, \qquad
    \dot{z} = k_3 y - m_3 z.
    $$

    The parameters are $(k_2, k_3, m_1, m_2, m_3)$; all three states
    are observed, starting from $(0.0054, 0.053, 1.93)$.

    References
    ----------
    .. [1] Goodwin (1965) Oscillatory behavior in enzymatic control processes.
           Advances in Enzyme Regulation.
           https://doi.org/10.1016/0065-2571(65)90067-1
    .. [2] Griffith (1968) Mathematics of cellular control processes I.
           Negative feedback to one gene. Journal of Theoretical Biology.
           https://doi.org/10.1016/0022-5193(68)90189-6
    .. [3] Calderhead, Girolami (2009) Estimating Bayes factors via
           thermodynamic integration and population MCMC. Computational
           Statistics and Data Analysis.
           https://doi.org/10.1016/j.csda.2009.07.025
    """

    def __init__(self) -> None:
        super().__init__()
        self._define(
            _rhs, ["x", "y", "z"], ["k2", "k3", "m1", "m2", "m3"], [0.0054, 0.053, 1.93]
        )

    def suggested_parameters(self) -> FloatArray:
        """Return ``[2, 4, 0.12, 0.08, 0.1]``."""
        return np.array([2.0, 4.0, 0.12, 0.08, 0.1])

    def suggested_times(self) -> FloatArray:
        """Return 200 evenly spaced times from 0 to 100."""
        return np.linspace(0, 100, 200)


def _rhs(t: float, y: Point, p: Point) -> list[float]:
    x, yy, z = y
    k2, k3, m1, m2, m3 = p
    return [1 / (1 + z**10) - m1 * x, k2 * x - m2 * yy, k3 * yy - m3 * z]
