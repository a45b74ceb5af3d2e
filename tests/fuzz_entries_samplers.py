"""Entry points of the bad-input fuzzer (see ``fuzz.py``): MCMC samplers,
their constructors, setters and ``tell()``."""

from __future__ import annotations

from typing import Any

import numpy as np
from fuzz import NOT_NUMBERS, OPAQUE, VALID, Entry, Slot, scalar_bad, vector_bad
from fuzz_entries import count, flag, pos_vec, positive, real
from fuzz_entries_methods import X0, _rng_slot, _x0_slot, setter

import paramfit

SINGLE = [
    paramfit.MetropolisRandomWalkMCMC,
    paramfit.HaarioBardenetACMC,
    paramfit.HaarioACMC,
    paramfit.RaoBlackwellACMC,
    paramfit.DramACMC,
    paramfit.PopulationMCMC,
    paramfit.SliceDoublingMCMC,
    paramfit.SliceStepoutMCMC,
]


MULTI = [
    paramfit.DifferentialEvolutionMCMC,
    paramfit.DreamMCMC,
    paramfit.EmceeHammerMCMC,
]


def _mcmc_sigma0_slot() -> Slot:
    bad = [
        b
        for b in scalar_bad("positive")
        if b[0] not in ("None", "list of two", "list of one")
    ]
    bad += [
        ("too long", [0.5] * 3),
        ("not positive definite", -np.eye(2)),
        ("str entries", ["1", "1"]),
        ("asymmetric", [[1.0, 0.5], [0.0, 1.0]]),
    ]
    return Slot("sigma0", 0.5, bad, ("covariance", "standard deviation"))


