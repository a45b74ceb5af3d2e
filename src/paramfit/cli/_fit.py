"""The ``paramfit fit`` command: fit a forward model to a CSV time series.

Reads the data (`read_data()`), builds a least-squares problem and runs an
`OptimisationController` (which prints PINTS's log; see `prepare()` and
`make_controller()`), then writes ``result.json``, ``fit.png`` and
``convergence.png``. Every fit records its seed (a fresh one when ``--seed``
is not given), so that the same options and seed repeat it; ``--checkpoint``
saves the run as it goes and ``--resume`` continues it.

Everything is written into a temporary directory next to the output
directory and moved into place at the end, so a failed run leaves nothing
behind.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from ._fit_data import FitData, FitError, read_data
from ._fit_setup import (
    TOY_MODELS,
    FitSetup,
    fresh_seed,
    make_controller,
    optimiser_classes,
    prepare,
)
from ._options import Subcommands, bounds, floats, non_negative_int, positive_int

if TYPE_CHECKING:
    from ..runs import OptimisationController, OptimisationResult

#: What a successful run writes into the output directory.
OUTPUT_FILES = ("result.json", "fit.png", "convergence.png")


def add_command(commands: Subcommands) -> None:
    """Add ``paramfit fit`` and its options to ``commands``."""
    p = commands.add_parser(
        "fit",
        help="fit a model to a time series in a CSV file",
        description="Fit a forward model to a time series (a CSV file with a "
        "header: time,value; or time and one column per output) by least "
        "squares. Prints the optimiser's log and writes result.json, fit.png "
        "(data and model at the optimum) and convergence.png into the output "
        "directory, all at once at the end: a failed run writes nothing. "
        "Every fit records its seed: the same options and --seed repeat it. "
        "Exit status: 0 on success, 1 if the optimisation failed, 2 for bad "
        "arguments or data, 130 if interrupted (Ctrl-C; with --checkpoint, "
        "--resume continues the fit).",
    )
    methods = optimiser_classes()
    default = "cmaes" if "cmaes" in methods else "xnes"
    p.add_argument(
        "data",
        type=Path,
        help="CSV file with a header: time,value (or time and one column per "
        "model output)",
    )
    p.add_argument(
        "--model",
        required=True,
        metavar="MODEL",
        help=f"a built-in model ({', '.join(TOY_MODELS)}) or module:Class, "
        "a ForwardModel subclass in an importable module (the current "
        "directory is searched), created without arguments",
    )
    p.add_argument(
        "--method",
        choices=list(methods),
        default=default,
        type=str.lower,
        metavar="METHOD",
        help=f"optimiser: {', '.join(methods)} (default: %(default)s)",
    )
    p.add_argument(
        "--out",
        type=Path,
        metavar="DIR",
        help="output directory (default: DATA's name with '-fit', e.g. data-fit)",
    )
    p.add_argument(
        "--bounds",
        type=bounds,
        metavar="LOW:HIGH,...",
        help="a LOW:HIGH range per parameter, comma-separated, e.g. "
        "--bounds 0:1,200:1000 (use --bounds=-1:1,... if it starts with '-')",
    )
    p.add_argument(
        "--x0",
        type=floats,
        metavar="X,...",
        help="starting point, one value per parameter (default: the middle of "
        "--bounds, else a built-in model's suggested parameters); write "
        "--x0=-1,2 if it starts with '-'",
    )
    p.add_argument(
        "--sigma0",
        type=floats,
        metavar="S,...",
        help="initial step size: one value, or one per parameter (default: "
        "the method's own)",
    )
    p.add_argument(
        "--transform",
        choices=("none", "log"),
        default="none",
        help="search space: 'log' optimises the logarithms of the (positive) "
        "parameters (default: %(default)s)",
    )
    p.add_argument(
        "--max-iterations",
        type=positive_int,
        metavar="N",
        help="stop after N iterations (default: 10000)",
    )
    p.add_argument(
        "--parallel",
        type=positive_int,
        default=1,
        metavar="N",
        help="evaluate on N worker processes (default: %(default)s, in this process)",
    )
    p.add_argument(
        "--max-time",
        type=positive_float,
        metavar="SECONDS",
        help="stop once SECONDS of wall-clock time have passed (checked after "
        "each iteration; where it stops then depends on the machine's speed)",
    )
    p.add_argument(
        "--seed",
        type=non_negative_int,
        metavar="N",
        help="seed of the optimiser's random numbers (default: a fresh one); "
        "printed and recorded in result.json: the same options and seed give "
        "the same fit",
    )
    p.add_argument(
        "--checkpoint",
        type=Path,
        metavar="FILE",
        help="save the run's state to FILE as it goes (at the start, then every "
        "--checkpoint-interval seconds), to continue an interrupted fit with "
        "--resume FILE",
    )
    p.add_argument(
        "--checkpoint-interval",
        type=non_negative_float,
        default=10.0,
        metavar="SECONDS",
        help="seconds between checkpoints (default: %(default)g; 0 saves after "
        "every iteration)",
    )
    p.add_argument(
        "--resume",
        type=Path,
        metavar="FILE",
        help="continue the fit saved in FILE by --checkpoint: run the same "
        "command again with --resume FILE (the data, model, method and seed "
        "are checked against the checkpoint; the other settings are taken from "
        "it; --max-iterations and --max-time may be changed). It keeps saving "
        "to its checkpoint file. The result is that of an uninterrupted fit",
    )
    p.set_defaults(run=run_command, subparser=p)


def positive_float(text: str) -> float:
    """A finite number greater than 0 (``--max-time``)."""
    return _float_at_least(text, 0.0, "a positive number", strict=True)


def non_negative_float(text: str) -> float:
    """A finite number, 0 or more (``--checkpoint-interval``)."""
    return _float_at_least(text, 0.0, "a number, 0 or more", strict=False)


def _float_at_least(text: str, low: float, requirement: str, strict: bool) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value < low or (strict and value == low):
        raise argparse.ArgumentTypeError(f"must be {requirement}; got {text!r}")
    return value


def run_command(args: argparse.Namespace) -> int:
    """Run ``paramfit fit``; return the exit status (0, 1, 2 or 130)."""
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
        if args.seed is None and args.resume is None:
            args.seed = fresh_seed()
        controller = make_controller(args, setup)
        args.seed = _seed_used(controller, args.seed)
        _check_matplotlib()
    except FitError as e:
        print(f"paramfit fit: error: {e}", file=sys.stderr)
        return 2
    except ImportError as e:
        print(f"paramfit fit: error: {e}", file=sys.stderr)
        return 1

    from threadpoolctl import threadpool_limits

    print(f"paramfit fit: seed {args.seed}")
    try:
        # Small matrices, many calls: BLAS threads only add overhead.
        with threadpool_limits(limits=1, user_api="blas"):
            controller.run()
    except KeyboardInterrupt:
        print("paramfit fit: interrupted" + _resume_hint(controller), file=sys.stderr)
        return 130
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
    print(format_summary(result, out, args.seed))
    return 0


def _seed_used(controller: OptimisationController, given: int | None) -> int:
    """The seed of the optimiser's generator (a resumed run's is in its
    checkpoint); a deterministic method uses none, so the one given (or a
    fresh one) is recorded."""
    seed = controller.seed()
    if seed is not None:
        return seed
    return fresh_seed() if given is None else given


def _resume_hint(controller: OptimisationController) -> str:
    checkpoint = controller.checkpoint()
    if checkpoint is None:
        return ""
    return f"; continue with the same command and --resume {checkpoint[0]}"


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


def format_summary(result: OptimisationResult, out: Path, seed: int) -> str:
    """The lines printed after the controller's log."""
    values = ", ".join(f"{v:.6g}" for v in result.x)
    return "\n".join(
        [
            f"Parameters: {values}",
            f"Sum of squared errors: {result.f:.6g}",
            f"Iterations: {result.iterations}, evaluations: {result.evaluations} "
            f"(stop reason: {result.stop_reason.value})",
            f"Seed: {seed} (the same options and --seed {seed} repeat this fit)",
            "Wrote: " + ", ".join(str(out / name) for name in OUTPUT_FILES),
        ]
    )


def write_outputs(
    folder: Path,
    args: argparse.Namespace,
    data: FitData,
    setup: FitSetup,
    result: OptimisationResult,
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
        "max_time": args.max_time,
        "resumed_from": None if args.resume is None else str(args.resume),
        "paramfit_version": __version__,
    }
    with open(folder / "result.json", "w", encoding="utf-8") as f:
        json.dump(record, f, indent=2)
        f.write("\n")
    title = f"{args.model} fitted to {args.data.name} with {setup.method.__name__}"
    save_fit_plots(
        folder, data.times, data.values, setup.model, result, title, data.names
    )
