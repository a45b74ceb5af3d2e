"""Entry points of the bad-input fuzzer (see ``fuzz.py``): the one-call
functions (``fmin``, ``curve_fit``) and the small utilities (``vector``,
diagnostics, noise)."""

from __future__ import annotations

from typing import Any

import numpy as np
from fuzz import OPAQUE, Entry, Slot
from fuzz_entries import (
    count,
    positive,
    real,
)
from fuzz_entries_controllers import _x0_bad
from fuzz_entries_methods import X0
from fuzz_entries_runs import limit, square

import paramfit


def _returns_none(x: Any) -> None:
    return None


def one_call_entries() -> list[Entry]:
    def fmin(
        f: Any,
        x0: Any,
        boundaries: Any,
        threshold: Any,
        max_iter: Any,
        max_unchanged: Any,
        parallel: Any,
    ) -> Any:
        return paramfit.fmin(
            f, x0, None, boundaries, threshold, max_iter, max_unchanged, False, parallel
        )

    def curve_fit(f: Any, x: Any, y: Any, p0: Any) -> Any:
        return paramfit.curve_fit(f, x, y, p0, max_iter=20)

    xs = np.linspace(0, 1, 5)
    line = lambda x, a, b: a + b * x  # noqa: E731
    return [
        Entry(
            "fmin(f, x0, ...)",
            fmin,
            (
                Slot(
                    "f",
                    square,
                    [
                        ("None", None),
                        ("float", 1.0),
                        ("object", OPAQUE),
                        ("returns None", _returns_none),
                        ("returns str", lambda x: "1.0"),
                    ],
                    ("function", "callable", "returned"),
                ),
                Slot(
                    "x0",
                    X0,
                    [b for b in _x0_bad(2) if b[0] != "too long"]
                    + [("1e308", [1e308, 1e308])],
                    ("starting point", "dimension", "finite"),
                ),
                Slot(
                    "boundaries",
                    None,
                    [
                        ("float", 1.0),
                        ("word", "abc"),
                        ("object", OPAQUE),
                        ("one bound", ([0, 0],)),
                        ("x0 outside", ([2, 3], [4, 5])),
                    ],
                    ("bound", "initial position"),
                ),
                real("threshold", None, ok=("None", "inf", "-inf")),
                limit("max_iter", "iteration", valid=20),
                limit("max_unchanged", "iteration", valid=20),
                Slot(
                    "parallel",
                    False,
                    [
                        ("word", "yes"),
                        ("object", OPAQUE),
                        ("10**18", 10**18),
                        ("1e308", 1e308),
                    ],
                    ("workers",),
                ),
            ),
            group="one-call",
        ),
        Entry(
            "curve_fit(f, x, y, p0)",
            curve_fit,
            (
                Slot(
                    "f",
                    line,
                    [
                        ("None", None),
                        ("float", 1.0),
                        ("object", OPAQUE),
                        ("returns None", lambda x, a, b: None),
                        ("returns str", lambda x, a, b: "1.0"),
                    ],
                    ("function", "callable", "returned"),
                ),
                Slot(
                    "x",
                    xs,
                    [
                        ("None", None),
                        ("object", OPAQUE),
                        ("word", "abc"),
                        ("too short", xs[:3]),
                    ],
                ),
                Slot(
                    "y",
                    line(xs, 1, 2),
                    [
                        ("None", None),
                        ("object", OPAQUE),
                        ("str entries", ["1"] * 5),
                        ("too short", xs[:3]),
                        ("nan", [np.nan] * 5),
                    ],
                ),
                Slot(
                    "p0",
                    [0.5, 0.5],
                    _x0_bad(2) + [("1e308", [1e308, 1e308])],
                    ("starting point", "dimension", "initial", "finite"),
                ),
            ),
            group="one-call",
        ),
    ]


def misc_entries() -> list[Entry]:
    chains = np.random.default_rng(1).normal(size=(3, 50, 2))
    return [
        Entry(
            "vector(x)",
            paramfit.vector,
            (
                Slot(
                    "x",
                    [1.0, 2.0],
                    [
                        ("None", None),
                        ("word", "abc"),
                        ("numeric str", "1.5"),
                        ("10**400", 10**400),
                        ("object", OPAQUE),
                        ("dict", {"a": 1}),
                        ("str entries", ["1", "2"]),
                        ("ragged", [[1.0], [1.0, 2.0]]),
                        ("2-d", np.ones((2, 2))),
                        ("complex", 1j),
                    ],
                ),
            ),
            group="misc",
        ),
        Entry(
            "matrix2d(x)",
            paramfit.matrix2d,
            (
                Slot(
                    "x",
                    [[1.0, 2.0]],
                    [
                        ("None", None),
                        ("word", "abc"),
                        ("object", OPAQUE),
                        ("str entries", [["1", "2"]]),
                        ("3-d", np.ones((2, 2, 2))),
                        ("huge", [[10**400]]),
                    ],
                ),
            ),
            group="misc",
        ),
        Entry(
            "rhat(chains, warm_up)",
            paramfit.rhat,
            (
                Slot(
                    "chains",
                    chains,
                    [
                        ("None", None),
                        ("word", "abc"),
                        ("1-d", [1.0, 2.0]),
                        ("object", OPAQUE),
                        ("str entries", [["1", "2"]] * 2),
                    ],
                ),
                real("warm_up", 0.0, "warm-up", kind="probability"),
            ),
            group="misc",
        ),
        Entry(
            "effective_sample_size(samples)",
            paramfit.effective_sample_size,
            (
                Slot(
                    "samples",
                    chains[0],
                    [
                        ("None", None),
                        ("word", "abc"),
                        ("object", OPAQUE),
                        ("3-d", chains),
                    ],
                ),
            ),
            group="misc",
        ),
        Entry(
            "MCMCSummary(chains, time, parameter_names)",
            paramfit.MCMCSummary,
            (
                Slot(
                    "chains",
                    chains,
                    [
                        ("None", None),
                        ("word", "abc"),
                        ("object", OPAQUE),
                        ("1-d", [1.0, 2.0]),
                    ],
                ),
                Slot(
                    "time",
                    None,
                    [
                        ("word", "abc"),
                        ("negative", -1.0),
                        ("object", OPAQUE),
                        ("nan", np.nan),
                    ],
                ),
                Slot(
                    "parameter_names",
                    None,
                    [("too short", ["a"]), ("float", 1.0), ("object", OPAQUE)],
                    ("names",),
                ),
            ),
            group="misc",
        ),
        Entry(
            "noise.independent(sigma, shape)",
            paramfit.noise.independent,
            (
                real("sigma", 1.0, kind="nonneg", ok=("list of one", "list of two")),
                Slot(
                    "shape",
                    (5,),
                    [
                        ("None", None),
                        ("word", "abc"),
                        ("negative", (-5,)),
                        ("huge", (10**18,)),
                        ("object", OPAQUE),
                    ],
                ),
            ),
            group="misc",
        ),
        Entry(
            "noise.ar1(rho, sigma, n)",
            paramfit.noise.ar1,
            (
                real("rho", 0.5, ok=("negative",), kind="probability"),
                positive("sigma", 1.0),
                count("n", 5, truncates=True),
            ),
            group="misc",
        ),
    ]
