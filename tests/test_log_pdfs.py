"""Log-pdf base classes, LogPosterior and LogPDFBoundaries."""

from __future__ import annotations

import re

import numpy as np
import pints
import pints.toy
import pytest

import paramfit
import paramfit.toy


def raises(message):
    return pytest.raises(ValueError, match="^" + re.escape(message) + "$")


def problem(lib):
    times = np.linspace(0, 100, 30)
    values = lib.toy.LogisticModel().simulate([0.1, 50], times) + np.sin(times)
    return lib.SingleOutputProblem(lib.toy.LogisticModel(), times, values)


class CountingLikelihood(paramfit.LogLikelihood):
    def __init__(self):
        self.calls = 0

    def __call__(self, x):
        self.calls += 1
        return -float(np.sum(np.square(x)))

    def evaluateS1(self, x):
        return self(x), -2 * np.asarray(x, dtype=float)

    def n_parameters(self):
        return 2


def test_class_hierarchy():
    assert issubclass(paramfit.LogPrior, paramfit.LogPDF)
    assert issubclass(paramfit.LogLikelihood, paramfit.LogPDF)
    assert issubclass(paramfit.ProblemLogLikelihood, paramfit.LogLikelihood)
    assert issubclass(paramfit.LogPosterior, paramfit.LogPDF)
    assert not issubclass(paramfit.LogPosterior, paramfit.LogLikelihood)
    assert issubclass(paramfit.GaussianLogLikelihood, paramfit.ProblemLogLikelihood)
    assert issubclass(paramfit.PooledLogLikelihood, paramfit.LogLikelihood)
    assert issubclass(paramfit.GaussianLogPrior, paramfit.LogPrior)


def test_base_classes_are_abstract():
    for cls in (paramfit.LogPDF, paramfit.LogLikelihood):
        f = cls()
        with pytest.raises(NotImplementedError):
            f([1])
        with pytest.raises(NotImplementedError):
            f.evaluateS1([1])
        with pytest.raises(NotImplementedError):
            f.n_parameters()


def test_unit_cube_conversions_delegate_to_the_distribution_functions():
    class Half(paramfit.LogPrior):
        def cdf(self, x):
            return ("cdf", x)

        def icdf(self, p):
            return ("icdf", p)

    assert Half().convert_to_unit_cube(3) == ("cdf", 3)
    assert Half().convert_from_unit_cube(0.5) == ("icdf", 0.5)


def test_problem_log_likelihood_caches_the_problem():
    p = problem(paramfit)
    f = paramfit.ProblemLogLikelihood(p)
    assert f.problem() is p and f.n_parameters() == 2
    assert f._values is p.values() and f._times is p.times()
    with pytest.raises(NotImplementedError):
        f([0.1, 50])


def test_log_posterior_matches_pints():
    def build(lib):
        prior = lib.ComposedLogPrior(
            lib.GaussianLogPrior(0.1, 0.05), lib.UniformLogPrior(0, 100)
        )
        return lib.LogPosterior(
            lib.GaussianKnownSigmaLogLikelihood(problem(lib), 1.5), prior
        )

    ours, ref = build(paramfit), build(pints)
    assert ours.n_parameters() == 2
    assert isinstance(ours.log_prior(), paramfit.ComposedLogPrior)
    assert isinstance(ours.log_likelihood(), paramfit.GaussianKnownSigmaLogLikelihood)
    for x in ([0.1, 50], [0.12, 45], [0.12, 120]):
        assert ours(x) == pytest.approx(ref(x), rel=1e-13)
    value, gradient = ours.evaluateS1([0.12, 45])
    ref_value, ref_gradient = ref.evaluateS1([0.12, 45])
    assert value == pytest.approx(ref_value, rel=1e-13)
    np.testing.assert_allclose(gradient, ref_gradient, rtol=1e-10)


def test_log_posterior_skips_the_likelihood_outside_the_prior():
    likelihood = CountingLikelihood()
    posterior = paramfit.LogPosterior(
        likelihood, paramfit.UniformLogPrior([0, 0], [1, 1])
    )
    assert posterior([2, 0.5]) == -np.inf and likelihood.calls == 0
    assert posterior([0.5, 0.5]) == -0.5 and likelihood.calls == 1
    # evaluateS1 has no short cut: both gradients are added.
    value, gradient = posterior.evaluateS1([0.5, 0.25])
    assert value == -0.3125 and gradient.tolist() == [-1.0, -0.5]
    value, _ = posterior.evaluateS1([2, 0.5])
    assert value == -np.inf and likelihood.calls == 3


def test_log_posterior_validation():
    likelihood = CountingLikelihood()
    prior = paramfit.UniformLogPrior([0, 0], [1, 1])
    with raises("Given prior must extend pints.LogPrior."):
        paramfit.LogPosterior(likelihood, likelihood)
    with raises("Given prior must extend pints.LogPrior."):  # checked first
        paramfit.LogPosterior(prior, pints.UniformLogPrior([0, 0], [1, 1]))
    with raises("Given log_likelihood must extend pints.LogLikelihood."):
        paramfit.LogPosterior(prior, prior)
    with raises("Given log_prior and log_likelihood must have same dimension."):
        paramfit.LogPosterior(likelihood, paramfit.UniformLogPrior([0], [1]))


def test_probability_based_error_of_a_posterior():
    posterior = paramfit.LogPosterior(
        CountingLikelihood(),
        paramfit.ComposedLogPrior(*[paramfit.GaussianLogPrior(0, 1)] * 2),
    )
    e = paramfit.ProbabilityBasedError(posterior)
    value, gradient = e.evaluateS1([0.5, -1])
    assert value == -posterior([0.5, -1]) and gradient.tolist() == [1.5, -3.0]


def test_log_pdf_boundaries():
    prior = paramfit.GaussianLogPrior(0, 1, rng=3)
    b = paramfit.LogPDFBoundaries(prior)
    assert b.n_parameters() == 1 and b.check([100])
    b = paramfit.LogPDFBoundaries(prior, threshold=prior([1]))
    assert b.check([0.5]) and not b.check([1]) and not b.check([-1.5])  # strict
    samples = b.sample(50)
    assert samples.shape == (50, 1)
    assert not all(b.check(x) for x in samples)  # not filtered by the threshold
    uniform = paramfit.LogPDFBoundaries(paramfit.UniformLogPrior([0, 0], [1, 2]))
    assert uniform.check([0.5, 1.5]) and not uniform.check([0.5, 2])
    assert uniform.check_all(np.array([[0.5, 1.5], [2, 1]])).tolist() == [True, False]
    likelihood = paramfit.LogPDFBoundaries(CountingLikelihood(), -1)
    assert likelihood.check([0.5, 0.5]) and not likelihood.check([1, 1])
    with pytest.raises(NotImplementedError):
        likelihood.sample(2)
    with raises("First argument must be a pints.LogPDF."):
        paramfit.LogPDFBoundaries(paramfit.toy.ParabolicError())
    with pytest.raises(ValueError):
        paramfit.LogPDFBoundaries(prior, "high")
