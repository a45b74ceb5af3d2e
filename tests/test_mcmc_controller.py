"""The MCMC controller: PINTS's checks, messages and log layout; storage in
memory and files; transformations; per-chain log-pdfs; reproducibility for
any number of workers; checkpoints; stopping beyond PINTS."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pints
import pints.toy
import pytest

import paramfit
import paramfit.diagnostics
import paramfit.toy

METHOD = paramfit.MetropolisRandomWalkMCMC


def gaussian(lib: Any = paramfit) -> Any:
    return lib.toy.GaussianLogPDF([1.0, -2.0], [1.0, 4.0])


def controller(
    chains: int = 3, iterations: int = 200, log: bool = False, **options: Any
) -> paramfit.MCMCController:
    c = paramfit.MCMCController(
        options.pop("log_pdf", gaussian()),
        chains,
        options.pop("x0", [[0.0, 0.0]] * chains),
        options.pop("sigma0", [1.0, 4.0]),
        method=options.pop("method", METHOD),
        rng=options.pop("rng", 5),
        **options,
    )
    c.set_max_iterations(iterations)
    c.set_log_to_screen(log)
    return c


# --- PINTS's log --------------------------------------------------------------


def masked(text: str) -> list[str]:
    """Log lines with the sampled numbers and times masked: they depend on
    the random streams, which are not PINTS's."""
    lines = []
    for line in text.splitlines():
        fields = line.split()
        if fields and fields[0].isdigit():  # a row: keep Iter. and Eval.
            line = " ".join(fields[:2] + ["#"] * (len(fields) - 2))
        lines.append(line)
    return lines


def run_both(tmp_path: Path, capsys: Any, chains: int, csv: bool) -> list[list[str]]:
    out = []
    for lib in (pints, paramfit):
        np.random.seed(1)
        c = lib.MCMCController(
            gaussian(lib),
            chains,
            [[0.0, 0.0]] * chains,
            [1.0, 4.0],
            method=lib.MetropolisRandomWalkMCMC,
        )
        c.set_max_iterations(45)
        c.set_log_interval(10, 2)
        path = tmp_path / f"{lib.__name__}.log"
        c.set_log_to_file(str(path), csv=csv)
        capsys.readouterr()
        c.run()
        screen = capsys.readouterr().out
        out.append(masked(screen) + masked(path.read_text().replace(",", " ")))
    return out


@pytest.mark.parametrize("csv", [False, True])
def test_log_layout_is_pints(tmp_path: Path, capsys: Any, csv: bool) -> None:
    ours, theirs = run_both(tmp_path, capsys, 3, csv)[::-1]
    assert ours == theirs
    assert theirs[0] == "Using Metropolis random walk MCMC"
    assert "Halting: Maximum number of iterations (45) reached." in theirs


def test_initial_phase_is_announced_as_pints(capsys: Any) -> None:
    class Phased(METHOD):
        """A Metropolis sampler with an initial phase, to drive the
        controller's phase handling."""

        def needs_initial_phase(self) -> bool:
            return True

        def set_initial_phase(self, in_initial_phase: bool) -> None:
            self.phase_log.append(bool(in_initial_phase))

        def in_initial_phase(self) -> bool:
            return self.phase_log[-1]

        phase_log: list[bool]

    Phased.phase_log = []
    c = controller(chains=2, iterations=10, log=True, method=Phased)
    assert c.initial_phase_iterations() == 200
    c.set_initial_phase_iterations(4)
    c.set_log_interval(100, 0)
    c.run()
    out = capsys.readouterr().out
    assert out.count("Initial phase completed.") == 1
    # Both samplers start in their initial phase and leave it together.
    assert Phased.phase_log == [True, True, False, False]


# --- constructor checks and messages (PINTS's) ----------------------------------


