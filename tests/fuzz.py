"""The bad-input fuzzer: families of bad values, the entry points they are
thrown at, and how each call's outcome is judged.

An `Entry` is one public entry point (a constructor, a setter, ``__call__``
of an error measure or log-pdf, ``tell()``, an evaluator, a controller, a
one-call function) with one `Slot` per argument. Every slot has a valid
value and a *kind* (``"positive"``, ``"count"``, ``"vector"``, ...); the
kind says which bad values it gets (`bad_values`, listed; `bad_strategy`,
drawn by hypothesis). One call puts one bad value in one slot and valid
values everywhere else, under a time limit, and its outcome is one of:

* ``clear``: a ``TypeError`` or ``ValueError`` whose message names the
  argument (its name or one of the slot's aliases);
* ``vague``: a ``TypeError`` or ``ValueError`` that does not name it;
* ``unclear``: any other exception (``AttributeError``, ``IndexError``,
  ``OverflowError``, ``KeyError``, ... from deep inside);
* ``documented``: it returned, and the entry documents that result for
  that input (e.g. a log-prior is ``-inf`` at NaN);
* ``silent``: it returned anything else;
* ``hang``: it did not return within the time limit.

``python tests/fuzz.py`` prints the profile of every listed bad value at
every entry point (see `profile`); the entries live in ``fuzz_entries*.py``.
"""

from __future__ import annotations

import contextlib
import io
import math
import signal
import time
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

#: Seconds a single call may take before it counts as a hang.
TIME_LIMIT = 5.0
NAN, INF = math.nan, math.inf


class Hang(BaseException):
    """Raised in the main thread when a call exceeds `TIME_LIMIT`."""


class _Opaque:
    """An object that is not a number, a sequence or anything else."""

    def __repr__(self) -> str:
        return "<opaque object>"


OPAQUE = _Opaque()


class _Valid:
    """Stands for "a valid value, computed by the entry itself"."""

    def __repr__(self) -> str:
        return "<valid>"


VALID = _Valid()

#: Values that are not real numbers (a numeric string is not a number).
NOT_NUMBERS: tuple[tuple[str, Any], ...] = (
    ("None", None),
    ("numeric str", "1.5"),
    ("word", "abc"),
    ("bytes", b"1"),
    ("list of one", [1.0]),
    ("list of two", [1.0, 2.0]),
    ("dict", {"a": 1.0}),
    ("object", OPAQUE),
    ("complex", 1 + 2j),
    ("set", {1.0}),
)
NON_FINITE: tuple[tuple[str, Any], ...] = (("nan", NAN), ("inf", INF), ("-inf", -INF))
HUGE: tuple[tuple[str, Any], ...] = (("10**400", 10**400), ("-10**400", -(10**400)))
#: Values that are not a sequence of numbers.
NOT_VECTORS: tuple[tuple[str, Any], ...] = (
    ("None", None),
    ("word", "abc"),
    ("numeric str", "1.5"),
    ("dict", {"a": 1.0}),
    ("object", OPAQUE),
    ("complex", 1 + 2j),
)


def vector_bad(n: int, *, finite: bool = True) -> list[tuple[str, Any]]:
    """Bad values for a vector of length ``n``."""
    bad = list(NOT_VECTORS)
    bad += [
        ("str entries", ["1.0"] * n),
        ("None entries", [None] * n),
        ("complex entries", [1j] * n),
        ("object entries", [OPAQUE] * n),
        ("ragged", [[1.0], [1.0, 2.0]]),
        ("too long", [0.5] * (n + 1)),
        ("empty", []),
        ("2-d", np.full((n, 2), 0.5)),
        ("huge entries", [10**400] * n),
    ]
    if n > 1:
        bad.append(("too short", [0.5] * (n - 1)))
    if finite:
        bad += [("nan entries", [NAN] * n), ("inf entries", [INF] * n)]
    return bad


def scalar_bad(kind: str, minimum: float = 1) -> list[tuple[str, Any]]:
    """Bad values for a scalar of ``kind``: ``real`` (any finite number),
    ``positive``, ``nonneg``, ``probability`` (in [0, 1]), ``count`` (an
    integer >= ``minimum``) or ``bool``."""
    if kind == "bool":
        return [
            ("word", "yes"),
            ("str False", "False"),
            ("object", OPAQUE),
            ("list", [True]),
            ("float", 0.5),
            ("int 2", 2),
        ]
    bad = list(NOT_NUMBERS) + list(NON_FINITE) + list(HUGE)
    if kind == "positive":
        bad += [("zero", 0.0), ("negative", -1.0), ("tiny negative", -1e-300)]
    elif kind == "nonneg":
        bad += [("negative", -1.0), ("tiny negative", -1e-300)]
    elif kind == "probability":
        bad += [("negative", -0.1), ("above one", 1.5)]
    elif kind == "count":
        bad += [
            ("below minimum", int(minimum) - 1),
            ("negative", -5),
            ("fraction", minimum + 0.5),
            ("1e308", 1e308),
            ("10**18", 10**18),
            ("numeric str int", "3"),
        ]
    return bad


