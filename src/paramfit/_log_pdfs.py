"""Log-probability density functions: the base classes `LogPDF`,
`LogPrior`, `LogLikelihood` and `ProblemLogLikelihood`,
and `LogPosterior`."""

from __future__ import annotations

from typing import Any

import numpy as np

from ._util import FloatArray


class LogPDF:
    """Base class for callables ``f(x)`` returning the logarithm of a
    (possibly unnormalised) probability density, where larger is better.

    Subclasses implement `__call__()` and `n_parameters()`, and may
    implement `evaluateS1()`.
    """

    def __call__(self, x: Any) -> float:
        """Return ``log f(x)`` for ``x``, an array_like of shape
        ``(n_parameters,)``."""
        raise NotImplementedError

    def evaluateS1(self, x: Any) -> tuple[float, FloatArray]:
        """Return ``log f(x)`` and its gradient with respect to ``x``.

        Optional: not every log-pdf implements it.

        Returns
        -------
        L : float
            The log-pdf at ``x``.
        dL : ndarray, shape (n_parameters,)
            The derivatives ``d log f / dx``.
        """
        raise NotImplementedError

    def n_parameters(self) -> int:
        """Return the dimension of the parameter space."""
        raise NotImplementedError


class LogPrior(LogPDF):
    """Base class for the logarithm of a known probability density
    $\\log p(\\theta)$ over parameter space: prior knowledge of the
    parameters.

    Priors are usually, but not necessarily, normalised. Subclasses implement
    `__call__()` and `n_parameters()`, and may implement
    `evaluateS1()`, `cdf()`, `icdf()`, `mean()` and
    `sample()`.
    """

    def cdf(self, x: Any) -> Any:
        """Return the cumulative distribution function at ``x``, an array
        of shape ``(n, n_parameters)`` (or a single point)."""
        raise NotImplementedError

    def icdf(self, p: Any) -> Any:
        """Return the inverse of `cdf()` at cumulative probabilities
        ``p``, an array of shape ``(n, n_parameters)`` (or a single point)."""
        raise NotImplementedError

    def convert_from_unit_cube(self, u: Any) -> Any:
        """Map points ``u`` drawn uniformly from the unit cube to points
        distributed as this prior; by default `icdf()`."""
        return self.icdf(u)

    def convert_to_unit_cube(self, x: Any) -> Any:
        """Map points ``x`` distributed as this prior to points uniformly
        distributed on the unit cube; by default `cdf()`."""
        return self.cdf(x)

    def mean(self) -> Any:
        """Return the expected value of a variable with this distribution."""
        raise NotImplementedError

    def sample(self, n: int = 1) -> FloatArray:
        """Draw ``n`` independent samples, an array of shape
        ``(n, n_parameters)``."""
        raise NotImplementedError


class LogLikelihood(LogPDF):
    """Base class for log-likelihoods: the log-probability of a fixed data
    set *given* the parameters, $\\log p(D \\mid \\theta)$.

    Adds nothing to `LogPDF`; it marks the meaning, which
    `LogPosterior` and the transformations rely on.
    """


class ProblemLogLikelihood(LogLikelihood):
    """Base class for log-likelihoods of the data of a single- or
    multi-output problem.

    Parameters
    ----------
    problem : SingleOutputProblem or MultiOutputProblem
        The problem; read only through its public methods.
    """

    def __init__(self, problem: Any) -> None:
        super().__init__()
        self._problem = problem
        self._values = problem.values()
        self._times = problem.times()
        self._n_parameters = problem.n_parameters()

    def n_parameters(self) -> int:
        """Return the dimension of the parameter space."""
        return self._n_parameters

    def problem(self) -> Any:
        """Return the problem this log-likelihood is defined on."""
        return self._problem


class LogPosterior(LogPDF):
    r"""The sum of a log-likelihood and a log-prior on the same parameters:
    an unnormalised log-posterior.

    $$
    \log p(\theta \mid D) = \log p(D \mid \theta) + \log p(\theta)
    + \text{constant}
    $$

    The prior is evaluated first; where it is $-\infty$ the likelihood
    is not evaluated at all.

    Parameters
    ----------
    log_likelihood : LogLikelihood
        The log-likelihood.
    log_prior : LogPrior
        The log-prior, with the same number of parameters.

    Raises
    ------
    ValueError
        If ``log_prior`` is not a `LogPrior`, ``log_likelihood`` is not
        a `LogLikelihood`, or their dimensions differ.
    """

    def __init__(self, log_likelihood: LogLikelihood, log_prior: LogPrior) -> None:
        super().__init__()
        if not isinstance(log_prior, LogPrior):
            raise ValueError("Given prior must extend pints.LogPrior.")
        if not isinstance(log_likelihood, LogLikelihood):
            raise ValueError("Given log_likelihood must extend pints.LogLikelihood.")
        self._n_parameters = log_prior.n_parameters()
        if log_likelihood.n_parameters() != self._n_parameters:
            raise ValueError(
                "Given log_prior and log_likelihood must have same dimension."
            )
        self._log_prior = log_prior
        self._log_likelihood = log_likelihood

    def __call__(self, x: Any) -> float:
        """Return the log-prior plus the log-likelihood at ``x``."""
        prior = self._log_prior(x)
        if prior == _MINUS_INF:
            return _MINUS_INF
        return prior + self._log_likelihood(x)

    def evaluateS1(self, x: Any) -> tuple[float, FloatArray]:
        """Return the value and gradient, shape ``(n_parameters,)``: the sums
        of the prior's and the likelihood's (both must implement
        `LogPDF.evaluateS1()`)."""
        a, da = self._log_prior.evaluateS1(x)
        b, db = self._log_likelihood.evaluateS1(x)
        return a + b, np.asarray(da) + np.asarray(db)

    def log_likelihood(self) -> LogLikelihood:
        """Return the log-likelihood."""
        return self._log_likelihood

    def log_prior(self) -> LogPrior:
        """Return the log-prior."""
        return self._log_prior

    def n_parameters(self) -> int:
        """Return the dimension of the parameter space."""
        return self._n_parameters


_MINUS_INF = float("-inf")