def test_bad_arguments_are_refused_with_pints_messages() -> None:
    lp = gaussian()
    with pytest.raises(ValueError, match="Number of chains must be at least 1"):
        paramfit.MCMCController(lp, 0, [], method=METHOD)
    with pytest.raises(ValueError, match="Number of initial positions must be equal"):
        paramfit.MCMCController(lp, 2, [[0, 0]], method=METHOD)
    with pytest.raises(ValueError, match="same dimension as the given LogPDF"):
        paramfit.MCMCController(lp, 2, [[0, 0], [0, 0, 0]], method=METHOD)
    with pytest.raises(ValueError, match="must extend pints.MCMCSampler"):
        paramfit.MCMCController(lp, 1, [[0, 0]], method=paramfit.XNES)
    with pytest.raises(ValueError, match="same length as `chains`"):
        paramfit.MCMCController([lp], 2, [[0, 0]] * 2, method=METHOD)
    with pytest.raises(TypeError, match="must either extend pints.LogPDF"):
        paramfit.MCMCController(3, 2, [[0, 0]] * 2, method=METHOD)
    with pytest.raises(ValueError, match="Elements of `log_pdf` must extend"):
        paramfit.MCMCController([lp, 3], 2, [[0, 0]] * 2, method=METHOD)
    with pytest.raises(ValueError, match="positive definite"):
        paramfit.MCMCController(lp, 1, [[0, 0]], [[1, 2], [2, 1]], method=METHOD)
    c = controller()
    with pytest.raises(NotImplementedError):
        c.set_initial_phase_iterations(10)
    with pytest.raises(ValueError, match="cannot be negative"):
        c.set_max_iterations(-1)
    c.set_max_iterations(None)
    with pytest.raises(ValueError, match="At least one stopping criterion"):
        c.run()


def test_a_start_outside_the_support_is_a_clear_error() -> None:
    prior = paramfit.UniformLogPrior([0, 0], [1, 1])
    c = controller(chains=2, log_pdf=prior, x0=[[0.5, 0.5], [2.0, 0.5]], sigma0=0.01)
    with pytest.raises(ValueError, match="Initial point for MCMC must have finite"):
        c.run()


def test_samplers_and_sampler() -> None:
    c = controller(chains=3)
    assert len(c.samplers()) == 3
    assert all(isinstance(s, METHOD) for s in c.samplers())
    with pytest.raises(RuntimeError, match="only supported when a MultiChainMCMC"):
        c.sampler()
    assert c.chains() is None and c.time() is None and c.n_evaluations() is None
    chains = c.run()
    assert chains is c.chains()
    assert chains.shape == (3, 200, 2)
    assert c.n_evaluations() == 600 and c.time() > 0
    with pytest.raises(RuntimeError, match="single use only"):
        c.run()


# --- storage, files, transformations --------------------------------------------


def test_chain_and_log_pdf_files_hold_what_is_returned(tmp_path: Path) -> None:
    prior = paramfit.UniformLogPrior([-20, -20], [20, 20])
    posterior = paramfit.LogPosterior(_Likelihood(), prior)
    c = controller(chains=2, iterations=50, log_pdf=posterior)
    c.set_chain_filename(tmp_path / "chain.csv")
    c.set_log_pdf_filename(tmp_path / "logpdf.csv")
    c.set_log_pdf_storage(True)
    chains = c.run()
    log_pdfs = c.log_pdfs()
    assert log_pdfs.shape == (2, 50, 3)
    np.testing.assert_allclose(log_pdfs[..., 0], log_pdfs[..., 1] + log_pdfs[..., 2])
    for i in range(2):
        saved = np.loadtxt(tmp_path / f"chain_{i}.csv", delimiter=",", skiprows=1)
        np.testing.assert_allclose(saved, chains[i], rtol=1e-15)
        header = (tmp_path / f"logpdf_{i}.csv").read_text().splitlines()[0]
        assert header == '"logposterior","loglikelihood","logprior"'
        values = np.loadtxt(tmp_path / f"logpdf_{i}.csv", delimiter=",", skiprows=1)
        np.testing.assert_allclose(values, log_pdfs[i], rtol=1e-15)
    # Each stored log-pdf is the value at the chain's point.
    for i, j in [(0, 0), (1, 17), (0, 49)]:
        assert log_pdfs[i, j, 0] == pytest.approx(posterior(chains[i, j]))


class _Likelihood(paramfit.LogLikelihood):
    """The Gaussian target as a log-likelihood, to make a posterior."""

    def n_parameters(self) -> int:
        return 2

    def __call__(self, x: Any) -> float:
        return float(gaussian()(x))


def test_without_chain_storage_run_returns_none() -> None:
    c = controller(iterations=5)
    c.set_chain_storage(False)
    assert c.run() is None


