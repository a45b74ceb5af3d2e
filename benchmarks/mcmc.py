"""MCMC side by side with PINTS 0.6.1 (and emcee for the ensemble sampler).

Three measurements, each as ratios from one run:

* **Framework overhead per iteration**: 4 chains on a cheap 2-d correlated
  Gaussian (the same plain-Python log-pdf class for both libraries), log
  off, through each library's ``MCMCController``. The time spent in the
  log-pdf itself (timed separately for the same number of calls) is
  subtracted, so what remains is the controller's and the samplers' own
  work. For ``EmceeHammerMCMC`` the comparison is with emcee's
  ``EnsembleSampler`` per log-pdf evaluation (if emcee is installed).
* **Effective sample size per second** on the same target, for the
  adaptive-covariance samplers: ESS from the same estimator
  (``paramfit.diagnostics.effective_sample_size``) on both libraries' chains
  after the initial phase, divided by the run's CPU time.
* **Parallel speed-up**: a 4-chain run on the logistic posterior whose model
  costs about 5 ms of CPU per solve, on 2 worker processes against
  sequential evaluation (paramfit only; PINTS runs one chain per process
  too, so the comparison is with our own sequential run).

Repeats are interleaved; medians are reported. BLAS threads are pinned to 1.

Usage::

    .venv/bin/python benchmarks/mcmc.py [--quick]

Prints tables and writes ``benchmarks/results/mcmc.json``.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path
from typing import Any

import _meta  # noqa: I001  (first: the wall time counts from its import)
import numpy as np
import pints
from threadpoolctl import threadpool_limits

import paramfit
import paramfit.diagnostics
import paramfit.toy

RESULTS = Path(__file__).resolve().parent / "results" / "mcmc.json"
CHAINS = 4
COV = np.array([[1.0, 0.8], [0.8, 1.0]])
PRECISION = np.linalg.inv(COV)
OVERHEAD_METHODS = (
    "HaarioBardenetACMC",
    "MetropolisRandomWalkMCMC",
    "DifferentialEvolutionMCMC",
)
ESS_METHODS = ("HaarioBardenetACMC", "HaarioACMC", "RaoBlackwellACMC")


def gaussian(lib: Any) -> Any:
    """The same cheap correlated Gaussian as a LogPDF of ``lib``."""

    class Gaussian(lib.LogPDF):
        def n_parameters(self) -> int:
            return 2

        def __call__(self, x: Any) -> float:
            x = np.asarray(x)
            return float(-0.5 * x @ PRECISION @ x)

    return Gaussian()


def x0s(seed: int) -> np.ndarray:
    return np.random.default_rng(seed).normal(0, 1, (CHAINS, 2))


def run(lib: Any, method: str, iterations: int, seed: int) -> tuple[float, Any, int]:
    """CPU seconds, chains and evaluations of one controller run."""
    np.random.seed(seed)
    log_pdf = gaussian(lib)
    options = {"rng": seed} if lib is paramfit else {}
    c = lib.MCMCController(
        log_pdf,
        CHAINS,
        x0s(seed),
        np.diag([0.5, 0.5]),
        method=getattr(lib, method),
        **options,
    )
    c.set_max_iterations(iterations)
    c.set_log_to_screen(False)
    start = time.process_time()
    chains = c.run()
    return time.process_time() - start, chains, c.n_evaluations()


def log_pdf_time(calls: int) -> float:
    """CPU seconds of ``calls`` evaluations of the target (either class)."""
    f, x = gaussian(paramfit), np.array([0.3, -0.2])
    start = time.process_time()
    for _ in range(calls):
        f(x)
    return time.process_time() - start


def overhead(iterations: int, repeats: int) -> dict[str, Any]:
    rows = {}
    for method in OVERHEAD_METHODS:
        per_iter: dict[str, list[float]] = {"paramfit": [], "pints": []}
        for r in range(repeats):
            for name, lib in (("paramfit", paramfit), ("pints", pints))[
                :: 1 - 2 * (r % 2)
            ]:
                cpu, _, evaluations = run(lib, method, iterations, seed=r)
                own = cpu - log_pdf_time(evaluations)
                per_iter[name].append(own / iterations)
        ours = statistics.median(per_iter["paramfit"])
        theirs = statistics.median(per_iter["pints"])
        rows[method] = {
            "paramfit_us_per_iteration": ours * 1e6,
            "pints_us_per_iteration": theirs * 1e6,
            "ratio": ours / theirs,
        }
        print(
            f"{method:28s} {ours * 1e6:9.1f} us {theirs * 1e6:9.1f} us"
            f"  ratio {ours / theirs:.3f}"
        )
    return rows


def emcee_comparison(iterations: int, repeats: int) -> dict[str, Any] | None:
    try:
        import emcee
    except ImportError:
        print("emcee is not installed: EmceeHammerMCMC is not compared with it.")
        return None
    walkers = 8

    def log_prob(x: np.ndarray) -> float:
        return float(-0.5 * x @ PRECISION @ x)

    ours, theirs = [], []
    for r in range(repeats):
        start = time.process_time()
        c = paramfit.MCMCController(
            gaussian(paramfit),
            walkers,
            np.random.default_rng(r).normal(0, 1, (walkers, 2)),
            method=paramfit.EmceeHammerMCMC,
            rng=r,
        )
        c.set_max_iterations(iterations)
        c.set_log_to_screen(False)
        c.run()
        ours.append((time.process_time() - start) / c.n_evaluations())
        np.random.seed(r)  # emcee draws from NumPy's global generator
        sampler = emcee.EnsembleSampler(walkers, 2, log_prob)
        start = time.process_time()
        sampler.run_mcmc(
            np.random.default_rng(r).normal(0, 1, (walkers, 2)), iterations
        )
        theirs.append((time.process_time() - start) / (walkers * iterations))
    a, b = statistics.median(ours), statistics.median(theirs)
    print(
        f"EmceeHammerMCMC vs emcee: {a * 1e6:.1f} us vs {b * 1e6:.1f} us"
        f" per evaluation, ratio {a / b:.3f}"
    )
    return {
        "paramfit_us_per_evaluation": a * 1e6,
        "emcee_us_per_evaluation": b * 1e6,
        "ratio": a / b,
    }


def ess_per_second(iterations: int, repeats: int) -> dict[str, Any]:
    rows = {}
    for method in ESS_METHODS:
        rates: dict[str, list[float]] = {"paramfit": [], "pints": []}
        for r in range(repeats):
            for name, lib in (("paramfit", paramfit), ("pints", pints)):
                cpu, chains, _ = run(lib, method, iterations, seed=100 + r)
                kept = np.concatenate(list(chains[:, 200:]))
                ess = float(np.min(paramfit.diagnostics.effective_sample_size(kept)))
                rates[name].append(ess / cpu)
        a, b = statistics.median(rates["paramfit"]), statistics.median(rates["pints"])
        rows[method] = {"paramfit_ess_per_s": a, "pints_ess_per_s": b, "ratio": a / b}
        print(f"{method:28s} ESS/s {a:10.0f} vs {b:10.0f}  ratio {a / b:.2f}")
    return rows


class SlowLogistic(paramfit.ForwardModel):
    """The logistic model, with about 5 ms of extra CPU work per solve (a
    stand-in for an expensive ODE model)."""

    def __init__(self, work: int) -> None:
        self._model, self._work = paramfit.toy.LogisticModel(), work

    def n_parameters(self) -> int:
        return 2

    def simulate(self, parameters: Any, times: Any) -> Any:
        a = np.arange(self._work, dtype=float)
        for _ in range(10):
            a = np.sqrt(a + 1.0)
        return self._model.simulate(parameters, times)


def calibrate(target: float = 0.005) -> int:
    work = 20000
    model = SlowLogistic(work)
    start = time.process_time()
    for _ in range(20):
        model.simulate([0.015, 500], np.linspace(0, 1000, 100))
    per = (time.process_time() - start) / 20
    return max(1, int(work * target / per))


def parallel_speedup(iterations: int) -> dict[str, Any]:
    work = calibrate()
    times = np.linspace(0, 1000, 100)
    model = SlowLogistic(work)
    values = model.simulate([0.015, 500], times) + np.random.default_rng(1).normal(
        0, 10, 100
    )
    problem = paramfit.SingleOutputProblem(model, times, values)
    likelihood = paramfit.GaussianLogLikelihood(problem)
    prior = paramfit.UniformLogPrior([0, 200, 1], [1, 1000, 100])
    posterior = paramfit.LogPosterior(likelihood, prior)
    x0 = [[0.015, 500, 10]] * CHAINS
    walls = {}
    for workers in (0, 2):
        c = paramfit.MCMCController(
            posterior,
            CHAINS,
            x0,
            [1e-6, 100, 1],
            method=paramfit.HaarioBardenetACMC,
            rng=1,
        )
        c.set_max_iterations(iterations)
        c.set_log_to_screen(False)
        c.set_parallel(workers)
        start = time.perf_counter()
        c.run()
        walls[workers] = time.perf_counter() - start
    speedup = walls[0] / walls[2]
    print(
        f"4 chains, ~5 ms model: sequential {walls[0]:.2f} s,"
        f" 2 workers {walls[2]:.2f} s, speed-up {speedup:.2f}"
    )
    return {"sequential_s": walls[0], "two_workers_s": walls[2], "speedup": speedup}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="fewer repeats and iterations"
    )
    args = parser.parse_args()
    quick = args.quick
    with threadpool_limits(1):
        print("Framework overhead per iteration (4 chains, 2-d Gaussian, log off)")
        record: dict[str, Any] = {
            "overhead": overhead(500 if quick else 2000, 3 if quick else 7),
            "emcee": emcee_comparison(200 if quick else 1000, 3 if quick else 5),
        }
        print("ESS per CPU second (same ESS estimator for both)")
        record["ess_per_second"] = ess_per_second(
            1500 if quick else 5000, 2 if quick else 5
        )
    record["parallel"] = parallel_speedup(30 if quick else 100)
    print(f"\nwrote {_meta.write(RESULTS, record, quick)}")


if __name__ == "__main__":
    main()
