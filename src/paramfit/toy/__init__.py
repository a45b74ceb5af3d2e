"""Toy models and toy functions, for examples, tests and benchmarks.

Forward models (`ToyModel`), most of them ODEs (`ToyODEModel`)
with sensitivities; error measures and distributions (`ToyLogPDF`)
with known optima; and (in `paramfit.toy.stochastic`) stochastic
Markov jump models.
"""

from ._beeler_reuter_model import ActionPotentialModel
from ._constant_model import ConstantModel
from ._fitzhugh_nagumo_model import FitzhughNagumoModel
from ._gaussian_log_pdfs import (
    GaussianLogPDF,
    HighDimensionalGaussianLogPDF,
    TwistedGaussianLogPDF,
)
from ._german_credit import GermanCreditHierarchicalLogPDF, GermanCreditLogPDF
from ._goodwin_oscillator_model import GoodwinOscillatorModel
from ._hes1_model import Hes1Model
from ._hh_ik_model import HodgkinHuxleyIKModel
from ._hierarchical_log_pdfs import EightSchoolsLogPDF, NealsFunnelLogPDF
from ._logistic_model import LogisticModel
from ._lotka_volterra_model import LotkaVolterraModel
from ._multimodal_log_pdfs import MultimodalGaussianLogPDF, SimpleEggBoxLogPDF
from ._parabola import ParabolicError
from ._radial_log_pdfs import AnnulusLogPDF, ConeLogPDF
from ._repressilator_model import RepressilatorModel
from ._rosenbrock import RosenbrockError, RosenbrockLogPDF
from ._sho_model import SimpleHarmonicOscillatorModel
from ._sir_model import SIRModel
from ._toy_classes import ToyLogPDF, ToyModel, ToyODEModel

__all__ = [
    "ActionPotentialModel",
    "AnnulusLogPDF",
    "ConeLogPDF",
    "ConstantModel",
    "EightSchoolsLogPDF",
    "FitzhughNagumoModel",
    "GaussianLogPDF",
    "GermanCreditHierarchicalLogPDF",
    "GermanCreditLogPDF",
    "GoodwinOscillatorModel",
    "Hes1Model",
    "HighDimensionalGaussianLogPDF",
    "HodgkinHuxleyIKModel",
    "LogisticModel",
    "LotkaVolterraModel",
    "MultimodalGaussianLogPDF",
    "NealsFunnelLogPDF",
    "ParabolicError",
    "RepressilatorModel",
    "RosenbrockError",
    "RosenbrockLogPDF",
    "SIRModel",
    "SimpleEggBoxLogPDF",
    "SimpleHarmonicOscillatorModel",
    "ToyLogPDF",
    "ToyModel",
    "ToyODEModel",
    "TwistedGaussianLogPDF",
]
