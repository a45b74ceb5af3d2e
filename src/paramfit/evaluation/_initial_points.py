"""Draw starting points for optimisation (or sampling) at which a function
is finite."""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

import numpy as np

from .._checks import count, fits_in_memory, flag
from .._typing import ArrayLike, FloatArray
from ..log_pdfs._posterior import LogPosterior
from ..problems._boundaries import Boundaries, inside
from ..problems._error_measures import ErrorMeasure
from ..problems._log_pdfs import LogPDF
from ._evaluators import Evaluator, ParallelEvaluator, SequentialEvaluator
from ._workers import LIMIT, max_workers


def sample_initial_points(
    function: LogPDF | ErrorMeasure,
    n_points: int,
    random_sampler: Callable[[int], ArrayLike] | None = None,
    boundaries: Boundaries | None = None,
    max_tries: int = 50,
    parallel: bool = False,
    n_workers: int | None = None,
) -> list[FloatArray]:
    """Draw ``n_points`` points at which ``function`` is finite (and which lie
    inside ``boundaries``, if given).

    Points come from, in order of precedence: ``random_sampler``; the prior
    of ``function`` if it is a `LogPosterior`; ``boundaries.sample``.
    Each round draws as many points as are still missing, evaluates them and
    keeps the acceptable ones; after ``max_tries`` rounds without enough
    points a ``RuntimeError`` is raised.

    Parameters
    ----------
    function : LogPDF or ErrorMeasure
        The function that must be finite at the points.
    n_points : int
        The number of points wanted (at least 1).
    random_sampler : callable, optional
        ``random_sampler(n)`` returns ``n`` points, shape
        ``(n, n_parameters)``.
    boundaries : Boundaries, optional
        The points must lie inside these.
    max_tries : int, optional
        The maximum number of rounds.
    parallel : bool, optional
        Whether to evaluate the points on a `ParallelEvaluator`.
    n_workers : int, optional
        The number of worker processes when ``parallel`` (default: the
        number of cores); never more than ``n_points``.

    Returns
    -------
    list of ndarray
        ``n_points`` points, each of shape ``(n_parameters,)``.

    Raises
    ------
    ValueError
        For a ``function`` that is neither a `LogPDF` nor an
        `ErrorMeasure`, unsuitable ``boundaries``, a sampler that is
        not callable, no way to sample, or ``n_points < 1``.
    RuntimeError
        If not enough acceptable points were found in ``max_tries`` rounds.
    """
    if not isinstance(function, (LogPDF, ErrorMeasure)):
        raise ValueError("function must be either pints.LogPDF or pints.ErrorMeasure.")
    if boundaries is not None:
        if not isinstance(boundaries, Boundaries):
            raise ValueError("boundaries must be a pints.Boundaries object.")
        if boundaries.n_parameters() != function.n_parameters():
            raise ValueError("boundaries must match dimension of function.")
    sampler = _sampler(function, random_sampler, boundaries)
    n_points = count(
        n_points, "n_points", message="Number of initial points must be 1 or more."
    )
    fits_in_memory(
        n_points * function.n_parameters(), "n_points", n_points, "that many points"
    )
    max_tries = count(max_tries, "max_tries")

    evaluator: Evaluator
    if flag(parallel, "parallel"):
        if n_workers is None:
            workers = ParallelEvaluator.cpu_count()
        else:
            workers = count(n_workers, "n_workers", maximum=max_workers(), why=LIMIT)
        evaluator = ParallelEvaluator(function, n_workers=min(workers, n_points))
    else:
        evaluator = SequentialEvaluator(function)
    try:
        return _draw(sampler, boundaries, evaluator, n_points, max_tries)
    finally:
        if isinstance(evaluator, ParallelEvaluator):
            evaluator.close()


def _sampler(
    function: LogPDF | ErrorMeasure,
    random_sampler: object,
    boundaries: Boundaries | None,
) -> Callable[[int], ArrayLike]:
    if random_sampler is not None:
        if not callable(random_sampler):
            raise ValueError("random_sampler must be a callable function, if supplied.")
        return cast(Callable[[int], ArrayLike], random_sampler)
    if isinstance(function, LogPosterior):
        return function.log_prior().sample
    if boundaries is not None:
        return boundaries.sample
    raise ValueError(
        "If function is not a pints.LogPosterior and no boundaries are given then a"
        " random_sampler must be supplied."
    )


def _draw(
    sampler: Callable[[int], ArrayLike],
    boundaries: Boundaries | None,
    evaluator: Evaluator,
    n_points: int,
    max_tries: int,
) -> list[FloatArray]:
    points: list[FloatArray] = []
    for _ in range(max_tries):
        if len(points) >= n_points:
            break
        xs = np.asarray(sampler(n_points - len(points)), dtype=float)
        xs = xs.reshape(len(xs), -1)
        ok = np.isfinite(np.asarray(evaluator.evaluate(list(xs)), dtype=np.float64))
        if boundaries is not None:
            ok &= inside(boundaries, xs)
        points.extend(xs[ok])
    if len(points) < n_points:
        raise RuntimeError(
            "Initialisation failed since function not finite or within bounds at"
            f" initial points after {max_tries} attempts."
        )
    return points
