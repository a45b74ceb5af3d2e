"""Base classes for toy models."""

from __future__ import annotations

from .._util import FloatArray


class ToyModel:
    """Interface for toy models: forward models with representative
    parameters and times.

    Toy models extend this class and one of :class:`paramfit.ForwardModel`
    or :class:`paramfit.ForwardModelS1`.
    """

    def suggested_parameters(self) -> FloatArray:
        """Return parameter values representative of the model.

        Returns
        -------
        parameters : ndarray, shape (n_parameters,)
        """
        raise NotImplementedError

    def suggested_times(self) -> FloatArray:
        """Return time points representative of the model.

        Returns
        -------
        times : ndarray, shape (n_times,)
        """
        raise NotImplementedError
