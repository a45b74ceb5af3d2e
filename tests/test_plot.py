"""Tests of ``paramfit.plot``: every function renders with Agg and returns
``(fig, axes)``; arguments are checked with messages naming them."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import matplotlib
import numpy as np
import pytest

import paramfit
import paramfit.plot
from paramfit import toy

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(autouse=True)
def agg_backend(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Draw off-screen, and close every figure a test opens."""
    monkeypatch.setenv("MPLBACKEND", "Agg")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    yield
    plt.close("all")


def assert_renders(fig: Any, tmp_path: Path) -> None:
    from matplotlib.figure import Figure

    assert isinstance(fig, Figure)
    path = tmp_path / "figure.png"
    fig.savefig(path)
    assert path.read_bytes().startswith(PNG_SIGNATURE)


def assert_is_axes(ax: Any) -> None:
    from matplotlib.axes import Axes

    assert isinstance(ax, Axes)


def converging_run(n_iterations: int = 60, seed: int = 3) -> tuple[Any, Any]:
    """Points and means of a search contracting onto (0.015, 500)."""
    rng = np.random.default_rng(seed)
    target = np.array([0.015, 500.0])
    scale = np.array([0.1, 150.0]) * 0.9 ** np.arange(n_iterations)[:, None]
    means = target + scale * rng.standard_normal((n_iterations, 2)) * 0.5
    points = np.repeat(means, 6, axis=0) + np.repeat(scale, 6, axis=0) * (
        rng.standard_normal((6 * n_iterations, 2))
    )
    return points, means


# -- import ------------------------------------------------------------------
def test_import_does_not_import_matplotlib() -> None:
    code = "import sys, paramfit.plot; print('matplotlib' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"


def test_missing_matplotlib_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    with pytest.raises(ImportError, match=r'pip install "paramfit\[plot\]"'):
        paramfit.plot.convergence([3.0, 2.0, 1.0])


# -- convergence -------------------------------------------------------------
def test_convergence_from_list_of_best_scores(tmp_path: Path) -> None:
    best = [10.0, 5.0, 5.0, 2.0, 1.0]
    fig, ax = paramfit.plot.convergence(best)
    assert_is_axes(ax)
    assert_renders(fig, tmp_path)
    (line,) = ax.get_lines()
    np.testing.assert_array_equal(line.get_xdata(), [1, 2, 3, 4, 5])
    np.testing.assert_array_equal(line.get_ydata(), best)
    assert ax.get_xlabel() == "Iteration"
    assert ax.get_yscale() == "linear"


def test_convergence_with_current_and_log_scale(tmp_path: Path) -> None:
    best = np.array([100.0, 10.0, 1.0])
    current = np.array([100.0, 20.0, 1.0])
    fig, ax = paramfit.plot.convergence(best, current, log_scale=True)
    assert_renders(fig, tmp_path)
    assert ax.get_yscale() == "log"
    ys = [list(line.get_ydata()) for line in ax.get_lines()]
    assert list(best) in ys and list(current) in ys
    assert ax.get_legend() is not None


def test_convergence_allows_infinite_scores(tmp_path: Path) -> None:
    # The best score is inf until a point inside the boundaries is scored.
    fig, _ = paramfit.plot.convergence([np.inf, 4.0, 2.0], log_scale=True)
    assert_renders(fig, tmp_path)


@pytest.mark.parametrize(
    "trace",
    [
        SimpleNamespace(best=[3.0, 2.0, 1.0], current=[3.0, 2.5, 1.0]),
        {"best": [3.0, 2.0, 1.0], "current": [3.0, 2.5, 1.0]},
        SimpleNamespace(
            trace=SimpleNamespace(best=[3.0, 2.0, 1.0], current=[3, 2.5, 1])
        ),
        SimpleNamespace(trace={"best": [3.0, 2.0, 1.0], "current": [3.0, 2.5, 1.0]}),
    ],
    ids=["attributes", "mapping", "result-with-trace", "result-with-mapping"],
)
def test_convergence_accepts_trace_objects(trace: Any) -> None:
    _, ax = paramfit.plot.convergence(trace)
    ys = sorted(list(line.get_ydata()) for line in ax.get_lines())
    assert ys == [[3.0, 2.0, 1.0], [3.0, 2.5, 1.0]]


