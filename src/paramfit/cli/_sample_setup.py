"""What ``paramfit sample`` samples: the model (resolved as ``paramfit fit``
does), a Gaussian likelihood with unknown noise, the prior, and the sampler.

The posterior's parameters are the model's followed by one noise standard
deviation per model output (`paramfit.GaussianLogLikelihood`). The default
prior, documented in ``paramfit sample --help`` and ``docs/sampling.md``:

* each model parameter is log-uniform on ``[x0 / 100, 100 * x0]``, where
  ``x0`` is ``--x0`` or the model's suggested parameters (positive values
  needed); ``--bounds`` replaces these ranges, ``--prior uniform`` makes
  the model parameters' prior uniform on them instead;
* each noise standard deviation is log-uniform on ``[1e-4 * s, 10 * s]``,
  where ``s`` is the standard deviation of that output's data (a scale
  prior, close to Jeffreys's ``1 / sigma``); ``--noise-bounds`` replaces
  these ranges.
"""

from __future__ import annotations

import argparse
import warnings
from dataclasses import dataclass

import numpy as np

from .._typing import FloatArray
from ..log_pdfs import LogPosterior
from ..problems import ForwardModel, LogPrior, RectangularBoundaries
from ..samplers import MCMCSampler, MultiChainMCMC
from ..transformations import LogTransformation
from ._fit_data import FitData, FitError
from ._fit_setup import Problem, _problem, _starting_point, resolve_model

#: Samplers that are templates or aliases, not methods to choose.
_NOT_METHODS = {
    "MCMCSampler",
    "SingleChainMCMC",
    "MultiChainMCMC",
    "AdaptiveCovarianceMC",
    "AdaptiveCovarianceMCMC",  # PINTS's deprecated alias of HaarioBardenetACMC
}
#: The default prior's range around the starting point, as a factor.
PARAMETER_RANGE = 100.0
#: The default noise prior's range, as multiples of the data's standard
#: deviation.
NOISE_RANGE = (1e-4, 10.0)


def sampler_classes() -> dict[str, type[MCMCSampler]]:
    """The MCMC samplers of this version of paramfit, by lower-case class
    name (looked up at run time, so new methods appear by themselves)."""
    import paramfit

    found = {}
    for name in paramfit.__all__:
        obj = getattr(paramfit, name, None)
        if (
            isinstance(obj, type)
            and issubclass(obj, MCMCSampler)
            and name not in _NOT_METHODS
        ):
            found[name.lower()] = obj
    return dict(sorted(found.items()))


@dataclass
class SampleSetup:
    """Everything the optimisation and the sampling need, checked.

    ``lower`` and ``upper`` bound the prior's support (model parameters,
    then noise); ``x0`` is where the optimisation starts.
    """

    model: ForwardModel
    problem: Problem
    log_posterior: LogPosterior
    names: list[str]
    lower: FloatArray
    upper: FloatArray
    prior_kinds: list[str]
    x0: FloatArray
    transformation: LogTransformation | None
    method: type[MCMCSampler]
    #: Whether ``x0`` is a guess (``--x0`` or the model's suggested
    #: parameters) rather than the middle of ``--bounds``.
    x0_is_guess: bool = True

    @property
    def n_model_parameters(self) -> int:
        return int(self.model.n_parameters())

    def boundaries(self) -> RectangularBoundaries:
        """The prior's support, for the optimiser."""
        return RectangularBoundaries(self.lower, self.upper)

    def prior_lines(self) -> list[str]:
        """One line per parameter: its prior."""
        return [
            f"{name}: {kind} on [{lo:.6g}, {hi:.6g}]"
            for name, kind, lo, hi in zip(
                self.names, self.prior_kinds, self.lower, self.upper, strict=True
            )
        ]


