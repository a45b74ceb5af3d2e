"""Tests of the MCMC plots (``trace``, ``histogram``, ``pairwise``,
``autocorrelation``): PINTS's return values and axes shapes, every option
drawn, reference values drawn where asked, bad input refused clearly."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import matplotlib
import numpy as np
import pints
import pints.plot
import pytest

import paramfit
import paramfit.plot
import paramfit.toy
from paramfit.diagnostics import autocorrelation

REF = np.array([1.0, 5.0, -2.0])


@pytest.fixture(autouse=True)
def agg_backend(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Draw off-screen, and close every figure a test opens."""
    monkeypatch.setenv("MPLBACKEND", "Agg")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    yield
    plt.close("all")


@pytest.fixture(scope="module")
def chains() -> np.ndarray:
    """Three chains of 300 samples of a 3-d Gaussian centred on ``REF``."""
    log_pdf = paramfit.toy.GaussianLogPDF(REF, [1.0, 2.0, 0.5])
    x0 = [REF + 0.5, REF - 0.5, REF]
    mcmc = paramfit.MCMCController(
        log_pdf, 3, x0, method=paramfit.MetropolisRandomWalkMCMC, rng=1
    )
    mcmc.set_max_iterations(300)
    mcmc.set_log_to_screen(False)
    return np.asarray(mcmc.run())


def assert_renders(fig: Any, tmp_path: Path) -> None:
    fig.savefig(tmp_path / "figure.png", dpi=20)
    assert (tmp_path / "figure.png").read_bytes().startswith(b"\x89PNG")


def reference_lines(ax: Any, along: str) -> list[float]:
    """Where the dashed black lines (reference values) are: x of the
    vertical ones (``along="x"``) or y of the horizontal ones ("y")."""
    at = [
        line.get_xdata() if along == "x" else line.get_ydata()
        for line in ax.get_lines()
        if line.get_linestyle() == "--" and line.get_color() == "k"
    ]
    return [float(v[0]) for v in at if np.ptp(v) == 0]


def tick_labels_shown(axis: Any) -> bool:
    # get_ticklabels() leaves out hidden labels.
    return any(t.get_text() for t in axis.get_ticklabels())


# -- trace -------------------------------------------------------------------
def test_trace(chains: np.ndarray, tmp_path: Path) -> None:
    fig, axes = paramfit.plot.trace(chains, ref_parameters=REF)
    assert axes.shape == (3, 2) and isinstance(fig, matplotlib.figure.Figure)
    assert_renders(fig, tmp_path)
    for i, (hist_ax, trace_ax) in enumerate(axes):
        # One histogram (a filled outline) and one trace per chain.
        assert len(hist_ax.patches) == 3
        assert len([x for x in trace_ax.get_lines() if x.get_linestyle() == "-"]) == 3
        np.testing.assert_array_equal(
            trace_ax.get_lines()[1].get_ydata(), chains[1, :, i]
        )
        assert reference_lines(hist_ax, "x") == [REF[i]]
        assert reference_lines(trace_ax, "y") == [REF[i]]
        assert hist_ax.get_xlabel() == f"Parameter {i + 1}"
        assert hist_ax.get_ylabel() == "Frequency"
        assert trace_ax.get_xlabel() == "Iteration"
        assert trace_ax.get_ylabel() == f"Parameter {i + 1}"
        # All samples shown by default.
        lo, hi = trace_ax.get_ylim()
        assert lo <= chains[:, :, i].min() and hi >= chains[:, :, i].max()
    labels = [t.get_text() for t in axes[0, 0].get_legend().get_texts()]
    assert labels == ["Samples 1", "Samples 2", "Samples 3"]


