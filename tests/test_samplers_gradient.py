"""The gradient-based samplers: HamiltonianMCMC, MALAMCMC, NoUTurnMCMC (with
DualAveragingAdaption), MonomialGammaHamiltonianMCMC, RelativisticMCMC and
SliceRankShrinkingMCMC.

Four layers: the pure pieces (leapfrog steps, kinetic energies, the NUTS
tree against a recursive implementation of Hoffman and Gelman's algorithm,
the step size search, dual averaging) and one iteration of each sampler,
driven with injected draws against values derived by hand; PINTS 0.6.1's
names, defaults, messages and logs, with PINTS as the oracle; bad input and
non-finite gradients; and the statistical harness on a correlated 2-d
Gaussian, a 5-d Gaussian whose standard deviations span 10^4, a twisted
Gaussian and Neal's funnel (divergences reported).
"""

from __future__ import annotations

import contextlib
import io
import pickle
import warnings
from typing import Any

import numpy as np
import pints  # the oracle for names, defaults, messages and logs (PINTS 0.6.1)
import pints.toy
import pytest
import scipy.stats
from harness import assert_mean, assert_rhat, effective_sample_size

import paramfit
import paramfit.toy
from paramfit.samplers import (
    MALAMCMC,
    DualAveragingAdaption,
    HamiltonianMCMC,
    MonomialGammaHamiltonianMCMC,
    NoUTurnMCMC,
    RelativisticMCMC,
    SliceRankShrinkingMCMC,
)
from paramfit.samplers._leapfrog import GaussianKinetic, Trajectory, drift, kick
from paramfit.samplers._mala import log_acceptance_ratio
from paramfit.samplers._monomial_gamma_hamiltonian import MonomialGammaKinetic
from paramfit.samplers._nuts_tree import (
    NutsTree,
    StepSizeSearch,
    Subtree,
    leaf,
    merge,
    u_turn,
)
from paramfit.samplers._relativistic import RelativisticKinetic
from paramfit.samplers._slice_rank_shrinking import project

SAMPLERS = [
    HamiltonianMCMC,
    MALAMCMC,
    NoUTurnMCMC,
    MonomialGammaHamiltonianMCMC,
    RelativisticMCMC,
    SliceRankShrinkingMCMC,
]
LEAPFROG = [HamiltonianMCMC, MonomialGammaHamiltonianMCMC, RelativisticMCMC]


class Draws:
    """Stands in for a numpy Generator, handing out queued draws."""

    def __init__(self, normal: Any = (), uniform: Any = (), **other: Any) -> None:
        self._normal = [np.asarray(z, dtype=float) for z in normal]
        self._uniform = list(uniform)
        self._exponential = list(other.get("exponential", ()))
        self._integers = list(other.get("integers", ()))

    def standard_normal(self, n: int) -> np.ndarray:
        z = self._normal.pop(0)
        assert z.shape == (n,)
        return z

    def uniform(self, size: Any = None) -> Any:
        return self._uniform.pop(0)

    def exponential(self) -> float:
        return self._exponential.pop(0)

    def integers(self, n: int) -> int:
        return self._integers.pop(0)

    def used_up(self) -> bool:
        return not (
            self._normal or self._uniform or self._exponential or self._integers
        )


def normal_1d(x: Any) -> tuple[float, np.ndarray]:
    x = np.asarray(x, dtype=float)
    return float(-0.5 * x @ x), -x


# -- leapfrog pieces, by hand ------------------------------------------------------


def test_kick_and_drift_by_hand():
    np.testing.assert_allclose(kick(np.array([1.0]), np.array([-2.0]), 0.1), [0.9])
    np.testing.assert_allclose(drift(np.array([1.0]), np.array([3.0]), 0.5), [2.5])


def test_trajectory_is_leapfrog_with_merged_half_kicks():
    """Two steps of size 0.1 on U = x^2/2 from x = 0.5, p = 0.3."""
    t = Trajectory(
        np.array([0.5]),
        np.array([0.3]),
        np.array([-0.5]),
        0.1,
        2,
        GaussianKinetic(np.ones(1)),
    )
    x1 = t.point()
    np.testing.assert_allclose(x1, [0.5 + 0.1 * (0.3 - 0.05 * 0.5)])  # 0.5275
    t.tell(x1, -x1)
    assert not t.done()
    x2 = t.point()
    np.testing.assert_allclose(x2, [0.549725])
    t.tell(x2, -x2)
    assert t.done()
    np.testing.assert_allclose(t.momentum, [0.22225 - 0.05 * 0.549725])


def test_gaussian_kinetic_diagonal_and_dense():
    k = GaussianKinetic(np.array([4.0, 0.25]))
    p = np.array([1.0, 2.0])
    np.testing.assert_allclose(k.velocity(p), [4.0, 0.5])
    assert k.energy(p) == pytest.approx(0.5 * (4 + 1))
    np.testing.assert_allclose(k.sample(Draws([[1.0, 1.0]]), 2), [0.5, 2.0])
    inverse = np.array([[2.0, 0.5], [0.5, 1.0]])
    dense = GaussianKinetic(inverse)
    np.testing.assert_allclose(dense.velocity(p), inverse @ p)
    z = np.array([0.3, -1.2])
    expected = np.linalg.cholesky(np.linalg.inv(inverse)) @ z
    np.testing.assert_allclose(dense.sample(Draws([z]), 2), expected)


