"""Tests for :class:`paramfit.Logger`: byte-for-byte parity with PINTS 0.6.1's
logger (the oracle) over random field layouts, values and chunkings, plus
the documented behaviour on its own."""

from __future__ import annotations

import io
import os
import string
import sys
import tempfile
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

import numpy as np
import pints
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import paramfit
from paramfit import Logger

# --- Differential harness ------------------------------------------------


@dataclass
class Scenario:
    """A logger configuration, and the calls made to it."""

    fields: list[tuple[str, tuple[Any, ...], dict[str, Any]]]
    chunks: list[list[Any]]
    stream: bool = True
    file: str | None = None  # None, "text" or "csv"
    late_fields: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = field(
        default_factory=list
    )


def run(module: ModuleType, sc: Scenario, directory: str) -> tuple[str, bytes | None]:
    """Drive ``module.Logger`` through ``sc``; return screen and file output."""
    log = module.Logger()
    stream = io.StringIO()
    log.set_stream(stream if sc.stream else None)
    path = os.path.join(directory, module.__name__ + ".log")
    if sc.file is not None:
        log.set_filename(path, csv=sc.file == "csv")
    for method, args, kwargs in sc.fields:
        assert getattr(log, "add_" + method)(*args, **kwargs) is log
    for chunk in sc.chunks:
        log.log(*chunk)
    content = None
    if os.path.exists(path):
        with open(path, "rb") as f:
            content = f.read()
    return stream.getvalue(), content


def assert_same_as_pints(sc: Scenario) -> tuple[str, bytes | None]:
    """Run both loggers on ``sc`` and check the outputs are identical."""
    with tempfile.TemporaryDirectory() as directory:
        ours = run(paramfit, sc, directory)
        theirs = run(pints, sc, directory)
    assert ours == theirs
    return ours


# --- Strategies ----------------------------------------------------------

names = st.text(string.ascii_letters + string.digits + " #.,'\"-_()éµ", max_size=30)
widths = st.integers(-3, 30)
flags = st.booleans()

any_floats = st.floats(allow_nan=True, allow_infinity=True, allow_subnormal=True)
tiny_or_huge = st.sampled_from(
    [1e-300, -1e-300, 5e-324, 1e300, -1.7976931348623157e308, 1e-5, 1e16, -0.0]
)
floats_ = st.one_of(
    any_floats,
    tiny_or_huge,
    st.floats(-1e6, 1e6),
    st.integers(-(10**20), 10**20),
    any_floats.map(np.float64),
    st.floats(width=32).map(np.float32),
)
ints_ = st.one_of(
    st.integers(-(10**30), 10**30),
    st.integers(-(2**62), 2**62).map(np.int64),
    st.floats(-1e15, 1e15),
    st.booleans(),
)
texts = st.one_of(
    st.text(string.printable + "éµ✓", max_size=60), st.integers(), floats_
)
times = st.one_of(
    st.floats(-1e9, 1e12),
    st.floats(0, 120),
    st.floats(59.9, 60.0),
    st.integers(-(10**6), 10**9),
    st.sampled_from([59.95, 59.949999999999996, 119.95, 3599.96, 0.05, -0.01]),
)

# A field (method, positional args, keyword args) and the values it takes.
FIELD_KINDS = {
    "counter": (
        st.tuples(
            names,
            widths,
            st.one_of(st.none(), st.floats(1e-3, 1e30), st.integers(1, 10**25)),
            flags,
        ).map(lambda t: ((t[0], t[1], t[2], t[3]), {})),
        ints_,
    ),
    "float": (
        st.tuples(names, widths, flags).map(
            lambda t: ((t[0], t[1]), {"file_only": t[2]})
        ),
        floats_,
    ),
    "int": (
        st.tuples(names, widths, flags).map(
            lambda t: ((t[0],), {"width": t[1], "file_only": t[2]})
        ),
        ints_,
    ),
    "long_float": (
        st.tuples(names, flags).map(lambda t: ((t[0], t[1]), {})),
        floats_,
    ),
    "string": (
        st.tuples(names, widths, flags).map(lambda t: ((t[0], t[1], t[2]), {})),
        texts,
    ),
    "time": (
        st.tuples(names, flags).map(lambda t: ((t[0],), {"file_only": t[1]})),
        times,
    ),
}


