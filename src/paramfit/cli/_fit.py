"""The ``paramfit fit`` command: fit a forward model to a CSV time series.

Reads the data (`read_data()`), builds a least-squares problem, runs an
`OptimisationController` (which prints PINTS's log) and
writes ``result.json``, ``fit.png`` and ``convergence.png``. Everything is
written into a temporary directory next to the output directory and moved
into place at the end, so a failed run leaves nothing behind.

Bad input (data, options, model) raises `FitError`, whose one-line
message the command prints before exiting with status 2.
"""

from __future__ import annotations

import argparse
import csv
import importlib
import json
import math
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .._typing import FloatArray
from ..optimisers import GradientOptimiser

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
OUTPUT_FILES = ("result.json", "fit.png", "convergence.png")
_BASES = {"Optimiser", "PopulationBasedOptimiser", "GradientOptimiser"}


class FitError(Exception):
    """Bad input for ``paramfit fit``; the message is a single line."""


@dataclass
class FitData:
    """A time series read from CSV: ``times`` shape ``(n,)``, ``values``
    shape ``(n, n_columns)``, and the value columns' names."""

    times: FloatArray
    values: FloatArray
    names: list[str]


# -- data ----------------------------------------------------------------------
def read_data(path: Path) -> FitData:
    """Read a CSV file with a header row, a ``time`` column and one or more
    value columns.

    Raises
    ------
    FitError
        If the file cannot be read, a column is missing, a row has the wrong
        number of fields, a field is not a finite number, or the times are
        negative or not strictly increasing. The message names the row
        (data rows count from 1; the line number in the file is given too).
    """
    try:
        with open(path, newline="", encoding="utf-8-sig") as f:
            rows = [(i, row) for i, row in enumerate(csv.reader(f), 1) if row]
    except (OSError, UnicodeDecodeError, csv.Error) as e:
        raise FitError(f"cannot read {str(path)!r}: {e}") from None
    if not rows:
        raise FitError(f"{path}: the file is empty; expected a header 'time,value'")
    header = [h.strip() for h in rows[0][1]]
    lowered = [h.lower() for h in header]
    if "time" not in lowered:
        raise FitError(
            f"{path}: missing column 'time' (the first line must be a header "
            f"such as 'time,value'; got {','.join(header)!r})"
        )
    if len(header) < 2:
        raise FitError(f"{path}: missing a value column (header: {','.join(header)!r})")
    t_col = lowered.index("time")
    v_cols = [j for j in range(len(header)) if j != t_col]
    if len(rows) < 2:
        raise FitError(f"{path}: no data rows after the header")
    table = np.empty((len(rows) - 1, len(header)))
    for k, (line, row) in enumerate(rows[1:], 1):
        table[k - 1] = _parse_row(path, k, line, row, header)
    times = table[:, t_col]
    for k in range(len(times)):
        where = f"{path}: row {k + 1} (line {rows[k + 1][0]})"
        if times[k] < 0:
            raise FitError(f"{where}: time {times[k]:g} is negative")
        if k and times[k] <= times[k - 1]:
            raise FitError(
                f"{where}: time {times[k]:g} is not greater than the previous "
                f"time {times[k - 1]:g}; times must be strictly increasing"
            )
    return FitData(times, table[:, v_cols], [header[j] for j in v_cols])


def _parse_row(
    path: Path, k: int, line: int, row: list[str], header: list[str]
) -> list[float]:
    where = f"{path}: row {k} (line {line})"
    if len(row) != len(header):
        raise FitError(
            f"{where}: expected {len(header)} fields ({','.join(header)}), "
            f"got {len(row)}"
        )
    out = []
    for name, text in zip(header, row, strict=True):
        try:
            x = float(text)
        except ValueError:
            raise FitError(
                f"{where}: {name} {text.strip()!r} is not a number"
            ) from None
        if not math.isfinite(x):
            raise FitError(
                f"{where}: {name} is {text.strip()}; all values must be finite"
            )
        out.append(x)
    return out


# -- model and method ------------------------------------------------------------
def resolve_model(spec: str) -> Any:
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
        return getattr(toy, name)()
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
    if not all(hasattr(model, m) for m in ("n_parameters", "n_outputs", "simulate")):
        raise FitError(f"{spec} is not a paramfit.ForwardModel")
    return model


def optimiser_classes() -> dict[str, type]:
    """The optimisers available in this version of paramfit, by lower-case
    class name (looked up at run time, so new methods appear by themselves)."""
    import paramfit

    found = {}
    for name in paramfit.__all__:
        obj = getattr(paramfit, name, None)
        if (
            isinstance(obj, type)
            and issubclass(obj, paramfit.Optimiser)
            and name not in _BASES
        ):
            found[name.lower()] = obj
    return dict(sorted(found.items()))


# -- running -----------------------------------------------------------------------
@dataclass
class FitSetup:
    """Everything the optimisation needs, checked."""

    model: Any
    problem: Any
    x0: FloatArray
    sigma0: FloatArray | None
    boundaries: Any
    transformation: Any
    method: type


