"""CMA-ES: parameters and one update by hand, one step against pycma, bound
transform, termination criteria (its convergence, including the seed
problem, is in the convergence table)."""

import math
import warnings

import cma  # the oracle (pycma), for one-step reference values
import numpy as np
import pytest
import scipy.special
from cma.utilities.math import Mh
from harness import assert_sd

import paramfit
import paramfit.toy as toy
from paramfit import CMATermination as T
from paramfit.optimisers._cma_bounds import BoxTransform
from paramfit.optimisers._cma_update import (
    CMAState,
    cma_parameters,
    cma_update,
    decompose,
    expected_norm,
    initial_state,
)


def run(o, f, iterations):
    """Ask/tell ``iterations`` times with a vectorised ``f``; stop on stop()."""
    for _ in range(iterations):
        xs = o.ask()
        o.tell(f(xs))
        if o.stop():
            break
    return o


def sphere(xs):
    return np.sum((xs - 1) ** 2, axis=1)


# -- public API and messages ------------------------------------------------
def test_name_messages_and_defaults():
    assert (
        paramfit.CMAES.name()
        == "Covariance Matrix Adaptation Evolution Strategy (CMA-ES)"
    )
    with pytest.raises(ValueError, match="^1-dimensional optimisation is not sup"):
        paramfit.CMAES([1])
    o = paramfit.CMAES([1, 1])
    assert o.ask().shape == (6, 2) and o.termination_criteria() == {T.CONDITION_COV}
    with pytest.raises(ValueError, match="Termination criteria must be"):
        o.set_termination(["tolx"])
    o.set_termination(["tol_x", T.TOL_FUN])
    assert o.termination_criteria() == {T.TOL_X, T.TOL_FUN}
    o.set_termination(None)
    assert o.termination_criteria() == frozenset()
    assert paramfit.CMAES([1, 1], termination="all").termination_criteria() == set(T)
    b = paramfit.RectangularBoundaries([0, 0], [1, np.inf])
    with pytest.raises(ValueError, match="needs a finite sigma0"):
        paramfit.CMAES([0.5, 0.5], boundaries=b)
    o = paramfit.CMAES([0.5, 0.5], [0.1, 1], boundaries=b, rng=1)
    assert b.check_all(o.ask()).all()
    o = paramfit.CMAES([1, 1], rng=1)
    o.set_population_size(1)
    with pytest.raises(ValueError, match="population size of at least 2; got 1"):
        o.ask()


def test_never_touches_numpys_global_state():
    state = np.random.get_state()
    run(paramfit.CMAES([3.0, -2.0], rng=1), sphere, 5)
    after = np.random.get_state()
    assert state[0] == after[0] and np.array_equal(state[1], after[1])


def test_per_parameter_sigma0_is_honoured():
    o = paramfit.CMAES([1.0, -2.0, 0.5], sigma0=[0.5, 3.0, 0.01], rng=11)
    o.set_population_size(20000)
    xs = o.ask()
    assert_sd(xs, [0.5, 3.0, 0.01], k=6)  # 6 standard errors: 3 % at n = 20000
    s = o._state
    assert s.sigma == pytest.approx((0.5 * 3.0 * 0.01) ** (1 / 3))
    assert np.linalg.det(s.cov) == pytest.approx(1)


def test_guessed_is_the_mean_and_best_is_tracked():
    o = paramfit.CMAES([1.0, 1.0], rng=1)
    xs = o.ask()
    o.tell(np.arange(len(xs), dtype=float) + 10)
    assert o.f_guessed() == 10 and o.f_best() == 10
    np.testing.assert_array_equal(o.x_guessed(), o._state.mean)
    np.testing.assert_array_equal(o.x_best(), xs[0])


