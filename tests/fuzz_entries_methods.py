"""Entry points of the bad-input fuzzer (see ``fuzz.py``): optimisers (their
constructors, setters, hyper-parameters and ``tell()``), and the helpers the
samplers' and controllers' entries share."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from fuzz import OPAQUE, VALID, Entry, Slot, scalar_bad, vector_bad
from fuzz_entries import count, positive, real

import paramfit

X0 = [1.0, 2.0]
BOX = paramfit.RectangularBoundaries([0, 0], [3, 3])


def setter(name: str, make: Callable[[], Any], method: str, slot: Slot) -> Entry:
    """``make().<method>(value)``."""

    def call(**kwargs: Any) -> Any:
        return getattr(make(), method)(*kwargs.values())

    return Entry(f"{name}(...).{method}({slot.name})", call, (slot,), group="setters")


def _rng_slot() -> Slot:
    return Slot(
        "rng",
        1,
        [
            ("word", "abc"),
            ("float", 1.5),
            ("object", OPAQUE),
            ("negative", -1),
            ("list", [1.0]),
        ],
        ("seed",),
    )


def _boundaries_slot() -> Slot:
    return Slot(
        "boundaries",
        BOX,
        [
            ("float", 1.0),
            ("word", "abc"),
            ("object", OPAQUE),
            ("tuple", ([0, 0], [3, 3])),
            ("3-d", paramfit.RectangularBoundaries([0, 0, 0], [3, 3, 3])),
            ("x0 outside", paramfit.RectangularBoundaries([2, 2], [3, 3])),
        ],
        ("initial position", "bound"),
    )


def _sigma0_slot() -> Slot:
    bad = [b for b in scalar_bad("positive") if b[0] not in ("list of two", "None")]
    bad += [
        ("too long", [0.5, 0.5, 0.5]),
        ("negative vector", [-1.0, 1.0]),
        ("str entries", ["1", "1"]),
        ("2-d", np.ones((2, 2))),
    ]
    return Slot("sigma0", 0.5, bad, ("standard deviation",))


def _x0_slot(valid: Any = X0, ok: tuple[str, ...] = ()) -> Slot:
    bad = vector_bad(2) + [("2-d", [[1.0, 2.0], [3.0, 4.0]])]
    bad = [b for b in bad if b[0] not in ok]
    return Slot("x0", valid, bad, ("starting point", "initial position", "dimension"))


OPTIMISERS: list[Any] = [
    paramfit.XNES,
    paramfit.SNES,
    paramfit.CMAES,
    paramfit.BareCMAES,
    paramfit.PSO,
    paramfit.NelderMead,
    paramfit.Adam,
    paramfit.GradientDescent,
    paramfit.IRPropMin,
    paramfit.BIPOP,
    paramfit.IPOP,
    paramfit.MultiStart,
]


def _asked(cls: Any) -> tuple[Any, int]:
    opt = _optimiser(cls)
    xs = opt.ask()
    return opt, len(xs)


def _optimiser(cls: Any) -> Any:
    if cls.capabilities.takes_rng:
        return cls(
            X0, 0.5, BOX if cls.capabilities.supports_boundaries else None, rng=1
        )
    return cls(X0, 0.5)


def _tell_call(cls: Any) -> Callable[..., Any]:
    def call(fx: Any) -> Any:
        opt, k = _asked(cls)
        if fx is VALID:
            fx = (
                [(1.0, np.zeros(2))]
                if opt.needs_sensitivities()
                else [float(i) for i in range(k)]
            )
        return opt.tell(fx)

    return call


def _scores_bad(gradients: bool, k: int) -> list[tuple[str, Any]]:
    if gradients:
        return [
            ("None", None),
            ("scores", [1.0]),
            ("str pair", [("1.0", [0, 0])]),
            ("None pair", [(None, [0.0, 0.0])]),
            ("short gradient", [(1.0, [0.0])]),
            ("object", OPAQUE),
            ("str gradient", [(1.0, ["0", "0"])]),
        ]
    return [
        ("None", None),
        ("None entries", [None] * k),
        ("str entries", ["1.0"] * k),
        ("one str", ["1.0"] + [1.0] * (k - 1)),
        ("too short", [1.0] * (k - 1)),
        ("too long", [1.0] * (k + 1)),
        ("object", OPAQUE),
        ("word", "abc"),
        ("complex", [1j] * k),
        ("huge", [10**400] * k),
        ("dict", {"a": 1.0}),
        ("2-d", np.ones((k, 2))),
    ]


def optimiser_entries() -> list[Entry]:
    entries = []
    for cls in OPTIMISERS:
        name = cls.__name__
        slots = [_x0_slot(), _sigma0_slot()]
        if not cls.capabilities.supports_boundaries:
            # Any dimension is valid without boundaries.
            slots[0] = _x0_slot(ok=("too long", "too short"))
        else:
            slots.append(_boundaries_slot())
        if cls.capabilities.takes_rng:
            slots.append(_rng_slot())

            def construct(
                x0: Any, sigma0: Any, rng: Any, boundaries: Any = None, c: Any = cls
            ) -> Any:
                return c(x0, sigma0, boundaries, rng=rng)
        else:

            def construct(
                x0: Any, sigma0: Any, boundaries: Any = None, c: Any = cls
            ) -> Any:
                return c(x0, sigma0, boundaries)

        entries.append(
            Entry(
                f"{name}(x0, sigma0, ...)", construct, tuple(slots), group="optimisers"
            )
        )
        opt, k = _asked(cls)
        entries.append(
            Entry(
                f"{name}(...).tell(fx)",
                _tell_call(cls),
                (
                    Slot(
                        "fx",
                        VALID,
                        _scores_bad(opt.needs_sensitivities(), k),
                        ("score", "tell"),
                    ),
                ),
                group="optimisers",
            )
        )
        make = lambda c=cls: _optimiser(c)  # noqa: E731
        if isinstance(opt, paramfit.PopulationBasedOptimiser):
            entries.append(
                setter(
                    name,
                    make,
                    "set_population_size",
                    # None is the default; a fraction is rounded down (PINTS).
                    count(
                        "population_size",
                        6,
                        "population size",
                        ok=("None",),
                        truncates=True,
                    ),
                )
            )
        n_hyper = opt.n_hyper_parameters()
        if n_hyper:
            valid = (
                [6.0, 0.5, 0.5][:n_hyper]
                if n_hyper > 1
                else [0.01 if "Gradient" in name else 6.0]
            )
            if name == "IRPropMin":
                valid = [1e-3, 1.0]
            entries.append(
                setter(
                    name,
                    make,
                    "set_hyper_parameters",
                    Slot(
                        "x",
                        valid,
                        [
                            ("None", None),
                            ("empty", []),
                            ("dict", {"a": 1.0}),
                            ("str entries", ["1"] * n_hyper),
                            ("nan", [np.nan] * n_hyper),
                            ("object", OPAQUE),
                            ("too long", [*valid, 1.0]),
                            ("huge", [10**400] * n_hyper),
                        ],
                        (
                            "hyper-parameter",
                            "hyper_parameter",
                            "population",
                            "learning",
                        ),
                    ),
                )
            )
    gd = lambda: paramfit.GradientDescent(X0, 0.1)  # noqa: E731
    irp = lambda: paramfit.IRPropMin(X0, 0.1)  # noqa: E731
    entries += [
        setter(
            "GradientDescent",
            gd,
            "set_learning_rate",
            # PINTS reads a numeric string as a number here (its tests do).
            positive("eta", 0.1, "learning rate", ok=("numeric str",)),
        ),
        setter(
            "IRPropMin",
            irp,
            "set_min_step_size",
            Slot(
                "step_size",
                1e-4,
                [b for b in scalar_bad("nonneg") if b[1] is not None],
                ("step size",),
            ),
        ),
        setter(
            "IRPropMin",
            irp,
            "set_max_step_size",
            Slot(
                "step_size",
                1.0,
                [
                    b
                    for b in scalar_bad("positive")
                    if b[1] is not None and b[0] != "inf"
                ],
                ("step size",),
            ),
        ),
        setter(
            "PSO",
            lambda: paramfit.PSO(X0, 0.5, rng=1),
            "set_local_global_balance",
            real("r", 0.5, "balance", kind="probability"),
        ),
        setter(
            "CMAES",
            lambda: paramfit.CMAES(X0, 0.5, rng=1),
            "set_termination",
            Slot(
                "criteria",
                "default",
                [
                    ("word", "abc"),
                    ("float", 1.0),
                    ("object", OPAQUE),
                    ("list", ["nope"]),
                ],
                ("termination", "criterion"),
            ),
        ),
    ]
    return entries
