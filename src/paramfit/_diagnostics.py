"""Where PINTS keeps its MCMC diagnostics; kept so that imports of
``paramfit._diagnostics`` (PINTS's tests use them) work. The diagnostics live
in `paramfit.diagnostics`."""

from .diagnostics import (
    _autocorrelate_negative,
    autocorrelate_negative,
    autocorrelation,
    effective_sample_size,
    effective_sample_size_single_parameter,
    rhat,
    rhat_all_params,
)

__all__ = [
    "_autocorrelate_negative",
    "autocorrelate_negative",
    "autocorrelation",
    "effective_sample_size",
    "effective_sample_size_single_parameter",
    "rhat",
    "rhat_all_params",
]
