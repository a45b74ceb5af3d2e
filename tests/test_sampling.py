"""Every registered sampler draws from its target: pooled moments within a
few Monte Carlo standard errors (using the chains' effective sample size)
and split R-hat near 1, through the statistical harness.

The target is a correlated 2-d Gaussian; four chains start at different
points, each seeded, and their first ``warm_up`` draws are dropped.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from harness import (
    assert_correlation,
    assert_mean,
    assert_rhat,
    assert_sd,
    effective_sample_size,
)
from registry import Method, by_name, method_params

import paramfit.samplers._metropolis as metropolis

MEAN = np.array([1.0, -2.0])
COV = np.array([[1.0, 0.6], [0.6, 2.0]])
SD = np.sqrt(np.diag(COV))
RHO = COV[0, 1] / (SD[0] * SD[1])
PRECISION = np.linalg.inv(COV)
#: Starting points around the mean, one per chain.
STARTS = MEAN + np.array([[-1.0, -0.75], [1.0, -0.75], [-1.0, 0.75], [1.0, 0.75]])
#: Random-walk proposals scaled for a 2-d Gaussian (Gelman, Roberts and
#: Gilks 1996: 2.38^2 / d times the target covariance).
PROPOSAL = 2.38**2 / 2 * COV


def log_pdf(x: Any) -> float:
    d = np.asarray(x) - MEAN
    return float(-0.5 * d @ PRECISION @ d)


def chains(m: Method, seed: int) -> np.ndarray:
    """Draws of ``len(STARTS)`` chains after warm-up, shape (chains, n, 2)."""
    out = []
    for c, x0 in enumerate(STARTS):
        sampler = m.make(x0, PROPOSAL, seed=seed + c)
        draws = []
        while len(draws) < m.budget:
            reply = sampler.tell(log_pdf(sampler.ask()))
            if reply is not None:  # None: the step needs more evaluations
                draws.append(reply[0])
        out.append(draws[m.settings["warm_up"] :])
    return np.array(out)


def check_target(c: np.ndarray) -> None:
    assert_rhat(c, below=1.01)
    ess = sum(effective_sample_size(chain) for chain in c)
    pooled = c.reshape(-1, c.shape[-1])
    assert_mean(pooled, MEAN, SD, k=4, ess=ess)
    assert_sd(pooled, SD, k=4, ess=ess)
    assert_correlation(pooled, RHO, k=4, ess=ess)


@pytest.mark.parametrize("m", method_params(kind="sampler"))
def test_samples_the_target(m):
    check_target(chains(m, seed=10))


def test_a_wrong_acceptance_rule_is_caught(monkeypatch):
    """Accepting by pi^2 instead of pi (a doubled log-ratio) samples a
    Gaussian with half the variance: the same checks must fail."""
    rule = metropolis.accept
    monkeypatch.setattr(metropolis, "accept", lambda f, g, u: rule(2 * f, 2 * g, u))
    with pytest.raises(AssertionError, match="standard errors"):
        check_target(chains(by_name("MetropolisRandomWalkMCMC"), seed=10))
