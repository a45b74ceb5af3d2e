"""The ``paramfit sample`` command: sample the posterior of a forward model's
parameters and its noise, given a CSV time series.

Reads the data as ``paramfit fit`` does, builds a posterior (a
`GaussianLogLikelihood` with unknown noise and the default or given prior;
`paramfit.cli._sample_setup`), finds its mode with CMA-ES, starts the
chains around it and runs an `MCMCController` (`paramfit.cli._sample_run`),
then prints and writes the summary, the chains and the plots
(`paramfit.cli._sample_output`). Everything is written into a temporary
directory next to the output directory and moved into place at the end, so
a failed run leaves nothing behind.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

from ._fit_data import FitError, read_data
from ._fit_setup import TOY_MODELS
from ._options import Subcommands, bounds, floats, non_negative_int, positive_int
from ._sample_output import (
    SampleRun,
    have_matplotlib,
    move_into_place,
    report,
    write_outputs,
)
from ._sample_run import chain_starts, optimisation, run_seed, sampling
from ._sample_setup import NOISE_RANGE, PARAMETER_RANGE, prepare, sampler_classes

DEFAULT_METHOD = "haariobardenetacmc"
PROG = "paramfit sample"


def warm_up_fraction(text: str) -> float:
    """A fraction of each chain to discard, in ``[0, 1)``."""
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value < 1:
        raise argparse.ArgumentTypeError(
            f"must be a number in [0, 1), e.g. 0.5; got {text!r}"
        )
    return value


def add_command(commands: Subcommands) -> None:
    """Add ``paramfit sample`` and its options to ``commands``."""
    low, high = NOISE_RANGE
    p = commands.add_parser(
        "sample",
        help="sample the posterior of a model's parameters given a CSV time series",
        description="Sample the posterior distribution of a forward model's "
        "parameters and of the noise's standard deviation sigma (a Gaussian "
        "likelihood, one sigma per output), given a time series in a CSV file "
        "(header: time,value; or time and one column per output). The "
        "posterior's mode is found first with CMA-ES and the chains start "
        "around it. Default prior: each model parameter log-uniform on "
        f"[x0/{PARAMETER_RANGE:g}, {PARAMETER_RANGE:g}*x0] (x0: --x0 or the "
        "model's suggested parameters; --bounds replaces these ranges), and "
        f"each sigma log-uniform on [{low:g}*s, {high:g}*s], s the standard "
        "deviation of that output's data (--noise-bounds replaces these). "
        "Prints the summary and writes summary.txt, result.json, result.npz, "
        "the chains as CSV (chain_0.csv, ...) and, with matplotlib, trace.png, "
        "pairwise.png and predictive.png into the output directory, all at "
        "once at the end: a failed run writes nothing. Exit status: 0 on "
        "success, 1 if the run failed, 2 for bad arguments or data.",
    )
    methods = sampler_classes()
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
        default=DEFAULT_METHOD,
        type=str.lower,
        metavar="METHOD",
        help=f"MCMC sampler: {', '.join(methods)} (default: %(default)s)",
    )
    _add_run_options(p)
    _add_prior_options(p)
    p.set_defaults(run=run_command, subparser=p)


def _add_run_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--chains",
        type=positive_int,
        default=4,
        metavar="N",
        help="number of chains (default: %(default)s)",
    )
    p.add_argument(
        "--iterations",
        type=positive_int,
        default=4000,
        metavar="N",
        help="iterations (samples) per chain (default: %(default)s)",
    )
    p.add_argument(
        "--warm-up",
        type=warm_up_fraction,
        default=0.5,
        metavar="FRACTION",
        help="fraction of each chain discarded before the summary and the "
        "pairwise and predictive plots (default: %(default)s)",
    )
    p.add_argument(
        "--seed",
        type=non_negative_int,
        metavar="N",
        help="seed of the run's random numbers (default: a fresh one, printed "
        "and recorded in the results)",
    )
    p.add_argument(
        "--output",
        type=Path,
        metavar="DIR",
        help="output directory (default: DATA's name with '-sample', e.g. data-sample)",
    )
    p.add_argument(
        "--no-plots",
        action="store_true",
        help="do not draw the plots (drawing takes a few seconds for many parameters)",
    )
    p.add_argument(
        "--parallel",
        type=positive_int,
        default=1,
        metavar="N",
        help="evaluate on N worker processes (default: %(default)s, in this "
        "process); the results do not depend on N",
    )


def _add_prior_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--bounds",
        type=bounds,
        metavar="LOW:HIGH,...",
        help="the prior's range of each model parameter, comma-separated, e.g. "
        "--bounds 0.001:1,100:1000 (use --bounds=-1:1,... if it starts with '-')",
    )
    p.add_argument(
        "--noise-bounds",
        type=bounds,
        metavar="LOW:HIGH,...",
        help="the prior's range of sigma: one LOW:HIGH pair, or one per output",
    )
    p.add_argument(
        "--prior",
        choices=("log-uniform", "uniform"),
        default="log-uniform",
        help="the model parameters' prior on their ranges (default: "
        "%(default)s; sigma's is always log-uniform)",
    )
    p.add_argument(
        "--x0",
        type=floats,
        metavar="X,...",
        help="where the optimisation starts, one value per model parameter "
        "(default: the middle of --bounds, geometric unless --prior uniform "
        "--transform none, else the model's suggested parameters); write "
        "--x0=-1,2 if it starts with '-'",
    )
    p.add_argument(
        "--transform",
        choices=("log", "none"),
        default="log",
        help="sampling space: 'log' samples the logarithms of the (positive) "
        "parameters (default: %(default)s)",
    )
    p.add_argument(
        "--names",
        metavar="NAME,...",
        help="names of the model parameters, comma-separated (default: p0, p1, "
        "...); the noise is 'sigma' ('sigma_<column>' for several outputs)",
    )


def run_command(args: argparse.Namespace) -> int:
    """Run ``paramfit sample``; return the exit status (0, 1 or 2)."""
    out = (
        args.output
        if args.output is not None
        else args.data.with_name(args.data.stem + "-sample")
    )
    try:
        if out.exists() and not out.is_dir():
            raise FitError(f"--output {str(out)!r} exists and is not a directory")
        data = read_data(args.data)
        setup = prepare(args, data)
        seed = run_seed(args.seed)
        optimiser = optimisation(args, setup, seed)
    except (FitError, ValueError) as e:
        return _error(e, 2)
    print(f"{PROG}: seed {seed}")
    from threadpoolctl import threadpool_limits

    # Small matrices, many calls: BLAS threads only add overhead.
    with threadpool_limits(limits=1, user_api="blas"):
        try:
            optimiser.run()
        except Exception as e:
            return _error(f"the optimisation failed: {e}", 1)
        optimum = optimiser.result()
        try:
            starts = chain_starts(setup, optimum, args.chains, seed)
            controller = sampling(args, setup, starts, optimum.x, seed)
            controller.run()
        except Exception as e:
            return _error(f"the sampling failed: {e}", 1)
    run = SampleRun(args, data, setup, seed, optimum, controller.result())
    text = report(run)
    return _write(out, run, text)


def _write(out: Path, run: SampleRun, text: str) -> int:
    plots = not run.args.no_plots and have_matplotlib()
    parent = out.parent if out.parent.is_dir() else None
    tmp = Path(tempfile.mkdtemp(prefix=".paramfit-sample-", dir=parent))
    umask = os.umask(0)
    os.umask(umask)
    tmp.chmod(0o777 & ~umask)  # mkdtemp's 0o700 is for secrets, not results
    try:
        files = write_outputs(tmp, run, text, plots)
        move_into_place(tmp, out, files)
    except Exception as e:
        return _error(f"cannot write the results: {e}", 1)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(text, end="")
    if not plots and not run.args.no_plots:
        print('No plots: matplotlib is not installed (pip install "paramfit[plot]").')
    print("Wrote: " + ", ".join(str(out / name) for name in files))
    return 0


def _error(message: object, status: int) -> int:
    text = " ".join(str(message).split())  # one line
    print(f"{PROG}: error: {text}", file=sys.stderr)
    return status
