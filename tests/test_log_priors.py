"""Log-priors: values, gradients and distribution functions
against scipy.stats and PINTS 0.6.1, sample moments, bad input."""

from __future__ import annotations

import pickle
import re
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import pints
import pytest
import scipy.stats
from hypothesis import given, settings
from hypothesis import strategies as st

import paramfit


class HalfCauchy:
    """A Cauchy distribution truncated to x > 0, in scipy's terms."""

    def __init__(self, location, scale):
        self.c = scipy.stats.cauchy(location, scale)
        self.z = self.c.sf(0)

    def logpdf(self, x):
        return self.c.logpdf(x) - np.log(self.z)

    def cdf(self, x):
        return (self.c.cdf(x) - self.c.cdf(0)) / self.z

    def ppf(self, p):
        return self.c.ppf(self.c.cdf(0) + p * self.z)

    def mean(self):
        return np.nan


@dataclass
class P:
    name: str
    args: tuple
    scipy: Any
    support: tuple  # inclusive range of x to test values on
    inner: tuple  # where the density is smooth, for gradients and cdfs


PRIORS = [
    P("BetaLogPrior", (2.5, 1.5), scipy.stats.beta(2.5, 1.5), (0, 1), (0.02, 0.98)),
    P("CauchyLogPrior", (1.0, 2.0), scipy.stats.cauchy(1, 2), (-50, 50), (-50, 50)),
    P(
        "ExponentialLogPrior",
        (1.5,),
        scipy.stats.expon(scale=1 / 1.5),
        (0, 20),
        (0.01, 10),
    ),
    P(
        "GammaLogPrior",
        (2.0, 3.0),
        scipy.stats.gamma(2, scale=1 / 3),
        (0, 20),
        (0.01, 5),
    ),
    P("GaussianLogPrior", (1.0, 2.0), scipy.stats.norm(1, 2), (-20, 20), (-8, 10)),
    P("HalfCauchyLogPrior", (1.0, 2.0), HalfCauchy(1, 2), (1e-9, 60), (0.01, 60)),
    P(
        "InverseGammaLogPrior",
        (3.0, 2.0),
        scipy.stats.invgamma(3, scale=2),
        (1e-3, 20),
        (0.05, 20),
    ),
    P(
        "LogNormalLogPrior",
        (0.5, 0.8),
        scipy.stats.lognorm(0.8, scale=np.exp(0.5)),
        (1e-6, 40),
        (0.05, 30),
    ),
    P(
        "LogUniformLogPrior",
        (0.1, 10.0),
        scipy.stats.loguniform(0.1, 10),
        (0.1, 10),
        (0.11, 9.9),
    ),
    P(
        "StudentTLogPrior",
        (1.0, 4.0, 2.0),
        scipy.stats.t(4, 1, 2),
        (-50, 50),
        (-30, 30),
    ),
    P(
        "TruncatedGaussianLogPrior",
        (1.0, 2.0, -1.0, 4.0),
        scipy.stats.truncnorm(-1, 1.5, 1, 2),
        (-1, 4),
        (-0.99, 3.99),
    ),
]
IDS = [p.name for p in PRIORS]


def both(p):
    return getattr(paramfit, p.name)(*p.args), getattr(pints, p.name)(*p.args)


def central_difference(f, x, h=1e-6):
    h = h * max(1.0, abs(x))
    return (f([x + h]) - f([x - h])) / (2 * h)


@pytest.mark.parametrize("p", PRIORS, ids=IDS)
def test_values_match_scipy_and_pints(p):
    ours, ref = both(p)
    assert ours.n_parameters() == 1 and isinstance(ours, paramfit.LogPrior)

    @settings(max_examples=25, deadline=None)
    @given(st.floats(*p.support))
    def check(x):
        value = ours([x])
        assert isinstance(value, float)
        expected = p.scipy.logpdf(x)
        assert value == pytest.approx(expected, rel=1e-12, abs=1e-13)
        assert value == pytest.approx(float(np.sum(ref([x]))), rel=1e-12, abs=1e-13)
        assert ours(np.array([x])) == value

    check()


@pytest.mark.filterwarnings("ignore::RuntimeWarning:scipy")
@pytest.mark.parametrize("p", PRIORS, ids=IDS)
def test_outside_the_support_and_nan_give_minus_infinity(p):
    ours, _ = both(p)
    lo, hi = p.support
    outside = [
        v for v in (lo - 1, hi + 1, np.inf, -np.inf) if p.scipy.logpdf(v) == -np.inf
    ]
    for v in [*outside, np.nan]:
        assert ours([v]) == -np.inf


