r"""Noise generators, for making synthetic data from simulated model output.

Every generator takes a keyword-only ``rng`` argument: an integer seed, a
`numpy.random.Generator`, or ``None`` (a seed is then drawn once from
NumPy's global state, so ``np.random.seed(k)`` makes scripts repeatable).

The autoregressive processes are started from their stationary
distribution, so every element has the stated marginal distribution (PINTS
0.6.1 starts them from fixed or uniform values instead).

Example
-------
::

    values = model.simulate(parameters, times)
    values += paramfit.noise.ar1(0.9, 5, len(values), rng=1)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Union

import numpy as np

from ._checks import count, fail, fits_in_memory, floats, is_number, number, real
from ._typing import FloatArray, RngLike
from ._util import LazyModule, as_generator

# scipy.signal takes longer to import than the rest of paramfit together.
_signal = LazyModule("scipy.signal")

#: A number, or numbers broadcast against the noise's shape.
Floats = Union[float, Sequence[float], FloatArray]

__all__ = [
    "ar1",
    "ar1_unity",
    "arma11",
    "arma11_unity",
    "independent",
    "multiplicative_gaussian",
]


def independent(
    sigma: Floats, shape: int | tuple[int, ...], *, rng: RngLike = None
) -> FloatArray:
    r"""Independent Gaussian noise, iid $\mathcal{N}(0, \sigma)$.

    Parameters
    ----------
    sigma : float or array_like
        The standard deviation (non-negative); arrays broadcast to ``shape``.
    shape : int or tuple of int
        The shape of the returned array.
    rng : int, numpy.random.Generator or None, optional
        The source of randomness.

    Returns
    -------
    noise : ndarray, shape ``shape``
    """
    # A negative sigma is left to NumPy, with its own message (as PINTS).
    s = floats(sigma, "sigma")
    if not np.isfinite(s).all():
        raise ValueError(fail("sigma", "finite", sigma))
    dims = (shape,) if is_number(shape) else shape
    if not isinstance(dims, (tuple, list)):
        raise TypeError(fail("shape", "an int or a tuple of ints", shape))
    size = 1
    for d in dims:
        size *= count(d, "shape", minimum=0)
    fits_in_memory(size, "shape", shape, "noise of that shape")
    return as_generator(rng).normal(0, sigma, shape)


def ar1(rho: float, sigma: float, n: int, *, rng: RngLike = None) -> FloatArray:
    r"""First-order autoregressive (AR(1)) noise, with mean 0.

    $$
    e(t) = \rho e(t - 1) + v(t), \qquad
    v(t) \sim \mathcal{N}\left(0, \sigma \sqrt{1 - \rho^2}\right)
    $$

    Parameters
    ----------
    rho : float
        The autocorrelation at lag 1, with $|\rho| < 1$.
    sigma : float
        The marginal standard deviation of $e(t)$; must be positive.
    n : int
        The number of values (one time series), at least 1.
    rng : int, numpy.random.Generator or None, optional
        The source of randomness.

    Returns
    -------
    noise : ndarray, shape (n,)

    Raises
    ------
    ValueError
        If ``|rho| >= 1``, ``sigma <= 0`` or ``n < 1``.
    """
    n = _check_ar(rho, sigma, n)
    return _stationary_arma(rho, 0.0, sigma, n, as_generator(rng))


def ar1_unity(rho: float, sigma: float, n: int, *, rng: RngLike = None) -> FloatArray:
    r"""AR(1) noise with mean 1, for multiplying simulated data with.

    The process is $1 + e(t)$ with $e(t)$ as in `ar1()`, which has the same
    parameters, return shape and errors.
    """
    n = _check_ar(rho, sigma, n)
    noise = _stationary_arma(rho, 0.0, sigma, n, as_generator(rng))
    noise += 1
    return noise


def arma11(
    rho: float, theta: float, sigma: float, n: int, *, rng: RngLike = None
) -> FloatArray:
    r"""ARMA(1, 1) noise with mean 0.

    $$
    e(t) = \rho e(t - 1) + v(t) + \theta v(t - 1), \qquad
    v(t) \sim \mathcal{N}(0, \sigma'), \qquad
    \sigma' = \sigma \sqrt{\frac{1 - \rho^2}{1 + 2 \theta \rho + \theta^2}}
    $$

    so that $\sigma$ is the marginal standard deviation of
    $e(t)$.

    Parameters
    ----------
    rho : float
        The autoregressive coefficient, with $|\rho| < 1$.
    theta : float
        The moving-average coefficient, with $|\theta| < 1$.
    sigma, n, rng
        As for `ar1()`, which also gives the shape returned.

    Raises
    ------
    ValueError
        If ``|rho| >= 1``, ``|theta| >= 1``, ``sigma <= 0`` or ``n < 1``.
    """
    n = _check_arma(rho, theta, sigma, n, "non-stationary")
    return _stationary_arma(rho, theta, sigma, n, as_generator(rng))


def arma11_unity(
    rho: float, theta: float, sigma: float, n: int, *, rng: RngLike = None
) -> FloatArray:
    r"""ARMA(1, 1) noise with mean 1, for multiplying simulated data with.

    The process is $1 + e(t)$ with $e(t)$ as in `arma11()`, which has the
    same parameters, return shape and errors; equivalently
    $e'(t) = (1 - \rho) + \rho e'(t - 1) + v(t) + \theta v(t - 1)$.
    """
    n = _check_arma(rho, theta, sigma, n, "explosive")
    noise = _stationary_arma(rho, theta, sigma, n, as_generator(rng))
    noise += 1
    return noise


def multiplicative_gaussian(
    eta: Floats, sigma: Floats, f: Floats, *, rng: RngLike = None
) -> FloatArray:
    r"""Gaussian noise whose size scales with the output,
    $\epsilon(t) = f(t)^\eta v(t)$ with
    $v(t) \sim \mathcal{N}(0, \sigma)$ iid.

    Parameters
    ----------
    eta : float or array_like, shape (n_outputs,)
        The power of the output the noise scales with; one per output, or a
        single value for all.
    sigma : float or array_like, shape (n_outputs,)
        The baseline standard deviation (positive); one per output, or a
        single value for all.
    f : array_like, shape (n_times,) or (n_outputs, n_times)
        The model output.
    rng : int, numpy.random.Generator or None, optional
        The source of randomness.

    Returns
    -------
    noise : ndarray, same shape as ``f``

    Raises
    ------
    ValueError
        If ``f`` has more than 2 dimensions, ``eta`` or ``sigma`` has the
        wrong shape, or a ``sigma`` is not positive.
    """
    f = floats(f, "f")
    if f.ndim > 2:
        raise ValueError("f must have be of shape (n_outputs, n_times).")
    n_outputs = f.shape[0] if f.ndim == 2 else 1
    eta = _per_output(eta, "eta", n_outputs, f.ndim)
    sigma = _per_output(sigma, "sigma", n_outputs, f.ndim)
    if not np.all(np.asarray(sigma) > 0):
        raise ValueError("Standard deviation must be greater than zero.")
    if not (np.isfinite(eta).all() and np.isfinite(sigma).all()):
        raise ValueError(fail("eta and sigma", "finite", (eta, sigma)))
    v = as_generator(rng).normal(0, sigma, f.shape)
    return f**eta * v


def _per_output(x: Floats, name: str, n_outputs: int, ndim: int) -> float | FloatArray:
    """Check a scalar-or-per-output argument; shape it to broadcast against
    ``f``: a column for 2-d ``f``, a scalar otherwise."""
    if is_number(x):
        return number(x, name)
    a = floats(x, name)
    if a.ndim == 0:
        return a
    if a.ndim > 1 or a.shape[0] not in (1, n_outputs):
        raise ValueError(f"{name} must be a scalar or of shape (n_outputs,).")
    return a.reshape((-1, 1)) if ndim == 2 else a.reshape(())


def _check_ar(rho: float, sigma: float, n: int) -> int:
    if not abs(number(rho, "rho")) < 1:
        raise ValueError(
            "Magnitude of rho must be less than 1 (otherwise the process is"
            " non-stationary)."
        )
    return _check_sigma_n(sigma, n)


def _check_arma(rho: float, theta: float, sigma: float, n: int, why: str) -> int:
    if not abs(number(rho, "rho")) < 1:
        raise ValueError(
            f"Magnitude of rho must be less than 1 (otherwise the process is {why})."
        )
    if not abs(number(theta, "theta")) < 1.0:
        raise ValueError(
            "Absolute value of theta must be less than 1 so that the process is"
            " invertible."
        )
    return _check_sigma_n(sigma, n)


def _check_sigma_n(sigma: float, n: int) -> int:
    real(sigma, "sigma", positive=True, message="Standard deviation must be positive.")
    # As PINTS's int(n): a float is rounded down.
    k = count(
        n,
        "n",
        message="Number of values to generate must be at least one.",
        truncate=True,
    )
    fits_in_memory(k, "n", n, "that many values")
    return k


def _stationary_arma(
    rho: float, theta: float, sigma: float, n: int, rng: np.random.Generator
) -> FloatArray:
    """Draw ``n`` values of the zero-mean ARMA(1, 1) process of
    `arma11()`, started from its stationary distribution.

    ``e(0) = v(0) + w``, where ``w`` stands for ``rho e(-1) + theta v(-1)``:
    independent of ``v(0)``, with variance ``sigma**2 - s**2`` (``s`` the
    innovation standard deviation), which simplifies to
    ``s**2 (rho + theta)**2 / (1 - rho**2)``. The recursion is then a linear
    filter with numerator ``[1, theta]`` and denominator ``[1, -rho]``.
    """
    s = sigma * np.sqrt((1 - rho**2) / (1 + 2 * theta * rho + theta**2))
    z = rng.standard_normal(n + 1)
    w = s * abs(rho + theta) / np.sqrt(1 - rho**2) * z[n]
    v = s * z[:n]
    e, _ = _signal.lfilter([1.0, theta], [1.0, -rho], v, zi=[w])
    return e