@pytest.mark.parametrize(
    "kinetic",
    [
        MonomialGammaKinetic(1.0, 0.2, 1.0),
        MonomialGammaKinetic(2.5, 1.0, 0.7),
        RelativisticKinetic(1.5, 2.0, 3),
    ],
    ids=["monomial-gamma", "monomial-gamma-a2.5", "relativistic"],
)
def test_velocity_is_the_gradient_of_the_kinetic_energy(kinetic):
    p = np.array([0.7, -1.3, 2.1])
    h = 1e-6
    numeric = [
        (kinetic.energy(p + h * e) - kinetic.energy(p - h * e)) / (2 * h)
        for e in np.eye(3)
    ]
    np.testing.assert_allclose(kinetic.velocity(p), numeric, rtol=1e-6)


def test_monomial_gamma_momenta_follow_exp_minus_k():
    """With a = 1 and c = 2 the density is sech(p) / pi: variance pi^2 / 4."""
    k = MonomialGammaKinetic(1.0, 2.0, 1.0)
    p = k.sample(np.random.default_rng(1), 200_000)
    se = np.sqrt(
        (5 * np.pi**4 / 16 - np.pi**4 / 16) / len(p)
    )  # fourth moment 5 pi^4/16
    assert abs(p.var() - np.pi**2 / 4) < 4 * se
    assert k.velocity(np.array([0.0]))[0] == 0


def test_relativistic_momenta_and_speed_limit():
    """Far below the speed of light, momenta are N(0, m I)."""
    k = RelativisticKinetic(2.0, 1e4, 3)
    rng = np.random.default_rng(2)
    p = np.array([k.sample(rng, 3) for _ in range(20_000)])
    assert_mean(p, np.zeros(3), np.sqrt(2.0) * np.ones(3))
    np.testing.assert_allclose(p.std(axis=0), np.sqrt(2.0), rtol=0.03)
    fast = RelativisticKinetic(1.0, 3.0, 2)
    assert np.linalg.norm(fast.velocity(np.array([1e6, 1e6]))) < 3.0


# -- one iteration of each sampler, by hand ----------------------------------------


def hmc_iteration(
    u: float, threshold: float = 1000.0
) -> tuple[Any, HamiltonianMCMC, Draws]:
    """HMC on U = x^2/2 from 0.5: momentum 0.3, two steps of 0.1."""
    s = HamiltonianMCMC([0.5], [1.0], rng=1)
    s.set_leapfrog_steps(2)
    s.set_hamiltonian_threshold(threshold)
    draws = Draws([[0.3]], [u])
    x = s.ask()
    first = s.tell(normal_1d(x))
    s._rng = draws
    replies = [s.tell(normal_1d(s.ask())) for _ in range(2)]
    assert first[2] is False and replies[0] is None  # x0 not "accepted", as PINTS
    return replies[1], s, draws


def test_hmc_iteration_accepts_by_the_hamiltonian():
    h0 = 0.5 * 0.5**2 + 0.5 * 0.3**2
    h1 = 0.5 * 0.549725**2 + 0.5 * 0.19476375**2
    (x, (f, g), accepted), s, draws = hmc_iteration(np.exp(h0 - h1) * 0.999)
    assert accepted and draws.used_up()
    np.testing.assert_allclose(x, [0.549725])
    assert f == pytest.approx(-0.5 * 0.549725**2)
    (x, _, accepted), s, _ = hmc_iteration(np.exp(h0 - h1) * 1.001)
    assert not accepted
    np.testing.assert_allclose(x, [0.5])
    assert s.acceptance_rate() == 0 and list(s.divergent_iterations()) == []


def test_hmc_divergence_rejects_without_a_draw():
    (x, _, accepted), s, draws = hmc_iteration(0.5, threshold=1e-5)
    assert not accepted and not draws.used_up()  # the uniform was not drawn
    assert list(s.divergent_iterations()) == [1]  # chain index (x0 is 0), as PINTS


@pytest.mark.parametrize("cls", [MonomialGammaHamiltonianMCMC, RelativisticMCMC])
def test_other_kinetic_energies_drive_the_same_leapfrog(cls):
    s = cls([0.5, -0.2], rng=3)
    s.set_leapfrog_steps(3)
    s.tell(normal_1d(s.ask()))
    kinetic = s._kinetic()
    x = s.ask()
    p0 = s._trajectory.initial_momentum
    expected = np.array([0.5, -0.2]) + s.scaled_epsilon() * kinetic.velocity(
        kick(p0, np.array([-0.5, 0.2]), s.scaled_epsilon())
    )
    np.testing.assert_allclose(x, expected)


def test_mala_step_by_hand_matches_the_gaussian_proposal_densities():
    eps = np.array([0.2, 0.4])
    s = MALAMCMC([0.5, -1.0], rng=1)
    s.set_epsilon(eps)
    s.tell(normal_1d(s.ask()))
    z = np.array([0.1, -0.3])
    s._rng = Draws([z], [0.5])
    x = np.array([0.5, -1.0])
    mu = x + eps**2 / 2 * -x
    y = s.ask()
    np.testing.assert_allclose(y, mu + eps * z)
    cov = np.diag(eps**2)
    oracle = (
        normal_1d(y)[0]
        + scipy.stats.multivariate_normal.logpdf(x, y + eps**2 / 2 * -y, cov)
        - normal_1d(x)[0]
        - scipy.stats.multivariate_normal.logpdf(y, mu, cov)
    )
    assert log_acceptance_ratio(
        x, normal_1d(x), y, normal_1d(y), eps, z
    ) == pytest.approx(oracle)
    reply = s.tell(normal_1d(y))
    assert reply[2] == bool(np.log(0.5) < oracle)
    assert s.acceptance_rate() == pytest.approx(reply[2] / 2)  # x0 counts, as PINTS


