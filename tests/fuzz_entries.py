"""The entry points of the bad-input fuzzer (see ``fuzz.py``): fixtures,
slot builders, problems and error measures, and `entries`, which gathers
every entry point: priors and likelihoods (``fuzz_entries_log_pdfs.py``),
boundaries and transformations (``fuzz_entries_spaces.py``), optimisers
(``fuzz_entries_methods.py``), samplers (``fuzz_entries_samplers.py``),
evaluators (``fuzz_entries_runs.py``), controllers
(``fuzz_entries_controllers.py``), the one-call functions and utilities
(``fuzz_entries_misc.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from fuzz import OPAQUE, Entry, Slot, scalar_bad, vector_bad

import paramfit

TIMES = np.linspace(0.0, 1.0, 6)
TRUE = np.array([1.0, 2.0])


class Line(paramfit.ForwardModelS1):
    """``y = a + b t``, with sensitivities: the fuzzer's model."""

    def n_parameters(self) -> int:
        return 2

    def simulate(self, parameters: Any, times: Any) -> np.ndarray:
        a, b = parameters
        return a + b * np.asarray(times)

    def simulateS1(self, parameters: Any, times: Any) -> tuple[Any, Any]:
        t = np.asarray(times)
        return self.simulate(parameters, t), np.column_stack([np.ones_like(t), t])


class TwoLines(paramfit.ForwardModel):
    """Two outputs, ``a + b t`` and ``a - b t``."""

    def n_parameters(self) -> int:
        return 2

    def n_outputs(self) -> int:
        return 2

    def simulate(self, parameters: Any, times: Any) -> np.ndarray:
        a, b = parameters
        t = np.asarray(times)
        return np.column_stack([a + b * t, a - b * t])


def values() -> np.ndarray:
    return Line().simulate(TRUE, TIMES) + 0.1 * np.sin(7 * TIMES)


def problem() -> paramfit.SingleOutputProblem:
    return paramfit.SingleOutputProblem(Line(), TIMES, values())


def problem2() -> paramfit.MultiOutputProblem:
    return paramfit.MultiOutputProblem(
        TwoLines(), TIMES, TwoLines().simulate(TRUE, TIMES)
    )


def error() -> paramfit.SumOfSquaresError:
    return paramfit.SumOfSquaresError(problem())


def likelihood() -> paramfit.GaussianLogLikelihood:
    return paramfit.GaussianLogLikelihood(problem())


def prior3() -> paramfit.UniformLogPrior:
    return paramfit.UniformLogPrior([0, 0, 0.01], [10, 10, 10])


# -- slots --------------------------------------------------------------------


def real(
    name: str, valid: Any, *aliases: str, kind: str = "real", ok: Sequence[str] = ()
) -> Slot:
    """A number of ``kind`` (see `scalar_bad`); ``ok`` lists the labels of
    values that are valid here."""
    bad = [b for b in scalar_bad(kind) if b[0] not in ok]
    return Slot(name, valid, bad, aliases, kind=kind, ok=frozenset(ok))


def positive(name: str, valid: Any, *aliases: str, ok: Sequence[str] = ()) -> Slot:
    return real(name, valid, *aliases, kind="positive", ok=ok)


#: Counts that are valid however large, when nothing is allocated for them.
HUGE_COUNTS = ("10**400", "1e308", "10**18")


def count(
    name: str,
    valid: Any,
    *aliases: str,
    minimum: int = 1,
    ok: Sequence[str] = (),
    allocates: bool = True,
    truncates: bool = False,
) -> Slot:
    """A whole number >= ``minimum``. ``ok`` lists labels of values that are
    valid here; huge values are valid unless the count ``allocates`` memory,
    and fractions if it ``truncates`` them (as PINTS's ``int()``)."""
    skip = set(ok) | (set() if allocates else set(HUGE_COUNTS))
    if truncates:
        skip.add("fraction")
    bad = [b for b in scalar_bad("count", minimum) if b[0] not in skip]
    return Slot(
        name, valid, bad, aliases, kind="count", size=minimum, ok=frozenset(skip)
    )


