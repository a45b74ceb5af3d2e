"""Boundaries, error measures and log-pdfs seen through a transformation:
functions of search-space points $q$ built from functions of
model-space points $p = f^{-1}(q)$.

Every wrapper is created from the model-space object and a transformation
with the same number of parameters (a ``ValueError`` says so if they
differ). The wrappers use the transformation only through ``to_model``,
``to_search``, ``jacobian``, ``log_jacobian_det(_S1)``, ``elementwise`` and
``n_parameters``, so any object with those methods works.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, cast

import numpy as np

from .._checks import count, fail, vector
from .._typing import ArrayLike, FloatArray
from ..problems._boundaries import Boundaries, RectangularBoundaries
from ..problems._error_measures import ErrorMeasure
from ..problems._log_pdfs import LogLikelihood, LogPDF, LogPrior
from ..problems._problems import Point


class TransformationLike(Protocol):
    """What the wrappers use of a transformation (see `Transformation`)."""

    def elementwise(self) -> bool: ...

    def jacobian(self, q: ArrayLike, /) -> FloatArray: ...

    def log_jacobian_det(self, q: ArrayLike, /) -> float: ...

    def log_jacobian_det_S1(self, q: ArrayLike, /) -> tuple[float, FloatArray]: ...

    def n_parameters(self) -> int: ...

    def to_model(self, q: ArrayLike, /) -> FloatArray: ...

    def to_search(self, p: ArrayLike, /) -> FloatArray: ...


class _Scored(Protocol):
    """An error measure or a log-likelihood: a value and its gradient."""

    def __call__(self, x: Point, /) -> float: ...

    def evaluateS1(self, x: Point, /) -> tuple[float, FloatArray]: ...

    def n_parameters(self) -> int: ...


class _Wrapper:
    """Shared by the wrappers: the transformation, and the dimension of both
    spaces, once checked that the transformation has it too."""

    def __init__(
        self, n_parameters: int, transformation: TransformationLike, what: str
    ) -> None:
        _check_transformation(transformation)
        self._transform = transformation
        self._n_parameters = n_parameters
        _check_dimension(n_parameters, transformation, what)

    def n_parameters(self) -> int:
        return self._n_parameters


_TRANSFORMATION_METHODS = ("n_parameters", "to_model", "to_search", "elementwise")


def _check_transformation(transformation: object) -> None:
    """A ``TypeError`` unless ``transformation`` has a transformation's
    methods (see the module notes)."""
    if not all(
        callable(getattr(transformation, m, None)) for m in _TRANSFORMATION_METHODS
    ):
        raise TypeError(fail("transformation", "a Transformation", transformation))


def _dimension(function: object, name: str, kind: str, wrong: type) -> int:
    """``function.n_parameters()``, once ``function`` is known to be a
    callable of ``kind`` with that method (and not a ``wrong``)."""
    n_parameters = getattr(function, "n_parameters", None)
    if (
        isinstance(function, wrong)
        or not callable(function)
        or not callable(n_parameters)
    ):
        raise TypeError(fail(name, kind, function))
    return count(n_parameters(), f"{name}.n_parameters()")


def _check_dimension(n: int, transformation: TransformationLike, what: str) -> None:
    if transformation.n_parameters() != n:
        raise ValueError(
            f"Number of parameters for {what} and transformation must match."
        )


def _to_search_space(
    transformation: TransformationLike, points: Iterable[ArrayLike]
) -> list[FloatArray]:
    """Each model-space point mapped to search space (a list, as PINTS)."""
    return [transformation.to_search(p) for p in points]


class TransformedBoundaries(_Wrapper, Boundaries):
    """Boundaries in search space: $q$ is inside when
    $f^{-1}(q)$ is inside the model-space boundaries.

    Parameters
    ----------
    boundaries : Boundaries
        The model-space boundaries.
    transformation : Transformation
        The transformation (see the module notes).
    """

    def __init__(
        self, boundaries: Boundaries, transformation: TransformationLike
    ) -> None:
        if not callable(getattr(boundaries, "check", None)) or not callable(
            getattr(boundaries, "n_parameters", None)
        ):
            raise TypeError(fail("boundaries", "a Boundaries", boundaries))
        self._boundaries = boundaries
        super().__init__(boundaries.n_parameters(), transformation, "boundaries")

    def check(self, parameters: Point) -> bool:
        return bool(self._boundaries.check(self._transform.to_model(parameters)))

    def sample(self, n: int = 1) -> list[FloatArray]:
        """Sample in model space and map each point to search space; returns
        a list of ``n`` arrays."""
        return _to_search_space(self._transform, self._boundaries.sample(n))


class TransformedRectangularBoundaries(RectangularBoundaries):
    """Rectangular boundaries mapped through an element-wise transformation:
    still rectangular, with bounds ``min(f(a), f(b))`` and
    ``max(f(a), f(b))`` (a decreasing map swaps them).

    Parameters
    ----------
    boundaries : RectangularBoundaries
        The model-space boundaries.
    transformation : Transformation
        An element-wise transformation (see the module notes).

    Raises
    ------
    ValueError
        If ``boundaries`` is not rectangular, the transformation is not
        element-wise, or the dimensions differ.
    """

    def __init__(
        self, boundaries: RectangularBoundaries, transformation: TransformationLike
    ) -> None:
        if not isinstance(boundaries, RectangularBoundaries):
            raise ValueError(
                "A TransformedRectangularBoundaries can only be created from a"
                " RectangularBoundaries object."
            )
        _check_transformation(transformation)
        if not transformation.elementwise():
            raise ValueError(
                "A TransformedRectangularBoundaries can only be created from an"
                " element-wise transformation."
            )
        _check_dimension(boundaries.n_parameters(), transformation, "boundaries")
        a = transformation.to_search(boundaries.lower())
        b = transformation.to_search(boundaries.upper())
        # Samples come from the model-space boundaries, so no generator here.
        super().__init__(np.minimum(a, b), np.maximum(a, b), rng=0)
        self._boundaries = boundaries
        self._transformation = transformation

    # PINTS returns a list here, unlike RectangularBoundaries.sample.
    def sample(self, n: int = 1) -> list[FloatArray]:  # type: ignore[override]
        """Sample in model space and map each point to search space; returns
        a list of ``n`` arrays."""
        return _to_search_space(self._transformation, self._boundaries.sample(n))


class _InSearchSpace(_Wrapper):
    """Shared by the wrappers that evaluate a model-space function at
    ``to_model(q)`` with no Jacobian term; the gradient is chained through
    the Jacobian of the transformation."""

    def __init__(
        self, function: _Scored, transformation: TransformationLike, what: str
    ) -> None:
        kind = "an ErrorMeasure" if what == "error" else "a LogLikelihood"
        wrong = LogPDF if what == "error" else ErrorMeasure
        n = _dimension(function, what, kind, wrong)
        self._function = function
        super().__init__(n, transformation, what)

    def __call__(self, q: Point) -> float:
        return self._function(self._transform.to_model(q))

    def evaluateS1(self, q: Point) -> tuple[float, FloatArray]:
        """Return the value and its gradient with respect to ``q``."""
        value, d = self._function.evaluateS1(self._transform.to_model(q))
        return value, np.asarray(d) @ self._transform.jacobian(q)


class TransformedErrorMeasure(_InSearchSpace, ErrorMeasure):
    r"""An error measure of search-space points,
    $E_q(q) = E(f^{-1}(q))$, with gradient
    $\nabla_q E_q = \nabla_p E \, J(q)$.

    Parameters
    ----------
    error : ErrorMeasure
        The model-space error measure.
    transformation : Transformation
        The transformation (see the module notes).
    """

    def __init__(self, error: ErrorMeasure, transformation: TransformationLike) -> None:
        super().__init__(error, transformation, "error")


class TransformedLogPDF(_Wrapper, LogPDF):
    r"""A log-pdf of search-space points: the density of $q$ when
    $p = f^{-1}(q)$ has density $\pi$,

    $$
    \log \pi_q(q) = \log \pi(f^{-1}(q)) + \log|\det J(q)|,
    $$

    with gradient $\nabla_p \log\pi \, J(q) + \nabla_q \log|\det J(q)|$.

    Parameters
    ----------
    log_pdf : LogPDF
        The model-space log-pdf.
    transformation : Transformation
        The transformation (see the module notes).
    """

    def __init__(self, log_pdf: LogPDF, transformation: TransformationLike) -> None:
        n = _dimension(log_pdf, "log_pdf", "a LogPDF", ErrorMeasure)
        self._log_pdf = log_pdf
        super().__init__(n, transformation, "log_pdf")

    def __call__(self, q: Point) -> float:
        value = self._log_pdf(self._transform.to_model(q))
        return value + self._transform.log_jacobian_det(q)

    def evaluateS1(self, q: Point) -> tuple[float, FloatArray]:
        """Return the value and its gradient with respect to ``q``."""
        value, d = self._log_pdf.evaluateS1(self._transform.to_model(q))
        log_det, d_log_det = self._transform.log_jacobian_det_S1(q)
        gradient = np.asarray(d) @ self._transform.jacobian(q) + vector(
            d_log_det, "d_log_det"
        )
        return value + log_det, gradient


class TransformedLogPrior(TransformedLogPDF, LogPrior):
    """A `TransformedLogPDF` of a prior, which can also sample: the
    prior's samples mapped to search space.

    Parameters
    ----------
    log_prior : LogPrior
        The model-space prior.
    transformation : Transformation
        The transformation (see the module notes).
    """

    def __init__(self, log_prior: LogPrior, transformation: TransformationLike) -> None:
        super().__init__(log_prior, transformation)

    def sample(self, n: int = 1) -> FloatArray:
        """Draw ``n`` points from the prior and map them to search space;
        shape ``(n, n_parameters)``."""
        ps = np.asarray(cast(LogPrior, self._log_pdf).sample(n))
        qs = np.zeros(ps.shape)
        for i, p in enumerate(ps):
            qs[i] = self._transform.to_search(p)
        return qs


class TransformedLogLikelihood(_InSearchSpace, LogLikelihood):
    r"""A log-likelihood of search-space points, *without* a Jacobian term
    (a likelihood is not a density over the parameters):
    $\log L_q(q) = \log L(f^{-1}(q))$, with gradient
    $\nabla_p \log L \, J(q)$.

    Parameters
    ----------
    log_likelihood : LogLikelihood
        The model-space log-likelihood.
    transformation : Transformation
        The transformation (see the module notes).
    """

    def __init__(
        self, log_likelihood: LogLikelihood, transformation: TransformationLike
    ) -> None:
        super().__init__(log_likelihood, transformation, "log_likelihood")
