"""The damped simple harmonic oscillator."""

from __future__ import annotations

import numpy as np

from .._typing import ArrayLike, FloatArray
from ..problems import ForwardModelS1
from ..problems._problems import Point
from ._toy_classes import ToyModel


class SimpleHarmonicOscillatorModel(ForwardModelS1, ToyModel):
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
    With $w = (\theta^2/4 - 1) t^2$ and $u = \sqrt{w}$
    (imaginary when under-damped), the solution is

    $$
    y(t) = e^{-\theta t / 2} \left[ y(0) C + \left(\dot{y}(0)
           + \frac{\theta}{2} y(0)\right) t S \right], \qquad
    C = \cosh u, \quad S = \frac{\sinh u}{u},
    $$

    one formula for all damping regimes, since $C$ and $S$ are
    entire functions of $w$ ($S = 1$ at critical damping). The
    sensitivities follow by differentiation, with
    $dC/dw = S/2$ and $dS/dw = (C - S)/(2w)$ (a Taylor series
    near $w = 0$).

    References
    ----------
    .. [1] https://en.wikipedia.org/wiki/Simple_harmonic_motion
    """

    def n_parameters(self) -> int:
        """Return 3: ``(y(0), dy/dt(0), theta)``."""
        return 3

    def simulate(self, parameters: Point, times: ArrayLike) -> FloatArray:
        """Return the position at ``times``, shape ``(n_times,)``.

        Parameters
        ----------
        parameters : array_like, shape (3,)
            ``y(0)``, ``dy/dt(0)`` and ``theta``.
        times : array_like, shape (n_times,)
            Non-negative times.
        """
        return self.simulateS1(parameters, times)[0]

    def simulateS1(
        self, parameters: Point, times: ArrayLike
    ) -> tuple[FloatArray, FloatArray]:
        """Return the position at ``times`` and its sensitivities.

        Takes the arguments of `simulate()`.

        Returns
        -------
        values : ndarray, shape (n_times,)
        sensitivities : ndarray, shape (n_times, 3)
        """
        y0, v0, theta = (float(x) for x in parameters)
        t = np.asarray(times, dtype=float).reshape(-1)
        if np.any(t < 0):
            raise ValueError("Negative times are not allowed.")
        half = 0.5 * theta
        w = (half * half - 1) * t * t
        ec, es, eds = _damped_functions(-half * t, w)
        slope = v0 + half * y0
        values = y0 * ec + slope * t * es
        sens = np.empty((len(t), 3))
        sens[:, 0] = ec + half * t * es
        sens[:, 1] = t * es
        # d/dtheta of exp(-theta t / 2), of slope, and of C, S through w.
        dw = half * t * t
        sens[:, 2] = (
            -0.5 * t * values
            + 0.5 * y0 * t * es
            + dw * (0.5 * y0 * es + slope * t * eds)
        )
        return values, sens

    def suggested_parameters(self) -> FloatArray:
        """Return ``[1, 0, 0.15]``."""
        return np.array([1.0, 0.0, 0.15])

    def suggested_times(self) -> FloatArray:
        """Return 100 evenly spaced times from 0 to 50."""
        return np.linspace(0, 50, 100)


def _damped_functions(
    a: FloatArray, w: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray]:
    r"""Return $e^a C$, $e^a S$ and $e^a dS/dw$ (see the
    class Notes), computed without overflow for large $|u|$."""
    u = np.sqrt(w.astype(complex))
    plus, minus = np.exp(a + u), np.exp(a - u)
    ec = (0.5 * (plus + minus)).real
    small = np.abs(w) < 1e-3
    safe_u = np.where(small, 1.0, u)
    es = np.where(small, 0.0, (0.5 * (plus - minus) / safe_u).real)
    eds = np.where(small, 0.0, (ec - es) / np.where(small, 1.0, 2 * w))
    ea = np.exp(a[small])
    ws = w[small]
    # Taylor series of S and dS/dw about w = 0.
    es[small] = ea * (1 + ws / 6 + ws * ws / 120)
    eds[small] = ea * (1 / 6 + ws / 60 + ws * ws / 1680)
    return ec, es, eds
