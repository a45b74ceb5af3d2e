"""The bad inputs issue 14 names, one test each: invalid input accepted
(item 2), hangs (3), errors from deep inside (4), NaN in a problem's data
(5), method names (7) and the coordinates outside the boundaries (8)."""

from __future__ import annotations

import re
import time

import numpy as np
import pytest

import paramfit
from paramfit._checks import Detail


class Line(paramfit.ForwardModel):
    def n_parameters(self) -> int:
        return 2

    def simulate(self, parameters, times):
        a, b = parameters
        return a + b * np.asarray(times)


class TwoLines(paramfit.ForwardModel):
    def n_parameters(self) -> int:
        return 2

    def n_outputs(self) -> int:
        return 2

    def simulate(self, parameters, times):
        a, b = parameters
        t = np.asarray(times)
        return np.column_stack([a + b * t, a - b * t])


TIMES = np.linspace(0, 1, 6)


def problem() -> paramfit.SingleOutputProblem:
    return paramfit.SingleOutputProblem(Line(), TIMES, 1 + 2 * TIMES)


def shown(e: pytest.ExceptionInfo[BaseException]) -> str:
    """The message as a traceback shows it: with the cause, where PINTS's
    message is kept and the detail is its cause."""
    cause = e.value.__cause__
    return str(e.value) + ("" if cause is None else f" [{cause}]")


# -- item 2: invalid input accepted --------------------------------------------


def test_log_likelihood_called_with_too_many_parameters():
    f = paramfit.GaussianLogLikelihood(problem())
    assert np.isfinite(f([1.0, 2.0, 0.5]))
    with pytest.raises(ValueError, match=r"x must be a point of dimension 3"):
        f([1.0, 2.0, 0.5, 7.0])
    known = paramfit.GaussianKnownSigmaLogLikelihood(problem(), 0.5)
    with pytest.raises(ValueError, match=r"dimension 2 \(n_parameters\)"):
        known([1.0, 2.0, 0.5])


def test_numeric_strings_are_not_numbers():
    with pytest.raises(ValueError, match="sd must be a number; got the str '1.5'"):
        paramfit.GaussianLogPrior(0, "1.5")
    prior = paramfit.GaussianLogPrior(0, 1)
    for bad in ("1", ["1.5"], None):
        with pytest.raises((TypeError, ValueError), match="x must be"):
            prior(bad)
    with pytest.raises(TypeError, match="x must be a sequence of numbers; got None"):
        prior.evaluateS1(None)


def test_tell_refuses_none_and_strings():
    for scores in ([None] * 6, ["1.0"] * 6, [1.0] * 5 + [None]):
        opt = paramfit.XNES([1.0, 1.0], rng=1)
        opt.ask()
        with pytest.raises(ValueError, match="tell\\(\\) expects a sequence of 6"):
            opt.tell(scores)
        opt.tell(np.ones(6))  # still waiting for a proper tell


def test_cmaes_refuses_a_two_dimensional_x0():
    for x0 in ([[1.0, 2.0]], [[1.0], [2.0]], np.ones((2, 2))):
        with pytest.raises(ValueError, match="x0 must be a 1-d sequence"):
            paramfit.CMAES(x0)
    # The controller keeps PINTS's reading of shape (1, n) (documented).
    c = paramfit.OptimisationController(paramfit.SumOfSquaresError(problem()), [[1, 2]])
    assert c.optimiser().x_best().tolist() == [1, 2]


def test_fmin_with_a_function_returning_none():
    with pytest.raises(TypeError, match=r"returned None at parameters \[.*\]"):
        paramfit.fmin(lambda x: None, [1.0, 2.0], max_iter=20)