def test_trace_options(chains: np.ndarray) -> None:
    names = ["a", "b", "c"]
    fig, axes = paramfit.plot.trace(chains, n_percentiles=50, parameter_names=names)
    assert [ax.get_xlabel() for ax in axes[:, 0]] == names
    assert [ax.get_ylabel() for ax in axes[:, 1]] == names
    assert (
        reference_lines(axes[0, 0], "x") == []
        and reference_lines(axes[0, 1], "y") == []
    )
    stacked = chains.reshape(-1, 3)
    np.testing.assert_allclose(
        [ax.get_ylim() for ax in axes[:, 1]],
        np.percentile(stacked, [25, 75], axis=0).T,
    )
    # One chain: no legend.
    fig, axes = paramfit.plot.trace([chains[0]])
    assert axes[0, 0].get_legend() is None
    # Chains may differ in length; a reference outside the samples is shown.
    fig, axes = paramfit.plot.trace(
        [chains[0], chains[1, :100]], ref_parameters=[100, 5, -2]
    )
    assert axes[0, 1].get_ylim()[0] < 100 < axes[0, 1].get_ylim()[1]
    assert axes[0, 0].get_xlim()[0] < 100 < axes[0, 0].get_xlim()[1]


# -- histogram ---------------------------------------------------------------
def test_histogram(chains: np.ndarray, tmp_path: Path) -> None:
    fig, axes = paramfit.plot.histogram(chains, kde=True, ref_parameters=REF)
    assert axes.shape == (3,)
    assert_renders(fig, tmp_path)
    edges = np.linspace(chains.min(axis=(0, 1)), chains.max(axis=(0, 1)), 40)
    for i, ax in enumerate(axes):
        # Chain 2's bars: a probability density, on bins shared by all chains.
        outline = ax.patches[1].get_xy()
        density, _ = np.histogram(chains[1, :, i], edges[:, i], density=True)
        np.testing.assert_allclose(outline[1:79:2, 1], density)
        np.testing.assert_allclose(outline[1:79:2, 0], edges[:-1, i])
        kdes = [x for x in ax.get_lines() if x.get_linestyle() == "-"]
        assert len(kdes) == 3
        # Each chain's KDE has its bars' colour.
        assert kdes[2].get_color() == "C2"
        assert reference_lines(ax, "x") == [REF[i]]
    assert axes[0].get_legend() is not None


def test_histogram_options(chains: np.ndarray) -> None:
    fig, axes = paramfit.plot.histogram(
        [chains[0]], n_percentiles=90, parameter_names=["a", "b", "c"]
    )
    assert [ax.get_xlabel() for ax in axes] == ["a", "b", "c"]
    assert axes[0].get_lines() == [] and axes[0].get_legend() is None
    lo, hi = np.percentile(chains[0, :, 1], [5, 95])
    x = axes[1].patches[0].get_xy()[:, 0]
    assert x.min() == pytest.approx(lo) and x.max() == pytest.approx(hi)


# -- pairwise ----------------------------------------------------------------
def test_pairwise_scatter(chains: np.ndarray, tmp_path: Path) -> None:
    x = chains[0]
    fig, axes = paramfit.plot.pairwise(x, ref_parameters=REF)
    assert axes.shape == (3, 3)
    assert_renders(fig, tmp_path)
    for i in range(3):
        for j in range(3):
            ax = axes[i, j]
            assert ax.axison == (j <= i)
            if j > i:
                continue
            assert reference_lines(ax, "x") == [REF[j]]
            if i == j:
                assert len(ax.patches) == 1 and len(ax.collections) == 0
                continue
            assert reference_lines(ax, "y") == [REF[i]]
            (points,) = ax.collections
            np.testing.assert_array_equal(points.get_offsets(), x[:, [j, i]])
            assert points.get_alpha() == pytest.approx(1 / np.log10(300))
    # Labels: names on the outer axes, tick labels there only.
    assert [ax.get_xlabel() for ax in axes[-1]] == [f"Parameter {k}" for k in (1, 2, 3)]
    ylabels = [ax.get_ylabel() for ax in axes[:, 0]]
    assert ylabels == ["Probability density", "Parameter 2", "Parameter 3"]
    assert tick_labels_shown(axes[2, 1].xaxis)
    assert not tick_labels_shown(axes[1, 0].xaxis)
    assert tick_labels_shown(axes[1, 0].yaxis)
    assert not tick_labels_shown(axes[2, 1].yaxis)


