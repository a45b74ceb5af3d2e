"""Transformations between model space and a search space in which
optimisation is easier (e.g. unbounded, or scaled to unit size).

Notation: a model-space point $p$ maps to the search-space point
$q = f(p)$ (`Transformation.to_search()`), and back with
$p = f^{-1}(q)$ (`Transformation.to_model()`). The Jacobian is that
of the inverse map, $J_{ij} = \\partial p_i / \\partial q_j$, evaluated
at a search-space point.
"""

from __future__ import annotations

import warnings
from typing import cast

import numpy as np

from .._checks import count, fail, fits_in_memory, floats
from .._checks import vector as checked_vector
from .._typing import ArrayLike, FloatArray
from .._util import LazyModule
from ..problems._boundaries import Boundaries, RectangularBoundaries
from ..problems._error_measures import ErrorMeasure
from ..problems._log_pdfs import LogLikelihood, LogPDF, LogPrior
from ._transformed import (
    TransformedBoundaries,
    TransformedErrorMeasure,
    TransformedLogLikelihood,
    TransformedLogPDF,
    TransformedLogPrior,
    TransformedRectangularBoundaries,
)

# scipy.special, imported at the first use of a logit transformation.
_special = LazyModule("scipy.special")


class Transformation:
    """Base class for transformations between model and search space.

    Subclasses implement `to_search()`, `to_model()`,
    `n_parameters()`, `elementwise()`, `jacobian()` and
    `jacobian_S1()`; the log-determinant methods have general defaults
    that element-wise transformations override with closed forms.
    """

    def _vector(self, x: ArrayLike, name: str) -> FloatArray:
        """``x`` as a point of this transformation's spaces: a read-only
        copy, or a ``TypeError``/``ValueError`` naming ``name``."""
        return checked_vector(x, name, n=self.n_parameters(), finite=False)

    def convert_log_pdf(self, log_pdf: LogPDF) -> LogPDF:
        """Return ``log_pdf`` as a function of search-space points: a
        `TransformedLogLikelihood` for a `LogLikelihood` (no
        Jacobian term), else a `TransformedLogPrior` for a
        `LogPrior`, else a `TransformedLogPDF`."""
        if isinstance(log_pdf, LogLikelihood):
            return TransformedLogLikelihood(log_pdf, self)
        if isinstance(log_pdf, LogPrior):
            return TransformedLogPrior(log_pdf, self)
        return TransformedLogPDF(log_pdf, self)

    def convert_log_prior(self, log_prior: LogPrior) -> TransformedLogPrior:
        """Deprecated: use `convert_log_pdf()`."""
        warnings.warn(
            "The method `convert_log_prior` is deprecated. Please use"
            " `convert_log_pdf` instead (which will automatically detect"
            " LogPDF subtypes).",
            stacklevel=2,
        )
        return TransformedLogPrior(log_prior, self)

    def convert_error_measure(self, error_measure: ErrorMeasure) -> ErrorMeasure:
        """Return ``error_measure`` as a function of search-space points."""
        return TransformedErrorMeasure(error_measure, self)

    def convert_boundaries(self, boundaries: Boundaries) -> Boundaries:
        """Return the boundaries in search space: rectangular again when both
        the boundaries are rectangular and the transformation is element-wise."""
        if isinstance(boundaries, RectangularBoundaries) and self.elementwise():
            return TransformedRectangularBoundaries(boundaries, self)
        return TransformedBoundaries(boundaries, self)

    def convert_covariance_matrix(self, C: ArrayLike, q: ArrayLike) -> FloatArray:
        r"""Convert a model-space covariance matrix ``C`` to search space at
        ``q``, to first order: $J^{+} C J^{+T}$ with $J^{+}$ the
        pseudo-inverse of the Jacobian."""
        n = self.n_parameters()
        C = floats(C, "C")
        if C.shape != (n, n) or not np.isfinite(C).all():
            raise ValueError(fail("C", f"a finite ({n}, {n}) covariance matrix", C))
        jac_inv = np.linalg.pinv(self.jacobian(q))
        return np.asarray(jac_inv @ C @ jac_inv.T)

    def convert_standard_deviation(self, s: ArrayLike, q: ArrayLike) -> FloatArray:
        r"""Convert model-space standard deviations ``s`` (scalar or shape
        ``(n_parameters,)``) to search space at ``q``, to first order:
        $s \sqrt{\operatorname{diag}(J^{+} J^{+T})}$."""
        n = self.n_parameters()
        s = floats(s, "s")
        if s.shape not in ((), (n,), (1,)) or not np.isfinite(s).all():
            raise ValueError(
                fail("s", f"a finite standard deviation, or {n} of them", s)
            )
        jac_inv = np.linalg.pinv(self.jacobian(q))
        return np.asarray(s * np.sqrt(np.diagonal(jac_inv @ jac_inv.T)))

    def elementwise(self) -> bool:
        """Return whether each search coordinate depends on one model
        coordinate only (so that the Jacobian is diagonal)."""
        raise NotImplementedError

    def jacobian(self, q: ArrayLike) -> FloatArray:
        r"""Return $J = \partial p / \partial q$ at ``q``, shape
        ``(n, n)``."""
        raise NotImplementedError

    def jacobian_S1(self, q: ArrayLike) -> tuple[FloatArray, FloatArray]:
        r"""Return $J$ and its derivatives, shape ``(n, n, n)`` with
        ``dJ[i] = dJ/dq_i``."""
        raise NotImplementedError

    def log_jacobian_det(self, q: ArrayLike) -> float:
        r"""Return $\log|\det J(q)|$."""
        return float(np.log(np.abs(np.linalg.det(self.jacobian(q)))))

    def log_jacobian_det_S1(self, q: ArrayLike) -> tuple[float, FloatArray]:
        r"""Return $\log|\det J|$ and its gradient, shape ``(n,)``, by
        Jacobi's formula: $\partial_i \log|\det J| =
        \operatorname{tr}(J^{+} \partial_i J)$."""
        q = self._vector(q, "q")
        jac, jac_S1 = self.jacobian_S1(q)
        d = np.einsum("jk,ikj->i", np.linalg.pinv(jac), jac_S1)
        return self.log_jacobian_det(q), d

    def n_parameters(self) -> int:
        """Return the dimension of the parameter space."""
        raise NotImplementedError

    def to_model(self, q: ArrayLike) -> FloatArray:
        r"""Map a search-space point to model space, $p = f^{-1}(q)$."""
        raise NotImplementedError

    def to_search(self, p: ArrayLike) -> FloatArray:
        r"""Map a model-space point to search space, $q = f(p)$."""
        raise NotImplementedError


