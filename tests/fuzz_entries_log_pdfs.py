"""Entry points of the bad-input fuzzer (see ``fuzz.py``): priors and
log-likelihoods, their constructors and calls."""

from __future__ import annotations

from typing import Any

import numpy as np
from fuzz import OPAQUE, Entry, Slot, scalar_bad, vector_bad
from fuzz_entries import (
    Line,
    called,
    count,
    error,
    instance,
    likelihood,
    positive,
    prior3,
    problem,
    real,
    vec,
)

import paramfit

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
