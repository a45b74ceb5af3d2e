"""The ``paramfit`` command.

Sub-commands
------------
demo
    Fit the logistic growth model of the seed notebook
    ("Optimisation: Ask-and-tell interface") with xNES through an explicit
    ask-and-tell loop, print a report and save convergence and trajectory
    plots (`paramfit.cli._demo`).
fit
    Fit a built-in or user-supplied forward model to a time series in a CSV
    file; writes ``result.json``, ``fit.png`` and ``convergence.png``
    (`paramfit.cli._fit`).
sample
    Sample the posterior of a built-in or user-supplied model's parameters
    and its noise sigma, given a time series in a CSV file: optimise, then
    run MCMC (HaarioBardenetACMC in log space by default) from around the
    optimum; prints the summary and writes it with the chains (CSV and
    ``.npz``) and trace, pairwise and predictive plots
    (`paramfit.cli._sample`).

Run ``paramfit --help`` or ``paramfit <command> --help`` for the options. Each
sub-command is a module with an ``add_command`` function (defines its
options) and a ``run_command`` function (does the work and returns the exit
status).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from . import _demo, _fit, _sample
from ._options import Parser


def build_parser() -> argparse.ArgumentParser:
    """Create the parser of the ``paramfit`` command and its sub-commands.

    Returns
    -------
    argparse.ArgumentParser
        The top-level parser; each sub-command sets ``args.run`` to the
        function that executes it.
    """
    from .._version import __version__

    parser = Parser(
        prog="paramfit",
        description="Fit the parameters of models to noisy data, and sample "
        "their posterior (a fast, PINTS-compatible library).",
    )
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {__version__}"
    )
    commands = parser.add_subparsers(
        title="commands", dest="command", metavar="COMMAND", required=True
    )
    _demo.add_command(commands)
    _fit.add_command(commands)
    _sample.add_command(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``paramfit`` command.

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments, without the program name (default ``sys.argv[1:]``).

    Returns
    -------
    int
        Exit status: 0 on success (and for ``--help``), 1 if the command
        failed, 2 for bad arguments.
    """
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        status: int = args.run(args)
    except SystemExit as e:  # --help, --version, or parser.error()
        return e.code if isinstance(e.code, int) else 1
    return status