def prepare(args: argparse.Namespace, data: FitData) -> SampleSetup:
    """Check the options against the model and the data; build the
    posterior.

    Raises
    ------
    FitError
        If the options do not fit the model or the data.
    """
    model = resolve_model(args.model)
    problem = _problem(model, data, args.data)
    n = int(model.n_parameters())
    n_outputs = int(model.n_outputs())
    lower, upper = _check_pairs("--bounds", args.bounds, n)
    log = args.transform == "log"
    _check_count("--x0", args.x0, n)
    geometric = log or args.prior != "uniform"  # the middle of a range in log
    ranges = None if lower is None else list(lower)
    x = _starting_point(args.x0, ranges, list(upper), model, geometric)
    if lower is None:
        if not np.all(x > 0):
            raise FitError(
                "the default prior is set around the starting point, which must "
                f"be positive; got {_listed(x)}: give --bounds (and --x0)"
            )
        lower, upper = x / PARAMETER_RANGE, x * PARAMETER_RANGE
    _check_inside("--x0", x, lower, upper)
    noise_lower, noise_upper = _noise_ranges(args.noise_bounds, data, n_outputs)
    low = np.concatenate([lower, noise_lower])
    high = np.concatenate([upper, noise_upper])
    kinds = ["uniform" if args.prior == "uniform" else "log-uniform"] * n
    kinds += ["log-uniform"] * n_outputs
    for option, part in (("--bounds", slice(0, n)), ("--noise-bounds", slice(n, None))):
        for j, (kind, lo) in enumerate(zip(kinds[part], low[part], strict=True)):
            if lo <= 0 and (log or kind == "log-uniform"):
                raise FitError(
                    f"{option}: range {j + 1} starts at {lo:g}, but "
                    f"{_needs_positive(kind, log)} needs positive values"
                )
    names = _names(args.names, n, data.names)
    posterior = _posterior(problem, kinds, low, high)
    x0 = np.concatenate([x, _noise_start(problem, x, noise_lower, noise_upper)])
    transformation = LogTransformation(n + n_outputs) if log else None
    method = sampler_classes()[args.method]
    _check_method(args, method, x0, model)
    guess = args.x0 is not None or args.bounds is None
    return SampleSetup(
        model,
        problem,
        posterior,
        names,
        low,
        high,
        kinds,
        x0,
        transformation,
        method,
        guess,
    )


def _needs_positive(kind: str, log: bool) -> str:
    return "sampling in log space (--transform log)" if log else f"a {kind} prior"


def _listed(values: FloatArray) -> str:
    return ",".join(f"{v:g}" for v in values)


def _check_count(option: str, values: list[float] | None, n: int) -> None:
    if values is not None and len(values) != n:
        raise FitError(
            f"{option} needs {n} values (one per model parameter); got {len(values)}"
        )


def _check_pairs(
    option: str, pairs: tuple[list[float], list[float]] | None, n: int
) -> tuple[FloatArray | None, FloatArray]:
    if pairs is None:
        return None, np.empty(0)
    lower, upper = pairs
    if len(lower) != n:
        raise FitError(
            f"{option} needs {n} LOW:HIGH pairs (one per model parameter); "
            f"got {len(lower)}"
        )
    return np.array(lower), np.array(upper)


def _check_inside(option: str, x: FloatArray, lower: FloatArray, upper: FloatArray):
    for j, (v, lo, hi) in enumerate(zip(x, lower, upper, strict=True)):
        if not lo <= v < hi:
            raise FitError(
                f"{option} must lie within the prior's ranges (--bounds): "
                f"parameter {j + 1} is {v:g}, outside [{lo:g}, {hi:g})"
            )


