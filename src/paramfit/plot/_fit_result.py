"""Plot of data against a model's prediction at fitted parameters."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

import numpy as np
from numpy.typing import NDArray

from .._typing import ArrayLike, FloatArray, PathLike
from ._mpl import pyplot
from ._optimisation import ConvergenceTrace, convergence

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from ..problems import ForwardModel
    from ..problems._problems import Point


class _FitResult(Protocol):
    """What the plots read of an optimisation's result (e.g. an
    `OptimisationResult`)."""

    @property
    def x(self) -> FloatArray: ...

    @property
    def f(self) -> float: ...

    @property
    def trace(self) -> ConvergenceTrace: ...


def data_and_model(
    times: ArrayLike,
    values: ArrayLike,
    model: ForwardModel,
    parameters: Point,
    *,
    names: Sequence[str] | None = None,
    title: str | None = None,
) -> tuple[Figure, NDArray[np.object_]]:
    """Plot a time series and a model's prediction, with the residuals.

    For each output, a large panel shows the data as points and the model,
    simulated on a fine grid, as a line; a small panel below it shows the
    residuals (data minus model at the data's times).

    Parameters
    ----------
    times : array_like, shape (n_times,)
        Increasing times of the data.
    values : array_like, shape (n_times,) or (n_times, n_outputs)
        The data.
    model : ForwardModel
        The model, with ``n_outputs`` outputs.
    parameters : array_like, shape (n_parameters,)
        Parameters to simulate with (e.g. an optimisation's result).
    names : sequence of str, optional
        The outputs' names, used as axis labels.
    title : str, optional
        Title of the figure.

    Returns
    -------
    fig : matplotlib.figure.Figure
    axes : numpy.ndarray of matplotlib.axes.Axes, shape (2 * n_outputs,)
        For each output, its data panel then its residuals panel.
    """
    t = np.asarray(times, dtype=float)
    y = np.asarray(values, dtype=float).reshape(len(t), -1)
    n_out = y.shape[1]
    at_data = np.asarray(model.simulate(parameters, t), dtype=float).reshape(
        len(t), n_out
    )
    fine, curve = _fine_prediction(model, parameters, t, n_out)
    return draw_fit(t, y, at_data, (fine, curve), names=names, title=title)


def draw_fit(
    t: FloatArray,
    y: FloatArray,
    at_data: FloatArray,
    line: tuple[FloatArray, FloatArray],
    *,
    names: Sequence[str] | None = None,
    title: str | None = None,
    model_label: str = "Model at the optimum",
) -> tuple[Figure, NDArray[np.object_]]:
    """The figure of `data_and_model()`: data ``y`` and the model's
    prediction ``at_data`` at times ``t`` (both ``(n_times, n_outputs)``),
    the model drawn as the line ``line = (times, values)``, and residuals."""
    n_out = y.shape[1]
    fine, curve = line
    labels = (
        list(names) if names is not None else [f"Output {k + 1}" for k in range(n_out)]
    )

    plt = pyplot()
    fig, grid = plt.subplots(
        2 * n_out,
        1,
        figsize=(9, 3.6 * n_out + 0.4),
        sharex=True,
        gridspec_kw={"height_ratios": [3, 1] * n_out},
        squeeze=False,
        layout="constrained",
    )
    axes: NDArray[np.object_] = grid[:, 0]
    marker = "o" if len(t) <= 200 else "."
    for k in range(n_out):
        top, bottom = axes[2 * k], axes[2 * k + 1]
        top.plot(t, y[:, k], marker, color="C0", ms=4, alpha=0.7, label="Data")
        top.plot(fine, curve[:, k], "-", color="C3", lw=2, label=model_label)
        top.set_ylabel(labels[k])
        top.legend(loc="best")
        top.grid(alpha=0.3)
        bottom.axhline(0, color="0.4", lw=1)
        bottom.plot(t, y[:, k] - at_data[:, k], marker, color="C0", ms=3, alpha=0.7)
        bottom.set_ylabel("Residual")
        bottom.grid(alpha=0.3)
    axes[-1].set_xlabel("Time")
    if title:
        fig.suptitle(title)
    return fig, axes


def _fine_prediction(
    model: ForwardModel, parameters: Point, t: FloatArray, n_out: int
) -> tuple[FloatArray, FloatArray]:
    """The model on a fine grid over the data's range (the data's times if
    the model cannot simulate there)."""
    fine = np.union1d(np.linspace(t[0], t[-1], 600), t)
    try:
        curve = np.asarray(model.simulate(parameters, fine), dtype=float)
        return fine, curve.reshape(len(fine), n_out)
    except Exception:
        curve = np.asarray(model.simulate(parameters, t), dtype=float)
        return t, curve.reshape(len(t), n_out)


def save_fit_plots(
    folder: PathLike,
    times: ArrayLike,
    values: ArrayLike,
    model: ForwardModel,
    result: _FitResult,
    title: str,
    names: Sequence[str] | None = None,
) -> None:
    """Write ``fit.png`` (`data_and_model()` at ``result.x``) and
    ``convergence.png`` (the score per iteration of ``result.trace``) into
    the directory ``folder``, as ``paramfit fit`` does."""
    import sys
    from pathlib import Path

    import matplotlib

    if "matplotlib.pyplot" not in sys.modules:
        matplotlib.use("Agg")  # files only: never open a window

    plt = pyplot()
    folder = Path(folder)
    fig, _ = data_and_model(
        times,
        values,
        model,
        result.x,
        names=names,
        title=f"{title}\nparameters: "
        + ", ".join(f"{v:.4g}" for v in result.x)
        + f"; sum of squared errors: {result.f:.4g}",
    )
    fig.savefig(folder / "fit.png", dpi=110)
    plt.close(fig)
    best = np.asarray(result.trace.best)
    fig, ax = convergence(result.trace, log_scale=bool(np.all(best > 0)))
    ax.set_title(f"{title}: sum of squared errors per iteration")
    ax.set_ylabel("Sum of squared errors")
    fig.savefig(folder / "convergence.png", dpi=110)
    plt.close(fig)