def test_convergence_trace_iterations_and_explicit_current() -> None:
    trace = {"best": [3.0, 1.0], "current": [9.0, 9.0], "iterations": [10, 20]}
    _, ax = paramfit.plot.convergence(trace, current=[4.0, 2.0])
    for line in ax.get_lines():
        np.testing.assert_array_equal(line.get_xdata(), [10, 20])
    ys = sorted(list(line.get_ydata()) for line in ax.get_lines())
    assert ys == [[3.0, 1.0], [4.0, 2.0]]


def test_convergence_draws_in_given_axes() -> None:
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2)
    got_fig, got_ax = paramfit.plot.convergence([2.0, 1.0], ax=right)
    assert got_fig is fig and got_ax is right
    assert len(right.get_lines()) == 1 and len(left.get_lines()) == 0


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        (([[1.0, 2.0], [3.0, 4.0]],), {}, r"best must be 1-d.*got shape \(2, 2\)"),
        (([],), {}, r"best must contain at least one value"),
        ((["a", "b"],), {}, r"best must be a 1-d sequence of numbers"),
        (
            ([3.0, 2.0], [1.0]),
            {},
            r"current must have one value per iteration.*\(2\); got 1",
        ),
        (({"best": [2.0, 1.0], "iterations": [1]},), {}, r"iterations must have one"),
        (([1.0, -1.0],), {"log_scale": True}, r"log_scale=True needs positive.*-1"),
        (([2.0, 1.0], [1.0, 0.0]), {"log_scale": True}, r"current contains 0"),
    ],
)
def test_convergence_bad_arguments(args: Any, kwargs: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        paramfit.plot.convergence(*args, **kwargs)


# -- trajectory --------------------------------------------------------------
def test_trajectory_renders_points_means_and_truth(tmp_path: Path) -> None:
    points, means = converging_run()
    fig, ax = paramfit.plot.trajectory(
        points, means, [0.015, 500], parameter_names=["r", "k"]
    )
    assert_is_axes(ax)
    assert_renders(fig, tmp_path)
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("r", "k")
    lines = {line.get_label(): line for line in ax.get_lines()}
    np.testing.assert_array_equal(lines["Asked points"].get_xdata(), points[:, 0])
    np.testing.assert_array_equal(lines["Mean"].get_ydata(), means[:, 1])
    np.testing.assert_array_equal(lines["True values"].get_xdata(), [0.015, 0.015])
    # The run contracts onto the truth, so the end is magnified in an inset
    # that contains the truth and the final mean.
    (inset,) = ax.child_axes
    x_lo, x_hi = inset.get_xlim()
    y_lo, y_hi = inset.get_ylim()
    for x, y in ([0.015, 500], means[-1]):
        assert x_lo < x < x_hi and y_lo < y < y_hi


def test_trajectory_without_truth_or_zoom(tmp_path: Path) -> None:
    points, means = converging_run()
    fig, ax = paramfit.plot.trajectory(points, means, zoom=False)
    assert_renders(fig, tmp_path)
    assert ax.child_axes == []
    assert ax.get_xlabel() == "Parameter 1" and ax.get_ylabel() == "Parameter 2"
    assert "True values" not in [line.get_label() for line in ax.get_lines()]


def test_trajectory_no_inset_when_search_does_not_contract(tmp_path: Path) -> None:
    rng = np.random.default_rng(1)
    fig, ax = paramfit.plot.trajectory(
        rng.uniform(size=(60, 2)), rng.uniform(size=(10, 2))
    )
    assert_renders(fig, tmp_path)
    assert ax.child_axes == []


def test_trajectory_single_point(tmp_path: Path) -> None:
    fig, _ = paramfit.plot.trajectory([[1.0, 2.0]], [[1.0, 2.0]], [1.0, 2.0])
    assert_renders(fig, tmp_path)


@pytest.mark.parametrize(
    ("points", "means", "truth", "message"),
    [
        (
            np.zeros((5, 3)),
            np.zeros((2, 2)),
            None,
            r"points must have shape \(n, 2\).*got shape \(5, 3\)",
        ),
        (
            np.zeros(4),
            np.zeros((2, 2)),
            None,
            r"points must have shape .*got shape \(4,\)",
        ),
        (
            np.zeros((0, 2)),
            np.zeros((2, 2)),
            None,
            r"points must have shape .*n >= 1.*\(0, 2\)",
        ),
        ([[1, 2], [3]], np.zeros((2, 2)), None, r"points must be a numeric array"),
        (
            np.zeros((5, 2)),
            np.zeros((2, 2, 2)),
            None,
            r"means must have shape .*got shape \(2, 2, 2\)",
        ),
        (
            np.zeros((5, 2)),
            np.zeros((2, 2)),
            [1, 2, 3],
            r"true_values must have shape \(2,\); got shape \(3,\)",
        ),
    ],
)
def test_trajectory_bad_shapes(
    points: Any, means: Any, truth: Any, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        paramfit.plot.trajectory(points, means, truth)


@pytest.mark.parametrize("names", [["only one"], "rk", ["r", 2]])
def test_trajectory_bad_parameter_names(names: Any) -> None:
    with pytest.raises(ValueError, match="parameter_names must be a sequence of 2"):
        paramfit.plot.trajectory(
            np.zeros((2, 2)), np.zeros((2, 2)), parameter_names=names
        )


# -- function ----------------------------------------------------------------
def test_function_slices_through_point(tmp_path: Path) -> None:
    f = toy.ParabolicError([1.0, 2.0])
    x = [1.0, 2.0]
    fig, axes = paramfit.plot.function(f, x, evaluations=7)
    assert_renders(fig, tmp_path)
    assert isinstance(axes, np.ndarray) and axes.shape == (2,)
    for j, ax in enumerate(axes):
        assert_is_axes(ax)
        curve = ax.get_lines()[0]
        xs, ys = curve.get_xdata(), curve.get_ydata()
        np.testing.assert_allclose(xs, np.linspace(0.95 * x[j], 1.05 * x[j], 7))
        np.testing.assert_allclose(ys, (np.asarray(xs) - x[j]) ** 2)
        assert ax.get_xlabel() == f"Parameter {j + 1}"


def test_function_bounds_zero_point_and_one_parameter(tmp_path: Path) -> None:
    f = toy.ParabolicError([0.0])
    fig, axes = paramfit.plot.function(f, [0.0])
    assert_renders(fig, tmp_path)
    assert axes.shape == (1,)
    np.testing.assert_allclose(axes[0].get_lines()[0].get_xdata()[[0, -1]], [-1, 1])
    _, axes = paramfit.plot.function(f, [0.0], [-3], [5], evaluations=3)
    np.testing.assert_allclose(axes[0].get_lines()[0].get_xdata(), [-3, 1, 5])


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        (
            ([1.0, 2.0], [1.0, 2.0]),
            {},
            r"^Given function must be pints\.LogPDF or pints\.ErrorMeasure\.$",
        ),
        (
            (toy.ParabolicError(), [1.0, 2.0, 3.0]),
            {},
            r"Given point `x` must have same number of parameters as function\. "
            r"Expected 2, got 3",
        ),
        (
            (toy.ParabolicError(), [1.0, 2.0], [0.0]),
            {},
            r"Lower bounds must have same number of parameters as function",
        ),
        (
            (toy.ParabolicError(), [1.0, 2.0], None, [0.0, 1, 2]),
            {},
            r"Upper bounds must have same number of parameters as function",
        ),
        (
            (toy.ParabolicError(), [1.0, 2.0]),
            {"evaluations": 0},
            r"Number of evaluations must be greater than zero\. Got 0",
        ),
    ],
)
def test_function_bad_arguments(args: Any, kwargs: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        paramfit.plot.function(*args, **kwargs)


# -- function_between_points -------------------------------------------------
def test_function_between_points(tmp_path: Path) -> None:
    f = toy.ParabolicError([1.0, 1.0])
    p1, p2 = np.array([0.0, 0.0]), np.array([2.0, 2.0])
    fig, ax = paramfit.plot.function_between_points(
        f, p1, p2, padding=0.5, evaluations=5
    )
    assert_is_axes(ax)
    assert_renders(fig, tmp_path)
    curve = ax.get_lines()[0]
    s = np.linspace(-0.5, 1.5, 5)
    np.testing.assert_allclose(curve.get_xdata(), s)
    np.testing.assert_allclose(curve.get_ydata(), [f(p1 + si * (p2 - p1)) for si in s])
    # Reversed points and a single parameter work too.
    paramfit.plot.function_between_points(f, p2, p1)
    paramfit.plot.function_between_points(toy.ParabolicError([0.0]), [-3], [3])


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        (
            ([1.0, 2.0], [1.0, 2.0], [2.0, 3.0]),
            {},
            r"^Given function must be pints\.LogPDF or pints\.ErrorMeasure\.$",
        ),
        (
            (toy.ParabolicError(), [1.0, 2.0, 3.0], [1.0, 2.0]),
            {},
            r"Both points must have the same number of parameters as the given "
            r"function\. Expected 2, got 3 and 2",
        ),
        (
            (toy.ParabolicError(), [1.0, 2.0], [2.0, 3.0]),
            {"padding": -1},
            r"Padding cannot be negative\. Got -1",
        ),
        (
            (toy.ParabolicError(), [1.0, 2.0], [2.0, 3.0]),
            {"evaluations": 2},
            r"The number of evaluations must be 3 or greater\. Got 2",
        ),
    ],
)
def test_function_between_points_bad_arguments(
    args: Any, kwargs: Any, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        paramfit.plot.function_between_points(*args, **kwargs)


# -- the function type check -------------------------------------------------
class _Callable:
    """Has the right methods but is neither an ErrorMeasure nor a LogPDF."""

    def __call__(self, x: Any) -> float:
        return float(np.sum(np.square(x)))

    def n_parameters(self) -> int:
        return 2


def test_function_type_check_rejects_duck_typed_callables() -> None:
    message = r"Given function must be pints\.LogPDF or pints\.ErrorMeasure\."
    with pytest.raises(ValueError, match=message):
        paramfit.plot.function(_Callable(), [1.0, 1.0])
    with pytest.raises(ValueError, match=message):
        paramfit.plot.function_between_points(_Callable(), [0, 0], [1, 1])


def test_function_type_check_accepts_error_measures() -> None:
    error = paramfit.SumOfSquaresError(
        paramfit.SingleOutputProblem(
            toy.LogisticModel(), np.linspace(0, 100, 10), np.linspace(2, 90, 10)
        )
    )
    assert isinstance(error, paramfit.ErrorMeasure)
    _, axes = paramfit.plot.function(error, [0.05, 100])
    assert axes.shape == (2,)
    paramfit.plot.function_between_points(error, [0.05, 100], [0.1, 120])


def test_function_type_check_accepts_log_pdfs(monkeypatch: pytest.MonkeyPatch) -> None:
    # Whatever class paramfit.LogPDF is (once it exists), instances pass.
    class FakeLogPDF:
        pass

    class Gaussian(FakeLogPDF, _Callable):
        pass

    monkeypatch.setattr(paramfit, "LogPDF", FakeLogPDF, raising=False)
    _, axes = paramfit.plot.function(Gaussian(), [1.0, 1.0])
    assert axes.shape == (2,)
    paramfit.plot.function_between_points(Gaussian(), [0, 0], [1, 1])


# -- surface -----------------------------------------------------------------
def test_surface_of_ask_and_tell_points(tmp_path: Path) -> None:
    points, _ = converging_run(30)
    values = np.sum(((points - [0.015, 500]) / [0.1, 150]) ** 2, axis=1)
    fig, ax = paramfit.plot.surface(points, values)
    assert_is_axes(ax)
    assert_renders(fig, tmp_path)
    cells = ax.collections[0]
    assert len(cells.get_paths()) == len(points)
    lines = ax.get_lines()
    assert len(lines) == 1 and len(lines[0].get_xdata()) == len(points)


def test_surface_cells_tile_the_rectangle() -> None:
    from paramfit.plot._surface import voronoi_cells

    rng = np.random.default_rng(1)
    xy = rng.uniform(0, 1, (40, 2))
    lower, upper = np.array([0.2, 0.1]), np.array([0.9, 0.8])
    kept, polygons = voronoi_cells(xy, lower, upper)

    def area(p: np.ndarray) -> float:
        x, y = p[:, 0], p[:, 1]
        return 0.5 * float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))

    areas = np.array([area(p) for p in polygons])
    assert np.all(areas > 0)  # counter-clockwise, non-degenerate
    assert np.sum(areas) == pytest.approx(0.7 * 0.7)
    for p in polygons:
        assert np.all(p >= lower - 1e-12) and np.all(p <= upper + 1e-12)
    # Every sample point in the rectangle lies in its own cell's polygon.
    from matplotlib.path import Path as MplPath

    for i, poly in zip(kept, polygons, strict=True):
        if np.all((xy[i] > lower) & (xy[i] < upper)):
            assert MplPath(poly).contains_point(xy[i])