def test_pairwise_kde(chains: np.ndarray) -> None:
    from matplotlib.contour import ContourSet

    names = ["a", "b", "c"]
    fig, axes = paramfit.plot.pairwise(
        chains[0], kde=True, parameter_names=names, ref_parameters=REF
    )
    assert [ax.get_xlabel() for ax in axes[-1]] == names
    for i in range(3):
        assert len(axes[i, i].get_lines()) == 2  # the KDE and the reference
        for j in range(i):
            contours = [c for c in axes[i, j].collections if isinstance(c, ContourSet)]
            assert len(contours) == 2  # filled, and their outlines
            assert reference_lines(axes[i, j], "x") == [REF[j]]
            assert reference_lines(axes[i, j], "y") == [REF[i]]


def test_pairwise_heatmap_percentiles_and_opacity(chains: np.ndarray) -> None:
    from matplotlib.collections import QuadMesh

    x = chains[0]
    fig, axes = paramfit.plot.pairwise(x, heatmap=True, n_percentiles=80)
    (mesh,) = axes[2, 0].collections
    assert isinstance(mesh, QuadMesh)
    lo, hi = np.percentile(x, [10, 90], axis=0)
    np.testing.assert_allclose(axes[2, 0].get_xlim(), (lo[0], hi[0]))
    np.testing.assert_allclose(axes[2, 0].get_ylim(), (lo[2], hi[2]))
    assert reference_lines(axes[2, 0], "x") == []
    fig, axes = paramfit.plot.pairwise(x[:, :2], opacity=0.2)
    assert axes[1, 0].collections[0].get_alpha() == 0.2
    fig, axes = paramfit.plot.pairwise(x[:5, :2])
    assert axes[1, 0].collections[0].get_alpha() == 1.0


def test_degenerate_samples() -> None:
    """A constant parameter has no KDE (nor autocorrelation), and a pair on a
    line has a scatter plot instead of KDE contours."""
    t = np.linspace(0, 1, 40)
    x = np.column_stack([t, np.full(40, 3.0), 2 * t + 1, np.sin(7 * t)])
    fig, axes = paramfit.plot.histogram([x], kde=True)
    assert [len(ax.get_lines()) for ax in axes] == [1, 0, 1, 1]
    fig, axes = paramfit.plot.trace([x])
    assert axes[1, 1].get_ylim()[0] < 3 < axes[1, 1].get_ylim()[1]
    fig, axes = paramfit.plot.autocorrelation(x, max_lags=5)
    assert all(len(bar) == 0 for bar in axes[1].collections[0].get_segments())
    fig, axes = paramfit.plot.pairwise(x, kde=True)
    for i, j in [(1, 0), (2, 0), (2, 1)]:
        (points,) = axes[i, j].collections
        assert len(points.get_offsets()) == 40
    assert len(axes[3, 0].collections) == 2  # contours


# -- autocorrelation ---------------------------------------------------------
def test_autocorrelation(chains: np.ndarray, tmp_path: Path) -> None:
    x = chains[0]
    fig, axes = paramfit.plot.autocorrelation(x, max_lags=20)
    assert axes.shape == (3,)
    assert_renders(fig, tmp_path)
    for i, ax in enumerate(axes):
        bars = ax.collections[0]
        tops = [segment[1, 1] for segment in bars.get_segments()]
        np.testing.assert_allclose(tops, autocorrelation(x[:, i])[:21])
        # PINTS draws matplotlib's acorr of the centred samples: the same.
        c = x[:, i] - x[:, i].mean()
        acorr = np.correlate(c, c, "full")[len(c) - 1 :] / np.dot(c, c)
        np.testing.assert_allclose(tops, acorr[:21], atol=1e-12)
        assert ax.get_xlim() == (-0.5, 20.5)
        labels = [t.get_text() for t in ax.get_legend().get_texts()]
        assert labels == [f"Parameter {i + 1}"]
    assert axes[-1].get_xlabel() == "Lag"
    assert axes[1].get_ylabel() == "Autocorrelation"


def test_autocorrelation_options(chains: np.ndarray) -> None:
    fig, axes = paramfit.plot.autocorrelation(
        chains[0], parameter_names=["a", "b", "c"]
    )
    assert len(axes[0].collections[0].get_segments()) == 101  # lags 0 to 100
    assert axes[2].get_legend().get_texts()[0].get_text() == "c"
    fig, axes = paramfit.plot.autocorrelation(chains[0][:, :1], max_lags=5)
    assert axes.shape == (1,) and axes[0].get_ylabel() == "Autocorrelation"


