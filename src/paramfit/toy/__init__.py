"""Toy models and toy functions, for examples, tests and benchmarks.

Forward models (:class:`ToyModel`), most of them ODEs (:class:`ToyODEModel`)
with sensitivities; error measures and distributions (:class:`ToyLogPDF`)
with known optima; and (in :mod:`paramfit.toy.stochastic`) stochastic
Markov jump models.
"""

from ._beeler_reuter_model import ActionPotentialModel
from ._constant_model import ConstantModel
from ._fitzhugh_nagumo_model import FitzhughNagumoModel
from ._gaussian_log_pdfs import GaussianLogPDF, TwistedGaussianLogPDF
from ._goodwin_oscillator_model import GoodwinOscillatorModel
from ._hes1_model import Hes1Model
from ._hh_ik_model import HodgkinHuxleyIKModel
from ._logistic_model import LogisticModel
from ._lotka_volterra_model import LotkaVolterraModel
from ._parabola import ParabolicError
from ._repressilator_model import RepressilatorModel
from ._rosenbrock import RosenbrockError, RosenbrockLogPDF
from ._sho_model import SimpleHarmonicOscillatorModel
from ._sir_model import SIRModel
from ._toy_classes import ToyLogPDF, ToyModel, ToyODEModel

__all__ = [
    "ActionPotentialModel",
    "ConstantModel",
    "FitzhughNagumoModel",
    "GaussianLogPDF",
    "GoodwinOscillatorModel",
    "Hes1Model",
    "HodgkinHuxleyIKModel",
    "LogisticModel",
    "LotkaVolterraModel",
    "ParabolicError",
    "RepressilatorModel",
    "RosenbrockError",
    "RosenbrockLogPDF",
    "SIRModel",
    "SimpleHarmonicOscillatorModel",
    "ToyLogPDF",
    "ToyModel",
    "ToyODEModel",
    "TwistedGaussianLogPDF",
]
