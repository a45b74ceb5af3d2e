"""Dual-averaging adaptation of the step size and (windowed) mass matrix."""

from __future__ import annotations

import warnings

import numpy as np

from .._typing import ArrayLike, FloatArray


class SingularMassMatrixError(ValueError, AttributeError):
    """An inverse mass matrix that cannot be inverted. (An AttributeError
    too, which is what PINTS raised, indirectly, in this case.)"""


class DualAveragingAdaption:
    r"""Adapts the leapfrog step size and the inverse mass matrix of an
    HMC sampler during its warm-up (as in PINTS, after Stan).

    The step size follows the dual-averaging scheme of Hoffman and Gelman
    [1]_ (section 3.2.1 and Algorithm 6) so that the mean acceptance
    statistic reaches `target_accept_prob()`; the inverse mass matrix is
    the (regularised) sample covariance of the chain over a series of
    windows [2]_.

    Parameters
    ----------
    num_warmup_steps : int
        The number of adaptation steps, at least 150 (the three windows).
    target_accept_prob : float
        The acceptance statistic aimed for, ``delta``.
    init_epsilon : float
        The initial step size.
    init_inv_mass_matrix : array_like, shape (n,) or (n, n)
        The initial inverse mass matrix: its diagonal (a diagonal matrix is
        then adapted) or the dense matrix.

    Notes
    -----
    At adaptation step :math:`m` with acceptance statistic
    :math:`\alpha_m` (eq. 6 and Algorithm 6 of [1]_):

    .. math::
        \bar H_m &= \left(1 - \frac{1}{m + t_0}\right) \bar H_{m-1}
                    + \frac{\delta - \alpha_m}{m + t_0}, \\
        \log \epsilon_m &= \mu - \frac{\sqrt m}{\gamma} \bar H_m, \\
        \log \bar\epsilon_m &= m^{-\kappa} \log \epsilon_m
                    + (1 - m^{-\kappa}) \log \bar\epsilon_{m-1},

    with :math:`\mu = \log(10 \epsilon_0)`, :math:`\gamma = 0.05`,
    :math:`t_0 = 10`, :math:`\kappa = 0.75`, and :math:`\bar\epsilon`
    used once adaptation ends. The windows (Stan's defaults): 75 steps
    adapting only the step size; base windows of 25, 50, 100, ... steps,
    at the end of each of which the inverse mass matrix becomes the
    window's sample covariance :math:`C` (variances for a diagonal matrix)
    shrunk towards :math:`10^{-3} I`,
    :math:`\frac{n}{n + 5} C + 10^{-3} \frac{5}{n + 5} I`, and the step
    size adaptation restarts (`step()` returns True so that the sampler can
    find a new initial step size); and a terminal window of 50 steps.

    References
    ----------
    .. [1] Hoffman and Gelman (2014) The No-U-Turn sampler: adaptively
           setting path lengths in Hamiltonian Monte Carlo. Journal of
           Machine Learning Research 15(1), 1593-1623.
    .. [2] Betancourt (2018) A conceptual introduction to Hamiltonian Monte
           Carlo. https://arxiv.org/abs/1701.02434
    """

    def __init__(
        self,
        num_warmup_steps: int,
        target_accept_prob: float,
        init_epsilon: float,
        init_inv_mass_matrix: ArrayLike,
    ) -> None:
        self._initial_window = 75
        self._base_window = 25
        self._terminal_window = 50
        self._counter = 0
        self._target_accept_prob: float = target_accept_prob
        self._warmup_steps: int = num_warmup_steps
        self._next_window: int = self._initial_window + self._base_window
        self._adapting: bool = True
        self._mass_matrix: FloatArray
        self._use_dense_mass_matrix: bool
        # Dual averaging constants (Hoffman and Gelman 2014, section 3.2.1).
        self._gamma = 0.05
        self._t0 = 10.0
        self._kappa = 0.75
        inverse = np.array(init_inv_mass_matrix, dtype=float, copy=True)
        if inverse.ndim == 2 and _inverse(inverse) is None:
            raise SingularMassMatrixError(
                "The initial inverse mass matrix must be invertible; got "
                f"{inverse.tolist()}."
            )
        self._inv_mass_matrix: FloatArray | None = None
        self.set_inv_mass_matrix(inverse)
        check_warmup_steps(num_warmup_steps)
        self.init_sample_covariance(self._base_window)
        self.init_adapt_epsilon(init_epsilon)

    # -- the step size ------------------------------------------------------------
    def init_adapt_epsilon(self, epsilon: float) -> None:
        """Start a new dual averaging from the step size ``epsilon``."""
        self._epsilon = epsilon
        self._mu = np.log(10 * epsilon)
        self._log_epsilon_bar = 0.0
        self._h_bar = 0.0
        self._adapt_epsilon_counter = 0

    def adapt_epsilon(self, accept_prob: float) -> None:
        """One dual averaging step with acceptance statistic ``accept_prob``
        (values above 1 count as 1)."""
        accept_prob = min(1.0, accept_prob)
        self._adapt_epsilon_counter += 1
        m = self._adapt_epsilon_counter
        eta = 1.0 / (m + self._t0)
        self._h_bar = (1 - eta) * self._h_bar + eta * (
            self._target_accept_prob - accept_prob
        )
        log_epsilon = self._mu - (np.sqrt(m) / self._gamma) * self._h_bar
        weight = m ** (-self._kappa)
        self._log_epsilon_bar = (
            weight * log_epsilon + (1 - weight) * self._log_epsilon_bar
        )
        self._epsilon = float(np.exp(log_epsilon))

    def final_epsilon(self) -> float:
        """The averaged step size, ``exp(log epsilon_bar)``."""
        return float(np.exp(self._log_epsilon_bar))

    def get_epsilon(self) -> float:
        """The current step size."""
        return self._epsilon

    # -- the mass matrix ----------------------------------------------------------
    def get_inv_mass_matrix(self) -> FloatArray:
        """The inverse mass matrix (a vector if diagonal)."""
        assert self._inv_mass_matrix is not None
        return self._inv_mass_matrix

    def get_mass_matrix(self) -> FloatArray:
        """The mass matrix (a vector if diagonal)."""
        return self._mass_matrix

    def set_inv_mass_matrix(self, inv_mass_matrix: FloatArray) -> None:
        """Set the inverse mass matrix (and so the mass matrix). A dense
        matrix that cannot be inverted is refused with a warning, keeping
        the previous one."""
        if inv_mass_matrix.ndim == 1:
            self._mass_matrix = np.asarray(1.0 / inv_mass_matrix, dtype=float)
            self._use_dense_mass_matrix = False
        else:
            mass = _inverse(inv_mass_matrix)
            if mass is None:
                warnings.warn(
                    "WARNING: adapted mass matrix is ill-conditioned; the "
                    "previous one is kept.",
                    RuntimeWarning,
                    stacklevel=2,
                )
                return
            self._mass_matrix = mass
            self._use_dense_mass_matrix = True
        self._inv_mass_matrix = inv_mass_matrix

    def init_sample_covariance(self, size: int) -> None:
        """Start a window of ``size`` samples for the inverse mass matrix."""
        n = self.get_inv_mass_matrix().shape[0]
        self._samples = np.empty((n, size))
        self._num_samples = 0

    def add_parameter_sample(self, sample: ArrayLike) -> None:
        """Store a sample of the current window."""
        self._samples[:, self._num_samples] = sample
        self._num_samples += 1

    def calculate_sample_variance(self) -> FloatArray:
        """The window's regularised sample covariance (or variances)."""
        n_params, n = self._samples.shape
        covariance: FloatArray
        identity: FloatArray
        if self.get_inv_mass_matrix().ndim == 1:
            covariance, identity = np.var(self._samples, axis=1), np.ones(n_params)
        else:
            covariance, identity = np.cov(self._samples), np.eye(n_params)
        return (n / (n + 5.0)) * covariance + 1e-3 * (5.0 / (n + 5.0)) * identity

    # -- the schedule -------------------------------------------------------------
    def step(self, x: ArrayLike, accept_prob: float) -> bool:
        """One adaptation step after an iteration that moved to ``x`` with
        acceptance statistic ``accept_prob``. Returns True when a mass
        matrix window ended (the step size adaptation restarts)."""
        if not self._adapting:
            return False
        self._counter += 1
        if self._counter >= self._warmup_steps:
            self._epsilon = self.final_epsilon()
            self._adapting = False
            return False
        self.adapt_epsilon(accept_prob)
        if self._counter > self._initial_window:
            self.add_parameter_sample(x)
        if self._counter < self._next_window:
            return False
        self.set_inv_mass_matrix(self.calculate_sample_variance())
        last = self._warmup_steps - self._terminal_window
        if self._counter >= last:
            self._next_window = self._warmup_steps
        else:
            # Each base window doubles; the last one stretches to the
            # terminal window.
            self._base_window *= 2
            self._next_window = min(self._counter + self._base_window, last)
        self.init_sample_covariance(self._next_window - self._counter)
        return True

    def target_accept_prob(self) -> float:
        """The acceptance statistic aimed for."""
        return self._target_accept_prob

    def use_dense_mass_matrix(self) -> bool:
        """Whether the mass matrix is dense (else diagonal)."""
        return self._use_dense_mass_matrix

    def warmup_steps(self) -> int:
        """The number of adaptation steps."""
        return self._warmup_steps


def check_warmup_steps(n: int) -> int:
    """The smallest number of warm-up steps (the three windows); raise a
    ValueError if ``n`` is fewer."""
    minimum = 75 + 25 + 50
    if n < minimum:
        raise ValueError(
            f"Number of warmup steps less than the minimum value {minimum}"
        )
    return minimum


def _inverse(matrix: FloatArray) -> FloatArray | None:
    """The inverse of ``matrix``, or None if it is singular."""
    try:
        return np.linalg.inv(matrix).astype(np.float64)
    except np.linalg.LinAlgError:
        return None