def flag(name: str, valid: Any = True, *aliases: str) -> Slot:
    return Slot(name, valid, scalar_bad("bool"), aliases)


def vec(
    name: str,
    valid: Any,
    *aliases: str,
    finite: bool = True,
    ok: Sequence[str] = (),
) -> Slot:
    """A vector of the length of ``valid``; ``ok`` lists the labels of
    values that are valid here (e.g. ``"None"`` for an optional vector)."""
    bad = [b for b in vector_bad(len(valid), finite=finite) if b[0] not in ok]
    kind = "vector" if finite else "point"
    return Slot(name, valid, bad, aliases, kind=kind, size=len(valid), ok=frozenset(ok))


def pos_vec(name: str, valid: Any, *aliases: str) -> Slot:
    n = len(valid)
    bad = vector_bad(n) + [("zero entries", [0.0] * n), ("negative", [-1.0] * n)]
    return Slot(name, valid, bad, aliases)


def point(n: int, name: str = "x", *aliases: str) -> Slot:
    """The point a function is called at: NaN and inf entries are allowed
    (see `propagates`)."""
    # Functions of a problem name their points "parameters", as problems do.
    words = (*aliases, "point", "parameters")
    bad = vector_bad(n, finite=False)
    return Slot(name, [0.5] * n, bad, words, kind="point", size=n)


def instance(name: str, valid: Any, *aliases: str, wrong: Sequence[Any] = ()) -> Slot:
    """An object of some class: numbers, strings and other objects are bad."""
    bad = [
        ("None", None),
        ("float", 1.0),
        ("word", "abc"),
        ("object", OPAQUE),
        ("list", [1.0, 2.0]),
        *[(f"wrong {type(w).__name__}", w) for w in wrong],
    ]
    return Slot(name, valid, bad, aliases, factory=callable(valid))


def function_slot(name: str, valid: Callable[..., Any], *aliases: str) -> Slot:
    bad = [("None", None), ("float", 1.0), ("word", "f"), ("object", OPAQUE)]
    return Slot(name, valid, bad, aliases)


def propagates(slot: str, value: Any, result: Any) -> bool:
    """At points with NaN or infinite entries a function may give a
    non-finite value (log-pdfs document ``-inf``)."""
    try:
        given = np.asarray(value, dtype=float)
    except (TypeError, ValueError, OverflowError):
        return False
    if np.isfinite(given).all():
        return False
    r = result[0] if isinstance(result, tuple) else result
    try:
        return not np.isfinite(np.asarray(r, dtype=float)).all()
    except (TypeError, ValueError, OverflowError):
        return False


def called(
    name: str,
    make: Callable[[], Any],
    n: int,
    method: str = "__call__",
    group: str = "functions",
    arg: str = "x",
) -> Entry:
    """``make().<method>(<arg>)`` at a point of dimension ``n``."""

    def call(**kwargs: Any) -> Any:
        return getattr(make(), method)(*kwargs.values())

    suffix = "" if method == "__call__" else f".{method}"
    return Entry(
        f"{name}(...){suffix}({arg})", call, (point(n, arg),), propagates, group
    )


# -- problems and error measures -------------------------------------------------


