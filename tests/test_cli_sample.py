"""The ``paramfit sample`` command, end to end (in-process, through ``main``)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import matplotlib
import numpy as np
import pytest

from paramfit import toy
from paramfit.cli import main
from paramfit.io import load_samples
from paramfit.runs import SamplingResult

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
PLOTS = ["pairwise.png", "predictive.png", "trace.png"]
TRUE = {"r": 0.015, "K": 500.0, "sigma": 10.0}


@pytest.fixture(autouse=True)
def agg_backend(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Draw off-screen, and close every figure a test opens."""
    monkeypatch.setenv("MPLBACKEND", "Agg")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    yield
    plt.close("all")


def write_csv(path: Path, header: str, rows: list[list[object]]) -> Path:
    lines = [header] + [",".join(str(v) for v in row) for row in rows]
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.fixture
def logistic_csv(tmp_path: Path) -> Path:
    t = np.linspace(0, 1000, 60)
    y = toy.LogisticModel().simulate([TRUE["r"], TRUE["K"]], t)
    y = y + np.random.default_rng(0).normal(0, TRUE["sigma"], len(t))
    rows = [[a, b] for a, b in zip(t, y, strict=True)]
    return write_csv(tmp_path / "data.csv", "time,value", rows)


def leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.startswith(".paramfit")]


def sample(data: Path, out: Path, *options: str) -> list[str]:
    """The argv of a short run of the logistic model."""
    argv = ["sample", str(data), "--model", "logistic", "--output", str(out)]
    return [*argv, "--iterations", "300", "--chains", "3", *options]


