"""Where PINTS keeps its optimisers; kept so that imports of
``paramfit._optimisers`` work. The optimisers live in `paramfit.optimisers`."""

from .optimisers import *  # noqa: F403
from .optimisers import __all__ as __all__
