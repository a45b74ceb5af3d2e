"""Bad input at every public entry point (issue 14): constructors, setters,
``__call__``/``evaluateS1`` of error measures and log-pdfs, ``tell()``,
evaluators, controllers, ``fmin``/``curve_fit`` and the small utilities.

The fuzzer (``fuzz.py``, entries in ``fuzz_entries*.py``) puts one bad
value in one argument at a time, valid values in the others, under a time
limit. Every call must raise a ``TypeError`` or ``ValueError`` (or return a
result its entry documents, e.g. ``-inf`` from a log-prior at NaN): never
another exception from deep inside, never a silent return, never a hang.

* ``test_valid_arguments_work`` checks the fixtures (a bad "valid" value
  would make every other check pass for the wrong reason);
* ``test_listed_bad_values`` throws every listed bad value;
* ``test_drawn_bad_values`` lets hypothesis draw further ones (``slow``
  runs draw more);
* ``test_messages_name_the_argument`` measures the share of errors whose
  message (with its cause, as a traceback shows it) does not name the
  argument, and keeps it under 5 %.

``python tests/fuzz.py`` prints the whole profile.
"""

from __future__ import annotations

import warnings

import pytest
from fuzz import Entry, call_quietly, judge, profile
from fuzz_entries import entries
from fuzz_strategies import for_slot
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ENTRIES = entries()
ACCEPTED = ("clear", "vague", "documented")


def _id(entry: Entry) -> str:
    return entry.name


def test_every_group_of_entry_points_is_covered():
    groups = {e.group for e in ENTRIES}
    assert groups >= {
        "problems",
        "functions",
        "priors",
        "likelihoods",
        "boundaries",
        "transformations",
        "optimisers",
        "samplers",
        "setters",
        "evaluation",
        "controllers",
        "one-call",
        "misc",
    }
    assert len(ENTRIES) > 200


@pytest.mark.parametrize("entry", ENTRIES, ids=_id)
def test_valid_arguments_work(entry):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        call_quietly(entry, entry.valid_kwargs())


@pytest.mark.parametrize("entry", ENTRIES, ids=_id)
def test_listed_bad_values(entry):
    failures = [
        outcome
        for slot in entry.slots
        for label, value in slot.bad
        if (outcome := judge(entry, slot, label, value)).kind not in ACCEPTED
    ]
    assert failures == []


#: Entries whose slots hypothesis can draw values for (cheap to call).
DRAWABLE = [
    e
    for e in ENTRIES
    if any(for_slot(s) is not None for s in e.slots)
    and e.group not in ("one-call", "evaluation")
]


@st.composite
def bad_calls(draw: st.DrawFn) -> tuple[Entry, str, str, object]:
    entry = draw(st.sampled_from(DRAWABLE))
    slots = [s for s in entry.slots if for_slot(s) is not None]
    slot = draw(st.sampled_from(slots))
    strategy = for_slot(slot)
    assert strategy is not None
    label, value = draw(strategy)
    return entry, slot.name, label, value


def _check(call: tuple[Entry, str, str, object]) -> None:
    entry, name, label, value = call
    slot = next(s for s in entry.slots if s.name == name)
    outcome = judge(entry, slot, label, value)
    assert outcome.kind in ACCEPTED, outcome


_SETTINGS = dict(
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    derandomize=True,
)


@settings(max_examples=400, **_SETTINGS)
@given(bad_calls())
def test_drawn_bad_values(call):
    _check(call)


@pytest.mark.slow
@settings(max_examples=5000, **{**_SETTINGS, "derandomize": False})
@given(bad_calls())
def test_drawn_bad_values_deeply(call):
    _check(call)


def test_messages_name_the_argument():
    """At most 5 % of the errors leave the user to guess which argument was
    wrong, and none is an exception from deep inside."""
    p = profile(ENTRIES)
    assert p.counts.get("unclear", 0) == 0
    assert p.counts.get("silent", 0) == 0
    assert p.counts.get("hang", 0) == 0
    assert p.share("vague") <= 0.05, [o for o in p.cases if o.kind == "vague"][:20]
