"""The implicit solver, for stiff systems: the Rosenbrock method RODAS4 of
Hairer and Wanner (order 4 with an embedded order 3, L-stable, stiffly
accurate), with its third-order dense output, compiled by numba.

A Rosenbrock method needs the exact Jacobian, which the symbolic derivation
provides; it solves linear systems only (no Newton iterations). With
sensitivities, the states and sensitivities are integrated together: the
Jacobian of the joint system is block lower triangular, with $J$ on every
diagonal block, so each stage needs one LU factorisation of
$I / (h \\gamma) - J$ (size ``n_states``) whatever the number of
parameters (the "simultaneous corrector" structure of Maly and Petzold,
1996, Appl. Numer. Math. 20, 57-79, here for a Rosenbrock method).

One kernel serves every model (see ``_dopri5``). Imported only when numba
is.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from . import _kernel_common as kc
from ._tableaus import RO_A, RO_C, RO_CC, RO_D, RO_GAMMA, RO_H


@njit(cache=True)
def _solve_states(a, piv, n, rhs, ky):
    """The states' block of a stage: ``ky = (I / (h γ) - J)^-1 rhs[:n]``."""
    for i in range(n):
        ky[i] = rhs[i]
    kc.lu_solve(a, piv, ky)
    for i in range(n):
        rhs[i] = ky[i]


@njit(cache=True)
def _solve_sensitivities(a, piv, n, m, rhs, hv, col):
    """The sensitivities' blocks, by forward substitution: column ``j``
    solves ``(I / (h γ) - J) x_j = rhs_j + H_j x_y``, with ``H_j x_y`` (the
    second-derivative coupling) precomputed in ``hv``."""
    for j in range(m):
        for i in range(n):
            col[i] = rhs[n + i * m + j] + hv[n + i * m + j]
        kc.lu_solve(a, piv, col)
        for i in range(n):
            rhs[n + i * m + j] = col[i]


@njit(cache=True)
def _dense(z, znew, K, theta, out):
    """The continuous extension at ``t + θh`` (see ``RO_H``)."""
    for i in range(z.size):
        h0 = 0.0
        h1 = 0.0
        for j in range(5):
            h0 += RO_H[0, j] * K[j, i]
            h1 += RO_H[1, j] * K[j, i]
        out[i] = (1 - theta) * z[i] + theta * (
            znew[i] + (1 - theta) * (h0 + theta * h1)
        )


