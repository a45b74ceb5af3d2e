"""Histograms of the samples of one or more MCMC chains, and the argument
checks the MCMC plots share."""

from __future__ import annotations

import numbers
from collections.abc import Iterable, Sequence, Sized
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from .._typing import ArrayLike, FloatArray
from ._mpl import pyplot

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

#: Bin edges per histogram and opacity of each chain's bars, as in PINTS.
BINS = 40
ALPHA = 0.5
#: One filled outline per histogram, not a patch per bar: it looks the same
#: (the bars have no edges) and draws far faster.
HISTTYPE = "stepfilled"
#: Points at which a one-dimensional KDE is drawn.
KDE_POINTS = 100


def histogram(
    samples: ArrayLike,
    kde: bool = False,
    n_percentiles: float | None = None,
    parameter_names: Sequence[str] | None = None,
    ref_parameters: ArrayLike | None = None,
) -> tuple[Figure, NDArray[np.object_]]:
    """Plot a histogram of each parameter's samples, one panel per
    parameter, with one set of bars per chain.

    Parameters
    ----------
    samples : sequence of array_like, each of shape (n_samples, n_parameters)
        One or more chains (or lists of samples), e.g. the result of
        `MCMCController.run`, shape ``(n_chains, n_samples, n_parameters)``.
        Chains may differ in length. For a single chain, pass ``[chain]``.
    kde : bool, optional
        Also draw a Gaussian kernel-density estimate of each chain
        (`scipy.stats.gaussian_kde`); chains whose samples of a parameter
        are all equal have none.
    n_percentiles : float, optional
        Show only the middle ``n_percentiles`` percent of the samples (of
        all chains together), e.g. ``95``; in ``(0, 100]``. By default all
        samples are shown.
    parameter_names : sequence of str, optional
        Names shown on the x-axes; by default ``"Parameter 1"``, ...
    ref_parameters : array_like, shape (n_parameters,), optional
        Reference values, e.g. the true parameters, drawn as dashed vertical
        lines. The axes widen to show them if they lie outside the samples.

    Returns
    -------
    fig : matplotlib.figure.Figure
    axes : numpy.ndarray of matplotlib.axes.Axes, shape (n_parameters,)
        One axes per parameter, top to bottom.

    Raises
    ------
    ValueError
        If a chain is not 2-d, is empty or holds non-finite values, the
        chains differ in their number of parameters, ``parameter_names`` or
        ``ref_parameters`` has the wrong length, or ``n_percentiles`` is not
        in ``(0, 100]``.
    TypeError
        If ``samples`` is not a sequence of chains, ``parameter_names`` is a
        single string, or ``n_percentiles`` is not a number.

    Notes
    -----
    The bars are normalised to unit area (a probability density), and all
    chains share the same 40 bin edges, spanning the samples of all chains.
    """
    chains = check_chains(samples)
    n_parameters = chains[0].shape[1]
    names = check_names(parameter_names, n_parameters)
    refs = check_references(ref_parameters, n_parameters)
    lower, upper = value_range(np.vstack(chains), n_percentiles)

    plt = pyplot()
    fig, grid = plt.subplots(
        n_parameters,
        1,
        figsize=(6, 2 * n_parameters + 0.5),
        squeeze=False,
        layout="constrained",
    )
    axes: NDArray[np.object_] = grid[:, 0]
    for i, ax in enumerate(axes):
        edges = np.linspace(lower[i], upper[i], BINS)
        for j, chain in enumerate(chains):
            ax.hist(
                chain[:, i],
                bins=edges,
                density=True,
                alpha=ALPHA,
                color=chain_colour(j),
                histtype=HISTTYPE,
                label=f"Samples {j + 1}",
            )
            if kde:
                draw_kde(ax, chain[:, i], lower[i], upper[i], chain_colour(j))
        if refs is not None:
            ax.axvline(refs[i], color="k", ls="--")
        ax.set_xlabel(names[i])
        ax.set_ylabel("Probability density")
    if len(chains) > 1:
        axes[0].legend()
    return fig, axes


def check_chains(samples: object) -> list[FloatArray]:
    """Return ``samples`` as a list of 2-d float arrays with the same number
    of columns, checked (see `histogram` for the errors)."""
    if (
        isinstance(samples, (str, bytes))
        or not isinstance(samples, Sized)
        or not isinstance(samples, Iterable)
    ):
        raise TypeError(
            "`samples` must be a sequence of chains, each of shape "
            f"(n_samples, n_parameters); got {type(samples).__name__}."
        )
    if len(samples) == 0:
        raise ValueError("`samples` must hold at least one chain; got none.")
    chains = [np.asarray(chain, dtype=float) for chain in samples]
    if chains[0].ndim != 2:
        raise ValueError(
            "Each chain in `samples` must be of shape (n_samples, n_parameters); "
            f"chain 1 has shape {chains[0].shape}. For a single chain, pass "
            "[chain]."
        )
    n_parameters = chains[0].shape[1]
    for k, chain in enumerate(chains, start=1):
        # PINTS checks the number of parameters first; its message is kept.
        if chain.ndim == 0 or chain.shape[-1] != n_parameters:
            raise ValueError(
                "All samples must have the same number of parameters. Chain 1 "
                f"has {n_parameters}, chain {k} has shape {chain.shape}."
            )
        if chain.ndim != 2:
            raise ValueError(
                "Each chain in `samples` must be of shape (n_samples, "
                f"n_parameters); chain {k} has shape {chain.shape}."
            )
        check_values(chain, f"Chain {k} of `samples`")
    return chains


