"""`fit`: a problem's data against its model at given parameters, with the
residuals (the figure ``paramfit fit`` saves as ``fit.png``)."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from .._typing import ArrayLike, FloatArray
from ._fit_result import _fine_prediction, draw_fit

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from ..problems._problems import Problem


def fit(
    problem: Problem,
    x: ArrayLike | Any,
    *,
    parameter_names: Sequence[str] | None = None,
    output_names: Sequence[str] | None = None,
    title: str | None = None,
) -> tuple[Figure, NDArray[np.object_]]:
    """Plot a problem's data and its model's prediction at ``x``, with the
    residuals.

    For each output, a large panel shows the data as points and the model
    as a line (simulated on a fine grid over the data's times, when the
    problem's model can be), and a small panel below it the residuals (data
    minus model at the data's times). The parameters, named if names are
    given, and the sum of squared residuals are shown under the title::

        x, f = controller.run()
        fig, axes = paramfit.plot.fit(problem, x, parameter_names=["r", "K"])

    Parameters
    ----------
    problem : SingleOutputProblem or MultiOutputProblem
        The problem: its data, and the model its ``evaluate`` simulates.
    x : array_like, shape (n_parameters,), or OptimisationResult
        The parameters to simulate with (a result's ``x`` is used).
    parameter_names : sequence of str, optional
        One name per parameter (default ``p1, p2, ...``).
    output_names : sequence of str, optional
        One name per output, used as axis labels (default ``Output 1``, ...).
    title : str, optional
        The title of the figure.

    Returns
    -------
    fig : matplotlib.figure.Figure
    axes : numpy.ndarray of matplotlib.axes.Axes, shape (2 * n_outputs,)
        For each output, its data panel then its residuals panel.

    Raises
    ------
    TypeError
        If ``problem`` is not a problem (``times``, ``values``, ``evaluate``).
    ValueError
        If ``x`` is not ``n_parameters`` finite numbers, or the names are
        not one per parameter (or output).
    """
    for method in ("times", "values", "evaluate", "n_parameters", "n_outputs"):
        if not callable(getattr(problem, method, None)):
            raise TypeError(
                "problem must be a problem such as a SingleOutputProblem (with "
                f"times(), values() and evaluate()); got {type(problem).__name__}."
            )
    n, n_out = int(problem.n_parameters()), int(problem.n_outputs())
    x = _parameters(x, n)
    names = _names("parameter_names", parameter_names, n, "parameter", "p")
    outputs = None
    if output_names is not None:
        outputs = _names("output_names", output_names, n_out, "output", "Output ")
    t = np.asarray(problem.times(), dtype=float)
    y = np.asarray(problem.values(), dtype=float).reshape(len(t), n_out)
    at_data = np.asarray(problem.evaluate(x), dtype=float).reshape(len(t), n_out)
    line = (t, at_data)
    model = getattr(problem, "model", None)
    if callable(model) and hasattr(model(), "simulate"):
        line = _fine_prediction(model(), x, t, n_out)
    squares = float(np.sum((y - at_data) ** 2))
    values = ", ".join(f"{name} = {v:.4g}" for name, v in zip(names, x, strict=True))
    caption = f"{values}; sum of squared residuals {squares:.4g}"
    lines = ([title] if title else []) + textwrap.wrap(caption, 100)
    return draw_fit(
        t, y, at_data, line, names=outputs, title="\n".join(lines), model_label="Model"
    )


def _parameters(x: Any, n: int) -> FloatArray:
    """``x`` (or a result's ``x``) as ``n`` finite floats."""
    x = getattr(x, "x", x)
    try:
        values = np.asarray(x, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(
            f"x must be {n} numbers (one per parameter) or a result with x; got {x!r}."
        ) from None
    if values.shape != (n,) and values.shape != (1, n):
        raise ValueError(
            f"x must have {n} values (one per parameter); got shape {values.shape}."
        )
    values = values.reshape(n)
    if not np.all(np.isfinite(values)):
        raise ValueError(f"x must be finite; got {values.tolist()}.")
    return values


def _names(
    argument: str, names: Sequence[str] | None, n: int, what: str, stem: str
) -> list[str]:
    if names is None:
        return [f"{stem}{k + 1}" for k in range(n)]
    if isinstance(names, str) or len(names) != n:
        raise ValueError(
            f"{argument} must be a sequence of {n} name{'s' * (n != 1)}, one per "
            f"{what}; got {names!r}."
        )
    return [str(name) for name in names]
