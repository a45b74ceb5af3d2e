"""The No-U-Turn sampler's trajectory, built one leapfrog step at a time.

Hoffman and Gelman's recursive tree building (2014, Algorithms 3 and 6)
visits the leaves of each new subtree in order and merges subtrees in
post-order. `NutsTree` does the same without recursion: each new leaf is
pushed on a stack and merged with the subtree below it while the two are of
equal size, so that a transition can wait for each log-pdf evaluation
(ask/tell) and be pickled mid-way. `StepSizeSearch` is the heuristic for a
first step size (their Algorithm 4). Both take their random draws from a
generator passed in, so tests can inject them.

As in PINTS (and Stan), a proposal is drawn from each new subtree by
multinomial sampling [2]: within a subtree uniformly in proportion to
``exp(-H)``, and at the top biased towards the new subtree; the
trajectory stops at a U-turn by the generalised criterion on the summed
momenta [2], checked also across each pair of merged subtrees, or at a
divergent leapfrog step.

References
----------
[1] Hoffman and Gelman (2014) The No-U-Turn sampler: adaptively setting path
    lengths in Hamiltonian Monte Carlo. JMLR 15(1), 1593-1623.
[2] Betancourt (2018) A conceptual introduction to Hamiltonian Monte Carlo.
    https://arxiv.org/abs/1701.02434 (appendix A).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._typing import FloatArray
from ._leapfrog import GaussianKinetic, drift, kick

_LOG_HALF = float(np.log(0.5))
_LOG_2 = float(np.log(2.0))


class Subtree:
    """A run of consecutive trajectory points: its two ends (position,
    momentum, log-pdf gradient), the point drawn from it, the log of its
    total weight ``sum exp(H0 - H)``, the sum ``rho`` of its momenta, the
    sum ``alpha`` of its leaves' acceptance probabilities and their number,
    and whether it diverged or must stop (a divergence or a U-turn)."""

    __slots__ = (
        "x_minus", "r_minus", "g_minus", "x_plus", "r_plus", "g_plus",
        "x", "f", "g", "log_weight", "rho", "alpha", "n_leaves", "divergent", "stop",
    )  # fmt: skip

    def __init__(
        self, x: FloatArray, r: FloatArray, f: float, g: FloatArray, log_weight: float
    ) -> None:
        self.x_minus = self.x_plus = self.x = x
        self.r_minus = self.r_plus = self.rho = r
        self.g_minus = self.g_plus = self.g = g
        self.f = f
        self.log_weight = log_weight
        self.alpha = 0.0
        self.n_leaves = 0
        self.divergent = False
        self.stop = False

    def end(self, direction: int) -> tuple[FloatArray, FloatArray, FloatArray]:
        """Position, momentum and gradient at the forward (``direction``
        1) or backward (-1) end."""
        if direction > 0:
            return self.x_plus, self.r_plus, self.g_plus
        return self.x_minus, self.r_minus, self.g_minus


def leaf(
    x: FloatArray,
    r: FloatArray,
    f: float,
    g: FloatArray,
    h0: float,
    kinetic: GaussianKinetic,
    threshold: float,
) -> Subtree:
    """One new trajectory point as a subtree. Its log-weight is
    ``H0 - H`` (``-inf`` if not a number); it diverges when ``H - H0``
    exceeds ``threshold`` (Algorithm 6 of [1]: ``Delta_max``)."""
    delta = f - kinetic.energy(r) - h0
    if delta != delta:
        delta = -np.inf
    tree = Subtree(x, r, f, g, delta)
    tree.alpha = min(1.0, float(np.exp(delta)))
    tree.n_leaves = 1
    tree.divergent = tree.stop = bool(-delta > threshold)
    return tree


def u_turn(left: Subtree, right: Subtree, kinetic: GaussianKinetic) -> bool:
    """Whether the trajectory ``left + right`` turns back on itself: the
    generalised criterion ``rho . M^-1 p > 0`` at both ends ([2],
    appendix A.4.2), also for each subtree extended by the nearest point of
    the other (as Stan)."""
    v = kinetic.velocity
    v_left_minus, v_right_plus = v(left.r_minus), v(right.r_plus)
    rho = left.rho + right.rho
    if not (rho @ v_left_minus > 0 and rho @ v_right_plus > 0):
        return True
    rho = left.rho + right.r_minus
    if not (rho @ v_left_minus > 0 and rho @ v(right.r_minus) > 0):
        return True
    rho = right.rho + left.r_plus
    return not (rho @ v(left.r_plus) > 0 and rho @ v_right_plus > 0)


def merge(
    tree: Subtree,
    new: Subtree,
    direction: int,
    kinetic: GaussianKinetic,
    rng: Any,
    root: bool,
) -> None:
    """Extend ``tree`` in place by ``new``, the adjacent subtree in
    ``direction``. Inside a subtree the point kept is drawn in proportion
    to the weights; at the top (``root``) the new subtree's point is taken
    with probability ``min(1, w_new / w_old)`` (biased progressive
    sampling, [2] appendix A.3.2). A uniform draw is used only when the
    probability is strictly between 0 and 1."""
    tree.alpha += new.alpha
    tree.n_leaves += new.n_leaves
    tree.divergent |= new.divergent
    if new.stop:
        tree.stop = True
        return
    left, right = (tree, new) if direction > 0 else (new, tree)
    turning = u_turn(left, right, kinetic)
    if root:
        p = np.exp(new.log_weight - tree.log_weight)
        tree.log_weight = np.logaddexp(tree.log_weight, new.log_weight)
    else:
        tree.log_weight = np.logaddexp(tree.log_weight, new.log_weight)
        p = np.exp(new.log_weight - tree.log_weight)
    if p >= 1 or (p > 0 and rng.uniform() < p):
        tree.x, tree.f, tree.g = new.x, new.f, new.g
    if direction > 0:
        tree.x_plus, tree.r_plus, tree.g_plus = new.x_plus, new.r_plus, new.g_plus
    else:
        tree.x_minus, tree.r_minus, tree.g_minus = new.x_minus, new.r_minus, new.g_minus
    tree.rho = tree.rho + new.rho
    tree.stop = turning


class NutsTree:
    """One NUTS transition from ``(x, f, g)`` with momentum ``r0``, as an
    ask/tell state machine (`point()`, `tell()`, `done()`).

    Each doubling (depth ``j = 0, 1, ...``) picks a direction and adds
    ``2^j`` leapfrog steps of size ``epsilon`` at that end, until a U-turn
    or divergence, or ``max_depth`` doublings. Afterwards ``x``, ``f``,
    ``g`` are the drawn point, `accept_stat()` the mean acceptance
    probability over the new points (for dual averaging; Algorithm 6 of
    [1]) and ``n_leapfrog`` their number.
    """

    def __init__(
        self,
        x: FloatArray,
        f: float,
        g: FloatArray,
        r0: FloatArray,
        epsilon: float,
        kinetic: GaussianKinetic,
        threshold: float,
        max_depth: int,
        rng: Any,
    ) -> None:
        self.h0 = f - kinetic.energy(r0)
        self.tree = Subtree(x, r0, f, g, 0.0)
        self.epsilon = epsilon
        self.kinetic = kinetic
        self.threshold = threshold
        self.max_depth = max_depth
        self.rng = rng
        self.depth = 0
        self.finished = False
        self._extend()

    def _extend(self) -> None:
        """Start the next doubling, in a random direction."""
        self.direction = 1 if self.rng.integers(2) else -1
        self.remaining = 2**self.depth
        self.stack: list[Subtree] = []
        self.built = (0.0, 0, False)  # alpha, leaves, divergent so far
        self._pending: tuple[FloatArray, FloatArray] | None = None

    def point(self) -> FloatArray:
        """The next leapfrog position, to evaluate."""
        if self._pending is None:
            end = self.stack[-1] if self.stack else self.tree
            x, r, g = end.end(self.direction)
            step = self.direction * self.epsilon
            r_half = kick(r, g, step)
            self._pending = drift(x, self.kinetic.velocity(r_half), step), r_half
        return self._pending[0]

    def tell(self, f: float, g: FloatArray) -> None:
        """Take the log-pdf and its gradient at `point()`."""
        if self._pending is None:
            self.point()
        assert self._pending is not None
        x, r_half = self._pending
        self._pending = None
        r = kick(r_half, g, self.direction * self.epsilon)
        new = leaf(x, r, f, g, self.h0, self.kinetic, self.threshold)
        alpha, n, divergent = self.built
        self.built = (alpha + new.alpha, n + 1, divergent or new.divergent)
        self.remaining -= 1
        if new.stop:
            return self._abandon()
        stack = self.stack
        stack.append(new)
        while len(stack) > 1 and stack[-1].n_leaves == stack[-2].n_leaves:
            newer = stack.pop()
            merge(stack[-1], newer, self.direction, self.kinetic, self.rng, False)
            if stack[-1].stop:
                return self._abandon()
        if self.remaining == 0:
            merge(self.tree, stack[0], self.direction, self.kinetic, self.rng, True)
            self.depth += 1
            if self.tree.stop or self.depth >= self.max_depth:
                self.finished = True
            else:
                self._extend()
        return None

    def _abandon(self) -> None:
        """The doubling under way stopped (U-turn or divergence inside it):
        its points count for the statistics, not as proposals."""
        alpha, n, divergent = self.built
        self.tree.alpha += alpha
        self.tree.n_leaves += n
        self.tree.divergent |= divergent
        self.tree.stop = True
        self.finished = True

    def done(self) -> bool:
        """Whether the transition is complete."""
        return self.finished

    def accept_stat(self) -> float:
        """The mean acceptance probability of the trajectory's new points."""
        return self.tree.alpha / max(1, self.tree.n_leaves)


