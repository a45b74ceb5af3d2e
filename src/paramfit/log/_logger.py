"""Tabular progress logging: `Logger` and the `Loggable` mixin.

The output (screen, plain-text file and CSV file) is byte-for-byte the same
as PINTS 0.6.1's logger, so scripts and tests that read those logs keep
working. The columns and their formats are in `paramfit.log._fields`.
"""

from __future__ import annotations

import enum
import os
import sys
from collections.abc import Sequence
from typing import Protocol

from ._fields import (
    Field,
    Value,
    counter_field,
    csv_header,
    csv_lines,
    float_field,
    int_field,
    long_float_field,
    string_field,
    text_cells,
    text_lines,
    time_field,
)


class _Writable(Protocol):
    """Anything with a ``write(str)`` method, e.g. ``sys.stdout``."""

    def write(self, text: str, /) -> object: ...


class _Default(enum.Enum):
    """Sentinel for "the current ``sys.stdout``" (bound at call time)."""

    STDOUT = enum.auto()


class Logger:
    """Logs rows of numbers to the screen and/or a (text or CSV) file.

    Columns ("fields") are declared first, with the ``add_*`` methods, and
    then filled with `log()`. The first row logged is preceded by a
    header with the field names. After that, the logger cannot be changed.

    Every ``add_*`` method takes the field's ``name`` (shown in the header)
    and ``file_only`` (if true, the field is written to files but not to the
    screen); it returns the logger, so that calls can be chained, and raises
    a ``RuntimeError`` once logging has started.

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
        # The first write appends to the file, without the header.
        self._resume = False
        self._have_logged = False
        self._fields: list[Field] = []
        # Values of incomplete rows, waiting for the rest of their row.
        self._buffer: list[Value] = []

    # --- Adding fields ---------------------------------------------------

    def _add(self, field: Field) -> Logger:
        """Append a field; the shared part of every ``add_*`` method."""
        self._fields.append(field)
        return self

    def _new_name(self, name: str) -> str:
        """``str(name)``, once checked that fields can still be added."""
        if self._have_logged:
            raise RuntimeError("Cannot add fields after logging has started.")
        return str(name)

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
        name, file_only
            As for every ``add_*`` method (see `Logger`).
        width : int, optional
            Minimum column width. Wider numbers break the layout but are
            shown in full.
        max_value : float, optional
            The largest value expected: the column is made at least
            ``ceil(log10(max_value))`` wide.

        Raises
        ------
        ValueError
            If ``max_value`` is not positive.
        """
        name = self._new_name(name)
        return self._add(counter_field(name, width, max_value, bool(file_only)))

    def add_float(self, name: str, width: int = 9, file_only: bool = False) -> Logger:
        """Add a field for floating point numbers.

        Values are shown in general (``g``) format with ``width - 2``
        significant digits, or ``width - 6`` if that does not fit.

        Parameters
        ----------
        name, file_only
            As for every ``add_*`` method (see `Logger`).
        width : int, optional
            Column width; at least 7.
        """
        name = self._new_name(name)
        return self._add(float_field(name, width, bool(file_only)))

    def add_int(self, name: str, width: int = 5, file_only: bool = False) -> Logger:
        """Add a field for (positive or negative) integers.

        Values are left-aligned, with a space in place of a plus sign.

        Parameters
        ----------
        name, file_only
            As for every ``add_*`` method (see `Logger`).
        width : int, optional
            Minimum column width, as for `add_counter()`.
        """
        name = self._new_name(name)
        return self._add(int_field(name, width, bool(file_only)))

    def add_long_float(self, name: str, file_only: bool = False) -> Logger:
        """Add a field for floats at full precision (17 decimals).

        ``name`` and ``file_only`` are as for every ``add_*`` method (see
        `Logger`).
        """
        name = self._new_name(name)
        return self._add(long_float_field(name, bool(file_only)))

    def add_string(self, name: str, width: int, file_only: bool = False) -> Logger:
        """Add a field showing (at most ``width`` characters of) strings.

        Parameters
        ----------
        name, file_only
            As for every ``add_*`` method (see `Logger`).
        width : int
            The number of characters shown (at least ``len(name)``). CSV
            files get the whole string.
        """
        name = self._new_name(name)
        return self._add(string_field(name, width, bool(file_only)))

    def add_time(self, name: str, file_only: bool = False) -> Logger:
        """Add a field for a time in seconds, shown as ``'mmm:ss.s'``.

        CSV files get ``str(seconds)``. ``name`` and ``file_only`` are as for
        every ``add_*`` method (see `Logger`).
        """
        name = self._new_name(name)
        return self._add(time_field(name, bool(file_only)))

    # --- Configuration ---------------------------------------------------

    def _check_configurable(self) -> None:
        """Raise a ``RuntimeError`` if the outputs can no longer change."""
        if self._have_logged:
            raise RuntimeError("Cannot configure after logging has started.")

    def set_filename(
        self,
        filename: str | os.PathLike[str] | None = None,
        csv: bool = False,
        *,
        resume: bool = False,
    ) -> None:
        """Log to a file, or (with ``filename=None``) to no file.

        The first row logged overwrites the file, header first, unless
        ``resume`` is true; later rows are appended.

        Parameters
        ----------
        filename : str or path-like, optional
            The file to write to, or ``None`` to disable file logging.
        csv : bool, optional
            Write comma-separated values at full precision instead of the
            screen layout (which then shows all fields).
        resume : bool, optional
            Continue a log written earlier with the same fields (e.g. by a
            run now resumed from a checkpoint): the first write appends to
            the file (creating it if missing) and leaves out the header
            line, which the file already has. The screen still gets its
            header. Later writes are as without ``resume``.

        Raises
        ------
        RuntimeError
            If logging has already started.
        """
        self._check_configurable()
        self._filename = None if filename is None else str(filename)
        self._csv_mode = bool(csv)
        self._resume = bool(resume)

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

    def log(self, *data: Value) -> None:
        """Log values, filling the fields in the order they were added.

        Values may be given a whole row at a time, one at a time, or in
        chunks of any size: every completed row is written at once, and
        the values of an incomplete row are kept until it is complete.
        ``None`` leaves a cell empty. If there is neither a stream nor a
        file to write to, the values are dropped (not kept for later).

        Parameters
        ----------
        *data
            Values for the next fields: numbers, or anything a string
            field shows with ``str()``.

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
        fields = self._fields
        if self._csv_mode and filename is not None:
            self._write_file(filename, self._header() + csv_lines(fields, rows))
            # As PINTS, any false-like stream (not only None) is skipped here.
            if not self._stream:
                self._have_logged = True
                return
        cells = text_cells(fields, rows)
        if not self._have_logged:
            cells.insert(0, [f.header for f in fields])
        if self._stream is not None:
            self._stream.write(text_lines(cells, self._screen_columns()))
        if filename is not None and not self._csv_mode:
            self._write_file(filename, text_lines(cells, None))
        self._have_logged = True

    def _complete_rows(self, data: Sequence[Value]) -> Sequence[Sequence[Value]]:
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

    def _screen_columns(self) -> list[int] | None:
        """Indices of the fields shown on screen, or ``None`` for all."""
        shown = [i for i, f in enumerate(self._fields) if not f.file_only]
        return None if len(shown) == len(self._fields) else shown

    def _header(self) -> str:
        """The file's header line, if the next write is to have it."""
        if self._have_logged:
            return ""
        if self._csv_mode:
            return csv_header(self._fields)
        return text_lines([[f.header for f in self._fields]], None)

    def _write_file(self, filename: str, text: str) -> None:
        """Write to the log file; ``text`` starts with `_header()`.

        The first write overwrites the file (or, resuming, appends to it
        without the header); later ones append.
        """
        mode = "a" if self._have_logged else "w"
        if self._resume and not self._have_logged:
            mode, text = "a", text[len(self._header()) :]
        with open(filename, mode) as f:
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
