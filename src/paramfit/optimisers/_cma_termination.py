"""The termination criteria of CMA-ES, and how users name them."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import Union


class CMATermination(enum.Enum):
    """The termination criteria of CMA-ES; the value is ``stop()``'s message.

    See Appendix B.3 of Hansen's tutorial and Hansen (2009), "Benchmarking a
    BI-population CMA-ES on the BBOB-2009 function testbed".
    """

    #: ``cond(C) > max_condition`` (pycma's ``tolconditioncov``; PINTS's message).
    CONDITION_COV = "Ill-conditioned covariance matrix."
    #: ``sigma sqrt(C_ii) < tol_x sigma0_i`` and ``sigma |p_c,i| < tol_x sigma0_i``.
    TOL_X = "Search distribution narrower than tol_x in every coordinate (TolX)."
    #: Range of recent best scores and of the last generation's < ``tol_fun``.
    TOL_FUN = "Recent function values differ by less than tol_fun (TolFun)."
    #: The best score of each recent generation was the same.
    EQUAL_FUN_VALUES = "Best function value unchanged for many generations."
    #: Medians of recent best and median scores no better than earlier ones,
    #: and no new best score for half of that window.
    STAGNATION = "Best and median function values stopped improving (Stagnation)."
    #: A 0.1-standard-deviation step along a principal axis leaves ``m`` as is.
    NO_EFFECT_AXIS = "A step along a principal axis does not change the mean."
    #: A 0.2-standard-deviation step in some coordinate leaves ``m`` as is.
    NO_EFFECT_COORD = "A step in some coordinate does not change the mean."
    #: ``sigma max(D)`` grew by more than ``tol_x_up`` (sigma0 far too small?).
    TOL_X_UP = "Step size increased by more than tol_x_up (TolXUp)."


#: What `CMAES.set_termination()` accepts: ``'default'`` (ill-conditioning
#: only, as PINTS), ``'all'``, ``None``, or members or their names.
Criteria = Union[str, CMATermination, Iterable[Union[str, CMATermination]], None]

DEFAULT_CRITERIA = frozenset({CMATermination.CONDITION_COV})
#: Criteria that look at the scores of past generations.
HISTORY_CRITERIA = frozenset(
    {
        CMATermination.TOL_FUN,
        CMATermination.EQUAL_FUN_VALUES,
        CMATermination.STAGNATION,
    }
)


def parse_criteria(criteria: Criteria) -> frozenset[CMATermination]:
    """The set of criteria that ``criteria`` names (see `Criteria`)."""
    if criteria is None:
        return frozenset()
    if isinstance(criteria, str):
        if criteria == "default":
            return DEFAULT_CRITERIA
        if criteria == "all":
            return frozenset(CMATermination)
        criteria = [criteria]
    if isinstance(criteria, CMATermination):
        criteria = [criteria]
    chosen = set()
    for c in criteria if isinstance(criteria, Iterable) else [criteria]:
        if isinstance(c, CMATermination):
            chosen.add(c)
        elif isinstance(c, str) and c.upper() in CMATermination.__members__:
            chosen.add(CMATermination[c.upper()])
        else:
            names = ", ".join(m.name for m in CMATermination)
            raise ValueError(
                "Termination criteria must be 'default', 'all', None or "
                f"CMATermination members or names ({names}); got {c!r}."
            )
    return frozenset(chosen)
