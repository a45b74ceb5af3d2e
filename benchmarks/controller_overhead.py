"""Cost of the optimisation controller over a bare ask-and-tell loop.

Runs xNES for 500 iterations on the seed problem (logistic model, true
parameters [0.015, 500], 1000 times in [0, 1000], noise sigma 10, boundaries
[0, 200]-[1, 1000], x0 [0, 700]) four ways, for paramfit and for PINTS 0.6.1:

* bare:       ``xs = opt.ask(); opt.tell([f(x) for x in xs])``, 500 times;
* controller: ``OptimisationController(...).run()`` with 500 iterations and
  the function tolerance off (so both do exactly 500 iterations), logging to
  screen as by default (stdout captured in memory);
* quiet:      the controller with the screen log off.

Each library's own error measure and xNES are used; ``np.random.seed(SEED)``
is set before every run, so every run of a library follows the same
trajectory and does the same work (checked). Repeats are interleaved (every
repeat runs every variant, in a rotating order) so that drifts in machine load
hit all variants alike. BLAS threads are pinned to 1.

Both CPU time (``time.process_time``: what the process itself spent, so time
lost to other processes on a shared machine does not count) and wall-clock
time are recorded. Reported per variant: the median, the ratio of medians to
the bare loop's (the measure), and the median of the per-repeat ratios.

On a busy machine those ratios move by a few per cent from run to run, so a
second, direct measurement follows: the same runs with ``ask()``, ``tell()``
and the error measure timed from inside. Whatever time is left over is spent
outside them: in the bare loop's own statements, or in the controller. The
difference per iteration, divided by the bare loop's time per iteration, is
the controller's overhead, free of most of the noise in the totals.

Usage::

    .venv/bin/python benchmarks/controller_overhead.py [--repeats 21]

Prints a table and writes ``benchmarks/results/controller_overhead.json``.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import io
import platform
import statistics
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import _meta
import numpy as np
import pints
import pints.toy
from threadpoolctl import threadpool_limits

import paramfit
import paramfit.toy

ITERATIONS = 500
SEED = 1
TRUE = [0.015, 500]
X0 = [0, 700]
RESULTS = Path(__file__).resolve().parent / "results" / "controller_overhead.json"


def seed_problem(lib: Any, toy: Any) -> tuple[Any, Any]:
    """The seed notebook's error measure and boundaries, built with ``lib``."""
    model = toy.LogisticModel()
    times = np.linspace(0, 1000, 1000)
    noise = np.random.default_rng(2024).normal(0, 10, times.shape)
    values = model.simulate(TRUE, times) + noise
    error = lib.SumOfSquaresError(lib.SingleOutputProblem(model, times, values))
    return error, lib.RectangularBoundaries([0, 200], [1, 1000])


def bare(lib: Any, error: Any, boundaries: Any, seed: int) -> float:
    np.random.seed(seed)
    opt = lib.XNES(X0, boundaries=boundaries)
    for _ in range(ITERATIONS):
        xs = opt.ask()
        opt.tell([error(x) for x in xs])
    return float(opt.f_best())


def controller(
    lib: Any, error: Any, boundaries: Any, seed: int, screen: bool = True
) -> float:
    np.random.seed(seed)
    c = lib.OptimisationController(error, X0, boundaries=boundaries, method=lib.XNES)
    c.set_max_iterations(ITERATIONS)
    c.set_function_tolerance(None)
    c.set_log_to_screen(screen)
    with contextlib.redirect_stdout(io.StringIO()):
        _, f = c.run()
    return float(f)


#: Seconds spent inside ask(), tell() and the error measure (direct method).
_inside = [0.0]


def _timed(method: Callable[..., Any]) -> Callable[..., Any]:
    def timed(*args: Any) -> Any:
        start = time.perf_counter()
        try:
            return method(*args)
        finally:
            _inside[0] += time.perf_counter() - start

    return timed


class TimedError:
    """An error measure that adds the time spent in it to ``_inside``."""

    def __init__(self, error: Any) -> None:
        self._error = error

    def n_parameters(self) -> int:
        return int(self._error.n_parameters())

    def __call__(self, x: Any) -> float:
        start = time.perf_counter()
        try:
            return float(self._error(x))
        finally:
            _inside[0] += time.perf_counter() - start