@pytest.mark.filterwarnings("ignore::paramfit.NonFiniteScoreWarning")
@pytest.mark.parametrize("start", [[1e308, 1e308], [-1e308, 1e308]])
def test_fmin_and_curve_fit_never_succeed_with_non_finite_results(start):
    def square(x):
        return float(np.sum(np.asarray(x) ** 2))

    x = np.linspace(0, 1, 5)
    # Steps of 1e308 overflow (NumPy warns); the run must not pass for a fit.
    with np.errstate(over="ignore", invalid="ignore"):
        with pytest.raises(ValueError, match="No finite value of f was found"):
            paramfit.fmin(square, start, max_iter=30)
        with pytest.raises(ValueError, match="No finite value of the mean squared"):
            paramfit.curve_fit(lambda x, a, b: a * x + b, x, x, start, max_iter=30)


# -- item 3: hangs -------------------------------------------------------------


@pytest.mark.parametrize("n_workers", [10**18, 1e308, 10**6])
def test_absurd_worker_counts_are_refused_at_once(n_workers):
    start = time.perf_counter()
    with pytest.raises(ValueError, match="n_workers must be at most"):
        paramfit.ParallelEvaluator(np.sum, n_workers=n_workers)
    for parallel in (n_workers,):
        with pytest.raises(ValueError, match="parallel must be at most"):
            paramfit.evaluate(np.sum, [[1.0]], parallel=parallel)
    assert time.perf_counter() - start < 1


def test_absurd_sizes_are_refused():
    with pytest.raises(ValueError, match="population_size is too large"):
        paramfit.XNES([1.0, 2.0]).set_population_size(10**15)
    with pytest.raises(ValueError, match="n is too large"):
        paramfit.GaussianLogPrior(0, 1).sample(10**15)
    with pytest.raises(ValueError, match="chains is too large"):
        paramfit.MCMCController(paramfit.GaussianLogPrior(0, 1), 10**15, [[0.0]])


# -- item 4: errors from deep inside -------------------------------------------


def test_errors_name_the_argument_instead_of_failing_inside():
    with pytest.raises(TypeError, match="model must be a ForwardModel.*got None"):
        paramfit.SingleOutputProblem(None, TIMES, TIMES)
    with pytest.raises(ValueError, match="x must be finite numbers"):
        paramfit.vector(10**400)
    with pytest.raises(ValueError, match=r"needs a sequence of 1 hyper-parameter"):
        paramfit.XNES([1.0, 2.0]).set_hyper_parameters([])
    with pytest.raises(TypeError, match="x must be a sequence of numbers"):
        paramfit.PSO([1.0, 2.0]).set_hyper_parameters({"population": 5, "r": 0.5})


# -- item 5: NaN and bad times in a problem -------------------------------------


def test_nan_in_the_values_is_refused_naming_the_first():
    values = 1 + 2 * TIMES
    values[[2, 4]] = np.nan
    with pytest.raises(ValueError, match=r"values\[2\] = nan, the first of 2"):
        paramfit.SingleOutputProblem(Line(), TIMES, values)
    values[2] = np.inf
    with pytest.raises(ValueError, match=r"values\[2\] = inf"):
        paramfit.SingleOutputProblem(Line(), TIMES, values)


def test_nan_in_multi_output_values_names_time_and_output():
    values = TwoLines().simulate([1, 2], TIMES)
    values[3, 1] = np.nan
    with pytest.raises(ValueError, match=r"values\[3, 1\] = nan"):
        paramfit.MultiOutputProblem(TwoLines(), TIMES, values)


def test_non_finite_and_non_increasing_times():
    times = TIMES.copy()
    times[1] = np.nan
    with pytest.raises(ValueError, match=r"times must be finite; got times\[1\] = nan"):
        paramfit.SingleOutputProblem(Line(), times, TIMES)
    times = np.array([0.0, 0.4, 0.2, 0.6, 0.8, 1.0])
    with pytest.raises(ValueError, match=r"^Times must be increasing\.$") as e:
        paramfit.SingleOutputProblem(Line(), times, TIMES)
    # PINTS's message, with the first offending pair as its cause.
    assert isinstance(e.value.__cause__, Detail)
    assert "times[2] = 0.2 is not greater than times[1] = 0.4" in shown(e)
    with pytest.raises(ValueError, match="^Times must be non-decreasing.$") as e:
        paramfit.MultiOutputProblem(TwoLines(), times, np.ones((6, 2)))
    assert "times[2] = 0.2 is not at least times[1] = 0.4" in shown(e)


