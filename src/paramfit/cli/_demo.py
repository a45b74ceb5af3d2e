"""The ``paramfit demo`` command: fit the logistic growth model of the seed
notebook ("Optimisation: Ask-and-tell interface") with xNES through an
explicit ask-and-tell loop, print a report and save convergence and
trajectory plots."""

from __future__ import annotations

import argparse
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .._typing import FloatArray
from ._options import Subcommands, non_negative_int, positive_int

#: Seed problem of the notebook: true parameters, names, boundaries, start.
TRUE_PARAMETERS = (0.015, 500.0)
PARAMETER_NAMES = ("r (growth rate)", "k (carrying capacity)")
LOWER, UPPER = (0.0, 200.0), (1.0, 1000.0)
X0 = (0.0, 700.0)
NOISE_SIGMA = 10.0
N_TIMES = 1000


def add_command(commands: Subcommands) -> None:
    """Add ``paramfit demo`` and its options to ``commands``."""
    p = commands.add_parser(
        "demo",
        help="fit the logistic growth model of the seed notebook with xNES",
        description="Fit the logistic growth model (true parameters r=0.015, "
        "k=500) to 1000 noisy data points with xNES, through an explicit "
        "ask-and-tell loop. Prints a report and writes convergence.png and "
        "trajectory.png.",
    )
    p.add_argument(
        "--iterations",
        type=positive_int,
        default=500,
        metavar="N",
        help="number of ask-and-tell iterations (default: %(default)s)",
    )
    p.add_argument(
        "--seed",
        type=non_negative_int,
        default=1,
        help="seed of the noise and of the optimiser (default: %(default)s)",
    )
    p.add_argument(
        "--out",
        type=Path,
        default=Path("paramfit-demo"),
        metavar="DIR",
        help="directory for the plots, created if missing (default: ./%(default)s)",
    )
    p.set_defaults(run=run_command, subparser=p)


@dataclass
class DemoRun:
    """What the demo records and finds.

    Attributes
    ----------
    best : ndarray, shape (iterations,)
        Best score so far after each iteration.
    current : ndarray, shape (iterations,)
        Best score of each iteration's population.
    points : ndarray, shape (n_evaluations, 2)
        Every point asked for (all within the boundaries).
    means : ndarray, shape (iterations + 1, 2)
        Mean of the search distribution before the first iteration and
        after each one.
    x_best : ndarray, shape (2,)
        Best parameters found.
    f_best : float
        Their score (sum of squared errors).
    f_true : float
        Score of the true parameters, for comparison.
    seconds : float
        Wall time of the optimisation loop.
    """

    best: FloatArray
    current: FloatArray
    points: FloatArray
    means: FloatArray
    x_best: FloatArray
    f_best: float
    f_true: float
    seconds: float


def run_demo(iterations: int = 500, seed: int = 1) -> DemoRun:
    """Fit the seed notebook's logistic problem with xNES (ask-and-tell).

    Parameters
    ----------
    iterations : int, optional
        Number of ask-and-tell iterations.
    seed : int, optional
        Seed of the data's noise and of the optimiser.

    Returns
    -------
    DemoRun
        The recorded trace and the result.
    """
    from threadpoolctl import threadpool_limits

    import paramfit
    from paramfit import toy

    model = toy.LogisticModel()
    times = np.linspace(0, 1000, N_TIMES)
    values = np.asarray(model.simulate(TRUE_PARAMETERS, times), dtype=float)
    values = values + _noise_rng(seed).normal(0, NOISE_SIGMA, values.shape)
    problem = paramfit.SingleOutputProblem(model, times, values)
    score = paramfit.SumOfSquaresError(problem)
    boundaries = paramfit.RectangularBoundaries(LOWER, UPPER)
    opt = paramfit.XNES(X0, boundaries=boundaries, rng=seed)

    best = np.empty(iterations)
    current = np.empty(iterations)
    means = [opt.x_guessed()]
    points = []
    timer = paramfit.Timer()
    # xNES's update uses a 2x2 matrix exponential: multi-threaded BLAS only
    # adds overhead (100x slower on a busy 2-core machine).
    with threadpool_limits(limits=1, user_api="blas"), warnings.catch_warnings():
        # x0 lies on a boundary, so early on a whole population can fall
        # outside it; xNES then simply learns from scores of +inf.
        warnings.filterwarnings("ignore", "All points requested by XNES are outside")
        for i in range(iterations):
            xs = opt.ask()
            fs = [score(x) for x in xs]
            opt.tell(fs)
            best[i] = opt.f_best()
            current[i] = min(fs, default=np.inf)
            means.append(opt.x_guessed())
            points.append(xs)
    seconds = timer.time()
    return DemoRun(
        best=best,
        current=current,
        points=np.concatenate(points),
        means=np.array(means),
        x_best=np.array(opt.x_best()),
        f_best=float(opt.f_best()),
        f_true=float(score(TRUE_PARAMETERS)),
        seconds=seconds,
    )


