"""Tests of the controller's reporting beyond the PINTS log (which
``test_controller`` compares with PINTS): the log schedule and the progress
bar."""

from __future__ import annotations

import re
import sys

import pytest
from controller_twins import (
    controller,
    mask,
    seeded_global_state,  # noqa: F401 (autouse fixture)
)

import paramfit


@pytest.mark.parametrize("max_iterations", [25, None])
def test_progress_bar_goes_to_stderr_and_leaves_stdout_alone(max_iterations, capsys):
    pytest.importorskip("tqdm")
    outputs = []
    for progress in (False, True):
        c = controller()
        c.set_max_iterations(max_iterations)
        c.set_function_tolerance(10, 1e-6)
        c.set_progress(progress)
        assert c.progress() is progress
        c.run()
        out, err = capsys.readouterr()
        outputs.append(mask(out))
        assert ("Optimising" in err) is progress
    assert outputs[0] == outputs[1]


def test_progress_without_tqdm_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "tqdm", None)
    with pytest.raises(ImportError, match=re.escape("paramfit[progress]")):
        controller().set_progress()
    controller().set_progress(False)  # switching it off needs nothing


def test_log_schedule():
    schedule = paramfit.runs._reporting.LogSchedule(20, 3)
    assert [i for i in range(100) if schedule.due(i)] == [0, 1, 2, 3, 20, 40, 60, 80]
    schedule = paramfit.runs._reporting.LogSchedule(3, 0)
    assert [i for i in range(10) if schedule.due(i)] == [0, 3, 6, 9]
