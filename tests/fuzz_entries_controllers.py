"""Entry points of the bad-input fuzzer (see ``fuzz.py``): the optimisation
and MCMC controllers and their setters."""

from __future__ import annotations

from typing import Any

import numpy as np
from fuzz import OPAQUE, Entry, Slot, scalar_bad, vector_bad
from fuzz_entries import (
    count,
    error,
    flag,
    instance,
    likelihood,
    prior3,
    real,
)
from fuzz_entries_methods import X0, setter
from fuzz_entries_runs import limit

import paramfit


def _method_slot(kind: str) -> Slot:
    bad = [
        ("unknown name", "nonsense"),
        ("float", 1.0),
        ("object", OPAQUE),
        ("list", [paramfit.CMAES]),
    ]
    if kind == "optimiser":
        bad += [
            ("instance", paramfit.CMAES(X0, 0.5, rng=1)),
            ("sampler", paramfit.HaarioBardenetACMC),
            ("other class", paramfit.GaussianLogPrior),
        ]
    else:
        bad += [
            ("instance", paramfit.HaarioBardenetACMC(X0, rng=1)),
            ("optimiser", paramfit.CMAES),
        ]
    return Slot("method", None, bad)


def _x0_bad(n: int) -> list[tuple[str, Any]]:
    return vector_bad(n) + [("2-d", np.ones((2, 2)))]


def controller() -> paramfit.OptimisationController:
    return paramfit.OptimisationController(error(), X0, 0.5, rng=1)


def sampling() -> paramfit.MCMCController:
    return paramfit.MCMCController(
        paramfit.LogPosterior(likelihood(), prior3()), 3, [[1.0, 2.0, 0.5]] * 3, rng=1
    )


