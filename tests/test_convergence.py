"""Convergence table: method × problem × seed (or start), with loose
thresholds.

Every optimiser in the registry gets the generic sphere rows; the rows below
them are each method's own benchmark problems. A stochastic method's seed
goes to its generator and, for data-fitting problems, to the noise in the
data; a deterministic method is run from several starts instead. Runs stop
early when the method's ``stop()`` says so.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pytest
from problems import (
    ROSENBROCK,
    Problem,
    logistic,
    quadratic,
    scaled,
    sphere_problem,
)
from registry import Method, by_name, methods, reply

import paramfit
import paramfit.toy as toy


@dataclass(frozen=True)
class Source:
    """A named problem, made from the run's seed (data-fitting problems draw
    their noise from it)."""

    name: str
    make: Callable[[Any], Problem]

    def __call__(self, seed: Any) -> Problem:
        return self.make(seed)


def fixed(problem: Problem) -> Source:
    return Source(problem.name, lambda _: problem)


@dataclass(frozen=True)
class Case:
    """One row: a method on a problem from some starts, for some seeds, and
    what it must reach within ``iterations``.

    ``f_below`` bounds ``f_best()``; ``x_atol``/``x_rtol`` compare
    ``x_best()`` with ``target`` (default: the problem's minimiser) as
    ``numpy.testing.assert_allclose`` does; ``guess_rtol`` compares
    ``x_guessed()`` with it; ``setup`` configures the method before the run
    and ``check`` makes method-specific checks of the same run.
    """

    method: str
    problem: Source
    starts: tuple[tuple[float, ...], ...]
    iterations: int
    seeds: tuple[int | None, ...] = (None,)
    sigma0: Any = None
    f_below: float | None = None
    x_atol: float = 0.0
    x_rtol: float | None = None
    target: tuple[float, ...] | None = None
    guess_rtol: float | None = None
    setup: Callable[[Any], None] | None = None
    check: Callable[[Any, Problem], None] | None = None


def sphere_rows(m: Method) -> list[Case]:
    """Every optimiser minimises a sphere to 1e-8 (PSO needs boundaries: it
    has its own row)."""
    if not m.converges_unbounded:
        return []
    if m.capabilities.deterministic:
        starts: tuple[tuple[float, ...], ...] = ((3.0, -2.0), (0.0, 0.5, 4.0))
        seeds: tuple[int | None, ...] = (None,)
    else:
        starts, seeds = ((4.0,) * 5,), (1, 2, 3)
    return [
        Case(
            m.name,
            fixed(sphere_problem(len(x0))),
            (x0,),
            m.budget,
            seeds,
            sigma0=m.sigma0,
            f_below=1e-8,
            x_atol=1e-4,
        )
        for x0 in starts
    ]


def _snes_step_sizes_adapt(o: Any, p: Problem) -> None:
    """Per-parameter step sizes follow the very different scales."""
    assert o._sigmas[0] / o._sigmas[3] > 1e4


def _best_is_consistent_with_rosenbrock_error(o: Any, p: Problem) -> None:
    assert toy.RosenbrockError()(o.x_best()) == pytest.approx(o.f_best(), abs=1e-12)


def _pso_guess_is_best(o: Any, p: Problem) -> None:
    assert o.x_guessed() is o.x_best()


def _no_min_step(o: Any) -> None:
    o.set_min_step_size(None)


PSO_BOX = paramfit.RectangularBoundaries([0, 200], [0.1, 1000])
SEED_PROBLEM_START = ((0.0, 700.0),)  # on the seed notebook's lower bound
ROSENBROCK_STARTS = ((-1.2, 1.0), (2.0, 2.0), (0.0, -1.0))

SPECIFIC = [
    # The seed notebook's bounded logistic problem.
    Case(
        "XNES",
        Source("logistic1000", lambda s: logistic(1000, s)),
        SEED_PROBLEM_START,
        500,
        (1, 2, 3),
        x_rtol=1e-3,
    ),
    Case(
        "SNES",
        Source("logistic200", lambda s: logistic(200, s)),
        ((0.01, 700.0),),
        400,
        (1, 2, 3),
        x_rtol=1e-3,
    ),
    Case(
        "CMAES",
        Source("logistic1000", lambda s: logistic(1000, s)),
        SEED_PROBLEM_START,
        150,
        (1, 2, 3),
        x_rtol=1e-4,
        guess_rtol=1e-3,
    ),
    Case(
        "PSO",
        Source("logistic100", lambda s: logistic(100, s, PSO_BOX)),
        ((0.01, 700.0),),
        150,
        (1, 2),
        x_rtol=0.1,
        target=(0.015, 500),
    ),
    Case(
        "IRPropMin",
        Source("logistic100", lambda s: logistic(100, s, None)),
        ((0.01, 450.0),),
        300,
        (1, 2, 3),
        sigma0=[0.001, 10],
        x_rtol=1e-4,
    ),
    # Ill-conditioned ellipsoids.
    Case(
        "XNES",
        fixed(scaled(10.0 ** np.arange(4))),
        ((1.0,) * 4,),
        600,
        (2,),
        f_below=1e-8,
    ),
    Case(
        "SNES",
        fixed(scaled(10.0 ** np.arange(0, 8, 2))),
        ((1.0,) * 4,),
        700,
        (4, 5),
        f_below=1e-10,
        check=_snes_step_sizes_adapt,
    ),
    Case(
        "CMAES",
        fixed(scaled(10.0 ** (3 * np.arange(10) / 9))),
        ((1.0,) * 10,),
        1500,
        (1, 2, 3),
        f_below=1e-10,
    ),
    Case(
        "IRPropMin",
        fixed(quadratic("ellipsoid3", [1.0, 100.0, 1e4], np.ones(3))),
        ((3.0, -2.0, 0.5), (0.0, 0.0, 0.0)),
        300,
        x_atol=1e-8,
        setup=_no_min_step,
    ),
    *[
        Case(
            "GradientDescent",
            fixed(quadratic(f"ellipsoid{len(x0)}", np.arange(1.0, len(x0) + 1), 1.0)),
            (x0,),
            200,
            sigma0=0.3,
            x_atol=1e-10,
        )
        for x0 in ((3.0, -2.0), (0.0, 0.0, 0.0), (-5.0,))
    ],
    # Rosenbrock's valley.
    Case(
        "XNES",
        fixed(ROSENBROCK),
        ((-1.0, 2.0),),
        1000,
        (2,),
        x_atol=1e-4,
        check=_best_is_consistent_with_rosenbrock_error,
    ),
    Case("CMAES", fixed(ROSENBROCK), ((-1.0, 2.0),), 1000, (1, 2, 3), x_atol=1e-6),
    Case("NelderMead", fixed(ROSENBROCK), ROSENBROCK_STARTS, 600, x_atol=1e-6),
    Case(
        "Adam",
        fixed(ROSENBROCK),
        ((-1.2, 1.0), (0.0, 0.0)),
        3000,
        sigma0=0.05,
        f_below=1e-2,
        x_atol=1e-4,
    ),
    # slow along the valley from [3, -2]: only the score is checked
    Case("Adam", fixed(ROSENBROCK), ((3.0, -2.0),), 3000, sigma0=0.05, f_below=1e-2),
    # Bounded problems.
    Case(
        "CMAES",
        fixed(
            quadratic(
                "optimum_on_bound3",
                np.ones(3),
                [-1.0, 0.3, 2.0],
                paramfit.RectangularBoundaries([0, 0, 0], [1, 1, 1]),
            )
        ),
        ((0.5, 0.5, 0.5),),
        300,
        (1, 2),
        x_atol=1e-6,
    ),
    Case(
        "PSO",
        fixed(sphere_problem(2, paramfit.RectangularBoundaries([-5, -5], [5, 5]))),
        ((4.0, 4.0),),
        300,
        (1, 2, 3),
        f_below=0.05,
        check=_pso_guess_is_best,
    ),
]

CASES = [case for m in methods() for case in sphere_rows(m)] + SPECIFIC


def _label(x0: tuple[float, ...]) -> str:
    return "x0=" + ",".join(f"{v:g}" for v in x0)


def table() -> list[Any]:
    rows = []
    for case in CASES:
        for x0 in case.starts:
            for seed in case.seeds:
                name = f"{case.method}-{case.problem.name}-"
                name += _label(x0) if seed is None else f"seed{seed}"
                rows.append(pytest.param(case, x0, seed, id=name))
    return rows


def minimise(
    case: Case, x0: tuple[float, ...], seed: int | None
) -> tuple[Any, Problem]:
    m, problem = by_name(case.method), case.problem(seed)
    b = problem.boundaries
    o = m.make(list(x0), case.sigma0, b, seed=seed)
    if case.setup is not None:
        case.setup(o)
    f = problem.s1 if m.capabilities.needs_gradients else problem.f
    check_bounds = b is not None and m.capabilities.supports_boundaries
    for _ in range(case.iterations):
        xs = o.ask()
        if check_bounds:
            assert b.check_all(np.atleast_2d(xs)).all()
        o.tell(reply(o, xs, f))
        if o.stop():
            break
    return o, problem


@pytest.mark.parametrize(("case", "x0", "seed"), table())
def test_converges(case: Case, x0: tuple[float, ...], seed: int | None) -> None:
    o, problem = minimise(case, x0, seed)
    target = problem.x_star if case.target is None else np.asarray(case.target)
    if case.f_below is not None:
        assert o.f_best() < case.f_below
    if case.x_rtol is not None or case.x_atol:
        rtol = 1e-7 if case.x_rtol is None else case.x_rtol  # numpy's default
        np.testing.assert_allclose(o.x_best(), target, rtol=rtol, atol=case.x_atol)
    if case.guess_rtol is not None:
        np.testing.assert_allclose(o.x_guessed(), target, rtol=case.guess_rtol)
    if case.check is not None:
        case.check(o, problem)


def test_every_optimiser_has_a_row() -> None:
    assert {m.name for m in methods()} <= {case.method for case in CASES}
