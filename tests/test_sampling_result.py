"""SamplingResult: a short repr, a readable summary, an open file format
that round-trips, PINTS-style CSV and ArviZ export."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import paramfit
import paramfit.io
import paramfit.toy


@pytest.fixture(scope="module")
def result() -> paramfit.SamplingResult:
    lp = paramfit.toy.GaussianLogPDF([1.0, -2.0], [1.0, 4.0])
    c = paramfit.MCMCController(
        lp, 3, [[0, 0]] * 3, [1, 4], method=paramfit.MetropolisRandomWalkMCMC, rng=1
    )
    c.set_max_iterations(400)
    c.set_log_to_screen(False)
    c.set_log_pdf_storage(True)
    c.run()
    return c.result()


def test_repr_is_short_and_summary_explains(result: paramfit.SamplingResult) -> None:
    assert repr(result) == (
        f"SamplingResult(chains=(3, 400, 2), iterations=400, evaluations=1200, "
        f"time={result.time:.3g} s, stop_reason=MAX_ITERATIONS, seed=1)"
    )
    text = result.summary(["mu", "nu"])
    assert text.startswith("Stopped: Maximum number of iterations (400) reached.")
    assert "400 iterations, 1200 evaluations" in text and "seed 1" in text
    assert "max rank-normalised R-hat" in text
    table = str(paramfit.MCMCSummary(result.kept(), result.time, ["mu", "nu"]))
    assert text.endswith(table)
    with pytest.raises(ValueError, match="warm_up must be in"):
        result.kept(1.0)


def test_save_and_load_round_trip(
    result: paramfit.SamplingResult, tmp_path: Path
) -> None:
    path = tmp_path / "run.npz"
    result.save(path)
    loaded = paramfit.SamplingResult.load(path)
    for name in ("chains", "log_pdfs", "acceptance_rates"):
        np.testing.assert_array_equal(getattr(loaded, name), getattr(result, name))
    for name in ("iterations", "evaluations", "time", "stop_reason", "message", "seed"):
        assert getattr(loaded, name) == getattr(result, name)
    empty = paramfit.SamplingResult(
        None, None, None, 0, 0, 0.0, paramfit.StopReason.MAX_TIME, "m", 3
    )
    empty.save(tmp_path / "empty.npz")
    back = paramfit.SamplingResult.load(tmp_path / "empty.npz")
    assert back.chains is None and back.stop_reason is paramfit.StopReason.MAX_TIME
    assert "Too few samples" in back.summary()


def test_csv_files_as_pints(result: paramfit.SamplingResult, tmp_path: Path) -> None:
    result.to_csv(tmp_path / "chain.csv")
    loaded = paramfit.io.load_samples(tmp_path / "chain.csv", 3)
    for i in range(3):
        np.testing.assert_allclose(loaded[i], result.chains[i], rtol=1e-15)


def test_arviz_export(result: paramfit.SamplingResult) -> None:
    pytest.importorskip("arviz")  # the arviz extra (part of dev)
    data = result.to_arviz(["mu", "nu"])
    np.testing.assert_array_equal(data.posterior["mu"].values, result.chains[:, :, 0])
    np.testing.assert_array_equal(data.sample_stats["lp"].values, result.log_pdfs)
    with pytest.raises(ValueError, match="Expected 2 parameter names"):
        result.to_arviz(["mu"])