def sampler_entries() -> list[Entry]:
    entries = []
    for cls in SINGLE:
        entries.append(
            Entry(
                f"{cls.__name__}(x0, sigma0, rng)",
                lambda x0, sigma0, rng, c=cls: c(x0, sigma0, rng=rng),
                # Any dimension is valid for a sampler's x0.
                (
                    _x0_slot(ok=("too long", "too short")),
                    _mcmc_sigma0_slot(),
                    _rng_slot(),
                ),
                group="samplers",
            )
        )

        def tell(fx: Any, c: Any = cls) -> Any:
            s = c(X0, rng=1)
            s.ask()
            return s.tell(-1.0 if fx is VALID else fx)

        entries.append(
            Entry(
                f"{cls.__name__}(...).tell(fx)",
                tell,
                (
                    Slot(
                        "fx",
                        VALID,
                        [*NOT_NUMBERS, ("10**400", 10**400)],
                        ("log-pdf", "logpdf"),
                    ),
                ),
                group="samplers",
            )
        )
    starts = [[1.0, 2.0], [1.5, 2.5], [2.0, 1.0]]
    for cls in MULTI:
        chains_bad = [b for b in scalar_bad("count", 3)]
        entries.append(
            Entry(
                f"{cls.__name__}(chains, x0, sigma0, rng)",
                lambda chains, x0, sigma0, rng, c=cls: c(chains, x0, sigma0, rng=rng),
                (
                    Slot("chains", 3, chains_bad, ("chain",)),
                    Slot(
                        "x0",
                        starts,
                        [
                            *vector_bad(3)[:10],
                            ("nan", [[np.nan, 1.0]] * 3),
                            ("ragged", [[1.0], [1.0, 2.0], [1.0, 2.0]]),
                        ],
                        ("initial position", "starting point", "chains"),
                    ),
                    _mcmc_sigma0_slot(),
                    _rng_slot(),
                ),
                group="samplers",
            )
        )

        def tell_multi(fx: Any, c: Any = cls) -> Any:
            s = c(3, starts, rng=1)
            s.ask()
            return s.tell([-1.0] * 3 if fx is VALID else fx)

        entries.append(
            Entry(
                f"{cls.__name__}(...).tell(fx)",
                tell_multi,
                (
                    Slot(
                        "fx",
                        VALID,
                        [
                            ("None", None),
                            ("None entries", [None] * 3),
                            ("str entries", ["1"] * 3),
                            ("too short", [1.0]),
                            ("object", OPAQUE),
                            ("word", "abc"),
                            ("huge", [10**400] * 3),
                        ],
                        ("log-pdf", "logpdf"),
                    ),
                ),
                group="samplers",
            )
        )
    acmc = lambda: paramfit.HaarioBardenetACMC(X0, rng=1)  # noqa: E731
    dream = lambda: paramfit.DreamMCMC(3, starts, rng=1)  # noqa: E731
    de = lambda: paramfit.DifferentialEvolutionMCMC(3, starts, rng=1)  # noqa: E731
    entries += [
        setter("HaarioBardenetACMC", acmc, "set_eta", positive("eta", 0.6)),
        setter(
            "HaarioBardenetACMC",
            acmc,
            "set_target_acceptance_rate",
            real("rate", 0.3, "acceptance", kind="probability"),
        ),
        setter(
            "HaarioBardenetACMC",
            acmc,
            "set_hyper_parameters",
            Slot(
                "x",
                [0.6],
                [("None", None), ("empty", []), ("str", ["1"]), ("object", OPAQUE)],
                ("eta", "hyper"),
            ),
        ),
        setter("DreamMCMC", dream, "set_b", real("b", 0.01, kind="nonneg")),
        setter("DreamMCMC", dream, "set_p_g", real("p_g", 0.2, kind="probability")),
        # Both rounded down, as PINTS's int().
        setter(
            "DreamMCMC", dream, "set_nCR", count("nCR", 3, minimum=2, truncates=True)
        ),
        setter(
            "DreamMCMC",
            dream,
            "set_delta_max",
            count("delta_max", 1, truncates=True, allocates=False),
        ),
        setter(
            "DifferentialEvolutionMCMC",
            de,
            "set_gamma",
            real("gamma", 0.5, kind="nonneg"),
        ),
        setter(
            "DifferentialEvolutionMCMC",
            de,
            "set_gamma_switch_rate",
            count("gamma_switch_rate", 10, "switch", "interval", allocates=False),
        ),
        setter(
            "DifferentialEvolutionMCMC",
            de,
            "set_gaussian_error",
            flag("gaussian_error", True, "error"),
        ),
        setter(
            "EmceeHammerMCMC",
            lambda: paramfit.EmceeHammerMCMC(3, starts, rng=1),
            "set_scale",
            positive("scale", 2.0),
        ),
        setter(
            "SliceStepoutMCMC",
            lambda: paramfit.SliceStepoutMCMC(X0, rng=1),
            "set_expansion_steps",
            count("m", 10, "expansion", "steps", allocates=False, truncates=True),
        ),
        setter(
            "SliceStepoutMCMC",
            lambda: paramfit.SliceStepoutMCMC(X0, rng=1),
            "set_prob_overrelaxed",
            real("prob", 0.1, "probability", kind="probability"),
        ),
        setter(
            "SliceDoublingMCMC",
            lambda: paramfit.SliceDoublingMCMC(X0, rng=1),
            "set_width",
            Slot(
                "w",
                [1.0, 1.0],
                [b for b in pos_vec("w", [1.0, 1.0]).bad if b[0] != "too short"],
                ("width",),
            ),
        ),
        setter(
            "PopulationMCMC",
            lambda: paramfit.PopulationMCMC(X0, rng=1),
            "set_temperature_schedule",
            Slot(
                "schedule",
                5,
                [
                    ("None", None),
                    ("word", "abc"),
                    ("zero", 0),
                    ("one", 1),
                    ("object", OPAQUE),
                    ("nan", np.nan),
                    ("1e308", 1e308),
                    ("above one", [0, 1.5]),
                    ("str entries", ["0", "0.5"]),
                ],
                ("temperature", "schedule"),
            ),
        ),
    ]
    return entries