# -- the maths: parameters and one update by hand ------------------------
def test_parameters_by_hand():
    n, lam = 2, 6
    p = cma_parameters(n, lam)
    raw = np.log(3.5) - np.log([1, 2, 3, 4, 5, 6])
    mu_eff = raw[:3].sum() ** 2 / (raw[:3] ** 2).sum()
    c1 = 2 / (3.3**2 + mu_eff)
    cmu = 2 * (0.25 + mu_eff - 2 + 1 / mu_eff) / (16 + mu_eff)
    mu_eff_minus = raw[3:].sum() ** 2 / (raw[3:] ** 2).sum()
    alpha = min(
        1 + c1 / cmu, 1 + 2 * mu_eff_minus / (mu_eff + 2), (1 - c1 - cmu) / (2 * cmu)
    )
    expected = np.concatenate(
        [raw[:3] / raw[:3].sum(), alpha * raw[3:] / -raw[3:].sum()]
    )
    np.testing.assert_allclose(p.weights, expected, rtol=1e-14)
    assert p.mu == 3 and p.mu_eff == pytest.approx(mu_eff, rel=1e-14)
    assert (p.c1, p.c_mu) == pytest.approx((c1, cmu), rel=1e-14)
    assert p.c_sigma == 0.5 < (mu_eff + 2) / (n + mu_eff + 3)  # capped
    assert p.c_c == pytest.approx((4 + mu_eff / 2) / (6 + mu_eff), rel=1e-14)
    assert p.chi_n == pytest.approx(math.sqrt(math.pi / 2), rel=1e-14)
    assert p.d_sigma == 1.5  # mu_eff < n + 2
    p10 = cma_parameters(10, 10)
    assert p10.c_sigma == pytest.approx((p10.mu_eff + 2) / (13 + p10.mu_eff))
    exact = math.sqrt(2) * scipy.special.gamma(5.5) / scipy.special.gamma(5)
    assert expected_norm(10) == pytest.approx(exact, rel=1e-14)


def test_update_by_hand():
    """Eqs. (41)-(47) written out sample by sample, with a rotated C."""
    rng = np.random.default_rng(5)
    n, lam = 3, 7
    p = cma_parameters(n, lam)
    q, _ = np.linalg.qr(rng.standard_normal((n, n)))
    d = np.array([0.5, 1.0, 2.0])
    cov = q @ np.diag(d**2) @ q.T
    state = CMAState(
        rng.standard_normal(n),
        0.3,
        cov,
        rng.standard_normal(n),
        rng.standard_normal(n),
        q,
        d,
        generation=4,
    )
    y = rng.standard_normal((lam, n)) @ (q * d).T
    new = cma_update(state, y, p)
    inv_sqrt = q @ np.diag(1 / d) @ q.T
    yw = sum(p.weights[i] * y[i] for i in range(p.mu))
    ps = (1 - p.c_sigma) * state.p_sigma + math.sqrt(
        p.c_sigma * (2 - p.c_sigma) * p.mu_eff
    ) * inv_sqrt @ yw
    h = (
        np.linalg.norm(ps) / math.sqrt(1 - (1 - p.c_sigma) ** 10)
        < (1.4 + 2 / 4) * p.chi_n
    )
    pc = (1 - p.c_c) * state.p_c + h * math.sqrt(p.c_c * (2 - p.c_c) * p.mu_eff) * yw
    c = (
        1 + p.c1 * (1 - h) * p.c_c * (2 - p.c_c) - p.c1 - p.c_mu * p.weights.sum()
    ) * cov
    c += p.c1 * np.outer(pc, pc)
    for i in range(lam):
        w = p.weights[i]
        if w < 0:
            w *= n / np.sum((inv_sqrt @ y[i]) ** 2)
        c += p.c_mu * w * np.outer(y[i], y[i])
    sigma = 0.3 * math.exp(p.c_sigma / p.d_sigma * (np.linalg.norm(ps) / p.chi_n - 1))
    np.testing.assert_allclose(new.mean, state.mean + 0.3 * yw, rtol=1e-13)
    np.testing.assert_allclose(new.p_sigma, ps, rtol=1e-12)
    np.testing.assert_allclose(new.p_c, pc, rtol=1e-12)
    np.testing.assert_allclose(new.cov, c, rtol=1e-12, atol=1e-15)
    assert new.sigma == pytest.approx(sigma, rel=1e-13)
    assert new.generation == 5
    c2, b2, d2 = decompose(new.cov)
    np.testing.assert_allclose(b2 @ np.diag(d2**2) @ b2.T, c2, atol=1e-13)


