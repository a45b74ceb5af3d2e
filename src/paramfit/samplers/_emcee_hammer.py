"""The affine-invariant ensemble sampler ("emcee") with stretch moves."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, ClassVar

import numpy as np

from .._checks import hyper_parameters, number
from .._typing import ArrayLike, BoolArray, FloatArray, RngLike
from .._util import Capabilities, read_only
from ._base import MultiChainMCMC
from ._inputs import _log_pdf_value


class EmceeHammerMCMC(MultiChainMCMC):
    """The affine-invariant ensemble sampler of Goodman and Weare [1]_, as
    described in Algorithm 2 of "emcee: the MCMC hammer" [2]_.

    The chains ("walkers") move one at a time, in turn: walker ``k`` makes a
    stretch move towards or away from another walker ``j``, chosen
    uniformly from the others. So, as in PINTS, after the first iteration
    (which scores all starting points) `ask()` returns a single point, shape
    ``(1, n_parameters)``, and `tell()` takes a single log-pdf value; every
    `tell()` returns all chains, of which at most chain ``k`` has moved.

    Parameters
    ----------
    chains : int
        Number of walkers, at least 3.
    x0 : array_like, shape (chains, n_parameters)
        Starting points; their log-pdfs must be finite.
    sigma0 : float or array_like, optional
        Accepted for the common interface; the stretch move does not use it.
    rng : int, numpy.random.Generator or None, optional
        Random generator or seed (keyword only).

    Notes
    -----
    The stretch move proposes (eq. 7 in [1]_, eq. 10 in [2]_)

    .. math:: Y = X_j + z (X_k - X_j), \\qquad
              g(z) \\propto 1 / \\sqrt{z} \\text{ on } [1/a, a],

    drawn by inverting ``g``'s distribution function,
    ``z = (1 + (a - 1) u)^2 / a`` with ``u ~ U(0, 1)``, and accepts ``Y``
    with probability ``min(1, z^(d - 1) pi(Y) / pi(X_k))`` (eq. 11 in [2]_),
    where ``d`` is the number of parameters and ``a`` is the `scale`
    (default 2).

    References
    ----------
    .. [1] Goodman and Weare (2010) Ensemble samplers with affine invariance.
           Communications in Applied Mathematics and Computational Science
           5(1), 65-80. https://doi.org/10.2140/camcos.2010.5.65
    .. [2] Foreman-Mackey, Hogg, Lang and Goodman (2013) emcee: the MCMC
           hammer. Publications of the Astronomical Society of the Pacific
           125, 306-312. https://doi.org/10.1086/670067
    """

    capabilities: ClassVar[Capabilities] = Capabilities(supports_boundaries=False)
    min_chains: ClassVar[int] = 3

    def __init__(
        self,
        chains: int,
        x0: ArrayLike,
        sigma0: ArrayLike | None = None,
        *,
        rng: RngLike = None,
    ) -> None:
        super().__init__(chains, x0, sigma0, rng=rng)
        self._a = 2.0
        self._k = 0
        self._z = 1.0
        self._moves = 0

    @classmethod
    def name(cls) -> str:
        return "Emcee Hammer MCMC"

    def _initialise(self) -> None:
        self._moves = 0

    def _propose(self) -> FloatArray:
        assert self._current is not None
        # The walkers take turns: 0, 1, ..., chains - 1, 0, 1, ...
        self._k = self._moves % self._n_chains
        self._moves += 1
        j = int(self._rng.integers(0, self._n_chains - 1))
        j += j >= self._k  # uniform over the walkers other than k
        self._z = stretch_factor(self._a, float(self._rng.random()))
        x_j, x_k = self._current[j], self._current[self._k]
        return (x_j + self._z * (x_k - x_j))[np.newaxis, :]

    def _clean(self, fxs: Any) -> Any:
        if self._current is None:
            return super()._clean(fxs)
        self._check_count(fxs, 1)
        return np.array([_log_pdf_value(f) for f in fxs])

    def _step(
        self, x: FloatArray, fx: FloatArray
    ) -> tuple[FloatArray, FloatArray, BoolArray]:
        assert self._current is not None
        k = self._k
        accepted = np.zeros(self._n_chains, dtype=bool)
        accepted[k] = stretch_accept(
            self._z,
            self._n_parameters,
            float(fx[0]),
            float(self._current_log_pdf[k]),
            1 - float(self._rng.random()),  # in (0, 1]
        )
        if accepted[k]:
            current = self._current.copy()
            current[k] = x[0]
            log_pdfs = np.array(self._current_log_pdf, copy=True)
            log_pdfs[k] = fx[0]
            self._current = read_only(current)
            self._current_log_pdf = read_only(log_pdfs)
        return self._current, self._current_log_pdf, accepted

    # -- hyper-parameters ------------------------------------------------------
    def scale(self) -> float:
        """The stretch moves' scale ``a``."""
        return self._a

    def set_scale(self, scale: float) -> None:
        """Set the stretch moves' scale ``a`` (greater than 1).

        Raises
        ------
        ValueError
            If ``scale`` is 1 or less.
        """
        scale = number(scale, "scale")
        if not 1 < scale < math.inf:
            raise ValueError(f"The scale parameter must exceed 1; got {scale}.")
        self._a = scale

    def n_hyper_parameters(self) -> int:
        return 1

    def set_hyper_parameters(self, x: Sequence[float] | FloatArray) -> None:
        """Set ``[scale]``."""
        self.set_scale(hyper_parameters(x, 1)[0])


def stretch_factor(a: float, u: float) -> float:
    """The stretch ``z = (1 + (a - 1) u)^2 / a``: the inverse of the
    distribution function of ``g(z) ~ 1 / sqrt(z)`` on ``[1/a, a]`` at
    ``u`` in ``[0, 1]`` (eq. 9 in Goodman and Weare 2010)."""
    return (1 + (a - 1) * u) ** 2 / a


def stretch_accept(
    z: float, d: int, f_proposed: float, f_current: float, u: float
) -> bool:
    """Accept the stretch move when ``log u <= (d - 1) log z + f_proposed -
    f_current``, with ``u`` in ``(0, 1]`` (eq. 11 in Foreman-Mackey et al.
    2013); never a non-finite proposal."""
    if not np.isfinite(f_proposed):
        return False
    return bool(np.log(u) <= (d - 1) * np.log(z) + f_proposed - f_current)
