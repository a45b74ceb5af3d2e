"""Log-likelihoods built from other log-likelihoods: scaled, summed over
independent data sets, and pooled."""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np

from .._checks import fail, point, with_detail
from .._typing import ArrayLike, FloatArray
from ..problems._log_pdfs import LogLikelihood, ProblemLogLikelihood
from ..problems._problems import Point


class ScaledLogLikelihood(ProblemLogLikelihood):
    r"""A problem log-likelihood divided by the number of data points,
    $n_t n_o$.

    $$
    \log L_s(\theta) = \frac{1}{n_t n_o} \log L(\theta)
    $$

    Parameters
    ----------
    log_likelihood : ProblemLogLikelihood
        The log-likelihood to scale; its gradient is scaled too.

    Raises
    ------
    ValueError
        If ``log_likelihood`` is not a `ProblemLogLikelihood`.
    """

    def __init__(self, log_likelihood: ProblemLogLikelihood) -> None:
        if not isinstance(log_likelihood, ProblemLogLikelihood):
            raise with_detail(
                ValueError(
                    "Given log_likelihood must extend pints.ProblemLogLikelihood"
                ),
                fail("log_likelihood", "a ProblemLogLikelihood", log_likelihood),
                pinned=True,
            )
        super().__init__(log_likelihood.problem())
        self._log_likelihood = log_likelihood
        # The wrapped likelihood's dimension, noise parameters included.
        self._n_parameters = log_likelihood.n_parameters()
        self._f = 1.0 / np.prod(np.shape(self._values))

    def __call__(self, x: Point) -> float:
        """Return the scaled log-likelihood at ``x``."""
        return self._f * self._log_likelihood(x)

    def evaluateS1(self, x: Point) -> tuple[float, FloatArray]:
        """Return the scaled value and gradient, shape ``(n_parameters,)``."""
        a, b = self._log_likelihood.evaluateS1(x)
        return self._f * a, self._f * np.asarray(b)


def _checked(
    log_likelihoods: Sequence[LogLikelihood],
    name: str,
    not_a_likelihood: str,
    dimensions_differ: str,
) -> tuple[list[LogLikelihood], int]:
    """The log-likelihoods of a combination, as a list, and their common
    dimension, once checked that there are at least two, all
    `LogLikelihood` instances (else ``not_a_likelihood`` with the argument's
    position ``i`` and type ``t``) of one dimension (else
    ``dimensions_differ``)."""
    if not isinstance(log_likelihoods, Sequence) or isinstance(
        log_likelihoods, (str, bytes)
    ):
        raise TypeError(
            fail("log_likelihoods", "a sequence of LogLikelihoods", log_likelihoods)
        )
    if len(log_likelihoods) < 2:
        raise ValueError(f"{name} requires at least two log-likelihoods.")
    for i, e in enumerate(log_likelihoods):
        if not isinstance(e, LogLikelihood):
            raise ValueError(not_a_likelihood.format(i=i, t=type(e)))
    checked = list(log_likelihoods)
    n = checked[0].n_parameters()
    if any(e.n_parameters() != n for e in checked):
        raise ValueError(dimensions_differ)
    return checked, n


class SumOfIndependentLogLikelihoods(LogLikelihood):
    r"""The sum of log-likelihoods of independent data sets that share one
    parameter vector.

    $$
    \log L(\theta) = \sum_i \log L_i(\theta)
    $$

    Parameters
    ----------
    log_likelihoods : sequence of LogLikelihood
        At least two log-likelihoods with the same number of parameters.

    Raises
    ------
    ValueError
        If fewer than two are given, one is not a `LogLikelihood`, or
        the dimensions differ.
    """

    def __init__(self, log_likelihoods: Sequence[LogLikelihood]) -> None:
        super().__init__()
        # PINTS's messages, typos included.
        self._log_likelihoods, self._n_parameters = _checked(
            log_likelihoods,
            "SumOfIndependentLogLikelihoods",
            "All objects passed to SumOfIndependentLogLikelihoods must be"
            " instances of pints.LogLikelihood (failed on argument {i} of type {t}.",
            "All log-likelihoods passed to SumOfIndependentLogLogLikelihoods"
            " must have the same dimension.",
        )

    def __call__(self, x: Point) -> float:
        """Return the sum of the log-likelihoods at ``x``."""
        x = point(x, self._n_parameters)
        total: float = 0
        for e in self._log_likelihoods:
            total += e(x)
        return total

    def evaluateS1(self, x: Point) -> tuple[float, FloatArray]:
        """Return the sum and its gradient, shape ``(n_parameters,)``."""
        x = point(x, self._n_parameters)
        total: float = 0
        gradient = np.zeros(self._n_parameters)
        for e in self._log_likelihoods:
            a, b = e.evaluateS1(x)
            total += a
            gradient += np.asarray(b)
        return total, gradient

    def n_parameters(self) -> int:
        """Return the dimension of the parameter space."""
        return self._n_parameters


