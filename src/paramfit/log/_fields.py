"""The columns of a `Logger`: their widths, and how a value becomes a cell.

Each ``*_field`` function makes the column that the logger's ``add_*`` method
of the same name adds, with PINTS 0.6.1's widths and formats, so that logs
are byte-for-byte the same as PINTS's. `text_lines()` and `csv_lines()` lay
rows of values out as the screen/text file and the CSV file show them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Union

import numpy as np

#: One logged value: a number or a string; ``None`` leaves its cell empty.
Value = Union[float, str, np.generic, None]
#: Turns one (non-``None``) logged value into the text of one cell. Each
#: column's formatter takes what its kind of column takes (a counter's, any
#: number ``int()`` accepts; a string column's, anything), as PINTS's does.
Formatter = Callable[[Any], str]


@dataclass(frozen=True)
class Field:
    """One column of a log.

    Attributes
    ----------
    name : str
        Column header.
    width : int
        Column width on screen and in text files (at least ``len(name)``).
    text : Formatter
        Formats a value for the screen and text files.
    csv : Formatter
        Formats a value for CSV files.
    file_only : bool
        If true, the column is left out of the screen output.
    """

    name: str
    width: int
    text: Formatter
    csv: Formatter
    file_only: bool

    @property
    def header(self) -> str:
        """The column name, left-aligned to the column width."""
        return self.name.ljust(self.width)

    @property
    def blank(self) -> str:
        """What a ``None`` value looks like on screen and in text files."""
        return " " * self.width


# --- The columns, as PINTS's Logger.add_* makes them ------------------------


def counter_field(
    name: str, width: int, max_value: float | None, file_only: bool
) -> Field:
    """Non-negative integers, left-aligned; at least ``ceil(log10(max_value))``
    wide."""
    width = _counter_width(max(int(width), len(name), 1), max_value)
    return Field(name, width, _integer_text(f"<{width}d"), _int_csv, file_only)


def float_field(name: str, width: int, file_only: bool) -> Field:
    """Floats in ``g`` format, with ``width - 2`` significant digits (or
    ``width - 6`` if that does not fit); at least 7 wide."""
    width = max(int(width), len(name), 7)
    text = _float_text(width, f" .{width - 2}g", f" .{width - 6}g")
    return Field(name, width, text, _float_csv, file_only)


def int_field(name: str, width: int, file_only: bool) -> Field:
    """Integers of either sign, left-aligned, a space in place of ``+``."""
    width = max(int(width), len(name), 1)
    return Field(name, width, _integer_text(f"< {width}d"), _int_csv, file_only)


def long_float_field(name: str, file_only: bool) -> Field:
    """Floats with 17 decimals; at least 24 wide."""
    width = max(len(name), 24)
    text = _float_text(width, " .17e", " .16e")
    return Field(name, width, text, _float_csv, file_only)


def string_field(name: str, width: int, file_only: bool) -> Field:
    """The first ``width`` characters of strings (CSV: all of them)."""
    width = max(len(name), int(width))
    return Field(name, width, _string_text(width), _string_csv, file_only)


def time_field(name: str, file_only: bool) -> Field:
    """Seconds as ``'mmm:ss.s'`` (CSV: ``str(seconds)``); at least 8 wide."""
    return Field(name, max(len(name), 8), _time_text, str, file_only)


# --- Laying out rows ----------------------------------------------------------


def text_cells(
    fields: Sequence[Field], rows: Sequence[Sequence[Value]]
) -> list[list[str]]:
    """The screen/text file cells of ``rows``, one list per row."""
    return [
        [f.blank if v is None else f.text(v) for f, v in zip(fields, row, strict=True)]
        for row in rows
    ]


def text_lines(cells: Sequence[Sequence[str]], columns: Sequence[int] | None) -> str:
    """Join formatted cells into lines, keeping only ``columns`` (if given)."""
    if columns is not None:
        cells = [[row[i] for i in columns] for row in cells]
    return "".join(" ".join(row) + "\n" for row in cells)


def csv_header(fields: Sequence[Field]) -> str:
    """The header line of a CSV file: the quoted field names."""
    return ",".join('"' + f.name + '"' for f in fields) + "\n"


def csv_lines(fields: Sequence[Field], rows: Sequence[Sequence[Value]]) -> str:
    """``rows`` as CSV lines, at full precision (``None`` as an empty cell)."""
    return "".join(
        ",".join(
            "" if v is None else f.csv(v) for f, v in zip(fields, row, strict=True)
        )
        + "\n"
        for row in rows
    )


# --- Formatters -----------------------------------------------------------------


def _integer_text(spec: str) -> Formatter:
    """Format values as ``int(value)`` with a fixed format ``spec``."""

    def text(value: Any) -> str:
        return format(int(value), spec)

    return text


def _float_text(width: int, spec: str, narrower: str) -> Formatter:
    """Format floats with ``spec``, or with ``narrower`` if the result is
    wider than ``width``; pad on the right to ``width``."""

    def text(value: Any) -> str:
        cell = format(value, spec)
        if len(cell) > width:
            cell = format(value, narrower)
        return cell.ljust(width)

    return text


def _string_text(width: int) -> Formatter:
    """Show at most ``width`` characters of ``str(value)``, padded."""

    def text(value: Any) -> str:
        return str(value)[:width].ljust(width)

    return text


def _time_text(seconds: Any) -> str:
    """Format a time in seconds as ``'mmm:ss.s'`` (not padded)."""
    minutes = int(seconds // 60)
    seconds = seconds - 60 * minutes
    # Round up here, as '.1f' would otherwise show 60.0 seconds.
    if seconds >= 59.95:
        minutes, seconds = minutes + 1, 0
    return f"{minutes:>3d}:{seconds:0>4.1f}"


def _float_csv(value: Any) -> str:
    """Full precision float for CSV files."""
    return format(value, ".17e")


def _int_csv(value: Any) -> str:
    """Integer for CSV files."""
    return str(int(value))


def _string_csv(value: Any) -> str:
    """Quoted string for CSV files (quotes inside are not escaped)."""
    return '"' + str(value) + '"'


def _counter_width(width: int, max_value: float | None) -> int:
    """The number of digits of ``max_value`` (as ``ceil(log10)``), or
    ``width`` if that is more."""
    if max_value is None:
        return width
    limit = float(max_value)
    if not limit > 0:
        raise ValueError(f"max_value must be positive; got {max_value!r}.")
    # numpy's log10, as PINTS, so that widths agree to the last digit.
    return max(width, int(np.ceil(np.log10(limit))))
