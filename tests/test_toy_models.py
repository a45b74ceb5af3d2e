"""Toy forward models: shapes, values against PINTS 0.6.1 (the oracle),
sensitivities against finite differences, and fits to their own noisy
simulations."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pints
import pints.toy
import pytest
from threadpoolctl import threadpool_limits

import paramfit
import paramfit.toy as toy

#: name -> (n_parameters, n_outputs, has S1)
MODELS = {
    "ActionPotentialModel": (5, 2, False),
    "FitzhughNagumoModel": (3, 2, True),
    "GoodwinOscillatorModel": (5, 3, True),
    "Hes1Model": (4, 1, True),
    "HodgkinHuxleyIKModel": (5, 1, False),
    "LotkaVolterraModel": (4, 2, True),
    "RepressilatorModel": (4, 3, False),
    "SIRModel": (3, 2, False),
    "SimpleHarmonicOscillatorModel": (3, 1, True),
}
S1_MODELS = [name for name, (_, _, s1) in MODELS.items() if s1]
ODE_MODELS = [
    "FitzhughNagumoModel",
    "GoodwinOscillatorModel",
    "Hes1Model",
    "LotkaVolterraModel",
    "RepressilatorModel",
    "SIRModel",
]


def expected_shape(n_times: int, n_outputs: int) -> tuple[int, ...]:
    return (n_times,) if n_outputs == 1 else (n_times, n_outputs)


@pytest.mark.parametrize("name", sorted(MODELS))
def test_suggested_simulation_shapes(name: str) -> None:
    n_parameters, n_outputs, has_s1 = MODELS[name]
    model = getattr(toy, name)()
    assert isinstance(model, toy.ToyModel)
    assert isinstance(model, paramfit.ForwardModel)
    assert isinstance(model, paramfit.ForwardModelS1) == has_s1
    assert model.n_parameters() == n_parameters
    assert model.n_outputs() == n_outputs
    p, t = model.suggested_parameters(), model.suggested_times()
    assert len(p) == n_parameters
    y = model.simulate(p, t)
    assert y.shape == expected_shape(len(t), n_outputs)
    assert np.all(np.isfinite(y))


@pytest.mark.parametrize("name", sorted(MODELS))
def test_values_match_pints(name: str) -> None:
    ours, theirs = getattr(toy, name)(), getattr(pints.toy, name)()
    p, t = ours.suggested_parameters(), ours.suggested_times()
    np.testing.assert_array_equal(p, theirs.suggested_parameters())
    np.testing.assert_array_equal(t, theirs.suggested_times())
    y, y_pints = ours.simulate(p, t), np.asarray(theirs.simulate(p, t))
    assert y.shape == y_pints.shape
    # PINTS uses odeint's default tolerances (and 1e-4 for the action
    # potential); paramfit's are tighter, so compare at PINTS's accuracy.
    scale = np.max(np.abs(y_pints), axis=0)
    rtol = 1e-3 if name == "ActionPotentialModel" else 2e-5
    relative_error = np.max(np.abs(y - y_pints), axis=0) / scale
    assert np.all(relative_error < rtol), relative_error


@pytest.mark.parametrize("name", S1_MODELS)
def test_sensitivities_match_pints(name: str) -> None:
    ours, theirs = getattr(toy, name)(), getattr(pints.toy, name)()
    p, t = ours.suggested_parameters(), ours.suggested_times()
    y, dy = ours.simulateS1(p, t)
    y_pints, dy_pints = theirs.simulateS1(p, t)
    dy_pints = np.real(dy_pints)
    assert dy.shape == dy_pints.shape
    np.testing.assert_allclose(y, y_pints, atol=2e-5 * np.max(np.abs(y_pints)))
    np.testing.assert_allclose(dy, dy_pints, atol=2e-5 * np.max(np.abs(dy_pints)))


@pytest.mark.parametrize("name", S1_MODELS)
def test_sensitivities_match_finite_differences(name: str) -> None:
    model = getattr(toy, name)()
    if isinstance(model, toy.ToyODEModel):
        model.set_solver_tolerances(1e-11, 1e-12)
    p = np.asarray(model.suggested_parameters(), dtype=float)
    t = model.suggested_times()
    t = t[:: max(1, len(t) // 25)]
    y, dy = model.simulateS1(p, t)
    y_plain = model.simulate(p, t)
    np.testing.assert_allclose(y, y_plain, atol=1e-8 * np.max(np.abs(y_plain)))
    dy = dy.reshape(len(t), -1, len(p))
    for j in range(len(p)):
        h = 1e-5 * max(abs(p[j]), 1.0)
        step = np.zeros(len(p))
        step[j] = h
        fd = (model.simulate(p + step, t) - model.simulate(p - step, t)) / (2 * h)
        fd = fd.reshape(len(t), -1)
        scale = np.max(np.abs(fd)) + 1e-12
        np.testing.assert_allclose(dy[:, :, j], fd, atol=1e-4 * scale)


def test_simulate_adds_and_drops_time_zero() -> None:
    model = toy.LotkaVolterraModel()
    p = model.suggested_parameters()
    y = model.simulate(p, [0, 5, 10])
    np.testing.assert_allclose(model.simulate(p, [5, 10]), y[1:])
    np.testing.assert_array_equal(y[0], model.initial_conditions())
    y, dy = model.simulateS1(p, [5, 10])
    assert y.shape == (2, 2) and dy.shape == (2, 2, 4)


@pytest.mark.parametrize("name", sorted(MODELS))
def test_negative_times_and_bad_parameters(name: str) -> None:
    model = getattr(toy, name)()
    p = model.suggested_parameters()
    with pytest.raises(ValueError):
        model.simulate(p, [-1.0, 1.0])
    if isinstance(model, toy.ToyODEModel):
        with pytest.raises(ValueError, match="Expected"):
            model.simulate(np.append(p, 1.0), [1.0])


def test_lotka_volterra_reference_values() -> None:
    # Reference values from PINTS's own test suite.
    model = toy.LotkaVolterraModel([3, 5])
    values = model.simulate([1, 2, 2, 0.5], np.linspace(0, 5, 101))
    assert values[0, 0] == 3 and values[0, 1] == 5
    np.testing.assert_allclose(values[1], [1.929494, 4.806542], atol=1e-6)
    np.testing.assert_allclose(values[100], [1.277762, 0.000529], atol=1e-6)
    _, sens = toy.LotkaVolterraModel().simulateS1([0.43, 0.2, 0.9, 0.28], [5, 10])
    assert sens[0, 0, 0] == pytest.approx(-4.889418, abs=1e-5)
    assert sens[1, 1, 3] == pytest.approx(-0.975323, abs=1e-5)
    assert toy.LotkaVolterraModel().suggested_values().shape == (21, 2)


def test_lotka_volterra_initial_conditions() -> None:
    model = toy.LotkaVolterraModel()
    np.testing.assert_allclose(model.initial_conditions(), np.log([30, 4]))
    model.set_initial_conditions([10, 10])
    np.testing.assert_array_equal(model.initial_conditions(), [10, 10])
    toy.LotkaVolterraModel([0, 0])
    for bad in ([-1, 0], [0, -1]):
        with pytest.raises(ValueError, match="negative"):
            toy.LotkaVolterraModel(bad)


def test_hes1_reference_values_and_settings() -> None:
    # Reference values from PINTS's own test suite.
    parameters = [3.8, 0.035, 0.15, 7.5]
    model = toy.Hes1Model(m0=7, fixed_parameters=[4.5, 4.0, 0.04])
    values = model.simulate(parameters, np.linspace(0, 10, 101))
    assert values[0] == 7
    assert values[1] == pytest.approx(7.011333, abs=1e-6)
    assert values[100] == pytest.approx(5.420750, abs=1e-6)
    state = [4.0, 3.0, 3.5]
    jac = model.jacobian(state, 0.0, parameters)
    assert jac[0, 0] == -0.04 and jac[1, 1] == -0.19
    assert jac[0, 2] == pytest.approx(-0.48782911794811024)
    dfdp = model._dfdp(state, 0.0, parameters)
    assert dfdp[0, 0] == pytest.approx(0.4493162928469437)
    assert dfdp[0, 3] == pytest.approx(0.018721798164847005)
    np.testing.assert_array_equal(dfdp[1:], [[0, 4, -3, 0], [0, 0, 3, 0]])
    _, dvals = model.simulateS1(parameters, model.suggested_times())
    assert dvals.shape == (9, 1, 4) and dvals[0, 0, 0] == 0
    assert dvals[1, 0, 0] == pytest.approx(2.029494068269803, rel=1e-6)
    assert dvals[2, 0, 1] == pytest.approx(-197.7831610097427, rel=1e-6)
    assert model.simulate_all_states(parameters, [0, 30]).shape == (2, 3)

    model.set_m0(10)
    assert model.m0() == 10
    model.set_fixed_parameters([10, 10, 10])
    assert model.fixed_parameters() == [10, 10, 10]
    model.set_initial_conditions([1, 2, 3])
    np.testing.assert_array_equal(model.initial_conditions(), [1, 2, 3])
    with pytest.raises(ValueError):
        toy.Hes1Model(-1)
    with pytest.raises(ValueError):
        toy.Hes1Model(0, [0, -1, 0])
    assert toy.Hes1Model().suggested_values().shape == (9,)


def test_constant_model() -> None:
    model = toy.ConstantModel(3)
    y, dy = model.simulateS1([-1, 2, 100], [0, 1, 2, 10000])
    np.testing.assert_array_equal(y, np.tile([-1, 4, 300], (4, 1)))
    np.testing.assert_array_equal(dy, np.tile(np.diag([1, 2, 3]), (4, 1, 1)))
    single = toy.ConstantModel(1)
    y, dy = single.simulateS1([3], [0, 1, 2])
    assert y.shape == (3,) and dy.shape == (3,)
    forced = toy.ConstantModel(1, force_multi_output=True)
    y, dy = forced.simulateS1([-2], [0, 1])
    assert y.shape == (2, 1) and dy.shape == (2, 1, 1)
    with pytest.raises(ValueError, match="Expected 1"):
        single.simulate([1, 1], [0])
    with pytest.raises(ValueError, match="must be finite"):
        single.simulate([np.nan], [0])
    with pytest.raises(ValueError, match="1 or greater"):
        toy.ConstantModel(0)


def test_hodgkin_huxley_protocol() -> None:
    model = toy.HodgkinHuxleyIKModel()
    assert model.suggested_duration() == 1200
    t = model.suggested_times()
    assert len(t) == 4800
    y = model.simulate(model.suggested_parameters(), t)
    folded = model.fold(t, y)
    assert len(folded) == 12
    assert all(len(ts) == 40 and ts[0] == 0 for ts, _ in folded)
    # The current grows with the step potential.
    peaks = [np.max(v) for _, v in folded]
    assert np.all(np.diff(peaks) > 0)
    for bad in (0, 1, 1.5):
        with pytest.raises(ValueError, match="> 0 and < 1"):
            toy.HodgkinHuxleyIKModel(bad)


def test_action_potential_model() -> None:
    model = toy.ActionPotentialModel()
    np.testing.assert_array_equal(model.initial_conditions(), [-84.622, 2e-7])
    t = np.arange(0, 400, 2.0)
    y = model.simulate(model.suggested_parameters(), t)
    # An action potential: upstroke above 0 mV, then back to rest.
    assert y[:, 0].max() > 10 and abs(y[-1, 0] + 84) < 2
    assert model.simulate_all_states(model.suggested_parameters(), t).shape == (
        len(t),
        8,
    )
    with pytest.raises(ValueError, match="cannot be negative"):
        toy.ActionPotentialModel([-80, -1])


def test_repressilator_and_sir_validation() -> None:
    for cls, n in ((toy.RepressilatorModel, 6), (toy.SIRModel, 3)):
        with pytest.raises(ValueError, match=f"size {n}"):
            cls([1.0] * (n + 1))
        with pytest.raises(ValueError, match="negative"):
            cls([-1.0] + [1.0] * (n - 1))
    sir = toy.SIRModel()
    assert sir.suggested_values().shape == (21, 2)
    # The initial state holds at the first requested time (as in PINTS).
    y = sir.simulate(sir.suggested_parameters(), [3, 4])
    np.testing.assert_array_equal(y[0], [1, 0])


def test_failed_integration_gives_nan_not_an_error() -> None:
    model = toy.FitzhughNagumoModel()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        y = model.simulate([0.1, 0.5, -3], np.linspace(0, 20, 11))
    np.testing.assert_array_equal(y[0], [-1, 1])
    assert np.all(np.isnan(y[-1]))


def test_sho_critically_damped_sensitivity() -> None:
    # PINTS returns zero for d/dtheta at theta = 2; the exact value is not.
    model = toy.SimpleHarmonicOscillatorModel()
    p = np.array([0.5, -0.3, 2.0])
    t = np.linspace(0, 10, 21)
    _, dy = model.simulateS1(p, t)
    h = 1e-6
    fd = (model.simulate(p + [0, 0, h], t) - model.simulate(p - [0, 0, h], t)) / 2 / h
    np.testing.assert_allclose(dy[:, 2], fd, atol=1e-8)


# -- fitting a model to its own noisy simulation -----------------------------
def fit(
    model, times, seed: int, iterations: int, noise: float = 0.05
) -> tuple[np.ndarray, float, float]:
    """Fit with xNES from a perturbed start to data with Gaussian noise of
    ``noise`` times each output's range; return (x/true, f_best, f_true)."""
    p = np.asarray(model.suggested_parameters(), dtype=float)
    rng = np.random.default_rng(seed)
    y = model.simulate(p, times)
    sigma = noise * np.max(np.abs(y), axis=0)
    data = y + sigma * rng.standard_normal(y.shape)
    error = paramfit.SumOfSquaresError(paramfit.MultiOutputProblem(model, times, data))
    boundaries = paramfit.RectangularBoundaries(0.5 * p, 2 * p)
    opt = paramfit.XNES(
        p * rng.uniform(0.7, 1.4, len(p)), boundaries=boundaries, rng=seed
    )
    with threadpool_limits(limits=1, user_api="blas"):
        for _ in range(iterations):
            xs = opt.ask()
            opt.tell([error(x) for x in xs])
    return np.asarray(opt.x_best()) / p, float(opt.f_best()), float(error(p))


