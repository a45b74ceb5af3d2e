"""The ``paramfit fit`` command: fit a forward model to a CSV time series.

Reads the data (`read_data()`), builds a least-squares problem and runs an
`OptimisationController` (which prints PINTS's log; see `prepare()` and
`make_controller()`), then writes ``result.json``, ``fit.png`` and
``convergence.png``. Everything is written into a temporary directory next
to the output directory and moved into place at the end, so a failed run
leaves nothing behind.
"""

from __future__ import annotations

import argparse
import json
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
    make_controller,
    optimiser_classes,
    prepare,
)
from ._options import Subcommands, bounds, floats, non_negative_int, positive_int

if TYPE_CHECKING:
    from ..runs import OptimisationResult

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
        "Exit status: 0 on success, 1 if the optimisation failed, 2 for bad "
        "arguments or data.",
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
        "--seed",
        type=non_negative_int,
        metavar="N",
        help="seed of the optimiser's random numbers",
    )
    p.set_defaults(run=run_command, subparser=p)


def run_command(args: argparse.Namespace) -> int:
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


def format_summary(result: OptimisationResult, out: Path) -> str:
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
        "paramfit_version": __version__,
    }
    with open(folder / "result.json", "w", encoding="utf-8") as f:
        json.dump(record, f, indent=2)
        f.write("\n")
    title = f"{args.model} fitted to {args.data.name} with {setup.method.__name__}"
    save_fit_plots(
        folder, data.times, data.values, setup.model, result, title, data.names
    )