class _TimedLib:
    """``lib`` with an xNES whose ask() and tell() add to ``_inside``."""

    def __init__(self, lib: Any) -> None:
        self._lib = lib
        xnes = lib.XNES
        self.XNES = type(
            "TimedXNES", (xnes,), {"ask": _timed(xnes.ask), "tell": _timed(xnes.tell)}
        )

    def __getattr__(self, name: str) -> Any:
        return getattr(self._lib, name)


def variants(direct: bool = False) -> dict[str, Callable[[int], float]]:
    """The runs to time; with ``direct``, instrumented (see module notes)."""
    out: dict[str, Callable[[int], float]] = {}
    for name, lib, toy in (
        ("paramfit", paramfit, paramfit.toy),
        ("pints", pints, pints.toy),
    ):
        error, b = seed_problem(lib, toy)
        if direct:
            lib, error = _TimedLib(lib), TimedError(error)
        out[f"{name} bare"] = lambda s, lib=lib, e=error, b=b: bare(lib, e, b, s)
        out[f"{name} controller"] = lambda s, lib=lib, e=error, b=b: controller(
            lib, e, b, s
        )
        out[f"{name} quiet"] = lambda s, lib=lib, e=error, b=b: controller(
            lib, e, b, s, screen=False
        )
    return out


def measure_direct(repeats: int) -> dict[str, dict[str, list[float]]]:
    """Per run: seconds per iteration in total and outside ask/tell/error."""
    runs = variants(direct=True)
    names = list(runs)
    out: dict[str, dict[str, list[float]]] = {
        kind: {name: [] for name in names} for kind in ("total", "outside")
    }
    for r in range(repeats):
        order = names[r % len(names) :] + names[: r % len(names)]
        for name in order:
            gc.collect()
            _inside[0] = 0.0
            start = time.perf_counter()
            runs[name](SEED)
            total = time.perf_counter() - start
            out["total"][name].append(total / ITERATIONS)
            out["outside"][name].append((total - _inside[0]) / ITERATIONS)
    return out


def summarise_direct(direct: dict[str, dict[str, list[float]]]) -> dict[str, Any]:
    """Median microseconds per iteration outside the work, and the overhead."""
    med = {
        kind: {k: statistics.median(v) * 1e6 for k, v in d.items()}
        for kind, d in direct.items()
    }
    summary: dict[str, Any] = {}
    for lib in ("paramfit", "pints"):
        bare_total = med["total"][f"{lib} bare"]
        bare_out = med["outside"][f"{lib} bare"]
        entry: dict[str, Any] = {
            "bare_iteration_us": bare_total,
            "bare_outside_us": bare_out,
        }
        for kind in ("controller", "quiet"):
            outside = med["outside"][f"{lib} {kind}"]
            entry[f"{kind}_outside_us"] = outside
            entry[f"{kind}_overhead"] = (outside - bare_out) / bare_total
        summary[lib] = entry
    return summary


def table_direct(summary: dict[str, Any], repeats: int) -> str:
    lines = [
        f"Direct: microseconds per iteration spent outside ask/tell/error "
        f"(medians of {repeats} repeats)",
        "",
        f"{'library':<10}{'bare iter':>10}{'bare':>8}{'controller':>12}"
        f"{'overhead':>10}{'quiet':>8}{'overhead':>10}",
    ]
    for lib in ("paramfit", "pints"):
        e = summary[lib]
        lines.append(
            f"{lib:<10}{e['bare_iteration_us']:>10.1f}{e['bare_outside_us']:>8.1f}"
            f"{e['controller_outside_us']:>12.1f}{e['controller_overhead']:>10.2%}"
            f"{e['quiet_outside_us']:>8.1f}{e['quiet_overhead']:>10.2%}"
        )
    lines += [
        "",
        "overhead = (outside(variant) - outside(bare)) / bare iteration time",
    ]
    return "\n".join(lines)


