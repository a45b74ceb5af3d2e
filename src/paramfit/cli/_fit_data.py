"""The data file of ``paramfit fit``: a CSV time series, read and checked.

Bad input (data, options, model) raises `FitError`, whose one-line message
the command prints before exiting with status 2.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .._typing import FloatArray


class FitError(Exception):
    """Bad input for ``paramfit fit``; the message is a single line."""


@dataclass
class FitData:
    """A time series read from CSV: ``times`` shape ``(n,)``, ``values``
    shape ``(n, n_columns)``, and the value columns' names."""

    times: FloatArray
    values: FloatArray
    names: list[str]


def read_data(path: Path) -> FitData:
    """Read a CSV file with a header row, a ``time`` column and one or more
    value columns.

    Raises
    ------
    FitError
        If the file cannot be read, a column is missing, a row has the wrong
        number of fields, a field is not a finite number, or the times are
        negative or not strictly increasing. The message names the row
        (data rows count from 1; the line number in the file is given too).
    """
    try:
        with open(path, newline="", encoding="utf-8-sig") as f:
            rows = [(i, row) for i, row in enumerate(csv.reader(f), 1) if row]
    except (OSError, UnicodeDecodeError, csv.Error) as e:
        raise FitError(f"cannot read {str(path)!r}: {e}") from None
    if not rows:
        raise FitError(f"{path}: the file is empty; expected a header 'time,value'")
    header = [h.strip() for h in rows[0][1]]
    lowered = [h.lower() for h in header]
    if "time" not in lowered:
        raise FitError(
            f"{path}: missing column 'time' (the first line must be a header "
            f"such as 'time,value'; got {','.join(header)!r})"
        )
    if len(header) < 2:
        raise FitError(f"{path}: missing a value column (header: {','.join(header)!r})")
    t_col = lowered.index("time")
    v_cols = [j for j in range(len(header)) if j != t_col]
    if len(rows) < 2:
        raise FitError(f"{path}: no data rows after the header")
    table = np.empty((len(rows) - 1, len(header)))
    for k, (line, row) in enumerate(rows[1:], 1):
        table[k - 1] = _parse_row(path, k, line, row, header)
    times = table[:, t_col]
    for k in range(len(times)):
        where = f"{path}: row {k + 1} (line {rows[k + 1][0]})"
        if times[k] < 0:
            raise FitError(f"{where}: time {times[k]:g} is negative")
        if k and times[k] <= times[k - 1]:
            raise FitError(
                f"{where}: time {times[k]:g} is not greater than the previous "
                f"time {times[k - 1]:g}; times must be strictly increasing"
            )
    return FitData(times, table[:, v_cols], [header[j] for j in v_cols])


def _parse_row(
    path: Path, k: int, line: int, row: list[str], header: list[str]
) -> list[float]:
    where = f"{path}: row {k} (line {line})"
    if len(row) != len(header):
        raise FitError(
            f"{where}: expected {len(header)} fields ({','.join(header)}), "
            f"got {len(row)}"
        )
    out = []
    for name, text in zip(header, row, strict=True):
        try:
            x = float(text)
        except ValueError:
            raise FitError(
                f"{where}: {name} {text.strip()!r} is not a number"
            ) from None
        if not math.isfinite(x):
            raise FitError(
                f"{where}: {name} is {text.strip()}; all values must be finite"
            )
        out.append(x)
    return out