class StepSizeSearch:
    """A reasonable first step size (Algorithm 4 of [1]): from 1, double
    (or halve) the step size until the acceptance probability of one
    leapfrog step from ``(x, r)`` crosses 1/2. Ask/tell like `NutsTree`.

    Raises
    ------
    ValueError
        If the step size passes ``1e7`` (an improper log-pdf) or reaches 0.
    """

    def __init__(
        self,
        x: FloatArray,
        f: float,
        g: FloatArray,
        r: FloatArray,
        kinetic: GaussianKinetic,
        epsilon: float = 1.0,
    ) -> None:
        self.x, self.g, self.r = x, g, r
        self.h0 = f - kinetic.energy(r)
        self.kinetic = kinetic
        self.epsilon = epsilon
        self.a = 0
        self.finished = False
        self._pending: tuple[FloatArray, FloatArray] | None = None

    def point(self) -> FloatArray:
        """The position after one leapfrog step of the current size."""
        if self._pending is None:
            r_half = kick(self.r, self.g, self.epsilon)
            x = drift(self.x, self.kinetic.velocity(r_half), self.epsilon)
            self._pending = x, r_half
        return self._pending[0]

    def tell(self, f: float, g: FloatArray) -> None:
        """Take the log-pdf and its gradient at `point()`."""
        if self._pending is None:
            self.point()
        assert self._pending is not None
        r = kick(self._pending[1], g, self.epsilon)
        self._pending = None
        delta = f - self.kinetic.energy(r) - self.h0
        if delta != delta:
            delta = -np.inf
        if self.a == 0:
            self.a = 1 if delta > _LOG_HALF else -1
        if not self.a * delta > -self.a * _LOG_2:
            self.finished = True
            return
        self.epsilon *= 2.0**self.a
        if self.epsilon > 1e7:
            raise ValueError(
                "The step size search of NoUTurnMCMC passed 1e7 (Hoffman and "
                "Gelman 2014, Algorithm 4): the log-pdf may be improper."
            )
        if self.epsilon == 0:
            raise ValueError(
                "The step size search of NoUTurnMCMC found no step size small "
                "enough (Hoffman and Gelman 2014, Algorithm 4): is the log-pdf "
                "continuous, and its gradient right?"
            )

    def done(self) -> bool:
        """Whether the search is complete (see ``epsilon``)."""
        return self.finished