def test_slice_rank_shrinking_by_hand():
    s = SliceRankShrinkingMCMC([0.0, 0.0], rng=1)
    s._rng = Draws(
        [[1.0, 0.0], [0.0, 0.5], [0.0, 2.0], [0.2, 0.0]], exponential=[0.5, 1.0]
    )
    first = s.tell(normal_1d(s.ask()))
    assert first[2] is True and s.current_slice_height() == -0.5
    x1 = s.ask()
    np.testing.assert_allclose(x1, [1.0, 0.5])  # crumb + z / sqrt(1)
    assert s.tell(normal_1d(x1)) is None  # log f = -0.625 < -0.5
    g = np.array([-1.0, -0.5]) / np.linalg.norm([1.0, 0.5])
    np.testing.assert_allclose(s._J[:, 0], g)  # the gradient's direction
    x2 = s.ask()
    c_bar = np.array([0.5, 1.0])
    expected = project(s._J, c_bar + np.array([0.2, 0.0]) / np.sqrt(2))
    np.testing.assert_allclose(x2, expected)
    assert abs(x2 @ g) < 1e-12  # no move along the shrunk direction
    reply = s.tell(normal_1d(x2))
    assert reply is None or reply[2]


# -- the NUTS tree -----------------------------------------------------------------


def test_leaf_weight_and_divergence():
    k = GaussianKinetic(np.ones(1))
    t = leaf(np.array([1.0]), np.array([2.0]), -0.5, np.array([-1.0]), -1.0, k, 1000)
    assert t.log_weight == pytest.approx(-0.5 - 2.0 + 1.0)
    assert t.alpha == pytest.approx(np.exp(-1.5)) and not t.divergent
    bad = leaf(
        np.array([1.0]), np.array([np.nan]), -0.5, np.array([np.nan]), -1.0, k, 1000
    )
    assert bad.log_weight == -np.inf and bad.divergent and bad.stop
    far = leaf(np.array([1.0]), np.array([0.0]), -2000.0, np.array([0.0]), 0.0, k, 1000)
    assert far.divergent


def one(x: float, r: float, log_weight: float = 0.0) -> Subtree:
    t = Subtree(np.array([x]), np.array([r]), 0.0, np.array([0.0]), log_weight)
    t.n_leaves = 1
    return t


def test_u_turn_by_the_summed_momenta():
    k = GaussianKinetic(np.ones(1))
    assert not u_turn(one(0, 1.0), one(1, 0.5), k)
    assert u_turn(one(0, 1.0), one(1, -2.0), k)  # rho = -1 against the left end


def test_merge_draws_in_proportion_to_the_weights():
    k = GaussianKinetic(np.ones(1))
    # Inside a subtree: the new point with probability 3 / (1 + 3).
    tree, new = one(0, 1.0, 0.0), one(1, 1.0, np.log(3))
    merge(tree, new, 1, k, Draws(uniform=[0.74]), root=False)
    assert tree.x[0] == 1 and tree.log_weight == pytest.approx(np.log(4))
    tree = one(0, 1.0, 0.0)
    merge(tree, one(1, 1.0, np.log(3)), 1, k, Draws(uniform=[0.76]), root=False)
    assert tree.x[0] == 0
    # At the top: min(1, 3 / 1), so no draw is needed.
    tree = one(0, 1.0, 0.0)
    merge(tree, one(-1, 1.0, np.log(3)), -1, k, Draws(), root=True)
    assert tree.x[0] == -1 and tree.x_minus[0] == -1 and tree.x_plus[0] == 0
    assert tree.n_leaves == 2 and tree.rho[0] == 2.0


def recursive_nuts(x, f, g, r0, eps, kinetic, fn, max_depth, rng, threshold=1000.0):
    """Algorithm 3/6 of Hoffman and Gelman, recursively (with multinomial
    sampling, as NutsTree), as an oracle for NutsTree's iterative order."""
    h0 = f - kinetic.energy(r0)
    tree = Subtree(x, r0, f, g, 0.0)
    asked = []

    def build(start, v, j):
        if j == 0:
            xs, r, gs = start.end(v)
            r_half = kick(r, gs, v * eps)
            y = drift(xs, kinetic.velocity(r_half), v * eps)
            asked.append(y)
            fy, gy = fn(y)
            return leaf(y, kick(r_half, gy, v * eps), fy, gy, h0, kinetic, threshold)
        sub = build(start, v, j - 1)
        if not sub.stop:
            merge(sub, build(sub, v, j - 1), v, kinetic, rng, root=False)
        return sub

    for depth in range(max_depth):
        v = 1 if rng.integers(2) else -1
        merge(tree, build(tree, v, depth), v, kinetic, rng, root=True)
        if tree.stop:
            break
    return tree, asked


