"""Log-likelihoods: values against scipy.stats and PINTS 0.6.1,
gradients against central finite differences and PINTS, bad input."""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np
import pints
import pytest
import scipy.integrate
import scipy.stats
from hypothesis import given, settings
from hypothesis import strategies as st

import paramfit


class Decay(paramfit.ForwardModelS1):
    """One positive output, ``a exp(-b t) + 0.5``."""

    def n_parameters(self):
        return 2

    def simulate(self, parameters, times):
        return self.simulateS1(parameters, times)[0]

    def simulateS1(self, parameters, times):
        a, b = parameters
        e = np.exp(-b * np.asarray(times))
        return a * e + 0.5, np.column_stack([e, -a * times * e])


class Trio(paramfit.ForwardModelS1):
    """Three positive outputs, non-linear in the two parameters."""

    def n_parameters(self):
        return 2

    def n_outputs(self):
        return 3

    def simulate(self, parameters, times):
        return self.simulateS1(parameters, times)[0]

    def simulateS1(self, parameters, times):
        a, b = parameters
        t = np.asarray(times, dtype=float)
        e = np.exp(-b * t)
        s = np.sin(a * t)
        y = np.column_stack([a * e + 0.1, a + b * t, (1 + s * s) * b])
        dy = np.empty((len(t), 3, 2))
        dy[:, 0, 0], dy[:, 0, 1] = e, -a * t * e
        dy[:, 1, 0], dy[:, 1, 1] = 1, t
        dy[:, 2, 0], dy[:, 2, 1] = 2 * s * np.cos(a * t) * t * b, 1 + s * s
        return y, dy


TIMES = np.linspace(0, 10, 15)
_rng = np.random.default_rng(3)
DATA = {
    False: Decay().simulate([2, 0.3], TIMES) * _rng.lognormal(0, 0.2, 15),
    True: Trio().simulate([1.5, 0.4], TIMES) * _rng.lognormal(0, 0.2, (15, 3)),
}
LOWER = {m: np.quantile(DATA[m], 0.25, axis=0) for m in DATA}
UPPER = {m: np.quantile(DATA[m], 0.75, axis=0) for m in DATA}
# Censored data are recorded at the limits.
CENSORED = {m: np.clip(DATA[m], LOWER[m], UPPER[m]) for m in DATA}


def make_problem(lib, multi, data=None):
    data = DATA[multi] if data is None else data
    if multi:
        return lib.MultiOutputProblem(Trio(), TIMES, data)
    return lib.SingleOutputProblem(Decay(), TIMES, data)


def as2d(values):
    return np.reshape(values, (len(TIMES), -1))


norm, t_dist = scipy.stats.norm, scipy.stats.t


def ref_ar1(v, f, p):
    rho, sigma = p
    e = v - f
    return norm.logpdf(e[1:] - rho * e[:-1], 0, sigma * np.sqrt(1 - rho**2)).sum()


def ref_arma11(v, f, p):
    rho, phi, sigma = p
    e = v - f
    w = e[1:] - rho * e[:-1]
    s = sigma * np.sqrt((1 - rho**2) / (1 + 2 * phi * rho + phi**2))
    return norm.logpdf(w[1:] - phi * w[:-1], 0, s).sum()


def ref_censored(v, f, p, multi):
    (sigma,) = p
    lo, hi = LOWER[multi], UPPER[multi]
    value = np.where(
        v <= lo,
        norm.logcdf(lo, f, sigma),
        np.where(v >= hi, norm.logsf(hi, f, sigma), norm.logpdf(v, f, sigma)),
    )
    return value.sum()


@dataclass
class Case:
    name: str
    slots: list  # one (low, high) range per noise parameter per output
    blocked: bool = False  # blocks of one kind per output (else interleaved)
    reference: Callable | None = None  # scipy value from (values, model, noise)
    s1: bool = False
    kwargs: Callable = field(default=lambda multi: {})
    censored: bool = False
    pints_rtol: float = 1e-12