def _noise_rng(seed: int) -> np.random.Generator:
    # A stream independent of the optimiser's (seeded with `seed` itself):
    # otherwise the noise and xNES's samples would be the same normal draws.
    return np.random.default_rng(np.random.SeedSequence(seed).spawn(1)[0])


def format_report(run: DemoRun, seed: int) -> str:
    """The demo's printed report.

    Parameters
    ----------
    run : DemoRun
        The result of `run_demo()`.
    seed : int
        The seed used.

    Returns
    -------
    str
        Several lines, without a trailing newline.
    """
    from paramfit import Timer

    n_iter = len(run.best)
    rows = [
        f"  {name:<24}{true:>12g}{found:>14.6g}"
        for name, true, found in zip(
            PARAMETER_NAMES, TRUE_PARAMETERS, run.x_best, strict=True
        )
    ]
    return "\n".join(
        [
            f"paramfit demo: logistic growth model, {N_TIMES} noisy points "
            f"(sigma = {NOISE_SIGMA:g}), xNES ask-and-tell, seed {seed}",
            f"  {'parameter':<24}{'true':>12}{'found':>14}",
            *rows,
            f"  Least-squares optimum found: sum of squares = {run.f_best:.6g}",
            f"  (at the true parameters: {run.f_true:.6g}; the noise moves the "
            "optimum away from the truth)",
            f"  Final score (best of last iteration): {run.current[-1]:.6g}",
            f"  Iterations: {n_iter}, evaluations: {len(run.points)}",
            f"  Wall time: {Timer().format(run.seconds)}",
        ]
    )


def save_demo_plots(run: DemoRun, out: Path) -> list[Path]:
    """Write ``convergence.png`` and ``trajectory.png`` into ``out``.

    Parameters
    ----------
    run : DemoRun
        The result of `run_demo()`.
    out : pathlib.Path
        An existing directory.

    Returns
    -------
    list of pathlib.Path
        The files written.
    """
    import matplotlib

    if "matplotlib.pyplot" not in sys.modules:
        # Files only: never open a window. (If pyplot is already in use, e.g.
        # main() called from a notebook, leave its backend alone: switching
        # would close the user's figures, and savefig works with any.)
        matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from .. import plot

    fig, ax = plot.convergence(run.best, run.current, log_scale=True)
    ax.set_title("xNES on the logistic model: score per iteration")
    ax.set_ylabel("Sum of squared errors")
    conv = out / "convergence.png"
    fig.savefig(conv, dpi=120)
    plt.close(fig)

    fig, ax = plot.trajectory(
        run.points, run.means, TRUE_PARAMETERS, parameter_names=PARAMETER_NAMES
    )
    ax.set_title("xNES trajectory: asked points and the mean of the search")
    traj = out / "trajectory.png"
    fig.savefig(traj, dpi=120)
    plt.close(fig)
    return [conv, traj]


def run_command(args: argparse.Namespace) -> int:
    """Run ``paramfit demo``; return the exit status (0, or 1 on failure)."""
    out: Path = args.out
    if out.exists() and not out.is_dir():
        args.subparser.error(f"argument --out: {str(out)!r} is not a directory")
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        print(
            "paramfit demo: error: the demo's plots need matplotlib; "
            'install it with: pip install "paramfit[plot]"',
            file=sys.stderr,
        )
        return 1
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        print(f"paramfit demo: error: cannot create {str(out)!r}: {e}", file=sys.stderr)
        return 1

    run = run_demo(args.iterations, args.seed)
    print(format_report(run, args.seed))
    files = save_demo_plots(run, out)
    print("  Plots: " + ", ".join(str(f) for f in files))
    return 0