@pytest.mark.parametrize("seed", range(6))
def test_nuts_tree_takes_the_recursion_s_steps_and_draws(seed):
    target = Gaussian([0.5, -1.0], [[1.0, 0.8], [0.8, 2.0]])
    kinetic = GaussianKinetic(np.array([1.2, 1.5]))
    x = np.array([1.0, 0.3])
    f, g = target(x)
    r0 = np.random.default_rng(seed).normal(size=2)
    eps = [0.1, 0.4, 1.2][seed % 3]
    oracle, asked = recursive_nuts(
        x, f, g, r0, eps, kinetic, target, 6, np.random.default_rng(seed)
    )
    tree = NutsTree(x, f, g, r0, eps, kinetic, 1000.0, 6, np.random.default_rng(seed))
    ours = []
    while not tree.done():
        ours.append(tree.point())
        tree.tell(*target(ours[-1]))
    np.testing.assert_array_equal(np.array(ours), np.array(asked))
    np.testing.assert_array_equal(tree.tree.x, oracle.x)
    assert tree.tree.n_leaves == oracle.n_leaves == len(asked)
    assert tree.accept_stat() == pytest.approx(oracle.alpha / oracle.n_leaves)


def test_step_size_search_by_hand():
    """From x = 1 (f = -x^2/2), r = 1: step 1 keeps H within log 2, so does
    2, and 4 does not: the search settles on 4."""
    search = StepSizeSearch(
        np.array([1.0]),
        -0.5,
        np.array([-1.0]),
        np.array([1.0]),
        GaussianKinetic(np.ones(1)),
    )
    asked = []
    while not search.done():
        asked.append(search.point()[0])
        search.tell(*normal_1d([asked[-1]]))
    assert asked == [1.5, 1.0, -3.0] and search.epsilon == 4.0


def test_step_size_search_refuses_an_improper_log_pdf():
    search = StepSizeSearch(
        np.zeros(1), 0.0, np.zeros(1), np.ones(1), GaussianKinetic(np.ones(1))
    )
    with pytest.raises(ValueError, match="improper"):
        while not search.done():
            search.point()
            search.tell(0.0, np.zeros(1))


# -- dual averaging ----------------------------------------------------------------


@pytest.mark.parametrize(
    "inverse_mass", [[1.0, 2.0], [[1.0, 0.2], [0.2, 2.0]]], ids=["diagonal", "dense"]
)
def test_dual_averaging_as_pints(inverse_mass):
    """PINTS's DualAveragingAdaption is deterministic: same inputs, same
    step sizes, matrices and restarts."""
    ours = DualAveragingAdaption(300, 0.7, 0.5, np.array(inverse_mass))
    theirs = pints.DualAveragingAdaption(300, 0.7, 0.5, np.array(inverse_mass))
    rng = np.random.default_rng(4)
    restarts = []
    for i in range(310):
        x, a = rng.normal(size=2) * [1, 3], rng.uniform(0.3, 1.2)
        r = ours.step(x, a)
        assert r == bool(theirs.step(x, a))
        restarts += [i + 1] if r else []
        if r:  # the sampler restarts from a new step size
            ours.init_adapt_epsilon(0.3)
            theirs.init_adapt_epsilon(0.3)
        assert ours.get_epsilon() == theirs.get_epsilon()
        np.testing.assert_array_equal(
            ours.get_inv_mass_matrix(), theirs.get_inv_mass_matrix()
        )
        np.testing.assert_array_equal(ours.get_mass_matrix(), theirs.get_mass_matrix())
    assert restarts == [100, 150, 250]
    assert ours.final_epsilon() == theirs.final_epsilon() and not ours._adapting


def test_dual_averaging_first_step_by_hand():
    d = DualAveragingAdaption(500, 0.8, 1.0, np.ones(2))
    d.step(np.zeros(2), 0.5)
    h_bar = 0.3 / 11
    log_eps = np.log(10) - h_bar / 0.05
    assert d._h_bar == pytest.approx(h_bar) and d.get_epsilon() == pytest.approx(
        np.exp(log_eps)
    )
    assert d.final_epsilon() == pytest.approx(np.exp(log_eps))  # weight 1^-0.75 = 1
    d.adapt_epsilon(2.0)  # counts as 1
    assert d._h_bar == pytest.approx((1 - 1 / 12) * h_bar + (0.8 - 1) / 12)


def test_dual_averaging_bad_input():
    with pytest.raises(ValueError, match="minimum value 150"):
        DualAveragingAdaption(149, 0.8, 1.0, np.ones(2))
    with pytest.raises(
        AttributeError, match="invertible"
    ):  # PINTS raised AttributeError
        DualAveragingAdaption(200, 0.8, 1.0, np.array([[1.0, 0], [0, 0]]))
    d = DualAveragingAdaption(200, 0.8, 1.0, np.eye(2))
    with pytest.warns(RuntimeWarning, match="ill-conditioned"):
        d.set_inv_mass_matrix(np.zeros((2, 2)))
    np.testing.assert_array_equal(d.get_inv_mass_matrix(), np.eye(2))


# -- PINTS's names, defaults, messages and logs ------------------------------------


def pints_class(cls: type) -> Any:
    return getattr(pints, cls.__name__)


