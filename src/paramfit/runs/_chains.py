"""All chains of an MCMC run as one ask/tell method.

The run loop scores one batch per round. `ChainSet` makes that batch from
the samplers: the proposals of every single-chain sampler stacked into one
``(k, n)`` array (or the one multi-chain sampler's proposals), and splits
the scores back. A round completes an iteration once every chain has a new
sample: samplers that need several evaluations per sample (slice sampling,
delayed rejection) may run ahead of the others, and their extra samples wait
in a queue, as PINTS's controller keeps them.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from .._typing import BoolArray, FloatArray
from ..samplers import MCMCSampler, MultiChainMCMC

#: One iteration of every chain: positions ``(k, n)`` (search space), the
#: log-pdf values (or ``(f, df)`` pairs) there, and which were accepted.
Row = tuple[FloatArray, list[Any], BoolArray]


class ChainSet:
    """The samplers of a run, asked and told together.

    Parameters
    ----------
    samplers : sequence of MCMCSampler
        One single-chain sampler per chain, or one multi-chain sampler.
    max_iterations : int or None
        A single-chain sampler stops asking once its chain has this many
        samples.
    initial_phase : int or None
        Leave the samplers' initial phase after this many iterations.
    on_phase_end : callable
        Called when the initial phase ends (e.g. to say so in the log).
    """

    def __init__(
        self,
        samplers: Sequence[MCMCSampler],
        max_iterations: int | None,
        initial_phase: int | None,
        on_phase_end: Callable[[], object],
    ) -> None:
        self.samplers = list(samplers)
        self._multi = isinstance(self.samplers[0], MultiChainMCMC)
        self._max_iterations = max_iterations
        self._initial_phase = initial_phase
        self._on_phase_end = on_phase_end
        n_chains = 1 if self._multi else len(self.samplers)
        self._queues: list[deque[tuple[Any, Any, bool]]] = [
            deque() for _ in range(n_chains)
        ]
        self._samples = [0] * n_chains
        self._active = list(range(n_chains))
        #: Completed iterations (rows handed to the run).
        self.iterations = 0

    def start(self) -> None:
        """Put the samplers in their initial phase, if the run has one."""
        if self._initial_phase is not None:
            for sampler in self.samplers:
                sampler.set_initial_phase(True)

    def ask(self) -> Any:
        """The next proposals of every active chain, as one batch."""
        # As PINTS: checked before every round, so an intermediate round at
        # that iteration announces the end again.
        if self.iterations == self._initial_phase:
            for sampler in self.samplers:
                sampler.set_initial_phase(False)
            self._on_phase_end()
        if self._multi:
            return self.samplers[0].ask()
        return [self.samplers[i].ask() for i in self._active]

    def tell(self, fs: Sequence[Any]) -> Row | None:
        """Tell each chain its score(s); return the iteration's row once
        every chain has a new sample, else ``None``."""
        if self._multi:
            reply = self.samplers[0].tell(fs)
            if reply is None:
                return None
            self.iterations += 1
            xs, fxs, accepted = reply
            return np.asarray(xs), list(fxs), np.asarray(accepted, dtype=bool)
        for i, f in zip(list(self._active), fs, strict=True):
            reply = self.samplers[i].tell(f)
            if reply is None:
                continue
            self._queues[i].append(reply)
            self._samples[i] += 1
            if self._samples[i] == self._max_iterations:
                self._active.remove(i)
        if any(not queue for queue in self._queues):
            return None
        replies = [queue.popleft() for queue in self._queues]
        self.iterations += 1
        return (
            np.array([r[0] for r in replies]),
            [r[1] for r in replies],
            np.array([bool(r[2]) for r in replies]),
        )

    def state(self) -> dict[str, Any]:
        """The samplers and the queues (for a checkpoint)."""
        return {
            "samplers": self.samplers,
            "queues": [list(q) for q in self._queues],
            "samples": list(self._samples),
            "active": list(self._active),
            "iterations": self.iterations,
        }

    def restore(self, state: dict[str, Any]) -> None:
        """Continue from `state()`."""
        self.samplers = list(state["samplers"])
        self._queues = [deque(q) for q in state["queues"]]
        self._samples = list(state["samples"])
        self._active = list(state["active"])
        self.iterations = state["iterations"]