@pytest.mark.parametrize("seed", [1, 8])
def test_fit_lotka_volterra(seed: int) -> None:
    # Checked for seeds 0-11: all within 11% of the truth.
    model = toy.LotkaVolterraModel()
    ratio, f_best, f_true = fit(model, model.suggested_times(), seed, 100)
    assert f_best <= f_true
    np.testing.assert_allclose(ratio, 1, atol=0.15)


@pytest.mark.parametrize("seed", [3, 5])
def test_fit_fitzhugh_nagumo(seed: int) -> None:
    # Checked for seeds 0-11: all within 9% of the truth (a is the least
    # well determined: with 5% noise it can be 23% off).
    model = toy.FitzhughNagumoModel()
    ratio, f_best, f_true = fit(model, np.linspace(0, 20, 30), seed, 60, 0.02)
    assert f_best <= f_true
    np.testing.assert_allclose(ratio, 1, atol=0.15)


# -- toy log-pdfs --------------------------------------------------------------
def log_pdf_pairs() -> list[tuple[Any, Any]]:
    cov = [[2.0, 0.5, 0.1], [0.5, 1.0, 0.2], [0.1, 0.2, 0.5]]
    return [
        (toy.GaussianLogPDF(), pints.toy.GaussianLogPDF()),
        (toy.GaussianLogPDF([1, 2, 3], cov), pints.toy.GaussianLogPDF([1, 2, 3], cov)),
        (toy.TwistedGaussianLogPDF(), pints.toy.TwistedGaussianLogPDF()),
        (
            toy.TwistedGaussianLogPDF(3, 0.05, 20),
            pints.toy.TwistedGaussianLogPDF(3, 0.05, 20),
        ),
        (toy.RosenbrockLogPDF(), pints.toy.RosenbrockLogPDF()),
        (
            toy.HighDimensionalGaussianLogPDF(5, -0.2),
            pints.toy.HighDimensionalGaussianLogPDF(5, -0.2),
        ),
        (
            toy.MultimodalGaussianLogPDF(
                [[0, 1, 2], [3, 3, 3]], [np.eye(3), 2 * np.eye(3)]
            ),
            pints.toy.MultimodalGaussianLogPDF(
                [[0, 1, 2], [3, 3, 3]], [np.eye(3), 2 * np.eye(3)]
            ),
        ),
        (toy.SimpleEggBoxLogPDF(), pints.toy.SimpleEggBoxLogPDF()),
        (toy.AnnulusLogPDF(5, 3, 0.5), pints.toy.AnnulusLogPDF(5, 3, 0.5)),
        (toy.ConeLogPDF(4, 0.7), pints.toy.ConeLogPDF(4, 0.7)),
        (toy.NealsFunnelLogPDF(), pints.toy.NealsFunnelLogPDF()),
        (toy.EightSchoolsLogPDF(), pints.toy.EightSchoolsLogPDF()),
        (toy.EightSchoolsLogPDF(False), pints.toy.EightSchoolsLogPDF(False)),
    ]


