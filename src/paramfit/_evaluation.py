"""Where PINTS keeps its evaluators; kept so that imports of
``paramfit._evaluation`` (PINTS's tests import ``_Worker`` from it) work.
The evaluators live in `paramfit.evaluation`."""

from .evaluation import (
    Evaluator,
    MultiSequentialEvaluator,
    ParallelEvaluator,
    SequentialEvaluator,
    evaluate,
)
from .evaluation._process_pool import _Worker

__all__ = [
    "Evaluator",
    "MultiSequentialEvaluator",
    "ParallelEvaluator",
    "SequentialEvaluator",
    "_Worker",
    "evaluate",
]