# -- bad input ---------------------------------------------------------------
CHAIN = np.random.default_rng(0).normal(size=(120, 3))
# PINTS's messages, which its own tests match.
SHAPE = r"`samples` must be of shape \(n_sample, n_parameters\)\."
SAME = r"All samples must have the same number of parameters\."
NAMES = r"Length of `parameter_names` must be same as number of parameters\."
REFS = r"Length of `ref_parameters` must be same as number of parameters\."
BOTH = r"Cannot use `kde` and `heatmap` together\."
LARGER = r"Number of parameters must be larger than 2\."

BAD_VALUES: list[tuple[str, tuple[Any, ...], dict[str, Any], str]] = [
    ("trace", (CHAIN,), {}, r"chain 1 has shape \(3,\).*\[chain\]"),
    ("trace", ([],), {}, "at least one chain"),
    ("trace", ([CHAIN, CHAIN[:, :2]],), {}, SAME + " Chain 1 has 3, chain 2"),
    ("trace", ([CHAIN, CHAIN[None]],), {}, r"chain 2 has shape \(1, 120, 3\)"),
    ("trace", ([CHAIN[:0]],), {}, "at least one sample"),
    ("trace", ([np.where(CHAIN > 2, np.nan, CHAIN)],), {}, "finite"),
    ("trace", ([CHAIN],), {"parameter_names": ["a"]}, NAMES + " Expected 3, got 1"),
    ("trace", ([CHAIN],), {"ref_parameters": [1, 2]}, REFS + " Expected 3"),
    ("trace", ([CHAIN],), {"n_percentiles": 0}, r"\(0, 100\]; got 0"),
    ("trace", ([CHAIN],), {"n_percentiles": 101}, r"\(0, 100\]; got 101"),
    ("histogram", (CHAIN,), {}, r"\[chain\]"),
    ("histogram", ([CHAIN],), {"parameter_names": ["a"] * 4}, NAMES),
    ("histogram", ([CHAIN],), {"ref_parameters": np.ones((3, 3))}, REFS),
    ("pairwise", (CHAIN,), {"kde": True, "heatmap": True}, BOTH),
    ("pairwise", ([CHAIN],), {}, SHAPE + r" Got shape \(1, 120, 3\)"),
    ("pairwise", ([[1, 2], [3]],), {}, SHAPE),
    ("pairwise", (CHAIN[:, :1],), {}, LARGER + ".*`samples` has 1"),
    ("pairwise", (CHAIN,), {"opacity": 2}, r"`opacity` must be in \[0, 1\]"),
    ("pairwise", (CHAIN,), {"parameter_names": ["a"]}, NAMES),
    ("pairwise", (CHAIN,), {"ref_parameters": [1]}, REFS),
    ("pairwise", (CHAIN,), {"n_percentiles": -5}, "`n_percentiles`"),
    ("autocorrelation", (CHAIN[None],), {}, SHAPE),
    ("autocorrelation", (CHAIN[:1],), {}, "at least two samples"),
    ("autocorrelation", (CHAIN, 120), {}, r"number of samples \(120\); got 120"),
    ("autocorrelation", (CHAIN,), {"max_lags": 0}, "`max_lags`"),
    ("autocorrelation", (CHAIN, 10), {"parameter_names": ["a"]}, NAMES),
]

BAD_TYPES: list[tuple[str, tuple[Any, ...], dict[str, Any], str]] = [
    ("trace", (5.0,), {}, "sequence of chains"),
    ("trace", ([CHAIN],), {"parameter_names": "abc"}, "single string"),
    ("trace", ([CHAIN],), {"n_percentiles": "50"}, "`n_percentiles`"),
    ("pairwise", (CHAIN,), {"opacity": "a"}, "`opacity`"),
    ("autocorrelation", (CHAIN,), {"max_lags": 2.5}, "`max_lags` must be an integer"),
]


@pytest.mark.parametrize(
    ("error", "name", "args", "kwargs", "message"),
    [(ValueError, *bad) for bad in BAD_VALUES]
    + [(TypeError, *bad) for bad in BAD_TYPES],
)
def test_bad_input(
    error: type[Exception],
    name: str,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    message: str,
) -> None:
    with pytest.raises(error, match=message):
        getattr(paramfit.plot, name)(*args, **kwargs)


