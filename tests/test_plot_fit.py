"""``paramfit.plot.fit``: a problem's data, its model at given parameters,
and the residuals, for one output or several."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

import paramfit  # noqa: E402
import paramfit.plot  # noqa: E402
from paramfit import toy  # noqa: E402

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(autouse=True)
def close_figures() -> Iterator[None]:
    yield
    plt.close("all")


def logistic_problem() -> paramfit.SingleOutputProblem:
    t = np.linspace(0, 1000, 40)
    y = toy.LogisticModel().simulate([0.015, 500], t)
    y = y + np.random.default_rng(3).normal(0, 10, len(t))
    return paramfit.SingleOutputProblem(toy.LogisticModel(), t, y)


def title(fig: Any) -> str:
    return str(fig._suptitle.get_text())


def test_single_output(tmp_path: Path) -> None:
    problem = logistic_problem()
    x = np.array([0.0149, 498.0])
    fig, axes = paramfit.plot.fit(
        problem, x, parameter_names=["r", "K"], title="Logistic"
    )
    assert axes.shape == (2,)
    data, model = axes[0].get_lines()
    np.testing.assert_array_equal(data.get_ydata(), problem.values())
    # The model on a fine grid through the data's times.
    fine = np.asarray(model.get_xdata())
    assert len(fine) > 500 and set(problem.times()) <= set(fine)
    np.testing.assert_allclose(
        model.get_ydata(), problem.model().simulate(x, fine), rtol=1e-12
    )
    residuals = axes[1].get_lines()[-1]
    np.testing.assert_allclose(
        residuals.get_ydata(), problem.values() - problem.evaluate(x), rtol=1e-12
    )
    squares = np.sum((problem.values() - problem.evaluate(x)) ** 2)
    assert title(fig) == (
        f"Logistic\nr = 0.0149, K = 498; sum of squared residuals {squares:.4g}"
    )
    assert axes[0].get_ylabel() == "Output 1" and axes[1].get_ylabel() == "Residual"
    assert [t.get_text() for t in axes[0].get_legend().get_texts()] == [
        "Data",
        "Model",
    ]
    path = tmp_path / "fit.png"
    fig.savefig(path)
    assert path.read_bytes().startswith(PNG_SIGNATURE)


def test_a_result_and_default_names() -> None:
    problem = logistic_problem()
    c = paramfit.OptimisationController(
        paramfit.SumOfSquaresError(problem), [0.01, 400], rng=1
    )
    c.set_max_iterations(60)
    c.set_log_to_screen(False)
    c.run()
    fig, axes = paramfit.plot.fit(problem, c.result())
    x = c.result().x
    assert title(fig).startswith(f"p1 = {x[0]:.4g}, p2 = {x[1]:.4g}; sum of")
    np.testing.assert_allclose(
        axes[1].get_lines()[-1].get_ydata(), problem.values() - problem.evaluate(x)
    )


def test_multi_output() -> None:
    model = toy.LotkaVolterraModel()
    t = model.suggested_times()
    x = model.suggested_parameters()
    y = model.simulate(x, t)
    problem = paramfit.MultiOutputProblem(model, t, y)
    fig, axes = paramfit.plot.fit(problem, x, output_names=["prey", "predators"])
    assert axes.shape == (4,)
    assert [ax.get_ylabel() for ax in axes] == [
        "prey",
        "Residual",
        "predators",
        "Residual",
    ]
    for k in range(2):
        np.testing.assert_array_equal(axes[2 * k].get_lines()[0].get_ydata(), y[:, k])
        np.testing.assert_allclose(
            axes[2 * k + 1].get_lines()[-1].get_ydata(), 0, atol=1e-9
        )
    assert "sum of squared residuals 0" in title(fig)


def test_a_problem_without_a_model_draws_the_model_at_the_data_times() -> None:
    class Line:
        def n_parameters(self) -> int:
            return 2

        def n_outputs(self) -> int:
            return 1

        def times(self) -> np.ndarray:
            return np.arange(5.0)

        def values(self) -> np.ndarray:
            return np.array([1.0, 3.0, 5.0, 7.0, 10.0])

        def evaluate(self, p: Any) -> np.ndarray:
            return p[0] + p[1] * self.times()

    fig, axes = paramfit.plot.fit(Line(), [1, 2])
    model = axes[0].get_lines()[1]
    np.testing.assert_array_equal(model.get_xdata(), np.arange(5.0))
    np.testing.assert_array_equal(model.get_ydata(), [1, 3, 5, 7, 9])
    np.testing.assert_array_equal(axes[1].get_lines()[-1].get_ydata(), [0, 0, 0, 0, 1])


@pytest.mark.parametrize(
    ("x", "kwargs", "error", "message"),
    [
        ([1.0], {}, ValueError, r"x must have 2 values .* got shape \(1,\)"),
        ([[1.0, 2.0, 3.0]], {}, ValueError, "x must have 2 values"),
        ([np.nan, 1.0], {}, ValueError, "x must be finite"),
        (["a", "b"], {}, ValueError, "x must be 2 numbers"),
        (
            [0.01, 500],
            {"parameter_names": ["r"]},
            ValueError,
            "2 names, one per parameter",
        ),
        ([0.01, 500], {"parameter_names": "rK"}, ValueError, "2 names"),
        (
            [0.01, 500],
            {"output_names": ["a", "b"]},
            ValueError,
            "1 name, one per output",
        ),
    ],
)
def test_bad_arguments(x: Any, kwargs: Any, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        paramfit.plot.fit(logistic_problem(), x, **kwargs)


def test_not_a_problem() -> None:
    with pytest.raises(TypeError, match="problem must be a problem"):
        paramfit.plot.fit(toy.LogisticModel(), [0.01, 500])  # type: ignore[arg-type]
