"""Entry points of the bad-input fuzzer (see ``fuzz.py``): boundaries and
transformations."""

from __future__ import annotations

from fuzz import OPAQUE, Entry, Slot, vector_bad
from fuzz_entries import (
    called,
    count,
    error,
    instance,
    likelihood,
    point,
    prior3,
    propagates,
    real,
    vec,
)

import paramfit


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