N_LOG_PDFS = 13


@pytest.mark.parametrize("index", range(N_LOG_PDFS))
def test_log_pdfs_match_pints(index: int) -> None:
    ours, theirs = log_pdf_pairs()[index]
    assert isinstance(ours, toy.ToyLogPDF) and isinstance(ours, paramfit.LogPDF)
    n = ours.n_parameters()
    assert n == theirs.n_parameters()
    rng = np.random.default_rng(index)
    for x in rng.normal(0, 3, (5, n)):
        if isinstance(ours, toy.EightSchoolsLogPDF):
            x[1] = abs(x[1]) + 0.5  # tau > 0
        assert ours(x) == pytest.approx(theirs(x), rel=1e-12)
        value, gradient = ours.evaluateS1(x)
        value_pints, gradient_pints = theirs.evaluateS1(x)
        assert value == pytest.approx(value_pints, rel=1e-12)
        np.testing.assert_allclose(
            gradient, np.ravel(gradient_pints), rtol=1e-10, atol=1e-12
        )
    if not isinstance(ours, toy.EightSchoolsLogPDF):
        samples = rng.normal(0, 2, (200, n))
        distance = ours.distance(samples)
        assert distance == pytest.approx(theirs.distance(samples), rel=1e-9)


@pytest.mark.parametrize("index", [i for i in range(N_LOG_PDFS) if i != 3])
def test_log_pdf_gradients_match_finite_differences(index: int) -> None:
    # (The twisted Gaussian's gradient is exact for V = 100 only, as in PINTS.)
    f = log_pdf_pairs()[index][0]
    x = np.random.default_rng(1).normal(0, 1, f.n_parameters())
    x[1] = abs(x[1]) + 0.5  # (tau > 0 for the eight schools)
    _, gradient = f.evaluateS1(x)
    h = 1e-6
    fd = [(f(x + h * e) - f(x - h * e)) / (2 * h) for e in np.eye(len(x))]
    np.testing.assert_allclose(gradient, fd, rtol=1e-6, atol=1e-8)


