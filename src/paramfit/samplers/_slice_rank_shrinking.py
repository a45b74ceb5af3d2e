"""Covariance-adaptive slice sampling by rank shrinking."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

import numpy as np

from .._typing import ArrayLike, FloatArray, RngLike
from .._util import Capabilities
from ._base import Reply, SingleChainMCMC
from ._leapfrog import check_gradient


class SliceRankShrinkingMCMC(SingleChainMCMC):
    r"""Covariance-adaptive slice sampling by rank shrinking [1]_ (single
    chain, uses gradients).

    Each iteration draws a slice height under the current point, then
    proposes points around it from Gaussian "crumbs" until one lies in the
    slice; after each rejection the next proposal's distribution loses the
    direction of the log-pdf's gradient at the rejected point, so it shrinks
    towards the directions in which the slice is wide. `tell()` returns
    ``None`` after each rejected proposal.

    Parameters
    ----------
    x0 : array_like, shape (n_parameters,)
        Starting point; its log-pdf must be finite.
    sigma0 : float or array_like, optional
        Accepted for the common signature; not used (the crumbs' spread
        is `sigma_c()`), as in PINTS.
    rng : int, numpy.random.Generator or None, optional
        Random generator or seed (keyword only).

    Notes
    -----
    Fig. 5 of [1]_. With the current point :math:`x_0`, the slice is
    :math:`\{x : \log \pi(x) \ge \log \pi(x_0) - e\}`, :math:`e \sim
    \mathrm{Exp}(1)` (the log form of Neal 2003, p. 712). The :math:`k`-th
    crumb is :math:`c_k = \sigma_c z_k`, and the :math:`k`-th proposal

    .. math::
        x_k = x_0 + P_J\left(\bar c_k + \frac{\sigma_c}{\sqrt k} z'_k\right),
        \qquad \bar c_k = \frac1k \sum_{i \le k} c_i,

    with :math:`z, z' \sim N(0, I)` and :math:`P_J v = v - J J^T v` the
    projection out of the orthonormal columns of :math:`J`. After a
    rejected :math:`x_k`, while :math:`J` has fewer than :math:`n - 1`
    columns, the projected gradient :math:`g^* = P_J \nabla \log \pi(x_k)`
    joins :math:`J` (normalised) if its angle with the gradient is below
    60 degrees: :math:`g^{*T} g > \frac12 |g^*| |g|`. A proposal
    whose log-pdf is not a number is outside the slice.

    References
    ----------
    .. [1] Thompson and Neal (2010) Covariance-adaptive slice sampling.
           Technical Report 1002, Department of Statistics, University of
           Toronto.
    """

    capabilities: ClassVar[Capabilities] = Capabilities(
        needs_gradients=True, supports_boundaries=False
    )

    def __init__(
        self, x0: ArrayLike, sigma0: ArrayLike | None = None, *, rng: RngLike = None
    ) -> None:
        super().__init__(x0, sigma0, rng=rng)
        self._sigma_c = 1.0
        self._current_log_y: float | None = None
        self._reset()

    @classmethod
    def name(cls) -> str:
        return "Slice Sampling - Covariance-Adaptive: Rank Shrinking."

    def needs_sensitivities(self) -> bool:
        """True: ``tell()`` takes ``(log_pdf, gradient)`` pairs."""
        return True

    def sigma_c(self) -> float:
        """The standard deviation of the crumbs (default 1)."""
        return self._sigma_c

    def set_sigma_c(self, sigma_c: float) -> None:
        """Set the standard deviation of the crumbs (positive)."""
        sigma_c = float(sigma_c)
        if not sigma_c > 0 or not np.isfinite(sigma_c):
            raise ValueError("Inital crumb standard deviation must be positive.")
        self._sigma_c = sigma_c

    def current_slice_height(self) -> float | None:
        """The log of the current slice's height."""
        return self._current_log_y

    def n_hyper_parameters(self) -> int:
        return 1

    def set_hyper_parameters(self, x: Sequence[float] | np.ndarray) -> None:
        """Set ``[sigma_c]``."""
        self.set_sigma_c(x[0])

    def replace(self, current: Any, current_log_pdf: Any, proposed: Any = None) -> None:
        """Not supported, as in PINTS."""
        raise NotImplementedError("SliceRankShrinkingMCMC does not support replace().")

    # -- the template's hooks -------------------------------------------------------
    def _reset(self) -> None:
        """Forget the crumbs and the shrunk directions (a new slice)."""
        self._J = np.zeros((self._n_parameters, 0))
        self._k = 0
        self._c_bar = np.zeros(self._n_parameters)

    def _new_slice(self, f: float) -> None:
        self._current_log_y = f - self._rng.exponential()
        self._reset()

    def _clean(self, fx: Any) -> Any:
        f, g = super()._clean(fx)
        return f, check_gradient(g, self._n_parameters)

    def _started(self) -> None:
        self._new_slice(self._current_log_pdf[0])

    def _propose(self) -> FloatArray:
        assert self._current is not None
        self._k += 1
        crumb = self._sigma_c * self._rng.standard_normal(self._n_parameters)
        self._c_bar = self._c_bar + (crumb - self._c_bar) / self._k
        z = self._rng.standard_normal(self._n_parameters)
        return self._current + project(
            self._J, self._c_bar + self._sigma_c / np.sqrt(self._k) * z
        )

    def _step(self, x: FloatArray, fx: Any) -> Reply | None:
        f, g = fx
        assert self._current_log_y is not None
        if f >= self._current_log_y:
            self._current, self._current_log_pdf = x, fx
            self._new_slice(f)
            return x, fx, True
        if self._J.shape[1] < self._n_parameters - 1:
            self._J = shrink_rank(self._J, g)
        return None


def project(J: FloatArray, v: FloatArray) -> FloatArray:
    """``v`` without its components along the orthonormal columns of ``J``."""
    if J.shape[1] == 0:
        return v
    return v - J @ (J.T @ v)


def shrink_rank(J: FloatArray, gradient: FloatArray) -> FloatArray:
    """``J`` with the normalised projected gradient as a new column, if its
    angle with the gradient is below 60 degrees (Fig. 5 of Thompson and
    Neal 2010); ``J`` unchanged otherwise (also for a non-finite gradient)."""
    if not np.isfinite(gradient).all():
        return J
    g_star = project(J, gradient)
    norm = np.linalg.norm(g_star)
    if not g_star @ gradient > 0.5 * norm * np.linalg.norm(gradient) or norm == 0:
        return J
    return np.column_stack([J, g_star / norm])
