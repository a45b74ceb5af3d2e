"""The entry points of the bad-input fuzzer (see ``fuzz.py``): fixtures,
slot builders, and the problems, error measures, log-pdfs, boundaries and
transformations. Methods are in ``fuzz_entries_methods.py``; evaluators,
controllers and the one-call functions in ``fuzz_entries_runs.py``.
"""

from __future__ import annotations

import math
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


# -- log-pdfs ---------------------------------------------------------------------

#: (class, valid arguments as slots) of every one-dimensional prior.
PRIORS: list[tuple[Any, tuple[Slot, ...]]] = [
    (paramfit.BetaLogPrior, (positive("a", 2.0), positive("b", 3.0))),
    (paramfit.CauchyLogPrior, (real("location", 0.0), positive("scale", 1.0))),
    (paramfit.ExponentialLogPrior, (positive("rate", 1.5),)),
    (paramfit.GammaLogPrior, (positive("a", 2.0), positive("b", 1.0))),
    (paramfit.GaussianLogPrior, (real("mean", 0.0), positive("sd", 1.0))),
    (paramfit.HalfCauchyLogPrior, (real("location", 0.0), positive("scale", 1.0))),
    (paramfit.InverseGammaLogPrior, (positive("a", 2.0), positive("b", 1.0))),
    (paramfit.LogNormalLogPrior, (real("log_mean", 0.0), positive("scale", 1.0))),
    (paramfit.LogUniformLogPrior, (positive("a", 0.1), positive("b", 10.0))),
    (
        paramfit.StudentTLogPrior,
        (real("location", 0.0), positive("df", 3.0), positive("scale", 1.0)),
    ),
    (
        paramfit.TruncatedGaussianLogPrior,
        (
            real("mean", 0.0),
            positive("sd", 1.0),
            real("a", -1.0, ok=("-inf",)),
            real("b", 2.0, ok=("inf",)),
        ),
    ),
]


def _prior_value(cls: Any, slots: tuple[Slot, ...]) -> Any:
    return cls(*[s.valid for s in slots])


def prior_entries() -> list[Entry]:
    entries = []
    for cls, slots in PRIORS:
        name = cls.__name__

        def make(c: Any = cls, s: tuple[Slot, ...] = slots) -> Any:
            return _prior_value(c, s)

        entries += [
            Entry(
                f"{name}({', '.join(s.name for s in slots)})",
                cls,
                slots,
                group="priors",
            ),
            called(name, make, 1, group="priors"),
            called(name, make, 1, "evaluateS1", "priors"),
            Entry(
                f"{name}(...).sample(n)",
                lambda n, m=make: m().sample(n),
                (count("n", 3, minimum=0),),
                group="priors",
            ),
            Entry(
                f"{name}(...).cdf(x)",
                lambda x, m=make: m().cdf(x),
                (
                    Slot(
                        "x",
                        0.5,
                        [
                            b
                            for b in scalar_bad("real")
                            if b[0] not in ("list of one", "list of two")
                            and b[0] not in ("inf", "-inf")
                        ],
                    ),
                ),
                group="priors",
            ),
            Entry(
                f"{name}(...).icdf(p)",
                lambda p, m=make: m().icdf(p),
                (
                    Slot(
                        "p",
                        0.5,
                        [
                            b
                            for b in scalar_bad("probability")
                            if b[0] not in ("list of one", "list of two")
                        ],
                    ),
                ),
                group="priors",
            ),
        ]
    entries += [
        Entry(
            "UniformLogPrior(lower, upper)",
            lambda lower, upper: paramfit.UniformLogPrior(lower, upper),
            (
                vec("lower", [0.0, 0.0], "lower_or_boundaries", "bounds"),
                vec("upper", [1.0, 2.0], "bounds"),
            ),
            group="priors",
        ),
        called(
            "UniformLogPrior",
            lambda: paramfit.UniformLogPrior([0, 0], [1, 2]),
            2,
            group="priors",
        ),
        Entry(
            "MultivariateGaussianLogPrior(mean, cov)",
            paramfit.MultivariateGaussianLogPrior,
            (
                vec("mean", [0.0, 0.0]),
                Slot(
                    "cov",
                    np.eye(2),
                    [
                        *vector_bad(2)[:9],
                        ("nan", np.full((2, 2), np.nan)),
                        ("not positive", -np.eye(2)),
                        ("asymmetric", [[1.0, 0.5], [0.0, 1.0]]),
                        ("wrong size", np.eye(3)),
                    ],
                    ("covariance",),
                ),
            ),
            group="priors",
        ),
        called(
            "MultivariateGaussianLogPrior",
            lambda: paramfit.MultivariateGaussianLogPrior([0, 0], np.eye(2)),
            2,
            group="priors",
        ),
        Entry(
            "ComposedLogPrior(*priors)",
            lambda priors: paramfit.ComposedLogPrior(*priors),
            (
                Slot(
                    "priors",
                    lambda: [paramfit.GaussianLogPrior(0, 1)] * 2,
                    [
                        ("None", [None]),
                        ("numbers", [1.0]),
                        ("error", [error()]),
                        ("empty", []),
                        ("object", [OPAQUE]),
                    ],
                    ("prior",),
                    factory=True,
                ),
            ),
            group="priors",
        ),
        called(
            "ComposedLogPrior",
            lambda: paramfit.ComposedLogPrior(
                paramfit.GaussianLogPrior(0, 1), paramfit.ExponentialLogPrior(1)
            ),
            2,
            group="priors",
        ),
    ]
    return entries


