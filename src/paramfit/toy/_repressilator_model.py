"""The repressilator: three genes that repress each other in a cycle."""

from __future__ import annotations

import numpy as np

from .._typing import FloatArray
from ..problems import ForwardModel
from ..problems._problems import Point
from ._toy_classes import ToyODEModel, checked_initial_state


class RepressilatorModel(ToyODEModel, ForwardModel):
    r"""The repressilator: oscillations in a network of three proteins, each
    repressing the production of the next [1]_, [2]_.

    In the formulation of [3]_, as analysed in [4]_, the mRNA levels
    $m_i$ and protein levels $p_i$ follow

    $$
    \dot{m}_0 &= -m_0 + \frac{\alpha}{1 + p_2^n} + \alpha_0, \qquad
    \dot{p}_i = -\beta (p_i - m_i), \\
    \dot{m}_1 &= -m_1 + \frac{\alpha}{1 + p_0^n} + \alpha_0, \\
    \dot{m}_2 &= -m_2 + \frac{\alpha}{1 + p_1^n} + \alpha_0,
    $$

    with parameters $(\alpha_0, \alpha, \beta, n)$. Only the three
    mRNA levels are observed.

    Parameters
    ----------
    y0 : array_like, shape (6,), optional
        Initial ``(m0, m1, m2, p0, p1, p2)``, all at least 0; default
        ``(0, 0, 0, 2, 1, 3)`` as in [4]_.

    Raises
    ------
    ValueError
        If ``y0`` does not have 6 non-negative values.

    References
    ----------
    .. [1] Elowitz, Leibler (2000) A synthetic oscillatory network of
           transcriptional regulators. Nature.
           https://doi.org/10.1038/35002125
    .. [2] https://en.wikipedia.org/wiki/Repressilator
    .. [3] Ellner, Guckenheimer (2006) Dynamic models in biology. Princeton
           University Press.
    .. [4] Toni, Welch, Strelkowa, Ipsen, Stumpf (2009) Approximate Bayesian
           computation scheme for parameter inference and model selection in
           dynamical systems. Journal of the Royal Society Interface.
           https://doi.org/10.1098/rsif.2008.0172
    """

    def __init__(self, y0: Point | None = None) -> None:
        super().__init__()
        default = [0.0, 0.0, 0.0, 2.0, 1.0, 3.0]
        self._define(
            _rhs,
            ["m0", "m1", "m2", "p0", "p1", "p2"],
            ["alpha_0", "alpha", "beta", "n"],
            checked_initial_state(y0, default, 6),
            outputs=["m0", "m1", "m2"],
        )

    def suggested_parameters(self) -> FloatArray:
        """Return ``[1, 1000, 5, 2]``, as in [4]_."""
        return np.array([1.0, 1000.0, 5.0, 2.0])

    def suggested_times(self) -> FloatArray:
        """Return 400 evenly spaced times from 0 to 40."""
        return np.linspace(0, 40, 400)


def _rhs(t: float, y: Point, p: Point) -> list[float]:
    m0, m1, m2, p0, p1, p2 = y
    alpha_0, alpha, beta, n = p
    return [
        alpha / (1 + p2**n) + alpha_0 - m0,
        alpha / (1 + p0**n) + alpha_0 - m1,
        alpha / (1 + p1**n) + alpha_0 - m2,
        beta * (m0 - p0),
        beta * (m1 - p1),
        beta * (m2 - p2),
    ]
