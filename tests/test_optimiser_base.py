"""Validation and state machine owned by the optimiser template (`Optimiser`):
x0, sigma0 and boundaries, ask/tell order, population size, scores."""

import warnings

import numpy as np
import pytest

import paramfit


class _Bare(paramfit.Optimiser):
    """An optimiser implementing none of the hooks."""


@pytest.mark.parametrize(
    "x0, sigma0, message",
    [
        ([], None, "Problem dimension must be greater than zero."),
        ([[1, 2], [3, 4]], None, "Unable to convert to 1d vector"),
        ([1, np.nan], None, "x0 must contain only finite values"),
        ([1, 2], 0, "Initial standard deviation must be greater than zero."),
        ([1, 2], -1, "Initial standard deviation must be greater than zero."),
        (
            [1, 2],
            [1, 2, 3],
            "Initial standard deviation must be None, scalar, or have dimension 2.",
        ),
        ([1, 2], [1, 0], "Initial standard deviations must be greater than zero."),
        ([1, 2], [1, -3], "Initial standard deviations must be greater than zero."),
        ([1, 2], [1, np.inf], "sigma0 must be finite"),
    ],
)
def test_bad_x0_and_sigma0(x0, sigma0, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        paramfit.XNES(x0, sigma0)


def test_bad_boundaries():
    b = paramfit.RectangularBoundaries([0, 0], [1, 1])
    with pytest.raises(ValueError, match="Boundaries must have same dimension"):
        paramfit.XNES([0.5, 0.5, 0.5], boundaries=b)
    with pytest.raises(ValueError, match="Initial position must lie within"):
        paramfit.XNES([0.5, 1.0], boundaries=b)


def test_default_sigma0_rules():
    assert paramfit.XNES([0, 3])._sigma0.tolist() == [1, 1]
    b = paramfit.RectangularBoundaries([-6, 0], [6, 12])
    assert paramfit.XNES([0, 3], boundaries=b)._sigma0.tolist() == [2, 2]
    assert paramfit.XNES([0, 3], 0.5)._sigma0.tolist() == [0.5, 0.5]
    assert not paramfit.XNES([0, 3])._sigma0.flags.writeable


def test_base_methods_not_implemented():
    o = _Bare([1.0])
    with pytest.raises(NotImplementedError):
        o.ask()
    with pytest.raises(NotImplementedError):
        _Bare.name()
    assert o.stop() is False and o.needs_sensitivities() is False
    assert o.n_hyper_parameters() == 0


def test_tell_before_ask_and_twice():
    o = paramfit.XNES([1, 1], rng=1)
    with pytest.raises(Exception, match=r"ask\(\) not called before tell\(\)"):
        o.tell([1.0])
    xs = o.ask()
    o.tell(np.zeros(len(xs)))
    with pytest.raises(RuntimeError, match=r"ask\(\) not called before tell\(\)"):
        o.tell(np.zeros(len(xs)))


def test_wrong_number_of_scores_keeps_state_usable():
    o = paramfit.XNES([1, 1], rng=1)
    xs = o.ask()
    with pytest.raises(ValueError, match="tell\\(\\) expects 6 scores.*got 5"):
        o.tell([1.0] * 5)
    with pytest.raises(ValueError, match="numeric scores"):
        o.tell(["a"] * 6)
    o.tell(np.ones(len(xs)))  # still waiting for a proper tell


def test_population_size_rules():
    o = paramfit.XNES([1, 1, 1, 1, 1, 1, 1, 1, 1, 1])
    assert o.population_size() == 10 == o.suggested_population_size()
    assert o.suggested_population_size(4) == 12
    assert isinstance(o.suggested_population_size(4.0), int)
    o.set_population_size(7.9)
    assert o.population_size() == 7
    with pytest.raises(ValueError, match="Population size must be at least 1."):
        o.set_population_size(0)
    o.set_hyper_parameters([5])
    assert o.population_size() == 5 and o.n_hyper_parameters() == 1
    o.set_population_size(None)
    assert len(o.ask()) == 10  # None resolved at the first ask
    assert o.population_size() == 10
    with pytest.raises(Exception, match="Cannot change population size during run."):
        o.set_population_size(4)


@pytest.mark.parametrize("d, size", [(1, 4), (2, 6), (3, 7), (4, 8), (5, 8), (100, 17)])
def test_suggested_population_sizes(d, size):
    assert paramfit.XNES(np.ones(d)).suggested_population_size() == size


def test_deprecated_aliases_warn_every_call():
    o = paramfit.XNES([1, 1], rng=1)
    for _ in range(2):
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            assert o.xbest() is o.x_best()
            assert o.fbest() == o.f_best()
        assert len(w) == 2
        assert "xbest` is deprecated" in str(w[0].message)
        assert "fbest` is deprecated" in str(w[1].message)
        assert w[0].category is UserWarning


def test_nan_scores_become_inf_and_never_best():
    o = paramfit.XNES([1, 1], rng=2)
    xs = o.ask()
    with pytest.warns(paramfit.NonFiniteScoreWarning, match="were NaN"):
        o.tell([np.nan] * len(xs))
    assert o.f_best() == np.inf and o.x_best().tolist() == [1, 1]
    xs = o.ask()
    scores = np.full(len(xs), np.inf)
    scores[2] = 3.0
    o.tell(scores)
    assert o.f_best() == 3.0
    np.testing.assert_array_equal(o.x_best(), xs[2])


def test_all_points_outside_boundaries_warns_and_tell_accepts_empty():
    b = paramfit.RectangularBoundaries([0, 0], [1, 1])
    o = paramfit.XNES([0.5, 0.5], sigma0=1e6, boundaries=b, rng=3)
    with pytest.warns(UserWarning, match="All points requested by XNES are outside"):
        xs = o.ask()
    assert xs.shape == (0, 2)
    o.tell([])
    assert o.f_best() == np.inf


def test_boundary_filtering_scores_missing_points_inf():
    b = paramfit.RectangularBoundaries([0, 0], [1, 1])
    o = paramfit.XNES([0.5, 0.5], sigma0=0.5, boundaries=b, rng=5)
    xs = o.ask()
    assert 0 < len(xs) < 6  # some filtered at this seed
    assert b.check_all(xs).all()
    with pytest.raises(ValueError, match=f"expects {len(xs)} scores"):
        o.tell(np.zeros(6))
    o.tell(np.arange(len(xs), dtype=float))
    assert o.f_best() == 0.0
    np.testing.assert_array_equal(o.x_best(), xs[0])


class _ListProposer(paramfit.PopulationBasedOptimiser):
    """A user's method whose ``_ask`` returns nested lists of integers."""

    @classmethod
    def name(cls):
        return "list proposer"

    def _ask(self):
        return [[1, 2], [3, 4]]

    def _tell(self, fs):
        pass


def test_ask_hook_may_return_lists():
    b = paramfit.RectangularBoundaries([0, 0], [3.5, 3.5])
    o = _ListProposer([0.0, 0.0], 1.0, boundaries=b)
    xs = o.ask()
    assert xs.dtype == float
    np.testing.assert_array_equal(xs, [[1.0, 2.0]])  # [3, 4] is outside
    o.tell([7.0])
    np.testing.assert_array_equal(o.x_best(), [1.0, 2.0])
    assert o.f_best() == 7.0
    assert not o.x_best().flags.writeable
