"""An `OptimisationResult` in words and on disk: its summary, and its
``.npz`` file (an open format: NumPy arrays by name, no pickles)."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from .._typing import PathLike
from ._stopping import StopReason

if TYPE_CHECKING:
    from ._result import OptimisationResult

#: Stored in every file, to recognise one (and its layout) when loading.
FORMAT = "paramfit.OptimisationResult"
#: The layout of the file; `read_result_file` reads this one and earlier ones.
VERSION = 1

#: Why a run stopped, in words, for each reason (the halting message gives
#: the numbers).
EXPLANATIONS = {
    StopReason.MAX_ITERATIONS: (
        "The run used up its iterations. The optimum may not have been reached "
        "yet: see whether the trace had levelled off, or allow more iterations "
        "(set_max_iterations)."
    ),
    StopReason.MAX_EVALUATIONS: (
        "The run used up its function evaluations. The optimum may not have "
        "been reached yet: see whether the trace had levelled off, or allow "
        "more (set_max_evaluations)."
    ),
    StopReason.FUNCTION_TOLERANCE: (
        "The best score stopped improving: it changed by less than the "
        "tolerance for the set number of iterations (set_function_tolerance). "
        "The optimiser has converged, to the optimum or to a local one."
    ),
    StopReason.PARAMETER_TOLERANCE: (
        "The best position stopped moving: no parameter changed by more than "
        "its tolerance for the set number of iterations "
        "(set_parameter_tolerance)."
    ),
    StopReason.THRESHOLD: (
        "The score reached the target set with set_threshold: good enough, by "
        "the run's own standard."
    ),
    StopReason.MAX_TIME: (
        "The run used up its time budget (set_max_time). The optimum may not "
        "have been reached yet."
    ),
    StopReason.OPTIMISER: (
        "The optimiser itself could go no further; its message above says why."
    ),
    StopReason.CONVERGED: "The run met its convergence criteria.",
}

_SCALARS = (
    "f",
    "f_guessed",
    "iterations",
    "evaluations",
    "time",
    "failed_evaluations",
    "retried_evaluations",
    "non_finite_evaluations",
)
_TRACE = ("iterations", "evaluations", "best", "current", "time")


def summary_text(
    result: OptimisationResult, parameter_names: Sequence[str] | None = None
) -> str:
    """The text of `OptimisationResult.summary()`."""
    x = np.asarray(result.x, dtype=float)
    names = _names(parameter_names, len(x))
    kind = "log-pdf, maximised" if result.maximising else "error, minimised"
    method = f" with {result.method}" if result.method else ""
    explanation = EXPLANATIONS.get(result.stop_reason, "")
    lines = [
        f"Optimisation{method}",
        f"Stopped: {result.message}",
        *textwrap.wrap(explanation, 76, initial_indent="  ", subsequent_indent="  "),
        f"f = {result.f:.10g} ({kind})",
    ]
    if not np.isfinite(result.f):
        lines.append(
            "No point with a finite score was found: check the starting point, "
            "the boundaries and the function."
        )
    width = max(len(n) for n in names) if names else 0
    lines.append("Parameters:")
    lines += [f"  {n:<{width}}  {v: .10g}" for n, v in zip(names, x, strict=True)]
    seed = "none (a deterministic method, or a Generator was given)"
    if result.seed is not None:
        seed = str(result.seed)
    lines.append(
        f"{result.iterations} iterations, {result.evaluations} evaluations, "
        f"{result.time:.3g} s; seed {seed}."
    )
    failures = _failures(result)
    if failures:
        lines.append("Failures: " + "; ".join(failures) + ".")
    return "\n".join(lines)


def _names(names: Sequence[str] | None, n: int) -> list[str]:
    if names is None:
        return [f"p{k + 1}" for k in range(n)]
    if isinstance(names, str) or len(names) != n:
        raise ValueError(
            f"parameter_names must be a sequence of {n} names (one per "
            f"parameter); got {names!r}."
        )
    return [str(name) for name in names]


def _failures(result: OptimisationResult) -> list[str]:
    counts = [
        (result.failed_evaluations, "evaluations raised and were scored inf"),
        (result.retried_evaluations, "retries after an exception"),
        (result.non_finite_evaluations, "values were NaN or infinite"),
    ]
    return [f"{n} {what}" for n, what in counts if n]


def save_result(result: OptimisationResult, path: PathLike) -> None:
    """Write ``result`` to ``path`` (see `OptimisationResult.save`)."""
    trace = result.trace
    arrays: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "x": np.asarray(result.x, dtype=float),
        "x_guessed": np.asarray(result.x_guessed, dtype=float),
        "stop_reason": result.stop_reason.value,
        "message": result.message,
        "method": result.method,
        "maximising": bool(result.maximising),
        **{name: getattr(result, name) for name in _SCALARS},
        **{f"trace_{name}": getattr(trace, name) for name in _TRACE},
    }
    if trace.positions is not None:
        arrays["trace_positions"] = trace.positions
    if result.seed is not None:
        # As text: a seed drawn from NumPy's global state has 128 bits.
        arrays["seed"] = str(result.seed)
    np.savez(path, **arrays)


def read_result_file(path: PathLike) -> dict[str, Any]:
    """The arrays of a file written by `save_result`, checked.

    Raises
    ------
    ValueError
        If the file does not hold a saved `OptimisationResult` of a layout
        this version reads.
    """
    try:
        with np.load(path, allow_pickle=False) as data:
            fields = dict(data)
    except (OSError, ValueError) as e:
        raise ValueError(f"Cannot read an OptimisationResult from {path!r}: {e}") from e
    if fields.get("format") != FORMAT:
        raise ValueError(f"{path!r} does not hold a saved OptimisationResult.")
    version = int(fields["version"])
    if version > VERSION:
        raise ValueError(
            f"{path!r} was saved by a newer paramfit (layout {version}); this "
            f"version reads layout {VERSION} and earlier."
        )
    return fields


def result_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """The scalar fields of an `OptimisationResult` from the arrays read by
    `read_result_file` (the trace and positions apart)."""
    ints = {"iterations", "evaluations"} | {n for n in _SCALARS if "_evaluations" in n}
    values: dict[str, Any] = {
        name: int(fields[name]) if name in ints else float(fields[name])
        for name in _SCALARS
    }
    seed = fields.get("seed")
    return {
        **values,
        "x": fields["x"],
        "x_guessed": fields["x_guessed"],
        "stop_reason": StopReason(str(fields["stop_reason"])),
        "message": str(fields["message"]),
        "method": str(fields["method"]),
        "maximising": bool(fields["maximising"]),
        "seed": None if seed is None else int(str(seed)),
    }


def trace_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """The arrays of an `OptimisationTrace`, from `read_result_file`."""
    trace = {name: fields[f"trace_{name}"] for name in _TRACE}
    trace["positions"] = fields.get("trace_positions")
    return trace