def test_transformation_samples_in_search_space_returns_model_space() -> None:
    lp = paramfit.toy.GaussianLogPDF([3.0, 5.0], [0.25, 1.0])
    t = paramfit.LogTransformation(2)
    c = controller(
        chains=3, iterations=3000, log_pdf=lp, x0=[[3.0, 5.0]] * 3, sigma0=[0.25, 1.0]
    )
    c2 = paramfit.MCMCController(lp, 3, [[3.0, 5.0]] * 3, [0.25, 1.0], t, METHOD, rng=5)
    c2.set_max_iterations(3000)
    c2.set_log_to_screen(False)
    chains = c2.run()
    assert np.all(chains > 0)  # model space
    draws = chains[:, 500:].reshape(-1, 2)
    # The Jacobian makes the transformed chain sample the same target.
    np.testing.assert_allclose(draws.mean(axis=0), [3.0, 5.0], atol=0.15)
    assert c.run().shape == chains.shape


def test_one_log_pdf_per_chain() -> None:
    targets = [paramfit.toy.GaussianLogPDF([m, m], [1.0, 1.0]) for m in (-5.0, 5.0)]
    c = controller(chains=2, iterations=3000, log_pdf=targets, x0=[[-5, -5], [5, 5]])
    chains = c.run()
    np.testing.assert_allclose(chains[0, 500:].mean(axis=0), [-5, -5], atol=0.3)
    np.testing.assert_allclose(chains[1, 500:].mean(axis=0), [5, 5], atol=0.3)
    c = controller(chains=2, log_pdf=targets, x0=[[-5, -5], [5, 5]])
    c.set_parallel(2)
    with pytest.raises(ValueError, match="Cannot run multiple logpdfs in parallel"):
        c.run()


# --- reproducibility, workers, checkpoints ----------------------------------------


def test_same_seed_same_chains_any_number_of_workers() -> None:
    a, b = controller(rng=3).run(), controller(rng=3).run()
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, controller(rng=4).run())
    np.random.seed(7)
    c = paramfit.MCMCController(gaussian(), 2, [[0, 0]] * 2, method=METHOD)
    np.random.seed(7)
    d = paramfit.MCMCController(gaussian(), 2, [[0, 0]] * 2, method=METHOD)
    for x in (c, d):
        x.set_max_iterations(20)
        x.set_log_to_screen(False)
    np.testing.assert_array_equal(c.run(), d.run())


@pytest.mark.slow
def test_parallel_gives_the_sequential_chains() -> None:
    sequential = controller(rng=3, iterations=50).run()
    c = controller(rng=3, iterations=50)
    c.set_parallel(2)
    assert c.parallel() == 2
    np.testing.assert_array_equal(c.run(), sequential)


class _Interrupting(paramfit.LogPDF):
    """The Gaussian target, interrupted (as by Ctrl-C) at a given call."""

    def __init__(self, at: int) -> None:
        self._target, self._calls, self._at = gaussian(), 0, at

    def n_parameters(self) -> int:
        return 2

    def __call__(self, x: Any) -> float:
        self._calls += 1
        if self._calls == self._at:
            raise KeyboardInterrupt
        return float(self._target(x))


def test_interrupted_run_resumes_bit_identically(tmp_path: Path, capsys: Any) -> None:
    reference = controller(iterations=120).run()
    path = tmp_path / "chains.ckpt"
    c = controller(iterations=120, log_pdf=_Interrupting(at=3 * 70))
    c.set_checkpoint(path, every=25)
    c.set_chain_filename(tmp_path / "chain.csv")
    with pytest.raises(KeyboardInterrupt):
        c.run()
    resumed = paramfit.MCMCController.resume(path, gaussian(), check_function=False)
    assert len(resumed.samplers()) == 3
    resumed.set_log_to_screen(True)
    capsys.readouterr()
    chains = resumed.run()
    assert "Resuming from a checkpoint after 50 iterations." in capsys.readouterr().out
    np.testing.assert_array_equal(chains, reference)
    # The chain files were cut back to the checkpoint and continued.
    saved = np.loadtxt(tmp_path / "chain_1.csv", delimiter=",", skiprows=1)
    np.testing.assert_array_equal(saved, reference[1])


def test_resume_with_another_log_pdf_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "chains.ckpt"
    c = controller(iterations=10)
    c.set_checkpoint(path)
    c.run()
    other = paramfit.toy.GaussianLogPDF([0.0, 0.0], [1.0, 1.0])
    with pytest.raises(paramfit.CheckpointError, match="different function"):
        paramfit.MCMCController.resume(path, other)


