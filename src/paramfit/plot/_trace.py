"""Traces and histograms of one or more MCMC chains."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from .._typing import ArrayLike
from ._histogram import (
    ALPHA,
    BINS,
    HISTTYPE,
    chain_colour,
    check_chains,
    check_names,
    check_references,
    value_range,
    with_reference,
)
from ._mpl import pyplot

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def trace(
    samples: ArrayLike,
    n_percentiles: float | None = None,
    parameter_names: Sequence[str] | None = None,
    ref_parameters: ArrayLike | None = None,
) -> tuple[Figure, NDArray[np.object_]]:
    """Plot, for each parameter, a histogram of its samples and its trace
    (value against iteration), with one colour per chain.

    Parameters
    ----------
    samples : sequence of array_like, each of shape (n_samples, n_parameters)
        One or more chains (or lists of samples), e.g. the result of
        `MCMCController.run`, shape ``(n_chains, n_samples, n_parameters)``.
        Chains may differ in length. For a single chain, pass ``[chain]``.
    n_percentiles : float, optional
        Show only the middle ``n_percentiles`` percent of the samples (of
        all chains together), e.g. ``95``; in ``(0, 100]``. This sets the
        histograms' range and the traces' y-limits. By default all samples
        are shown.
    parameter_names : sequence of str, optional
        Names shown on the histograms' x-axes and the traces' y-axes; by
        default ``"Parameter 1"``, ...
    ref_parameters : array_like, shape (n_parameters,), optional
        Reference values, e.g. the true parameters, drawn as dashed lines
        (vertical on the histograms, horizontal on the traces). The axes
        widen to show them if they lie outside the samples.

    Returns
    -------
    fig : matplotlib.figure.Figure
    axes : numpy.ndarray of matplotlib.axes.Axes, shape (n_parameters, 2)
        Row ``i`` is parameter ``i``: its histogram in column 0 and its
        trace in column 1.

    Raises
    ------
    ValueError, TypeError
        As `histogram`.

    Notes
    -----
    The histograms count samples (they are not normalised), with 40 bin
    edges shared by all chains. Iterations are counted from 0, as indices
    into each chain.
    """
    chains = check_chains(samples)
    n_parameters = chains[0].shape[1]
    names = check_names(parameter_names, n_parameters)
    refs = check_references(ref_parameters, n_parameters)
    lower, upper = value_range(np.vstack(chains), n_percentiles)

    plt = pyplot()
    fig, axes = plt.subplots(
        n_parameters,
        2,
        figsize=(12, 2 * n_parameters + 0.5),
        squeeze=False,
        layout="constrained",
    )
    for i in range(n_parameters):
        hist_ax, trace_ax = axes[i]
        edges = np.linspace(lower[i], upper[i], BINS)
        for j, chain in enumerate(chains):
            hist_ax.hist(
                chain[:, i],
                bins=edges,
                alpha=ALPHA,
                color=chain_colour(j),
                histtype=HISTTYPE,
                label=f"Samples {j + 1}",
            )
            trace_ax.plot(chain[:, i], alpha=ALPHA, color=chain_colour(j))
        ref = None if refs is None else float(refs[i])
        trace_ax.set_ylim(*with_reference(lower[i], upper[i], ref))
        if ref is not None:
            hist_ax.axvline(ref, color="k", ls="--")
            trace_ax.axhline(ref, color="k", ls="--")
        hist_ax.set_xlabel(names[i])
        hist_ax.set_ylabel("Frequency")
        trace_ax.set_xlabel("Iteration")
        trace_ax.set_ylabel(names[i])
    if len(chains) > 1:
        axes[0, 0].legend()
    return fig, axes