@njit(cache=True)
def solve_batch(
    addresses,
    n,
    m,
    t_out,
    bounds,
    rows,
    coef,
    sptr,
    sine,
    Z0,
    P,
    rtol,
    atol,
    h0,
    max_steps,
    out,
    stats,
    info,
    status,
):
    """As `_dopri5.solve_batch`, with RODAS4; ``addresses`` holds ``f``,
    ``fs``, ``jac``, ``ft``, ``fs_t`` and ``fs_y``."""
    f = kc.function5(addresses[0, 0], addresses[0, 1])
    fs = kc.function5(addresses[1, 0], addresses[1, 1])
    jac = kc.function5(addresses[2, 0], addresses[2, 1])
    ft = kc.function6(addresses[3, 0], addresses[3, 1])
    fs_t = kc.function6(addresses[4, 0], addresses[4, 1])
    fs_y = kc.function6(addresses[5, 0], addresses[5, 1])
    N = Z0.shape[1]
    n_out = t_out.size
    k = rows.shape[1]
    # One spare entry each: a pointer to an empty array would be invalid.
    u0 = np.zeros(k + 1)
    du0 = np.zeros(k + 1)
    u = np.zeros(k + 1)
    du = np.zeros(k + 1)
    z = np.empty(N)
    znew = np.empty(N)
    work = np.empty(N)
    f0 = np.empty(N)
    fdt = np.zeros(N)
    r = np.empty(N)
    K = np.empty((6, N))
    jflat = np.empty(n * n)
    a = np.empty((n, n))
    piv = np.zeros(n, dtype=np.int64)
    ky = np.empty(n)
    col = np.empty(n)
    hv = np.zeros(N)
    for b in range(Z0.shape[0]):
        pp = kc.row(P, b)
        o = out[b]
        st = stats[b]
        z[:] = Z0[b]
        t = bounds[0]
        io = 0
        while io < n_out and t_out[io] <= t:
            o[io, :] = z
            io += 1
        h = h0
        code = kc.OK
        n_steps = 0
        for iv in range(bounds.size - 1):
            t_end = bounds[iv + 1]
            if t_end <= t or io >= n_out:
                continue
            ivrows = rows[iv]
            fresh = True  # f, J and df/dt at (t, z) must be (re)computed
            rejected = False
            nonfinite = False
            while t < t_end:
                if fresh:
                    kc.inputs(t, ivrows, coef, sptr, sine, u0, du0)
                    f(t, kc.ptr(z), pp, kc.ptr(u0), kc.ptr(f0))
                    jac(t, kc.ptr(z), pp, kc.ptr(u0), kc.ptr(jflat))
                    ft(t, kc.ptr(z), pp, kc.ptr(u0), kc.ptr(du0), kc.ptr(fdt))
                    if m > 0:
                        fs(t, kc.ptr(z), pp, kc.ptr(u0), kc.ptr(f0))
                        fs_t(t, kc.ptr(z), pp, kc.ptr(u0), kc.ptr(du0), kc.ptr(fdt))
                    st[kc.RHS_CALLS] += 1
                    st[kc.JACOBIANS] += 1
                    fresh = False
                    if h <= 0.0:
                        h = kc.initial_trial(z, f0, rtol, atol, t_end - t, work)
                        f(t + h, kc.ptr(work), pp, kc.ptr(u0), kc.ptr(r))
                        if m > 0:
                            fs(t + h, kc.ptr(work), pp, kc.ptr(u0), kc.ptr(r))
                        st[kc.RHS_CALLS] += 1
                        h = kc.initial_step(z, f0, r, h, rtol, atol, 3, t_end - t, work)
                if n_steps >= max_steps:
                    code = kc.TOO_MANY_STEPS
                    break
                if kc.too_small(h, t):
                    code = kc.NON_FINITE if nonfinite else kc.STEP_TOO_SMALL
                    break
                if t + 1.01 * h >= t_end:
                    h = t_end - t
                n_steps += 1
                fac = 1.0 / (h * RO_GAMMA)
                for i in range(n):
                    for j in range(n):
                        a[i, j] = -jflat[i * n + j]
                    a[i, i] += fac
                st[kc.FACTORISATIONS] += 1
                if not kc.lu_factor(a, piv):
                    st[kc.REJECTED] += 1
                    h *= 0.25
                    nonfinite = not np.all(np.isfinite(jflat))
                    continue
                for s in range(6):
                    if s == 0:
                        r[:] = f0
                    else:
                        if s == 5:  # z6 = z5 + K5: the embedded solution
                            for i in range(N):
                                work[i] += K[4, i]
                        else:
                            for i in range(N):
                                acc = z[i]
                                for j in range(s):
                                    acc += RO_A[s, j] * K[j, i]
                                work[i] = acc
                        ts = t + RO_C[s] * h
                        kc.inputs(ts, ivrows, coef, sptr, sine, u, du)
                        f(ts, kc.ptr(work), pp, kc.ptr(u), kc.ptr(r))
                        if m > 0:
                            fs(ts, kc.ptr(work), pp, kc.ptr(u), kc.ptr(r))
                        for i in range(N):
                            acc = r[i]
                            for j in range(s):
                                acc += RO_CC[s, j] / h * K[j, i]
                            r[i] = acc
                    if RO_D[s] != 0.0:
                        for i in range(N):
                            r[i] += h * RO_D[s] * fdt[i]
                    _solve_states(a, piv, n, r, ky)
                    if m > 0:
                        fs_y(t, kc.ptr(z), pp, kc.ptr(u0), kc.ptr(ky), kc.ptr(hv))
                        _solve_sensitivities(a, piv, n, m, r, hv, col)
                    K[s, :] = r
                st[kc.RHS_CALLS] += 5
                for i in range(N):
                    znew[i] = work[i] + K[5, i]
                e = kc.error_norm(K[5], z, znew, rtol, atol)
                if not e <= 1.0:
                    st[kc.REJECTED] += 1
                    h *= kc.step_factor(e, 0.25, 0.2, 1.0)
                    rejected = True
                    nonfinite = not np.isfinite(e)
                    continue
                st[kc.STEPS] += 1
                t_new = t_end if t + h >= t_end else t + h
                while io < n_out and t_out[io] <= t_new:
                    if t_out[io] == t_new:
                        o[io, :] = znew
                    else:
                        _dense(z, znew, K, (t_out[io] - t) / h, o[io])
                    io += 1
                grow = kc.step_factor(e, 0.25, 0.2, 6.0)
                if rejected:
                    grow = min(grow, 1.0)
                    rejected = False
                t = t_new
                z[:] = znew
                h *= grow
                fresh = True
            if code != kc.OK:
                break
        info[b, 0] = t
        info[b, 1] = h
        status[b] = code
