"""DRAM: adaptive Metropolis with delayed rejection, a second, narrower
proposal after a rejected first one."""

from __future__ import annotations

import math

import numpy as np

from .._checks import floats, hyper_parameters
from .._typing import ArrayLike, FloatArray, RngLike
from ._adaptive_covariance import AdaptiveCovarianceMC, gaussian_factor
from ._base import Reply
from ._metropolis import accept


class DramACMC(AdaptiveCovarianceMC):
    """Delayed Rejection Adaptive Metropolis (DRAM) MCMC [1]_.

    A rejected proposal does not end the step: a second point is proposed
    from a narrower kernel and accepted with the delayed-rejection
    probability, which keeps the chain reversible. The two kernels are
    ``N(x, lambda s_k sigma)``, ``k = 1, 2``, with scales ``[s_1, s_2]``
    (default ``[1, 0.01]``, as in the experiments of [1]_; see
    `set_sigma_scale`), ``sigma`` the chain's running covariance and
    ``lambda`` a global scale adapted towards the target acceptance rate.

    ``tell()`` returns ``None`` after a rejected first stage: the next
    ``ask()`` returns the second-stage proposal.

    Parameters are those of `AdaptiveCovarianceMC`.

    Notes
    -----
    From ``x`` with first-stage proposal ``y1`` and second-stage proposal
    ``y2`` ([1]_, equations 1 and 2; Mira (2001))::

        alpha_1(a, b)     = min(1, p(b) / p(a))
        alpha_2(x, y1, y2) = min(1, p(y2) q1(y2, y1) (1 - alpha_1(y2, y1))
                                  / (p(x) q1(x, y1) (1 - alpha_1(x, y1))))

    where ``q1(a, b)`` is the first kernel's density of ``b`` around ``a``
    (the second kernel is symmetric and cancels). After a completed step,
    the mean and covariance adapt as in `AdaptiveCovarianceMC` and
    ``log lambda = log lambda + gamma (accepted - target)``, with
    ``accepted`` 1 if either stage was accepted.

    PINTS 0.6.1 deviates from [1]_ in three places, which are not copied:
    its second stage uses ``1 + alpha_1`` for ``1 - alpha_1`` and omits
    the ``q1`` ratio, so the chain does not keep the target invariant; its
    first gain is ``1``, which collapses ``sigma`` to zero; and it adapts
    during the initial phase. Here the gain schedule and initial phase are
    those of `AdaptiveCovarianceMC`.

    References
    ----------
    .. [1] Haario, Laine, Mira and Saksman (2006) DRAM: Efficient adaptive
           MCMC. Statistics and Computing 16, 339-354.
           https://doi.org/10.1007/s11222-006-9438-0
    .. [2] Mira (2001) On Metropolis-Hastings algorithms with delayed
           rejection. Metron 59(3-4), 231-241.
    """

    def __init__(
        self, x0: ArrayLike, sigma0: ArrayLike | None = None, *, rng: RngLike = None
    ) -> None:
        super().__init__(x0, sigma0, rng=rng)
        self._log_lambda = 0.0
        self._stage = 0
        self._rejected: tuple[FloatArray, float] | None = None
        self._first_factor: FloatArray | None = None
        self.set_sigma_scale([1, 0.01])

    @classmethod
    def name(cls) -> str:
        return "Delayed Rejection Adaptive Metropolis (Dram) MCMC"

    def n_hyper_parameters(self) -> int:
        return 3

    def set_hyper_parameters(self, x: ArrayLike) -> None:
        """Set the hyper-parameters ``[eta, sigma_scale_1, sigma_scale_2]``."""
        v = floats(x, "x").ravel()
        if len(v) < 1:
            hyper_parameters(x, 3)  # the error: no values at all
        self.set_eta(v[0])
        self.set_sigma_scale(v[1:3])

    def sigma_scale(self) -> list[float]:
        """The scales ``[s_1, s_2]`` of the two kernels' covariances."""
        return list(self._sigma_scale)

    def set_sigma_scale(self, scales: ArrayLike) -> None:
        """Set the scales ``[s_1, s_2]`` of the first- and second-stage
        kernels' covariances (relative to ``lambda sigma``).

        Raises
        ------
        ValueError
            If there are not two scales, or one is not positive and finite.
        """
        s = floats(scales, "scales").ravel()
        if len(s) != 2:
            raise ValueError("Scales must be of length 2.")
        if not np.all(s > 0):
            raise ValueError("Scales must be positive.")
        if not np.all(np.isfinite(s)):
            raise ValueError(f"Scales must be finite; got {s.tolist()}.")
        self._sigma_scale = [float(s[0]), float(s[1])]

    def replace(
        self,
        current: ArrayLike,
        current_log_pdf: float,
        proposed: ArrayLike | None = None,
    ) -> None:
        """As `SingleChainMCMC.replace`; a step in progress starts again at
        its first stage."""
        super().replace(current, current_log_pdf, proposed)
        self._stage = 0
        self._rejected = None

    def _proposal_covariance(self) -> FloatArray:
        scale = self._sigma_scale[self._stage]
        return math.exp(self._log_lambda) * scale * self._sigma

    def _propose(self) -> FloatArray:
        assert self._current is not None
        factor = gaussian_factor(self._proposal_covariance())
        if self._stage == 0:
            self._first_factor = factor
        return self._current + factor @ self._rng.standard_normal(self._n_parameters)

    def _step(self, x: FloatArray, fx: float) -> Reply | None:
        previous = self._current
        assert previous is not None
        if self._stage == 0:
            accepted = accept(fx, self._current_log_pdf, self._rng.uniform())
            if not accepted:
                self._stage, self._rejected = 1, (x, fx)
                return None
        else:
            assert self._rejected is not None and self._first_factor is not None
            y1, f1 = self._rejected
            self._stage, self._rejected = 0, None
            log_alpha = second_stage_log_acceptance(
                self._current_log_pdf, f1, fx, previous, y1, x, self._first_factor
            )
            accepted = bool(np.log(self._rng.uniform()) < log_alpha)
        self._count(accepted, x, fx)
        if self._adaptive:
            self._adapt(previous, x, fx - self._current_log_pdf, accepted)
        return self._current, self._current_log_pdf, accepted

    def _adapt_internal(self, accepted: bool, log_ratio: float) -> None:
        self._log_lambda += self._gamma * (float(accepted) - self._target_acceptance)


