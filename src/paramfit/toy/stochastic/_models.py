"""Stochastic chemical reaction models built on `MarkovJumpModel`."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..._typing import ArrayLike, FloatArray, RngLike
from ...problems._problems import Point
from ._markov_jump_model import MarkovJumpModel


def _check_times(times: ArrayLike) -> FloatArray:
    t = np.asarray(times, dtype=float)
    if np.any(t < 0):
        raise ValueError("Negative times are not allowed.")
    return t


class _OneSpecies(MarkovJumpModel):
    """Shared by the models of one species: its initial count, and the
    change ``_V`` that each reaction makes to it."""

    _V_ONE: list[list[int]]

    def __init__(
        self, initial_molecule_count: int = 20, *, rng: RngLike = None
    ) -> None:
        super().__init__([initial_molecule_count], self._V_ONE, self._rates, rng=rng)

    @staticmethod
    def _rates(x: Point, k: Point) -> list[float]:
        raise NotImplementedError


class DegradationModel(_OneSpecies):
    r"""Degradation of a single species at rate $k$:
    $A \xrightarrow{k} \emptyset$.

    Parameters
    ----------
    initial_molecule_count : int, optional
        $A(0)$ (default 20).
    rng : int, numpy.random.Generator or None, optional
        See `MarkovJumpModel`.
    """

    _V_ONE = [[-1]]

    @staticmethod
    def _rates(x: Point, k: Point) -> list[float]:
        return [x[0] * k[0]]

    def _k(self, parameters: ArrayLike) -> float:
        p = np.asarray(parameters, dtype=float).reshape(-1)
        if len(p) != self.n_parameters():
            raise ValueError("This model should have only 1 parameter.")
        if p[0] <= 0:
            raise ValueError("Rate constant must be positive.")
        return float(p[0])

    def mean(self, parameters: ArrayLike, times: ArrayLike) -> FloatArray:
        r"""Return the mean count $A(0) e^{-k t}$ at ``times``."""
        k = self._k(parameters)
        return self._x0 * np.exp(-k * _check_times(times))

    def variance(self, parameters: ArrayLike, times: ArrayLike) -> FloatArray:
        r"""Return the variance of the count,
        $A(0) e^{-k t} (1 - e^{-k t})$ (binomial), at ``times``."""
        k = self._k(parameters)
        survive = np.exp(-k * _check_times(times))
        return self._x0 * survive * (1 - survive)

    def suggested_parameters(self) -> FloatArray:
        """Return ``[0.1]``."""
        return np.array([0.1])

    def suggested_times(self) -> FloatArray:
        """Return ``0, 1, ..., 100``."""
        return np.linspace(0, 100, 101)


class LogisticModel(MarkovJumpModel):
    r"""Stochastic logistic growth [1]_: individuals reproduce,
    $A \to 2A$, at per-capita rate $b_0 (1 - A / k)$, falling to
    0 as the population nears the carrying capacity $k$.

    Parameters are $(b_0, k)$.

    Parameters
    ----------
    initial_molecule_count : int, optional
        The initial population (default 50).
    rng : int, numpy.random.Generator or None, optional
        See `MarkovJumpModel`.

    References
    ----------
    .. [1] Simpson et al. (2019) Process noise distinguishes between
           indistinguishable population dynamics. bioRxiv.
           https://doi.org/10.1101/533182
    """

    def __init__(
        self, initial_molecule_count: int = 50, *, rng: RngLike = None
    ) -> None:
        super().__init__([initial_molecule_count], [[1]], self._rates, rng=rng)

    def n_parameters(self) -> int:
        """Return 2: ``(b0, k)``."""
        return 2

    @staticmethod
    def _rates(x: Point, k: Point) -> list[float]:
        return [k[0] * (1 - x[0] / k[1]) * x[0]]

    def mean(self, parameters: ArrayLike, times: ArrayLike) -> FloatArray:
        r"""Return the deterministic limit
        $k A(0) / (A(0) + (k - A(0)) e^{-b_0 t})$ at ``times``."""
        p = np.asarray(parameters, dtype=float).reshape(-1)
        if len(p) != 2:
            raise ValueError("This model should have only 2 parameters.")
        b, k = p
        if b <= 0:
            raise ValueError("Rate constant must be positive.")
        if k <= 0:
            raise ValueError("Carrying capacity must be positive")
        c0 = self._x0
        return (c0 * k) / (c0 + np.exp(-b * _check_times(times)) * (k - c0))

    def suggested_parameters(self) -> FloatArray:
        """Return ``[0.1, 500]``."""
        return np.array([0.1, 500.0])

    def suggested_times(self) -> FloatArray:
        """Return ``0, 1, ..., 100``."""
        return np.linspace(0, 100, 101)


class MichaelisMentenModel(MarkovJumpModel):
    r"""Michaelis-Menten enzyme kinetics [1]_ with species
    $X_1, \dots, X_4$ and reactions

    $$
    X_1 + X_2 \xrightarrow{k_1} X_3, \qquad
    X_3 \xrightarrow{k_2} X_1 + X_2, \qquad
    X_3 \xrightarrow{k_3} X_2 + X_4.
    $$

    Parameters
    ----------
    initial_molecule_count : array_like, shape (4,)
        The initial counts of the four species.
    rng : int, numpy.random.Generator or None, optional
        See `MarkovJumpModel`.

    References
    ----------
    .. [1] https://en.wikipedia.org/wiki/Michaelis-Menten_kinetics
    """

    def __init__(
        self, initial_molecule_count: Sequence[int], *, rng: RngLike = None
    ) -> None:
        V = [[-1, -1, 1, 0], [1, 1, -1, 0], [0, 1, -1, 1]]
        super().__init__(initial_molecule_count, V, self._rates, rng=rng)

    @staticmethod
    def _rates(x: Point, k: Point) -> list[float]:
        return [x[0] * x[1] * k[0], x[2] * k[1], x[2] * k[2]]


class ProductionDegradationModel(_OneSpecies):
    r"""Production and degradation of one species,
    $A \xrightarrow{k_1} \emptyset$ and
    $\emptyset \xrightarrow{k_2} A$.

    The parameters are those of `DegradationModel`.
    """

    _V_ONE = [[-1], [1]]

    @staticmethod
    def _rates(x: Point, k: Point) -> list[float]:
        return [x[0] * k[0], k[1]]

    def suggested_parameters(self) -> FloatArray:
        """Return ``[0.1, 0.2]``."""
        return np.array([0.1, 0.2])

    def suggested_times(self) -> FloatArray:
        """Return ``0, 1, ..., 100``."""
        return np.linspace(0, 100, 101)


class SchloglModel(MarkovJumpModel):
    r"""Schlögl's model [1]_, a bistable system of one species:

    $$
    2A \xrightarrow{k_1} 3A, \qquad 3A \xrightarrow{k_2} 2A, \qquad
    \emptyset \xrightarrow{k_3} A, \qquad A \xrightarrow{k_4} \emptyset.
    $$

    Parameters
    ----------
    initial_molecule_count : int, optional
        $A(0)$ (default 20).
    rng : int, numpy.random.Generator or None, optional
        See `MarkovJumpModel`.

    References
    ----------
    .. [1] Schlögl (1972) Chemical reaction models for non-equilibrium phase
           transitions. Zeitschrift für Physik. https://doi.org/10.1007/BF01379769
    """

    def __init__(
        self, initial_molecule_count: int = 20, *, rng: RngLike = None
    ) -> None:
        V = [[1], [-1], [1], [-1]]
        super().__init__([initial_molecule_count], V, self._rates, rng=rng)

    @staticmethod
    def _rates(x: Point, k: Point) -> list[float]:
        a = x[0]
        return [a * (a - 1) * k[0], a * (a - 1) * (a - 2) * k[1], k[2], a * k[3]]

    def suggested_parameters(self) -> FloatArray:
        """Return ``[0.18, 0.00025, 2200, 37.5]``."""
        return np.array([0.18, 0.00025, 2200.0, 37.5])

    def suggested_times(self) -> FloatArray:
        """Return ``0, 1, ..., 100``."""
        return np.linspace(0, 100, 101)