SIGMA = (0.05, 3.0)
CASES = [
    Case(
        "GaussianLogLikelihood",
        [SIGMA],
        reference=lambda v, f, p, m: norm.logpdf(v, f, p[0]).sum(),
        s1=True,
    ),
    Case(
        "GaussianKnownSigmaLogLikelihood",
        [],
        reference=lambda v, f, p, m: norm.logpdf(
            v, f, [0.3, 0.5, 0.7][: v.shape[1]]
        ).sum(),
        s1=True,
        kwargs=lambda multi: {"sigma": [0.3, 0.5, 0.7] if multi else 0.3},
    ),
    Case(
        "CauchyLogLikelihood",
        [SIGMA],
        reference=lambda v, f, p, m: scipy.stats.cauchy.logpdf(v, f, p[0]).sum(),
    ),
    Case(
        "StudentTLogLikelihood",
        [(0.5, 30.0), SIGMA],
        reference=lambda v, f, p, m: t_dist.logpdf(v, p[0], f, p[1]).sum(),
    ),
    Case(
        "AR1LogLikelihood",
        [(-0.95, 0.95), SIGMA],
        reference=lambda v, f, p, m: ref_ar1(v, f, p),
    ),
    Case(
        "ARMA11LogLikelihood",
        [(-0.95, 0.95), (-0.9, 0.9), SIGMA],
        reference=lambda v, f, p, m: ref_arma11(v, f, p),
    ),
    Case(
        "MultiplicativeGaussianLogLikelihood",
        [(-1.0, 2.0), SIGMA],
        reference=lambda v, f, p, m: norm.logpdf(v, f, f ** p[0] * p[1]).sum(),
    ),
    Case(
        "ConstantAndMultiplicativeGaussianLogLikelihood",
        [SIGMA, (-1.0, 2.0), SIGMA],
        blocked=True,
        reference=lambda v, f, p, m: norm.logpdf(v, f, p[0] + p[2] * f ** p[1]).sum(),
        s1=True,
    ),
    Case(
        "LogNormalLogLikelihood",
        [SIGMA],
        reference=lambda v, f, p, m: scipy.stats.lognorm.logpdf(v, p[0], scale=f).sum(),
        s1=True,
    ),
    Case(
        "LogNormalLogLikelihood",
        [SIGMA],
        reference=lambda v, f, p, m: scipy.stats.lognorm.logpdf(
            v, p[0], scale=f * np.exp(-0.5 * p[0] ** 2)
        ).sum(),
        s1=True,
        kwargs=lambda multi: {"mean_adjust": True},
    ),
    Case(
        "CensoredGaussianLogLikelihood",
        [SIGMA],
        reference=lambda v, f, p, m: ref_censored(v, f, p, m),
        s1=True,
        kwargs=lambda multi: {"lower": LOWER[multi], "upper": UPPER[multi]},
        censored=True,
        # PINTS takes log(1 - Phi), which loses digits in the upper tail.
        pints_rtol=1e-6,
    ),
    Case("GaussianIntegratedLogUniformLogLikelihood", []),
    Case(
        "GaussianIntegratedUniformLogLikelihood",
        [],
        kwargs=lambda multi: {"lower": 0.1, "upper": [1.0, 2.0, 3.0] if multi else 2.0},
    ),
]
CASE_IDS = [
    c.name.replace("LogLikelihood", "") + ("-adjusted" if i == 9 else "")
    for i, c in enumerate(CASES)
]


def build(lib, case, multi):
    data = CENSORED[multi] if case.censored else None
    problem = make_problem(lib, multi, data)
    return getattr(lib, case.name)(problem, **case.kwargs(multi)), problem


@st.composite
def points(draw, case, multi):
    """A full parameter vector and the noise parameters as a (k, n_o) array."""
    n_outputs = 3 if multi else 1
    theta = [draw(st.floats(0.5, 3.0)), draw(st.floats(0.05, 1.0))]
    noise = np.array(
        [[draw(st.floats(lo, hi)) for _ in range(n_outputs)] for lo, hi in case.slots]
    ).reshape(len(case.slots), n_outputs)
    flat = noise.ravel() if case.blocked else noise.T.ravel()
    return np.concatenate([theta, flat]), theta, noise


def pints_is_accurate(case, v, f, noise, multi):
    """PINTS's censored likelihood takes log(Phi) and log(1 - Phi): it loses
    digits (and reaches -inf) far into the tails, so compare only nearby."""
    if not case.censored:
        return True
    lo, hi, sigma = LOWER[multi], UPPER[multi], noise[0]
    z = np.where(v <= lo, (lo - f) / sigma, np.where(v >= hi, (f - hi) / sigma, 0))
    return bool(np.all(z > -3))