def prepare(args: argparse.Namespace, data: FitData) -> FitSetup:
    """Check the options against the model and data; build the problem.

    Raises
    ------
    FitError
        If the options do not fit the model or the data.
    """
    import paramfit

    model = resolve_model(args.model)
    n, n_outputs = int(model.n_parameters()), int(model.n_outputs())
    if len(data.names) != n_outputs:
        raise FitError(
            f"{args.data}: the model has {n_outputs} output(s), so the data need "
            f"{n_outputs} value column(s) besides 'time'; got {len(data.names)} "
            f"({', '.join(data.names)})"
        )
    if n_outputs == 1:
        problem: Any = paramfit.SingleOutputProblem(
            model, data.times, data.values[:, 0]
        )
    else:
        problem = paramfit.MultiOutputProblem(model, data.times, data.values)
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
        transformation = paramfit.LogTransformation(n)
    boundaries = None if lower is None else paramfit.RectangularBoundaries(lower, upper)
    method = optimiser_classes()[args.method]
    if issubclass(method, GradientOptimiser) and not hasattr(model, "simulateS1"):
        raise FitError(f"--method {args.method} needs a model with sensitivities")
    return FitSetup(model, problem, x0, sigma0, boundaries, transformation, method)


def _check_length(option: str, values: Any, n: int) -> None:
    if values is not None and len(values) != n:
        raise FitError(
            f"{option} needs {n} values (one per model parameter); got {len(values)}"
        )


def _starting_point(
    x0: Any, lower: Any, upper: Any, model: Any, log: bool
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


def make_controller(args: argparse.Namespace, setup: FitSetup) -> Any:
    """Create the controller; ``--seed`` seeds the optimiser's generator."""
    import paramfit

    error = paramfit.SumOfSquaresError(setup.problem)
    try:
        controller = paramfit.OptimisationController(
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
    if args.parallel > 1:
        controller.set_parallel(args.parallel)
    return controller


def run(args: argparse.Namespace) -> int:
    """Run ``paramfit fit``; return the exit status (0, 1 or 2)."""
    out = (
        args.out
        if args.out is not None
        else args.data.with_name(args.data.stem + "-fit")
    )
    try:
        if out.exists() and not out.is_dir():
            raise FitError(f"--out {str(out)!r} exists and is not a directory")
        data = read_data(args.data)
        setup = prepare(args, data)
        controller = make_controller(args, setup)
        _check_matplotlib()
    except FitError as e:
        print(f"paramfit fit: error: {e}", file=sys.stderr)
        return 2
    except ImportError as e:
        print(f"paramfit fit: error: {e}", file=sys.stderr)
        return 1

    from threadpoolctl import threadpool_limits

    try:
        # Small matrices, many calls: BLAS threads only add overhead.
        with threadpool_limits(limits=1, user_api="blas"):
            controller.run()
    except Exception as e:
        print(f"paramfit fit: error: the optimisation failed: {e}", file=sys.stderr)
        return 1
    result = controller.result()
    parent = out.parent if out.parent.is_dir() else None
    tmp = Path(tempfile.mkdtemp(prefix=".paramfit-fit-", dir=parent))
    umask = os.umask(0)
    os.umask(umask)
    tmp.chmod(0o777 & ~umask)  # mkdtemp's 0o700 is for secrets, not results
    try:
        write_outputs(tmp, args, data, setup, result)
        _move_into_place(tmp, out)
    except Exception as e:
        print(f"paramfit fit: error: cannot write the results: {e}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(format_summary(result, out))
    return 0


def _check_matplotlib() -> None:
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise ImportError(
            'the plots need matplotlib; install it with: pip install "paramfit[plot]"'
        ) from None


def _move_into_place(tmp: Path, out: Path) -> None:
    if not out.exists():
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(tmp), str(out))
        return
    for name in OUTPUT_FILES:  # replace earlier results, file by file
        os.replace(tmp / name, out / name)


def format_summary(result: Any, out: Path) -> str:
    """The lines printed after the controller's log."""
    values = ", ".join(f"{v:.6g}" for v in result.x)
    return "\n".join(
        [
            f"Parameters: {values}",
            f"Sum of squared errors: {result.f:.6g}",
            f"Iterations: {result.iterations}, evaluations: {result.evaluations} "
            f"(stop reason: {result.stop_reason.value})",
            "Wrote: " + ", ".join(str(out / name) for name in OUTPUT_FILES),
        ]
    )


def write_outputs(
    folder: Path, args: argparse.Namespace, data: FitData, setup: FitSetup, result: Any
) -> None:
    """Write ``result.json``, ``fit.png`` and ``convergence.png`` into
    ``folder``."""
    from .._version import __version__
    from ..plot._fit_result import save_fit_plots

    b = setup.boundaries
    record = {
        "data": str(args.data),
        "n_times": len(data.times),
        "model": args.model,
        "method": setup.method.__name__,
        "parameters": [float(v) for v in result.x],
        "score": float(result.f),
        "error_measure": "SumOfSquaresError",
        "stop_reason": result.stop_reason.value,
        "message": result.message,
        "iterations": int(result.iterations),
        "evaluations": int(result.evaluations),
        "time_seconds": float(result.time),
        "x0": [float(v) for v in setup.x0],
        "sigma0": None if setup.sigma0 is None else [float(v) for v in setup.sigma0],
        "bounds": None
        if b is None
        else {"lower": b.lower().tolist(), "upper": b.upper().tolist()},
        "transform": args.transform,
        "seed": args.seed,
        "parallel": args.parallel,
        "paramfit_version": __version__,
    }
    with open(folder / "result.json", "w", encoding="utf-8") as f:
        json.dump(record, f, indent=2)
        f.write("\n")
    title = f"{args.model} fitted to {args.data.name} with {setup.method.__name__}"
    save_fit_plots(
        folder, data.times, data.values, setup.model, result, title, data.names
    )
