"""The command line: ``paramfit demo`` and ``paramfit fit``."""

from ._main import LOWER, UPPER, X0, build_parser, main, run_demo

__all__ = ["LOWER", "UPPER", "X0", "build_parser", "main", "run_demo"]
