"""The ODE model engine: write a right-hand side once in plain Python, get
compiled, batched solves with exact forward sensitivities.

`ODEModel` traces the right-hand side with SymPy, derives its Jacobians
symbolically, generates code and compiles it with numba (when installed:
``pip install paramfit[fast]``), caching both on disk. Two solvers:
Dormand-Prince 5(4) (explicit, the default) and RODAS4 (implicit, for stiff
systems). Time-dependent inputs are `Protocol` objects (steps, ramps,
sinusoids). See the "Models" page of the documentation.
"""

from ._errors import CompilationWarning, SolverError
from ._model import ODEModel
from ._protocol import Protocol
from ._settings import SOLVERS
from ._symbolic import where

__all__ = [
    "SOLVERS",
    "CompilationWarning",
    "ODEModel",
    "Protocol",
    "SolverError",
    "where",
]
