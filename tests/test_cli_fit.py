"""The ``paramfit fit`` command, end to end (in-process, through ``main``)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from paramfit import toy
from paramfit.cli import main

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def write_csv(path: Path, header: str, rows: list[list[object]]) -> Path:
    lines = [header] + [",".join(str(v) for v in row) for row in rows]
    path.write_text("\n".join(lines) + "\n")
    return path


def logistic_rows(n: int = 60, seed: int = 0) -> list[list[object]]:
    t = np.linspace(0, 1000, n)
    y = toy.LogisticModel().simulate([0.015, 500], t)
    y = y + np.random.default_rng(seed).normal(0, 10, n)
    return [[a, b] for a, b in zip(t, y, strict=True)]


@pytest.fixture
def logistic_csv(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "data.csv", "time,value", logistic_rows())


def leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.startswith(".paramfit")]


def test_fit_logistic_end_to_end(logistic_csv: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "results"
    argv = ["fit", str(logistic_csv), "--model", "logistic", "--seed", "1"]
    argv += ["--bounds", "0:1,200:1000", "--out", str(out), "--max-iterations", "200"]
    assert main(argv) == 0
    stdout = capsys.readouterr().out
    assert "Iter. Eval. Best      Current   Time" in stdout  # PINTS's log layout
    assert "Halting: " in stdout and str(out / "fit.png") in stdout

    result = json.loads((out / "result.json").read_text())
    r, k = result["parameters"]
    assert abs(r / 0.015 - 1) < 0.1 and abs(k / 500 - 1) < 0.05
    assert result["model"] == "logistic" and result["n_times"] == 60
    assert result["method"] in ("CMAES", "XNES")
    assert result["bounds"] == {"lower": [0, 200], "upper": [1, 1000]}
    assert result["x0"] == [0.5, 600]  # the middle of the bounds
    assert result["stop_reason"] in ("max_iterations", "function_tolerance")
    assert 0 < result["iterations"] <= 200
    assert result["evaluations"] >= result["iterations"]
    assert result["score"] > 0 and result["seed"] == 1
    for name in ("fit.png", "convergence.png"):
        assert (out / name).read_bytes()[:8] == PNG_MAGIC
    assert leftovers(tmp_path) == []

    # Same seed, same result; an existing directory gets its files replaced.
    assert main(argv) == 0
    again = json.loads((out / "result.json").read_text())
    assert again["parameters"] == result["parameters"]
    assert sorted(p.name for p in out.iterdir()) == [
        "convergence.png",
        "fit.png",
        "result.json",
    ]


def test_fit_multi_output_with_xnes_and_log_transform(tmp_path: Path) -> None:
    model = toy.LotkaVolterraModel()
    t = model.suggested_times()
    y = model.simulate(model.suggested_parameters(), t)
    y = y * (1 + 0.02 * np.random.default_rng(2).standard_normal(y.shape))
    rows = [[a, b, c] for a, (b, c) in zip(t, y, strict=True)]
    data = write_csv(tmp_path / "lv.csv", "time,prey,predators", rows)
    argv = ["fit", str(data), "--model", "lotka-volterra", "--method", "XNES"]
    argv += ["--transform", "log", "--bounds", "0.1:2,0.05:1,0.2:5,0.1:1"]
    argv += ["--x0", "0.6,0.2,0.8,0.25", "--sigma0", "0.2", "--seed", "3"]
    argv += ["--max-iterations", "120"]
    assert main(argv) == 0
    result = json.loads((tmp_path / "lv-fit" / "result.json").read_text())
    assert result["method"] == "XNES" and result["transform"] == "log"
    ratio = np.array(result["parameters"]) / model.suggested_parameters()
    np.testing.assert_allclose(ratio, 1, atol=0.1)


def test_fit_user_model(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "user_line_model.py").write_text(
        "import numpy as np\n"
        "import paramfit\n\n"
        "class Line(paramfit.ForwardModel):\n"
        "    def n_parameters(self):\n"
        "        return 2\n\n"
        "    def simulate(self, p, times):\n"
        "        return p[0] + p[1] * np.asarray(times)\n"
    )
    rows = [[t, 1 + 2 * t] for t in range(10)]
    data = write_csv(tmp_path / "line.csv", "time,value", rows)
    monkeypatch.chdir(tmp_path)
    argv = ["fit", str(data), "--model", "user_line_model:Line", "--x0", "0,0"]
    argv += ["--method", "neldermead", "--max-iterations", "300"]
    assert main(argv) == 0
    result = json.loads((tmp_path / "line-fit" / "result.json").read_text())
    np.testing.assert_allclose(result["parameters"], [1, 2], atol=1e-4)


BAD_CSVS = {
    "no time column": ("t,value", [[0, 1], [1, 2]], "missing column 'time'"),
    "no value column": ("time", [[0], [1]], "missing a value column"),
    "short row": ("time,value", [[0, 1], [1], [2, 3]], "row 2 (line 3)"),
    "not a number": ("time,value", [[0, 1], [1, "abc"]], "row 2 (line 3): value 'abc'"),
    "decreasing": ("time,value", [[0, 1], [2, 2], [1, 3]], "row 3 (line 4): time 1"),
    "repeated time": ("time,value", [[0, 1], [1, 2], [1, 3]], "row 3 (line 4)"),
    "nan": ("time,value", [[0, 1], [1, "nan"], [2, 3]], "row 2 (line 3): value is nan"),
    "infinite time": (
        "time,value",
        [[0, 1], ["inf", 2]],
        "row 2 (line 3): time is inf",
    ),
    "negative time": ("time,value", [[-1, 1], [1, 2]], "row 1 (line 2): time -1"),
    "header only": ("time,value", [], "no data rows"),
    "two values for one output": ("time,a,b", [[0, 1, 2]], "1 value column"),
}


@pytest.mark.parametrize("case", sorted(BAD_CSVS))
def test_bad_csv_exits_2_naming_the_row(case: str, tmp_path: Path, capsys) -> None:
    header, rows, message = BAD_CSVS[case]
    data = write_csv(tmp_path / "bad.csv", header, rows)
    out = tmp_path / "out"
    status = main(["fit", str(data), "--model", "logistic", "--out", str(out)])
    err = capsys.readouterr().err
    assert status == 2
    assert err.count("\n") == 1 and err.startswith("paramfit fit: error: ")
    assert message in err
    assert not out.exists() and leftovers(tmp_path) == []


def test_empty_and_missing_files(tmp_path: Path, capsys) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    assert main(["fit", str(empty), "--model", "logistic"]) == 2
    assert "empty" in capsys.readouterr().err
    assert main(["fit", str(tmp_path / "nope.csv"), "--model", "logistic"]) == 2
    assert "cannot read" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.csv"]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--model", "nonsense"], "unknown model 'nonsense'"),
        (["--model", "no_such_module:X"], "cannot import module"),
        (["--model", "logistic", "--bounds", "0:1"], "--bounds needs 2 values"),
        (["--model", "logistic", "--bounds", "1:0,2:3"], "LOW < HIGH"),
        (["--model", "logistic", "--x0", "1,2,3"], "--x0 needs 2 values"),
        (["--model", "logistic", "--x0", "a,b"], "comma-separated numbers"),
        (
            ["--model", "logistic", "--bounds", "0:1,200:1000", "--x0", "2,300"],
            "outside [0, 1]",
        ),
        (["--model", "logistic", "--transform", "log", "--bounds", "0:1,2:3"], "log"),
        (["--model", "logistic", "--method", "nosuchmethod"], "invalid choice"),
    ],
)
def test_bad_options_exit_2(
    options: list[str], message: str, logistic_csv: Path, tmp_path: Path, capsys
) -> None:
    out = tmp_path / "out"
    assert main(["fit", str(logistic_csv), "--out", str(out), *options]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
    assert not out.exists() and leftovers(tmp_path) == []


def test_out_is_a_file(logistic_csv: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "taken"
    out.write_text("")
    assert (
        main(["fit", str(logistic_csv), "--model", "logistic", "--out", str(out)]) == 2
    )
    assert "not a directory" in capsys.readouterr().err


def test_failed_optimisation_writes_nothing(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    (tmp_path / "user_broken_model.py").write_text(
        "import paramfit\n\n"
        "class Broken(paramfit.ForwardModel):\n"
        "    def n_parameters(self):\n"
        "        return 2\n\n"
        "    def simulate(self, p, times):\n"
        "        raise RuntimeError('solver exploded')\n"
    )
    data = write_csv(tmp_path / "d.csv", "time,value", [[0, 1], [1, 2]])
    monkeypatch.chdir(tmp_path)
    argv = ["fit", str(data), "--model", "user_broken_model:Broken", "--x0", "1,1"]
    assert main(argv) == 1
    assert "solver exploded" in capsys.readouterr().err
    assert not (tmp_path / "d-fit").exists() and leftovers(tmp_path) == []


def test_help_documents_the_syntax(capsys) -> None:
    assert main(["fit", "--help"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    for fragment in ("--bounds", "LOW:HIGH", "0:1,200:1000", "lotka-volterra", "xnes"):
        assert fragment in text
