"""Entry points of the bad-input fuzzer: evaluators, controllers (optimisation
and MCMC), the one-call functions and the small utilities."""

from __future__ import annotations

import concurrent.futures
from typing import Any

import numpy as np
from fuzz import NON_FINITE, NOT_NUMBERS, OPAQUE, Entry, Slot, scalar_bad, vector_bad
from fuzz_entries import (
    count,
    error,
    flag,
    function_slot,
    instance,
    likelihood,
    positive,
    prior3,
    real,
)
from fuzz_entries_methods import X0, setter

import paramfit


def square(x: Any) -> float:
    return float(np.sum(np.asarray(x) ** 2))


def _points_slot() -> Slot:
    return Slot(
        "positions",
        [[1.0, 2.0], [3.0, 4.0]],
        [("None", None), ("float", 1.0), ("object", OPAQUE)],
        ("sequence", "points"),
    )


def _args_slot() -> Slot:
    return Slot("args", None, [("float", 1.0), ("object", OPAQUE)], ("argument",))


def _workers_slot() -> Slot:
    bad = [b for b in scalar_bad("count") if b[1] is not None]
    return Slot("n_workers", 2, bad, ("workers",))


def limit(name: str, *aliases: str, valid: Any = 100) -> Slot:
    """An iteration or evaluation limit: None (no limit), 0 or any whole
    number (nothing is allocated for it)."""
    return count(name, valid, *aliases, minimum=0, ok=("None",), allocates=False)


def evaluator_entries() -> list[Entry]:
    def parallel(
        function: Any,
        n_workers: Any,
        max_tasks_per_worker: Any,
        n_numpy_threads: Any,
        args: Any,
    ) -> Any:
        return paramfit.ParallelEvaluator(
            function, n_workers, max_tasks_per_worker, n_numpy_threads, args
        )

    pool = concurrent.futures.ThreadPoolExecutor(1)
    return [
        Entry(
            "SequentialEvaluator(function, args)",
            paramfit.SequentialEvaluator,
            (function_slot("function", square), _args_slot()),
            group="evaluation",
        ),
        Entry(
            "SequentialEvaluator(f).evaluate(positions)",
            lambda positions: paramfit.SequentialEvaluator(square).evaluate(positions),
            (_points_slot(),),
            group="evaluation",
        ),
        Entry(
            "ParallelEvaluator(function, n_workers, ...)",
            parallel,
            (
                function_slot("function", square),
                _workers_slot(),
                count("max_tasks_per_worker", 500, "tasks", allocates=False),
                # None: left alone; 0 or less: let the libraries choose.
                Slot(
                    "n_numpy_threads",
                    1,
                    [b for b in NOT_NUMBERS if b[1] is not None] + list(NON_FINITE),
                    ("threads",),
                ),
                _args_slot(),
            ),
            group="evaluation",
        ),
        Entry(
            "MultiSequentialEvaluator(functions, args)",
            paramfit.MultiSequentialEvaluator,
            (
                Slot(
                    "functions",
                    [square, square],
                    [
                        ("None", None),
                        ("empty", []),
                        ("numbers", [1.0, 2.0]),
                        ("object", OPAQUE),
                        ("word", "ab"),
                    ],
                    ("function",),
                ),
                _args_slot(),
            ),
            group="evaluation",
        ),
        Entry(
            "ExecutorEvaluator(function, executor, args)",
            paramfit.ExecutorEvaluator,
            (
                function_slot("function", square),
                Slot(
                    "executor",
                    pool,
                    [
                        ("None", None),
                        ("float", 1.0),
                        ("object", OPAQUE),
                        ("word", "abc"),
                    ],
                ),
                _args_slot(),
            ),
            group="evaluation",
        ),
        Entry(
            "evaluate(f, x, parallel, args)",
            paramfit.evaluate,
            (
                function_slot("f", square),
                Slot(
                    "x",
                    [[1.0, 2.0]],
                    [("None", None), ("float", 1.0), ("object", OPAQUE)],
                    ("positions", "sequence", "points"),
                ),
                Slot(
                    "parallel",
                    False,
                    [
                        ("word", "yes"),
                        ("object", OPAQUE),
                        ("negative", -1),
                        ("nan", np.nan),
                        ("10**18", 10**18),
                        ("1e308", 1e308),
                        ("fraction", 1.5),
                    ],
                    ("workers",),
                ),
                _args_slot(),
            ),
            group="evaluation",
        ),
        Entry(
            "sample_initial_points(function, n_points, ...)",
            lambda function, n_points, boundaries, max_tries: (
                paramfit.sample_initial_points(
                    function, n_points, boundaries=boundaries, max_tries=max_tries
                )
            ),
            (
                instance("function", prior3, "log-pdf", "error measure"),
                count("n_points", 2, "points"),
                Slot(
                    "boundaries",
                    paramfit.RectangularBoundaries([0, 0, 0.01], [10, 10, 10]),
                    [("float", 1.0), ("object", OPAQUE), ("word", "abc")],
                    ("bound",),
                ),
                count("max_tries", 5, "tries", allocates=False),
            ),
            group="evaluation",
        ),
    ]


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


def run_entries() -> list[Entry]:
    return [
        *evaluator_entries(),
        *controller_entries(),
        *one_call_entries(),
        *misc_entries(),
    ]