# -- item 7: method names --------------------------------------------------------


@pytest.mark.parametrize(
    "name, cls",
    [
        ("cmaes", paramfit.CMAES),
        ("CMA-ES", paramfit.CMAES),
        ("xnes", paramfit.XNES),
        ("Nelder-Mead", paramfit.NelderMead),
        ("nelder_mead", paramfit.NelderMead),
        ("PSO", paramfit.PSO),
        ("bare cmaes", paramfit.BareCMAES),
        ("irprop", paramfit.IRPropMin),
    ],
)
def test_optimisation_controller_takes_names(name, cls):
    error = paramfit.SumOfSquaresError(problem())
    c = paramfit.OptimisationController(error, [1.0, 1.0], method=name, rng=1)
    assert type(c.optimiser()) is cls
    x, f = paramfit.fmin(
        lambda x: float(np.sum((np.asarray(x) - 1) ** 2)),
        [0, 0],
        max_iter=5,
        method=name if not cls.capabilities.needs_gradients else "xnes",
    )
    assert np.isfinite(f)


def test_unknown_names_are_listed():
    error = paramfit.SumOfSquaresError(problem())
    with pytest.raises(ValueError, match=r"Unknown method 'cmaess' \(did you mean"):
        paramfit.OptimisationController(error, [1, 1], method="cmaess")
    with pytest.raises(ValueError, match=re.escape("'cmaes', ")) as e:
        paramfit.OptimisationController(error, [1, 1], method="simplex")
    assert "'xnes'" in str(e.value) and "case-insensitive" in str(e.value)


def test_an_instance_is_not_a_method():
    error = paramfit.SumOfSquaresError(problem())
    with pytest.raises(TypeError, match="method must be a optimiser class, not an"):
        paramfit.OptimisationController(
            error, [1, 1], method=paramfit.CMAES([1.0, 1.0])
        )
    with pytest.raises(ValueError, match="^Method must be subclass of pints.Optimiser"):
        paramfit.OptimisationController(error, [1, 1], method=paramfit.Logger)


def test_mcmc_controller_takes_names():
    prior = paramfit.ComposedLogPrior(
        paramfit.GaussianLogPrior(0, 1), paramfit.GaussianLogPrior(0, 1)
    )
    starts = [[0.1, 0.2], [0.3, -0.1], [-0.2, 0.0]]
    for name, cls in [
        ("dream", paramfit.DreamMCMC),
        ("DreamMCMC", paramfit.DreamMCMC),
        ("haario-bardenet", paramfit.HaarioBardenetACMC),
        ("metropolis", paramfit.MetropolisRandomWalkMCMC),
        ("slice-stepout", paramfit.SliceStepoutMCMC),
    ]:
        c = paramfit.MCMCController(prior, 3, starts, method=name, rng=1)
        assert isinstance(c.samplers()[0], cls)
    with pytest.raises(ValueError, match="did you mean 'dream'"):
        paramfit.MCMCController(prior, 3, starts, method="Dreem")
    with pytest.raises(TypeError, match="method must be a sampler class, not an"):
        paramfit.MCMCController(
            prior, 3, starts, method=paramfit.HaarioBardenetACMC([0.0, 0.0])
        )
    with pytest.raises(ValueError, match="^Given method must extend pints.MCMCSampler"):
        paramfit.MCMCController(prior, 3, starts, method=paramfit.CMAES)


# -- item 8: x0 outside the boundaries ---------------------------------------------


def test_x0_outside_the_boundaries_names_the_coordinates():
    b = paramfit.RectangularBoundaries([0, 0, 0], [1, 2, 3])
    with pytest.raises(ValueError) as e:
        paramfit.XNES([0.5, 2.5, -1.0], boundaries=b)
    message = str(e.value)
    assert message.startswith("Initial position must lie within given boundaries.")
    assert "x0[1] = 2.5 is outside [0, 2)" in message
    assert "x0[2] = -1 is outside [0, 3)" in message
    assert "x0[0]" not in message
