"""Parts shared by the compiled solvers: inputs, error norms, small dense LU
factorisations and the initial step size. Imported only when numba is.

Every function here is compiled by numba on first use and cached on disk
(``cache=True``), next to this file or in numba's user-wide cache.
"""

from __future__ import annotations

import math

from numba import njit
from numba import types as nt
from numba.core import cgutils
from numba.core.extending import intrinsic

_PTR = nt.CPointer(nt.float64)
#: The two kinds of generated function: ``(t, y, p, u, out)`` and
#: ``(t, y, p, u, v, out)`` (see ``_codegen.SIGNATURES``), on raw pointers:
#: passing arrays costs reference counting on every call (about 20 ns, as
#: much as a small right-hand side).
F5 = nt.FunctionType(nt.void(nt.float64, _PTR, _PTR, _PTR, _PTR))
F6 = nt.FunctionType(nt.void(nt.float64, _PTR, _PTR, _PTR, _PTR, _PTR))


@intrinsic
def ptr(typingctx, array):
    """The address of the first element of a contiguous float array."""

    def codegen(context, builder, signature, args):
        return context.make_array(signature.args[0])(context, builder, args[0]).data

    return _PTR(array), codegen


@intrinsic
def row(typingctx, matrix, i):
    """The address of row ``i`` of a C-contiguous float matrix."""

    def codegen(context, builder, signature, args):
        a = context.make_array(signature.args[0])(context, builder, args[0])
        n_columns = cgutils.unpack_tuple(builder, a.shape, 2)[1]
        return builder.gep(a.data, [builder.mul(args[1], n_columns)])

    return _PTR(matrix, i), codegen


def _function_from_addresses(ftype):
    """An intrinsic building a first-class function of type ``ftype`` from
    the addresses of a compiled function (its C wrapper and its numba entry
    point, see ``_jit.addresses``).

    The kernels take these addresses in an integer array instead of
    function objects: a function object costs ~80 µs of type inference per
    call from Python, and makes a kernel that calls it uncacheable. Calls go
    straight to the numba entry point, as for any compiled callee.
    """

    def typer(typingctx, c_addr, jit_addr):
        def codegen(context, builder, signature, args):
            value = cgutils.create_struct_proxy(ftype)(context, builder)
            value.c_addr = builder.inttoptr(args[0], cgutils.voidptr_t)
            value.py_addr = cgutils.get_null_value(cgutils.voidptr_t)
            value.jit_addr = builder.inttoptr(args[1], cgutils.voidptr_t)
            return value._getvalue()

        return ftype(nt.int64, nt.int64), codegen

    return intrinsic(typer)


function5 = _function_from_addresses(F5)
function6 = _function_from_addresses(F6)

#: Status codes returned by the kernels (see ``_errors.describe_status``).
OK, TOO_MANY_STEPS, STEP_TOO_SMALL, NON_FINITE, SINGULAR = 0, 1, 2, 3, 4
#: Indices into the statistics array.
STEPS, REJECTED, RHS_CALLS, JACOBIANS, FACTORISATIONS = 0, 1, 2, 3, 4


@njit(cache=True)
def inputs(t, rows, coef, sptr, sine, u, du):
    """Inputs ``u`` and their slopes ``du`` at ``t``, for the segment rows of
    the current interval (see `Protocol`)."""
    for k in range(rows.size):
        r = rows[k]
        dt = t - coef[r, 0]
        value = coef[r, 1] + coef[r, 2] * dt
        slope = coef[r, 2]
        for i in range(sptr[r], sptr[r + 1]):
            arg = sine[i, 1] * dt + sine[i, 2]
            value += sine[i, 0] * math.sin(arg)
            slope += sine[i, 0] * sine[i, 1] * math.cos(arg)
        u[k] = value
        du[k] = slope


@njit(cache=True)
def error_norm(err, z, znew, rtol, atol):
    """The root mean square of ``err / (atol + rtol max(|z|, |znew|))``
    (Hairer, Nørsett, Wanner 1993, Sec. II.4, eq. 4.11)."""
    total = 0.0
    for i in range(err.size):
        scale = atol[i] + rtol * max(abs(z[i]), abs(znew[i]))
        total += (err[i] / scale) ** 2
    return math.sqrt(total / err.size)