GETTERS = {
    HamiltonianMCMC: [
        "epsilon",
        "leapfrog_steps",
        "leapfrog_step_size",
        "scaled_epsilon",
        "hamiltonian_threshold",
    ],
    MALAMCMC: ["epsilon", "acceptance_rate"],
    NoUTurnMCMC: [
        "delta",
        "number_adaption_steps",
        "use_dense_mass_matrix",
        "max_tree_depth",
        "hamiltonian_threshold",
    ],
    MonomialGammaHamiltonianMCMC: [
        "epsilon",
        "leapfrog_steps",
        "leapfrog_step_size",
        "a",
        "c",
        "mass",
    ],
    RelativisticMCMC: [
        "epsilon",
        "leapfrog_steps",
        "leapfrog_step_size",
        "mass",
        "speed_of_light",
    ],
    SliceRankShrinkingMCMC: ["sigma_c", "current_slice_height"],
}


@pytest.mark.parametrize("cls", SAMPLERS)
def test_names_and_defaults_are_pints(cls):
    x0, sigma0 = [2.0, -3.0], [[3.0, 0.5], [0.5, 2.0]]
    ours, theirs = cls(x0, sigma0, rng=1), pints_class(cls)(np.array(x0), sigma0)
    assert cls.name() == theirs.name()
    assert ours.n_hyper_parameters() == theirs.n_hyper_parameters()
    assert ours.needs_sensitivities() and theirs.needs_sensitivities()
    assert cls.capabilities.needs_gradients and not cls.capabilities.supports_boundaries
    assert ours.needs_initial_phase() == theirs.needs_initial_phase() is False
    for getter in GETTERS[cls]:
        np.testing.assert_array_equal(
            getattr(ours, getter)(), getattr(theirs, getter)(), err_msg=getter
        )


BAD = [
    (LEAPFROG, "set_epsilon", -0.1),
    (LEAPFROG, "set_leapfrog_steps", 0),
    (LEAPFROG, "set_hamiltonian_threshold", -0.3),
    (LEAPFROG, "set_leapfrog_step_size", -1),
    (LEAPFROG, "set_leapfrog_step_size", [1, 2, 3]),
    ([NoUTurnMCMC], "set_hamiltonian_threshold", -0.3),
    ([NoUTurnMCMC], "set_delta", 1.1),
    ([NoUTurnMCMC], "set_delta", -0.1),
    ([NoUTurnMCMC], "set_number_adaption_steps", -100),
    ([NoUTurnMCMC], "set_max_tree_depth", -1),
    ([MALAMCMC], "set_epsilon", 3.0),
    ([MALAMCMC], "set_epsilon", [-2.0, 1]),
    ([MonomialGammaHamiltonianMCMC], "set_a", 0),
    ([MonomialGammaHamiltonianMCMC], "set_c", -1),
    ([MonomialGammaHamiltonianMCMC, RelativisticMCMC], "set_mass", 0),
    ([RelativisticMCMC], "set_mass", [1.0]),
    ([RelativisticMCMC], "set_speed_of_light", 0),
    ([SliceRankShrinkingMCMC], "set_sigma_c", -1),
]
#: Messages PINTS glued without a space ("mustbe"); ours have it.
RESPACED = {"mustbe": "must be", "thenumber": "the number"}


@pytest.mark.parametrize(
    "cls, setter, value",
    [(c, s, v) for classes, s, v in BAD for c in classes],
    ids=lambda v: v.__name__ if isinstance(v, type) else repr(v),
)
def test_bad_hyper_parameters_raise_pints_messages(cls, setter, value):
    with pytest.raises(ValueError) as theirs:
        getattr(pints_class(cls)(np.array([2.0, 2.0])), setter)(value)
    message = str(theirs.value)
    for glued, spaced in RESPACED.items():
        message = message.replace(glued, spaced)
    with pytest.raises(ValueError) as ours:
        getattr(cls([2.0, 2.0], rng=1), setter)(value)
    assert str(ours.value) == message


@pytest.mark.parametrize(
    "cls, setter, value",
    [
        (HamiltonianMCMC, "set_leapfrog_step_size", 0),
        (SliceRankShrinkingMCMC, "set_sigma_c", 0),
        (NoUTurnMCMC, "set_max_tree_depth", 0),
        (MonomialGammaHamiltonianMCMC, "set_a", np.nan),
        (RelativisticMCMC, "set_speed_of_light", np.inf),
    ],
)
def test_values_pints_let_through_but_which_break_the_sampler_are_refused(
    cls, setter, value
):
    with pytest.raises(ValueError):
        getattr(cls([2.0, 2.0], rng=1), setter)(value)


def test_hyper_parameter_vectors():
    s = HamiltonianMCMC([1.0, 2.0], rng=1)
    s.set_hyper_parameters([7.0, 0.5])
    assert s.leapfrog_steps() == 7 and list(s.leapfrog_step_size()) == [0.5, 0.5]
    m = MonomialGammaHamiltonianMCMC([1.0, 2.0], rng=1)
    m.set_hyper_parameters([5, [1, 2], 2.0, 0.5, 3.0])
    assert (m.leapfrog_steps(), m.a(), m.c(), m.mass()) == (5, 2.0, 0.5, 3.0)
    r = RelativisticMCMC([1.0, 2.0], rng=1)
    r.set_hyper_parameters([5, 1, 2.0, 4.0])
    assert (r.mass(), r.speed_of_light()) == (2.0, 4.0)
    n = NoUTurnMCMC([1.0, 2.0], rng=1)
    n.set_hyper_parameters([1.4])
    assert n.number_adaption_steps() == 1
    q = MALAMCMC([1.0, 2.0], rng=1)
    q.set_hyper_parameters([[0.1, 0.2]])
    np.testing.assert_array_equal(q.epsilon(), [0.1, 0.2])
    q.set_epsilon()
    np.testing.assert_array_equal(q.epsilon(), 0.2 * np.array([0.01, 0.02]))
    z = SliceRankShrinkingMCMC([1.0, 2.0], rng=1)
    z.set_hyper_parameters([3])
    assert z.sigma_c() == 3.0


