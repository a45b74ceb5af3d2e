"""Tabular progress logging: `Logger` and the `Loggable` mixin.

The output (screen, plain-text file and CSV file) is byte-for-byte the same
as PINTS 0.6.1's logger, so scripts and tests that read those logs keep
working.
"""

from __future__ import annotations

import enum
import os
import sys
from dataclasses import dataclass
from typing import Any, Callable, Protocol, Sequence

import numpy as np

#: Turns one (non-``None``) logged value into the text of one cell.
Formatter = Callable[[Any], str]


class _Writable(Protocol):
    """Anything with a ``write(str)`` method, e.g. ``sys.stdout``."""

    def write(self, text: str, /) -> object: ...


class _Default(enum.Enum):
    """Sentinel for "the current ``sys.stdout``" (bound at call time)."""

    STDOUT = enum.auto()


@dataclass(frozen=True)
class _Field:
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


# --- Formatters -------------------------------------------------------------


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


def _counter_width(width: int, max_value: Any) -> int:
    """The number of digits of ``max_value`` (as ``ceil(log10)``), or
    ``width`` if that is more."""
    if max_value is None:
        return width
    limit = float(max_value)
    if not limit > 0:
        raise ValueError(f"max_value must be positive; got {max_value!r}.")
    # numpy's log10, as PINTS, so that widths agree to the last digit.
    return max(width, int(np.ceil(np.log10(limit))))


# --- The logger -------------------------------------------------------------