def check_settings(f):
    return settings(max_examples=12, deadline=None)(f)


def central_differences(f, x, rel=1e-6):
    x = np.asarray(x, dtype=float)
    g = np.empty_like(x)
    for i in range(len(x)):
        h = rel * max(1.0, abs(x[i]))
        up, down = x.copy(), x.copy()
        up[i] += h
        down[i] -= h
        g[i] = (f(up) - f(down)) / (2 * h)
    return g


@pytest.mark.filterwarnings("ignore::RuntimeWarning:pints")
@pytest.mark.parametrize("multi", [False, True], ids=["single", "multi"])
@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_values_match_scipy_and_pints(case, multi):
    ours, problem = build(paramfit, case, multi)
    ref, _ = build(pints, case, multi)
    n_outputs = 3 if multi else 1
    assert ours.n_parameters() == ref.n_parameters() == 2 + len(case.slots) * n_outputs
    assert ours.problem() is problem
    assert isinstance(ours, paramfit.ProblemLogLikelihood)

    @check_settings
    @given(points(case, multi))
    def check(point):
        x, theta, noise = point
        value = ours(x)
        v, f = as2d(problem.values()), as2d(problem.evaluate(theta))
        if pints_is_accurate(case, v, f, noise, multi):
            assert value == pytest.approx(float(np.sum(ref(x))), rel=case.pints_rtol)
        if case.reference is not None:
            expected = case.reference(v, f, noise, multi)
            assert value == pytest.approx(expected, rel=1e-12, abs=1e-10)
        assert ours(list(x)) == value

    check()


@pytest.mark.parametrize("multi", [False, True], ids=["single", "multi"])
@pytest.mark.parametrize("case", [c for c in CASES if c.s1], ids=lambda c: c.name)
def test_gradients_match_finite_differences_and_pints(case, multi):
    ours, _ = build(paramfit, case, multi)
    ref, _ = build(pints, case, multi)

    @check_settings
    @given(points(case, multi))
    def check(point):
        x = point[0]
        value, gradient = ours.evaluateS1(x)
        assert value == pytest.approx(ours(x), rel=1e-13)
        assert gradient.shape == (ours.n_parameters(),)
        expected = central_differences(ours, x)
        np.testing.assert_allclose(gradient, expected, rtol=2e-5, atol=1e-5)
        theta, noise = point[1:]
        v, f = as2d(ours.problem().values()), as2d(ours.problem().evaluate(theta))
        if case.censored or not pints_is_accurate(case, v, f, noise, multi):
            # PINTS 0.6.1's censored gradient is wrong (data beyond the limits,
            # or single output) or fails (n_outputs != n_parameters); the
            # finite differences above are the reference.
            return
        ref_value, ref_gradient = ref.evaluateS1(x)
        assert value == pytest.approx(ref_value, rel=case.pints_rtol)
        np.testing.assert_allclose(gradient, ref_gradient, rtol=1e-9, atol=1e-9)

    check()


NOISY = [c for c in CASES if c.slots]


@pytest.mark.parametrize("case", NOISY, ids=lambda c: c.name)
@pytest.mark.parametrize("bad", [0.0, -1.0, np.nan, np.inf])
def test_invalid_scales_give_minus_infinity(case, bad):
    ours, _ = build(paramfit, case, True)
    x = np.array([1.0, 0.3] + [0.5] * (len(case.slots) * 3))
    x[-1] = bad  # the last parameter is always a scale
    if case.blocked:  # sigma_tot = sigma_base + sigma_rel f^eta
        x[2:5] = bad
    assert ours(x) == -np.inf
    if case.s1:
        value, gradient = ours.evaluateS1(x)
        assert value == -np.inf and np.isnan(gradient).all()


@pytest.mark.parametrize("multi", [False, True], ids=["single", "multi"])
@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_nan_anywhere_gives_minus_infinity(case, multi):
    """A NaN model parameter (so NaN model output) or noise parameter never
    gives NaN, and no warnings are raised."""
    ours, _ = build(paramfit, case, multi)
    n_noise = ours.n_parameters() - 2
    points = [[np.nan, 0.3] + [0.5] * n_noise]
    if n_noise:
        points.append([1.0, 0.3] + [np.nan] * n_noise)
    for x in points:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            assert ours(x) == -np.inf
            if case.s1:
                value, gradient = ours.evaluateS1(x)
                assert value == -np.inf and np.isnan(gradient).all()


