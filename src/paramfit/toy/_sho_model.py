"""The damped simple harmonic oscillator."""

from __future__ import annotations

import numpy as np

from .._typing import ArrayLike, FloatArray
from ..models._symbolic import Named
from ..problems import ForwardModelS1
from ..problems._problems import Point
from ._toy_classes import ToyODEModel


class SimpleHarmonicOscillatorModel(ToyODEModel, ForwardModelS1):
    r"""A damped simple harmonic oscillator [1]_.

    A particle of unit mass, pulled back to 0 with unit stiffness and
    slowed by friction:

    $$
    \frac{d^2 y}{dt^2} = -y - \theta \frac{dy}{dt}.
    $$

    The three parameters are the initial position $y(0)$, the initial
    velocity $\dot{y}(0)$ and the friction coefficient $\theta$;
    the position is the output.

    Notes
    -----
    Solved as the first-order system $\dot y = v$,
    $\dot v = -y - \theta v$ by `paramfit.models`; the initial
    conditions are parameters, so their sensitivities start from the
    identity. The closed form (for the tests) is, with
    $w = (\theta^2/4 - 1) t^2$ and $u = \sqrt{w}$,
    $y(t) = e^{-\theta t / 2} [ y(0) \cosh u + (\dot{y}(0)
    + \theta y(0) / 2) t \sinh(u) / u ]$.

    References
    ----------
    .. [1] https://en.wikipedia.org/wiki/Simple_harmonic_motion
    """

    def __init__(self) -> None:
        super().__init__()
        self._define(
            _rhs, ["y", "v"], ["y0", "v0", "theta"], _initial_state, outputs=["y"]
        )

    def simulateS1(
        self, parameters: Point, times: ArrayLike
    ) -> tuple[FloatArray, FloatArray]:
        """Return the position at ``times`` and its sensitivities.

        Returns
        -------
        values : ndarray, shape (n_times,)
        sensitivities : ndarray, shape (n_times, 3)
            As PINTS's (analytic) model returns them.
        """
        y, s = super().simulateS1(parameters, times)
        return y, s[:, 0, :]

    def suggested_parameters(self) -> FloatArray:
        """Return ``[1, 0, 0.15]``."""
        return np.array([1.0, 0.0, 0.15])

    def suggested_times(self) -> FloatArray:
        """Return 100 evenly spaced times from 0 to 50."""
        return np.linspace(0, 50, 100)


def _initial_state(p: Named) -> list[object]:
    return [p.y0, p.v0]


def _rhs(t: float, y: Named, p: Named) -> list[object]:
    return [y.v, -y.y - p.theta * y.v]