def likelihood_entries() -> list[Entry]:
    p = problem
    one_problem = (instance("problem", p, wrong=[Line(), error()]),)
    simple = [
        paramfit.AR1LogLikelihood,
        paramfit.ARMA11LogLikelihood,
        paramfit.CauchyLogLikelihood,
        paramfit.ConstantAndMultiplicativeGaussianLogLikelihood,
        paramfit.GaussianIntegratedLogUniformLogLikelihood,
        paramfit.GaussianLogLikelihood,
        paramfit.LogNormalLogLikelihood,
        paramfit.MultiplicativeGaussianLogLikelihood,
        paramfit.StudentTLogLikelihood,
    ]
    entries = []
    for cls in simple:
        f = cls(p())
        n = f.n_parameters()
        entries += [
            Entry(f"{cls.__name__}(problem)", cls, one_problem, group="likelihoods"),
            called(cls.__name__, lambda c=cls: c(p()), n, group="likelihoods"),
        ]
        if cls in (
            paramfit.GaussianLogLikelihood,
            paramfit.ConstantAndMultiplicativeGaussianLogLikelihood,
            paramfit.LogNormalLogLikelihood,
        ):
            entries.append(
                called(
                    cls.__name__, lambda c=cls: c(p()), n, "evaluateS1", "likelihoods"
                )
            )
    entries += [
        Entry(
            "GaussianKnownSigmaLogLikelihood(problem, sigma)",
            paramfit.GaussianKnownSigmaLogLikelihood,
            (
                *one_problem,
                positive("sigma", 0.5, "standard deviation", ok=("list of one",)),
            ),
            group="likelihoods",
        ),
        called(
            "GaussianKnownSigmaLogLikelihood",
            lambda: paramfit.GaussianKnownSigmaLogLikelihood(p(), 0.5),
            2,
            group="likelihoods",
        ),
        called(
            "GaussianKnownSigmaLogLikelihood",
            lambda: paramfit.GaussianKnownSigmaLogLikelihood(p(), 0.5),
            2,
            "evaluateS1",
            "likelihoods",
        ),
        Entry(
            "GaussianIntegratedUniformLogLikelihood(problem, lower, upper)",
            paramfit.GaussianIntegratedUniformLogLikelihood,
            (
                *one_problem,
                real("lower", 0.1, "bound", kind="nonneg", ok=("list of one",)),
                positive("upper", 2.0, "bound", ok=("list of one",)),
            ),
            group="likelihoods",
        ),
        Entry(
            "CensoredGaussianLogLikelihood(problem, lower, upper)",
            paramfit.CensoredGaussianLogLikelihood,
            (
                *one_problem,
                real("lower", 0.0, "bound", ok=("None", "list of one", "-inf")),
                real("upper", 10.0, "bound", ok=("None", "list of one", "inf")),
            ),
            group="likelihoods",
        ),
        Entry(
            "ScaledLogLikelihood(log_likelihood)",
            paramfit.ScaledLogLikelihood,
            (
                instance(
                    "log_likelihood",
                    likelihood,
                    "loglikelihood",
                    wrong=[error(), paramfit.GaussianLogPrior(0, 1)],
                ),
            ),
            group="likelihoods",
        ),
        called(
            "ScaledLogLikelihood",
            lambda: paramfit.ScaledLogLikelihood(likelihood()),
            3,
            group="likelihoods",
        ),
        Entry(
            "LogPosterior(log_likelihood, log_prior)",
            paramfit.LogPosterior,
            (
                instance(
                    "log_likelihood", likelihood, "loglikelihood", wrong=[error()]
                ),
                instance(
                    "log_prior",
                    prior3,
                    "logprior",
                    wrong=[paramfit.GaussianLogPrior(0, 1), likelihood()],
                ),
            ),
            group="likelihoods",
        ),
        called(
            "LogPosterior",
            lambda: paramfit.LogPosterior(likelihood(), prior3()),
            3,
            group="likelihoods",
        ),
        called(
            "LogPosterior",
            lambda: paramfit.LogPosterior(likelihood(), prior3()),
            3,
            "evaluateS1",
            "likelihoods",
        ),
        Entry(
            "SumOfIndependentLogPDFs(log_likelihoods)",
            paramfit.SumOfIndependentLogPDFs,
            (
                Slot(
                    "log_likelihoods",
                    lambda: [likelihood(), likelihood()],
                    [
                        ("None", None),
                        ("one", [likelihood()]),
                        ("numbers", [1.0, 2.0]),
                        ("object", OPAQUE),
                        ("errors", [error(), error()]),
                        (
                            "dimensions",
                            [
                                likelihood(),
                                paramfit.GaussianKnownSigmaLogLikelihood(
                                    problem(), 1.0
                                ),
                            ],
                        ),
                    ],
                    ("loglikelihood", "log-likelihood"),
                    factory=True,
                ),
            ),
            group="likelihoods",
        ),
        Entry(
            "PooledLogPDF(log_pdfs, pooled)",
            paramfit.PooledLogPDF,
            (
                Slot(
                    "log_pdfs",
                    lambda: [likelihood(), likelihood()],
                    [
                        ("None", None),
                        ("numbers", [1.0, 2.0]),
                        ("object", OPAQUE),
                        ("errors", [error(), error()]),
                    ],
                    ("log-pdf", "logpdf"),
                    factory=True,
                ),
                Slot(
                    "pooled",
                    [True, False, True],
                    [
                        ("None", None),
                        ("word", "abc"),
                        ("too short", [True]),
                        ("numbers", [0.5, 2.0, 1.0]),
                        ("object", OPAQUE),
                    ],
                ),
            ),
            group="likelihoods",
        ),
    ]
    return entries


