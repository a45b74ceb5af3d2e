"""``paramfit fit`` fits that can be repeated and continued: the seed is
always recorded (drawn when none is given), ``--max-time``, and
``--checkpoint``/``--resume``."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from test_cli_fit import leftovers, logistic_rows, write_csv

from paramfit.cli import main

BASE = ["--model", "logistic", "--bounds", "0:1,200:1000", "--max-iterations", "60"]

#: A logistic model that raises KeyboardInterrupt (as Ctrl-C would) once it
#: has been called more than $STOP_AFTER times in this process.
INTERRUPTED_MODEL = """
import os

import numpy as np

import paramfit

CALLS = [0]


class Logistic(paramfit.ForwardModel):
    def n_parameters(self):
        return 2

    def simulate(self, p, times):
        CALLS[0] += 1
        stop = int(os.environ.get("STOP_AFTER", "0"))
        if stop and CALLS[0] > stop:
            raise KeyboardInterrupt
        r, k = p
        return k / (1 + (k / 2 - 1) * np.exp(-r * np.asarray(times)))
"""


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "data.csv", "time,value", logistic_rows())


def fit(data: Path, out: Path, *options: str) -> dict[str, Any]:
    assert main(["fit", str(data), "--out", str(out), *BASE, *options]) == 0
    record: dict[str, Any] = json.loads((out / "result.json").read_text())
    return record


def same_fit(a: dict[str, Any], b: dict[str, Any]) -> None:
    for key in ("parameters", "score", "iterations", "evaluations", "stop_reason"):
        assert a[key] == b[key], key


def test_a_fit_without_seed_records_the_one_it_drew(
    data: Path, tmp_path: Path, capsys: Any
) -> None:
    first = fit(data, tmp_path / "a")
    stdout = capsys.readouterr().out
    second = fit(data, tmp_path / "b")
    seed = first["seed"]
    assert isinstance(seed, int) and isinstance(second["seed"], int)
    assert seed != second["seed"]  # two fresh draws (of 2**32)
    assert stdout.startswith(f"paramfit fit: seed {seed}\n")
    assert f"Seed: {seed} (the same options and --seed {seed} repeat" in stdout
    # The same options and the recorded seed repeat the fit.
    again = fit(data, tmp_path / "c", "--seed", str(seed))
    assert {k: v for k, v in again.items() if k != "time_seconds"} == {
        k: v for k, v in first.items() if k != "time_seconds"
    }


def test_a_deterministic_method_still_records_a_seed(
    data: Path, tmp_path: Path
) -> None:
    record = fit(data, tmp_path / "a", "--method", "neldermead")
    assert isinstance(record["seed"], int) and record["method"] == "NelderMead"


def test_max_time(data: Path, tmp_path: Path) -> None:
    record = fit(
        data, tmp_path / "a", "--max-iterations", "100000", "--max-time", "0.01"
    )
    assert record["stop_reason"] == "max_time" and record["max_time"] == 0.01
    assert 0.01 <= record["time_seconds"] < 5


@pytest.mark.parametrize("value", ["0", "-1", "nan", "inf", "soon"])
def test_max_time_must_be_positive(
    value: str, data: Path, tmp_path: Path, capsys: Any
) -> None:
    argv = ["fit", str(data), *BASE, "--out", str(tmp_path / "o")]
    assert main([*argv, "--max-time", value]) == 2
    assert "--max-time: must be a positive number" in capsys.readouterr().err


def test_interrupted_fit_resumes_to_the_uninterrupted_result(
    tmp_path: Path, monkeypatch: Any, capsys: Any
) -> None:
    (tmp_path / "user_interrupted_model.py").write_text(INTERRUPTED_MODEL)
    monkeypatch.chdir(tmp_path)
    data = write_csv(tmp_path / "data.csv", "time,value", logistic_rows())
    options = ["--model", "user_interrupted_model:Logistic", "--x0", "0.01,400"]
    options += ["--bounds", "0:1,200:1000", "--seed", "4", "--max-iterations", "120"]
    run = ["fit", str(data), *options]
    checkpoint = tmp_path / "fit.ckpt"

    monkeypatch.setenv("STOP_AFTER", "200")
    saving = ["--checkpoint", str(checkpoint), "--checkpoint-interval", "0"]
    assert main([*run, "--out", str(tmp_path / "stopped"), *saving]) == 130
    err = capsys.readouterr().err
    assert (
        f"interrupted; continue with the same command and --resume {checkpoint}" in err
    )
    assert checkpoint.is_file() and not (tmp_path / "stopped").exists()

    monkeypatch.delenv("STOP_AFTER")
    resumed_out = tmp_path / "resumed"
    assert main([*run, "--out", str(resumed_out), "--resume", str(checkpoint)]) == 0
    out = capsys.readouterr().out
    done = int(re.search(r"Resuming from a checkpoint after (\d+) iterations", out)[1])
    assert 0 < done < 120
    resumed = json.loads((resumed_out / "result.json").read_text())
    assert main([*run, "--out", str(tmp_path / "whole")]) == 0
    whole = json.loads((tmp_path / "whole" / "result.json").read_text())
    same_fit(resumed, whole)
    assert resumed["seed"] == whole["seed"] == 4
    assert resumed["resumed_from"] == str(checkpoint) and whole["resumed_from"] is None
    # Without --seed, the checkpoint's seed is used (and recorded).
    again = tmp_path / "again"
    assert (
        main(
            [
                "fit",
                str(data),
                *options[:6],
                "--max-iterations",
                "120",
                "--out",
                str(again),
                "--resume",
                str(checkpoint),
            ]
        )
        == 0
    )
    same_fit(json.loads((again / "result.json").read_text()), whole)
    assert leftovers(tmp_path) == []


def test_resume_refuses_another_fit(data: Path, tmp_path: Path, capsys: Any) -> None:
    checkpoint = tmp_path / "fit.ckpt"
    fit(data, tmp_path / "a", "--seed", "5", "--checkpoint", str(checkpoint))
    capsys.readouterr()
    argv = ["fit", str(data), *BASE, "--out", str(tmp_path / "o")]
    resume = ["--resume", str(checkpoint)]

    assert main([*argv, *resume, "--seed", "6"]) == 2
    assert "--seed 6 differs from the seed of the run" in capsys.readouterr().err
    assert main([*argv, *resume, "--method", "xnes"]) == 2
    assert "cannot resume it with paramfit.optimisers._xnes.XNES" in (
        capsys.readouterr().err
    )
    other = write_csv(tmp_path / "other.csv", "time,value", logistic_rows(seed=9))
    assert main(["fit", str(other), *BASE, "--out", str(tmp_path / "o"), *resume]) == 2
    assert "written for a fit of other data or another model" in capsys.readouterr().err
    assert main([*argv, "--resume", str(tmp_path / "missing.ckpt")]) == 2
    assert "--resume: cannot read" in capsys.readouterr().err
    assert main([*argv, "--resume", str(data)]) == 2
    assert "is not a paramfit checkpoint" in capsys.readouterr().err
    assert main([*argv, "--checkpoint", str(tmp_path / "no" / "dir" / "f")]) == 2
    assert "--checkpoint" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_help_documents_the_new_options(capsys: Any) -> None:
    assert main(["fit", "--help"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    for fragment in ("--max-time", "--checkpoint FILE", "--resume FILE", "seed"):
        assert fragment in text