def chunked(draw: st.DrawFn, values: list[Any]) -> list[list[Any]]:
    """Split ``values`` into consecutive chunks of random sizes."""
    chunks, i = [], 0
    while i < len(values):
        size = draw(st.integers(0, len(values) - i))
        chunks.append(values[i : i + size])
        i += size
    return chunks


@st.composite
def scenarios(draw: st.DrawFn, max_fields: int = 6) -> Scenario:
    kinds = draw(
        st.lists(st.sampled_from(sorted(FIELD_KINDS)), min_size=1, max_size=max_fields)
    )
    fields = [(k, *draw(FIELD_KINDS[k][0])) for k in kinds]
    n_rows = draw(st.integers(0, 4))
    values = [
        draw(
            st.one_of(st.none(), FIELD_KINDS[k][1])
            if draw(flags)
            else FIELD_KINDS[k][1]
        )
        for _ in range(n_rows)
        for k in kinds
    ]
    # A partial row at the end must never show up.
    values += [0] * draw(st.integers(0, len(kinds) - 1))
    if draw(flags):  # whole rows only: PINTS's no-buffer path
        chunks = [values[i : i + len(kinds)] for i in range(0, len(values), len(kinds))]
    else:
        chunks = chunked(draw, values)
    stream = draw(flags)
    file = draw(st.sampled_from([None, "text", "csv"]))
    return Scenario(fields, chunks, stream, file)


# --- Parity with PINTS ---------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(scenarios())
def test_same_output_as_pints(sc: Scenario) -> None:
    assert_same_as_pints(sc)


@settings(max_examples=100, deadline=None)
@given(st.lists(times, min_size=1, max_size=20))
def test_time_formatting_same_as_pints(seconds: list[Any]) -> None:
    sc = Scenario([("time", ("T",), {})], [[s] for s in seconds], file="csv")
    assert_same_as_pints(sc)


@settings(max_examples=100, deadline=None)
@given(st.lists(floats_, min_size=1, max_size=10), st.integers(-2, 40))
def test_float_widths_same_as_pints(values: list[Any], width: int) -> None:
    sc = Scenario(
        [("float", ("x", width), {}), ("long_float", ("y",), {})],
        [[v, v] for v in values],
        file="text",
    )
    assert_same_as_pints(sc)


def test_adding_fields_after_a_partial_row_is_allowed_as_in_pints() -> None:
    for module in (paramfit, pints):
        stream = io.StringIO()
        log = module.Logger()
        log.set_stream(stream)
        log.add_int("a").add_int("b")
        log.log(1)  # incomplete: nothing written, so not started
        log.add_int("c")
        log.log(2, 3)
        assert stream.getvalue() == "a     b     c    \n 1     2     3   \n"


def test_values_logged_without_output_are_dropped_as_in_pints() -> None:
    for module in (paramfit, pints):
        stream = io.StringIO()
        log = module.Logger()
        log.set_stream(None)
        log.add_int("a").add_int("b")
        log.log(1)
        log.set_stream(stream)
        log.log(2, 3)
        assert stream.getvalue() == "a     b    \n 2     3   \n"


# --- Documented behaviour --------------------------------------------------


def reference_logger(stream: io.StringIO) -> Logger:
    log = Logger()
    log.set_stream(stream)
    log.add_counter("#", width=2)
    log.add_float("Latitude", width=1)
    log.add_long_float("Number")
    log.add_int("Val", width=4)
    log.add_counter("Count", max_value=12345)
    log.add_time("Time")
    log.add_string("Q", 3)
    return log


def test_spec_reference_header_and_row() -> None:
    stream = io.StringIO()
    log = reference_logger(stream)
    log.log(1, 4, 1.23456789098765432, 12, 10, 0.01, "yes")
    head, row = stream.getvalue().splitlines()
    assert head == "#  Latitude Number                   Val  Count Time     Q  "
    assert row == "1   4        1.23456789098765429e+00  12  10      0:00.0 yes"


def test_one_value_at_a_time_equals_whole_rows() -> None:
    rows = [(1, 4, 1.5, -12, 10, 61.0, "no"), (2, None, -1e-300, 3, 99, None, None)]
    whole, single = io.StringIO(), io.StringIO()
    log = reference_logger(whole)
    for row in rows:
        log.log(*row)
    log = reference_logger(single)
    for value in [v for row in rows for v in row]:
        log.log(value)
    assert whole.getvalue() == single.getvalue()
    assert whole.getvalue().count("\n") == 3