@dataclass(frozen=True)
class Slot:
    """One argument of an entry point.

    ``valid`` is a value (or a zero-argument factory, if ``factory``) used
    when another slot is under test; ``bad`` lists ``(label, value)`` pairs;
    ``aliases`` are other words a clear message may use for the argument.
    ``kind`` (``"real"``, ``"positive"``, ``"nonneg"``, ``"probability"``,
    ``"count"``, ``"vector"``, ``"point"``), with ``size`` (a count's
    minimum, a vector's length) and ``ok`` (labels of values valid here),
    lets hypothesis draw further bad values (``fuzz_strategies.py``).
    """

    name: str
    valid: Any
    bad: Sequence[tuple[str, Any]]
    aliases: tuple[str, ...] = ()
    factory: bool = False
    kind: str | None = None
    size: int = 1
    ok: frozenset[str] = frozenset()

    def value(self) -> Any:
        return self.valid() if self.factory else self.valid

    def words(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


#: Judges a returned value: ``True`` if the entry documents that result for
#: the bad value in the named slot.
Documented = Callable[[str, Any, Any], bool]


def _never(slot: str, value: Any, result: Any) -> bool:
    return False


@dataclass(frozen=True)
class Entry:
    """A public entry point: ``call(**{slot.name: value})``."""

    name: str
    call: Callable[..., Any]
    slots: tuple[Slot, ...]
    documented: Documented = _never
    group: str = "core"
    limit: float = TIME_LIMIT

    def valid_kwargs(self) -> dict[str, Any]:
        return {s.name: s.value() for s in self.slots}


@dataclass
class Outcome:
    entry: str
    slot: str
    label: str
    kind: str
    detail: str = ""


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise `Hang` in the main thread after ``seconds``."""

    def handler(signum: int, frame: object) -> None:
        raise Hang(f"no answer within {seconds} s")

    previous = signal.signal(signal.SIGALRM, handler)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def call_quietly(entry: Entry, kwargs: dict[str, Any]) -> Any:
    """``entry.call(**kwargs)`` under the time limit, warnings and output
    swallowed."""
    with (
        warnings.catch_warnings(),
        contextlib.redirect_stdout(io.StringIO()),
        contextlib.redirect_stderr(io.StringIO()),
        np.errstate(all="ignore"),
        time_limit(entry.limit),
    ):
        warnings.simplefilter("ignore")
        return entry.call(**kwargs)


def judge(entry: Entry, slot: Slot, label: str, value: Any) -> Outcome:
    """Call ``entry`` with ``value`` in ``slot`` and classify the outcome."""
    kwargs = entry.valid_kwargs()
    kwargs[slot.name] = value
    start = time.perf_counter()
    try:
        result = call_quietly(entry, kwargs)
    except Hang:
        return Outcome(entry.name, slot.name, label, "hang")
    except (TypeError, ValueError) as e:
        # What a traceback shows: the message, its notes and its cause (where
        # PINTS's exact message is kept, the detail is the cause).
        parts = [str(e), *getattr(e, "__notes__", ())]
        if e.__cause__ is not None:
            parts.append(str(e.__cause__))
        message = " ".join(parts).lower()
        named = any(word.lower() in message for word in slot.words())
        return Outcome(
            entry.name,
            slot.name,
            label,
            "clear" if named else "vague",
            f"{type(e).__name__}: {e}",
        )
    except Exception as e:  # noqa: BLE001 - classifying is the point
        return Outcome(
            entry.name, slot.name, label, "unclear", f"{type(e).__name__}: {e}"
        )
    if time.perf_counter() - start > entry.limit:  # pragma: no cover
        return Outcome(entry.name, slot.name, label, "hang")
    if entry.documented(slot.name, value, result):
        return Outcome(entry.name, slot.name, label, "documented")
    return Outcome(entry.name, slot.name, label, "silent", _short(result))


def _short(result: Any) -> str:
    text = repr(result)
    return text if len(text) < 120 else text[:117] + "..."


def outcomes(entries: Sequence[Entry]) -> Iterator[Outcome]:
    """Every listed bad value in every slot of every entry."""
    for entry in entries:
        for slot in entry.slots:
            for label, value in slot.bad:
                yield judge(entry, slot, label, value)


@dataclass
class Profile:
    """Counts of outcomes, and the cases that are not clear."""

    counts: dict[str, int] = field(default_factory=dict)
    cases: list[Outcome] = field(default_factory=list)
    entries: int = 0

    @property
    def calls(self) -> int:
        return sum(self.counts.values())

    @property
    def raising(self) -> int:
        return sum(self.counts.get(k, 0) for k in ("clear", "vague", "unclear"))

    def share(self, kind: str) -> float:
        return self.counts.get(kind, 0) / max(1, self.raising)


def profile(entries: Sequence[Entry]) -> Profile:
    p = Profile(entries=len(entries))
    for o in outcomes(entries):
        p.counts[o.kind] = p.counts.get(o.kind, 0) + 1
        if o.kind not in ("clear", "documented"):
            p.cases.append(o)
    return p


def main() -> None:
    import argparse

    from fuzz_entries import entries

    parser = argparse.ArgumentParser(description="Profile of the bad-input fuzzer.")
    parser.add_argument("--group", help="only entries of this group")
    parser.add_argument("--show", default="silent,unclear,hang,vague")
    parser.add_argument("--trace", action="store_true", help="print every call")
    args = parser.parse_args()
    selected = [e for e in entries() if args.group in (None, e.group)]
    if args.trace:
        global judge
        plain = judge

        def judge(entry: Entry, slot: Slot, label: str, value: Any) -> Outcome:
            print(f"... {entry.name} [{slot.name}={label}]", flush=True)
            return plain(entry, slot, label, value)

    p = profile(selected)
    show = set(args.show.split(","))
    for o in p.cases:
        if o.kind in show:
            print(f"{o.kind:8} {o.entry} [{o.slot}={o.label}] {o.detail}")
    print(
        f"\n{p.entries} entry points, {p.calls} calls: "
        + ", ".join(f"{k} {v}" for k, v in sorted(p.counts.items()))
        + f"; unclear {100 * p.share('unclear'):.1f} % and vague "
        f"{100 * p.share('vague'):.1f} % of {p.raising} raising calls"
    )


if __name__ == "__main__":
    main()