def test_max_time_stops_with_its_reason() -> None:
    c = controller(iterations=10**7)
    c.set_max_time(0.2)
    chains = c.run()
    assert 0 < chains.shape[1] < 10**7
    result = c.result()
    assert result.stop_reason is paramfit.StopReason.MAX_TIME
    assert result.message == "Maximum time reached (0.2 seconds)."
    assert result.iterations == chains.shape[1] and result.seed == 5
    assert result.acceptance_rates.shape == (3,)


def test_header_names_parallel_workers(capsys: Any) -> None:
    c = controller(iterations=2, log=True)
    c.set_parallel(paramfit.SequentialEvaluator(gaussian()))
    c.run()
    assert "Running with SequentialEvaluator." in capsys.readouterr().out


def test_convergence_stop_is_named_and_earlier_than_the_maximum() -> None:
    c = controller(chains=4, iterations=20000, x0=[[0, 0], [3, 3], [-3, 3], [3, -3]])
    c.set_convergence_target(rhat=1.01, ess=400, check_every=100)
    chains = c.run()
    result = c.result()
    assert result.stop_reason is paramfit.StopReason.CONVERGED
    assert result.message.startswith("Converged: R-hat")
    assert chains.shape[1] < 20000 and chains.shape[1] % 100 == 0
    kept = chains[:, chains.shape[1] // 2 :]
    assert np.max(paramfit.diagnostics.rank_normalised_rhat(kept)) < 1.01
    assert np.min(paramfit.diagnostics.bulk_effective_sample_size(kept)) >= 400
    with pytest.raises(ValueError, match="greater than 1"):
        c.set_convergence_target(rhat=0.9)


MULTI_CHAIN = ("DifferentialEvolutionMCMC", "DreamMCMC", "EmceeHammerMCMC")
ALL_SAMPLERS = (
    "MetropolisRandomWalkMCMC",
    "HaarioBardenetACMC",
    "HaarioACMC",
    "DramACMC",
    "RaoBlackwellACMC",
    "PopulationMCMC",
    *MULTI_CHAIN,
    "SliceDoublingMCMC",
    "SliceStepoutMCMC",
)


def screen_log(lib: Any, method: str, capsys: Any) -> tuple[list[str], tuple[int, ...]]:
    np.random.seed(1)
    chains = 6 if method in MULTI_CHAIN else 3
    x0 = np.random.default_rng(3).normal(0, 1, (chains, 2))
    c = lib.MCMCController(
        gaussian(lib), chains, x0, [1.0, 4.0], method=getattr(lib, method)
    )
    c.set_max_iterations(30)
    c.set_log_interval(10, 2)
    if c.method_needs_initial_phase():
        c.set_initial_phase_iterations(5)
    capsys.readouterr()
    shape = c.run().shape
    return masked(capsys.readouterr().out), shape


#: Samplers whose number of evaluations per iteration is random.
VARIABLE_EVALUATIONS = ("DramACMC", "SliceDoublingMCMC", "SliceStepoutMCMC")


def comparable(lines: list[str], method: str) -> list[str]:
    """For samplers with a random number of evaluations per iteration, the
    Eval. column is masked too, and a repeated line kept once: PINTS (and
    paramfit, to match) announces the end of the initial phase again at
    every intermediate round of that iteration, a random number of times."""
    if method not in VARIABLE_EVALUATIONS:
        return lines
    out: list[str] = []
    for line in lines:
        fields = line.split()
        if fields and fields[0].isdigit():
            line = " ".join(fields[:1] + ["#"] * (len(fields) - 1))
        if not out or line != out[-1]:
            out.append(line)
    return out


@pytest.mark.parametrize("method", ALL_SAMPLERS)
def test_every_sampler_logs_as_pints(method: str, capsys: Any) -> None:
    """Header, columns, rows, initial-phase and halting lines as PINTS's,
    with intermediate steps (delayed rejection, slice sampling) not counted
    as iterations."""
    ours, our_shape = screen_log(paramfit, method, capsys)
    theirs, their_shape = screen_log(pints, method, capsys)
    assert comparable(ours, method) == comparable(theirs, method)
    assert our_shape == their_shape
