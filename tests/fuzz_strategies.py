"""Hypothesis strategies of bad values for the fuzzer's slots (see
``fuzz.py``): every draw is a ``(label, value)`` pair, the label being the
family the value belongs to (``"nan"``, ``"negative"``, ``"too long"``,
...), so that a slot's ``ok`` labels (values valid there) are never drawn.
"""

from __future__ import annotations

import math
from typing import Any

from fuzz import OPAQUE, Slot
from hypothesis import strategies as st

Draw = st.SearchStrategy[tuple[str, Any]]

#: Integers too large for a float.
_HUGE = st.integers(min_value=2**1024, max_value=2**1100)


def _text_label(s: str) -> str:
    try:
        float(s)
    except ValueError:
        return "word"
    return "numeric str"


def not_numbers() -> Draw:
    """Values that are not a real number (a numeric string is not one)."""
    return st.one_of(
        st.just(("None", None)),
        st.text(min_size=1, max_size=6).map(lambda s: (_text_label(s), s)),
        st.from_regex(r"\A-?[0-9]{1,3}(\.[0-9]{1,2})?\Z").map(
            lambda s: ("numeric str", s)
        ),
        st.binary(min_size=1, max_size=3).map(lambda b: ("bytes", b)),
        st.lists(st.floats(), min_size=1, max_size=3).map(
            lambda v: ("list of one" if len(v) == 1 else "list of two", v)
        ),
        st.complex_numbers(allow_nan=False, allow_infinity=False)
        .filter(lambda c: c.imag != 0)
        .map(lambda c: ("complex", c)),
        st.dictionaries(st.text(max_size=2), st.floats(), min_size=1, max_size=2).map(
            lambda d: ("dict", d)
        ),
        st.just(("object", OPAQUE)),
    )


def _non_finite() -> Draw:
    return st.sampled_from([("nan", math.nan), ("inf", math.inf), ("-inf", -math.inf)])


def _huge() -> Draw:
    return st.one_of(
        _HUGE.map(lambda v: ("10**400", v)), _HUGE.map(lambda v: ("-10**400", -v))
    )


def scalar(kind: str, minimum: int) -> Draw:
    """Bad values for a number of ``kind`` (as ``fuzz.scalar_bad``)."""
    parts = [not_numbers(), _non_finite(), _huge()]
    if kind == "positive":
        parts.append(
            st.floats(max_value=0.0, allow_nan=False, allow_infinity=False).map(
                lambda v: ("zero" if v == 0 else "negative", v)
            )
        )
    elif kind == "nonneg":
        parts.append(
            st.floats(max_value=-1e-300, allow_nan=False, allow_infinity=False).map(
                lambda v: ("negative", v)
            )
        )
    elif kind == "probability":
        parts += [
            st.floats(max_value=-1e-12, allow_infinity=False).map(
                lambda v: ("negative", v)
            ),
            st.floats(min_value=1 + 1e-12, allow_infinity=False).map(
                lambda v: ("above one", v)
            ),
        ]
    elif kind == "count":
        parts += [
            st.integers(max_value=minimum - 1).map(
                lambda v: ("below minimum" if v == minimum - 1 else "negative", v)
            ),
            st.floats(min_value=-1e6, max_value=1e6)
            .filter(lambda v: v != int(v))
            .map(lambda v: ("fraction", v)),
            st.integers(min_value=10**15, max_value=10**300).map(
                lambda v: ("10**18", v)
            ),
            st.integers(min_value=1, max_value=99).map(
                lambda v: ("numeric str int", str(v))
            ),
        ]
    return st.one_of(*parts)


def vector(n: int, finite: bool) -> Draw:
    """Bad values for a vector of length ``n`` (``finite``: NaN and
    infinities are bad too)."""
    numbers = st.floats(min_value=-1e6, max_value=1e6)
    wrong_length = st.lists(numbers, max_size=n + 3).filter(lambda v: len(v) != n)
    bad_entry = st.one_of(
        st.just(("None entries", None)),
        st.text(min_size=1, max_size=3).map(lambda s: ("str entries", s)),
        st.just(("object entries", OPAQUE)),
        st.just(("complex entries", 1j)),
        _HUGE.map(lambda v: ("huge entries", v)),
    )
    if finite:
        bad_entry = st.one_of(
            bad_entry,
            st.sampled_from([("nan entries", math.nan), ("inf entries", math.inf)]),
        )

    @st.composite
    def one_bad_entry(draw: st.DrawFn) -> tuple[str, Any]:
        values: list[Any] = draw(st.lists(numbers, min_size=n, max_size=n))
        label, entry = draw(bad_entry)
        values[draw(st.integers(0, n - 1))] = entry
        return label, values

    return st.one_of(
        wrong_length.map(
            lambda v: (
                "empty" if not v else "too long" if len(v) > n else "too short",
                v,
            )
        ),
        one_bad_entry(),
        not_numbers().filter(lambda p: p[0] not in ("list of one", "list of two")),
        st.lists(numbers, min_size=n, max_size=n).map(lambda v: ("2-d", [v, v])),
    )


def _length_label(v: list[Any], n: int) -> str:
    if not v:
        return "empty"
    return "too long" if len(v) > n else "too short"


def for_slot(slot: Slot) -> Draw | None:
    """Bad values for ``slot`` (none of its ``ok`` ones), or ``None`` if it
    has no kind (its listed values are all it gets)."""
    if slot.kind is None:
        return None
    if slot.kind in ("vector", "point"):
        draws = vector(slot.size, finite=slot.kind == "vector")
    else:
        draws = scalar(slot.kind, slot.size)
    return draws.filter(lambda pair: pair[0] not in slot.ok)
