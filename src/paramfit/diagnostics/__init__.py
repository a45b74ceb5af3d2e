r"""MCMC diagnostics: autocorrelation, effective sample size and R-hat.

Two families live here.

* PINTS's diagnostics, with PINTS's names, signatures and formulas:
  `autocorrelation`, `autocorrelate_negative`,
  `effective_sample_size_single_parameter`, `effective_sample_size`, `rhat`
  and the deprecated `rhat_all_params`. Their values agree with PINTS 0.6.1
  to rounding (the autocorrelation is computed by FFT, in
  $O(n \log n)$ rather than PINTS's $O(n^2)$).
* The rank-normalised diagnostics of Vehtari, Gelman, Simpson, Carpenter
  and Bürkner [1]: `rank_normalised_rhat`, `bulk_effective_sample_size` and
  `tail_effective_sample_size`. Their values agree with ArviZ's ``rhat``
  (``method="rank"``) and ``ess`` (``method="bulk"`` and ``"tail"``),
  except where a chain, or a tail's indicator, never changes: NaN here (as
  in the R package posterior), the number of draws in ArviZ.

Chains are arrays of shape ``(n_chains, n_samples)`` for one parameter or
``(n_chains, n_samples, n_parameters)``; one chain's samples are
``(n_samples, n_parameters)``, as the samplers return them. Inputs are
checked here, so a wrong shape, too few samples or a NaN raises a
`ValueError` that says so. A chain that never moves has no defined
autocorrelation: its diagnostics are NaN, as in PINTS.

References
----------
[1] Vehtari, Gelman, Simpson, Carpenter and Bürkner (2021). Rank-normalization,
    folding, and localization: an improved R-hat for assessing convergence of
    MCMC. Bayesian Analysis 16(2), 667-718. doi:10.1214/20-BA1221
[2] Gelman, Carlin, Stern, Dunson, Vehtari and Rubin (2014). Bayesian Data
    Analysis, 3rd edition, Section 11.4. CRC Press.
[3] Geyer (1992). Practical Markov chain Monte Carlo. Statistical Science
    7(4), 473-483.
"""

from ._pints import (
    _autocorrelate_negative as _autocorrelate_negative,  # PINTS's private name
)
from ._pints import (
    autocorrelate_negative,
    autocorrelation,
    effective_sample_size,
    effective_sample_size_single_parameter,
    rhat,
    rhat_all_params,
)
from ._rank import (
    bulk_effective_sample_size,
    rank_normalised_rhat,
    tail_effective_sample_size,
)

__all__ = [
    "autocorrelate_negative",
    "autocorrelation",
    "bulk_effective_sample_size",
    "effective_sample_size",
    "effective_sample_size_single_parameter",
    "rank_normalised_rhat",
    "rhat",
    "rhat_all_params",
    "tail_effective_sample_size",
]