def test_nuts_settings_are_fixed_once_running():
    s = NoUTurnMCMC([2.0, 2.0], rng=1)
    s.ask()
    for setter, value in [
        ("set_delta", 0.5),
        ("set_number_adaption_steps", 500),
        ("set_use_dense_mass_matrix", True),
    ]:
        with pytest.raises(RuntimeError, match="while sampler is running"):
            getattr(s, setter)(value)
    short = NoUTurnMCMC([2.0, 2.0], rng=1)
    short.set_number_adaption_steps(100)
    with pytest.raises(ValueError, match="minimum value 150"):
        short.ask()


def screen_log(lib: Any, method: str) -> tuple[list[str], tuple[int, ...]]:
    np.random.seed(1)
    x0 = np.random.default_rng(3).normal(0, 1, (3, 2))
    cls = getattr(pints if lib is pints else paramfit.samplers, method)
    c = lib.MCMCController(
        lib.toy.GaussianLogPDF([1.0, -2.0], [1.0, 4.0]), 3, x0, [1.0, 4.0], method=cls
    )
    c.set_max_iterations(30)
    c.set_log_interval(10, 2)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        shape = c.run().shape
    return out.getvalue().splitlines(), shape


#: Evaluations per iteration are random for these: only Iter. is compared.
RANDOM_EVALUATIONS = ("NoUTurnMCMC", "SliceRankShrinkingMCMC")


@pytest.mark.parametrize(
    "method",
    [
        # PINTS's MonomialGammaHamiltonianMCMC spends seconds tabulating its
        # momentum distribution with 1000 quadratures per chain.
        pytest.param(
            c.__name__, marks=[pytest.mark.slow] * (c is MonomialGammaHamiltonianMCMC)
        )
        for c in SAMPLERS
    ],
)
def test_controller_logs_as_pints(method):
    """Through MCMCController (which scores with evaluateS1): the same
    header, columns, rows and halting line as PINTS; for HMC and MALA even
    the same numbers (their acceptance rates are deterministic here)."""
    ours, our_shape = screen_log(paramfit, method)
    theirs, their_shape = screen_log(pints, method)
    assert our_shape == their_shape == (3, 30, 2)

    def masked(lines: list[str]) -> list[str]:
        keep = 1 if method in RANDOM_EVALUATIONS else 2
        if method in ("HamiltonianMCMC", "MALAMCMC"):
            keep = -1  # all but the time
        out = []
        for line in lines:
            fields = line.split()
            if fields and fields[0].isdigit():
                line = " ".join(fields[:keep] if keep > 0 else fields[:-1])
            out.append(line)
        return out

    assert masked(ours) == masked(theirs)


@pytest.mark.parametrize("cls", SAMPLERS)
def test_every_sampler_runs_through_the_controller(cls):
    log_pdf = paramfit.toy.GaussianLogPDF([1.0, -2.0], [1.0, 4.0])
    c = paramfit.MCMCController(
        log_pdf, 2, [[0.0, 0.0], [1.0, -1.0]], [1.0, 4.0], method=cls, rng=4
    )
    c.set_max_iterations(40)
    c.set_log_to_screen(False)
    chains = c.run()
    assert chains.shape == (2, 40, 2) and np.all(np.isfinite(chains))
    again = paramfit.MCMCController(
        log_pdf, 2, [[0.0, 0.0], [1.0, -1.0]], [1.0, 4.0], method=cls, rng=4
    )
    again.set_max_iterations(40)
    again.set_log_to_screen(False)
    np.testing.assert_array_equal(again.run(), chains)


# -- flow, bad input, non-finite gradients -----------------------------------------


@pytest.mark.parametrize("cls", SAMPLERS)
def test_call_order_and_starting_point_errors(cls):
    s = cls([2.0, 2.0], rng=1)
    with pytest.raises(RuntimeError, match="Tell called before proposal was set."):
        s.tell((0.0, np.zeros(2)))
    x = s.ask()
    np.testing.assert_array_equal(s.ask(), x)  # asking again: the same point
    np.testing.assert_array_equal(x, [2.0, 2.0])
    message = "log_pdf" if cls is MALAMCMC else "logpdf"
    with pytest.raises(
        ValueError, match=f"Initial point for MCMC must have finite {message}."
    ):
        s.tell((-np.inf, np.ones(2)))
    s = cls([2.0, 2.0], rng=1)
    s.ask()
    with pytest.raises(ValueError, match=r"shape \(2,\)"):
        s.tell((0.0, np.ones(3)))
    with pytest.raises(NotImplementedError):
        s.replace([1.0, 1.0], 0.0)


@pytest.mark.parametrize(
    "cls", [c for c in SAMPLERS if c is not SliceRankShrinkingMCMC]
)
def test_a_non_finite_gradient_at_x0_is_refused(cls):
    s = cls([2.0, 2.0], rng=1)
    s.ask()
    with pytest.raises(ValueError, match=f"{cls.__name__} needs a finite gradient"):
        s.tell((0.0, np.array([np.nan, 1.0])))


