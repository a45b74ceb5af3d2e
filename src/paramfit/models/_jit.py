"""Compilation with numba, when it is installed.

The solver kernels take the *addresses* of a model's compiled functions
(see ``_kernel_common.function5``), so one machine-code kernel serves every
model and is cached on disk once per machine; each model compiles only its
own small generated functions, cached on disk beside their source in the
model cache [1]_.

References
----------
.. [1] Lam, Pitrou, Seibert (2015) Numba: a LLVM-based Python JIT compiler.
       Proc. LLVM-HPC '15. https://doi.org/10.1145/2833157.2833162
"""

from __future__ import annotations

import functools
import importlib
import os
from collections.abc import Callable
from types import ModuleType

#: Set to a non-empty value to run without numba even where it is installed.
DISABLE_VARIABLE = "PARAMFIT_DISABLE_NUMBA"


@functools.lru_cache(maxsize=1)
def numba_module() -> ModuleType | None:
    """numba, or ``None`` if it is not installed (or is disabled)."""
    if os.environ.get(DISABLE_VARIABLE):
        return None
    try:
        return importlib.import_module("numba")
    except ImportError:
        return None


def compile_function(function: Callable[..., None], n_arrays: int) -> Compiled:
    """Compile a generated scalar function ``(t, *arrays)`` on raw pointers
    (or load it from numba's cache beside its source)."""
    import numba
    from numba import types as nt

    pointer = nt.CPointer(nt.float64)
    signature = nt.void(nt.float64, *([pointer] * n_arrays))
    dispatcher = numba.njit(signature, cache=True, error_model="numpy")(function)
    return Compiled(dispatcher)


class Compiled:
    """A compiled function and its two addresses: the C wrapper and the
    numba entry point (kept alive with the dispatcher that owns them)."""

    def __init__(self, dispatcher: object) -> None:
        self.dispatcher = dispatcher
        result = next(iter(dispatcher.overloads.values()))  # type: ignore[attr-defined]
        library, names = result.library, result.fndesc
        self.addresses = (
            int(library.get_pointer_to_function(names.llvm_cfunc_wrapper_name)),
            int(library.get_pointer_to_function(names.llvm_func_name)),
        )


@functools.cache
def kernel(name: str) -> Callable[..., None]:
    """The batch kernel of solver ``name`` ('dopri5' or 'rodas4'); numba
    compiles it on the first call (or loads it from its disk cache)."""
    if name == "dopri5":
        from . import _dopri5 as module
    else:
        from . import _rodas4 as module  # type: ignore[no-redef]
    solve: Callable[..., None] = module.solve_batch
    return solve


@functools.cache
def no_op(n_arrays: int) -> Compiled:
    """A compiled function that does nothing, passed where a model needs no
    sensitivity equations (the kernels take a function either way)."""
    from . import _kernel_common as kc

    return compile_function(kc.nothing5 if n_arrays == 4 else kc.nothing6, n_arrays)