class PooledLogLikelihood(LogLikelihood):
    r"""The sum of independent log-likelihoods in which some parameters are
    shared (pooled) and the others are individual.

    $$
    \log L(\psi_1, \ldots, \psi_m, \psi_{\text{pooled}}) =
    \sum_{i=1}^m \log L_i(\psi_i, \psi_{\text{pooled}})
    $$

    The parameter vector lists the unpooled parameters of the first
    log-likelihood, then those of the second, and so on, followed by the
    pooled parameters once.

    Parameters
    ----------
    log_likelihoods : sequence of LogLikelihood
        At least two log-likelihoods with the same number of parameters ``n``.
    pooled : array_like of bool, shape (n,)
        Which of the ``n`` parameters are shared.

    Raises
    ------
    ValueError
        If fewer than two log-likelihoods are given, one is not a
        `LogLikelihood`, the dimensions differ, or ``pooled`` is not a
        boolean array of length ``n``.
    """

    def __init__(
        self, log_likelihoods: Sequence[LogLikelihood], pooled: ArrayLike
    ) -> None:
        super().__init__()
        self._log_likelihoods, n = _checked(
            log_likelihoods,
            "PooledLogLikelihood",
            "All log-likelihoods passed to PooledLogLikelihood must be instances"
            " of pints.LogLikelihood (failed on argument {i} of type {t}).",
            "All log-likelihoods passed to PooledLogLikelihoods must have same"
            " dimension.",
        )
        pooled = np.asarray(pooled)
        if pooled.ndim != 1 or len(pooled) != n:
            raise ValueError(
                "The array-like input `pooled` needs to have the same length as the"
                " number of parameters of the individual log-likelihoods."
            )
        if pooled.dtype != np.dtype(bool):
            raise ValueError(
                "The array-like input `pooled` passed to PooledLogLikelihood has to"
                " contain booleans exclusively."
            )
        n_pooled = int(pooled.sum())
        n_unpooled = n - n_pooled
        m = len(self._log_likelihoods)
        self._n_parameters = n_pooled + m * n_unpooled
        # Row i: where each of likelihood i's parameters sits in the full vector.
        index = np.empty((m, n), dtype=int)
        index[:, pooled] = np.arange(m * n_unpooled, self._n_parameters)
        index[:, ~pooled] = np.arange(m * n_unpooled).reshape(m, n_unpooled)
        self._index = index

    def __call__(self, x: Point) -> float:
        """Return the sum of the individual log-likelihoods at ``x``."""
        x = point(x, self._n_parameters)
        total: float = 0
        for e, index in zip(self._log_likelihoods, self._index, strict=True):
            total += e(x[index])
        return total

    def evaluateS1(self, x: Point) -> tuple[float, FloatArray]:
        """Return the sum and its gradient, shape ``(n_parameters,)``; the
        derivatives with respect to pooled parameters add up."""
        x = point(x, self._n_parameters)
        total: float = 0
        gradient = np.zeros(self._n_parameters)
        for e, index in zip(self._log_likelihoods, self._index, strict=True):
            a, b = e.evaluateS1(x[index])
            total += a
            gradient[index] += np.asarray(b)  # indices are unique within a row
        return total, gradient

    def n_parameters(self) -> int:
        """Return the dimension of the parameter space."""
        return self._n_parameters


class PooledLogPDF(PooledLogLikelihood):
    """Deprecated alias of `PooledLogLikelihood` (warns on every
    construction)."""

    def __init__(self, log_pdfs: Sequence[LogLikelihood], pooled: ArrayLike) -> None:
        warnings.warn(
            "The class `pints.PooledLogPDF` is deprecated."
            " Please use `pints.PooledLogLikelihood` instead.",
            stacklevel=2,
        )
        super().__init__(log_pdfs, pooled)


class SumOfIndependentLogPDFs(SumOfIndependentLogLikelihoods):
    """Deprecated alias of `SumOfIndependentLogLikelihoods` (warns on
    every construction)."""

    def __init__(self, log_likelihoods: Sequence[LogLikelihood]) -> None:
        warnings.warn(
            "The class `pints.SumOfIndependentLogPDFs` is deprecated."
            " Please use `pints.SumOfIndependentLogLikelihoods` instead.",
            stacklevel=2,
        )
        super().__init__(log_likelihoods)
