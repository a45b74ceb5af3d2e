"""The command line: ``paramfit demo``, ``paramfit fit`` and ``paramfit sample``."""

from ._demo import LOWER, UPPER, X0, run_demo
from ._main import build_parser, main

__all__ = ["LOWER", "UPPER", "X0", "build_parser", "main", "run_demo"]
