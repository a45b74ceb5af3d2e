"""Log-probability density functions: the base classes `LogPDF`,
`LogPrior`, `LogLikelihood` and `ProblemLogLikelihood`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Union

from .._typing import ArrayLike, FloatArray
from ._checks import check_problem

if TYPE_CHECKING:
    from ._problems import Point, Problem

#: What a prior's distribution functions (`LogPrior.cdf()`, `LogPrior.icdf()`,
#: `LogPrior.mean()`) return: a float or an array for a prior of one
#: variable (element-wise), an array for a multivariate one, and a list with
#: an entry per sub-prior for `ComposedLogPrior` (as in PINTS).
PriorValues = Union[float, FloatArray, list["PriorValues"]]


class LogPDF:
    """Base class for callables ``f(x)`` returning the logarithm of a
    (possibly unnormalised) probability density, where larger is better.

    Subclasses implement `__call__()` and `n_parameters()`, and may
    implement `evaluateS1()`.
    """

    def __call__(self, x: Point) -> float:
        """Return ``log f(x)`` for ``x``, an array_like of shape
        ``(n_parameters,)``."""
        raise NotImplementedError

    def evaluateS1(self, x: Point) -> tuple[float, FloatArray]:
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

    def cdf(self, x: ArrayLike) -> PriorValues:
        """Return the cumulative distribution function at ``x``, an array
        of shape ``(n, n_parameters)`` (or a single point)."""
        raise NotImplementedError

    def icdf(self, p: ArrayLike) -> PriorValues:
        """Return the inverse of `cdf()` at cumulative probabilities
        ``p``, an array of shape ``(n, n_parameters)`` (or a single point)."""
        raise NotImplementedError

    def convert_from_unit_cube(self, u: ArrayLike) -> PriorValues:
        """Map points ``u`` drawn uniformly from the unit cube to points
        distributed as this prior; by default `icdf()`."""
        return self.icdf(u)

    def convert_to_unit_cube(self, x: ArrayLike) -> PriorValues:
        """Map points ``x`` distributed as this prior to points uniformly
        distributed on the unit cube; by default `cdf()`."""
        return self.cdf(x)

    def mean(self) -> PriorValues:
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

    def __init__(self, problem: Problem) -> None:
        super().__init__()
        check_problem(problem)
        self._problem = problem
        self._values = problem.values()
        self._times = problem.times()
        self._n_parameters = problem.n_parameters()

    def n_parameters(self) -> int:
        """Return the dimension of the parameter space."""
        return self._n_parameters

    def problem(self) -> Problem:
        """Return the problem this log-likelihood is defined on."""
        return self._problem