@pytest.mark.parametrize("name", ["AR1LogLikelihood", "ARMA11LogLikelihood"])
@pytest.mark.parametrize("rho", [1.0, -1.5, np.nan])
def test_autocorrelations_outside_the_unit_interval_give_minus_infinity(name, rho):
    ours = getattr(paramfit, name)(make_problem(paramfit, False))
    noise = [rho, 0.5] if name == "AR1LogLikelihood" else [rho, 0.2, 0.5]
    assert ours([1.0, 0.3] + noise) == -np.inf


@pytest.mark.parametrize("nu", [0.0, -1.0, np.inf, np.nan])
def test_student_t_degrees_of_freedom_must_be_positive_and_finite(nu):
    ours = paramfit.StudentTLogLikelihood(make_problem(paramfit, False))
    assert ours([1.0, 0.3, nu, 0.5]) == -np.inf


def test_log_normal_rejects_non_positive_model_output():
    ours = paramfit.LogNormalLogLikelihood(make_problem(paramfit, False))
    # a = -1: the model output a exp(-bt) + 0.5 turns negative
    assert ours([-1.0, 0.01, 0.5]) == -np.inf
    value, gradient = ours.evaluateS1([-1.0, 0.01, 0.5])
    assert value == -np.inf and np.isnan(gradient).all()


def test_integrated_log_uniform_differs_from_the_integral_by_a_constant():
    """Up to PINTS's constant, the value is log of the integral over sigma of
    the Gaussian likelihood times 1/sigma."""
    ours = paramfit.GaussianIntegratedLogUniformLogLikelihood(
        make_problem(paramfit, False)
    )
    n = len(TIMES)
    offsets = []
    for theta in ([2.0, 0.3], [1.0, 0.1], [2.5, 0.8]):
        e = DATA[False] - Decay().simulate(theta, TIMES)
        offsets.append(ours(theta) - log_integral(e, 0, np.inf, lambda s: 1 / s))
    # PINTS's constant is -(n - 2)/2 log 2 where the integral has -n/2 log pi - log 2.
    expected = -(n - 2) / 2 * np.log(2) + n / 2 * np.log(np.pi) + np.log(2)
    np.testing.assert_allclose(offsets, expected, rtol=1e-8)


def test_integrated_uniform_equals_the_integral():
    ours = paramfit.GaussianIntegratedUniformLogLikelihood(
        make_problem(paramfit, True), 0.1, [1.0, 2.0, 3.0]
    )
    bounds = [(0.1, 1.0), (0.1, 2.0), (0.1, 3.0)]
    for theta in ([1.5, 0.4], [1.0, 0.2]):
        e = DATA[True] - Trio().simulate(theta, TIMES)
        expected = sum(
            log_integral(e[:, j], a, b, lambda s, a=a, b=b: 1 / (b - a))
            for j, (a, b) in enumerate(bounds)
        )
        assert ours(theta) == pytest.approx(expected, rel=1e-8)
    # A lower bound of 0 drops the second incomplete gamma function.
    zero = paramfit.GaussianIntegratedUniformLogLikelihood(
        make_problem(paramfit, False), 0, 2
    )
    e = DATA[False] - Decay().simulate([2, 0.3], TIMES)
    expected = log_integral(e, 0, 2, lambda s: 0.5)
    assert zero([2, 0.3]) == pytest.approx(expected, rel=1e-8)


def log_integral(e, a, b, prior):
    """log of the integral over sigma in (a, b) of N(e | 0, sigma) prior(sigma)."""

    def log_f(s):
        return norm.logpdf(e, 0, s).sum() + np.log(prior(s))

    peak = np.sqrt(np.mean(e**2))
    top = log_f(peak if a < peak < b else 0.5 * (a + b))
    value, _ = scipy.integrate.quad(lambda s: np.exp(log_f(s) - top), a, b, limit=200)
    return np.log(value) + top


def raises(message):
    return pytest.raises(ValueError, match="^" + re.escape(message) + "$")


def test_known_sigma_validation():
    problem = make_problem(paramfit, True)
    with raises("Sigma must be a scalar or a vector of length n_outputs."):
        paramfit.GaussianKnownSigmaLogLikelihood(problem, [1, 2])
    for bad in (0, -1, [1, 0, 1], np.nan):
        with raises("Standard deviation must be greater than zero."):
            paramfit.GaussianKnownSigmaLogLikelihood(problem, bad)