def controller_entries() -> list[Entry]:
    def optimisation(
        function: Any,
        x0: Any,
        sigma0: Any,
        boundaries: Any,
        transformation: Any,
        method: Any,
    ) -> Any:
        return paramfit.OptimisationController(
            function, x0, sigma0, boundaries, transformation, method, rng=1
        )

    def mcmc(
        log_pdf: Any,
        chains: Any,
        x0: Any,
        sigma0: Any,
        transformation: Any,
        method: Any,
    ) -> Any:
        return paramfit.MCMCController(
            log_pdf, chains, x0, sigma0, transformation, method, rng=1
        )

    entries = [
        Entry(
            "OptimisationController(function, x0, ...)",
            optimisation,
            (
                instance(
                    "function",
                    error,
                    "error measure",
                    "log-pdf",
                    wrong=[
                        paramfit.SumOfSquaresError(
                            paramfit.SingleOutputProblem(
                                __import__("fuzz_entries")._Constant3(),
                                [0.0, 1.0],
                                [0.0, 1.0],
                            )
                        )
                    ],
                ),
                Slot("x0", X0, _x0_bad(2), ("starting point", "dimension")),
                Slot(
                    "sigma0",
                    0.5,
                    [
                        b
                        for b in scalar_bad("positive")
                        if b[0] not in ("None", "list of two")
                    ],
                    ("standard deviation",),
                ),
                Slot(
                    "boundaries",
                    None,
                    [
                        ("float", 1.0),
                        ("word", "abc"),
                        ("object", OPAQUE),
                        ("3-d", paramfit.RectangularBoundaries([0] * 3, [3] * 3)),
                    ],
                    ("bound", "initial position"),
                ),
                Slot(
                    "transformation",
                    None,
                    [
                        ("float", 1.0),
                        ("word", "log"),
                        ("object", OPAQUE),
                        ("3-d", paramfit.LogTransformation(3)),
                    ],
                    ("dimension",),
                ),
                _method_slot("optimiser"),
            ),
            group="controllers",
        ),
        Entry(
            "MCMCController(log_pdf, chains, x0, ...)",
            mcmc,
            (
                instance(
                    "log_pdf",
                    lambda: paramfit.LogPosterior(likelihood(), prior3()),
                    "log-pdf",
                    "logpdf",
                    wrong=[error()],
                ),
                Slot("chains", 3, [b for b in scalar_bad("count")], ("chain",)),
                Slot(
                    "x0",
                    [[1.0, 2.0, 0.5]] * 3,
                    vector_bad(3)[:11]
                    + [("1-d", [1.0, 2.0, 0.5]), ("nan", [[np.nan, 1.0, 1.0]] * 3)],
                    ("initial position", "starting point", "dimension"),
                ),
                Slot(
                    "sigma0",
                    None,
                    [
                        b
                        for b in scalar_bad("positive")
                        if b[0] not in ("None", "list of one", "list of two")
                    ],
                    ("covariance", "standard deviation"),
                ),
                Slot(
                    "transformation",
                    None,
                    [("float", 1.0), ("word", "log"), ("object", OPAQUE)],
                ),
                _method_slot("sampler"),
            ),
            group="controllers",
        ),
    ]
    c, m = controller, sampling
    entries += [
        setter(
            "OptimisationController",
            c,
            "set_max_iterations",
            limit("iterations", "iteration"),
        ),
        setter(
            "OptimisationController",
            c,
            "set_max_evaluations",
            limit("evaluations", "evaluation"),
        ),
        setter(
            "OptimisationController",
            c,
            "set_function_tolerance",
            limit("iterations", "iteration"),
        ),
        setter(
            "OptimisationController",
            c,
            "set_parameter_tolerance",
            limit("iterations", "iteration"),
        ),
        setter(
            "OptimisationController",
            c,
            "set_threshold",
            real("threshold", 1.0, ok=("None", "inf", "-inf")),
        ),
        setter(
            "OptimisationController",
            c,
            "set_max_time",
            real("seconds", 10.0, "time", kind="nonneg", ok=("None", "inf")),
        ),
        setter(
            "OptimisationController",
            c,
            "set_log_interval",
            count("iters", 20, "interval", allocates=False),
        ),
        setter(
            "OptimisationController",
            c,
            "set_log_to_screen",
            flag("enabled", True, "screen"),
        ),
        setter(
            "OptimisationController",
            c,
            "set_log_to_file",
            Slot(
                "filename",
                None,
                [("float", 1.5), ("object", OPAQUE), ("list", ["a.csv"])],
                ("file",),
            ),
        ),
        setter(
            "OptimisationController",
            c,
            "set_parallel",
            Slot(
                "parallel",
                False,
                [
                    ("word", "yes"),
                    ("object", OPAQUE),
                    ("nan", np.nan),
                    ("10**18", 10**18),
                    ("1e308", 1e308),
                    ("fraction", 1.5),
                    ("negative", -1),
                ],
                ("workers",),
            ),
        ),
        setter(
            "OptimisationController",
            c,
            "set_callback",
            Slot(
                "cb",
                None,
                [("float", 1.0), ("word", "f"), ("object", OPAQUE)],
                ("callback",),
            ),
        ),
        setter(
            "OptimisationController",
            c,
            "set_failure_policy",
            Slot(
                "on_error",
                "raise",
                [("None", None), ("word", "nope"), ("float", 1.0), ("object", OPAQUE)],
            ),
        ),
        setter(
            "OptimisationController",
            c,
            "set_f_guessed_tracking",
            flag("use_f_guessed", True, "f_guessed"),
        ),
        setter(
            "OptimisationController",
            c,
            "set_checkpoint",
            Slot("path", None, [("float", 1.5), ("object", OPAQUE)], ("checkpoint",)),
        ),
        setter(
            "MCMCController",
            m,
            "set_max_iterations",
            limit("iterations", "iteration"),
        ),
        setter(
            "MCMCController",
            m,
            "set_initial_phase_iterations",
            count("iterations", 50, "iteration", minimum=0, allocates=False),
        ),
        setter(
            "MCMCController",
            m,
            "set_max_time",
            real("seconds", 10.0, "time", kind="nonneg", ok=("None", "inf")),
        ),
        setter(
            "MCMCController",
            m,
            "set_chain_storage",
            flag("store_in_memory", True, "storage"),
        ),
        setter(
            "MCMCController",
            m,
            "set_log_interval",
            count("iters", 20, "interval", allocates=False),
        ),
        setter(
            "MCMCController",
            m,
            "set_parallel",
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
        setter(
            "MCMCController",
            m,
            "set_chain_filename",
            Slot("chain_file", None, [("float", 1.5), ("object", OPAQUE)], ("file",)),
        ),
    ]
    return entries