def check_samples(samples: ArrayLike) -> FloatArray:
    """Return one chain ``samples`` as a 2-d float array, checked."""
    try:
        x = np.asarray(samples, dtype=float)
    except (TypeError, ValueError) as e:
        raise ValueError(
            "`samples` must be of shape (n_sample, n_parameters). It is not "
            "a rectangular array of numbers."
        ) from e
    if x.ndim != 2:
        raise ValueError(
            f"`samples` must be of shape (n_sample, n_parameters). Got shape {x.shape}."
        )
    check_values(x, "`samples`")
    return x


def check_values(x: FloatArray, what: str) -> None:
    """Check a 2-d chain has samples and parameters, all of them finite."""
    if x.shape[0] == 0 or x.shape[1] == 0:
        raise ValueError(
            f"{what} must hold at least one sample of at least one "
            f"parameter; got shape {x.shape}."
        )
    if not np.all(np.isfinite(x)):
        raise ValueError(f"{what} must be finite; it holds NaN or inf.")


def check_names(parameter_names: Sequence[str] | None, n_parameters: int) -> list[str]:
    """Return the parameter names to show, checked against the number of
    parameters; ``"Parameter 1"``, ... if none are given."""
    if parameter_names is None:
        return [f"Parameter {i + 1}" for i in range(n_parameters)]
    if isinstance(parameter_names, str):
        raise TypeError(
            "`parameter_names` must be a sequence of names, one per "
            f"parameter; got the single string {parameter_names!r}."
        )
    names = [str(name) for name in parameter_names]
    if len(names) != n_parameters:
        raise ValueError(
            "Length of `parameter_names` must be same as number of parameters. "
            f"Expected {n_parameters}, got {len(names)}."
        )
    return names


def check_references(
    ref_parameters: ArrayLike | None, n_parameters: int
) -> FloatArray | None:
    """Return the reference values as a 1-d float array (or ``None``),
    checked against the number of parameters."""
    if ref_parameters is None:
        return None
    refs = np.atleast_1d(np.asarray(ref_parameters, dtype=float))
    if refs.ndim != 1 or len(refs) != n_parameters:
        raise ValueError(
            "Length of `ref_parameters` must be same as number of parameters. "
            f"Expected {n_parameters}, got shape {refs.shape}."
        )
    return refs


def value_range(
    x: FloatArray, n_percentiles: float | None
) -> tuple[FloatArray, FloatArray]:
    """Lower and upper ends, per column of ``x``, of all samples or of their
    middle ``n_percentiles`` percent; widened where they coincide so that
    bins and limits stay increasing."""
    if n_percentiles is None:
        lower, upper = np.min(x, axis=0), np.max(x, axis=0)
    else:
        q = check_percentiles(n_percentiles)
        lower, upper = np.percentile(x, [50 - q / 2, 50 + q / 2], axis=0)
    flat = upper <= lower
    pad = np.where(lower == 0, 0.5, 0.05 * np.abs(lower))
    return np.where(flat, lower - pad, lower), np.where(flat, upper + pad, upper)


def check_percentiles(n_percentiles: float) -> float:
    """Return ``n_percentiles`` as a float in ``(0, 100]``, checked."""
    if isinstance(n_percentiles, bool) or not isinstance(n_percentiles, numbers.Real):
        raise TypeError(
            "`n_percentiles` must be a number in (0, 100] or None; got "
            f"{type(n_percentiles).__name__}."
        )
    q = float(n_percentiles)
    if not 0 < q <= 100:
        raise ValueError(f"`n_percentiles` must be in (0, 100]; got {q}.")
    return q


def with_reference(
    lower: float, upper: float, ref: float | None
) -> tuple[float, float]:
    """Axis limits ``(lower, upper)``, widened to show a reference value
    lying outside them with a small margin."""
    if ref is None or lower <= ref <= upper:
        return lower, upper
    lo, hi = min(lower, ref), max(upper, ref)
    margin = 0.03 * (hi - lo)
    return (lo - margin if ref < lower else lo), (hi + margin if ref > upper else hi)


def draw_kde(ax: Axes, x: FloatArray, lower: float, upper: float, colour: str) -> None:
    """Draw the Gaussian KDE of the samples ``x`` from ``lower`` to
    ``upper``, unless the samples are all equal (no density exists)."""
    from scipy.stats import gaussian_kde

    if len(x) < 2 or np.ptp(x) == 0:
        return
    grid = np.linspace(lower, upper, KDE_POINTS)
    ax.plot(grid, gaussian_kde(x)(grid), color=colour)


def chain_colour(j: int) -> str:
    """Colour of chain ``j`` (counting from 0), the same in every panel."""
    return f"C{j % 10}"