def test_log_normal_requires_positive_data():
    data = DATA[False].copy()
    data[3] = 0
    with raises("All data points must exceed zero."):
        paramfit.LogNormalLogLikelihood(make_problem(paramfit, False, data))


def test_censored_validation_and_printing(capsys):
    problem = make_problem(paramfit, True)
    with raises("Lower limit must be a  scalar or a vector of length n_outputs."):
        paramfit.CensoredGaussianLogLikelihood(problem, [1, 2])
    with raises("Upper limit must be a  scalar or a vector of length n_outputs."):
        paramfit.CensoredGaussianLogLikelihood(problem, 0, [1, 2])
    with raises("Upper limit must exceed lower limit."):
        paramfit.CensoredGaussianLogLikelihood(problem, 1, [2, 1, 2])
    # No limits: the plain Gaussian log-likelihood.
    plain = paramfit.CensoredGaussianLogLikelihood(problem)
    gaussian = paramfit.GaussianLogLikelihood(problem)
    x = [1.2, 0.3, 0.5, 0.6, 0.7]
    assert plain(x) == pytest.approx(gaussian(x), rel=1e-13)
    censored = paramfit.CensoredGaussianLogLikelihood(
        make_problem(paramfit, False, [0.0, 1.0, 2.0] + [1.0] * 12), 0.5, 1.5
    )
    censored.print_censored_values()
    out = capsys.readouterr().out
    assert "lower censored values are [0.]" in out
    assert "upper censored values are [2.]" in out


def test_integrated_uniform_validation():
    problem = make_problem(paramfit, True)
    start = "Lower limit on uniform prior for sigma "
    with raises(start + "must be a  scalar or a vector of length n_outputs."):
        paramfit.GaussianIntegratedUniformLogLikelihood(problem, [0, 1], 2)
    with raises(start + "must be non-negative."):
        paramfit.GaussianIntegratedUniformLogLikelihood(problem, -1, 2)
    start = "Upper limit on uniform prior for sigma "
    with raises(start + "must be a  scalar or a vector of length n_outputs."):
        paramfit.GaussianIntegratedUniformLogLikelihood(problem, 0, [1, 2])
    with raises(start + "must be positive."):
        paramfit.GaussianIntegratedUniformLogLikelihood(problem, 0, 0)
    with raises(start + "must exceed lower limit."):
        paramfit.GaussianIntegratedUniformLogLikelihood(problem, 2, [3, 1, 3])


@pytest.mark.parametrize(
    "name, new, args",
    [
        ("KnownNoiseLogLikelihood", "GaussianKnownSigmaLogLikelihood", (0.5,)),
        ("UnknownNoiseLogLikelihood", "GaussianLogLikelihood", ()),
    ],
)
def test_deprecated_aliases_warn_on_every_construction(name, new, args):
    problem = make_problem(paramfit, False)
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        for _ in range(2):
            e = getattr(paramfit, name)(problem, *args)
    assert len(w) == 2 and all(issubclass(i.category, UserWarning) for i in w)
    assert "deprecated" in str(w[-1].message) and new in str(w[-1].message)
    assert w[-1].filename == __file__
    assert isinstance(e, getattr(paramfit, new))


def test_scaled_log_likelihood():
    for multi in (False, True):
        problem = make_problem(paramfit, multi)
        base = paramfit.GaussianLogLikelihood(problem)
        scaled = paramfit.ScaledLogLikelihood(base)
        assert scaled.n_parameters() == base.n_parameters()  # noise included
        assert scaled.problem() is problem
        x = [1.2, 0.3] + [0.4] * problem.n_outputs()
        n = problem.values().size
        assert scaled(x) == pytest.approx(base(x) / n, rel=1e-15)
        value, gradient = scaled.evaluateS1(x)
        np.testing.assert_allclose(gradient, base.evaluateS1(x)[1] / n, rtol=1e-15)
        ref = pints.ScaledLogLikelihood(
            pints.GaussianLogLikelihood(make_problem(pints, multi))
        )
        assert value == pytest.approx(ref(x), rel=1e-13)
    with raises("Given log_likelihood must extend pints.ProblemLogLikelihood"):
        paramfit.ScaledLogLikelihood(paramfit.GaussianLogPrior(0, 1))


