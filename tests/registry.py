"""The one registry of methods that the contract suite, the convergence
table and the statistical harness run over.

What a method needs and offers comes from its class's ``capabilities``
(`paramfit._util.Capabilities`); an entry adds only what the tests need to
know about it: its kind, the settings the shared tests use with it, and the
PINTS behaviours it keeps that a generic test must allow for.

Adding a method is one entry in `METHODS`:

* an optimiser, ``Method(paramfit.NewES)``: the contract suite
  (test_optimiser_contract.py) and the generic sphere rows of the
  convergence table (test_convergence.py) then run on it; add rows for its
  own benchmark problems to the table;
* a sampler, ``Method(NewMCMC, kind="sampler", budget=..., settings=...)``:
  the optimiser tests leave it out (they select ``kind="optimiser"``) and
  test_sampling.py checks its draws through the statistical harness
  (`harness`), with ``budget`` draws per chain of which
  ``settings["warm_up"]`` are dropped.

`methods()` selects entries by kind, capability flags and test settings,
e.g. ``methods(needs_gradients=True)`` or
``methods("sampler", where=lambda m: m.budget > 1000)``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal

import numpy as np
import pytest
from problems import sphere_s1

import paramfit
from paramfit._util import Capabilities
from paramfit.samplers import MetropolisRandomWalkMCMC

Kind = Literal["optimiser", "sampler"]


@dataclass(frozen=True)
class Method:
    """One method class and what the shared tests need to know about it.

    Attributes
    ----------
    cls : type
        The method class; its ``capabilities`` say what it needs and offers.
    kind : {"optimiser", "sampler"}
        Which contract applies.
    budget : int
        Iterations the method gets in its kind's generic runs: the sphere
        rows of the convergence table, or each chain's length (warm-up
        included) in the sampling statistics.
    sigma0 : float or None
        Initial step (``None``: the class default) in the generic
        convergence rows, e.g. gradient descent's learning rate.
    writable_ask : bool
        ``ask()`` hands out a writable copy of its points, as PINTS does for
        PSO and Nelder-Mead; changing it must be harmless.
    best_lags : bool
        ``x_best()`` catches up one ``ask()`` after a ``tell()`` (PINTS's
        Nelder-Mead).
    rank_based : bool
        Only the order of scores matters, so any increasing transform of the
        objective leaves the path unchanged.
    converges_unbounded : bool
        Converges on an unbounded sphere; PSO, as in PINTS, has no velocity
        constriction and its swarm spreads out unless boundaries hold it.
    settings : mapping
        Anything else a kind-specific test needs (for samplers:
        ``warm_up``, the draws dropped from the start of each chain).
    """

    cls: type
    kind: Kind = "optimiser"
    budget: int = 300
    sigma0: float | None = None
    writable_ask: bool = False
    best_lags: bool = False
    rank_based: bool = False
    converges_unbounded: bool = True
    settings: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def name(self) -> str:
        return self.cls.__name__

    @property
    def capabilities(self) -> Capabilities:
        caps = self.cls.capabilities
        assert isinstance(caps, Capabilities), f"{self.name}.capabilities"
        return caps

    def make(
        self,
        x0: Any,
        sigma0: Any = None,
        boundaries: Any = None,
        *,
        seed: Any = None,
        **kwargs: Any,
    ) -> Any:
        """An instance; ``seed`` is passed as ``rng=`` to methods that take one
        (``None`` then seeds from NumPy's global state). ``sigma0`` and
        ``boundaries`` are passed only when given, so class defaults apply."""
        if sigma0 is not None:
            kwargs["sigma0"] = sigma0
        if boundaries is not None:
            kwargs["boundaries"] = boundaries
        if self.capabilities.takes_rng:
            kwargs["rng"] = seed
        return self.cls(x0, **kwargs)


#: Every method the shared tests run over: one line per method.
METHODS: tuple[Method, ...] = (
    Method(paramfit.XNES, rank_based=True),
    Method(paramfit.SNES, rank_based=True),
    Method(paramfit.PSO, rank_based=True, writable_ask=True, converges_unbounded=False),
    Method(paramfit.CMAES, rank_based=True),
    Method(paramfit.BareCMAES, rank_based=True),
    Method(paramfit.IPOP, rank_based=True),
    Method(paramfit.BIPOP, rank_based=True),
    Method(paramfit.MultiStart, rank_based=True),
    Method(
        paramfit.NelderMead,
        budget=400,
        writable_ask=True,
        best_lags=True,
        rank_based=True,
    ),
    Method(paramfit.Adam, budget=400),
    Method(paramfit.IRPropMin, budget=400),
    Method(paramfit.GradientDescent, budget=400, sigma0=0.3),
    Method(
        MetropolisRandomWalkMCMC,
        kind="sampler",
        budget=6000,
        settings=MappingProxyType({"warm_up": 1000}),
    ),
)


def methods(
    kind: Kind | None = "optimiser",
    where: Callable[[Method], bool] | None = None,
    **flags: bool,
) -> list[Method]:
    """The registered methods of ``kind`` whose capability flags equal
    ``flags`` (e.g. ``needs_gradients=False``) and for which ``where`` holds."""
    unknown = set(flags) - set(Capabilities.__dataclass_fields__)
    assert not unknown, f"not capability flags: {sorted(unknown)}"
    return [
        m
        for m in METHODS
        if (kind is None or m.kind == kind)
        and all(getattr(m.capabilities, k) == v for k, v in flags.items())
        and (where is None or where(m))
    ]


def method_params(*args: Any, **kwargs: Any) -> list[Any]:
    """:func:`methods` as ``pytest.param`` values with the class name as id."""
    return [pytest.param(m, id=m.name) for m in methods(*args, **kwargs)]


def by_name(name: str) -> Method:
    """The registry entry of the class called ``name``."""
    (m,) = [m for m in METHODS if m.name == name]
    return m


# -- driving an optimiser ------------------------------------------------------


def reply(opt: Any, xs: Any, f: Any = None) -> list[Any]:
    """What ``opt.tell`` expects for the points ``xs`` it asked for.

    ``f`` maps a point to ``(f, df)`` or to a score (default
    :func:`problems.sphere_s1`); methods that need gradients are told the
    pairs, the others only the scores.
    """
    f = sphere_s1 if f is None else f
    replies = [f(x) for x in xs]
    if opt.needs_sensitivities():
        return replies
    return [r[0] if isinstance(r, tuple) else r for r in replies]


def run(opt: Any, iterations: int, f: Any = None) -> Any:
    """Ask and tell ``iterations`` times with :func:`reply`; return ``opt``."""
    for _ in range(iterations):
        opt.tell(reply(opt, opt.ask(), f))
    return opt


def global_state_unchanged(before: Any, after: Any) -> bool:
    """Whether two ``np.random.get_state()`` tuples are the same state."""
    return bool(
        before[0] == after[0]
        and np.array_equal(before[1], after[1])
        and before[2:] == after[2:]
    )