@njit(cache=True)
def initial_trial(z, f0, rtol, atol, h_max, work):
    """First half of the initial step size selection of Hairer, Nørsett,
    Wanner (1993, Sec. II.4, p. 169): a trial step ``h0`` from the sizes of
    the solution and its derivative; ``work`` gets ``z + h0 f0``, where the
    caller evaluates ``f1`` (kernels call the right-hand side themselves)."""
    d0 = error_norm(z, z, z, rtol, atol)
    d1 = error_norm(f0, z, z, rtol, atol)
    h0 = 1e-6 if (d0 < 1e-5 or d1 < 1e-5) else 0.01 * d0 / d1
    h0 = min(h0, h_max)
    for i in range(z.size):
        work[i] = z[i] + h0 * f0[i]
    return h0


@njit(cache=True)
def initial_step(z, f0, f1, h0, rtol, atol, order, h_max, work):
    """Second half: the step from an estimate of the second derivative,
    ``(f1 - f0) / h0``."""
    d1 = error_norm(f0, z, z, rtol, atol)
    for i in range(z.size):
        work[i] = f1[i] - f0[i]
    d2 = error_norm(work, z, z, rtol, atol) / h0
    if not (math.isfinite(d1) and math.isfinite(d2)):
        return h0
    if max(d1, d2) <= 1e-15:
        h1 = max(1e-6, h0 * 1e-3)
    else:
        h1 = (0.01 / max(d1, d2)) ** (1.0 / (order + 1))
    return min(100 * h0, h1, h_max)


@njit(cache=True)
def lu_factor(a, piv):
    """In-place LU factorisation with partial pivoting of a small dense
    matrix (Golub, Van Loan 2013, Algorithm 3.4.1); returns False if
    singular. Written out because a LAPACK call costs more than the whole
    factorisation at the sizes of ODE models."""
    n = a.shape[0]
    for k in range(n):
        p = k
        big = abs(a[k, k])
        for i in range(k + 1, n):
            if abs(a[i, k]) > big:
                big = abs(a[i, k])
                p = i
        piv[k] = p
        if big == 0.0 or not math.isfinite(big):
            return False
        if p != k:
            for j in range(n):
                a[k, j], a[p, j] = a[p, j], a[k, j]
        inv = 1.0 / a[k, k]
        for i in range(k + 1, n):
            a[i, k] *= inv
            lik = a[i, k]
            if lik != 0.0:
                for j in range(k + 1, n):
                    a[i, j] -= lik * a[k, j]
    return True


@njit(cache=True)
def lu_solve(a, piv, b):
    """Solve ``A x = b`` in place, with ``a``, ``piv`` from `lu_factor`."""
    n = a.shape[0]
    for k in range(n):
        p = piv[k]
        if p != k:
            b[k], b[p] = b[p], b[k]
    for i in range(n):
        acc = b[i]
        for j in range(i):
            acc -= a[i, j] * b[j]
        b[i] = acc
    for i in range(n - 1, -1, -1):
        acc = b[i]
        for j in range(i + 1, n):
            acc -= a[i, j] * b[j]
        b[i] = acc / a[i, i]


@njit(cache=True)
def step_factor(err, exponent, fac_min, fac_max):
    """The factor for the next step size: ``0.9 err^(-exponent)``, clipped
    (Hairer, Nørsett, Wanner 1993, Sec. II.4, eq. 4.13); ``fac_min`` if the
    error is not finite."""
    if not math.isfinite(err):
        return fac_min
    if err == 0.0:
        return fac_max
    return min(fac_max, max(fac_min, 0.9 * err ** (-exponent)))


@njit(cache=True)
def too_small(h, t):
    """Whether ``h`` is below what floating point can resolve near ``t``."""
    return h <= 16.0 * 2.220446049250313e-16 * abs(t) or h < 1e-300


def nothing5(t, y, p, u, out):
    """Placeholder right-hand side for models without sensitivities."""
    return None


def nothing6(t, y, p, u, v, out):
    """Placeholder for the functions of five arrays."""
    return None
