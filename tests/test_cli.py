"""Tests of the ``paramfit`` command (``paramfit.cli``), run in-process
through ``main(argv)`` except where the module entry point itself is tested."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from importlib.metadata import entry_points
from pathlib import Path

import matplotlib
import numpy as np
import pytest

from paramfit import cli
from paramfit.cli import main, run_demo

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(autouse=True)
def agg_backend(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Draw off-screen, and close every figure a test opens."""
    monkeypatch.setenv("MPLBACKEND", "Agg")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    yield
    plt.close("all")


def found_parameters(report: str) -> tuple[float, float]:
    """The 'found' column of the report's parameter table."""
    rows = [line.split() for line in report.splitlines()]
    r = next(row for row in rows if row[:1] == ["r"])
    k = next(row for row in rows if row[:1] == ["k"])
    return float(r[-1]), float(k[-1])


def assert_png(path: Path) -> None:
    assert path.is_file()
    data = path.read_bytes()
    assert data.startswith(PNG_SIGNATURE) and len(data) > 1000


# -- the demo ----------------------------------------------------------------
def test_demo_default_run_finds_the_truth(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The one full-length (500 iteration) run of the suite.
    out = tmp_path / "demo"
    assert main(["demo", "--out", str(out)]) == 0
    report = capsys.readouterr().out
    r, k = found_parameters(report)
    assert r == pytest.approx(0.015, rel=0.02)
    assert k == pytest.approx(500, rel=0.02)
    assert "Iterations: 500, evaluations: " in report
    assert "seed 1" in report
    assert_png(out / "convergence.png")
    assert_png(out / "trajectory.png")


def test_demo_report_and_plots(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "nested" / "dir"  # created, parents too
    assert main(["demo", "--iterations", "10", "--seed", "4", "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    report = captured.out
    for text in [
        "paramfit demo: logistic growth model",
        "seed 4",
        "r (growth rate)",
        "k (carrying capacity)",
        "Least-squares optimum found: sum of squares = ",
        "at the true parameters: ",
        "Final score",
        "Iterations: 10, evaluations: ",
        "Wall time: ",
        "convergence.png",
        "trajectory.png",
    ]:
        assert text in report
    true_r, true_k = (
        float(row.split()[-2])
        for row in report.splitlines()
        if "(growth" in row or "(carrying" in row
    )
    assert (true_r, true_k) == (0.015, 500)
    assert_png(out / "convergence.png")
    assert_png(out / "trajectory.png")


def test_demo_is_repeatable_and_records_its_trace() -> None:
    a, b, c = run_demo(15, seed=2), run_demo(15, seed=2), run_demo(15, seed=3)
    np.testing.assert_array_equal(a.points, b.points)
    np.testing.assert_array_equal(a.best, b.best)
    assert not np.array_equal(a.points, c.points)
    assert a.best.shape == a.current.shape == (15,)
    assert a.means.shape == (16, 2)
    np.testing.assert_array_equal(a.means[0], cli.X0)
    assert a.points.shape[1] == 2 and 0 < len(a.points) <= 15 * 6
    # Best so far never increases, and every asked point is within bounds.
    assert np.all(np.diff(a.best) <= 0)
    assert a.f_best == a.best[-1] == np.min(a.current)
    assert np.all((a.points >= cli.LOWER) & (a.points <= cli.UPPER))


def test_demo_without_matplotlib_fails_cleanly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    assert main(["demo", "--iterations", "2", "--out", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert 'pip install "paramfit[plot]"' in err
    assert len(err.strip().splitlines()) == 1


# -- arguments ---------------------------------------------------------------
@pytest.mark.parametrize("argv", [["--help"], ["demo", "--help"], ["--version"]])
def test_help_and_version_exit_zero(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "paramfit" in out
    if argv == ["--help"]:
        assert "demo" in out
    if argv == ["demo", "--help"]:
        assert all(opt in out for opt in ["--iterations", "--seed", "--out"])


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["demo", "--iterations", "-3"],
            "--iterations: must be a positive integer; got '-3'",
        ),
        (
            ["demo", "--iterations", "0"],
            "--iterations: must be a positive integer; got '0'",
        ),
        (
            ["demo", "--iterations", "abc"],
            "--iterations: must be a positive integer; got 'abc'",
        ),
        (["demo", "--seed", "-1"], "--seed: must be a non-negative integer; got '-1'"),
        (["demo", "--unknown"], "unrecognized arguments: --unknown"),
        (["--unknown"], "required: COMMAND"),
        (["demo", "extra"], "unrecognized arguments: extra"),
        (["nonsense"], "invalid choice: 'nonsense'"),
        ([], "required: COMMAND"),
    ],
)
def test_bad_arguments_exit_two_with_one_line(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("paramfit") and ": error: " in lines[0]
    assert message in lines[0]


def test_out_must_be_a_directory(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a_file = tmp_path / "file.txt"
    a_file.write_text("not a directory")
    assert main(["demo", "--iterations", "2", "--out", str(a_file)]) == 2
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line.startswith("paramfit demo: error: argument --out:")
    assert "is not a directory" in line


# -- entry points ------------------------------------------------------------
def test_python_dash_m_paramfit_help() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "paramfit", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "usage: paramfit" in result.stdout and "demo" in result.stdout


def test_python_dash_m_paramfit_bad_argument() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "paramfit", "demo", "--iterations", "abc"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1


def test_console_script_points_at_main() -> None:
    (script,) = entry_points(group="console_scripts", name="paramfit")
    assert script.load() is main
