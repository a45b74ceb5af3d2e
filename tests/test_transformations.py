"""Transformations and transformed wrappers: round trips,
Jacobians and log-determinants against finite differences, everything
against PINTS 0.6.1, exact values PINTS's tests rely on, bad input."""

from __future__ import annotations

import re
import warnings

import numpy as np
import pints
import pints.toy
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import paramfit
import paramfit.toy


def non_elementwise(lib):
    class NonElementwiseIdentity(lib.IdentityTransformation):
        def elementwise(self):
            return False

    return NonElementwiseIdentity(1)


def composed(lib, elementwise=True):
    first = lib.IdentityTransformation(1) if elementwise else non_elementwise(lib)
    return lib.ComposedTransformation(
        first,
        lib.RectangularBoundariesTransformation([1, 2], [10, 20]),
        lib.LogTransformation(1),
    )


# name -> (constructor taking the library, model-space range per coordinate)
TRANSFORMATIONS = {
    "identity": (lambda lib: lib.IdentityTransformation(3), [(-100, 100)] * 3),
    "log": (lambda lib: lib.LogTransformation(3), [(1e-3, 1e3)] * 3),
    "logit": (lambda lib: lib.LogitTransformation(3), [(1e-3, 1 - 1e-3)] * 3),
    "rectangular": (
        lambda lib: lib.RectangularBoundariesTransformation([1, 2, -5], [10, 20, 5]),
        [(1.01, 9.99), (2.01, 19.99), (-4.99, 4.99)],
    ),
    "scaling": (
        lambda lib: lib.ScalingTransformation([2, -0.5, 10], [1, 2, 3]),
        [(-100, 100)] * 3,
    ),
    "unit-cube": (
        lambda lib: lib.UnitCubeTransformation([-1, 2, -3], [0, 4, -1]),
        [(-1, 0), (2, 4), (-3, -1)],
    ),
    "composed": (composed, [(-10, 10), (1.01, 9.99), (2.01, 19.99), (1e-3, 1e3)]),
    "composed-general": (
        lambda lib: composed(lib, False),
        [(-10, 10), (1.01, 9.99), (2.01, 19.99), (1e-3, 1e3)],
    ),
}
NAMES = list(TRANSFORMATIONS)


def model_points(name):
    ranges = TRANSFORMATIONS[name][1]
    return st.tuples(*[st.floats(lo, hi) for lo, hi in ranges]).map(np.array)


def both(name):
    make = TRANSFORMATIONS[name][0]
    return make(paramfit), make(pints)


def fd_jacobian(f, q, rel=1e-6):
    """Central differences of a vector function: column j is df/dq_j."""
    q = np.asarray(q, dtype=float)
    columns = []
    for j in range(len(q)):
        h = rel * max(1.0, abs(q[j]))
        up, down = q.copy(), q.copy()
        up[j] += h
        down[j] -= h
        columns.append((np.asarray(f(up)) - np.asarray(f(down))) / (2 * h))
    return np.stack(columns, axis=-1)


check_settings = settings(max_examples=20, deadline=None)