def test_none_is_blank_on_screen_and_empty_in_csv(tmp_path: Any) -> None:
    stream, path = io.StringIO(), tmp_path / "log.csv"
    log = Logger()
    log.set_stream(stream)
    log.set_filename(path, csv=True)
    log.add_float("a").add_string("b", 2).add_counter("c")
    log.log(None, None, None)
    assert stream.getvalue().splitlines()[1] == " " * (9 + 1 + 2 + 1 + 5)
    assert path.read_text() == '"a","b","c"\n,,\n'


def test_csv_format(tmp_path: Any) -> None:
    path = tmp_path / "log.csv"
    log = Logger()
    log.set_stream(None)
    log.set_filename(str(path), csv=True)
    log.add_counter("i").add_float("f").add_long_float("g").add_int("n")
    log.add_time("t").add_string("s", 1)
    log.log(3.7, 0.1, -2, -4.9, 61.25, 'say "hi", ok')
    log.log(4, 1e300, np.nan, 5, 7, 8)
    assert path.read_text() == (
        '"i","f","g","n","t","s"\n'
        '3,1.00000000000000006e-01,-2.00000000000000000e+00,-4,61.25,"say "hi", ok"\n'
        '4,1.00000000000000005e+300,nan,5,7,"8"\n'
    )


def test_files_are_overwritten_then_appended(tmp_path: Any) -> None:
    for csv in (False, True):
        path = tmp_path / "log.txt"
        path.write_text("old contents\n")
        log = Logger()
        log.set_stream(None)
        log.set_filename(path, csv=csv)
        log.add_int("n", file_only=True)
        for i in range(3):
            log.log(i)
        expected = "n    \n 0   \n 1   \n 2   \n" if not csv else '"n"\n0\n1\n2\n'
        assert path.read_text() == expected


def test_file_only_fields_are_in_the_text_file_only(tmp_path: Any) -> None:
    stream, path = io.StringIO(), tmp_path / "log.txt"
    log = Logger()
    log.set_stream(stream)
    log.set_filename(path)
    log.add_int("a").add_int("b", file_only=True).add_int("c")
    log.log(1, 2, 3)
    assert stream.getvalue() == "a     c    \n 1     3   \n"
    assert path.read_text() == "a     b     c    \n 1     2     3   \n"


def test_all_fields_file_only_gives_blank_screen_lines() -> None:
    stream = io.StringIO()
    log = Logger()
    log.set_stream(stream)
    log.add_float("x", file_only=True)
    log.log(1.0)
    log.log(2.0)
    assert stream.getvalue() == "\n\n\n"


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "  0:00.0"),
        (0.05, "  0:00.1"),
        (59.94, "  0:59.9"),
        (59.95, "  1:00.0"),
        (61.25, "  1:01.2"),
        (119.96, "  2:00.0"),
        (3600, " 60:00.0"),
        (-0.01, "  0:00.0"),
        (-5, " -1:55.0"),
        (60000, "1000:00.0"),  # wider than the column: layout breaks
    ],
)
def test_time_format(seconds: float, text: str) -> None:
    stream = io.StringIO()
    log = Logger()
    log.set_stream(stream)
    log.add_time("Elapsed time")  # width 12, but values are not padded
    log.log(seconds)
    assert stream.getvalue() == "Elapsed time\n" + text + "\n"


@pytest.mark.parametrize(
    ("width", "value", "text"),
    [
        (1, 1.5, " 1.5   "),  # width raised to 7
        (7, -1.234567, "-1.2346"),
        (7, -1.6e-299, "-2e-299"),  # too wide: width - 6 significant digits
        (9, 1234567.0, " 1234567 "),
        (9, 123456789.0, " 1.23e+08"),  # 4 digits would fit, but 3 are shown
        (9, -1.23456e-300, "-1.23e-300"),  # still too wide: layout breaks
        (9, np.nan, " nan     "),
        (9, -np.inf, "-inf     "),
    ],
)
def test_float_format(width: int, value: float, text: str) -> None:
    stream = io.StringIO()
    log = Logger()
    log.set_stream(stream)
    log.add_float("f", width)
    log.log(value)
    assert stream.getvalue().splitlines()[1] == text


