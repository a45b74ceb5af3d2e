"""``paramfit.residuals_diagnostics``: values against PINTS 0.6.1 (the
oracle), figures rendered with Agg, arguments checked."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import matplotlib
import numpy as np
import pints
import pints.residuals_diagnostics
import pints.toy
import pytest

import paramfit
import paramfit.residuals_diagnostics as rd
from paramfit import toy


@pytest.fixture(autouse=True)
def agg_backend() -> Iterator[None]:
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    yield
    plt.close("all")


@pytest.fixture(scope="module")
def single() -> tuple[Any, Any, np.ndarray]:
    """A logistic problem (paramfit's and PINTS's) and one fitted point."""
    t = np.linspace(0, 1000, 100)
    y = toy.LogisticModel().simulate([0.015, 500], t)
    y = y + np.random.default_rng(4).normal(0, 50, t.shape)
    ours = paramfit.SingleOutputProblem(toy.LogisticModel(), t, y)
    theirs = pints.SingleOutputProblem(pints.toy.LogisticModel(), t, y)
    return ours, theirs, np.array([[0.0149, 494.6]])


@pytest.fixture(scope="module")
def multi() -> tuple[Any, np.ndarray]:
    """A two-output Lotka-Volterra problem and 50 samples (with an extra,
    ignored noise column)."""
    model = toy.LotkaVolterraModel()
    problem = paramfit.MultiOutputProblem(
        model, model.suggested_times(), np.log(model.suggested_values())
    )
    rng = np.random.default_rng(5)
    samples = model.suggested_parameters() * (1 + 0.05 * rng.standard_normal((50, 4)))
    return problem, np.hstack([samples, np.ones((50, 1))])


def test_calculate_residuals_matches_pints(single: Any, multi: Any) -> None:
    ours, theirs, x = single
    r = rd.calculate_residuals(x, ours)
    assert r.shape == (1, 1, 100)
    expected = pints.residuals_diagnostics.calculate_residuals(x, theirs)
    np.testing.assert_allclose(r, expected, rtol=1e-12)
    np.testing.assert_allclose(r[0, 0], ours.values() - ours.evaluate(x[0]))
    problem, samples = multi
    r = rd.calculate_residuals(samples, problem)
    assert r.shape == (50, 2, 21)
    np.testing.assert_allclose(
        r[3, 1], problem.values()[:, 1] - problem.evaluate(samples[3, :4])[:, 1]
    )
    assert rd.calculate_residuals(samples, problem, thinning=10).shape == (5, 2, 21)


def test_acorr() -> None:
    # Reference from matplotlib.pyplot.acorr, as in PINTS's test suite.
    series = np.array(
        [-4.16663146, -0.06785731, -5.32403073, -8.44891444, -5.73192276,
         9.24119792, -8.96992, -6.00931999, 2.93184439, -2.08975285]
    )  # fmt: skip
    expected = [-0.05123492, 0.23477934, 0.39043056, -0.11692329, -0.03192777, 1.0]
    expected = np.array(expected + expected[-2::-1])
    np.testing.assert_allclose(rd.acorr(series, 5), expected, atol=1e-8)
    x = np.random.default_rng(0).normal(size=50)
    np.testing.assert_allclose(
        rd.acorr(x, 11), pints.residuals_diagnostics.acorr(x, 11)
    )
    # Lags past the series' length have nothing to correlate: 0.
    c = rd.acorr([1.0, 2.0, 3.0], 4)
    assert len(c) == 9 and c[4] == 1 and c[0] == c[1] == 0 and c[2] > 0


@pytest.mark.parametrize(
    "function",
    [
        rd.plot_residuals_autocorrelation,
        rd.plot_residuals_binned_autocorrelation,
        rd.plot_residuals_binned_std,
        rd.plot_residuals_distance,
        rd.plot_residuals_vs_output,
    ],
)
def test_plots_render_for_one_fit_and_for_samples(
    function: Any, single: Any, multi: Any, tmp_path: Path
) -> None:
    from matplotlib.figure import Figure

    ours, _, x = single
    fig = function(x, ours)
    assert isinstance(fig, Figure)
    fig.savefig(tmp_path / "one.png")
    problem, samples = multi
    binned = function.__name__.startswith("plot_residuals_binned")
    # 21 times: fewer than the default 25 bins.
    fig = (
        function(samples, problem, n_bins=10) if binned else function(samples, problem)
    )
    # One panel per output (plus a colour bar per panel for the distances).
    assert len([a for a in fig.axes if a.get_label() != "<colorbar>"]) == 2
    fig.savefig(tmp_path / "samples.png")
    assert (tmp_path / "samples.png").read_bytes()[:4] == b"\x89PNG"


def test_autocorrelation_plot_values(single: Any, multi: Any) -> None:
    ours, _, x = single
    fig = rd.plot_residuals_autocorrelation(x, ours, max_lag=5)
    ax = fig.axes[0]
    e = rd.calculate_residuals(x, ours)[0, 0]
    np.testing.assert_allclose(ax.get_lines()[0].get_ydata(), rd.acorr(e, 5)[5:])
    # The significance band: z_{0.975} / sqrt(n).
    levels = sorted(abs(line.get_ydata()[0]) for line in ax.get_lines()[1:])
    assert levels[-1] == pytest.approx(1.959963984540054 / np.sqrt(100))
    problem, samples = multi
    fig = rd.plot_residuals_autocorrelation(samples, problem, significance_level=None)
    assert len(fig.axes) == 2


def test_binned_std_values(single: Any) -> None:
    ours, _, x = single
    fig = rd.plot_residuals_binned_std(x, ours, n_bins=4)
    line = fig.axes[0].get_lines()[0]
    e = rd.calculate_residuals(x, ours)[0, 0]
    np.testing.assert_allclose(line.get_ydata(), [np.std(b) for b in np.split(e, 4)])
    np.testing.assert_allclose(
        line.get_xdata(), [np.mean(b) for b in np.split(ours.times(), 4)]
    )


@pytest.mark.parametrize(
    ("function", "kwargs", "message"),
    [
        (rd.calculate_residuals, {"thinning": 0}, "Thinning rate must be"),
        (rd.plot_residuals_vs_output, {"thinning": -1}, "Thinning rate must be"),
        (rd.plot_residuals_binned_std, {"n_bins": 0}, "greater than zero"),
        (rd.plot_residuals_binned_autocorrelation, {"n_bins": 101}, "must not exceed"),
        (
            rd.plot_residuals_autocorrelation,
            {"significance_level": -1},
            "significance level",
        ),
    ],
)
def test_bad_arguments(function: Any, kwargs: Any, message: str, single: Any) -> None:
    ours, _, x = single
    with pytest.raises(ValueError, match=message):
        function(x, ours, **kwargs)


def test_bad_parameter_shapes(multi: Any) -> None:
    problem, samples = multi
    with pytest.raises(ValueError, match=r"`parameters` must be of shape"):
        rd.calculate_residuals(samples[None], problem)
    with pytest.raises(ValueError, match=r"`parameters` must be of shape"):
        rd.plot_residuals_vs_output(samples[0], problem)
    with pytest.raises(ValueError, match="posterior interval"):
        rd.plot_residuals_autocorrelation(samples, problem, posterior_interval=1.5)