# -- boundaries and transformations -------------------------------------------------


def boundary_entries() -> list[Entry]:
    box = lambda: paramfit.RectangularBoundaries([0, 0], [1, 2])  # noqa: E731
    return [
        Entry(
            "RectangularBoundaries(lower, upper, rng)",
            lambda lower, upper, rng: paramfit.RectangularBoundaries(
                lower, upper, rng=rng
            ),
            (
                vec("lower", [0.0, 0.0], "bounds"),
                vec("upper", [1.0, 2.0], "bounds", ok=("inf entries",)),
                Slot(
                    "rng",
                    1,
                    [
                        ("word", "abc"),
                        ("float", 1.5),
                        ("object", OPAQUE),
                        ("negative", -1),
                        ("list", [1.0]),
                    ],
                    ("seed",),
                ),
            ),
            group="boundaries",
        ),
        called("RectangularBoundaries", box, 2, "check", "boundaries", "parameters"),
        Entry(
            "RectangularBoundaries(...).sample(n)",
            lambda n: box().sample(n),
            (count("n", 3, minimum=0),),
            group="boundaries",
        ),
        Entry(
            "LogPDFBoundaries(log_pdf, threshold)",
            paramfit.LogPDFBoundaries,
            (
                instance("log_pdf", prior3, "logpdf", wrong=[error()]),
                real("threshold", -1.0, ok=("-inf", "inf")),
            ),
            group="boundaries",
        ),
        Entry(
            "ComposedBoundaries(*boundaries)",
            lambda boundaries: paramfit.ComposedBoundaries(*boundaries),
            (
                Slot(
                    "boundaries",
                    lambda: [box(), box()],
                    [
                        ("empty", []),
                        ("numbers", [1.0]),
                        ("None", [None]),
                        ("object", [OPAQUE]),
                    ],
                    ("boundaries",),
                    factory=True,
                ),
            ),
            group="boundaries",
        ),
    ]


