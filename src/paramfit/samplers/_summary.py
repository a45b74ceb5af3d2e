"""`MCMCSummary`: posterior summaries and convergence diagnostics of MCMC
chains, printed as PINTS prints them.

PINTS formats its table with the ``tabulate`` package (its "simple" format,
numbers left-aligned, floats to two decimals). paramfit reproduces that
layout here instead of depending on ``tabulate``: the layout is a few lines,
it stays the same whatever ``tabulate`` version is installed, and the tests
compare the two byte for byte. Like ``tabulate``, a column of parameter
names that all read as numbers is shown as numbers (``"2.5"`` becomes
``2.50``), names are stripped of surrounding blanks, and wide (East Asian)
characters count two columns. Not reproduced: names with line breaks or
ANSI colour codes.
"""

from __future__ import annotations

import math
import re
import unicodedata
import warnings
from collections.abc import Sequence

import numpy as np

from .._checks import fail, number
from .._typing import ArrayLike, FloatArray
from ..diagnostics import effective_sample_size, rhat
from ..diagnostics._pints import _finite

__all__ = ["MCMCSummary"]

_HEADERS = [
    "param",
    "mean",
    "std.",
    "2.5%",
    "25%",
    "50%",
    "75%",
    "97.5%",
    "rhat",
    "ess",
]

Row = list[object]


class MCMCSummary:
    """Posterior summaries and diagnostics of MCMC chains, as a table.

    The posterior mean, standard deviation, 2.5%, 25%, 50%, 75% and 97.5%
    quantiles of every parameter over all chains pooled, its split-R-hat
    [1, 2] over the chains, and its effective sample size (ESS, the sum of
    each chain's) and, given the run time, ESS per second. ``print(summary)``
    shows the table.

    Parameters
    ----------
    chains : array_like, shape (n_chains, n_samples, n_parameters)
        The chains a sampler returned (an array, or a list of equal-length
        chains), at least two samples each.
    time : float, optional
        The run time in seconds (positive); adds the ESS per second.
    parameter_names : sequence of str, optional
        One name per parameter; ``"param 1"``, ``"param 2"``, ... by default.

    Raises
    ------
    ValueError
        If ``chains`` has the wrong shape, too few samples or a NaN, if
        ``time`` is not positive, or if the number of names is wrong.

    Warns
    -----
    UserWarning
        For a single chain (its R-hat compares its two halves only).

    Notes
    -----
    With $S$ the pooled samples of one parameter: mean and standard
    deviation $\\sqrt{\\frac{1}{S}\\sum (x - \\bar x)^2}$ (divisor $S$, as
    ``np.std``); quantiles by linear interpolation (``np.percentile``);
    R-hat from `paramfit.diagnostics.rhat`; ESS as the sum over chains of
    `paramfit.diagnostics.effective_sample_size` (PINTS's estimator, about a
    third of the number of samples for independent draws: see its notes).
    The chains are not copied: changing them afterwards does not change the
    summary, which is computed here.

    References
    ----------
    [1] Gelman and Rubin (1992). Inference from iterative simulation using
        multiple sequences. Statistical Science 7(4), 457-472.
    [2] Gelman, Carlin, Stern, Dunson, Vehtari and Rubin (2014). Bayesian
        Data Analysis, 3rd edition. CRC Press.
    """

    def __init__(
        self,
        chains: ArrayLike,
        time: float | None = None,
        parameter_names: Sequence[str] | None = None,
    ) -> None:
        self._chains_unmodified = chains
        x = _finite(chains, "chains")
        if x.ndim != 3 or x.shape[0] < 1 or x.shape[1] < 2:
            raise ValueError(
                "chains must have shape (n_chains, n_samples, n_parameters), with "
                f"at least two samples per chain; got an array of shape {x.shape}."
            )
        if x.shape[0] == 1:
            warnings.warn(
                "Summaries calculated with one chain may be unreliable. It is"
                " recommended that you rerun sampling with more than one"
                " chain.",
                stacklevel=2,
            )
        self._n_parameters = x.shape[2]
        if time is not None and not 0 < number(time, "time") < math.inf:
            raise ValueError("Elapsed time must be positive.")
        self._time = time
        if parameter_names is None:
            parameter_names = [f"param {i + 1}" for i in range(self._n_parameters)]
        elif isinstance(parameter_names, (str, bytes)) or not isinstance(
            parameter_names, Sequence
        ):
            raise TypeError(
                fail("parameter_names", "a sequence of names", parameter_names)
            )
        elif len(parameter_names) != self._n_parameters:
            raise ValueError(
                "Parameter names list must be same length as number of "
                "sampled parameters"
            )
        self._parameter_names = list(parameter_names)
        self._summarise(x)
        self._summary_str: str | None = None

    def _summarise(self, x: FloatArray) -> None:
        pooled = x.reshape(-1, self._n_parameters)
        self._mean: FloatArray = np.mean(pooled, axis=0)
        self._std: FloatArray = np.std(pooled, axis=0)
        self._quantiles: FloatArray = np.percentile(
            pooled, [2.5, 25, 50, 75, 97.5], axis=0
        )
        self._rhat = np.asarray(rhat(x))
        self._ess = np.zeros(self._n_parameters)
        for chain in x:  # PINTS adds the chains' ESS in this order
            self._ess += effective_sample_size(chain)
        self._ess_per_second: FloatArray | None = None
        if self._time is not None:
            self._ess_per_second = self._ess / self._time
        columns = [self._mean, self._std, *self._quantiles, self._rhat, self._ess]
        if self._ess_per_second is not None:
            columns.append(self._ess_per_second)
        self._summary_list: list[Row] = [
            [name, *(column[i] for column in columns)]
            for i, name in enumerate(self._parameter_names)
        ]

    def __str__(self) -> str:
        """The table: one row per parameter with its name, mean, std.,
        quantiles, rhat, ess and (given a time) ess per sec."""
        if self._summary_str is None:
            headers = _HEADERS + (["ess per sec."] if self._time is not None else [])
            self._summary_str = _table(self._summary_list, headers)
        return self._summary_str

    def chains(self) -> ArrayLike:
        """Return the chains, as they were given."""
        return self._chains_unmodified

    def ess(self) -> FloatArray:
        """Return the effective sample size of each parameter, shape
        ``(n_parameters,)``."""
        return self._ess

    def ess_per_second(self) -> FloatArray | None:
        """Return the effective sample size per second of run time of each
        parameter, or ``None`` if no time was given."""
        return self._ess_per_second

    def mean(self) -> FloatArray:
        """Return the posterior mean of each parameter."""
        return self._mean

    def quantiles(self) -> FloatArray:
        """Return the 2.5%, 25%, 50%, 75% and 97.5% posterior quantiles,
        shape ``(5, n_parameters)``."""
        return self._quantiles

    def rhat(self) -> FloatArray:
        """Return the split-R-hat of each parameter [1, 2]; for one chain,
        that of its two halves."""
        return self._rhat

    def std(self) -> FloatArray:
        """Return the posterior standard deviation of each parameter."""
        return self._std

    def summary(self) -> list[Row]:
        """Return the table's rows: name, mean, std., the five quantiles,
        rhat, ess and (given a time) ess per second."""
        return list(self._summary_list)

    def time(self) -> float | None:
        """Return the run time given, in seconds, or ``None``."""
        return self._time


