"""Side-by-side runs against PINTS 0.6.1, the oracle for the methods that
replay its trajectories bit for bit."""

from __future__ import annotations

from typing import Any

import numpy as np


def assert_same_trajectory(theirs: Any, ours: Any, f: Any, steps: int) -> None:
    """Run ``theirs`` (PINTS) and ``ours`` side by side, each scoring its own
    points with ``f`` (``x -> (f, df)``, or ``x -> f`` for derivative-free
    methods), and require every ``ask()`` output and every best and guessed
    value to be identical, bit for bit."""
    for step in range(steps):
        a, b = theirs.ask(), ours.ask()
        assert type(a) is type(b) and len(a) == len(b), step
        np.testing.assert_array_equal(np.asarray(a), np.asarray(b), err_msg=str(step))
        theirs.tell([f(x) for x in a])
        ours.tell([f(x) for x in b])
        for m in ("x_best", "x_guessed"):
            x_a, x_b = getattr(theirs, m)(), getattr(ours, m)()
            np.testing.assert_array_equal(x_a, x_b, err_msg=f"{m} at {step}")
        for m in ("f_best", "f_guessed"):
            assert getattr(theirs, m)() == getattr(ours, m)(), f"{m} at {step}"
