"""The version of paramfit: the one place it is written (the build reads it)."""

__version__ = "0.1.0"
__version_int__ = tuple(int(part) for part in __version__.split("."))


def version(formatted: bool = False) -> tuple[int, ...] | str:
    """Return the version as a tuple of ints, or as ``'paramfit X.Y.Z'``."""
    if formatted:
        return "paramfit " + __version__
    return __version_int__