class _ElementwiseTransformation(Transformation):
    """An element-wise transformation defined by the diagonal of its Jacobian
    and that diagonal's derivative."""

    def __init__(self, n_parameters: int) -> None:
        self._n_parameters = count(n_parameters, "n_parameters")
        # Jacobians are (n, n) matrices.
        fits_in_memory(
            self._n_parameters**2, "n_parameters", n_parameters, "its Jacobian"
        )

    def elementwise(self) -> bool:
        return True

    def n_parameters(self) -> int:
        return self._n_parameters

    def _diagonal(self, q: FloatArray) -> FloatArray:
        raise NotImplementedError

    def _diagonal_S1(self, q: FloatArray, diagonal: FloatArray) -> FloatArray:
        """The derivative of each diagonal entry with respect to its q."""
        raise NotImplementedError

    def jacobian(self, q: ArrayLike) -> FloatArray:
        return np.diag(self._diagonal(self._vector(q, "q")))

    def jacobian_S1(self, q: ArrayLike) -> tuple[FloatArray, FloatArray]:
        q = self._vector(q, "q")
        n = self._n_parameters
        diagonal = self._diagonal(q)
        jac_S1 = np.zeros((n, n, n))
        i = np.arange(n)
        jac_S1[i, i, i] = self._diagonal_S1(q, diagonal)
        return np.diag(diagonal), jac_S1


class IdentityTransformation(_ElementwiseTransformation):
    """The identity, $q = p$.

    Parameters
    ----------
    n_parameters : int
        The dimension of the parameter space.
    """

    def _diagonal(self, q: FloatArray) -> FloatArray:
        return np.ones(self._n_parameters)

    def _diagonal_S1(self, q: FloatArray, diagonal: FloatArray) -> FloatArray:
        return np.zeros(self._n_parameters)

    def jacobian(self, q: ArrayLike) -> FloatArray:
        return np.eye(self._n_parameters)

    def log_jacobian_det(self, q: ArrayLike) -> float:
        return 0.0

    def log_jacobian_det_S1(self, q: ArrayLike) -> tuple[float, FloatArray]:
        return 0.0, np.zeros(self._n_parameters)

    def to_model(self, q: ArrayLike) -> FloatArray:
        return self._vector(q, "q")

    def to_search(self, p: ArrayLike) -> FloatArray:
        return self._vector(p, "p")


class LogTransformation(_ElementwiseTransformation):
    r"""The natural logarithm, $q = \log p$, for positive parameters.

    $$
    p = e^q, \qquad J = \operatorname{diag}(e^q), \qquad
    \log|\det J| = \sum_i q_i
    $$

    Model-space values $p \le 0$ map to NaN or $-\infty$ (with
    NumPy's warnings).

    Parameters
    ----------
    n_parameters : int
        The dimension of the parameter space.
    """

    def _diagonal(self, q: FloatArray) -> FloatArray:
        return np.exp(q)

    def _diagonal_S1(self, q: FloatArray, diagonal: FloatArray) -> FloatArray:
        return diagonal

    def log_jacobian_det(self, q: ArrayLike) -> float:
        return float(np.sum(self._vector(q, "q")))

    def log_jacobian_det_S1(self, q: ArrayLike) -> tuple[float, FloatArray]:
        return self.log_jacobian_det(q), np.ones(self._n_parameters)

    def to_model(self, q: ArrayLike) -> FloatArray:
        return np.exp(self._vector(q, "q"))

    def to_search(self, p: ArrayLike) -> FloatArray:
        return np.log(self._vector(p, "p"))


