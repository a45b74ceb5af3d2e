"""From the traced expressions of a model to the source of a Python module:
the right-hand side, its Jacobians and the forward-sensitivity equations,
differentiated symbolically and simplified by common-subexpression
elimination [1]_.

Scalar functions (for the compiled solvers) write into an output array,
``out[i] = ...``; vectorised NumPy functions (initial conditions and
outputs, evaluated once per solve or at the output times) take one array per
symbol. Symbols are named ``t``, ``y_i`` (states), ``p_j`` (parameters, then
constants), ``u_k`` (inputs), ``s_i_j`` (sensitivities), ``v_i`` (a
direction) and ``du_k`` (input slopes).

References
----------
.. [1] Meurer et al. (2017) SymPy: symbolic computing in Python. PeerJ
       Computer Science 3:e103. https://doi.org/10.7717/peerj-cs.103
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sympy

#: Arguments of each compiled function, after ``t`` and before ``out`` (all
#: 1-d float arrays). ``y`` holds the states then, row-major, the
#: sensitivities ``s[i, j] = dy_i / dp_j``; the functions of the sensitivity
#: equations (``fs*``) read them there and write after the ``n`` states.
SIGNATURES: dict[str, tuple[str, ...]] = {
    "f": ("y", "p", "u"),
    "fs": ("y", "p", "u"),
    "jac": ("y", "p", "u"),
    "ft": ("y", "p", "u", "du"),
    "fs_y": ("y", "p", "u", "v"),
    "fs_t": ("y", "p", "u", "du"),
}
#: Functions whose outputs go after the states (sensitivity equations).
AFTER_STATES = ("fs", "fs_y", "fs_t")


@dataclass
class Symbols:
    """The symbols of a model with ``n`` states, ``m`` fitted parameters,
    ``q`` parameters and constants in all and ``k`` inputs."""

    n: int
    m: int
    q: int
    k: int

    def __post_init__(self) -> None:
        import sympy as sp

        def vector(name: str, count: int) -> list[sympy.Symbol]:
            return [sp.Symbol(f"{name}_{i}", real=True) for i in range(count)]

        self.t = sp.Symbol("t", real=True)
        self.y = vector("y", self.n)
        self.p = vector("p", self.q)
        self.u = vector("u", self.k)
        self.v = vector("v", self.n)
        self.du = vector("du", self.k)
        self.s = [
            [sp.Symbol(f"s_{i}_{j}", real=True) for j in range(self.m)]
            for i in range(self.n)
        ]


def scalar_functions(
    sym: Symbols, f: Sequence[sympy.Expr]
) -> dict[str, list[sympy.Expr]]:
    r"""The expressions of every compiled function, in output order.

    With $J = \partial f / \partial y$ and $S = \partial y / \partial p$,
    the sensitivities obey $\dot S = J S + \partial f / \partial p$ (the
    variational equations, e.g. [1]_ Sec. I.14). The implicit solver also
    needs $J$, $\partial f / \partial t$ (through the inputs too) and,
    for the sensitivities, the derivatives of $J S + \partial f/\partial p$
    along a direction $v$ and in time.

    References
    ----------
    .. [1] Hairer, Nørsett, Wanner (1993) Solving Ordinary Differential
           Equations I: Nonstiff Problems. Springer.
    """
    import sympy as sp

    n, m = sym.n, sym.m
    jac = [[sp.diff(fi, yl) for yl in sym.y] for fi in f]
    jp = [[sp.diff(fi, pj) for pj in sym.p[:m]] for fi in f]

    def with_s(a: list[list[sympy.Expr]], b: list[list[sympy.Expr]]) -> list:
        """``A S + B``, row-major, skipping the zeros of ``A``."""
        out = []
        for i in range(n):
            for j in range(m):
                term = b[i][j]
                for k in range(n):
                    if a[i][k] != 0:
                        term += a[i][k] * sym.s[k][j]
                out.append(term)
        return out

    def along_time(e: sympy.Expr) -> sympy.Expr:
        out = sp.diff(e, sym.t)
        for uk, duk in zip(sym.u, sym.du, strict=True):
            out += sp.diff(e, uk) * duk
        return out

    # Second derivatives d2f_i / dy_k dy_l, each computed once (symmetric).
    hessian: dict[tuple[int, int, int], sympy.Expr] = {}

    def d2(i: int, k: int, ell: int) -> sympy.Expr:
        key = (i, min(k, ell), max(k, ell))
        if key not in hessian:
            hessian[key] = sp.diff(jac[i][key[1]], sym.y[key[2]])
        return hessian[key]

    def along_v(a: list[list[sympy.Expr]], first: bool) -> list[list[sympy.Expr]]:
        """The derivative of every entry of ``a`` along ``v``."""
        rows = []
        for i in range(n):
            row = []
            for k in range(len(a[i])):
                terms = [
                    (d2(i, k, ell) if first else sp.diff(a[i][k], sym.y[ell])) * vl
                    for ell, vl in enumerate(sym.v)
                ]
                row.append(sp.Add(*terms))
            rows.append(row)
        return rows

    # d/dv (J S + Jp) = (dJ/dv) S + d(Jp)/dv, and likewise in time: linear
    # in S, so differentiate J and Jp (small) rather than J S + Jp (large).
    jac_t = [[along_time(e) for e in row] for row in jac]
    jp_t = [[along_time(e) for e in row] for row in jp]
    return {
        "f": list(f),
        "fs": with_s(jac, jp),
        "jac": [jac[i][ell] for i in range(n) for ell in range(n)],
        "ft": [along_time(fi) for fi in f],
        "fs_y": with_s(along_v(jac, True), along_v(jp, False)),
        "fs_t": with_s(jac_t, jp_t),
    }


def _printer(vectorised: bool) -> sympy.printing.printer.Printer:
    from sympy.printing.numpy import NumPyPrinter
    from sympy.printing.pycode import PythonCodePrinter

    base = NumPyPrinter if vectorised else PythonCodePrinter

    class Printer(base):  # type: ignore[misc, valid-type]
        """Small integer powers as products: exact, and faster than
        ``pow`` in compiled code."""

        def _print_Pow(self, expr: sympy.Pow, rational: bool = False) -> str:
            e = expr.exp
            if e.is_Integer and 2 <= abs(int(e)) <= 4:
                b = self.parenthesize(expr.base, 1000)
                product = "*".join([b] * abs(int(e)))
                return f"({product})" if int(e) > 0 else f"(1/({product}))"
            return str(super()._print_Pow(expr, rational=rational))

    return Printer({"fully_qualified_modules": True})


def scalar_source(name: str, exprs: Sequence[sympy.Expr], sym: Symbols) -> str:
    """A function ``name(t, *SIGNATURES[name], out)`` setting
    ``out[i] = exprs[i]`` (``out[n + i]`` for the sensitivity equations)."""
    import sympy as sp

    args = SIGNATURES[name]
    offset = sym.n if name in AFTER_STATES else 0
    printer = _printer(False)
    replacements, reduced = sp.cse(list(exprs), symbols=sp.numbered_symbols("x"))
    used = set().union(*(e.free_symbols for e in exprs)) if exprs else set()
    lines = [f"def {name}(t, {', '.join(args)}, out):"]
    lines += [f"    {a} = {src}" for a, src in _unpack(sym, used, args)]
    lines += [f"    {x} = {printer.doprint(e)}" for x, e in replacements]
    lines += [
        f"    out[{offset + i}] = {printer.doprint(e) if e != 0 else '0.0'}"
        for i, e in enumerate(reduced)
    ]
    if len(lines) == 1:
        lines.append("    return None")
    return "\n".join(lines) + "\n"


def _unpack(
    sym: Symbols, used: set[sympy.Symbol], args: Sequence[str]
) -> list[tuple[str, str]]:
    """``y_0 = y[0]``-style lines for the symbols an expression uses."""
    out = []
    flat_s = [x for row in sym.s for x in row]
    groups: list[tuple[str, list[sympy.Symbol], int]] = [
        ("y", sym.y, 0),
        ("y", flat_s, sym.n),
        ("p", sym.p, 0),
        ("u", sym.u, 0),
        ("v", sym.v, 0),
        ("du", sym.du, 0),
    ]
    for array, symbols, offset in groups:
        if array not in args:
            continue
        for i, x in enumerate(symbols):
            if x in used:
                out.append((x.name, f"{array}[{offset + i}]"))
    return out


def vector_source(
    name: str, exprs: Sequence[sympy.Expr], sym: Symbols, with_states: bool
) -> str:
    """A NumPy function ``name(t, y, p, u)`` of arrays with one row per
    point (``t`` of shape ``(N,)``, the others ``(N, count)``), returning an
    array of shape ``(N, len(exprs))``."""
    import sympy as sp

    printer = _printer(True)
    replacements, reduced = sp.cse(list(exprs), symbols=sp.numbered_symbols("x"))
    used = set().union(*(e.free_symbols for e in exprs)) if exprs else set()
    args = ("y", "p", "u") if with_states else ("p",)
    lines = [f"def {name}(t, {', '.join(args)}):"]
    lines += [
        f"    {a} = {src.replace('[', '[:, ')}" for a, src in _unpack(sym, used, args)
    ]
    lines += [f"    {x} = {printer.doprint(e)}" for x, e in replacements]
    lines.append(f"    out = numpy.zeros((len(t), {len(exprs)}))")
    lines += [
        f"    out[:, {i}] = {printer.doprint(e)}"
        for i, e in enumerate(reduced)
        if e != 0
    ]
    lines.append("    return out")
    return "\n".join(lines) + "\n"
