"""What ``paramfit fit`` fits, and how: the model (built-in or a user's
class), the problem built from the data, the options checked against both,
and the controller that runs the fit."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Union

import numpy as np

from .._typing import FloatArray
from ..optimisers import GradientOptimiser, Optimiser
from ..problems import (
    ForwardModel,
    MultiOutputProblem,
    RectangularBoundaries,
    SingleOutputProblem,
    SumOfSquaresError,
)
from ..runs import OptimisationController
from ..runs._checkpoint import CheckpointError
from ..transformations import LogTransformation
from ._fit_data import FitData, FitError

#: Built-in models, by command-line name.
TOY_MODELS = {
    "logistic": "LogisticModel",
    "lotka-volterra": "LotkaVolterraModel",
    "fitzhugh-nagumo": "FitzhughNagumoModel",
    "goodwin-oscillator": "GoodwinOscillatorModel",
    "hes1": "Hes1Model",
    "hodgkin-huxley-ik": "HodgkinHuxleyIKModel",
    "action-potential": "ActionPotentialModel",
    "repressilator": "RepressilatorModel",
    "sir": "SIRModel",
    "simple-harmonic-oscillator": "SimpleHarmonicOscillatorModel",
}
_BASES = {"Optimiser", "PopulationBasedOptimiser", "GradientOptimiser"}

#: A problem with one output or several.
Problem = Union[SingleOutputProblem, MultiOutputProblem]


def resolve_model(spec: str) -> ForwardModel:
    """Create the model named by ``spec``: a built-in name (see
    `TOY_MODELS`, or a toy class name) or ``module:Class`` for a
    user's `ForwardModel` (created without arguments; the
    current directory is searched for the module)."""
    from .. import toy

    if ":" not in spec:
        by_class = {c.lower(): c for c in TOY_MODELS.values()}
        name = TOY_MODELS.get(spec.lower()) or by_class.get(spec.lower())
        if name is None:
            raise FitError(
                f"unknown model {spec!r}; use one of {', '.join(TOY_MODELS)} "
                "or module:Class"
            )
        built_in: ForwardModel = getattr(toy, name)()
        return built_in
    module_name, _, class_name = spec.partition(":")
    sys.path.insert(0, os.getcwd())
    try:
        module = importlib.import_module(module_name)
    except Exception as e:
        raise FitError(f"cannot import module {module_name!r}: {e}") from None
    finally:
        sys.path.remove(os.getcwd())
    cls = getattr(module, class_name, None)
    if not isinstance(cls, type):
        raise FitError(f"module {module_name!r} has no class {class_name!r}")
    try:
        model = cls()
    except Exception as e:
        raise FitError(f"cannot create {spec} without arguments: {e}") from None
    # Duck typing, as the problems: a model need not subclass ForwardModel.
    if not all(hasattr(model, m) for m in ("n_parameters", "n_outputs", "simulate")):
        raise FitError(f"{spec} is not a paramfit.ForwardModel")
    user_model: ForwardModel = model
    return user_model


def optimiser_classes() -> dict[str, type[Optimiser]]:
    """The optimisers available in this version of paramfit, by lower-case
    class name (looked up at run time, so new methods appear by themselves)."""
    import paramfit

    found = {}
    for name in paramfit.__all__:
        obj = getattr(paramfit, name, None)
        if isinstance(obj, type) and issubclass(obj, Optimiser) and name not in _BASES:
            found[name.lower()] = obj
    return dict(sorted(found.items()))


@dataclass
class FitSetup:
    """Everything the optimisation needs, checked."""

    model: ForwardModel
    problem: Problem
    x0: FloatArray
    sigma0: FloatArray | None
    boundaries: RectangularBoundaries | None
    transformation: LogTransformation | None
    method: type[Optimiser]


def prepare(args: argparse.Namespace, data: FitData) -> FitSetup:
    """Check the options against the model and data; build the problem.

    Raises
    ------
    FitError
        If the options do not fit the model or the data.
    """
    model = resolve_model(args.model)
    problem = _problem(model, data, args.data)
    n = int(model.n_parameters())
    lower: list[float] | None = None
    upper: list[float] = []
    if args.bounds:
        lower, upper = args.bounds
    _check_length("--bounds", lower, n)
    _check_length("--x0", args.x0, n)
    if args.sigma0 is not None and len(args.sigma0) != 1:
        _check_length("--sigma0", args.sigma0, n)
    x0 = _starting_point(args.x0, lower, upper, model, args.transform == "log")
    if lower is not None:
        for j, (x, lo, hi) in enumerate(zip(x0, lower, upper, strict=True)):
            if not lo <= x <= hi:
                raise FitError(
                    f"--x0 must lie within --bounds: parameter {j + 1} is {x:g}, "
                    f"outside [{lo:g}, {hi:g}]"
                )
    sigma0 = None if args.sigma0 is None else np.array(args.sigma0)
    if sigma0 is not None and np.any(sigma0 <= 0):
        raise FitError(f"--sigma0 must be positive; got {args.sigma0}")
    transformation = None
    if args.transform == "log":
        if np.any(x0 <= 0) or (lower is not None and min(lower) <= 0):
            raise FitError(
                "--transform log needs positive parameters: --x0 and the lower "
                "--bounds must be greater than 0"
            )
        transformation = LogTransformation(n)
    boundaries = None if lower is None else RectangularBoundaries(lower, upper)
    method = optimiser_classes()[args.method]
    if issubclass(method, GradientOptimiser) and not hasattr(model, "simulateS1"):
        raise FitError(f"--method {args.method} needs a model with sensitivities")
    return FitSetup(model, problem, x0, sigma0, boundaries, transformation, method)


def _problem(model: ForwardModel, data: FitData, path: object) -> Problem:
    """The model with the data, once checked that their outputs agree."""
    n_outputs = int(model.n_outputs())
    if len(data.names) != n_outputs:
        raise FitError(
            f"{path}: the model has {n_outputs} output(s), so the data need "
            f"{n_outputs} value column(s) besides 'time'; got {len(data.names)} "
            f"({', '.join(data.names)})"
        )
    if n_outputs == 1:
        return SingleOutputProblem(model, data.times, data.values[:, 0])
    return MultiOutputProblem(model, data.times, data.values)


def _check_length(option: str, values: Sequence[float] | None, n: int) -> None:
    if values is not None and len(values) != n:
        raise FitError(
            f"{option} needs {n} values (one per model parameter); got {len(values)}"
        )


def _starting_point(
    x0: Sequence[float] | None,
    lower: Sequence[float] | None,
    upper: Sequence[float],
    model: ForwardModel,
    log: bool,
) -> FloatArray:
    if x0 is not None:
        return np.array(x0, dtype=float)
    if lower is not None:
        lo, hi = np.array(lower), np.array(upper)
        if log and np.all(lo > 0):
            return np.sqrt(lo * hi)
        return 0.5 * (lo + hi)
    suggested = getattr(model, "suggested_parameters", None)
    if suggested is not None:
        try:
            return np.array(suggested(), dtype=float)
        except NotImplementedError:
            pass
    raise FitError("give a starting point with --x0 (or a search range with --bounds)")


def fresh_seed() -> int:
    """A seed from the operating system's entropy (for a fit given none: it
    is printed and recorded, so that the fit can be repeated)."""
    return int(np.random.SeedSequence().generate_state(1)[0])


def make_controller(
    args: argparse.Namespace, setup: FitSetup
) -> OptimisationController:
    """Create the controller, or resume the one saved at ``--resume``;
    ``--seed`` seeds the optimiser's generator (``args.seed`` must be set:
    `run_command` draws one when none is given)."""
    error = SumOfSquaresError(setup.problem)
    try:
        if args.resume is not None:
            controller = _resume(args, setup, error)
        else:
            controller = OptimisationController(
                error,
                setup.x0,
                sigma0=setup.sigma0,
                boundaries=setup.boundaries,
                transformation=setup.transformation,
                method=setup.method,
                rng=args.seed,
            )
    except ValueError as e:
        raise FitError(str(e)) from None
    if args.max_iterations is not None:
        controller.set_max_iterations(args.max_iterations)
    if args.max_time is not None:
        controller.set_max_time(args.max_time)
    if args.checkpoint is not None:
        try:
            controller.set_checkpoint(
                args.checkpoint, every=None, seconds=args.checkpoint_interval
            )
        except (OSError, ValueError) as e:
            raise FitError(f"--checkpoint {str(args.checkpoint)!r}: {e}") from None
    if args.parallel > 1:
        controller.set_parallel(args.parallel)
    return controller


def _resume(
    args: argparse.Namespace, setup: FitSetup, error: SumOfSquaresError
) -> OptimisationController:
    """The controller saved at ``--resume``, checked against the options: the
    data and model (the error measure's fingerprint), the method and the
    seed."""
    path = args.resume
    try:
        controller = OptimisationController.resume(path, error, setup.method)
    except OSError as e:
        raise FitError(f"--resume: cannot read {str(path)!r}: {e}") from None
    except CheckpointError as e:
        message = str(e)
        if "different function" in message:  # the fingerprint of the data and model
            message = (
                f"the checkpoint {str(path)!r} was written for a fit of other "
                "data or another model"
            )
        raise FitError(f"--resume: {message}") from None
    saved = controller.seed()
    if args.seed is not None and saved is not None and args.seed != saved:
        raise FitError(
            f"--seed {args.seed} differs from the seed of the run in "
            f"{str(path)!r} ({saved}); leave --seed out to continue that run"
        )
    return controller
