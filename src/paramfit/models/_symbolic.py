"""Turning the user's plain-Python functions into symbolic expressions.

The right-hand side (and the initial conditions and outputs, when they are
functions) is called once with SymPy symbols in place of numbers [1]_. The
``math`` and ``numpy`` functions it uses are swapped for their SymPy
equivalents for that call only, in its globals and those of the helper
functions it calls, so the user writes ordinary numerical code. What cannot
be traced (an ``if`` on a state, a function SymPy does not know) raises
`TraceError`, naming the construct and the line.

References
----------
.. [1] Meurer et al. (2017) SymPy: symbolic computing in Python. PeerJ
       Computer Science 3:e103. https://doi.org/10.7717/peerj-cs.103
"""

from __future__ import annotations

import builtins
import cmath
import linecache
import math
import sys
import types
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, TypeVar, cast

import numpy as np

if TYPE_CHECKING:
    import sympy
    from numpy.typing import ArrayLike


_T = TypeVar("_T")


class TraceError(Exception):
    """A user function could not be traced symbolically; the message names
    the construct and where it is."""


class Named:
    """A read-only vector whose entries are also attributes by name: ``y.V``,
    ``y[0]`` and ``V, R = y`` all work. Whole-vector arithmetic (``2 * y``)
    is refused rather than silently repeating a tuple.

    The entries behave as numbers: floats when a function is called in
    Python, SymPy symbols while it is traced (typed as ``float`` for both,
    which is what the user's code may assume).
    """

    __slots__ = ("_names", "_values")
    _names: tuple[str, ...]
    _values: tuple[float, ...]

    def __init__(self, names: Sequence[str], values: Sequence[object]) -> None:
        object.__setattr__(self, "_names", tuple(names))
        object.__setattr__(self, "_values", tuple(values))

    def __getattr__(self, name: str) -> float:
        try:
            return self._values[self._names.index(name)]
        except ValueError:
            raise AttributeError(
                f"No entry named {name!r}; the names are {', '.join(self._names)}."
            ) from None

    def __setattr__(self, name: str, value: object) -> None:
        raise TypeError("States, parameters and inputs are read-only.")

    def __getitem__(self, index: int) -> float:
        return self._values[index]

    def __iter__(self) -> Iterator[float]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __array__(
        self, dtype: np.dtype | None = None, copy: bool | None = None
    ) -> np.ndarray:
        """An object array (of symbols when traced), for NumPy operations."""
        return np.array(list(self._values), dtype=object if dtype is None else dtype)

    def __repr__(self) -> str:
        pairs = ", ".join(
            f"{k}={v}" for k, v in zip(self._names, self._values, strict=True)
        )
        return f"Named({pairs})"


def _sympy() -> types.ModuleType:
    import sympy

    return sympy


def _function_table() -> dict[str, Callable[..., object]]:
    """The SymPy equivalents of ``math`` and ``numpy`` functions by name."""
    sp = _sympy()
    from sympy.codegen import cfunctions as cf

    def log(x: object, base: object = None) -> object:
        return sp.log(x) if base is None else sp.log(x) / sp.log(base)

    table: dict[str, Callable[..., object]] = {
        "exp": sp.exp,
        "log": log,
        "log10": cf.log10,
        "log2": cf.log2,
        "log1p": cf.log1p,
        "expm1": cf.expm1,
        "sqrt": sp.sqrt,
        "cbrt": sp.cbrt,
        "sin": sp.sin,
        "cos": sp.cos,
        "tan": sp.tan,
        "sinh": sp.sinh,
        "cosh": sp.cosh,
        "tanh": sp.tanh,
        "erf": sp.erf,
        "erfc": sp.erfc,
        "fabs": sp.Abs,
        "abs": sp.Abs,
        "absolute": sp.Abs,
        "hypot": lambda x, y: sp.sqrt(x * x + y * y),
        "pow": lambda x, y: x**y,
        "power": lambda x, y: x**y,
        "square": lambda x: x * x,
        "minimum": sp.Min,
        "maximum": sp.Max,
        "fmin": sp.Min,
        "fmax": sp.Max,
        "where": where,
    }
    for name in ("sin", "cos", "tan", "sinh", "cosh", "tanh"):
        inverse = getattr(sp, "a" + name)
        table["a" + name] = inverse
        table["arc" + name] = inverse
    table["atan2"] = table["arctan2"] = sp.atan2
    return table


def where(condition: object, if_true: _T, if_false: _T) -> _T:
    """``if_true`` where ``condition`` holds, else ``if_false``.

    Use this instead of ``if`` in a right-hand side: it works on numbers,
    NumPy arrays and, when the model is traced, on symbols (as a
    ``Piecewise`` expression, which is differentiated and compiled).
    """
    if any(type(v).__module__.startswith("sympy") for v in (condition, if_true)):
        sp = _sympy()
        return cast(_T, sp.Piecewise((if_true, condition), (if_false, True)))
    c, a, b = (cast("ArrayLike", v) for v in (condition, if_true, if_false))
    if np.ndim(c) or np.ndim(a) or np.ndim(b):
        return cast(_T, np.where(c, a, b))
    return if_true if condition else if_false


