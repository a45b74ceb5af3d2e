"""Autocorrelation of each parameter in an MCMC chain."""

from __future__ import annotations

import operator
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from .._typing import ArrayLike, FloatArray
from ..diagnostics import autocorrelation as _autocorrelation
from ._histogram import check_names, check_samples
from ._mpl import pyplot

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure


def autocorrelation(
    samples: ArrayLike,
    max_lags: int = 100,
    parameter_names: Sequence[str] | None = None,
) -> tuple[Figure, NDArray[np.object_]]:
    r"""Plot the autocorrelation of each parameter's samples against the lag,
    one panel per parameter.

    Parameters
    ----------
    samples : array_like, shape (n_samples, n_parameters)
        One chain (or list of samples), at least two samples long.
    max_lags : int, optional
        The largest lag shown, from 1 to ``n_samples - 1``.
    parameter_names : sequence of str, optional
        Names shown in each panel's legend; by default ``"Parameter 1"``,
        ...

    Returns
    -------
    fig : matplotlib.figure.Figure
    axes : numpy.ndarray of matplotlib.axes.Axes, shape (n_parameters,)
        One axes per parameter, top to bottom, sharing the lag axis.

    Raises
    ------
    ValueError
        If ``samples`` is not 2-d, has fewer than two samples or non-finite
        values, ``max_lags`` is out of range, or ``parameter_names`` has the
        wrong length.
    TypeError
        If ``max_lags`` is not an integer or ``parameter_names`` is a single
        string.

    Notes
    -----
    The autocorrelation at lag $k$ is that of
    `paramfit.diagnostics.autocorrelation`,

    $$
    \rho_k = \frac{\sum_{t=1}^{n-k} (x_t - \bar x)(x_{t+k} - \bar x)}
                  {\sum_{t=1}^{n} (x_t - \bar x)^2},
    $$

    the normalisation of PINTS's plot (`matplotlib.axes.Axes.acorr` of the
    centred samples). A parameter whose samples are all equal has no
    autocorrelation, and its panel is empty.
    """
    x = check_samples(samples)
    n_samples, n_parameters = x.shape
    if n_samples < 2:
        raise ValueError(f"`samples` must hold at least two samples; got {n_samples}.")
    max_lags = _check_max_lags(max_lags, n_samples)
    names = check_names(parameter_names, n_parameters)

    lags = np.arange(max_lags + 1)
    plt = pyplot()
    fig, grid = plt.subplots(
        n_parameters,
        1,
        sharex=True,
        figsize=(6, 2 * n_parameters + 0.5),
        squeeze=False,
        layout="constrained",
    )
    axes: NDArray[np.object_] = grid[:, 0]
    for i, ax in enumerate(axes):
        with np.errstate(invalid="ignore", divide="ignore"):
            rho = _autocorrelation(x[:, i])[: max_lags + 1]
        ax.vlines(lags, 0, rho, color="C0", label=names[i])
        ax.axhline(0, color="k", lw=0.8)
        ax.set_xlim(-0.5, max_lags + 0.5)
        _leave_room_for_legend(ax, rho)
        ax.legend(loc="upper right")
    axes[-1].set_xlabel("Lag")
    # As in PINTS, one y-label, on the middle panel.
    axes[(n_parameters - 1) // 2].set_ylabel("Autocorrelation")
    return fig, axes


def _leave_room_for_legend(ax: Axes, rho: FloatArray) -> None:
    """Set y-limits with room above 1 for the legend, so that it hides no
    bar, and ticks only where autocorrelations can be."""
    finite = rho[np.isfinite(rho)]
    bottom = min(-0.1, float(np.min(finite)) - 0.05) if finite.size else -0.1
    ax.set_ylim(bottom, 1.4)
    ax.set_yticks([t for t in ax.get_yticks() if bottom <= t <= 1])


def _check_max_lags(max_lags: int, n_samples: int) -> int:
    """Return ``max_lags`` as an int from 1 to ``n_samples - 1``."""
    try:
        lags = operator.index(max_lags)
    except TypeError:
        raise TypeError(f"`max_lags` must be an integer; got {max_lags!r}.") from None
    if not 1 <= lags < n_samples:
        raise ValueError(
            "`max_lags` must be at least 1 and less than the number of "
            f"samples ({n_samples}); got {lags}."
        )
    return lags
