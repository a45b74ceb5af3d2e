"""Transformations between model space and the search space, and the
wrappers that let error measures, log-pdfs and boundaries work in the
search space."""

from ._composed import ComposedTransformation
from ._elementwise import (
    IdentityTransformation,
    LogitTransformation,
    LogTransformation,
    RectangularBoundariesTransformation,
    Transformation,
)
from ._scaling import ScalingTransformation, UnitCubeTransformation
from ._transformed import (
    TransformedBoundaries,
    TransformedErrorMeasure,
    TransformedLogLikelihood,
    TransformedLogPDF,
    TransformedLogPrior,
    TransformedRectangularBoundaries,
)

__all__ = [
    "ComposedTransformation",
    "IdentityTransformation",
    "LogTransformation",
    "LogitTransformation",
    "RectangularBoundariesTransformation",
    "ScalingTransformation",
    "Transformation",
    "TransformedBoundaries",
    "TransformedErrorMeasure",
    "TransformedLogLikelihood",
    "TransformedLogPDF",
    "TransformedLogPrior",
    "TransformedRectangularBoundaries",
    "UnitCubeTransformation",
]