class _Shim:
    """A stand-in for ``math``/``numpy`` during tracing: known functions act
    element-wise on symbols; everything else is the real module's."""

    def __init__(self, module: types.ModuleType, table: dict[str, Callable]) -> None:
        self._module = module
        self._table = table

    def __getattr__(self, name: str) -> object:
        function = self._table.get(name)
        if function is None:
            return getattr(self._module, name)
        return _elementwise(function)


def _elementwise(function: Callable[..., object]) -> Callable[..., object]:
    def apply(*args: object) -> object:
        if any(isinstance(a, (np.ndarray, Named)) for a in args):
            arrays = np.broadcast_arrays(*(np.asarray(a, dtype=object) for a in args))
            return np.frompyfunc(function, len(args), 1)(*arrays)
        return function(*args)

    return apply


class Tracer:
    """Rebuilds user functions with SymPy-aware globals (and caches them, so
    a helper called from several places is rebuilt once)."""

    def __init__(self) -> None:
        self._table = _function_table()
        self._by_identity: dict[int, Callable[..., object]] = {}
        for module in (math, cmath, np):
            for name, function in self._table.items():
                native = getattr(module, name, None)
                if native is not None and not isinstance(native, type):
                    self._by_identity[id(native)] = function
        self._shims = {
            id(m): _Shim(m, self._table)
            for m in (math, cmath, np, sys.modules[__name__])
        }
        self._rebuilt: dict[int, types.FunctionType] = {}
        sp = _sympy()
        self._builtins = dict(vars(builtins))
        self._builtins.update(min=sp.Min, max=sp.Max, abs=sp.Abs)

    def rebuild(self, function: Callable[..., object]) -> Callable[..., object]:
        """``function`` with its globals swapped for traceable ones."""
        if not isinstance(function, types.FunctionType):
            raise TraceError(
                f"{function!r} is not a plain Python function (def or lambda)."
            )
        key = id(function)
        if key in self._rebuilt:
            return self._rebuilt[key]
        namespace: dict[str, object] = {"__builtins__": self._builtins}
        clone = types.FunctionType(
            function.__code__,
            namespace,
            function.__name__,
            function.__defaults__,
            function.__closure__,
        )
        self._rebuilt[key] = clone
        for name in _global_names(function.__code__):
            if name in function.__globals__:
                namespace[name] = self._swap(function.__globals__[name])
        return clone

    def _swap(self, value: object) -> object:
        if isinstance(value, types.ModuleType):
            return self._shims.get(id(value), value)
        if id(value) in self._by_identity:
            return _elementwise(self._by_identity[id(value)])
        if isinstance(value, types.FunctionType) and value is not where:
            return self.rebuild(value)
        return value


def _global_names(code: types.CodeType) -> set[str]:
    """Names a code object (and the code nested in it) may load as globals."""
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= _global_names(const)
    return names


def call_traced(
    tracer: Tracer, function: Callable[..., object], args: Sequence[object], what: str
) -> list[sympy.Expr]:
    """Call ``function`` (rebuilt) on symbolic ``args``; returns its values as
    a flat list of expressions, or raises `TraceError` naming the construct."""
    sp = _sympy()
    clone = tracer.rebuild(function)
    try:
        result = clone(*args)
    except TraceError:
        raise
    except Exception as e:
        raise TraceError(_describe_failure(function, what, e)) from e
    values = np.asarray(result, dtype=object).reshape(-1)
    try:
        return [cast("sympy.Expr", sp.sympify(v)) for v in values]
    except (sp.SympifyError, TypeError) as e:
        raise TraceError(f"{what} returned a value SymPy cannot read: {e}") from e


def _describe_failure(function: Callable[..., object], what: str, e: Exception) -> str:
    """Which construct failed, at which line of the user's code."""
    code = getattr(function, "__code__", None)
    filename = code.co_filename if code else "?"
    frames = []
    tb = e.__traceback__
    while tb is not None:
        frames.append(tb)
        tb = tb.tb_next
    # The innermost frame in user code: skip SymPy's and this module's own.
    user = [
        f
        for f in frames
        if "sympy" not in f.tb_frame.f_code.co_filename
        and f.tb_frame.f_code.co_filename != __file__
    ]
    where_ = ""
    if user:
        frame = user[-1]
        filename = frame.tb_frame.f_code.co_filename
        line = linecache.getline(filename, frame.tb_lineno).strip()
        where_ = f" at line {frame.tb_lineno} of {filename}" + (
            f" (`{line}`)" if line else ""
        )
    message = str(e)
    if "relational" in message.lower() or "truth value" in message.lower():
        construct = (
            "a branch ('if', 'while', 'and'/'or' or a comparison used as a "
            "bool) on a value that depends on the states, parameters, inputs "
            "or time; write it with paramfit.models.where(condition, a, b)"
        )
    elif "float" in message.lower() or "complex" in message.lower():
        construct = (
            "a conversion to a number (float(), or a function outside math "
            "and numpy, e.g. from scipy) of a symbolic value"
        )
    else:
        construct = f"{type(e).__name__}: {message}"
    return f"{what} cannot be traced symbolically{where_}: {construct}."