# -- a run and what it writes ------------------------------------------------
def test_sample_logistic_end_to_end(
    logistic_csv: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "results"
    argv = sample(logistic_csv, out, "--seed", "5", "--names", "r,K", "--no-plots")
    assert main([*argv, "--iterations", "2000"]) == 0  # long enough to converge
    captured = capsys.readouterr()
    assert captured.err == ""
    stdout = captured.out
    assert stdout.startswith("paramfit sample: seed 5\n")
    # PINTS's logs: the optimiser's, then the sampler's.
    assert "Using Covariance Matrix Adaptation Evolution Strategy" in stdout
    assert "Using Haario-Bardenet adaptive covariance MCMC" in stdout
    assert "Halting: Maximum number of iterations (2000) reached." in stdout
    # The summary is printed as saved.
    summary = (out / "summary.txt").read_text()
    assert summary in stdout
    assert "HaarioBardenetACMC in log space, 3 chain(s), 2000 iterations" in summary
    assert "K: log-uniform on [0.5, 5000]" in summary  # 50 (suggested) * 100
    assert "max rank-normalised R-hat" in summary and "ess per sec." in summary

    names = sorted(p.name for p in out.iterdir())
    expected = ["chain_0.csv", "chain_1.csv", "chain_2.csv"]
    assert names == sorted([*expected, "result.json", "result.npz", "summary.txt"])
    assert "No plots" not in stdout  # (none were asked for)
    assert leftovers(tmp_path) == []

    record = json.loads((out / "result.json").read_text())
    assert record["seed"] == 5 and record["method"] == "HaarioBardenetACMC"
    assert record["parameter_names"] == ["r", "K", "sigma"]
    assert record["chains"] == 3 and record["iterations"] == 2000
    assert record["transform"] == "log" and record["warm_up"] == 0.5
    assert [p["kind"] for p in record["prior"]] == ["log-uniform"] * 3
    assert record["prior"][0] == {
        "parameter": "r",
        "kind": "log-uniform",
        "lower": pytest.approx(0.001),
        "upper": pytest.approx(10),
    }
    # The data's standard deviation sets sigma's range.
    values = np.loadtxt(logistic_csv, delimiter=",", skiprows=1)[:, 1]
    assert record["prior"][2]["lower"] == pytest.approx(1e-4 * np.std(values))
    assert record["prior"][2]["upper"] == pytest.approx(10 * np.std(values))
    r, k, sigma = record["optimum"]["parameters"]
    assert abs(r / 0.015 - 1) < 0.03 and abs(k / 500 - 1) < 0.02
    assert 6 < sigma < 14
    # The posterior covers the truth; its medians are near the optimum.
    for name, truth in TRUE.items():
        stats = record["posterior"][name]
        assert stats["q2.5"] < truth < stats["q97.5"], (name, stats)
    assert record["posterior"]["K"]["q50"] == pytest.approx(k, rel=0.01)

    # The chains: the .npz, the CSV files and the JSON agree.
    result = SamplingResult.load(out / "result.npz")
    assert result.seed == 5 and result.iterations == 2000
    assert result.chains is not None and result.chains.shape == (3, 2000, 3)
    assert result.log_pdfs is not None and result.log_pdfs.shape[:2] == (3, 2000)
    csv_chains = load_samples(out / "chain.csv", 3)
    np.testing.assert_array_equal(np.array(csv_chains), result.chains)
    assert record["evaluations"] == result.evaluations
    kept = result.chains[:, 1000:, 1].ravel()
    assert record["posterior"]["K"]["mean"] == pytest.approx(np.mean(kept))

    assert "Warning" not in summary
    assert max(s["rhat"] for s in record["posterior"].values()) < 1.05


def test_plots_and_a_rerun_without_them(
    logistic_csv: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(sample(logistic_csv, out, "--seed", "5", "--iterations", "100")) == 0
    stdout = capsys.readouterr().out
    for name in PLOTS:
        assert (out / name).read_bytes()[:8] == PNG_MAGIC
    assert str(out / "pairwise.png") in stdout.splitlines()[-1]  # "Wrote: ..."
    # 100 iterations are too few to converge, which the summary says.
    assert "Warning: the chains have not converged" in stdout
    # Rerun without plots: the earlier run's plots are not left to mislead.
    assert main(sample(logistic_csv, out, "--iterations", "20", "--no-plots")) == 0
    assert not list(out.glob("*.png")) and len(list(out.glob("chain_*.csv"))) == 3
    assert leftovers(tmp_path) == []
    capsys.readouterr()


def test_same_seed_same_chains_and_outputs_replaced(
    logistic_csv: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    argv = sample(logistic_csv, out, "--seed", "11", "--iterations", "100")
    argv.append("--no-plots")  # (drawn in the end-to-end test)
    assert main(argv) == 0
    first = SamplingResult.load(out / "result.npz")
    csv = (out / "chain_0.csv").read_bytes()
    assert main(argv) == 0  # into the existing directory
    again = SamplingResult.load(out / "result.npz")
    assert first.chains is not None and again.chains is not None
    np.testing.assert_array_equal(first.chains, again.chains)
    np.testing.assert_array_equal(first.log_pdfs, again.log_pdfs)
    assert (out / "chain_0.csv").read_bytes() == csv
    # Another seed, other chains; one chain now: the others' files go.
    argv = sample(logistic_csv, out, "--seed", "12", "--iterations", "100")
    argv.append("--no-plots")
    argv[argv.index("--chains") + 1] = "1"
    with pytest.warns(UserWarning, match="one chain"):  # PINTS's, from the summary
        assert main(argv) == 0
    other = SamplingResult.load(out / "result.npz")
    assert other.chains is not None and other.chains.shape == (1, 100, 3)
    assert not np.array_equal(other.chains[0], first.chains[0])
    assert sorted(p.name for p in out.glob("chain*.csv")) == ["chain.csv"]
    assert leftovers(tmp_path) == []
    capsys.readouterr()


def test_a_drawn_seed_is_recorded_and_reproduces_the_run(
    logistic_csv: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    short = ["--iterations", "50", "--no-plots"]
    assert main(sample(logistic_csv, tmp_path / "a", *short)) == 0
    stdout = capsys.readouterr().out
    seed = json.loads((tmp_path / "a" / "result.json").read_text())["seed"]
    assert isinstance(seed, int) and stdout.startswith(
        f"paramfit sample: seed {seed}\n"
    )
    assert f"seed {seed}" in (tmp_path / "a" / "summary.txt").read_text()
    assert "No plots" not in stdout and not list((tmp_path / "a").glob("*.png"))
    first = SamplingResult.load(tmp_path / "a" / "result.npz")
    assert first.seed == seed
    argv = sample(logistic_csv, tmp_path / "b", *short, "--seed", str(seed))
    assert main(argv) == 0
    again = SamplingResult.load(tmp_path / "b" / "result.npz")
    assert first.chains is not None and again.chains is not None
    np.testing.assert_array_equal(first.chains, again.chains)
    # Runs without --seed differ.
    assert main(sample(logistic_csv, tmp_path / "c", *short)) == 0
    third = SamplingResult.load(tmp_path / "c" / "result.npz")
    assert third.seed != seed and third.chains is not None
    assert not np.array_equal(third.chains, first.chains)
    capsys.readouterr()


@pytest.mark.slow  # starting worker processes
def test_parallel_run_gives_the_same_chains(
    logistic_csv: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    short = ["--seed", "3", "--iterations", "100", "--no-plots"]
    assert main(sample(logistic_csv, tmp_path / "seq", *short)) == 0
    argv = sample(logistic_csv, tmp_path / "par", *short)
    assert main([*argv, "--parallel", "2"]) == 0
    a = SamplingResult.load(tmp_path / "seq" / "result.npz")
    b = SamplingResult.load(tmp_path / "par" / "result.npz")
    assert a.chains is not None and b.chains is not None
    np.testing.assert_array_equal(a.chains, b.chains)
    assert json.loads((tmp_path / "par" / "result.json").read_text())["parallel"] == 2
    capsys.readouterr()


def test_uniform_prior_in_model_space_with_another_method(
    logistic_csv: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    options = ["--bounds", "0.001:0.1,100:1000", "--noise-bounds", "1:50"]
    options += ["--prior", "uniform", "--transform", "none", "--seed", "2"]
    options += ["--method", "DifferentialEvolutionMCMC", "--warm-up", "0.25"]
    options += ["--no-plots"]
    argv = sample(logistic_csv, out, *options)
    argv[argv.index("--chains") + 1] = "5"  # at least 1.5 per parameter
    assert main(argv) == 0
    capsys.readouterr()
    record = json.loads((out / "result.json").read_text())
    assert record["method"] == "DifferentialEvolutionMCMC"
    assert record["transform"] == "none" and record["warm_up"] == 0.25
    assert [(p["kind"], p["lower"], p["upper"]) for p in record["prior"]] == [
        ("uniform", 0.001, 0.1),
        ("uniform", 100, 1000),
        ("log-uniform", 1, 50),
    ]
    assert record["parameter_names"] == ["p0", "p1", "sigma"]
    # The optimisation starts in the middle of the uniform prior's ranges.
    result = SamplingResult.load(out / "result.npz")
    assert result.chains is not None
    low, high = np.array([0.001, 100, 1]), np.array([0.1, 1000, 50])
    assert np.all((result.chains >= low) & (result.chains < high))


@pytest.mark.slow  # compiling the ODE model, and a 6 x 6 pairwise plot
def test_multi_output_model_gets_one_sigma_per_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    model = toy.LotkaVolterraModel()
    t = model.suggested_times()
    y = model.simulate(model.suggested_parameters(), t)
    y = y * (1 + 0.05 * np.random.default_rng(2).standard_normal(y.shape))
    rows = [[a, b, c] for a, (b, c) in zip(t, y, strict=True)]
    data = write_csv(tmp_path / "lv.csv", "time,prey,predators", rows)
    out = tmp_path / "lv"
    argv = ["sample", str(data), "--model", "lotka-volterra", "--output", str(out)]
    argv += ["--iterations", "40", "--chains", "2", "--seed", "1"]
    argv += ["--noise-bounds", "0.001:1,0.001:2"]
    assert main(argv) == 0
    capsys.readouterr()
    record = json.loads((out / "result.json").read_text())
    assert record["parameter_names"][-2:] == ["sigma_prey", "sigma_predators"]
    assert [p["upper"] for p in record["prior"][-2:]] == [1, 2]
    result = SamplingResult.load(out / "result.npz")
    assert result.chains is not None and result.chains.shape == (2, 40, 6)
    assert (out / "predictive.png").read_bytes()[:8] == PNG_MAGIC


def test_without_matplotlib_no_plots(
    logistic_csv: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "out"
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    assert main(sample(logistic_csv, out, "--seed", "1", "--iterations", "20")) == 0
    stdout = capsys.readouterr().out
    assert 'No plots: matplotlib is not installed (pip install "paramfit[plot]")' in (
        stdout
    )
    assert not list(out.glob("*.png")) and (out / "result.npz").is_file()
    assert "png" not in json.dumps(json.loads((out / "result.json").read_text()))


# -- bad input: one line, exit status 2, nothing written -----------------------
def assert_rejected(
    argv: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    captured = capsys.readouterr()
    err = captured.err
    assert err.count("\n") == 1 and err.startswith("paramfit sample: error: "), err
    assert message in err, err
    assert "Iter." not in captured.out  # nothing ran
    assert not (tmp_path / "out").exists() and leftovers(tmp_path) == []


def test_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["sample", str(tmp_path / "nope.csv"), "--model", "logistic"]
    assert_rejected(
        [*argv, "--output", str(tmp_path / "out")], "cannot read", tmp_path, capsys
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([[0, 1], [1, "nan"], [2, 3]], "row 2 (line 3): value is nan"),
        ([[0, 1], [1, "abc"]], "row 2 (line 3): value 'abc' is not a number"),
        ([[0, 1], [2, 2], [1, 3]], "strictly increasing"),
        ([], "no data rows"),
    ],
)
def test_bad_data(
    rows: list[list[object]],
    message: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = write_csv(tmp_path / "bad.csv", "time,value", rows)
    argv = ["sample", str(data), "--model", "logistic"]
    assert_rejected(
        [*argv, "--output", str(tmp_path / "out")], message, tmp_path, capsys
    )


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--model", "nonsense"], "unknown model 'nonsense'"),
        (["--model", "no_such_module:X"], "cannot import module"),
        (["--chains", "0"], "--chains: must be a positive integer; got '0'"),
        (["--chains", "-2"], "--chains: must be a positive integer; got '-2'"),
        (["--iterations", "0"], "--iterations: must be a positive integer"),
        (["--seed", "-1"], "--seed: must be a non-negative integer"),
        (["--parallel", "0"], "--parallel: must be a positive integer"),
        (["--warm-up", "1"], "--warm-up: must be a number in [0, 1)"),
        (["--method", "nosuchsampler"], "invalid choice: 'nosuchsampler'"),
        (["--method", "adaptivecovariancemcmc"], "invalid choice"),  # an alias
        (
            ["--method", "differentialevolutionmcmc", "--chains", "2"],
            "--method differentialevolutionmcmc: Need at least 3 chains; got 2.",
        ),
        (["--bounds", "0.001:1"], "--bounds needs 2 LOW:HIGH pairs"),
        (["--bounds", "1:0,2:3"], "LOW < HIGH"),
        (["--bounds=-1:1,100:1000"], "--bounds: range 1 starts at -1"),
        (
            ["--bounds=-1:1,100:1000", "--transform", "none"],
            "a log-uniform prior needs positive values",
        ),
        (["--noise-bounds", "0:1"], "--noise-bounds: range 1 starts at 0"),
        (
            ["--noise-bounds", "1:2,3:4"],
            "--noise-bounds needs one LOW:HIGH pair; got 2",
        ),
        (["--x0", "1,2,3"], "--x0 needs 2 values"),
        (["--x0", "0.1,50", "--bounds", "0.2:1,10:100"], "outside [0.2, 1)"),
        (["--x0=-0.1,50", "--transform", "none"], "must be positive; got -0.1,50"),
        (["--names", "r"], "--names needs 2 non-empty names"),
        (["--names", "r,r"], "--names must be distinct"),
        (["--names", "r,sigma"], "--names must be distinct"),
    ],
)
def test_bad_options(
    options: list[str],
    message: str,
    logistic_csv: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = ["sample", str(logistic_csv), "--output", str(tmp_path / "out")]
    if "--model" not in options:
        argv += ["--model", "logistic"]
    assert_rejected([*argv, *options], message, tmp_path, capsys)


def test_gradient_method_needs_sensitivities(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import paramfit

    class GradientWalk(paramfit.MetropolisRandomWalkMCMC):
        def needs_sensitivities(self) -> bool:
            return True

    # A method that appears in paramfit's namespace appears on the command line.
    monkeypatch.setattr(paramfit, "GradientWalk", GradientWalk, raising=False)
    monkeypatch.setattr(paramfit, "__all__", [*paramfit.__all__, "GradientWalk"])
    (tmp_path / "user_plain_model.py").write_text(FLAKY_MODEL)
    monkeypatch.chdir(tmp_path)
    data = write_csv(tmp_path / "d.csv", "time,value", [[0, 1], [1, 2]])
    argv = ["sample", str(data), "--model", "user_plain_model:Flaky", "--x0", "1"]
    assert_rejected(
        [*argv, "--method", "gradientwalk", "--output", str(tmp_path / "out")],
        "--method gradientwalk needs a model with sensitivities (simulateS1)",
        tmp_path,
        capsys,
    )
    sys.modules.pop("user_plain_model", None)


def test_output_is_a_file(
    logistic_csv: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    taken = tmp_path / "taken"
    taken.write_text("")
    argv = ["sample", str(logistic_csv), "--model", "logistic", "--output", str(taken)]
    assert main(argv) == 2
    assert "exists and is not a directory" in capsys.readouterr().err
    assert taken.read_text() == "" and leftovers(tmp_path) == []


FLAKY_MODEL = """
import numpy as np
import paramfit

class Flaky(paramfit.ForwardModel):
    broken = False

    def n_parameters(self):
        return 1

    def simulate(self, p, times):
        if Flaky.broken:
            raise RuntimeError("solver exploded")
        return p[0] * np.ones(len(times))
"""


@pytest.mark.parametrize("stage", ["optimisation", "sampling"])
def test_a_failing_model_exits_1_and_writes_nothing(
    stage: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    (tmp_path / "user_flaky_model.py").write_text(FLAKY_MODEL)
    rows = [[t, 2 + 0.1 * np.sin(t)] for t in range(10)]
    data = write_csv(tmp_path / "d.csv", "time,value", rows)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delitem(sys.modules, "user_flaky_model", raising=False)
    import paramfit.cli._sample as command

    def break_the_model(make: object) -> object:
        def broken(*args: object, **kwargs: object) -> object:
            sys.modules["user_flaky_model"].Flaky.broken = True  # type: ignore[attr-defined]
            return make(*args, **kwargs)  # type: ignore[operator]

        return broken

    monkeypatch.setattr(command, stage, break_the_model(getattr(command, stage)))
    argv = ["sample", str(data), "--model", "user_flaky_model:Flaky", "--x0", "1"]
    assert main([*argv, "--seed", "1", "--iterations", "50"]) == 1
    # The optimisation controller also prints the failing point, as PINTS's.
    last = capsys.readouterr().err.splitlines()[-1]
    assert last == f"paramfit sample: error: the {stage} failed: solver exploded"
    assert not (tmp_path / "d-sample").exists() and leftovers(tmp_path) == []
    monkeypatch.delitem(sys.modules, "user_flaky_model")


def test_help_documents_the_prior_and_outputs(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["sample", "--help"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    for fragment in (
        "log-uniform on [x0/100, 100*x0]",
        "[0.0001*s, 10*s]",
        "--noise-bounds",
        "haariobardenetacmc",
        "--chains",
        "--iterations",
        "--seed",
        "--output",
        "--parallel",
        "chain_0.csv",
        "trace.png",
        "pairwise.png",
    ):
        assert fragment in text, fragment
    assert main(["--help"]) == 0
    assert "sample" in capsys.readouterr().out