@pytest.mark.parametrize("name", ["trace", "histogram", "pairwise", "autocorrelation"])
def test_missing_matplotlib_names_the_extra(
    monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    samples = [CHAIN] if name in ("trace", "histogram") else CHAIN
    with pytest.raises(ImportError, match=re.escape("paramfit[plot]")):
        getattr(paramfit.plot, name)(samples)


# -- side by side with PINTS -------------------------------------------------
def pints_chains() -> np.ndarray:
    rng = np.random.default_rng(2)
    return rng.normal(REF, [1.0, 2.0, 0.5], size=(3, 120, 3))


Args = Callable[[np.ndarray], tuple[Any, ...]]
CALLS: list[tuple[str, Args, dict[str, Any]]] = [
    (
        "trace",
        lambda s: (s[:2, :, :2],),
        {"ref_parameters": [1, 5], "n_percentiles": 90},
    ),
    ("trace", lambda s: ([s[0, :, :1]],), {}),
    ("histogram", lambda s: (s[:2, :, :2],), {"ref_parameters": REF[:2]}),
    ("histogram", lambda s: ([s[0, :, :1]],), {"kde": True}),
    ("pairwise", lambda s: (s[0],), {"ref_parameters": REF}),
    ("pairwise", lambda s: (s[0, :50, :2],), {"kde": True}),
    ("pairwise", lambda s: (s[0, :, :2],), {"heatmap": True, "opacity": 0.3}),
    ("autocorrelation", lambda s: (s[0],), {"max_lags": 20}),
    ("autocorrelation", lambda s: (s[0, :, :1],), {"max_lags": 20}),
]


@pytest.mark.parametrize(("name", "args", "kwargs"), CALLS)
def test_axes_as_pints(name: str, args: Args, kwargs: dict[str, Any]) -> None:
    samples = pints_chains()
    fig, axes = getattr(paramfit.plot, name)(*args(samples), **kwargs)
    pints_fig, pints_axes = getattr(pints.plot, name)(*args(samples), **kwargs)
    assert type(fig) is type(pints_fig)
    assert type(axes) is type(pints_axes) is np.ndarray
    assert axes.shape == pints_axes.shape
    assert [ax.axison for ax in axes.flat] == [ax.axison for ax in pints_axes.flat]


PINTS_ERRORS: list[tuple[str, Args, dict[str, Any], str]] = [
    ("trace", lambda s: ([s[0], s[1:, :, :-1]],), {}, SAME),
    ("trace", lambda s: (s,), {"parameter_names": ["a"]}, NAMES),
    ("trace", lambda s: (s,), {"ref_parameters": [1.0]}, REFS),
    ("histogram", lambda s: (s,), {"parameter_names": ["a"]}, NAMES),
    ("histogram", lambda s: (s,), {"ref_parameters": [1.0]}, REFS),
    ("pairwise", lambda s: (s,), {"kde": True, "heatmap": True}, BOTH),
    ("pairwise", lambda s: (s,), {}, SHAPE),
    ("pairwise", lambda s: (s[0],), {"parameter_names": ["a"]}, NAMES),
    ("pairwise", lambda s: (s[0],), {"ref_parameters": [1.0]}, REFS),
    ("pairwise", lambda s: (s[0, :, :1],), {}, LARGER),
    ("autocorrelation", lambda s: (s,), {}, SHAPE),
    ("autocorrelation", lambda s: (s[0],), {"parameter_names": ["a"]}, NAMES),
]


@pytest.mark.parametrize(("name", "args", "kwargs", "message"), PINTS_ERRORS)
def test_errors_as_pints(
    name: str, args: Args, kwargs: dict[str, Any], message: str
) -> None:
    """The same bad calls raise ValueErrors matching PINTS's messages."""
    samples = pints_chains()
    with pytest.raises(ValueError, match=message):
        getattr(pints.plot, name)(*args(samples), **kwargs)
    with pytest.raises(ValueError, match=message):
        getattr(paramfit.plot, name)(*args(samples), **kwargs)