def measure(repeats: int) -> dict[str, dict[str, list[float]]]:
    """CPU and wall-clock seconds of every run: ``{clock: {variant: [...]}}``."""
    runs = variants()
    names = list(runs)
    times: dict[str, dict[str, list[float]]] = {
        clock: {name: [] for name in names} for clock in ("cpu", "wall")
    }
    for name in names:  # warm-up: imports, caches, first-call costs
        runs[name](SEED)
    for r in range(repeats):
        order = names[r % len(names) :] + names[: r % len(names)]
        scores = {}
        for name in order:
            gc.collect()
            cpu, wall = time.process_time(), time.perf_counter()
            scores[name] = runs[name](SEED)
            times["wall"][name].append(time.perf_counter() - wall)
            times["cpu"][name].append(time.process_time() - cpu)
        for lib in ("paramfit", "pints"):  # same seed, same trajectory
            bare_f = scores[f"{lib} bare"]
            assert scores[f"{lib} controller"] == bare_f, lib
            assert scores[f"{lib} quiet"] == bare_f, lib
    return times


def summarise(times: dict[str, list[float]]) -> dict[str, Any]:
    """Medians, ratios of medians and medians of paired ratios, per library."""
    summary: dict[str, Any] = {}
    for lib in ("paramfit", "pints"):
        bare_t = times[f"{lib} bare"]
        entry: dict[str, Any] = {"bare_median_s": statistics.median(bare_t)}
        for kind in ("controller", "quiet"):
            t = times[f"{lib} {kind}"]
            entry[f"{kind}_median_s"] = statistics.median(t)
            entry[f"{kind}_ratio"] = statistics.median(t) / statistics.median(bare_t)
            entry[f"{kind}_paired_ratio"] = statistics.median(
                a / b for a, b in zip(t, bare_t, strict=True)
            )
        entry["raw_s"] = {
            k: times[f"{lib} {k}"] for k in ("bare", "controller", "quiet")
        }
        summary[lib] = entry
    return summary


def table(summary: dict[str, dict[str, Any]], repeats: int) -> str:
    cpu, wall = summary["cpu"], summary["wall"]
    lines = [
        f"xNES, {ITERATIONS} iterations on the seed problem; {repeats} interleaved "
        "repeats, BLAS threads = 1",
        "",
        f"{'':<22}{'---------- CPU time ----------':>31}"
        f"{'--------- wall clock ---------':>32}",
        f"{'library':<10}{'variant':<12}{'median (s)':>13}{'ratio':>9}{'paired':>9}"
        f"{'median (s)':>14}{'ratio':>9}{'paired':>9}",
    ]
    for lib in ("paramfit", "pints"):
        lines.append(
            f"{lib:<10}{'bare':<12}{cpu[lib]['bare_median_s']:>13.4f}{'':>18}"
            f"{wall[lib]['bare_median_s']:>14.4f}"
        )
        for kind in ("controller", "quiet"):
            cells = ""
            for clock in (cpu, wall):
                e = clock[lib]
                width = 13 if clock is cpu else 14
                cells += (
                    f"{e[f'{kind}_median_s']:>{width}.4f}{e[f'{kind}_ratio']:>9.3f}"
                    f"{e[f'{kind}_paired_ratio']:>9.3f}"
                )
            lines.append(f"{'':<10}{kind:<12}{cells}")
    lines += [
        "",
        "ratio = median(variant) / median(bare); paired = median over repeats of "
        "variant / bare.",
        "controller: default settings, screen log on (captured); quiet: screen "
        "log off.",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=21)
    args = parser.parse_args()
    with threadpool_limits(limits=1), warnings.catch_warnings():
        # xNES warns when all of a population falls outside the boundaries.
        warnings.simplefilter("ignore")
        times = measure(args.repeats)
        direct = summarise_direct(measure_direct(args.repeats))
    summary = {clock: summarise(t) for clock, t in times.items()}
    summary["direct"] = direct
    print(table(summary, args.repeats))
    print()
    print(table_direct(direct, args.repeats))
    record = {
        "benchmark": "controller_overhead",
        "iterations": ITERATIONS,
        "repeats": args.repeats,
        "seed": SEED,
        "blas_threads": 1,
        "python": platform.python_version(),
        "numpy": np.__version__,
        "paramfit": paramfit.__version__,
        "pints": pints.__version__,
        "machine": platform.machine(),
        "results": summary,
    }
    print(f"\nwrote {_meta.write(RESULTS, record)}")


if __name__ == "__main__":
    main()