@pytest.mark.parametrize("name", NAMES)
def test_round_trips(name):
    t, _ = both(name)

    @check_settings
    @given(model_points(name))
    def check(p):
        q = t.to_search(p)
        assert q.shape == p.shape
        np.testing.assert_allclose(t.to_model(q), p, rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(t.to_search(t.to_model(q)), q, rtol=1e-9, atol=1e-9)

    check()


@pytest.mark.parametrize("name", NAMES)
def test_derivatives_match_finite_differences(name):
    t, _ = both(name)
    n = t.n_parameters()

    @check_settings
    @given(model_points(name))
    def check(p):
        q = t.to_search(p)
        jac = t.jacobian(q)
        assert jac.shape == (n, n)
        np.testing.assert_allclose(
            jac, fd_jacobian(t.to_model, q), rtol=1e-6, atol=1e-8
        )
        jac1, jac_S1 = t.jacobian_S1(q)
        np.testing.assert_array_equal(jac1, jac)
        assert jac_S1.shape == (n, n, n)
        # dJ[i] = dJ/dq_i, so the finite differences' last axis comes first.
        expected = np.moveaxis(fd_jacobian(t.jacobian, q), -1, 0)
        np.testing.assert_allclose(jac_S1, expected, rtol=1e-5, atol=1e-7)
        log_det = t.log_jacobian_det(q)
        assert log_det == pytest.approx(
            np.log(abs(np.linalg.det(jac))), rel=1e-10, abs=1e-12
        )
        value, d = t.log_jacobian_det_S1(q)
        assert value == pytest.approx(log_det, rel=1e-14, abs=1e-15)
        np.testing.assert_allclose(
            d, fd_jacobian(t.log_jacobian_det, q), rtol=1e-5, atol=1e-7
        )

    check()


@pytest.mark.parametrize("name", NAMES)
def test_matches_pints(name):
    t, ref = both(name)
    assert t.n_parameters() == ref.n_parameters()
    assert t.elementwise() == ref.elementwise()
    assert t.elementwise() == (name != "composed-general")

    @check_settings
    @given(model_points(name))
    def check(p):
        q = t.to_search(p)
        np.testing.assert_allclose(q, ref.to_search(p), rtol=1e-12, atol=1e-13)
        np.testing.assert_allclose(
            t.to_model(q), ref.to_model(q), rtol=1e-14, atol=1e-14
        )
        np.testing.assert_allclose(t.jacobian(q), ref.jacobian(q), rtol=1e-12)
        np.testing.assert_allclose(
            t.jacobian_S1(q)[1], ref.jacobian_S1(q)[1], rtol=1e-10, atol=1e-14
        )
        assert t.log_jacobian_det(q) == pytest.approx(
            ref.log_jacobian_det(q), rel=1e-12
        )
        np.testing.assert_allclose(
            t.log_jacobian_det_S1(q)[1],
            ref.log_jacobian_det_S1(q)[1],
            rtol=1e-9,
            atol=1e-12,
        )
        s = np.linspace(0.5, 2, len(p))
        np.testing.assert_allclose(
            t.convert_standard_deviation(s, q),
            ref.convert_standard_deviation(s, q),
            rtol=1e-12,
        )
        np.testing.assert_allclose(
            t.convert_standard_deviation(0.1, q),
            ref.convert_standard_deviation(0.1, q),
            rtol=1e-12,
        )
        cov = np.diag(s**2) + 0.1
        np.testing.assert_allclose(
            t.convert_covariance_matrix(cov, q),
            ref.convert_covariance_matrix(cov, q),
            rtol=1e-12,
        )

    check()


@pytest.mark.parametrize("name", NAMES)
def test_converted_rectangular_boundaries_match_pints(name):
    t, ref = both(name)
    ranges = np.array(TRANSFORMATIONS[name][1])
    lower, upper = ranges[:, 0], ranges[:, 1]
    ours = t.convert_boundaries(paramfit.RectangularBoundaries(lower, upper))
    theirs = ref.convert_boundaries(pints.RectangularBoundaries(lower, upper))
    assert type(ours).__name__ == type(theirs).__name__
    if t.elementwise():
        assert isinstance(ours, paramfit.TransformedRectangularBoundaries)
        np.testing.assert_allclose(ours.lower(), theirs.lower(), rtol=1e-14)
        np.testing.assert_allclose(ours.upper(), theirs.upper(), rtol=1e-14)
    else:
        assert isinstance(ours, paramfit.TransformedBoundaries)
    mid = 0.5 * (lower + upper)
    assert ours.check(t.to_search(mid)) and theirs.check(ref.to_search(mid))
    samples = ours.sample(4)
    assert isinstance(samples, list) and len(samples) == 4
    assert all(ours.check(q) for q in samples)


def test_values_pints_tests_compare_exactly():
    q = [0.1, -2.8332133440562162, 0.9555114450274365, 6.9067547786485539]
    general = composed(paramfit, elementwise=False)
    assert general.log_jacobian_det(q) == 7.4404646962481324
    np.testing.assert_allclose(
        general.jacobian(q),
        np.diag([1.0, 0.4722222222222225, 3.6111111111111098, 999.0]),
    )
    np.testing.assert_allclose(
        general.log_jacobian_det_S1(q)[1],
        [0.0, 0.8888888888888888, -0.4444444444444445, 1.0],
    )
    np.testing.assert_allclose(
        np.diagonal(np.diagonal(general.jacobian_S1(q)[1])),
        [0.0, 0.4197530864197533, -1.6049382716049378, 999.0],
    )
    scaling = paramfit.ScalingTransformation(
        1.0 / np.array([-177.0, 0.333, 10.0, 99.99])
    )
    assert scaling.log_jacobian_det(q) == 10.9841922175539395
    value, d = scaling.log_jacobian_det_S1(q)
    assert value == 10.9841922175539395 and np.all(d == 0)
    identity = paramfit.IdentityTransformation(4)
    assert identity.log_jacobian_det(q) == 0.0
    assert identity.log_jacobian_det_S1(q)[0] == 0.0
    assert np.all(identity.log_jacobian_det_S1(q)[1] == 0)
    log = paramfit.LogTransformation(4)
    assert np.all(log.log_jacobian_det_S1(q)[1] == 1)


def test_logit_outside_the_unit_interval():
    t = paramfit.LogitTransformation(1)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert np.isnan(t.to_search(-1.0)).all() and np.isnan(t.to_search(2.0)).all()
        assert t.to_search(1.0)[0] == np.inf and t.to_search(0.0)[0] == -np.inf
        assert t.to_search([0.5])[0] == 0
        # Far out in search space the Jacobian and log-determinant stay finite.
        assert t.jacobian([800.0])[0, 0] == 0 and np.isfinite(
            t.log_jacobian_det([-800.0])
        )


def test_log_of_non_positive_values_warns_as_numpy_does():
    t = paramfit.LogTransformation(1)
    with pytest.warns(RuntimeWarning):
        assert np.isnan(t.to_search(-1.0)).all()
    with pytest.warns(RuntimeWarning):
        assert t.to_search(0)[0] == -np.inf


def test_rectangular_boundaries_far_out_in_search_space():
    t = paramfit.RectangularBoundariesTransformation([1], [10])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for q in (-800.0, 800.0):
            assert t.jacobian([q])[0, 0] >= 0
            assert t.log_jacobian_det([q]) == pytest.approx(
                np.log(9) - abs(q), rel=1e-12
            )
        assert t.to_model([800.0])[0] == 10 and t.to_model([-800.0])[0] == 1


def raises(message):
    return pytest.raises(ValueError, match="^" + re.escape(message) + "$")


def test_constructor_errors():
    with raises(
        "RectangularBoundariesTransformation requires a lower and an upper bound, or a"
        " single RectangularBoundaries object."
    ):
        paramfit.RectangularBoundariesTransformation([1, 2])
    with raises("Upper bounds must exceed lower bounds."):
        paramfit.RectangularBoundariesTransformation([1, 2], [3, 2])
    b = paramfit.RectangularBoundaries([1, 2], [3, 4])
    t = paramfit.RectangularBoundariesTransformation(b)
    assert t.n_parameters() == 2 and t.to_model([0, 0]).tolist() == [2, 3]
    with pytest.raises(ValueError, match="same length"):
        paramfit.ScalingTransformation([1, 2], [1, 2, 3])
    with raises("Scalings must be finite and non-zero."):
        paramfit.ScalingTransformation([1, 0])
    with raises("Lower and upper bounds must have the same length."):
        paramfit.UnitCubeTransformation([1, 2], [3])
    for upper in ([0, 3], [3, 1], [1, 3], [3, 2]):
        with raises("Upper bounds must exceed lower bounds."):
            paramfit.UnitCubeTransformation([1, 2], upper)
    with raises("Must have at least one sub-transformation."):
        paramfit.ComposedTransformation()
    with raises("All entries in `transformations` must extend pints.Transformation."):
        paramfit.ComposedTransformation(np.log)


def test_unit_cube_maps_the_bounds_to_zero_and_one():
    t = paramfit.UnitCubeTransformation([-1, 2, -3], [0, 4, -1])
    np.testing.assert_allclose(t.to_search([-1, 2, -3]), 0)
    np.testing.assert_allclose(t.to_search([0, 4, -1]), 1)
    np.testing.assert_allclose(t.to_model([1, 1, 1]), [0, 4, -1])
    assert isinstance(t, paramfit.ScalingTransformation)


class LogOnly(paramfit.Transformation):
    """Only the abstract methods a user must write (q = log p)."""

    def n_parameters(self):
        return 3

    def elementwise(self):
        return True

    def to_model(self, q):
        return np.exp(paramfit.vector(q))

    def to_search(self, p):
        return np.log(paramfit.vector(p))

    def jacobian(self, q):
        return np.diag(np.exp(paramfit.vector(q)))

    def jacobian_S1(self, q):
        q = paramfit.vector(q)
        d = np.zeros((3, 3, 3))
        d[range(3), range(3), range(3)] = np.exp(q)
        return self.jacobian(q), d


def test_base_class_defaults():
    t = LogOnly()
    q = [0.1, -2.0, 3.0]
    assert t.log_jacobian_det(q) == pytest.approx(sum(q), rel=1e-14)
    value, d = t.log_jacobian_det_S1(q)
    assert value == pytest.approx(sum(q)) and d == pytest.approx([1, 1, 1], rel=1e-14)
    np.testing.assert_allclose(
        t.convert_standard_deviation([1, 2, 3], q), [1, 2, 3] / np.exp(q), rtol=1e-14
    )
    base = paramfit.Transformation()
    for method in ("to_search", "to_model", "jacobian", "jacobian_S1"):
        with pytest.raises(NotImplementedError):
            getattr(base, method)([1.0])
    for method in ("n_parameters", "elementwise"):
        with pytest.raises(NotImplementedError):
            getattr(base, method)()


# -- wrappers --------------------------------------------------------------------


def test_transformed_boundaries():
    t = paramfit.LogTransformation(2)
    b = paramfit.RectangularBoundaries([0.01, 0.95], [0.05, 1.05], rng=1)
    tb = paramfit.TransformedBoundaries(b, t)
    assert tb.n_parameters() == 2
    assert tb.check([-3.9120230054281460, 0.0099503308531681])
    assert not tb.check([2.3025850929940459, 3.9120230054281460])
    samples = tb.sample(3)
    assert isinstance(samples, list) and len(samples) == 3
    assert all(b.check(np.exp(q)) for q in samples)
    with raises("Number of parameters for boundaries and transformation must match."):
        paramfit.TransformedBoundaries(b, paramfit.LogTransformation(3))


def test_transformed_rectangular_boundaries():
    b = paramfit.RectangularBoundaries([1, 2], [3, 6], rng=2)
    # A negative scaling swaps the bounds.
    t = paramfit.ScalingTransformation([-1, 2])
    tb = t.convert_boundaries(b)
    assert isinstance(tb, paramfit.TransformedRectangularBoundaries)
    assert tb.lower().tolist() == [-3, 4] and tb.upper().tolist() == [-1, 12]
    samples = tb.sample(5)
    assert isinstance(samples, list) and all(tb.check(q) for q in samples)
    with raises(
        "A TransformedRectangularBoundaries can only be created from a"
        " RectangularBoundaries object."
    ):
        paramfit.TransformedRectangularBoundaries(paramfit.ComposedBoundaries(b), t)
    with raises(
        "A TransformedRectangularBoundaries can only be created from an element-wise"
        " transformation."
    ):
        paramfit.TransformedRectangularBoundaries(
            paramfit.RectangularBoundaries([1, 1, 1, 1], [2, 3, 4, 5]),
            composed(paramfit, False),
        )
    with raises("Number of parameters for boundaries and transformation must match."):
        paramfit.TransformedRectangularBoundaries(b, paramfit.LogTransformation(3))
    # Non-rectangular boundaries stay general.
    assert type(t.convert_boundaries(paramfit.ComposedBoundaries(b))) is (
        paramfit.TransformedBoundaries
    )


def test_transformed_error_measure():
    t, ref_t = paramfit.LogTransformation(2), pints.LogTransformation(2)
    e = t.convert_error_measure(paramfit.toy.ParabolicError([0.5, 2]))
    ref = ref_t.convert_error_measure(pints.toy.ParabolicError([0.5, 2]))
    assert isinstance(e, paramfit.TransformedErrorMeasure) and e.n_parameters() == 2
    for q in ([0.1, 0.2], [-2.0, 1.5]):
        assert e(q) == pytest.approx(ref(q), rel=1e-14)
        value, gradient = e.evaluateS1(q)
        assert value == e(q)
        np.testing.assert_allclose(gradient, ref.evaluateS1(q)[1], rtol=1e-13)
        np.testing.assert_allclose(gradient, fd_jacobian(e, q), rtol=1e-6)
    with raises("Number of parameters for error and transformation must match."):
        paramfit.TransformedErrorMeasure(paramfit.toy.ParabolicError([0, 0, 0]), t)


class Quadratic(paramfit.LogPDF):
    """An unnormalised Gaussian log-pdf that is neither prior nor likelihood."""

    def __call__(self, x):
        return -0.5 * float(np.sum((np.asarray(x) - [1.0, 2.0]) ** 2))

    def evaluateS1(self, x):
        return self(x), -(np.asarray(x) - [1.0, 2.0])

    def n_parameters(self):
        return 2


def test_transformed_log_pdf_includes_the_jacobian():
    t = paramfit.LogTransformation(2)
    f = t.convert_log_pdf(Quadratic())
    assert type(f) is paramfit.TransformedLogPDF
    for q in ([0.1, 0.2], [-1.0, 1.5]):
        p = np.exp(q)
        assert f(q) == pytest.approx(Quadratic()(p) + sum(q), rel=1e-14)
        value, gradient = f.evaluateS1(q)
        assert value == pytest.approx(f(q), rel=1e-15)
        np.testing.assert_allclose(gradient, fd_jacobian(f, q), rtol=1e-6)
    with raises("Number of parameters for log_pdf and transformation must match."):
        paramfit.TransformedLogPDF(Quadratic(), paramfit.LogTransformation(3))


def test_transformed_log_prior():
    def prior(lib, **kw):
        return lib.ComposedLogPrior(
            lib.GammaLogPrior(2, 3, **kw), lib.LogNormalLogPrior(0, 1, **kw)
        )

    t, ref_t = paramfit.LogTransformation(2), pints.LogTransformation(2)
    f, ref = (
        t.convert_log_pdf(prior(paramfit, rng=1)),
        ref_t.convert_log_pdf(prior(pints)),
    )
    assert isinstance(f, paramfit.TransformedLogPrior) and isinstance(
        f, paramfit.LogPrior
    )
    q = [-1.0, 0.3]
    assert f(q) == pytest.approx(ref(q), rel=1e-14)
    np.testing.assert_allclose(f.evaluateS1(q)[1], ref.evaluateS1(q)[1], rtol=1e-12)
    np.testing.assert_allclose(f.evaluateS1(q)[1], fd_jacobian(f, q), rtol=1e-6)
    samples = f.sample(400)
    assert samples.shape == (400, 2) and np.isfinite(samples).all()
    # log of a log-normal(0, 1) sample is standard normal.
    assert abs(samples[:, 1].mean()) < 0.25
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        old = t.convert_log_prior(prior(paramfit))
    assert isinstance(old, paramfit.TransformedLogPrior)
    assert "deprecated" in str(w[-1].message) and issubclass(
        w[-1].category, UserWarning
    )


def test_transformed_log_likelihood_has_no_jacobian():
    problem = paramfit.SingleOutputProblem(
        paramfit.toy.LogisticModel(), np.linspace(0, 100, 20), np.linspace(2, 40, 20)
    )
    likelihood = paramfit.GaussianLogLikelihood(problem)
    t = paramfit.LogTransformation(3)
    f = t.convert_log_pdf(likelihood)
    assert isinstance(f, paramfit.TransformedLogLikelihood)
    assert isinstance(f, paramfit.LogLikelihood)
    q = np.log([0.05, 45.0, 2.0])
    assert f(q) == likelihood(np.exp(q))
    value, gradient = f.evaluateS1(q)
    assert value == f(q)
    np.testing.assert_allclose(gradient, fd_jacobian(f, q), rtol=1e-5)
    with raises(
        "Number of parameters for log_likelihood and transformation must match."
    ):
        paramfit.TransformedLogLikelihood(likelihood, paramfit.LogTransformation(2))
    # A posterior is not a likelihood: it gets the Jacobian term.
    posterior = paramfit.LogPosterior(
        likelihood, paramfit.UniformLogPrior([0, 0, 0], [1, 100, 10])
    )
    g = t.convert_log_pdf(posterior)
    assert type(g) is paramfit.TransformedLogPDF
    assert g(q) == pytest.approx(posterior(np.exp(q)) + q.sum(), rel=1e-14)