def _noise_ranges(
    pairs: tuple[list[float], list[float]] | None, data: FitData, n_outputs: int
) -> tuple[FloatArray, FloatArray]:
    """The noise prior's ranges: one per output, from ``--noise-bounds`` (one
    pair for all outputs, or one per output) or from the data's spread."""
    if pairs is not None:
        lower, upper = (np.array(v, dtype=float) for v in pairs)
        if len(lower) == 1:
            return np.repeat(lower, n_outputs), np.repeat(upper, n_outputs)
        if len(lower) != n_outputs:
            each = (
                "" if n_outputs == 1 else f" for all, or {n_outputs} (one per output)"
            )
            raise FitError(
                f"--noise-bounds needs one LOW:HIGH pair{each}; got {len(lower)}"
            )
        return lower, upper
    spread = np.std(data.values, axis=0)
    size = np.max(np.abs(data.values), axis=0)
    # Constant data: fall back on their size, or 1 if they are all zero.
    scale = np.where(spread > 0, spread, np.where(size > 0, size, 1.0))
    return NOISE_RANGE[0] * scale, NOISE_RANGE[1] * scale


def _names(given: str | None, n: int, outputs: list[str]) -> list[str]:
    """The parameters' names: ``--names`` (model parameters only) or
    ``p0, p1, ...``, then ``sigma`` (``sigma_<column>`` for several
    outputs)."""
    if given is None:
        names = [f"p{j}" for j in range(n)]
    else:
        names = [s.strip() for s in given.split(",")]
        if len(names) != n or not all(names):
            raise FitError(
                f"--names needs {n} non-empty names (one per model parameter), "
                f"separated by commas; got {given!r}"
            )
    noise = ["sigma"] if len(outputs) == 1 else [f"sigma_{c}" for c in outputs]
    clash = set(names) & set(noise)
    if len(set(names)) != n or clash:
        raise FitError(f"--names must be distinct from each other and from {noise}")
    return names + noise


def _posterior(
    problem: Problem, kinds: list[str], lower: FloatArray, upper: FloatArray
) -> LogPosterior:
    from ..log_pdfs import ComposedLogPrior, LogUniformLogPrior, UniformLogPrior
    from ..log_pdfs.likelihoods import GaussianLogLikelihood

    n = problem.n_parameters()
    priors: list[LogPrior] = []
    if kinds[0] == "uniform":
        priors.append(UniformLogPrior(lower[:n], upper[:n]))
        first_log = n
    else:
        first_log = 0
    priors += [
        LogUniformLogPrior(a, b)
        for a, b in zip(lower[first_log:], upper[first_log:], strict=True)
    ]
    return LogPosterior(GaussianLogLikelihood(problem), ComposedLogPrior(*priors))


def _noise_start(
    problem: Problem, x: FloatArray, lower: FloatArray, upper: FloatArray
) -> FloatArray:
    """Where the optimisation starts for the noise: the residuals' root mean
    square at the model's starting point, moved inside the prior's ranges."""
    middle = np.sqrt(lower * upper)
    try:
        simulated = np.asarray(problem.evaluate(x), dtype=float)
    except Exception:  # the optimisation reports a failing model
        return middle
    values = np.asarray(problem.values(), dtype=float)
    rms = np.sqrt(np.mean((simulated - values) ** 2, axis=0)).reshape(-1)
    rms = np.where(np.isfinite(rms) & (rms > 0), rms, middle)
    # Inside [lower, upper), never on the bounds.
    return np.clip(rms, lower * 1.01, upper / 1.01)


def _check_method(
    args: argparse.Namespace,
    method: type[MCMCSampler],
    x0: FloatArray,
    model: ForwardModel,
) -> None:
    """Reject settings the method cannot run with (too few chains for a
    multi-chain method, a gradient-based method on a model without
    sensitivities) before spending time on the optimisation."""
    try:
        with warnings.catch_warnings():  # the controller warns again
            warnings.simplefilter("ignore")
            sampler: MCMCSampler
            if issubclass(method, MultiChainMCMC):
                sampler = method(args.chains, np.tile(x0, (args.chains, 1)), rng=0)
            else:
                sampler = method(x0, rng=0)  # type: ignore[call-arg]
    except ValueError as e:
        raise FitError(f"--method {args.method}: {e}") from None
    if sampler.needs_sensitivities() and not hasattr(model, "simulateS1"):
        raise FitError(
            f"--method {args.method} needs a model with sensitivities (simulateS1)"
        )
