"""The explicit solver: Dormand and Prince's 5(4) Runge-Kutta pair with
dense output, compiled by numba.

One kernel serves every model: it takes the addresses of the model's
compiled functions (see ``_kernel_common.function5``), so it is compiled
once per machine and cached on disk. Imported only when numba is.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from . import _kernel_common as kc
from ._tableaus import DP_A, DP_B, DP_C, DP_E, DP_P

# Step-size control exponents: 1/5 - 0.75 beta and beta (see the loop).
_BETA = 0.04
_ALPHA = 0.2 - 0.75 * _BETA


@njit(cache=True)
def _dense(z, K, h, theta, out):
    """The continuous extension at ``t + θh`` (see ``DP_P``)."""
    for i in range(z.size):
        out[i] = z[i]
    for s in range(7):
        w = theta * (
            DP_P[s, 0]
            + theta * (DP_P[s, 1] + theta * (DP_P[s, 2] + theta * DP_P[s, 3]))
        )
        if w != 0.0:
            for i in range(z.size):
                out[i] += h * w * K[s, i]


@njit(cache=True)
def solve_batch(
    addresses,
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
    """Solve for every row of ``Z0`` (states, then sensitivities if
    ``m > 0``) and ``P``, writing the solution at ``t_out`` into ``out[b]``;
    ``status[b]`` gets 0 or a failure code, ``info[b]`` the time reached and
    the last step size, ``stats[b]`` the counts."""
    f = kc.function5(addresses[0, 0], addresses[0, 1])
    fs = kc.function5(addresses[1, 0], addresses[1, 1])
    N = Z0.shape[1]
    n_out = t_out.size
    k = rows.shape[1]
    # One spare entry: a pointer to an empty array would be invalid.
    u = np.zeros(k + 1)
    du = np.zeros(k + 1)
    z = np.empty(N)
    znew = np.empty(N)
    work = np.empty(N)
    err = np.empty(N)
    K = np.empty((7, N))
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
        err_old = 1e-4
        code = kc.OK
        n_steps = 0
        for iv in range(bounds.size - 1):
            t_end = bounds[iv + 1]
            if t_end <= t or io >= n_out:
                continue
            ivrows = rows[iv]
            kc.inputs(t, ivrows, coef, sptr, sine, u, du)
            f(t, kc.ptr(z), pp, kc.ptr(u), kc.row(K, 0))
            if m > 0:
                fs(t, kc.ptr(z), pp, kc.ptr(u), kc.row(K, 0))
            st[kc.RHS_CALLS] += 1
            if h <= 0.0:
                h = kc.initial_trial(z, K[0], rtol, atol, t_end - t, work)
                f(t + h, kc.ptr(work), pp, kc.ptr(u), kc.row(K, 1))
                if m > 0:
                    fs(t + h, kc.ptr(work), pp, kc.ptr(u), kc.row(K, 1))
                st[kc.RHS_CALLS] += 1
                h = kc.initial_step(z, K[0], K[1], h, rtol, atol, 4, t_end - t, work)
            rejected = False
            nonfinite = False
            while t < t_end:
                if n_steps >= max_steps:
                    code = kc.TOO_MANY_STEPS
                    break
                if kc.too_small(h, t):
                    code = kc.NON_FINITE if nonfinite else kc.STEP_TOO_SMALL
                    break
                if t + 1.01 * h >= t_end:
                    h = t_end - t
                n_steps += 1
                for s in range(1, 6):
                    for i in range(N):
                        acc = 0.0
                        for j in range(s):
                            acc += DP_A[s, j] * K[j, i]
                        work[i] = z[i] + h * acc
                    ts = t + DP_C[s] * h
                    kc.inputs(ts, ivrows, coef, sptr, sine, u, du)
                    f(ts, kc.ptr(work), pp, kc.ptr(u), kc.row(K, s))
                    if m > 0:
                        fs(ts, kc.ptr(work), pp, kc.ptr(u), kc.row(K, s))
                for i in range(N):
                    acc = 0.0
                    for j in range(6):
                        acc += DP_B[j] * K[j, i]
                    znew[i] = z[i] + h * acc
                t_new = t_end if t + h >= t_end else t + h
                kc.inputs(t_new, ivrows, coef, sptr, sine, u, du)
                f(t_new, kc.ptr(znew), pp, kc.ptr(u), kc.row(K, 6))
                if m > 0:
                    fs(t_new, kc.ptr(znew), pp, kc.ptr(u), kc.row(K, 6))
                st[kc.RHS_CALLS] += 6
                for i in range(N):
                    acc = 0.0
                    for j in range(7):
                        acc += DP_E[j] * K[j, i]
                    err[i] = h * acc
                e = kc.error_norm(err, z, znew, rtol, atol)
                if not e <= 1.0:  # also when e is NaN: a non-finite stage
                    st[kc.REJECTED] += 1
                    h *= kc.step_factor(e, _ALPHA, 0.2, 1.0)
                    rejected = True
                    nonfinite = not np.isfinite(e)
                    continue
                st[kc.STEPS] += 1
                while io < n_out and t_out[io] <= t_new:
                    if t_out[io] == t_new:
                        o[io, :] = znew
                    else:
                        _dense(z, K, h, (t_out[io] - t) / h, o[io])
                    io += 1
                # Proportional-integral control: the previous error damps
                # the oscillation of step sizes (Hairer, Nørsett, Wanner 1993,
                # Sec. II.4, eq. 4.14, with their code's beta = 0.04).
                fac = kc.step_factor(e, _ALPHA, 0.2, 10.0) * err_old**_BETA
                fac = min(10.0, max(0.2, fac))
                err_old = max(e, 1e-4)
                if rejected:
                    fac = min(fac, 1.0)  # no growth right after a rejection
                    rejected = False
                t = t_new
                z[:] = znew
                K[0, :] = K[6]  # first same as last
                h *= fac
            if code != kc.OK:
                break
        info[b, 0] = t
        info[b, 1] = h
        status[b] = code