@pytest.mark.parametrize(("n", "lam", "seed"), [(4, 8, 3), (7, 12, 1)])
def test_three_steps_match_pycma(n, lam, seed):
    """pycma's samples and strategy parameters injected into our update."""
    es = cma.CMAEvolutionStrategy(
        np.arange(1.0, n + 1), 0.7, {"popsize": lam, "seed": seed, "verbose": -9}
    )
    sp = es.sp
    p = cma_parameters(n, lam).replace(
        weights=np.asarray(sp.weights),
        mu=sp.weights.mu,
        mu_eff=sp.weights.mueff,
        c1=sp.c1,
        c_mu=sp.cmu,
        c_c=sp.cc,
        c_sigma=es.adapt_sigma.cs,
        d_sigma=es.adapt_sigma.damps,
        chi_n=Mh.chiN(n),
    )
    scale = np.arange(1.0, n + 1)
    for g in range(3):
        xs = np.array(es.ask())  # pycma decomposes C here
        state = CMAState(
            es.mean.copy(),
            es.sigma,
            es.sm.C.copy(),
            es.adapt_sigma.ps.copy(),
            es.pc.copy(),
            np.array(es.sm.B),
            np.array(es.sm.D),
            g,
        )
        fs = np.sum((xs * scale) ** 2, axis=1)
        new = cma_update(state, (xs - state.mean)[np.argsort(fs)] / state.sigma, p)
        es.tell(list(xs), list(fs))
        assert np.all(es.sigma_vec.scaling == 1)  # no diagonal decoding
        np.testing.assert_allclose(new.mean, es.mean, rtol=1e-13)
        np.testing.assert_allclose(new.p_sigma, es.adapt_sigma.ps, rtol=1e-12)
        np.testing.assert_allclose(new.p_c, es.pc, rtol=1e-12, atol=1e-15)
        assert new.sigma == pytest.approx(es.sigma, rel=1e-13)
        # pycma adds 1e-9 to the Mahalanobis norm of negatively weighted steps
        np.testing.assert_allclose(new.cov, es.sm.C, rtol=1e-8, atol=1e-10)


def test_initial_state():
    s = initial_state(np.zeros(2), np.array([4.0, 1.0]))
    assert s.sigma == 2 and np.array_equal(s.cov, np.diag([4.0, 0.25]))
    np.testing.assert_array_equal(s.d, [2, 0.5])


# -- boundaries --------------------------------------------------------------
def test_box_transform():
    t = BoxTransform([0.0, -1.0, 2.0, -np.inf], [1.0, np.inf, 3.0, np.inf])
    g = np.random.default_rng(0).normal(0, 50, (4000, 4))
    x = t(g)
    assert np.all(x[:, 0] >= 0) and np.all(x[:, 0] < 1) and np.all(x[:, 1] >= -1)
    assert np.all((x[:, 2] >= 2) & (x[:, 2] < 3))
    np.testing.assert_array_equal(x[:, 3], g[:, 3])
    inside = np.array([[0.5, 5.0, 2.5, 7.0], [0.001, -0.99, 2.999, 0], [0, -1, 2, 0]])
    np.testing.assert_allclose(t(t.inverse(inside)), inside, atol=1e-15)
    # periodic: shifting by whole periods changes nothing
    m = np.array([17.3, 4.0, -40.2, 3.0])
    shifted = t.shift_into_period(m)
    np.testing.assert_allclose(t(shifted), t(m), atol=1e-12)
    assert -1.2 <= shifted[0] <= 2.2 and shifted[1] == 4.0
    # continuously differentiable: finite differences agree from both sides
    for g0 in [-0.05, 0.0, 0.05, 0.95, 1.0, 1.05, 1.1]:
        h = 1e-7
        left = (
            t(np.array([g0, 0, 2.5, 0]))[0] - t(np.array([g0 - h, 0, 2.5, 0]))[0]
        ) / h
        right = (
            t(np.array([g0 + h, 0, 2.5, 0]))[0] - t(np.array([g0, 0, 2.5, 0]))[0]
        ) / h
        assert left == pytest.approx(right, abs=1e-5)


def test_rectangular_boundaries_are_transformed_not_filtered():
    b = paramfit.RectangularBoundaries([0, 0], [1, 1])
    o = paramfit.CMAES([0.5, 0.5], sigma0=5.0, boundaries=b, rng=1)
    for _ in range(20):
        xs = o.ask()
        assert len(xs) == o.population_size() and b.check_all(xs).all()
        o.tell(np.sum(xs**2, axis=1))
    assert b.check(o.x_guessed())