def test_surface_boundaries_duplicates_and_few_points(tmp_path: Path) -> None:
    boundaries = paramfit.RectangularBoundaries([0, 0], [1, 1])
    points = [[0.2, 0.2], [0.2, 0.2], [0.8, 0.5], [5, 5]]
    fig, ax = paramfit.plot.surface(points, [1, 1, 2, 3], boundaries, markers=None)
    assert_renders(fig, tmp_path)
    # The repeat is shown once and the far point's cell misses the square.
    assert len(ax.collections[0].get_paths()) == 2
    assert ax.get_lines() == []
    assert ax.get_xlim() == (0, 1)
    fig, _ = paramfit.plot.surface([[0, 0], [1, 1]], [1, 2], figsize=(3, 2))
    assert tuple(fig.get_size_inches()) == (3, 2)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (([[0, 0, 0]], [1]), "two-dimensional parameters"),
        (([[0, 0], [1, 1]], [1]), "number of values must match"),
        (
            ([[0, 0], [1, 1]], [1, 2], paramfit.RectangularBoundaries([0], [1])),
            "boundaries must be two-dimensional",
        ),
    ],
)
def test_surface_bad_arguments(args: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        paramfit.plot.surface(*args)


# -- series ------------------------------------------------------------------
def test_series_single_output(tmp_path: Path) -> None:
    model = toy.LogisticModel()
    times = np.linspace(0, 100, 30)
    values = model.simulate([0.1, 50], times) + np.random.default_rng(0).normal(
        0, 1, 30
    )
    problem = paramfit.SingleOutputProblem(model, times, values)
    samples = np.array([0.1, 50]) * (
        1 + 0.02 * np.random.default_rng(1).standard_normal((50, 2))
    )
    fig, ax = paramfit.plot.series(samples, problem, ref_parameters=[0.1, 50])
    assert_is_axes(ax)
    assert_renders(fig, tmp_path)
    # Data, first series, 49 more, mean, reference.
    assert len(ax.get_lines()) == 53
    fig, ax = paramfit.plot.series(samples, problem, thinning=10)
    assert len(ax.get_lines()) == 1 + 5 + 1


def test_series_multi_output_ignores_extra_columns(tmp_path: Path) -> None:
    model = toy.LotkaVolterraModel()
    problem = paramfit.MultiOutputProblem(
        model,
        model.suggested_times(),
        model.simulate(model.suggested_parameters(), model.suggested_times()),
    )
    samples = np.tile(np.append(model.suggested_parameters(), [0.1, 0.2]), (3, 1))
    fig, axes = paramfit.plot.series(samples, problem)
    assert axes.shape == (2,)
    assert_renders(fig, tmp_path)


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        (([1, 2],), {}, "must be of shape"),
        (([[1, 2]],), {"ref_parameters": [1, 2, 3]}, "ref_parameters"),
        (([[1, 2]],), {"thinning": 0}, "Thinning rate"),
    ],
)
def test_series_bad_arguments(args: Any, kwargs: Any, message: str) -> None:
    problem = paramfit.SingleOutputProblem(toy.LogisticModel(), [1, 2], [1, 2])
    with pytest.raises(ValueError, match=message):
        paramfit.plot.series(*args, problem, **kwargs)


# -- data and model (paramfit fit's fit.png) ---------------------------------
def test_data_and_model(tmp_path: Path) -> None:
    from paramfit.plot._fit_result import data_and_model

    model = toy.LotkaVolterraModel()
    t = model.suggested_times()
    y = model.simulate(model.suggested_parameters(), t)
    fig, axes = data_and_model(
        t,
        y,
        model,
        model.suggested_parameters(),
        names=["prey", "predators"],
        title="T",
    )
    assert axes.shape == (4,)
    assert axes[0].get_ylabel() == "prey" and axes[3].get_ylabel() == "Residual"
    np.testing.assert_allclose(axes[1].get_lines()[1].get_ydata(), 0, atol=1e-12)
    assert_renders(fig, tmp_path)
