"""Checkpoints of an optimisation run: save its whole state, resume it later.

A checkpoint holds the optimiser (with its random generator), the
controller's settings and the run's progress: counters, the stopping rules'
history, the log schedule, the scores shown, the trace and the failure
counts. Resuming continues the run exactly: with a deterministic objective,
the final result and trace equal those of an uninterrupted run with the same
seed (except the trace's wall-clock ``time`` column).

File layout: a magic line, the SHA-256 digest of the payload, then the
payload (a pickle). The digest makes a truncated or altered file a clear
error rather than a confusing unpickling failure. Files are written to a
temporary file in the same directory, synced, then moved over the old
checkpoint with `os.replace()`, so a crash while writing leaves the
previous checkpoint intact.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
import timeit
from dataclasses import dataclass
from typing import Any

import numpy as np

from .._typing import FloatArray
from .._util import Timer

#: The first line of every checkpoint file; the number is the layout of the
#: payload (2: the controller's settings and the run's parts by name).
_MAGIC = b"paramfit-checkpoint-v2\n"
_DIGEST_SIZE = 32


class CheckpointError(ValueError):
    """A checkpoint cannot be used: corrupt, or written for another problem."""


@dataclass(frozen=True)
class CheckpointSettings:
    """Where and how often a run is checkpointed.

    Parameters
    ----------
    path : str
        The checkpoint file; its directory must exist.
    every : int or None
        Save after every ``every``-th completed iteration.
    seconds : float or None
        Save once ``seconds`` have passed since the last save.
    """

    path: str
    every: int | None
    seconds: float | None

    @classmethod
    def create(
        cls, path: Any, every: int | None = None, seconds: float | None = None
    ) -> CheckpointSettings:
        """Validate the arguments of ``set_checkpoint``; with neither
        ``every`` nor ``seconds`` given, every iteration is saved."""
        path = os.fspath(path)
        directory = os.path.dirname(os.path.abspath(path))
        if not os.path.isdir(directory):
            raise FileNotFoundError(
                f"The directory of the checkpoint file does not exist: {directory!r}."
            )
        if os.path.isdir(path):
            raise ValueError(f"The checkpoint path is a directory: {path!r}.")
        if every is not None:
            every = int(every)
            if every < 1:
                raise ValueError(f"every must be at least 1; got {every}.")
        if seconds is not None:
            seconds = float(seconds)
            if not seconds >= 0:
                raise ValueError(f"seconds must be zero or more; got {seconds}.")
        if every is None and seconds is None:
            every = 1
        return cls(path, every, seconds)


class Checkpointer:
    """Decides when to save during a run and writes the files."""

    def __init__(self, settings: CheckpointSettings, stamp: dict[str, Any]) -> None:
        self.settings = settings
        self._stamp = stamp
        self._last = timeit.default_timer()

    def due(self, iteration: int) -> bool:
        """Whether to save after ``iteration`` completed iterations."""
        every, seconds = self.settings.every, self.settings.seconds
        if every is not None and iteration % every == 0:
            return True
        return seconds is not None and timeit.default_timer() - self._last >= seconds

    def save(self, payload: dict[str, Any]) -> None:
        """Write ``payload`` (with the fingerprint) atomically and restart
        the clock."""
        write_checkpoint(self.settings.path, {"fingerprint": self._stamp, **payload})
        self._last = timeit.default_timer()


class ResumedTimer(Timer):
    """A `Timer` that starts at ``offset`` seconds (the time the
    interrupted run had already taken)."""

    def __init__(self, offset: float = 0.0) -> None:
        super().__init__()
        self._offset = offset

    def time(self) -> float:
        return self._offset + super().time()


def write_checkpoint(path: str, payload: dict[str, Any]) -> None:
    """Pickle ``payload`` to ``path`` atomically (temp file + ``os.replace``)."""
    try:
        data = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as e:
        raise TypeError(
            f"The run's state cannot be saved to a checkpoint, as it cannot be "
            f"pickled ({e}). Use module-level classes and functions for the "
            "optimiser, boundaries and transformation."
        ) from e
    digest = hashlib.sha256(data).digest()
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(
        dir=directory, prefix="." + os.path.basename(path) + ".", suffix=".tmp"
    )
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(_MAGIC)
            f.write(digest)
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def read_checkpoint(path: Any) -> dict[str, Any]:
    """Load a checkpoint written by `write_checkpoint()`.

    Raises
    ------
    FileNotFoundError
        If there is no such file.
    CheckpointError
        If the file is not a paramfit checkpoint or is corrupt.
    """
    path = os.fspath(path)
    with open(path, "rb") as f:
        raw = f.read()
    if not raw.startswith(_MAGIC):
        if raw.startswith(_MAGIC[:-3]):
            layout = raw[len(_MAGIC) - 3 : raw.find(b"\n")].decode(errors="replace")
            raise CheckpointError(
                f"{path!r} holds a checkpoint in layout {layout}; this version "
                f"of paramfit reads layout {_MAGIC[-3:-1].decode()}. Resume it "
                "with the version of paramfit that wrote it."
            )
        raise CheckpointError(f"{path!r} is not a paramfit checkpoint file.")
    start = len(_MAGIC) + _DIGEST_SIZE
    digest, data = raw[len(_MAGIC) : start], raw[start:]
    if hashlib.sha256(data).digest() != digest:
        raise CheckpointError(
            f"The checkpoint file {path!r} is corrupt (its checksum does not match)."
        )
    try:
        payload = pickle.loads(data)
    except Exception as e:
        raise CheckpointError(
            f"The checkpoint file {path!r} cannot be loaded: {e}"
        ) from e
    if not isinstance(payload, dict) or "fingerprint" not in payload:
        raise CheckpointError(f"{path!r} does not hold an optimisation checkpoint.")
    return payload


def function_hash(function: Any) -> str | None:
    """SHA-256 of ``function``'s pickled bytes, or ``None`` if it cannot be
    pickled (then only the other fingerprint fields are compared)."""
    try:
        data = pickle.dumps(function, protocol=4)
    except Exception:
        return None
    return hashlib.sha256(data).hexdigest()


def fingerprint(function: object, method: object, x0: FloatArray) -> dict[str, Any]:
    """What identifies the run a checkpoint belongs to: paramfit's version,
    the problem's size, the method's class, the starting point(s) (in
    search space, the last axis the parameters) and the function's pickled
    bytes."""
    from .._version import __version__

    cls = type(method)
    return {
        # A method's state is its attributes, which may change between
        # versions: resuming across versions could fail late or silently.
        "version": __version__,
        "n_parameters": int(np.shape(x0)[-1]),
        "optimiser": f"{cls.__module__}.{cls.__qualname__}",
        "x0": np.asarray(x0, dtype=float).tobytes(),
        "function": function_hash(function),
    }


def check_fingerprint(
    stored: dict[str, Any],
    function: Any,
    method: type | None,
    path: str,
    check_function: bool = True,
) -> None:
    """Raise a `CheckpointError` if ``function`` (or ``method``, if
    given) is not the problem the checkpoint at ``path`` was written for, or
    if another version of paramfit wrote it."""
    from .._version import __version__

    written_by = stored.get("version")
    if written_by != __version__:
        raise CheckpointError(
            f"The checkpoint {path!r} was written by paramfit "
            f"{written_by or 'older than 0.1.0'}; this is paramfit {__version__}, "
            "whose optimiser state may differ. Resume it with the version that "
            "wrote it."
        )
    n = int(function.n_parameters())
    if n != stored["n_parameters"]:
        raise CheckpointError(
            f"The checkpoint {path!r} is for a problem with "
            f"{stored['n_parameters']} parameters; the function has {n}."
        )
    if method is not None:
        name = f"{method.__module__}.{method.__qualname__}"
        if name != stored["optimiser"]:
            raise CheckpointError(
                f"The checkpoint {path!r} was written by {stored['optimiser']}; "
                f"cannot resume it with {name}."
            )
    if not check_function:
        return
    digest = function_hash(function)
    if digest is not None and stored["function"] is not None:
        if digest != stored["function"]:
            raise CheckpointError(
                f"The checkpoint {path!r} was written for a different function "
                "(its pickled form differs). Pass the same function, or "
                "check_function=False if it changed in a harmless way."
            )
