"""The compiled ODE models (paramfit.models) side by side with PINTS 0.6.1's
toy models, in one run.

Measured (CPU time, ``time.process_time``: what the process itself spent,
so other processes on a shared machine do not count; the median of
repeats, each a loop of at least ``--budget`` seconds; BLAS pinned to 1):

* ``simulate()`` of every ODE toy at its suggested parameters and times,
  paramfit over PINTS, and the geometric mean of the ratios (target >= 15);
* ``simulateS1()`` of every toy that has it in PINTS (target >= 50 each);
* a FitzHugh-Nagumo fit end to end: xNES, 300 iterations through each
  library's controller, on the same noisy data (``np.random.seed``), with
  the population scored point by point and, for paramfit, as one
  ``simulate_batch`` call (targets >= 10 and >= 20);
* accuracy at the default tolerances: the largest error of each output over
  its range against scipy's DOP853 at ``rtol = 1e-12`` (target <= 1e-5),
  and the sensitivities against central differences of that reference
  (largest error over the largest value, per parameter; target <= 1e-5);
* compilation, in fresh processes with empty caches: the solver kernels
  (once per machine), each model the first time (derivation and
  compilation, kernels cached) and again from the caches (targets <= 3 s and
  <= 0.2 s); imports are timed separately.

Usage::

    .venv/bin/python benchmarks/models.py [--quick] [--budget 0.5]

Prints tables and writes ``benchmarks/results/models.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import _meta
import numpy as np
import pints
import pints.toy
from scipy.integrate import solve_ivp
from threadpoolctl import threadpool_limits

import paramfit
import paramfit.toy
from paramfit.models._run import input_tables

RESULTS = Path(__file__).resolve().parent / "results" / "models.json"
TOYS = [
    "ActionPotentialModel",
    "FitzhughNagumoModel",
    "GoodwinOscillatorModel",
    "Hes1Model",
    "HodgkinHuxleyIKModel",
    "LotkaVolterraModel",
    "RepressilatorModel",
    "SIRModel",
    "SimpleHarmonicOscillatorModel",
]
#: PINTS solves these in closed form, not with an ODE solver.
CLOSED_FORM_IN_PINTS = ("HodgkinHuxleyIKModel", "SimpleHarmonicOscillatorModel")
S1_TOYS = [
    "FitzhughNagumoModel",
    "GoodwinOscillatorModel",
    "Hes1Model",
    "LotkaVolterraModel",
    "SimpleHarmonicOscillatorModel",
]
SEED = 1
FIT_ITERATIONS = 300


def cpu_seconds(f: Callable[[], object], budget: float, repeats: int) -> float:
    """Median CPU seconds per call over ``repeats`` loops of ``budget`` s."""
    f()
    per_call = []
    for _ in range(repeats):
        n, start = 0, time.process_time()
        while time.process_time() - start < budget or n == 0:
            f()
            n += 1
        per_call.append((time.process_time() - start) / n)
    return statistics.median(per_call)


def time_toy(name: str, budget: float, repeats: int) -> dict[str, Any]:
    """One toy: paramfit's and PINTS's simulate() (and simulateS1())."""
    ours, theirs = getattr(paramfit.toy, name)(), getattr(pints.toy, name)()
    x, t = ours.suggested_parameters(), ours.suggested_times()
    row: dict[str, Any] = {
        "paramfit_s": cpu_seconds(lambda: ours.simulate(x, t), budget, repeats),
        "pints_s": cpu_seconds(lambda: theirs.simulate(x, t), budget, repeats),
        "steps": ours.ode_model().solver_statistics()["steps"],
        "solver": ours.ode_model().solver(),
    }
    row["ratio"] = row["pints_s"] / row["paramfit_s"]
    if name in S1_TOYS:
        row["S1_paramfit_s"] = cpu_seconds(
            lambda: ours.simulateS1(x, t), budget, repeats
        )
        row["S1_pints_s"] = cpu_seconds(
            lambda: theirs.simulateS1(x, t), budget, repeats
        )
        row["S1_ratio"] = row["S1_pints_s"] / row["S1_paramfit_s"]
    return row


def speed(budget: float, repeats: int) -> dict[str, Any]:
    rows = {name: time_toy(name, budget, repeats) for name in TOYS}
    ratios = [r["ratio"] for r in rows.values()]
    numeric = [r["ratio"] for n, r in rows.items() if n not in CLOSED_FORM_IN_PINTS]
    return {
        "toys": rows,
        "geometric_mean": float(np.exp(np.mean(np.log(ratios)))),
        "geometric_mean_numerical_in_pints": float(np.exp(np.mean(np.log(numeric)))),
    }


def reference(model: Any, x: np.ndarray, t: np.ndarray) -> np.ndarray:
    """The outputs of a toy by scipy's DOP853 at rtol 1e-12 on the same
    (generated) right-hand side, interval by interval between input jumps."""
    om = model.ode_model()
    module, n = om._module, om.n_states()
    p = om._full(om._points(x))
    t0 = float(t[0]) if om.start_time() is None else om.start_time()
    tables = input_tables(om._protocols, t0, float(t[-1]))
    z = om._outputs.initial(p, om._y0, 0)[0]
    states = np.empty((len(t), n))
    states[t <= t0] = z
    for iv in range(len(tables.bounds) - 1):
        a, b = tables.bounds[iv], tables.bounds[iv + 1]
        if b <= a:
            continue
        inside = (t > a) & (t <= b)

        def f(s: float, y: np.ndarray, iv: int = iv) -> np.ndarray:
            out = np.empty(n)
            module.f(s, y, p[0], tables.at(iv, s), out)
            return out

        grid = np.unique(np.append(t[inside], b))
        sol = solve_ivp(
            f, (a, b), z, method="DOP853", rtol=1e-12, atol=1e-14, t_eval=grid
        )
        states[inside] = sol.y.T[np.searchsorted(grid, t[inside])]
        z = sol.y[:, -1]
    u = tables.values(t) if om._protocols else np.zeros((len(t), 0))
    y = om._outputs.values(t, states[None], p, u)[0]
    return y[:, 0] if om.n_outputs() == 1 else y


def accuracy() -> dict[str, Any]:
    rows: dict[str, Any] = {}
    for name in TOYS:
        model = getattr(paramfit.toy, name)()
        x, t = model.suggested_parameters(), model.suggested_times()
        ref = reference(model, x, t).reshape(len(t), -1)
        y = np.asarray(model.simulate(x, t)).reshape(len(t), -1)
        span = ref.max(axis=0) - ref.min(axis=0)
        row: dict[str, Any] = {
            "error_over_range": (np.max(np.abs(y - ref), axis=0) / span).tolist()
        }
        if name in S1_TOYS:
            _, s = model.simulateS1(x, t)
            s = s.reshape(len(t), -1, len(x))
            errors = []
            for j in range(len(x)):
                h = 1e-4 * max(abs(x[j]), 1e-3)
                up, down = x.copy(), x.copy()
                up[j] += h
                down[j] -= h
                fd = (reference(model, up, t) - reference(model, down, t)) / (2 * h)
                fd = fd.reshape(len(t), -1)
                errors.append(
                    float(np.max(np.abs(s[:, :, j] - fd)) / np.max(np.abs(fd)))
                )
            row["sensitivity_error"] = errors
        rows[name] = row
    return rows


class BatchedSumOfSquares(paramfit.ErrorMeasure):
    """The sum of squares of a multi-output problem, scoring a population by
    one ``simulate_batch`` call (used if the library's error measures do not
    batch multi-output problems)."""

    def __init__(self, model: Any, times: np.ndarray, values: np.ndarray) -> None:
        super().__init__()
        self._model, self._times, self._values = model, times, values

    def n_parameters(self) -> int:
        return 3

    def __call__(self, x: Any) -> float:
        r = self._model.simulate(x, self._times) - self._values
        return float(np.sum(r * r))

    def evaluate_batch(self, xs: Any) -> np.ndarray:
        r = self._model.simulate_batch(xs, self._times) - self._values
        return np.sum(r * r, axis=(1, 2))


def fit(library: Any, batched: bool) -> tuple[float, float, int]:
    """CPU seconds of a 300-iteration xNES fit of FitzHugh-Nagumo, the final
    error, and the number of model calls."""
    toy = library.toy.FitzhughNagumoModel()
    times = toy.suggested_times()
    np.random.seed(SEED)
    values = toy.simulate([0.1, 0.5, 3.0], times)
    values = values + np.random.normal(0, 0.05, values.shape)
    problem = library.MultiOutputProblem(toy, times, values)
    error = library.SumOfSquaresError(problem)
    if batched:
        from paramfit.problems._batch import simulate_batch

        if simulate_batch(problem, np.ones((2, 3))) is None:
            error = BatchedSumOfSquares(toy, times, values)
    boundaries = library.RectangularBoundaries([0, 0, 0.5], [1, 1, 10])
    np.random.seed(SEED)
    controller = library.OptimisationController(
        error, [0.5, 0.5, 2.0], boundaries=boundaries, method=library.XNES
    )
    controller.set_max_iterations(FIT_ITERATIONS)
    controller.set_max_unchanged_iterations(None)
    controller.set_log_to_screen(False)
    start = time.process_time()
    _, f = controller.run()
    seconds = time.process_time() - start
    calls = (
        toy.ode_model().solver_statistics()["solves"]
        if hasattr(toy, "ode_model")
        else 0
    )
    return seconds, float(f), calls


def fits(repeats: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for label, library, batched in (
        ("pints", pints, False),
        ("paramfit", paramfit, False),
        ("paramfit_batched", paramfit, True),
    ):
        runs = [fit(library, batched) for _ in range(repeats)]
        out[label] = {
            "seconds": statistics.median(r[0] for r in runs),
            "final_error": runs[0][1],
            "points_per_last_model_call": runs[0][2],
        }
    for label in ("paramfit", "paramfit_batched"):
        out[label]["ratio"] = out["pints"]["seconds"] / out[label]["seconds"]
    return out


_PROBE = """
import json, os, sys, time
t0, c0 = time.perf_counter(), time.process_time()
import numpy, numba, sympy, scipy.integrate
import paramfit.toy
from paramfit.models import _jit
t1, c1 = time.perf_counter(), time.process_time()
_jit.no_op(4)  # numba's one-time set-up in a process (its registries)
t2, c2 = time.perf_counter(), time.process_time()
name = sys.argv[1]
model = getattr(paramfit.toy, name)()
x, t = model.suggested_parameters(), model.suggested_times()
model.simulate(x, t)
if hasattr(model, "simulateS1") and name in sys.argv[2:]:
    model.simulateS1(x, t)