def nan_gradient_beyond_one(x: Any) -> tuple[float, np.ndarray]:
    """A standard normal whose gradient is NaN where x[0] > 1."""
    f, g = normal_1d(x)
    return (f, g * np.nan) if x[0] > 1 else (f, g)


@pytest.mark.parametrize(
    "cls", [c for c in SAMPLERS if c is not SliceRankShrinkingMCMC]
)
def test_non_finite_gradients_reject_the_transition(cls):
    s = cls([0.0, 0.0], [1.0, 1.0], rng=2)
    with pytest.warns(RuntimeWarning) as record:
        samples = []
        while len(samples) < 300:
            reply = s.tell(nan_gradient_beyond_one(s.ask()))
            if reply is not None:
                samples.append(reply[0])
    samples = np.array(samples)
    assert np.all(np.isfinite(samples)) and np.all(samples[:, 0] <= 1)
    assert s.non_finite_gradients() > 0
    assert len([w for w in record if "not finite" in str(w.message)]) == 1  # once
    assert "the transition is rejected" in str(record[0].message)
    if cls is not MALAMCMC:
        assert len(s.divergent_iterations()) > 0


class RecordingNUTS(NoUTurnMCMC):
    """Keeps the number of leapfrog steps of each transition."""

    def _finish(self, tree: NutsTree) -> Any:
        self.sizes = getattr(self, "sizes", []) + [tree.tree.n_leaves]
        return super()._finish(tree)


def test_nuts_x0_is_not_a_sample_and_trees_respect_the_depth():
    s = RecordingNUTS([0.5, 0.5], rng=3)
    s.set_max_tree_depth(2)
    x = s.ask()
    assert s.tell(normal_1d(x)) is None  # x0 is evaluated, not returned (as PINTS)
    replies = []
    while len(replies) < 200:
        reply = s.tell(normal_1d(s.ask()))
        if reply is not None:
            replies.append(reply)
    assert all(r[2] is True for r in replies)
    assert len(s.sizes) == 200 and max(s.sizes) <= 3 and min(s.sizes) >= 1
    assert s.step_size() > 0 and s.adaptor() is not None


@pytest.mark.parametrize("cls", [NoUTurnMCMC, HamiltonianMCMC, SliceRankShrinkingMCMC])
def test_a_pickled_sampler_continues_where_it_stopped(cls, tmp_path):
    s = cls([0.5, -0.5], rng=5)
    for _ in range(37):  # mid-trajectory
        s.tell(normal_1d(s.ask()))
    copy = pickle.loads(pickle.dumps(s))
    if cls is NoUTurnMCMC:
        s.save_state(tmp_path / "nuts.pickle")
        copy = s.load_state(tmp_path / "nuts.pickle")
    for _ in range(200):
        a, b = s.tell(normal_1d(s.ask())), copy.tell(normal_1d(copy.ask()))
        assert (a is None) == (b is None)
        if a is not None:
            np.testing.assert_array_equal(a[0], b[0])


# -- statistical harness -----------------------------------------------------------


class Gaussian:
    def __init__(self, mean: Any, cov: Any) -> None:
        self.mean, self.cov = np.asarray(mean, float), np.asarray(cov, float)
        self.sd = np.sqrt(np.diag(self.cov))
        self.precision = np.linalg.inv(self.cov)

    def __call__(self, x: Any) -> tuple[float, np.ndarray]:
        d = np.asarray(x) - self.mean
        g = -self.precision @ d
        return float(0.5 * d @ g), g


class Banana:
    """paramfit.toy.TwistedGaussianLogPDF(2, b, 100) (its gradient is exact
    for V = 100): x1 ~ N(0, V^2), x2 = z - b (x1^2 - V) with z ~ N(0, 1), so
    the mean is (0, -b (V^2 - V)) and the standard deviations V and
    sqrt(1 + 2 b^2 V^4)."""

    def __init__(self, b: float = 1e-4, v: float = 100.0) -> None:
        self.toy = paramfit.toy.TwistedGaussianLogPDF(2, b, v, rng=0)
        self.mean = np.array([0.0, -b * (v**2 - v)])
        self.sd = np.array([v, np.sqrt(1 + 2 * b**2 * v**4)])

    def __call__(self, x: Any) -> tuple[float, np.ndarray]:
        return self.toy.evaluateS1(x)


SD5 = np.logspace(-2, 2, 5)
RHO5 = np.full((5, 5), 0.5) + 0.5 * np.eye(5)
TARGETS = {
    "gaussian-2d": Gaussian([1.0, -2.0], [[1.0, 0.6], [0.6, 2.0]]),
    "gaussian-5d": Gaussian([1.0, 2.0, 3.0, 4.0, 5.0], RHO5 * np.outer(SD5, SD5)),
    "banana": Banana(),
}


def test_banana_moments_match_exact_samples():
    t = TARGETS["banana"]
    x = t.toy.sample(200_000)
    assert_mean(x, t.mean, t.sd)
    np.testing.assert_allclose(x.std(axis=0), t.sd, rtol=0.01)


