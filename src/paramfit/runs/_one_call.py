"""One-call optimisation and sampling: `optimise()`, `fmin()` and
`curve_fit()`, running an `OptimisationController`, and `mcmc_sample()`,
running an `MCMCController`.

Their objectives are module-level classes so that they pickle, which
``parallel=True`` needs with the ``spawn`` start method.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Union

import numpy as np

from .._checks import fail, flag, floats, vector
from .._typing import ArrayLike, FloatArray
from ..optimisers import Optimiser
from ..problems import Boundaries, ErrorMeasure, LogPDF, RectangularBoundaries
from ..samplers import MCMCSampler
from ..transformations import Transformation
from ._objective import Function
from ._optimisation import OptimisationController
from ._sampling import MCMCController

#: Boundaries, or rectangular ones given as ``(lower, upper)``.
BoundariesLike = Union[Boundaries, tuple[ArrayLike, ArrayLike], None]


def optimise(
    function: Function,
    x0: ArrayLike,
    sigma0: ArrayLike | None = None,
    boundaries: Boundaries | None = None,
    transformation: Transformation | None = None,
    method: type[Optimiser] | str | None = None,
) -> tuple[FloatArray, float]:
    """Minimise an error measure or maximise a log-pdf with the default
    controller settings (it logs to screen); return ``(x_best, f_best)``.

    The arguments are those of `OptimisationController`.
    """
    controller = OptimisationController(
        function, x0, sigma0, boundaries, transformation, method
    )
    return controller.run()


def fmin(
    f: Callable[..., float],
    x0: ArrayLike,
    args: Sequence[object] | None = None,
    boundaries: BoundariesLike = None,
    threshold: float | None = None,
    max_iter: int | None = None,
    max_unchanged: int | None = 200,
    verbose: bool = False,
    parallel: bool | int = False,
    method: type[Optimiser] | str | None = None,
) -> tuple[FloatArray, float]:
    """Minimise ``f(x, *args)`` from ``x0``; return ``(x_best, f_best)``.

    Parameters
    ----------
    f : callable
        The function to minimise (picklable if ``parallel`` is used on a
        platform that spawns processes).
    x0 : array_like, shape (n_parameters,)
        Starting point.
    args : sequence, optional
        Extra arguments passed to ``f`` after ``x``.
    boundaries : Boundaries or (lower, upper), optional
        Rectangular bounds may be given as a pair of sequences.
    threshold : float, optional
        Stop once ``f`` falls below this.
    max_iter : int, optional
        Maximum number of iterations (default: no limit).
    max_unchanged : int, optional
        Stop after this many iterations without a significant change in ``f``.
    verbose : bool, optional
        Log progress to screen.
    parallel : bool or int, optional
        As `OptimisationController.set_parallel()`.
    method : type, optional
        The `Optimiser` subclass to use (default: CMA-ES).

    Examples
    --------
    >>> def f(x):
    ...     return (x[0] - 3) ** 2 + (x[1] + 5) ** 2
    >>> x, fx = fmin(f, [1, 1])  # doctest: +SKIP
    """
    if not callable(f):
        raise ValueError("The argument `f` must be callable.")
    d = _dimension(x0, "x0")
    error = _FminError(f, d) if args is None else _FminError(f, d, _args(args))
    controller = OptimisationController(
        error, x0, boundaries=_boundaries(boundaries), method=method
    )
    x, fx = _run(controller, threshold, max_iter, max_unchanged, verbose, parallel)
    return _finite(x, fx, "f", "x0")


def curve_fit(
    f: Callable[..., ArrayLike],
    x: ArrayLike,
    y: ArrayLike,
    p0: ArrayLike,
    boundaries: BoundariesLike = None,
    threshold: float | None = None,
    max_iter: int | None = None,
    max_unchanged: int | None = 200,
    verbose: bool = False,
    parallel: bool | int = False,
    method: type[Optimiser] | str | None = None,
) -> tuple[FloatArray, float]:
    """Fit ``f(x, *p)`` to data ``y`` by minimising the mean squared error;
    return ``(p_best, mse_best)``.

    Parameters
    ----------
    f : callable
        The model, called as ``f(x, *p)``.
    x : array_like, shape (n, ...)
        Values of the independent variable.
    y : array_like, shape (n, ...)
        Measured values ``f(x, *p) + noise``.
    p0 : array_like, shape (n_parameters,)
        Initial guess of the parameters.
    boundaries, threshold, max_iter, max_unchanged, verbose, parallel, method
        As for `fmin()`.

    Examples
    --------
    >>> def f(x, a, b, c):
    ...     return a + b * x + c * x**2
    >>> x = np.linspace(-5, 5, 100)
    >>> p, mse = curve_fit(f, x, f(x, 1, 2, 3), [0, 0, 0])  # doctest: +SKIP
    """
    if not callable(f):
        raise ValueError("The argument `f` must be callable.")
    d = _dimension(p0, "p0")
    x = np.asarray(x)
    if x.ndim == 0:
        raise TypeError(fail("x", "a sequence of values, one per measurement", x))
    y = floats(y, "y")
    if y.ndim == 0:
        raise TypeError(fail("y", "a sequence of measured values", y))
    if x.shape[0] != y.shape[0]:
        raise ValueError("The first dimension of `x` and `y` must be the same.")
    bad = ~np.isfinite(y)
    if bad.any():
        i = tuple(int(k) for k in np.argwhere(bad)[0])
        raise ValueError(
            f"y must be finite (a fit cannot use NaN or infinite data); got y{list(i)}"
            f" = {y[i]}, the first of {int(bad.sum())} non-finite values."
        )
    error = _CurveFitError(f, d, x, y)
    controller = OptimisationController(
        error, p0, boundaries=_boundaries(boundaries), method=method
    )
    p, mse = _run(controller, threshold, max_iter, max_unchanged, verbose, parallel)
    return _finite(p, mse, "the mean squared error", "p0")


def _boundaries(boundaries: BoundariesLike) -> Boundaries | None:
    """``None``, a `Boundaries`, or bounds made from ``(lower, upper)``."""
    if boundaries is None or isinstance(boundaries, Boundaries):
        return boundaries
    if not isinstance(boundaries, (tuple, list)) or len(boundaries) != 2:
        raise TypeError(
            fail(
                "boundaries", "a Boundaries object or a pair (lower, upper)", boundaries
            )
        )
    lower, upper = boundaries
    return RectangularBoundaries(lower, upper)


def _dimension(x0: ArrayLike, name: str) -> int:
    """The number of parameters of a starting point (at least one)."""
    d = len(vector(x0, name, finite=False))
    if d < 1:
        raise ValueError(fail(name, "a starting point of dimension 1 or more", x0))
    return d


def _args(args: object) -> tuple[object, ...]:
    """Extra arguments of ``f``: a sequence (not a string)."""
    if isinstance(args, (str, bytes)) or not isinstance(args, Sequence):
        raise TypeError(fail("args", "None or a sequence of extra arguments", args))
    return tuple(args)


def _finite(x: FloatArray, f: float, what: str, start: str) -> tuple[FloatArray, float]:
    """``(x, f)``, unless the run found no finite value (``+inf`` or NaN, or
    a position that is not finite): then a ``ValueError``, rather than a
    result that looks like a success."""
    if f < np.inf and np.isfinite(x).all():
        return x, f
    raise ValueError(
        f"No finite value of {what} was found (the best is {f} at "
        f"{np.asarray(x).tolist()}): every evaluation was infinite or NaN. Check "
        f"the function and {start}: start where it is finite, at values it can "
        "take (numbers near 1e308 overflow)."
    )


def _run(
    controller: OptimisationController,
    threshold: float | None,
    max_iter: int | None,
    max_unchanged: int | None,
    verbose: bool,
    parallel: bool | int,
) -> tuple[FloatArray, float]:
    controller.set_threshold(threshold)
    controller.set_max_iterations(max_iter)
    controller.set_function_tolerance(max_unchanged)
    controller.set_parallel(parallel)
    controller.set_log_to_screen(flag(verbose, "verbose"))
    return controller.run()


class _FminError(ErrorMeasure):
    """The error measure ``f(x, *args)`` minimised by `fmin()`."""

    def __init__(
        self, f: Callable[..., float], d: int, args: tuple[object, ...] = ()
    ) -> None:
        self._f = f
        self._d = d
        self._args = args

    def n_parameters(self) -> int:
        return self._d

    def __call__(self, x: ArrayLike) -> float:
        return self._f(x, *self._args)


class _CurveFitError(ErrorMeasure):
    """The mean squared error ``mean((y - f(x, *p))**2)`` of `curve_fit()`."""

    def __init__(
        self, f: Callable[..., ArrayLike], d: int, x: FloatArray, y: FloatArray
    ) -> None:
        self._f = f
        self._d = d
        self._x = x
        self._y = y
        self._scale = 1 / np.prod(y.shape)

    def n_parameters(self) -> int:
        return self._d

    def __call__(self, p: Sequence[float] | FloatArray) -> float:
        y = self._f(self._x, *p)
        try:
            values = floats(y, "f(x, *p)")
        except (TypeError, ValueError) as e:
            raise type(e)(
                f"curve_fit needs f(x, *p) to return numbers like y: {e}"
            ) from None
        residuals = self._y - values
        return float(np.sum(residuals**2) * self._scale)


def mcmc_sample(
    log_pdf: LogPDF | Sequence[LogPDF],
    chains: int,
    x0: ArrayLike,
    sigma0: ArrayLike | None = None,
    transformation: Transformation | None = None,
    method: type[MCMCSampler] | str | None = None,
) -> FloatArray | None:
    """Sample from ``log_pdf`` with an MCMC method and default settings;
    return the chains ``(chains, iterations, n_parameters)``. The arguments
    are those of `MCMCController`."""
    controller = MCMCController(log_pdf, chains, x0, sigma0, transformation, method)
    return controller.run()