def transformation_entries() -> list[Entry]:
    entries = []
    for cls in (
        paramfit.LogTransformation,
        paramfit.LogitTransformation,
        paramfit.IdentityTransformation,
    ):
        entries.append(
            Entry(
                f"{cls.__name__}(n_parameters)",
                cls,
                (count("n_parameters", 2, "dimension"),),
                group="transformations",
            )
        )
    log = lambda: paramfit.LogTransformation(2)  # noqa: E731
    for method in ("to_model", "to_search", "jacobian", "log_jacobian_det"):
        arg = "p" if method == "to_search" else "q"
        entries.append(
            called("LogTransformation", log, 2, method, "transformations", arg)
        )
    entries += [
        Entry(
            "ScalingTransformation(scalings, translation)",
            paramfit.ScalingTransformation,
            (
                Slot(
                    "scalings",
                    [1.0, 2.0],
                    vector_bad(2) + [("zero", [0.0, 1.0])],
                    ("scaling",),
                ),
                vec("translation", [0.0, 1.0], ok=("None",)),
            ),
            group="transformations",
        ),
        Entry(
            "UnitCubeTransformation(lower, upper)",
            paramfit.UnitCubeTransformation,
            (vec("lower", [0.0, 0.0], "bound"), vec("upper", [1.0, 2.0], "bound")),
            group="transformations",
        ),
        Entry(
            "RectangularBoundariesTransformation(lower, upper)",
            paramfit.RectangularBoundariesTransformation,
            (
                vec("lower_or_boundaries", [0.0, 0.0], "lower", "bound"),
                vec("upper", [1.0, 2.0], "bound"),
            ),
            group="transformations",
        ),
        Entry(
            "ComposedTransformation(*transformations)",
            lambda transformations: paramfit.ComposedTransformation(*transformations),
            (
                Slot(
                    "transformations",
                    lambda: [log(), log()],
                    [
                        ("empty", []),
                        ("numbers", [1.0]),
                        ("None", [None]),
                        ("object", [OPAQUE]),
                    ],
                    ("transformation",),
                    factory=True,
                ),
            ),
            group="transformations",
        ),
        Entry(
            "LogTransformation(2).convert_standard_deviation(s, q)",
            lambda s, q: log().convert_standard_deviation(s, q),
            (
                # A conversion: any finite s, a number or one per parameter.
                vec("s", [0.1, 0.2], "standard deviation", ok=("too short",)),
                point(2, "q"),
            ),
            propagates,
            group="transformations",
        ),
        Entry(
            "TransformedErrorMeasure(error, transformation)",
            paramfit.TransformedErrorMeasure,
            (
                instance("error", error, "error measure", wrong=[likelihood()]),
                instance("transformation", log, wrong=[paramfit.LogTransformation(3)]),
            ),
            group="transformations",
        ),
        Entry(
            "TransformedLogPDF(log_pdf, transformation)",
            paramfit.TransformedLogPDF,
            (
                instance("log_pdf", prior3, "logpdf", "log-pdf", wrong=[error()]),
                instance(
                    "transformation",
                    lambda: paramfit.LogTransformation(3),
                    wrong=[log()],
                ),
            ),
            group="transformations",
        ),
        called(
            "TransformedLogPDF",
            lambda: paramfit.TransformedLogPDF(prior3(), paramfit.LogTransformation(3)),
            3,
            group="transformations",
            arg="q",
        ),
    ]
    return entries


def entries() -> list[Entry]:
    """Every entry point the fuzzer covers."""
    from fuzz_entries_methods import method_entries
    from fuzz_entries_runs import run_entries

    return [
        *problem_entries(),
        *prior_entries(),
        *likelihood_entries(),
        *boundary_entries(),
        *transformation_entries(),
        *method_entries(),
        *run_entries(),
    ]


__all__ = ["entries", "math"]
