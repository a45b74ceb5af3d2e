"""The command line: ``paramfit demo`` and ``paramfit fit``."""

from ._demo import LOWER, UPPER, X0, run_demo
from ._main import build_parser, main

__all__ = ["LOWER", "UPPER", "X0", "build_parser", "main", "run_demo"]
