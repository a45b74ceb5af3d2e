"""The ``method`` argument of the controllers: a class, or a name users
would type.

``OptimisationController(..., method="cmaes")`` and
``MCMCController(..., method="haario-bardenet")`` accept the class name of
any method paramfit exports, in any case and with or without ``-``, ``_``
or spaces (``"CMA-ES"``, ``"nelder_mead"``, ``"DreamMCMC"``, ``"dream"``),
plus a few common short names. An unknown name, an instance instead of the
class, or another kind of method raises an error that lists the names.
"""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING, Any, TypeVar

from .._checks import describe

if TYPE_CHECKING:
    from ..optimisers import Optimiser

_T = TypeVar("_T", bound=type)

#: Short names beyond the class names.
_OPTIMISER_ALIASES = {
    "cma": "CMAES",
    "gd": "GradientDescent",
    "irprop": "IRPropMin",
    "rprop": "IRPropMin",
    "nm": "NelderMead",
}
_SAMPLER_ALIASES = {
    "metropolis": "MetropolisRandomWalkMCMC",
    "randomwalk": "MetropolisRandomWalkMCMC",
    "rwm": "MetropolisRandomWalkMCMC",
    "acmc": "HaarioBardenetACMC",
    "adaptivecovariance": "HaarioBardenetACMC",
    "haariobardenet": "HaarioBardenetACMC",
    "haario": "HaarioACMC",
    "raoblackwell": "RaoBlackwellACMC",
    "dram": "DramACMC",
    "de": "DifferentialEvolutionMCMC",
    "emcee": "EmceeHammerMCMC",
    "hmc": "HamiltonianMCMC",
    "nuts": "NoUTurnMCMC",
    "mala": "MALAMCMC",
    "slice": "SliceStepoutMCMC",
}
#: Classes that are templates or deprecated aliases, not methods to name.
_NOT_METHODS = {
    "Optimiser",
    "PopulationBasedOptimiser",
    "GradientOptimiser",
    "MCMCSampler",
    "SingleChainMCMC",
    "MultiChainMCMC",
    "AdaptiveCovarianceMC",
    "AdaptiveCovarianceMCMC",
}


def _key(name: str) -> str:
    """A name as users may type it, normalised: lower case, without ``-``,
    ``_``, spaces or a trailing ``mcmc``."""
    key = name.lower().replace("-", "").replace("_", "").replace(" ", "")
    return key[:-4] if key.endswith("mcmc") and len(key) > 4 else key


def method_names(module: Any, base: type) -> dict[str, type]:
    """The methods ``module`` exports that subclass ``base``, by normalised
    name (class names, plus the short names)."""
    names: dict[str, type] = {}
    for name in getattr(module, "__all__", ()):
        cls = getattr(module, name, None)
        if isinstance(cls, type) and issubclass(cls, base) and name not in _NOT_METHODS:
            names[_key(name)] = cls
    classes = {cls.__name__: cls for cls in names.values()}
    aliases = _SAMPLER_ALIASES if _is_sampler(base) else _OPTIMISER_ALIASES
    for alias, target in aliases.items():
        if target in classes:
            names.setdefault(alias, classes[target])
    return dict(sorted(names.items()))


def _is_sampler(base: type) -> bool:
    return base.__name__ == "MCMCSampler"


def resolve_method(method: object, base: _T, names: dict[str, type], kind: str) -> _T:
    """The method class ``method`` stands for: a subclass of ``base``, or
    one of ``names`` (case-insensitive).

    Raises
    ------
    ValueError
        For an unknown name, or a class that is not a ``base``, with PINTS's
        message ("Method must be subclass of pints.Optimiser.", ...) first.
    TypeError
        For an instance of a method, or anything else.
    """
    pints_message = (
        "Given method must extend pints.MCMCSampler."
        if _is_sampler(base)
        else "Method must be subclass of pints.Optimiser."
    )
    listed = ", ".join(repr(n) for n in names)
    if isinstance(method, str):
        found = names.get(_key(method))
        if found is not None:
            return found  # type: ignore[return-value]
        close = difflib.get_close_matches(_key(method), list(names), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise ValueError(
            f"Unknown method {method!r}{hint}: method must be a {kind} class or "
            f"one of the names {listed} (case-insensitive)."
        )
    if isinstance(method, type):
        if issubclass(method, base):
            return method  # type: ignore[return-value]
        raise ValueError(
            f"{pints_message} Got the class {method.__name__}; method must be a "
            f"{kind} class or one of the names {listed}."
        )
    if isinstance(method, base):
        cls = type(method).__name__
        raise TypeError(
            f"method must be a {kind} class, not an instance: pass "
            f"method=paramfit.{cls} (or {_key(cls)!r}); the controller creates "
            f"the {kind} itself from x0 and sigma0. Got {describe(method)}."
        )
    raise TypeError(
        f"method must be a {kind} class or one of the names {listed}; got "
        f"{describe(method)}."
    )


def optimiser_class(method: object) -> type[Optimiser]:
    """The optimiser class ``method`` stands for: ``None`` (CMA-ES, as
    PINTS), an `Optimiser` subclass, or its name."""
    from .. import optimisers

    if method is None:
        return optimisers.CMAES
    names = method_names(optimisers, optimisers.Optimiser)
    return resolve_method(method, optimisers.Optimiser, names, "optimiser")