def problem_entries() -> list[Entry]:
    models = [Line(), problem()]
    times_bad = vector_bad(6) + [
        ("decreasing", TIMES[::-1].copy()),
        ("negative", TIMES - 1),
        ("repeated", [0.0, 0.0, 0.2, 0.4, 0.6, 0.8]),
    ]
    two = TwoLines().simulate(TRUE, TIMES)
    entries = [
        Entry(
            "SingleOutputProblem(model, times, values)",
            paramfit.SingleOutputProblem,
            (
                instance("model", Line(), wrong=[problem(), TwoLines()]),
                Slot("times", TIMES, times_bad),
                vec("values", values()),
            ),
            group="problems",
        ),
        Entry(
            "MultiOutputProblem(model, times, values)",
            paramfit.MultiOutputProblem,
            (
                instance("model", TwoLines(), wrong=[problem2()]),
                Slot("times", TIMES, times_bad[:-1]),
                Slot(
                    "values",
                    two,
                    [
                        *vector_bad(6)[:5],
                        ("nan", np.where(two > 1, np.nan, two)),
                        ("wrong shape", two.T),
                        ("inf", np.full_like(two, np.inf)),
                    ],
                ),
            ),
            group="problems",
        ),
        called("SingleOutputProblem", problem, 2, "evaluate", "problems", "parameters"),
        called(
            "SingleOutputProblem", problem, 2, "evaluateS1", "problems", "parameters"
        ),
        called("MultiOutputProblem", problem2, 2, "evaluate", "problems", "parameters"),
    ]
    del models
    for cls in (paramfit.SumOfSquaresError, paramfit.MeanSquaredError):
        entries += [
            Entry(
                f"{cls.__name__}(problem, weights)",
                cls,
                (
                    instance("problem", problem, wrong=[Line()]),
                    vec("weights", [1.0], ok=("None",)),
                ),
                group="problems",
            ),
            called(cls.__name__, lambda c=cls: c(problem()), 2),
            called(cls.__name__, lambda c=cls: c(problem()), 2, "evaluateS1"),
        ]
    for cls in (paramfit.RootMeanSquaredError, paramfit.NormalisedRootMeanSquaredError):
        entries += [
            Entry(
                f"{cls.__name__}(problem)",
                cls,
                (instance("problem", problem, wrong=[problem2(), Line()]),),
                group="problems",
            ),
            called(cls.__name__, lambda c=cls: c(problem()), 2),
        ]
    entries += [
        Entry(
            "SumOfErrors(error_measures, weights)",
            paramfit.SumOfErrors,
            (
                Slot(
                    "error_measures",
                    lambda: [error(), error()],
                    [
                        ("None", None),
                        ("empty", []),
                        ("numbers", [1.0, 2.0]),
                        ("object", OPAQUE),
                        ("word", "ab"),
                        (
                            "dimensions",
                            [
                                error(),
                                paramfit.SumOfSquaresError(
                                    paramfit.SingleOutputProblem(
                                        _Constant3(), TIMES, values()
                                    )
                                ),
                            ],
                        ),
                    ],
                    ("error measure",),
                    factory=True,
                ),
                vec("weights", [1.0, 2.0], ok=("None",)),
            ),
            group="problems",
        ),
        called("SumOfErrors", lambda: paramfit.SumOfErrors([error(), error()]), 2),
        Entry(
            "ProbabilityBasedError(log_pdf)",
            paramfit.ProbabilityBasedError,
            (instance("log_pdf", likelihood, "logpdf", wrong=[error()]),),
            group="problems",
        ),
        called(
            "ProbabilityBasedError",
            lambda: paramfit.ProbabilityBasedError(likelihood()),
            3,
        ),
    ]
    return entries


class _Constant3(paramfit.ForwardModel):
    def n_parameters(self) -> int:
        return 3

    def simulate(self, parameters: Any, times: Any) -> np.ndarray:
        return np.full(len(times), float(parameters[0]))


def entries() -> list[Entry]:
    """Every entry point the fuzzer covers."""
    from fuzz_entries_controllers import controller_entries
    from fuzz_entries_log_pdfs import likelihood_entries, prior_entries
    from fuzz_entries_methods import optimiser_entries
    from fuzz_entries_misc import misc_entries, one_call_entries
    from fuzz_entries_runs import evaluator_entries
    from fuzz_entries_samplers import sampler_entries
    from fuzz_entries_spaces import boundary_entries, transformation_entries

    return [
        *problem_entries(),
        *prior_entries(),
        *likelihood_entries(),
        *boundary_entries(),
        *transformation_entries(),
        *optimiser_entries(),
        *sampler_entries(),
        *evaluator_entries(),
        *controller_entries(),
        *one_call_entries(),
        *misc_entries(),
    ]
