"""The on-disk cache of generated model code.

A model's generated source is written once to
``<cache>/models/m_<hash of the source>.py`` and never rewritten (numba's
cache of the compiled functions, in ``__pycache__`` beside it, is keyed on
the file's time stamp). An index maps a *fingerprint* of the user's
functions (their byte code, constants, defaults, closures and the globals
they read, recursively) to that file, so a model built again, in a new
process, a worker or a later session, skips the symbolic derivation (and the
import of SymPy) entirely.

The cache lives in ``$PARAMFIT_CACHE_DIR`` if set, else
``$XDG_CACHE_HOME/paramfit`` or ``~/.cache/paramfit``, else a folder in the
temporary directory.
"""

from __future__ import annotations

import hashlib
import importlib.util
import math
import os
import sys
import tempfile
import types
from collections.abc import Callable
from pathlib import Path

import numpy as np

#: Bumped whenever the generated code changes meaning (invalidates the index).
ENGINE_VERSION = "1"
_MODULE_PREFIX = "paramfit_generated_models"


def cache_dir() -> Path:
    """The folder of the model cache (created if needed)."""
    candidates = []
    if os.environ.get("PARAMFIT_CACHE_DIR"):
        candidates.append(Path(os.environ["PARAMFIT_CACHE_DIR"]))
    else:
        xdg = os.environ.get("XDG_CACHE_HOME")
        base = Path(xdg) if xdg else Path.home() / ".cache"
        candidates.append(base / "paramfit")
    candidates.append(Path(tempfile.gettempdir()) / f"paramfit-{os.getuid()}")
    for folder in candidates:
        try:
            (folder / "models").mkdir(parents=True, exist_ok=True)
            (folder / "index").mkdir(parents=True, exist_ok=True)
            return folder
        except OSError:
            continue
    raise OSError(f"No writable cache folder among {candidates}.")


class Unfingerprintable(Exception):
    """A user function reads something whose value cannot be hashed: the
    model is derived again each time (correct, only slower)."""


def fingerprint(*parts: object) -> str:
    """A hash of everything that determines a model's generated code."""
    digest = hashlib.sha256(ENGINE_VERSION.encode())
    digest.update(sys.version.encode())
    seen: set[int] = set()
    for part in parts:
        _feed(digest, part, seen)
    return digest.hexdigest()[:32]


def _feed(digest: hashlib._Hash, value: object, seen: set[int]) -> None:
    if value is None or isinstance(value, (bool, int, str, bytes)):
        digest.update(repr((type(value).__name__, value)).encode())
    elif isinstance(value, float):
        digest.update(
            b"f" + (repr(value) if math.isfinite(value) else str(value)).encode()
        )
    elif isinstance(value, (tuple, list)):
        digest.update(f"seq{len(value)}".encode())
        for item in value:
            _feed(digest, item, seen)
    elif isinstance(value, dict):
        for key in sorted(value, key=repr):
            _feed(digest, key, seen)
            _feed(digest, value[key], seen)
    elif isinstance(value, np.ndarray):
        digest.update(str(value.dtype).encode() + str(value.shape).encode())
        digest.update(np.ascontiguousarray(value).tobytes())
    elif isinstance(value, (np.floating, np.integer)):
        _feed(digest, value.item(), seen)
    elif isinstance(value, types.ModuleType):
        digest.update(b"module:" + value.__name__.encode())
    elif isinstance(value, types.FunctionType):
        if value.__module__.startswith("paramfit.models"):
            # The engine's own helpers (e.g. ``where``): their meaning is
            # covered by ENGINE_VERSION.
            digest.update(f"engine:{value.__qualname__}".encode())
        else:
            _feed_function(digest, value, seen)
    elif isinstance(value, types.CodeType):
        _feed_code(digest, value, seen)
    elif isinstance(value, (types.BuiltinFunctionType, np.ufunc)):
        module = getattr(value, "__module__", None) or "numpy"
        digest.update(f"builtin:{module}.{value.__name__}".encode())
    else:
        raise Unfingerprintable(type(value).__name__)


def _feed_code(digest: hashlib._Hash, code: types.CodeType, seen: set[int]) -> None:
    digest.update(code.co_code)
    digest.update(repr((code.co_names, code.co_varnames, code.co_freevars)).encode())
    for const in code.co_consts:
        _feed(digest, const, seen)


def _feed_function(
    digest: hashlib._Hash, function: types.FunctionType, seen: set[int]
) -> None:
    if id(function) in seen:
        digest.update(b"recursive")
        return
    seen.add(id(function))
    _feed_code(digest, function.__code__, seen)
    _feed(digest, function.__defaults__, seen)
    for cell in function.__closure__ or ():
        _feed(digest, cell.cell_contents, seen)
    from ._symbolic import _global_names

    for name in sorted(_global_names(function.__code__)):
        if name in function.__globals__:
            _feed(digest, name, seen)
            _feed(digest, function.__globals__[name], seen)


def lookup(key: str) -> str | None:
    """The generated source recorded for fingerprint ``key``, if any."""
    folder = cache_dir()
    try:
        name = (folder / "index" / f"{key}.txt").read_text().strip()
        return (folder / "models" / f"{name}.py").read_text()
    except OSError:
        return None


def record(key: str, source: str) -> None:
    """Remember that fingerprint ``key`` gives ``source``."""
    folder = cache_dir()
    _write_once(folder / "index" / f"{key}.txt", module_name(source))


def module_name(source: str) -> str:
    """The file name (without ``.py``) of a generated source."""
    return "m_" + hashlib.sha256(source.encode()).hexdigest()[:24]


def load(source: str) -> types.ModuleType:
    """Import a generated source (writing its file first if it is new)."""
    name = module_name(source)
    qualified = f"{_MODULE_PREFIX}.{name}"
    if qualified in sys.modules:
        return sys.modules[qualified]
    path = cache_dir() / "models" / f"{name}.py"
    _write_once(path, source)
    spec = importlib.util.spec_from_file_location(qualified, path)
    if spec is None or spec.loader is None:  # pragma: no cover - never for a .py
        raise ImportError(f"Cannot import the generated model {path}.")
    module = importlib.util.module_from_spec(spec)
    sys.modules[qualified] = module
    spec.loader.exec_module(module)
    return module


def _write_once(path: Path, text: str) -> None:
    """Write atomically unless the file already holds ``text`` (rewriting
    would change its time stamp and invalidate numba's cache)."""
    try:
        if path.read_text() == text:
            return
    except OSError:
        pass
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "w") as handle:
        handle.write(text)
    os.replace(tmp, path)


def callable_name(function: Callable[..., object]) -> str:
    """A readable name for messages."""
    return getattr(function, "__qualname__", repr(function))