def test_sum_of_independent_log_likelihoods():
    def both(lib):
        p1, p2 = make_problem(lib, False), make_problem(lib, False, DATA[False] * 1.1)
        return [lib.GaussianLogLikelihood(p1), lib.GaussianLogLikelihood(p2)]

    ours = paramfit.SumOfIndependentLogLikelihoods(both(paramfit))
    ref = pints.SumOfIndependentLogLikelihoods(both(pints))
    x = [1.5, 0.2, 0.3]
    assert ours.n_parameters() == 3
    assert ours(x) == pytest.approx(ref(x), rel=1e-14)
    value, gradient = ours.evaluateS1(x)
    np.testing.assert_allclose(gradient, ref.evaluateS1(x)[1], rtol=1e-12)
    e = both(paramfit)
    with raises(
        "SumOfIndependentLogLikelihoods requires at least two log-likelihoods."
    ):
        paramfit.SumOfIndependentLogLikelihoods(e[:1])
    with pytest.raises(ValueError, match="must be instances of pints.LogLikelihood"):
        paramfit.SumOfIndependentLogLikelihoods([e[0], paramfit.GaussianLogPrior(0, 1)])
    other = paramfit.GaussianKnownSigmaLogLikelihood(make_problem(paramfit, False), 1)
    with pytest.raises(ValueError, match="must have the same dimension"):
        paramfit.SumOfIndependentLogLikelihoods([e[0], other])
    with pytest.warns(UserWarning, match="deprecated"):
        paramfit.SumOfIndependentLogPDFs(e)


def test_pooled_log_likelihood_matches_pints():
    def parts(lib):
        return [
            lib.GaussianLogLikelihood(make_problem(lib, False, DATA[False] * k))
            for k in (1.0, 1.1, 0.9)
        ]

    pooled = [False, True, True]
    ours = paramfit.PooledLogLikelihood(parts(paramfit), pooled)
    ref = pints.PooledLogLikelihood(parts(pints), pooled)
    assert ours.n_parameters() == ref.n_parameters() == 5
    x = [1.5, 2.0, 2.5, 0.3, 0.4]
    assert ours(x) == pytest.approx(ref(x), rel=1e-14)
    value, gradient = ours.evaluateS1(x)
    np.testing.assert_allclose(gradient, ref.evaluateS1(x)[1], rtol=1e-12)
    np.testing.assert_allclose(gradient, central_differences(ours, x), rtol=1e-5)
    # Nothing pooled: a sum over separate parameter blocks.
    separate = paramfit.PooledLogLikelihood(parts(paramfit)[:2], [False] * 3)
    assert separate.n_parameters() == 6
    with pytest.warns(UserWarning, match="deprecated"):
        paramfit.PooledLogPDF(parts(paramfit), pooled)


def test_pooled_log_likelihood_validation():
    e = [
        paramfit.GaussianLogLikelihood(make_problem(paramfit, False)) for _ in range(2)
    ]
    with raises("PooledLogLikelihood requires at least two log-likelihoods."):
        paramfit.PooledLogLikelihood(e[:1], [True] * 3)
    with pytest.raises(ValueError, match="must be instances of pints.LogLikelihood"):
        paramfit.PooledLogLikelihood([e[0], 1], [True] * 3)
    with pytest.raises(ValueError, match="have same dimension"):
        paramfit.PooledLogLikelihood(
            [e[0], paramfit.GaussianLogLikelihood(make_problem(paramfit, True))],
            [True] * 3,
        )
    with pytest.raises(ValueError, match="needs to have the same length"):
        paramfit.PooledLogLikelihood(e, [True, False])
    with pytest.raises(ValueError, match="has to contain booleans exclusively"):
        paramfit.PooledLogLikelihood(e, [1, 0, 1])


def test_values_are_plain_scalars_and_inputs_may_be_lists():
    problem = make_problem(paramfit, False)
    e: Any = paramfit.GaussianLogLikelihood(problem)
    value = e([1.2, 0.3, 0.5])
    assert np.ndim(value) == 0 and isinstance(value, float)
    e = paramfit.GaussianKnownSigmaLogLikelihood(problem, 0.5)
    assert np.ndim(e([1.2, 0.3])) == 0