def test_gaussian_samples_have_the_right_moments() -> None:
    cov = np.array([[2.0, 0.5], [0.5, 1.0]])
    f = toy.GaussianLogPDF([1, -1], cov, rng=3)
    x = f.sample(4000)
    assert x.shape == (4000, 2)
    np.testing.assert_allclose(x.mean(axis=0), [1, -1], atol=4 * np.sqrt(2 / 4000))
    np.testing.assert_allclose(np.cov(x.T), cov, atol=0.12)
    assert f.kl_divergence(x) < 0.01 < f.kl_divergence(x + 0.5)
    assert f.sample(0).shape == (0, 2)
    np.testing.assert_array_equal(
        toy.GaussianLogPDF(rng=5).sample(3), toy.GaussianLogPDF(rng=5).sample(3)
    )


def test_twisted_gaussian_samples_untwist_to_a_gaussian() -> None:
    f = toy.TwistedGaussianLogPDF(4, 0.1, 100, rng=2)
    x = f.sample(3000)
    assert x.shape == (3000, 4)
    y = f.untwist(x)
    np.testing.assert_allclose(y.mean(axis=0), 0, atol=4 * 10 / np.sqrt(3000))
    # As in PINTS, untwisting leaves x1 with standard deviation sqrt(V).
    np.testing.assert_allclose(y.std(axis=0), [10, 1, 1, 1], rtol=0.06)
    assert f.distance(x) < 0.02


