"""`LogPosterior`: a log-prior plus a log-likelihood, up to a constant."""

from __future__ import annotations

import numpy as np

from .._checks import fail, point, with_detail
from .._typing import FloatArray
from ..problems._log_pdfs import LogLikelihood, LogPDF, LogPrior
from ..problems._problems import Point


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
            raise with_detail(
                ValueError("Given prior must extend pints.LogPrior."),
                fail("log_prior", "a LogPrior", log_prior),
                pinned=True,
            )
        if not isinstance(log_likelihood, LogLikelihood):
            raise with_detail(
                ValueError("Given log_likelihood must extend pints.LogLikelihood."),
                fail("log_likelihood", "a LogLikelihood", log_likelihood),
                pinned=True,
            )
        self._n_parameters = log_prior.n_parameters()
        if log_likelihood.n_parameters() != self._n_parameters:
            raise ValueError(
                "Given log_prior and log_likelihood must have same dimension."
            )
        self._log_prior = log_prior
        self._log_likelihood = log_likelihood

    def __call__(self, x: Point) -> float:
        """Return the log-prior plus the log-likelihood at ``x``."""
        x = point(x, self._n_parameters)
        prior = self._log_prior(x)
        if prior == _MINUS_INF:
            return _MINUS_INF
        return prior + self._log_likelihood(x)

    def evaluateS1(self, x: Point) -> tuple[float, FloatArray]:
        """Return the value and gradient, shape ``(n_parameters,)``: the sums
        of the prior's and the likelihood's (both must implement
        `LogPDF.evaluateS1()`)."""
        x = point(x, self._n_parameters)
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