def configure(s: Any, sd: np.ndarray) -> None:
    """Settings a user would choose from the target's scales: leapfrog step
    sizes and MALA's epsilon in proportion to the standard deviations, and
    crumbs wider than the widest direction (rank shrinking narrows them;
    crumbs too narrow for the widest direction make a slow random walk)."""
    if isinstance(s, (HamiltonianMCMC, RelativisticMCMC)):
        s.set_leapfrog_step_size(sd)
        s.set_epsilon(0.15)
        s.set_leapfrog_steps(10)
    elif isinstance(s, MonomialGammaHamiltonianMCMC):
        s.set_leapfrog_step_size(sd)
        s.set_epsilon(0.5)  # speeds are at most 1 / (a m): longer steps
        s.set_leapfrog_steps(10)
    elif isinstance(s, MALAMCMC):
        s.set_epsilon(0.5 * sd)
    elif isinstance(s, SliceRankShrinkingMCMC):
        s.set_sigma_c(3 * float(np.max(sd)))
    elif isinstance(s, NoUTurnMCMC):
        s.set_number_adaption_steps(200)


def run_chains(cls: Any, target: Any, iterations: int, seed: int) -> np.ndarray:
    """Four chains from over-dispersed starts (sigma0: the target's
    variances), driven by raw ask/tell; the first quarter of each is
    dropped (NUTS adapts for 200 iterations)."""
    z = np.random.default_rng(1000 + seed).standard_normal((4, len(target.mean)))
    chains = []
    for c, x0 in enumerate(target.mean + 1.5 * target.sd * z):
        s = cls(x0, target.sd**2, rng=10 * seed + c)
        configure(s, target.sd)
        draws = []
        while len(draws) < iterations:
            reply = s.tell(target(s.ask()))
            if reply is not None:
                draws.append(reply[0])
        chains.append(draws[iterations // 4 :])
    return np.array(chains)


def check(chains: np.ndarray, target: Any) -> None:
    """Split R-hat < 1.05, means within 4 MCSE, sds within 10 %."""
    assert_rhat(chains, below=1.05)
    ess = sum(effective_sample_size(chain) for chain in chains)
    pooled = chains.reshape(-1, chains.shape[-1])
    assert_mean(pooled, target.mean, target.sd, k=4, ess=ess)
    np.testing.assert_allclose(pooled.std(axis=0, ddof=1), target.sd, rtol=0.1)


SEED = 1  # seeds 2 and 3 pass too
RUNS = [
    (HamiltonianMCMC, "gaussian-2d", 300),
    (MALAMCMC, "gaussian-2d", 1500),
    (NoUTurnMCMC, "gaussian-2d", 500),
    (MonomialGammaHamiltonianMCMC, "gaussian-2d", 400),
    (RelativisticMCMC, "gaussian-2d", 300),
    (SliceRankShrinkingMCMC, "gaussian-2d", 1000),
    (HamiltonianMCMC, "gaussian-5d", 600),
    (MALAMCMC, "gaussian-5d", 4000),
    (NoUTurnMCMC, "gaussian-5d", 600),
    (MonomialGammaHamiltonianMCMC, "gaussian-5d", 600),
    (RelativisticMCMC, "gaussian-5d", 600),
    (SliceRankShrinkingMCMC, "gaussian-5d", 800),
    (HamiltonianMCMC, "banana", 4000),
    (MALAMCMC, "banana", 50000),
    (NoUTurnMCMC, "banana", 4000),
    (MonomialGammaHamiltonianMCMC, "banana", 2000),
    (RelativisticMCMC, "banana", 4000),
    (SliceRankShrinkingMCMC, "banana", 4000),
]


@pytest.mark.parametrize(
    "cls, target, iterations",
    [
        pytest.param(*row, marks=[] if row[1] == "gaussian-2d" else pytest.mark.slow)
        for row in RUNS
    ],
    ids=[f"{row[0].__name__}-{row[1]}" for row in RUNS],
)
def test_samples_the_target(cls, target, iterations):
    check(run_chains(cls, TARGETS[target], iterations, SEED), TARGETS[target])


@pytest.mark.slow
@pytest.mark.parametrize("cls", [NoUTurnMCMC, HamiltonianMCMC])
def test_neals_funnel_divergences_are_counted_and_reported(cls, record_property):
    """Neal's funnel in 4-d: the neck is too narrow for one step size, so
    the samplers diverge there; the divergences are counted and reported
    (not the moments in the neck). Away from the neck the chains agree with
    the funnel: nu's median is within reach of 0 and the x are centred."""
    f = paramfit.toy.NealsFunnelLogPDF(4)
    chains, divergent = [], 0
    for c in range(4):
        s = cls(np.array([0.5, -0.5, 0.2, 1.0]), np.ones(4), rng=100 + c)
        if cls is HamiltonianMCMC:
            s.set_epsilon(0.2)
        else:
            s.set_number_adaption_steps(300)
        draws = []
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            while len(draws) < 1500:
                reply = s.tell(f.evaluateS1(s.ask()))
                if reply is not None:
                    draws.append(reply[0])
        chains.append(np.array(draws[500:]))
        divergent += len(s.divergent_iterations())
    record_property("divergent_iterations", divergent)
    print(
        f"{cls.__name__} on Neal's funnel: {divergent} divergent iterations in 4 chains"
    )
    assert divergent > 0
    pooled = np.concatenate(chains)
    assert np.all(np.isfinite(pooled))
    assert abs(np.median(pooled[:, -1])) < 1.5  # nu ~ N(0, 3^2)
    assert np.all(np.abs(np.median(pooled[:, :-1], axis=0)) < 0.5)
