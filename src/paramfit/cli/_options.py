"""The command line's parser, and the types of its options: each type turns
the text given on the command line into a value, or raises
`argparse.ArgumentTypeError` with the requirement and what was given
(argparse prefixes the option's name)."""

from __future__ import annotations

import argparse
import math
from typing import NoReturn, TypeAlias


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors fit on one line of stderr.

    argparse's convention (exit status 2) is kept; the usage block is
    replaced by a pointer to ``--help``.
    """

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


#: The sub-parsers of the ``paramfit`` command, to which each command adds its
#: own.
Subcommands: TypeAlias = "argparse._SubParsersAction[Parser]"


def _integer_at_least(minimum: int, requirement: str, text: str) -> int:
    """``int(text)``, if it is at least ``minimum``."""
    try:
        value = int(text)
    except ValueError:
        value = minimum - 1
    if value < minimum:
        raise argparse.ArgumentTypeError(f"must be {requirement}; got {text!r}")
    return value


def positive_int(text: str) -> int:
    """A count, 1 or more (``--iterations``, ``--parallel``, ...)."""
    return _integer_at_least(1, "a positive integer", text)


def non_negative_int(text: str) -> int:
    """An integer, 0 or more (e.g. a seed, ``--seed``)."""
    return _integer_at_least(0, "a non-negative integer", text)


def floats(text: str) -> list[float]:
    """Comma-separated finite numbers, e.g. ``0.1,700``."""
    try:
        values = [float(s) for s in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"must be comma-separated numbers; got {text!r}"
        ) from None
    if not all(math.isfinite(v) for v in values):
        raise argparse.ArgumentTypeError(f"must be finite numbers; got {text!r}")
    return values


def bounds(text: str) -> tuple[list[float], list[float]]:
    """Comma-separated ``LOW:HIGH`` pairs, e.g. ``0:1,200:1000``: the lower
    and the upper bounds."""
    lower, upper = [], []
    for pair in text.split(","):
        low, sep, high = pair.partition(":")
        try:
            lo, hi = float(low), float(high)
        except ValueError:
            lo = hi = math.nan
        if not sep or not (math.isfinite(lo) and math.isfinite(hi)) or lo >= hi:
            raise argparse.ArgumentTypeError(
                f"must be LOW:HIGH pairs with LOW < HIGH, separated by commas "
                f"(e.g. 0:1,200:1000); got {pair!r}"
            )
        lower.append(lo)
        upper.append(hi)
    return lower, upper