def test_widths() -> None:
    log = Logger()
    log.add_counter("c", width=0).add_counter("long name", width=3)
    log.add_counter("m", max_value=12345).add_counter("p", 1, max_value=10)
    log.add_float("f", width=3).add_float("g", width=12)
    log.add_int("i", width=-1).add_long_float("l").add_long_float("x" * 30)
    log.add_string("s", 0).add_string("name", 2).add_string("t", 10)
    log.add_time("t").add_time("t" * 10)
    got = [f.width for f in log._fields]
    # max_value=10 needs 2 digits, but ceil(log10(10)) = 1, as in PINTS.
    assert got == [1, 9, 5, 1, 7, 12, 1, 24, 30, 1, 4, 10, 8, 10]


@pytest.mark.parametrize("max_value", [0, -5, np.nan])
def test_counter_max_value_must_be_positive(max_value: float) -> None:
    with pytest.raises(ValueError, match="max_value must be positive"):
        Logger().add_counter("c", max_value=max_value)


def test_string_is_truncated_on_screen_only(tmp_path: Any) -> None:
    stream, path = io.StringIO(), tmp_path / "log.csv"
    log = Logger()
    log.set_stream(stream)
    log.set_filename(path, csv=True)
    log.add_string("s", 3)
    log.log("abcdef")
    assert stream.getvalue() == "s  \nabc\n"
    assert path.read_text() == '"s"\n"abcdef"\n'


# --- Configuration and errors ---------------------------------------------


def test_errors_once_logging_has_started(tmp_path: Any) -> None:
    log = Logger()
    log.set_stream(io.StringIO())
    log.add_int("a")
    log.log(1)
    message = "Cannot add fields after logging has started."
    for add in (
        lambda: log.add_counter("x"),
        lambda: log.add_float("x"),
        lambda: log.add_int("x"),
        lambda: log.add_long_float("x"),
        lambda: log.add_string("x", 3),
        lambda: log.add_time("x"),
    ):
        with pytest.raises(RuntimeError, match=message):
            add()
    message = "Cannot configure after logging has started."
    with pytest.raises(RuntimeError, match=message):
        log.set_filename(tmp_path / "x.log")
    with pytest.raises(RuntimeError, match=message):
        log.set_stream(None)


def test_csv_only_logging_also_counts_as_started(tmp_path: Any) -> None:
    log = Logger()
    log.set_stream(None)
    log.set_filename(tmp_path / "x.csv", csv=True)
    log.add_int("a")
    log.log(1)
    with pytest.raises(RuntimeError, match="Cannot add fields"):
        log.add_int("b")


def test_no_fields() -> None:
    log = Logger()
    log.set_stream(io.StringIO())
    with pytest.raises(ValueError, match=r"^Unable to log: No fields specified\.$"):
        log.log(1)
    log.set_stream(None)
    log.log(1)  # nowhere to log to: silently ignored, even without fields


def test_stream_is_bound_at_construction(monkeypatch: pytest.MonkeyPatch) -> None:
    before, during, after = io.StringIO(), io.StringIO(), io.StringIO()
    monkeypatch.setattr(sys, "stdout", before)
    early = Logger().add_int("early")
    monkeypatch.setattr(sys, "stdout", during)
    late = Logger().add_int("late")
    monkeypatch.setattr(sys, "stdout", after)
    early.log(1)
    late.log(2)
    assert before.getvalue() == "early\n 1   \n"
    assert during.getvalue() == "late \n 2   \n"
    assert after.getvalue() == ""


def test_set_stream_default_is_stdout_at_call_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    log = Logger().add_int("a")
    log.set_stream(None)
    now = io.StringIO()
    monkeypatch.setattr(sys, "stdout", now)
    log.set_stream()
    log.log(5)
    assert now.getvalue() == "a    \n 5   \n"


def test_set_filename_none_disables_file(tmp_path: Any) -> None:
    log = Logger().add_int("a")
    log.set_stream(None)
    log.set_filename(tmp_path / "x.csv", csv=True)
    log.set_filename(None)
    log.log(1)
    assert list(tmp_path.iterdir()) == []


def test_loggable_defaults_are_no_ops() -> None:
    log = Logger()
    paramfit.Loggable()._log_init(log)
    paramfit.Loggable()._log_write(log)
    assert log._fields == []