@pytest.mark.parametrize("p", PRIORS, ids=IDS)
def test_gradients_match_finite_differences_and_pints(p):
    ours, ref = both(p)

    @settings(max_examples=25, deadline=None)
    @given(st.floats(*p.inner))
    def check(x):
        value, gradient = ours.evaluateS1([x])
        assert value == ours([x]) and gradient.shape == (1,)
        assert gradient[0] == pytest.approx(
            central_difference(ours, x), rel=1e-5, abs=1e-6
        )
        ref_gradient = np.ravel(ref.evaluateS1(np.array([x]))[1])[0]
        assert gradient[0] == pytest.approx(ref_gradient, rel=1e-12, abs=1e-14)

    check()


@pytest.mark.parametrize("p", PRIORS, ids=IDS)
def test_distribution_functions(p):
    ours, ref = both(p)
    xs = np.linspace(*p.inner, 7)
    np.testing.assert_allclose(ours.cdf(xs), p.scipy.cdf(xs), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(ours.cdf(xs), ref.cdf(xs), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(ours.icdf(ours.cdf(xs)), xs, rtol=1e-9, atol=1e-12)
    ps = np.array([0.01, 0.2, 0.5, 0.77, 0.99])
    np.testing.assert_allclose(ours.icdf(ps), p.scipy.ppf(ps), rtol=1e-12)
    np.testing.assert_allclose(ours.icdf(ps), ref.icdf(ps), rtol=1e-12)
    np.testing.assert_allclose(ours.convert_from_unit_cube(ps), ours.icdf(ps))
    np.testing.assert_allclose(ours.convert_to_unit_cube(xs), ours.cdf(xs))
    assert np.ndim(ours.cdf(xs[3])) == 0
    mean = ours.mean()
    assert (np.isnan(mean) and np.isnan(p.scipy.mean())) or mean == pytest.approx(
        p.scipy.mean(), rel=1e-12
    )


@pytest.mark.parametrize("p", PRIORS, ids=IDS)
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_sample_moments(p, seed):
    prior = getattr(paramfit, p.name)(*p.args, rng=seed)
    n = 2000
    s = prior.sample(n)
    assert s.shape == (n, 1)
    # Kolmogorov-Smirnov against the prior's own CDF (heavy tails included).
    assert scipy.stats.kstest(s[:, 0], prior.cdf).pvalue > 1e-4
    var = p.scipy.var() if hasattr(p.scipy, "var") else np.inf
    if np.isfinite(var):
        assert abs(s.mean() - prior.mean()) < 4.5 * np.sqrt(var / n)
        kurtosis = p.scipy.stats(moments="k")
        if np.isfinite(kurtosis):
            se = var * np.sqrt((kurtosis + 2) / n)
            assert abs(s.var() - var) < 4.5 * se


@pytest.mark.parametrize("p", PRIORS, ids=IDS)
def test_samples_are_repeatable(p):
    a = getattr(paramfit, p.name)(*p.args, rng=7)
    b = getattr(paramfit, p.name)(*p.args, rng=np.random.default_rng(7))
    np.testing.assert_array_equal(a.sample(5), b.sample(5))
    state = np.random.get_state()
    try:
        np.random.seed(3)
        c = getattr(paramfit, p.name)(*p.args)
        np.random.seed(3)
        d = getattr(paramfit, p.name)(*p.args)
    finally:
        np.random.set_state(state)
    np.testing.assert_array_equal(c.sample(4), d.sample(4))
    # Pickling keeps the generator's state.
    e = pickle.loads(pickle.dumps(a))
    np.testing.assert_array_equal(a.sample(3), e.sample(3))


def raises(message):
    return pytest.raises(ValueError, match="^" + re.escape(message) + "$")


@pytest.mark.parametrize(
    "name, args, message",
    [
        ("BetaLogPrior", (0, 1), "Shape parameter a must be positive"),
        ("BetaLogPrior", (1, -1), "Shape parameter b must be positive"),
        ("CauchyLogPrior", (0, 0), "Scale must be positive"),
        ("ExponentialLogPrior", (-1,), 'Rate parameter "scale" must be positive'),
        ("GammaLogPrior", (0, 1), "Shape parameter a must be positive"),
        ("GammaLogPrior", (1, 0), "Rate parameter b must be positive"),
        ("GaussianLogPrior", (0, 0), "sd parameter must be positive"),
        ("GaussianLogPrior", (0, np.nan), "sd parameter must be positive"),
        ("HalfCauchyLogPrior", (0, -2), "Scale must be positive"),
        ("InverseGammaLogPrior", (-1, 1), "Shape parameter a must be positive"),
        ("InverseGammaLogPrior", (1, 0), "Scale parameter b must be positive"),
        ("LogNormalLogPrior", (0, 0), "Scale must be positive"),
        ("LogUniformLogPrior", (0, 1), "a must be > 0"),
        ("LogUniformLogPrior", (2, 1), "b must be > a > 0"),
        ("StudentTLogPrior", (0, 0, 1), "Degrees of freedom must be positive"),
        ("StudentTLogPrior", (0, 1, -1), "Scale must be positive"),
        (
            "TruncatedGaussianLogPrior",
            (0, 1, 2, 2),
            "Upper bound must exceed lower bound.",
        ),
        ("TruncatedGaussianLogPrior", (0, 0, 1, 2), "sd parameter must be positive"),
    ],
)
def test_bad_parameters(name, args, message):
    with raises(message):
        getattr(paramfit, name)(*args)


@pytest.mark.filterwarnings("ignore::RuntimeWarning:pints")
def test_gradient_conventions_at_the_edges_match_pints():
    for name, args, xs in [
        ("BetaLogPrior", (2.5, 1.5), [-0.5, 0.0, 1.0, 1.5]),
        ("GammaLogPrior", (2.0, 3.0), [-1.0, 0.0]),
        ("ExponentialLogPrior", (1.5,), [-1.0, 0.0]),
        ("InverseGammaLogPrior", (3.0, 2.0), [-1.0]),
        ("LogNormalLogPrior", (0.5, 0.8), [-1.0]),
        ("HalfCauchyLogPrior", (1.0, 2.0), [-1.0]),
    ]:
        ours, ref = getattr(paramfit, name)(*args), getattr(pints, name)(*args)
        for x in xs:
            value, gradient = ours.evaluateS1([x])
            ref_value, ref_gradient = ref.evaluateS1([x])
            assert value == ref_value
            np.testing.assert_allclose(gradient, ref_gradient, rtol=1e-14)
    # Outside the support of the log-uniform and truncated Gaussian: NaN.
    assert np.isnan(paramfit.LogUniformLogPrior(1, 2).evaluateS1([3])[1]).all()
    assert np.isnan(
        paramfit.TruncatedGaussianLogPrior(0, 1, 0, 1).evaluateS1([2])[1]
    ).all()


def test_truncated_gaussian_far_in_a_tail():
    prior = paramfit.TruncatedGaussianLogPrior(0, 1, 40, 41)
    expected = scipy.stats.truncnorm(40, 41).logpdf(40.5)
    assert prior([40.5]) == pytest.approx(expected, rel=1e-10)


def test_normal_log_prior_is_deprecated():
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        for _ in range(2):
            prior = paramfit.NormalLogPrior(1, 2)
    assert len(w) == 2 and "deprecated" in str(w[-1].message)
    assert issubclass(w[-1].category, UserWarning)
    assert isinstance(prior, paramfit.GaussianLogPrior)
    assert prior([1]) == paramfit.GaussianLogPrior(1, 2)([1])


def test_gaussian_gradient_follows_the_shape_of_x():
    prior = paramfit.GaussianLogPrior(1, 2)
    assert prior.evaluateS1([3.0])[1].tolist() == [-0.5]
    assert prior.evaluateS1(np.array([3.0]))[1].shape == (1,)


# -- Uniform ---------------------------------------------------------------------


def test_uniform_prior_on_rectangular_boundaries():
    prior = paramfit.UniformLogPrior([1, 2], [3, 6], rng=1)
    ref = pints.UniformLogPrior([1, 2], [3, 6])
    assert prior.n_parameters() == 2
    assert prior([2, 3]) == ref([2, 3]) == -np.log(8)
    for x in ([1, 2], [3, 3], [0, 3], [2, 6], [np.nan, 3], [2, np.inf]):
        assert prior(x) == (ref(x) if not np.isnan(x).any() else -np.inf)
    value, gradient = prior.evaluateS1([2, 3])
    assert value == -np.log(8) and gradient.tolist() == [0, 0]
    assert prior.mean().tolist() == [2, 4]
    s = prior.sample(1000)
    assert s.shape == (1000, 2) and prior.mean() == pytest.approx(
        s.mean(axis=0), rel=0.05
    )
    assert all(np.isfinite(prior(x)) for x in s)


@pytest.mark.parametrize(
    "xs",
    [0.5, [0.5], [[0.5], [2.5]], np.array([0.5]), np.array([[0.5], [2.5], [-1.0]])],
)
def test_uniform_cdf_accepts_pints_input_forms(xs):
    prior = paramfit.UniformLogPrior([0], [2])
    ref = pints.UniformLogPrior([0], [2])
    ours = prior.cdf(xs)
    if not (isinstance(xs, np.ndarray) and xs.ndim == 2):  # PINTS fails on these
        np.testing.assert_array_equal(ours, ref.cdf(xs))
        np.testing.assert_array_equal(prior.icdf(xs), ref.icdf(xs))
    np.testing.assert_array_equal(prior.icdf(prior.cdf(xs)), np.clip(ours * 2, 0, 2))


def test_uniform_cdf_and_icdf_in_several_dimensions():
    prior = paramfit.UniformLogPrior([0, 10], [2, 20])
    assert prior.cdf([1, 12.5]).tolist() == [0.5, 0.25]
    assert prior.cdf([[1, 12.5], [3, 5]]).tolist() == [[0.5, 0.25], [1, 0]]
    assert prior.icdf([[0.5, 0.25], [1.5, -1]]).tolist() == [[1, 12.5], [2, 10]]
    xs = np.array([[0.3, 17.0], [1.9, 10.1]])
    np.testing.assert_allclose(prior.icdf(prior.cdf(xs)), xs, rtol=1e-15)
    with raises("Dimensions of samples must match prior dimensions."):
        prior.cdf([1, 2, 3])
    with raises("Dimensions of samples must match prior dimensions."):
        prior.icdf(0.5)


class Disc(paramfit.Boundaries):
    def n_parameters(self):
        return 2

    def check(self, x):
        return float(np.sum(np.square(x))) < 1

    def sample(self, n=1):
        return np.zeros((n, 2))


def test_uniform_prior_on_other_boundaries():
    prior = paramfit.UniformLogPrior(Disc())
    assert prior([0.5, 0.5]) == 1 and prior([1, 1]) == -np.inf
    assert prior.sample(3).shape == (3, 2)
    with pytest.raises(NotImplementedError):
        prior.mean()
    with pytest.raises(NotImplementedError):
        prior.cdf([0.1, 0.1])
    with raises(
        "UniformLogPrior requires a lower and an upper bound, or a single"
        " Boundaries object."
    ):
        paramfit.UniformLogPrior([0, 1])
    with raises("Upper bounds must exceed lower bounds."):
        paramfit.UniformLogPrior([0, 1], [1, 1])


# -- Composed ----------------------------------------------------------------------


def test_composed_prior():
    parts = [
        paramfit.GaussianLogPrior(0, 1, rng=1),
        paramfit.UniformLogPrior([0, 0], [1, 2], rng=2),
        paramfit.GammaLogPrior(2, 3, rng=3),
    ]
    prior = paramfit.ComposedLogPrior(*parts)
    ref = pints.ComposedLogPrior(
        pints.GaussianLogPrior(0, 1),
        pints.UniformLogPrior([0, 0], [1, 2]),
        pints.GammaLogPrior(2, 3),
    )
    x = [0.3, 0.5, 1.5, 0.7]
    assert prior.n_parameters() == 4
    assert prior(x) == pytest.approx(ref(x), rel=1e-14)
    value, gradient = prior.evaluateS1(x)
    np.testing.assert_allclose(gradient, ref.evaluateS1(x)[1], rtol=1e-14)
    assert value == prior(x)
    assert prior([0.3, 1.5, 1.5, 0.7]) == -np.inf
    mean = prior.mean()
    assert mean[0] == 0 and mean[1].tolist() == [0.5, 1] and mean[2] == 2 / 3
    s = prior.sample(500)
    assert s.shape == (500, 4)
    assert np.all((s[:, 1:3] >= 0) & (s[:, 1:3] < [1, 2])) and np.all(s[:, 3] > 0)
    one_d = paramfit.ComposedLogPrior(parts[0], parts[2])
    cdf = one_d.cdf([0.0, 2 / 3])
    assert cdf[0] == 0.5 and cdf[1] == pytest.approx(
        scipy.stats.gamma(2, scale=1 / 3).cdf(2 / 3)
    )
    assert one_d.icdf([0.5, cdf[1]])[1] == pytest.approx(2 / 3)
    with raises("Must have at least one sub-prior"):
        paramfit.ComposedLogPrior()
    with raises("All sub-priors must extend pints.LogPrior."):
        paramfit.ComposedLogPrior(parts[0], pints.GaussianLogPrior(0, 1))


# -- Multivariate Gaussian ----------------------------------------------------------

MEAN = np.array([1.0, -2.0, 0.5])
COV = np.array([[2.0, 0.5, 0.3], [0.5, 1.0, -0.2], [0.3, -0.2, 0.5]])


@settings(max_examples=30, deadline=None)
@given(st.lists(st.floats(-10, 10), min_size=3, max_size=3))
def test_multivariate_gaussian_values_and_gradients(x):
    prior = paramfit.MultivariateGaussianLogPrior(MEAN, COV)
    ref = pints.MultivariateGaussianLogPrior(MEAN, COV)
    value = prior(x)
    expected = scipy.stats.multivariate_normal(MEAN, COV).logpdf(x)
    assert value == pytest.approx(expected, rel=1e-12)
    assert value == pytest.approx(ref(np.array(x)), rel=1e-12)
    v, gradient = prior.evaluateS1(x)
    assert v == value
    np.testing.assert_allclose(
        gradient, -np.linalg.solve(COV, np.array(x) - MEAN), rtol=1e-10
    )
    np.testing.assert_allclose(gradient, ref.evaluateS1(np.array(x))[1], rtol=1e-10)


def test_multivariate_gaussian_pseudo_cdf():
    prior = paramfit.MultivariateGaussianLogPrior(MEAN, COV)
    ref = pints.MultivariateGaussianLogPrior(MEAN, COV)
    xs = np.array([[1.5, -1.0, 0.0], [0.0, -2.5, 1.0]])
    u = prior.pseudo_cdf(xs)
    np.testing.assert_allclose(
        u, np.array([ref.pseudo_cdf(list(x)) for x in xs]), rtol=1e-12
    )
    np.testing.assert_allclose(prior.pseudo_icdf(u), xs, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(prior.convert_to_unit_cube(xs[0]), u[0])
    np.testing.assert_allclose(prior.convert_from_unit_cube(u[0]), xs[0], rtol=1e-10)
    np.testing.assert_allclose(
        prior.pseudo_icdf(u[1]), ref.pseudo_icdf(list(u[1])), rtol=1e-12
    )
    with raises("Dimensions of samples must match prior dimensions."):
        prior.pseudo_cdf([1, 2])


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_multivariate_gaussian_samples(seed):
    prior = paramfit.MultivariateGaussianLogPrior(MEAN, COV, rng=seed)
    s = prior.sample(4000)
    assert s.shape == (4000, 3)
    se = np.sqrt(np.diag(COV) / 4000)
    assert np.all(np.abs(s.mean(axis=0) - prior.mean()) < 4.5 * se)
    # var(s_ij) = C_ii C_jj + C_ij^2 for a Gaussian.
    se_cov = np.sqrt((np.outer(np.diag(COV), np.diag(COV)) + COV**2) / 4000)
    assert np.all(np.abs(np.cov(s.T) - COV) < 4.5 * se_cov)


def test_multivariate_gaussian_validation():
    with raises("Given covariance must be a matrix."):
        paramfit.MultivariateGaussianLogPrior([0, 0], [1, 1])
    with raises("Sizes of mean and covariance do not match."):
        paramfit.MultivariateGaussianLogPrior([0, 0], np.eye(3))
    with raises("Covariance matrix must be symmetric positive definite."):
        paramfit.MultivariateGaussianLogPrior([0, 0], [[1, 2], [2, 1]])
    with raises("Covariance matrix must be symmetric positive definite."):
        paramfit.MultivariateGaussianLogPrior([0, 0], [[1, 0.5], [0, 1]])
    prior = paramfit.MultivariateGaussianLogPrior([0, 0], np.eye(2))
    assert prior([np.nan, 0]) == -np.inf and prior([np.inf, 0]) == -np.inf
    with pytest.raises(NotImplementedError):
        prior.cdf([0, 0])


def test_base_class_methods_are_not_implemented():
    prior = paramfit.LogPrior()
    for method, args in [
        ("cdf", (0,)),
        ("icdf", (0,)),
        ("mean", ()),
        ("sample", ()),
        ("convert_to_unit_cube", (0,)),
        ("convert_from_unit_cube", (0,)),
        ("n_parameters", ()),
        ("evaluateS1", ([0],)),
    ]:
        with pytest.raises(NotImplementedError):
            getattr(prior, method)(*args)
