"""Evaluators: map a batch of points to their scores, in this process, on a
process pool, on any `concurrent.futures` executor or a Dask cluster, under
an explicit failure policy."""

from ._evaluators import (
    Evaluator,
    MultiSequentialEvaluator,
    ParallelEvaluator,
    SequentialEvaluator,
    evaluate,
)
from ._executors import DaskEvaluator, ExecutorEvaluator
from ._failure import EvaluationError, FailurePolicy
from ._initial_points import sample_initial_points

__all__ = [
    "DaskEvaluator",
    "EvaluationError",
    "Evaluator",
    "ExecutorEvaluator",
    "FailurePolicy",
    "MultiSequentialEvaluator",
    "ParallelEvaluator",
    "SequentialEvaluator",
    "evaluate",
    "sample_initial_points",
]
