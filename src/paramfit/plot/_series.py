"""Predicted time series for a set of parameter samples."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import ArrayLike

from ._mpl import pyplot

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from ..problems._problems import Problem


def series(
    samples: ArrayLike,
    problem: Problem,
    ref_parameters: ArrayLike | None = None,
    thinning: int | None = None,
) -> tuple[Figure, Axes | np.ndarray]:
    """Plot the time series predicted by each of a set of parameter samples,
    over the problem's data.

    Each (thinned) sample is simulated and drawn as a faint line, with the
    mean of these predictions dotted and, if given, the prediction of
    ``ref_parameters`` dashed. This runs one simulation per plotted sample.

    Parameters
    ----------
    samples : array_like, shape (n_samples, n_parameters)
        Parameter samples (e.g. an MCMC chain, or one optimisation result as
        a one-row array). Columns beyond the problem's ``n_parameters``
        (e.g. noise parameters) are ignored.
    problem : SingleOutputProblem or MultiOutputProblem
        The problem whose model is simulated and whose data are shown.
    ref_parameters : array_like, shape (n_parameters,), optional
        Parameters of a reference prediction, e.g. the true values. Its
        length must be the samples' or the problem's number of parameters.
    thinning : int, optional
        Plot every ``thinning``-th sample (at least 1); by default chosen so
        that about 200 to 400 samples are plotted.

    Returns
    -------
    fig : matplotlib.figure.Figure
    axes : matplotlib.axes.Axes or numpy.ndarray of Axes, shape (n_outputs,)
        A single axes for a single-output problem, one per output otherwise.

    Raises
    ------
    ValueError
        If ``samples`` is not 2-d, is empty or has fewer columns than the
        problem has parameters, ``ref_parameters`` has the wrong length or
        ``thinning`` is less than 1.
    """
    samples = np.asarray(samples, dtype=float)
    if samples.ndim != 2:
        raise ValueError("`samples` must be of shape (n_sample, n_parameters).")
    n_samples, n_columns = samples.shape
    n_parameters = problem.n_parameters()
    if n_samples == 0:
        raise ValueError("`samples` must hold at least one sample; got none.")
    if n_columns < n_parameters:
        raise ValueError(
            "`samples` must have at least as many columns as the problem has "
            f"parameters ({n_parameters}); got {n_columns}."
        )
    ref = None
    if ref_parameters is not None:
        ref_p = np.asarray(ref_parameters, dtype=float)
        if len(ref_p) not in (n_columns, n_parameters):
            raise ValueError(
                "Length of `ref_parameters` must be same as number of parameters."
            )
        ref = _as_columns(problem.evaluate(ref_p[:n_parameters]))
    thinning = check_thinning(thinning, n_samples)

    chosen = samples[::thinning, :n_parameters]
    predictions = np.array([_as_columns(problem.evaluate(p)) for p in chosen])
    mean = np.mean(predictions, axis=0)
    # Fainter lines for more samples: 0.05 suits about 1000 lines (PINTS's
    # comment; its code bounds the opacity below by 0.5, so that a few hundred
    # lines merge into an opaque band hiding the data and the spread).
    alpha = min(1.0, max(0.05 * 1000 / len(chosen), 0.05))

    times = problem.times()
    data = _as_columns(problem.values())
    n_outputs = data.shape[1]
    plt = pyplot()
    fig, axes = plt.subplots(
        n_outputs,
        1,
        figsize=(8, 3 * np.sqrt(n_outputs)),
        sharex=True,
        squeeze=False,
        layout="constrained",
    )
    for k, ax in enumerate(axes[:, 0]):
        ax.plot(
            times,
            data[:, k],
            "x",
            color="#7f7f7f",
            ms=6.5,
            alpha=0.5,
            label="Original data",
            zorder=3,  # above the predictions, which would hide it
        )
        ax.plot(times, predictions[0, :, k], color="C0", label="Inferred series")
        if len(predictions) > 1:
            ax.plot(times, predictions[1:, :, k].T, color="C0", alpha=alpha)
        ax.plot(times, mean[:, k], "k:", lw=2, label="Mean of inferred series")
        if ref is not None:
            ax.plot(times, ref[:, k], color="C3", ls="--", label="Reference series")
        ax.set_ylabel("Value" if n_outputs == 1 else f"Output {k + 1}")
    axes[0, 0].legend()
    axes[-1, 0].set_xlabel("Time")
    return fig, axes[0, 0] if n_outputs == 1 else axes[:, 0]


def check_thinning(thinning: int | None, n_samples: int) -> int:
    """Return the thinning rate: ``thinning`` checked, or one leaving about
    200 samples if it is ``None``."""
    if thinning is None:
        return max(1, int(n_samples / 200))
    thinning = int(thinning)
    if thinning < 1:
        raise ValueError(
            "Thinning rate must be `None` or an integer greater than zero."
        )
    return thinning


def _as_columns(values: ArrayLike) -> np.ndarray:
    """Values of shape (n_times,) or (n_times, n_outputs) as 2-d columns."""
    v = np.asarray(values, dtype=float)
    return v.reshape(len(v), -1)
