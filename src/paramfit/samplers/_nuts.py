"""The No-U-Turn sampler (NUTS) with dual-averaging adaptation."""

from __future__ import annotations

import pickle
from collections.abc import Sequence
from typing import Any, ClassVar

import numpy as np

from .._typing import ArrayLike, FloatArray, PathLike, RngLike
from .._util import Capabilities, read_only
from ..log import Logger
from ._base import Reply, SingleChainMCMC
from ._dual_averaging import DualAveragingAdaption, check_warmup_steps
from ._leapfrog import (
    GaussianKinetic,
    check_gradient,
    check_start_gradient,
    warn_non_finite_gradient,
)
from ._nuts_tree import NutsTree, StepSizeSearch


class NoUTurnMCMC(SingleChainMCMC):
    r"""The No-U-Turn sampler [1]_ with dual-averaging adaptation of the
    step size and mass matrix (single chain, needs gradients).

    Each iteration draws a momentum and doubles a leapfrog trajectory
    forwards or backwards in time until it makes a U-turn, diverges, or
    has ``2^max_tree_depth() - 1`` steps; the next sample is drawn from its
    points. `tell()` returns ``None`` until a transition is complete.

    Parameters
    ----------
    x0 : array_like, shape (n_parameters,)
        Starting point; its log-pdf and gradient must be finite.
    sigma0 : float or array_like, optional
        As for `SingleChainMCMC`: a guess of the target's covariance,
        used as the initial inverse mass matrix (its diagonal unless
        `set_use_dense_mass_matrix()` is on).
    rng : int, numpy.random.Generator or None, optional
        Random generator or seed (keyword only).

    Notes
    -----
    The Hamiltonian is :math:`H(x, r) = -\log\pi(x) + \tfrac12 r^T M^{-1}
    r`, with momenta :math:`r \sim N(0, M)`. The trajectory is built as in
    Algorithms 3 and 6 of [1]_ with PINTS's (and Stan's) changes:
    multinomial sampling of the next point and the generalised U-turn
    criterion on summed momenta [2]_ (see `paramfit.samplers._nuts_tree`).
    A leapfrog step is divergent when :math:`H` grows by more than
    `hamiltonian_threshold()` (a point where the log-pdf or its gradient is
    not finite is divergent too, and a non-finite gradient is counted by
    `non_finite_gradients()`, with a warning the first time); it ends the
    trajectory, and the iteration is listed in `divergent_iterations()`.

    For the first `number_adaption_steps()` iterations the step size is
    adapted by dual averaging so that the mean acceptance probability of
    the new points of each trajectory reaches `delta()` (Algorithm 6 of
    [1]_), and the inverse mass matrix by windows of samples (see
    `DualAveragingAdaption`); whenever it changes, a new initial step size
    is found with Algorithm 4 of [1]_, which costs a few evaluations.

    Differences from PINTS 0.6.1: the initial inverse mass matrix is
    ``sigma0`` (PINTS's code meant to, but used ``1e-3 I``); the
    acceptance statistic and the log's ``Steps.`` column count the new
    points of a trajectory only (PINTS added the starting point, which
    biases the adapted step size upwards); and the U-turn check across
    subtrees compares each subtree with the nearest point of the other
    (PINTS compared an end with itself). As in PINTS, ``x0`` is not a
    sample: the first sample is the end of the first transition, and every
    sample is reported as accepted. There is no initial phase.

    References
    ----------
    .. [1] Hoffman and Gelman (2014) The No-U-Turn sampler: adaptively
           setting path lengths in Hamiltonian Monte Carlo. Journal of
           Machine Learning Research 15(1), 1593-1623.
    .. [2] Betancourt (2018) A conceptual introduction to Hamiltonian Monte
           Carlo. https://arxiv.org/abs/1701.02434
    """

    capabilities: ClassVar[Capabilities] = Capabilities(
        needs_gradients=True, supports_boundaries=False
    )

    def __init__(
        self, x0: ArrayLike, sigma0: ArrayLike | None = None, *, rng: RngLike = None
    ) -> None:
        super().__init__(x0, sigma0, rng=rng)
        self._n_adaption_steps = 500
        self._delta = 0.8
        self._dense = False
        self._adaptor: DualAveragingAdaption | None = None
        self._max_tree_depth = 10
        self._hamiltonian_threshold: float = 10**3
        self._divergent = np.asarray([], dtype=int)
        self._mcmc_iteration = 0
        self._last_log_write = 0
        self._mcmc_acceptance = 0.0
        self._n_leapfrog = 0.0
        self._non_finite_gradients = 0
        self._phase: NutsTree | StepSizeSearch | None = None

    @classmethod
    def name(cls) -> str:
        return "No-U-Turn MCMC"

    def needs_sensitivities(self) -> bool:
        """True: ``tell()`` takes ``(log_pdf, gradient)`` pairs."""
        return True

    # -- hyper-parameters (PINTS's names, defaults and messages) -------------------
    def delta(self) -> float:
        """The target acceptance probability of dual averaging (default 0.8)."""
        return self._delta

    def set_delta(self, delta: float) -> None:
        """Set the target acceptance probability, in [0, 1] (not once
        running)."""
        if self._running:
            raise RuntimeError("cannot set delta while sampler is running")
        if not 0 <= delta <= 1:
            raise ValueError("delta must be in [0, 1]")
        self._delta = float(delta)

    def number_adaption_steps(self) -> int:
        """The number of adaptation iterations (default 500)."""
        return self._n_adaption_steps

    def set_number_adaption_steps(self, n: float) -> None:
        """Set the number of adaptation iterations (not once running); the
        run needs at least 150."""
        if self._running:
            raise RuntimeError(
                "cannot set number of adaption steps while sampler is running"
            )
        if not n >= 0:
            raise ValueError("number of adaption steps must be non-negative")
        self._n_adaption_steps = int(n)

    def use_dense_mass_matrix(self) -> bool:
        """Whether a dense (else diagonal) mass matrix is adapted."""
        return self._dense

    def set_use_dense_mass_matrix(self, use_dense_mass_matrix: bool) -> None:
        """Adapt a dense (True) or diagonal (False) mass matrix (not once
        running)."""
        if self._running:
            raise RuntimeError(
                "cannot set number of adaption steps while sampler is running"
            )
        self._dense = bool(use_dense_mass_matrix)

    def max_tree_depth(self) -> int:
        """The most doublings of a trajectory, so at most ``2^D - 1``
        leapfrog steps per iteration (default 10)."""
        return self._max_tree_depth

    def set_max_tree_depth(self, max_tree_depth: int) -> None:
        """Set the maximum tree depth (at least 1)."""
        if max_tree_depth < 0:
            raise ValueError("Maximum tree depth must be non-negative.")
        if max_tree_depth < 1 or int(max_tree_depth) != max_tree_depth:
            raise ValueError(
                "Maximum tree depth must be a whole number, at least 1 (a depth of 0 "
                f"takes no step); got {max_tree_depth}."
            )
        self._max_tree_depth = int(max_tree_depth)

    def hamiltonian_threshold(self) -> float:
        """The growth of the Hamiltonian over which a leapfrog step is
        divergent (default 1000, as Stan)."""
        return self._hamiltonian_threshold

    def set_hamiltonian_threshold(self, hamiltonian_threshold: float) -> None:
        """Set the divergence threshold (non-negative)."""
        if not hamiltonian_threshold >= 0:
            raise ValueError("Threshold for divergent iterations must be non-negative.")
        self._hamiltonian_threshold = hamiltonian_threshold

    def n_hyper_parameters(self) -> int:
        return 1

    def set_hyper_parameters(self, x: Sequence[float] | np.ndarray) -> None:
        """Set ``[number_adaption_steps]``."""
        self.set_number_adaption_steps(x[0])

    # -- state --------------------------------------------------------------------
    def divergent_iterations(self) -> np.ndarray:
        """The iterations (counted from 1) whose trajectory diverged."""
        return self._divergent

    def non_finite_gradients(self) -> int:
        """The number of leapfrog steps that met a non-finite gradient (each
        ends its trajectory as a divergence; beyond PINTS)."""
        return self._non_finite_gradients

    def adaptor(self) -> DualAveragingAdaption | None:
        """The step size and mass matrix adaptation, once running (beyond
        PINTS)."""
        return self._adaptor

    def step_size(self) -> float | None:
        """The current leapfrog step size, once found (beyond PINTS)."""
        return None if self._adaptor is None else self._adaptor.get_epsilon()

    def save_state(self, file: PathLike) -> None:
        """Pickle the sampler to ``file`` (as PINTS; the sampler pickles
        as it is, mid-trajectory too)."""
        with open(file, "wb") as f:
            pickle.dump(self, f)

    def load_state(self, file: PathLike) -> NoUTurnMCMC:
        """The sampler pickled to ``file`` by `save_state()`."""
        with open(file, "rb") as f:
            method = pickle.load(f)
        if not isinstance(method, NoUTurnMCMC):
            raise TypeError(f"{file} does not hold a NoUTurnMCMC sampler.")
        return method

    def replace(self, current: Any, current_log_pdf: Any, proposed: Any = None) -> None:
        """Not supported, as in PINTS."""
        raise NotImplementedError("NoUTurnMCMC does not support replace().")

    # -- the template's hooks -------------------------------------------------------
    def _initialise(self) -> None:
        check_warmup_steps(self._n_adaption_steps)

    def _clean(self, fx: Any) -> Any:
        f, g = super()._clean(fx)
        return f, check_gradient(g, self._n_parameters)

    def _kinetic(self) -> GaussianKinetic:
        if self._adaptor is None:
            sigma0 = self._sigma0
            return GaussianKinetic(sigma0 if self._dense else np.diag(sigma0).copy())
        return GaussianKinetic(self._adaptor.get_inv_mass_matrix())

    def _first(self, fx: Any) -> Reply | None:  # type: ignore[override]
        """x0 is evaluated to start the chain, but is not a sample (as PINTS)."""
        if np.isfinite(fx[0]):
            check_start_gradient(self, fx[1])
        super()._first(fx)
        self._search()
        return None

    def _search(self) -> None:
        """Look for a first step size (at the start, and whenever the mass
        matrix changes)."""
        kinetic = self._kinetic()
        assert self._current is not None
        f, g = self._current_log_pdf
        r = kinetic.sample(self._rng, self._n_parameters)
        self._phase = StepSizeSearch(self._current, f, g, r, kinetic)

    def _transition(self) -> None:
        """Start a NUTS transition from the current point."""
        assert self._current is not None and self._adaptor is not None
        kinetic = self._kinetic()
        f, g = self._current_log_pdf
        self._phase = NutsTree(
            self._current,
            f,
            g,
            kinetic.sample(self._rng, self._n_parameters),
            self._adaptor.get_epsilon(),
            kinetic,
            self._hamiltonian_threshold,
            self._max_tree_depth,
            self._rng,
        )

    def _propose(self) -> FloatArray:
        assert self._phase is not None
        return self._phase.point()

    def _step(self, x: FloatArray, fx: Any) -> Reply | None:
        phase = self._phase
        assert phase is not None
        if not np.isfinite(fx[1]).all():
            if self._non_finite_gradients == 0:
                warn_non_finite_gradient(self, x)
            self._non_finite_gradients += 1
        phase.tell(*fx)
        if not phase.done():
            return None
        if isinstance(phase, StepSizeSearch):
            if self._adaptor is None:
                inverse_mass = self._kinetic().inverse_mass
                self._adaptor = DualAveragingAdaption(
                    self._n_adaption_steps, self._delta, phase.epsilon, inverse_mass
                )
            else:
                self._adaptor.init_adapt_epsilon(phase.epsilon)
            self._transition()
            return None
        return self._finish(phase)

    def _finish(self, tree: NutsTree) -> Reply:
        """Move to the transition's point, adapt, and report the sample."""
        assert self._adaptor is not None
        self._current = read_only(np.array(tree.tree.x, dtype=float))
        self._current_log_pdf = (tree.tree.f, tree.tree.g)
        stat = tree.accept_stat()
        self._mcmc_iteration += 1
        # As PINTS: running means since the last log row, over one more than
        # the number of iterations.
        k = self._mcmc_iteration - self._last_log_write
        self._mcmc_acceptance = (k * self._mcmc_acceptance + stat) / (k + 1)
        self._n_leapfrog = (k * self._n_leapfrog + tree.tree.n_leaves) / (k + 1)
        if tree.tree.divergent:
            self._divergent = np.append(self._divergent, self._mcmc_iteration)
        if self._adaptor.step(self._current, stat):
            self._search()
        else:
            self._transition()
        return self._current, self._current_log_pdf, True

    def _log_init(self, logger: Logger) -> None:
        logger.add_float("Accept.")
        logger.add_counter("Steps.")

    def _log_write(self, logger: Logger) -> None:
        if self._last_log_write == self._mcmc_iteration:
            logger.log(None)
            logger.log(None)
        else:
            logger.log(self._mcmc_acceptance)
            logger.log(self._n_leapfrog)
        self._mcmc_acceptance = 0.0
        self._n_leapfrog = 0.0
        self._last_log_write = self._mcmc_iteration