def test_rosenbrock_log_pdf_and_errors() -> None:
    f = toy.RosenbrockLogPDF()
    assert f.optimum() == (1, 1) and f([1, 1]) == 0
    with pytest.raises(ValueError, match="n x 2"):
        f.distance(np.zeros(3))
    with pytest.raises(ValueError, match="Dimension must be 2"):
        toy.TwistedGaussianLogPDF(1)
    with pytest.raises(ValueError, match="cannot be negative"):
        toy.TwistedGaussianLogPDF(2, -1)
    with pytest.raises(ValueError, match="same dimension"):
        toy.GaussianLogPDF([0, 0], [1, 2, 3])
    with pytest.raises(ValueError, match="symmetric"):
        toy.GaussianLogPDF([0, 0], [[1, 0.5], [0, 1]])
    with pytest.raises(ValueError, match="positive definite"):
        toy.GaussianLogPDF([0, 0], [[1, 2], [2, 1]])
    with pytest.raises(ValueError, match="cannot be negative"):
        toy.GaussianLogPDF().sample(-1)


@pytest.mark.parametrize(
    "f",
    [
        toy.HighDimensionalGaussianLogPDF(4, 0.3, rng=1),
        toy.MultimodalGaussianLogPDF(rng=2),
        toy.SimpleEggBoxLogPDF(rng=3),
        toy.AnnulusLogPDF(3, 5, 1, rng=4),
        toy.ConeLogPDF(3, 0.8, rng=5),
        toy.NealsFunnelLogPDF(4, rng=6),
    ],
    ids=lambda f: type(f).__name__,
)
def test_samples_are_close_by_each_distance(f: Any) -> None:
    x = f.sample(4000)
    assert x.shape == (4000, f.n_parameters())
    # Each distance is near 0 for good samples, far from it for shifted ones.
    good, bad = f.distance(x), f.distance(x * 1.5 + 1)
    assert good < 0.1 * bad


def test_radial_moments_match_their_samples() -> None:
    for f in (toy.AnnulusLogPDF(4, 3, 1, rng=7), toy.ConeLogPDF(2, 2, rng=8)):
        r = np.linalg.norm(f.sample(20000), axis=1)
        assert r.mean() == pytest.approx(f.mean_normed(), rel=0.01)
        assert r.var() == pytest.approx(f.var_normed(), rel=0.05)
    cone = toy.ConeLogPDF(3, 1)
    assert cone.CDF(0) == 0 and cone.CDF(100) == pytest.approx(1)
    np.testing.assert_array_equal(toy.NealsFunnelLogPDF(3).var(), [90, 90, 9])
    assert toy.EightSchoolsLogPDF().data()["J"] == 8
    assert toy.EightSchoolsLogPDF()([0, -1] + [0] * 8) == -np.inf