# -- the table -------------------------------------------------------------
# tabulate's cell kinds, from least to most general; a column takes the most
# general kind of its cells.
_MISSING, _BOOL, _INT, _FLOAT, _BYTES, _STR = range(6)
_GROUPED = re.compile(r"^(([+-]?[0-9]{1,3})(?:,([0-9]{3}))*)?(?(1)\.[0-9]*|\.[0-9]+)?$")


def _converts(kind: type, value: object) -> bool:
    try:
        kind(value)
    except (TypeError, ValueError):
        return False
    return True


def _is_number(value: object) -> bool:
    if type(value) in (float, int):
        return True
    if not _converts(float, value):
        return False
    if not isinstance(value, (str, bytes)):
        return True
    f = float(value)  # a numeric string, unless it merely overflows
    return bool(np.isfinite(f)) or str(value).lower() in ("inf", "-inf", "nan")


def _kind(value: object) -> int:
    """The kind tabulate reads in a cell of the names' column."""
    text = isinstance(value, (str, bytes))
    if value is None or (text and not value):
        return _MISSING
    if hasattr(value, "isoformat"):  # dates and times
        return _STR
    if type(value) is bool or (isinstance(value, str) and value in ("True", "False")):
        return _BOOL
    numpy_int = type(value).__module__ == "numpy" and type(value).__name__[:3] == "int"
    grouped = isinstance(value, str) and _GROUPED.match(value) is not None
    if type(value) is int or numpy_int or (text and _converts(int, value)):
        return _INT
    if grouped and "." not in str(value):
        return _INT
    if _is_number(value) or grouped:
        return _FLOAT
    return _BYTES if isinstance(value, bytes) else _STR


def _cell(value: object, kind: int) -> str:
    if value is None or (isinstance(value, (str, bytes)) and not value):
        return ""
    if kind == _FLOAT:
        number = value.replace(",", "") if isinstance(value, str) else value
        return format(float(number), ".2f")  # type: ignore[arg-type]
    if kind == _BYTES and isinstance(value, bytes):
        try:
            return str(value, "ascii")
        except UnicodeDecodeError:
            pass
    return f"{value}"


def _width(text: str) -> int:
    """Columns a terminal gives ``text``: wide characters two, combining
    marks none."""
    return sum(
        0
        if unicodedata.combining(c)
        else 2
        if unicodedata.east_asian_width(c) in "WF"
        else 1
        for c in text
    )


def _table(rows: list[Row], headers: list[str]) -> str:
    """``rows`` under ``headers`` in PINTS's layout: the names as tabulate
    shows them, every other column as floats to two decimals, left-aligned,
    columns two blanks apart and at least two wider than their header."""
    names = [row[0] for row in rows]
    kind = max([_BOOL] + [_kind(name) for name in names])
    columns = [[_cell(name, kind).strip() for name in names]]
    for j in range(1, len(headers)):
        columns.append([format(float(row[j]), ".2f") for row in rows])  # type: ignore[arg-type]
    widths = [
        max([_width(h) + 2] + [_width(c) for c in column])
        for h, column in zip(headers, columns, strict=True)
    ]
    lines = [headers, ["-" * w for w in widths], *zip(*columns, strict=True)]
    return "\n".join(
        "  ".join(
            c + " " * (w - _width(c)) for c, w in zip(line, widths, strict=True)
        ).rstrip()
        for line in lines
    )
