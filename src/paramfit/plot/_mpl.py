"""Lazy access to matplotlib, with a helpful message when it is missing."""

from __future__ import annotations

from types import ModuleType

_MISSING = (
    "paramfit.plot needs matplotlib, which is not installed. "
    'Install it with: pip install "paramfit[plot]"'
)


def pyplot() -> ModuleType:
    """Import and return `matplotlib.pyplot`.

    Returns
    -------
    module
        The `matplotlib.pyplot` module.

    Raises
    ------
    ImportError
        If matplotlib is not installed; the message says which extra to
        install.
    """
    try:
        import matplotlib.pyplot as plt
    except ImportError as e:
        raise ImportError(_MISSING) from e
    return plt