t3, c3 = time.perf_counter(), time.process_time()
info = model.ode_model().build_info()
print(json.dumps({"imports_s": t1 - t0, "numba_setup_s": t2 - t1,
                  "numba_setup_cpu_s": c2 - c1,
                  "build_and_first_solves_s": t3 - t2,
                  "build_and_first_solves_cpu_s": c3 - c2,
                  "derive_s": info["derive_seconds"], "cached": info["cached"],
                  "numba_cache_misses": info["numba_cache_misses"]}))
"""


def _probe(name: str, env: dict[str, str]) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, "-c", _PROBE, name, *S1_TOYS],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def compilation(names: list[str]) -> dict[str, Any]:
    """Fresh processes: kernels cold once, then each model first and cached."""
    with tempfile.TemporaryDirectory() as folder:
        env = dict(os.environ)
        env["NUMBA_CACHE_DIR"] = str(Path(folder) / "numba")
        env["PARAMFIT_CACHE_DIR"] = str(Path(folder) / "kernels-warm-up")
        # The first model of a machine also compiles the solver kernels.
        kernels = _probe("FitzhughNagumoModel", env)
        env["PARAMFIT_CACHE_DIR"] = str(Path(folder) / "rodas-warm-up")
        kernels_rodas = _probe("ActionPotentialModel", env)
        rows: dict[str, Any] = {}
        for name in names:
            env["PARAMFIT_CACHE_DIR"] = str(Path(folder) / name)
            rows[name] = {"first": _probe(name, env), "cached": _probe(name, env)}
    return {
        "first_model_with_cold_kernels": {"dopri5": kernels, "rodas4": kernels_rodas},
        "models": rows,
    }


def report(record: dict[str, Any]) -> str:
    lines = ["simulate() and simulateS1(), CPU time per call (ms)", ""]
    lines.append(
        f"{'model':<31}{'paramfit':>10}{'PINTS':>10}{'ratio':>8}"
        f"{'S1 ours':>10}{'S1 PINTS':>10}{'ratio':>8}"
    )
    for name, r in record["speed"]["toys"].items():
        s1 = (
            f"{1e3 * r['S1_paramfit_s']:>10.3f}{1e3 * r['S1_pints_s']:>10.2f}"
            f"{r['S1_ratio']:>8.1f}"
            if "S1_ratio" in r
            else ""
        )
        lines.append(
            f"{name:<31}{1e3 * r['paramfit_s']:>10.3f}{1e3 * r['pints_s']:>10.2f}"
            f"{r['ratio']:>8.1f}{s1}"
        )
    sp = record["speed"]
    lines += [
        "",
        f"geometric mean of simulate() ratios: {sp['geometric_mean']:.1f} (all 9); "
        f"{sp['geometric_mean_numerical_in_pints']:.1f} (the 7 PINTS integrates)",
        "",
        "FitzHugh-Nagumo fit, xNES, 300 iterations (CPU s)",
    ]
    for label, r in record["fit"].items():
        ratio = f"  x{r['ratio']:.1f}" if "ratio" in r else ""
        lines.append(
            f"  {label:<18}{r['seconds']:>8.3f}{ratio}  error {r['final_error']:.4g}"
        )
    lines += ["", "accuracy at default tolerances (error / range; sensitivities)"]
    for name, r in record["accuracy"].items():
        sens = r.get("sensitivity_error")
        extra = f"  S1 {max(sens):.1e}" if sens else ""
        lines.append(f"  {name:<31}{max(r['error_over_range']):.1e}{extra}")
    if "compilation" in record:
        comp = record["compilation"]
        lines += [
            "",
            "compilation in fresh processes (s, wall / CPU; after imports and",
            "numba's own set-up): first time, cached",
        ]
        for solver, r in comp["first_model_with_cold_kernels"].items():
            lines.append(
                f"  kernels cold ({solver}): {r['build_and_first_solves_s']:.2f} "
                f"(imports {r['imports_s']:.2f})"
            )
        for name, r in comp["models"].items():
            first, cached = r["first"], r["cached"]
            lines.append(
                f"  {name:<31}{first['build_and_first_solves_s']:>7.2f} /"
                f"{first['build_and_first_solves_cpu_s']:>6.2f}"
                f"{cached['build_and_first_solves_s']:>8.3f} /"
                f"{cached['build_and_first_solves_cpu_s']:>6.3f}"
                f"   (numba set-up {cached['numba_setup_cpu_s']:.2f} CPU)"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--budget", type=float, default=0.5)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--no-compilation", action="store_true")
    args = parser.parse_args()
    quick = args.quick or os.environ.get("BENCH_QUICK", "") not in ("", "0")
    budget, repeats = (0.1, 3) if quick else (args.budget, args.repeats)
    record: dict[str, Any] = {
        "benchmark": "models",
        "budget_s": budget,
        "repeats": repeats,
    }
    with threadpool_limits(limits=1), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name in TOYS:  # compile (or load) everything before timing
            model = getattr(paramfit.toy, name)()
            model.ode_model().compile()
        record["speed"] = speed(budget, repeats)
        record["fit"] = fits(1 if quick else 3)
        record["accuracy"] = accuracy()
    if not args.no_compilation:
        record["compilation"] = compilation(TOYS[:2] if quick else TOYS)
    print(report(record))
    print(f"\nwrote {_meta.write(RESULTS, record, quick=quick)}")


if __name__ == "__main__":
    main()
