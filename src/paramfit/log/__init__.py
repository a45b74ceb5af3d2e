"""PINTS's table logger: aligned columns on screen, text or CSV files."""

from ._logger import Loggable, Logger

__all__ = ["Loggable", "Logger"]
