"""iRprop-: resilient back-propagation without weight backtracking."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, SupportsFloat

import numpy as np

from .._checks import hyper_parameters, real
from .._typing import FloatArray
from .._util import Capabilities
from ..log._logger import Logger
from ._base import HyperParameters
from ._gradient import GradientOptimiser


class IRPropMin(GradientOptimiser):
    """iRprop-, improved resilient back-propagation without weight
    backtracking [1]_ [2]_.

    A first-order method that uses only the sign of each partial derivative:
    every parameter has its own step size, which grows while the derivative
    keeps its sign and shrinks when it flips. It needs sensitivities:
    ``tell()`` takes ``[(f, df)]``.

    Parameters
    ----------
    x0 : array_like, shape (n_parameters,)
        Starting point.
    sigma0 : float or array_like, shape (n_parameters,), optional
        Initial step sizes; 0.1 by default. The minimum step size defaults
        to ``1e-3 min(sigma0)``; there is no maximum by default.
    boundaries : Boundaries, optional
        Steps that would leave the boundaries are shortened (see Notes).

    Notes
    -----
    With $g_t$ the gradient at the point told at step $t$
    ($g_0 = g_1$), $\\eta^+ = 1.2$ and $\\eta^- = 0.5$,
    for each parameter $i$,

    $$
    \\Delta_i \\leftarrow \\begin{cases}
        \\min(\\eta^+ \\Delta_i, \\Delta_{max}) & g_{t,i} g_{t-1,i} > 0 \\\\
        \\max(\\eta^- \\Delta_i, \\Delta_{min}) & g_{t,i} g_{t-1,i} < 0
        \\end{cases},
    $$

    $$
    g_{t,i} \\leftarrow 0 \\text{ if } g_{t,i} g_{t-1,i} < 0, \\qquad
    x_{t+1} = x_t - \\Delta \\odot \\operatorname{sign}(g_t),
    $$

    (the clipping to $[\\Delta_{min}, \\Delta_{max}]$ applies to every
    step size). With rectangular boundaries, the step sizes of the
    parameters that would leave them are halved until they do not. With
    other boundaries, all step sizes are halved until the point is inside,
    and then restored one parameter at a time where that stays inside. The
    parameters whose steps were cut are logged in the column ``Bound corr.``,
    next to ``Min. step`` and ``Max. step``.

    ``x_guessed()`` and ``f_guessed()`` are the last point told and its score.

    References
    ----------
    .. [1] Riedmiller and Braun (1993) "A direct adaptive method for faster
       backpropagation learning: the RPROP algorithm". IEEE International
       Conference on Neural Networks, 586-591.
       https://doi.org/10.1109/ICNN.1993.298623
    .. [2] Igel and Hüsken (2003) "Empirical evaluation of the improved
       Rprop learning algorithms". Neurocomputing 50, 105-123.
       https://doi.org/10.1016/S0925-2312(01)00700-7
    """

    capabilities: ClassVar[Capabilities] = Capabilities(
        needs_gradients=True, deterministic=True, takes_rng=False
    )

    def _set_defaults(self) -> None:
        super()._set_defaults()
        self._step_min: float | None = 1e-3 * float(np.min(self._sigma0))
        self._step_max: float | None = None
        self._eta_min, self._eta_max = 0.5, 1.2
        self._step_size = np.array(self._sigma0)
        self._previous_df: FloatArray | None = None
        self._breaches: list[int] = []
        self._bounds = self._box()

    def min_step_size(self) -> float | None:
        """The minimum step size (``None`` for no minimum)."""
        return self._step_min

    def max_step_size(self) -> float | None:
        """The maximum step size (``None`` for no maximum)."""
        return self._step_max

    def set_min_step_size(self, step_size: SupportsFloat | None) -> None:
        """Set the minimum step size, or ``None`` for no minimum."""
        self._step_min = (
            None
            if step_size is None
            else real(step_size, "step_size", non_negative=True)
        )

    def set_max_step_size(self, step_size: SupportsFloat | None) -> None:
        """Set the maximum step size, or ``None`` for no maximum."""
        self._step_max = (
            None
            if step_size is None
            else real(step_size, "step_size", positive=True, finite=False)
        )

    def n_hyper_parameters(self) -> int:
        return 2

    def set_hyper_parameters(self, x: HyperParameters) -> None:
        """Set the minimum and maximum step sizes from ``x[0]`` and ``x[1]``
        (``None`` for no limit)."""
        if isinstance(x, np.ndarray) or not isinstance(x, Sequence) or len(x) != 2:
            x = hyper_parameters(x, 2)  # numbers only, or a clear error
        self.set_min_step_size(x[0])
        self.set_max_step_size(x[1])

    def _initialise(self) -> None:
        lo, hi = self._step_min, self._step_max
        if lo is not None and hi is not None and lo >= hi:
            raise ValueError(
                "Max step size must be larger than min step size (current settings:"
                f" min_step_size = {lo},  max_step_size = {hi})."
            )

    def _step(self, x: FloatArray, df: FloatArray) -> FloatArray:
        previous = df if self._previous_df is None else self._previous_df
        dprod = df * previous
        step = self._step_size
        step[dprod > 0] *= self._eta_max
        step[dprod < 0] *= self._eta_min
        if self._step_min is not None:
            step = np.maximum(step, self._step_min)
        if self._step_max is not None:
            step = np.minimum(step, self._step_max)
        # No weight backtracking: where the sign flipped, stay put this time,
        # and the next product is 0 so the step size is kept once.
        df[dprod < 0] = 0
        self._previous_df = df
        sign = np.sign(df)
        self._step_size = step
        p = x - step * sign
        if self._bounds is not None:
            p = self._shorten_rectangular(x, sign, *self._bounds)
        elif not self._inside(p):
            p = self._shorten_general(x, sign)
        else:
            self._breaches = []
        return p

    def _shorten_rectangular(
        self, x: FloatArray, sign: FloatArray, lower: FloatArray, upper: FloatArray
    ) -> FloatArray:
        """Halve the step sizes of the parameters that would leave the box."""
        step = self._step_size
        p = x - step * sign
        out = (p < lower) | (p >= upper)
        self._breaches = np.flatnonzero(out).tolist()
        while np.any(out & (step > 0)):
            step[out] *= self._eta_min
            p = x - step * sign
            out = (p < lower) | (p >= upper)
        return p

    def _shorten_general(self, x: FloatArray, sign: FloatArray) -> FloatArray:
        """Halve all step sizes until inside, then restore one at a time."""
        check = self._inside
        s = self._step_size.copy()
        p = x - s * sign
        while not check(p) and np.any(s > 0):
            s *= self._eta_min
            p = x - s * sign
        # Restore the original step size wherever that stays inside.
        self._breaches = []
        for i, s_big in enumerate(self._step_size):
            small = s[i]
            s[i] = s_big
            if not check(x - s * sign):
                s[i] = small
                self._breaches.append(i)
        self._step_size = s
        return x - s * sign

    def _inside(self, x: FloatArray) -> bool:
        return bool(self._feasible(x[np.newaxis])[0])

    def _log_init(self, logger: Logger) -> None:
        """Add columns ``Min. step``, ``Max. step`` and ``Bound corr.``."""
        logger.add_float("Min. step")
        logger.add_float("Max. step")
        logger.add_string("Bound corr.", 11)

    def _log_write(self, logger: Logger) -> None:
        step = self._step_size
        corrected = ",".join(str(i) for i in self._breaches)
        logger.log(np.min(step), np.max(step), corrected)

    @classmethod
    def name(cls) -> str:
        return "iRprop-"