class Logger:
    """Logs rows of numbers to the screen and/or a (text or CSV) file.

    Columns ("fields") are declared first, with the ``add_*`` methods, and
    then filled with `log()`. The first row logged is preceded by a
    header with the field names. After that, the logger cannot be changed.

    By default the logger writes to the ``sys.stdout`` of the moment it was
    created, and to no file.

    Examples
    --------
    >>> log = Logger()
    >>> _ = log.add_counter("Iter.").add_float("f").add_time("Time (s)")
    >>> log.log(1, 1.23456, 0.5)
    Iter. f         Time (s)
    1      1.23456    0:00.5
    >>> log.log(2, -7.8901e-9)
    >>> log.log(75.0)
    2     -7.89e-09   1:15.0
    """

    def __init__(self) -> None:
        self._stream: _Writable | None = sys.stdout
        self._filename: str | None = None
        self._csv_mode = False
        self._have_logged = False
        self._fields: list[_Field] = []
        # Indices of the fields shown on screen (not file-only).
        self._screen_columns: list[int] = []
        # Values of incomplete rows, waiting for the rest of their row.
        self._buffer: list[Any] = []

    # --- Adding fields ---------------------------------------------------

    def _add(
        self, name: str, width: int, text: Formatter, csv: Formatter, file_only: bool
    ) -> Logger:
        """Append a field; the shared part of every ``add_*`` method."""
        if not file_only:
            self._screen_columns.append(len(self._fields))
        self._fields.append(_Field(name, width, text, csv, bool(file_only)))
        return self

    def _check_not_started(self) -> None:
        """Raise a ``RuntimeError`` if fields can no longer be added."""
        if self._have_logged:
            raise RuntimeError("Cannot add fields after logging has started.")

    def add_counter(
        self,
        name: str,
        width: int = 5,
        max_value: float | None = None,
        file_only: bool = False,
    ) -> Logger:
        """Add a field for non-negative integers, left-aligned.

        Parameters
        ----------
        name : str
            The field's name, shown in the header.
        width : int, optional
            Minimum column width. Wider numbers break the layout but are
            shown in full.
        max_value : float, optional
            The largest value expected: the column is made at least
            ``ceil(log10(max_value))`` wide.
        file_only : bool, optional
            If true, the field is written to files but not to the screen.

        Returns
        -------
        Logger
            This logger, so that calls can be chained.

        Raises
        ------
        RuntimeError
            If logging has already started.
        ValueError
            If ``max_value`` is not positive.
        """
        self._check_not_started()
        name = str(name)
        width = _counter_width(max(int(width), len(name), 1), max_value)
        return self._add(name, width, _integer_text(f"<{width}d"), _int_csv, file_only)

    def add_float(self, name: str, width: int = 9, file_only: bool = False) -> Logger:
        """Add a field for floating point numbers.

        Values are shown in general (``g``) format with ``width - 2``
        significant digits, or ``width - 6`` if that does not fit.

        Parameters
        ----------
        name : str
            The field's name, shown in the header.
        width : int, optional
            Column width; at least 7.
        file_only : bool, optional
            If true, the field is written to files but not to the screen.

        Returns
        -------
        Logger
            This logger, so that calls can be chained.

        Raises
        ------
        RuntimeError
            If logging has already started.
        """
        self._check_not_started()
        name = str(name)
        width = max(int(width), len(name), 7)
        # Significant digits: as many as fit, fewer if an exponent is shown.
        text = _float_text(width, f" .{width - 2}g", f" .{width - 6}g")
        return self._add(name, width, text, _float_csv, file_only)

    def add_int(self, name: str, width: int = 5, file_only: bool = False) -> Logger:
        """Add a field for (positive or negative) integers.

        Values are left-aligned, with a space in place of a plus sign.

        Parameters
        ----------
        name : str
            The field's name, shown in the header.
        width : int, optional
            Minimum column width. Wider numbers break the layout but are
            shown in full.
        file_only : bool, optional
            If true, the field is written to files but not to the screen.

        Returns
        -------
        Logger
            This logger, so that calls can be chained.

        Raises
        ------
        RuntimeError
            If logging has already started.
        """
        self._check_not_started()
        name = str(name)
        width = max(int(width), len(name), 1)
        return self._add(name, width, _integer_text(f"< {width}d"), _int_csv, file_only)

    def add_long_float(self, name: str, file_only: bool = False) -> Logger:
        """Add a field for floats at full precision (17 decimals).

        Parameters
        ----------
        name : str
            The field's name, shown in the header.
        file_only : bool, optional
            If true, the field is written to files but not to the screen.

        Returns
        -------
        Logger
            This logger, so that calls can be chained.

        Raises
        ------
        RuntimeError
            If logging has already started.
        """
        self._check_not_started()
        name = str(name)
        width = max(len(name), 24)
        text = _float_text(width, " .17e", " .16e")
        return self._add(name, width, text, _float_csv, file_only)

    def add_string(self, name: str, width: int, file_only: bool = False) -> Logger:
        """Add a field showing (at most ``width`` characters of) strings.

        Parameters
        ----------
        name : str
            The field's name, shown in the header.
        width : int
            The number of characters shown (at least ``len(name)``). CSV
            files get the whole string.
        file_only : bool, optional
            If true, the field is written to files but not to the screen.

        Returns
        -------
        Logger
            This logger, so that calls can be chained.

        Raises
        ------
        RuntimeError
            If logging has already started.
        """
        self._check_not_started()
        name = str(name)
        width = max(len(name), int(width))
        return self._add(name, width, _string_text(width), _string_csv, file_only)

    def add_time(self, name: str, file_only: bool = False) -> Logger:
        """Add a field for a time in seconds, shown as ``'mmm:ss.s'``.

        CSV files get ``str(seconds)``.

        Parameters
        ----------
        name : str
            The field's name, shown in the header.
        file_only : bool, optional
            If true, the field is written to files but not to the screen.

        Returns
        -------
        Logger
            This logger, so that calls can be chained.

        Raises
        ------
        RuntimeError
            If logging has already started.
        """
        self._check_not_started()
        name = str(name)
        return self._add(name, max(len(name), 8), _time_text, str, file_only)

    # --- Configuration ---------------------------------------------------

    def _check_configurable(self) -> None:
        """Raise a ``RuntimeError`` if the outputs can no longer change."""
        if self._have_logged:
            raise RuntimeError("Cannot configure after logging has started.")

    def set_filename(
        self, filename: str | os.PathLike[str] | None = None, csv: bool = False
    ) -> None:
        """Log to a file, or (with ``filename=None``) to no file.

        The file is overwritten by the first row logged.

        Parameters
        ----------
        filename : str or path-like, optional
            The file to write to, or ``None`` to disable file logging.
        csv : bool, optional
            Write comma-separated values at full precision instead of the
            screen layout (which then shows all fields).

        Raises
        ------
        RuntimeError
            If logging has already started.
        """
        self._check_configurable()
        self._filename = None if filename is None else str(filename)
        self._csv_mode = bool(csv)

    def set_stream(self, stream: _Writable | None | _Default = _Default.STDOUT) -> None:
        """Log to an output stream, or (with ``stream=None``) not to screen.

        Parameters
        ----------
        stream : file-like or None, optional
            Any object with a ``write(str)`` method. Defaults to the
            ``sys.stdout`` of the moment this method is called.

        Raises
        ------
        RuntimeError
            If logging has already started.
        """
        self._check_configurable()
        self._stream = sys.stdout if stream is _Default.STDOUT else stream

    # --- Logging ---------------------------------------------------------

    def log(self, *data: Any) -> None:
        """Log values, filling the fields in the order they were added.

        Values may be given a whole row at a time, one at a time, or in
        chunks of any size: every completed row is written at once, and
        the values of an incomplete row are kept until it is complete.
        ``None`` leaves a cell empty. If there is neither a stream nor a
        file to write to, the values are dropped (not kept for later).

        Parameters
        ----------
        *data
            Values for the next fields.

        Raises
        ------
        ValueError
            If no fields were added.
        """
        filename = self._filename
        if self._stream is None and filename is None:
            return
        rows = self._complete_rows(data)
        if not rows:
            return
        if self._csv_mode and filename is not None:
            self._write_file(filename, self._csv_lines(rows))
            # As PINTS, any false-like stream (not only None) is skipped here.
            if not self._stream:
                self._have_logged = True
                return
        cells = self._text_cells(rows)
        if self._stream is not None:
            self._stream.write(self._join(cells, self._screen_columns))
        if filename is not None and not self._csv_mode:
            self._write_file(filename, self._join(cells, None))
        self._have_logged = True

    def _complete_rows(self, data: Sequence[Any]) -> Sequence[Sequence[Any]]:
        """Add ``data`` to the buffer, and take out all complete rows."""
        n = len(self._fields)
        if n == 0:
            raise ValueError("Unable to log: No fields specified.")
        buffer = self._buffer
        if not buffer and len(data) == n:
            return (data,)
        buffer.extend(data)
        if len(buffer) < n:
            return ()
        if len(buffer) == n:  # the usual case: a row completed, hand it over
            self._buffer = []
            return (buffer,)
        end = len(buffer) - len(buffer) % n
        rows = [buffer[i : i + n] for i in range(0, end, n)]
        del buffer[:end]
        return rows

    def _text_cells(self, rows: Sequence[Sequence[Any]]) -> list[list[str]]:
        """Format rows for the screen or text file, header first if due."""
        fields = self._fields
        cells = [
            [
                f.blank if v is None else f.text(v)
                for f, v in zip(fields, row, strict=True)
            ]
            for row in rows
        ]
        if not self._have_logged:
            cells.insert(0, [f.header for f in fields])
        return cells

    def _join(self, cells: list[list[str]], columns: list[int] | None) -> str:
        """Join formatted cells into lines, keeping only ``columns`` (if
        given and not all)."""
        if columns is not None and len(columns) < len(self._fields):
            cells = [[row[i] for i in columns] for row in cells]
        return "\n".join(map(" ".join, cells)) + "\n"

    def _csv_lines(self, rows: Sequence[Sequence[Any]]) -> str:
        """Format rows as CSV, header first if due."""
        fields = self._fields
        lines = [
            ",".join(
                "" if v is None else f.csv(v) for f, v in zip(fields, row, strict=True)
            )
            for row in rows
        ]
        if not self._have_logged:
            lines.insert(0, ",".join('"' + f.name + '"' for f in fields))
        return "\n".join(lines) + "\n"

    def _write_file(self, filename: str, text: str) -> None:
        """Write to the log file: overwrite it at first, then append."""
        with open(filename, "a" if self._have_logged else "w") as f:
            f.write(text)


class Loggable:
    """Mixin for objects that add their own columns to a `Logger`.

    The controller calls `_log_init()` once before logging starts, and
    `_log_write()` once per logged row, between its own columns.
    """

    def _log_init(self, logger: Logger) -> None:
        """Add this object's fields to ``logger`` (default: none)."""

    def _log_write(self, logger: Logger) -> None:
        """Log one value for every field added in `_log_init()`."""