def test_other_boundaries_are_filtered():
    box = paramfit.RectangularBoundaries([0], [1])
    b = paramfit.ComposedBoundaries(box, box)
    o = paramfit.CMAES([0.5, 0.5], sigma0=0.4, boundaries=b, rng=3)
    xs = o.ask()
    assert 0 < len(xs) < o.population_size() and b.check_all(xs).all()
    o.tell(np.sum(xs**2, axis=1))
    for _ in range(60):
        xs = o.ask()
        assert b.check_all(xs).all()
        o.tell(np.sum((xs - 0.2) ** 2, axis=1))
    assert o.f_best() < 1e-8

    class Point(paramfit.Boundaries):
        def n_parameters(self):
            return 2

        def check(self, x):
            return bool(np.all(np.asarray(x) == 0.5))

    o = paramfit.CMAES([0.5, 0.5], boundaries=Point(), rng=1)
    with pytest.warns(UserWarning, match="^All points requested by CMA-ES are out"):
        assert o.ask().shape == (0, 2)
    o.tell([])
    assert o.f_best() == np.inf


# -- termination criteria ------------------------------------------------
def _stops(criterion, f, x0=(3.0, -2.0), sigma0=None, iterations=2000, **tol):
    o = paramfit.CMAES(list(x0), sigma0, rng=3)
    o.set_termination([criterion], **tol)
    run(o, f, iterations)
    assert o.termination_reason() is criterion
    assert o.stop() == criterion.value
    return o


def test_each_termination_criterion_fires():
    ellipsoid = lambda xs: xs[:, 0] ** 2 + 1e6 * xs[:, 1] ** 2  # noqa: E731
    constant = lambda xs: np.ones(len(xs))  # noqa: E731
    o = _stops(T.CONDITION_COV, ellipsoid, max_condition=1e4)
    assert o.stop() == "Ill-conditioned covariance matrix."
    _stops(T.TOL_X, sphere, tol_x=1e-6)
    _stops(T.TOL_FUN, sphere, tol_fun=1e-8)
    _stops(T.EQUAL_FUN_VALUES, constant, iterations=30)
    o = _stops(T.STAGNATION, constant, iterations=300)
    assert o._state.generation >= 120
    _stops(T.TOL_X_UP, lambda xs: xs[:, 0], iterations=200)
    _stops(T.NO_EFFECT_AXIS, sphere, x0=(1e10, 1e10), sigma0=1e-10, iterations=5)
    _stops(T.NO_EFFECT_COORD, sphere, x0=(1e10, 1), sigma0=[1e-10, 1], iterations=5)


def test_stagnation_waits_until_records_stop():
    """Medians that do not improve are not enough while new best scores come."""
    o = paramfit.CMAES([0.0, 0.0], rng=1)
    o.set_termination([T.STAGNATION])
    window = 100 + 100 * 2**1.5 / 6  # the minimum window, in generations
    rng = np.random.default_rng(0)
    for g in range(1, 1000):
        o.ask()
        fs = rng.uniform(0, 1, 6)  # best and median scores do not improve...
        if g <= 400 and g % 50 == 0:
            fs[0] = -g  # ... but a new best score every 50 generations
        o.tell(fs)
        if o.stop():
            break
    assert o.termination_reason() is T.STAGNATION
    assert 400 + window / 2 < g < 1000


def test_lazy_eigendecomposition():
    """B and D are recomputed every generation for small n, then less often
    (every max(1, floor(0.5 / (n (c1 + cmu)))) generations)."""
    for n, gap in [(2, 1), (10, 1), (23, 1), (24, 2), (50, 3)]:
        o = paramfit.CMAES(np.ones(n), rng=1)
        o.ask()
        assert o._eigen_gap == gap
    o = paramfit.CMAES(np.ones(50), rng=1)
    for g in range(1, 8):
        o.tell(np.sum(o.ask() ** 2, axis=1))
        s = o._state
        lagging = not np.allclose(s.b @ np.diag(s.d**2) @ s.b.T, s.cov, atol=1e-14)
        assert lagging == (g % 3 != 0)


def test_by_default_only_ill_conditioning_stops():
    o = run(paramfit.CMAES([3.0, -2.0], rng=3), sphere, 400)
    assert o.stop() is False and o.f_best() < 1e-20
    o = run(paramfit.CMAES([3.0, -2.0], rng=3, termination="all"), sphere, 400)
    assert o.termination_reason() in (T.TOL_FUN, T.TOL_X)


# -- in a controller -------------------------------------------------------


def test_controller_runs_cmaes_by_default():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        problem = toy.RosenbrockError()
        opt = paramfit.OptimisationController(
            problem, [0.5, 0.5], method=paramfit.CMAES
        )
        opt.set_log_to_screen(False)
        opt.set_max_iterations(400)
        x, f = opt.run()
    np.testing.assert_allclose(x, [1, 1], atol=1e-6)