def first_stage_log_acceptance(f_from: float, f_to: float) -> float:
    """``log alpha_1 = min(0, f_to - f_from)`` ([1], equation 1)."""
    return min(0.0, f_to - f_from)


def second_stage_log_acceptance(
    f0: float,
    f1: float,
    f2: float,
    x: FloatArray,
    y1: FloatArray,
    y2: FloatArray,
    factor1: FloatArray,
) -> float:
    """``log alpha_2(x, y1, y2)``, the delayed-rejection acceptance of the
    second-stage proposal ``y2`` after ``y1`` was rejected ([1],
    equation 2).

    ``f0, f1, f2`` are the log-pdfs at ``x, y1, y2``; ``factor1`` is a
    factor ``L`` of the first kernel's covariance ``L L^T``. A non-finite
    ``f1`` counts as ``-inf`` (a point that cannot be accepted).
    """
    if not math.isfinite(f2):
        return -math.inf
    if not math.isfinite(f1):
        f1 = -math.inf
    reverse = first_stage_log_acceptance(f2, f1)
    if reverse == 0:
        return -math.inf  # y1 would surely be accepted from y2: 1 - alpha_1 = 0
    forward = first_stage_log_acceptance(f0, f1)
    if forward == 0:
        return 0.0  # unreachable after a rejection of y1 (alpha_1 < 1)
    # q1(y2, y1) / q1(x, y1): Gaussian kernels with the same covariance
    to_x, to_y2 = _whiten(factor1, np.column_stack((y1 - x, y1 - y2))).T
    log_q = 0.5 * float(to_x @ to_x - to_y2 @ to_y2)
    log_ratio = (
        f2
        - f0
        + log_q
        + math.log1p(-math.exp(reverse))
        - math.log1p(-math.exp(forward))
    )
    return min(0.0, log_ratio)


def _whiten(factor: FloatArray, d: FloatArray) -> FloatArray:
    """``L^-1 d`` for a factor ``L`` of a covariance (least squares when
    ``L`` is singular, i.e. the covariance only semi-definite)."""
    try:
        w = np.linalg.solve(factor, d)
    except np.linalg.LinAlgError:
        w = np.linalg.lstsq(factor, d, rcond=None)[0]
    return np.asarray(w, dtype=float)