class LogitTransformation(_ElementwiseTransformation):
    r"""The logit, $q = \log(p / (1 - p))$, for parameters in
    $(0, 1)$.

    $$
    p = \sigma(q) = \frac{1}{1 + e^{-q}}, \qquad
    J = \operatorname{diag}\left(\sigma(q)\sigma(-q)\right), \qquad
    \log|\det J| = \sum_i \left[\log\sigma(q_i) + \log\sigma(-q_i)\right]
    $$

    Model-space values outside $[0, 1]$ map to NaN, 0 and 1 to
    $\mp\infty$.

    Parameters
    ----------
    n_parameters : int
        The dimension of the parameter space.
    """

    def _diagonal(self, q: FloatArray) -> FloatArray:
        # sigma(q)(1 - sigma(q)) without cancellation for large q
        return np.asarray(_special.expit(q) * _special.expit(-q))

    def _diagonal_S1(self, q: FloatArray, diagonal: FloatArray) -> FloatArray:
        return np.asarray(diagonal * (_special.expit(-q) - _special.expit(q)))

    def log_jacobian_det(self, q: ArrayLike) -> float:
        q = self._vector(q, "q")
        return float(np.sum(_special.log_expit(q) + _special.log_expit(-q)))

    def log_jacobian_det_S1(self, q: ArrayLike) -> tuple[float, FloatArray]:
        q = self._vector(q, "q")
        return self.log_jacobian_det(q), 2 * _special.expit(-q) - 1

    def to_model(self, q: ArrayLike) -> FloatArray:
        return np.asarray(_special.expit(self._vector(q, "q")))

    def to_search(self, p: ArrayLike) -> FloatArray:
        return np.asarray(_special.logit(self._vector(p, "p")))


class RectangularBoundariesTransformation(_ElementwiseTransformation):
    r"""Maps a box $[a, b]$ onto the whole of search space with a
    scaled logit, $q = \log(p - a) - \log(b - p)$.

    $$
    p = a + (b - a)\,\sigma(q), \qquad
    J = \operatorname{diag}\left(\frac{b - a}{e^q (1 + e^{-q})^2}\right),
    $$

    $$
    \log|\det J| = \sum_i \left[\log(b_i - a_i) - 2\log(1 + e^{-q_i})
    - q_i\right]
    $$

    Parameters
    ----------
    lower_or_boundaries : array_like or RectangularBoundaries
        The lower bounds $a$, shape ``(n_parameters,)``, or a
        `RectangularBoundaries` (then ``upper`` must be omitted).
    upper : array_like, shape (n_parameters,), optional
        The upper bounds $b$.

    Raises
    ------
    ValueError
        If a single argument is not a `RectangularBoundaries`, or the
        bounds are invalid.
    """

    def __init__(
        self,
        lower_or_boundaries: ArrayLike | RectangularBoundaries,
        upper: ArrayLike | None = None,
    ) -> None:
        if upper is None:
            if not isinstance(lower_or_boundaries, RectangularBoundaries):
                raise ValueError(
                    "RectangularBoundariesTransformation requires a lower and an"
                    " upper bound, or a single RectangularBoundaries object."
                )
            boundaries = lower_or_boundaries
        else:
            lower = cast(ArrayLike, lower_or_boundaries)
            boundaries = RectangularBoundaries(lower, upper, rng=0)
        self._a = boundaries.lower()
        self._b = boundaries.upper()
        if not (np.isfinite(self._a).all() and np.isfinite(self._b).all()):
            raise ValueError(
                "RectangularBoundariesTransformation needs finite bounds; got lower "
                f"{self._a.tolist()} and upper {self._b.tolist()}."
            )
        self._width = self._b - self._a
        super().__init__(boundaries.n_parameters())

    def _diagonal(self, q: FloatArray) -> FloatArray:
        # The textbook form in the usual range (so values match PINTS's to the
        # last bit); sigma(q) sigma(-q), which cannot overflow, further out.
        qc = np.clip(q, -300, 300)
        d = self._width / (np.exp(qc) * (1.0 + np.exp(-qc)) ** 2)
        far = np.abs(q) > 300
        if far.any():
            d = np.where(far, self._width * _special.expit(q) * _special.expit(-q), d)
        return np.asarray(d)

    def _diagonal_S1(self, q: FloatArray, diagonal: FloatArray) -> FloatArray:
        return np.asarray(diagonal * (_special.expit(-q) - _special.expit(q)))

    def log_jacobian_det(self, q: ArrayLike) -> float:
        q = self._vector(q, "q")
        return float(np.sum(np.log(self._width) - 2 * np.logaddexp(0, -q) - q))

    def log_jacobian_det_S1(self, q: ArrayLike) -> tuple[float, FloatArray]:
        q = self._vector(q, "q")
        return self.log_jacobian_det(q), 2 * _special.expit(-q) - 1

    def to_model(self, q: ArrayLike) -> FloatArray:
        return np.asarray(self._width * _special.expit(self._vector(q, "q")) + self._a)

    def to_search(self, p: ArrayLike) -> FloatArray:
        p = self._vector(p, "p")
        return np.asarray(np.log(p - self._a) - np.log(self._b - p))
