"""Time-dependent inputs: piecewise protocols of steps, ramps and sinusoids,
as used to drive ion-channel models under voltage clamp."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from .._typing import FloatArray, IntArray


class Protocol:
    r"""A time-dependent input made of consecutive segments.

    Segments follow each other from ``t = 0``; each lasts ``duration`` and
    is a step (constant level), a ramp (linear between two levels) or a sum of
    sinusoids about an offset. On segment $s$, which starts at
    $t_s$, the input is

    $$
    u(t) = a_s + b_s (t - t_s)
        + \sum_k A_k \sin\left(2 \pi f_k (t - t_s) + \phi_k\right).
    $$

    Before ``t = 0`` and after the last segment the input is ``holding``,
    unless ``repeat`` is true, in which case the segments repeat for ever.

    Parameters
    ----------
    holding : float, optional
        The level outside the segments (default 0).
    repeat : bool, optional
        Whether the sequence of segments repeats periodically (e.g. a
        stimulus current every second).

    Notes
    -----
    The solvers never step across a segment boundary, where the input (or
    its slope) may jump: each boundary restarts the integration, so the
    order of the method is kept (as recommended in [1]_, Sec. II.6). At a
    boundary the input takes the value of the segment that starts there.

    References
    ----------
    .. [1] Hairer, Nørsett, Wanner (1993) Solving Ordinary Differential
           Equations I: Nonstiff Problems. Springer.
           https://doi.org/10.1007/978-3-540-78862-1

    Examples
    --------
    A holding potential, a step and a sum of two sinusoids:

    >>> from paramfit.models import Protocol
    >>> v = (Protocol(holding=-80.0).step(-80.0, 100.0).step(20.0, 500.0)
    ...      .sine(-30.0, [50.0, 20.0], [0.001, 0.007], 1000.0))
    >>> float(v.evaluate([50.0, 200.0])[1])
    20.0
    """

    def __init__(self, holding: float = 0.0, repeat: bool = False) -> None:
        self._holding = _finite("holding", holding)
        self._repeat = bool(repeat)
        self._starts: list[float] = []
        self._durations: list[float] = []
        self._a: list[float] = []
        self._b: list[float] = []
        self._sines: list[list[tuple[float, float, float]]] = []

    # -- building ---------------------------------------------------------
    def step(self, level: float, duration: float) -> Protocol:
        """Append a segment at a constant ``level``; returns ``self``."""
        return self._append(_finite("level", level), 0.0, [], duration)

    def ramp(self, start: float, end: float, duration: float) -> Protocol:
        """Append a segment going linearly from ``start`` to ``end``."""
        d = _positive("duration", duration)
        a, b = _finite("start", start), _finite("end", end)
        return self._append(a, (b - a) / d, [], d)

    def sine(
        self,
        offset: float,
        amplitudes: float | Sequence[float],
        frequencies: float | Sequence[float],
        duration: float,
        phases: float | Sequence[float] = 0.0,
    ) -> Protocol:
        """Append ``offset + sum_k amplitudes[k] sin(2 pi frequencies[k]
        (t - t_s) + phases[k])``, with ``t_s`` the start of the segment and
        frequencies in cycles per unit of time."""
        amp = np.atleast_1d(np.asarray(amplitudes, dtype=float))
        freq = np.broadcast_to(np.asarray(frequencies, dtype=float), amp.shape)
        phase = np.broadcast_to(np.asarray(phases, dtype=float), amp.shape)
        if not (np.all(np.isfinite(amp)) and np.all(np.isfinite(freq))):
            raise ValueError("Sine amplitudes and frequencies must be finite.")
        terms = [
            (float(x), 2 * math.pi * float(f), float(ph))
            for x, f, ph in zip(amp, freq, phase, strict=True)
        ]
        return self._append(_finite("offset", offset), 0.0, terms, duration)

    def _append(
        self,
        a: float,
        b: float,
        sines: list[tuple[float, float, float]],
        duration: float,
    ) -> Protocol:
        d = _positive("duration", duration)
        self._starts.append(self.duration())
        self._durations.append(d)
        self._a.append(a)
        self._b.append(b)
        self._sines.append(sines)
        return self

    # -- queries ----------------------------------------------------------
    def duration(self) -> float:
        """The total duration of the segments."""
        return float(sum(self._durations))

    def holding(self) -> float:
        """The level outside the segments."""
        return self._holding

    def evaluate(self, times: Sequence[float] | FloatArray) -> FloatArray:
        """The input at ``times``, shape ``(n_times,)`` (right-continuous at
        segment boundaries)."""
        t = np.asarray(times, dtype=float).reshape(-1)
        table = self.table(float(np.max(t, initial=0.0)))
        seg = np.searchsorted(table.starts, t, side="right") - 1
        return table.value(seg, t)

    def breakpoints(self, t_end: float) -> FloatArray:
        """The boundaries of the segments up to ``t_end``."""
        return self.table(t_end).starts[1:]

    def table(self, t_end: float) -> ProtocolTable:
        """The segments covering ``(-inf, t_end]`` as arrays (repeated as
        often as needed when periodic), for the solvers."""
        starts = [-math.inf]
        a, b = [self._holding], [0.0]
        sines: list[list[tuple[float, float, float]]] = [[]]
        period = self.duration()
        n_periods = 1
        if self._repeat and period > 0 and t_end >= period:
            n_periods = int(t_end // period) + 1
        for k in range(n_periods):
            for s, a_s, b_s, sin_s in zip(
                self._starts, self._a, self._b, self._sines, strict=True
            ):
                starts.append(k * period + s)
                a.append(a_s)
                b.append(b_s)
                sines.append(sin_s)
        if self._durations and not self._repeat:
            starts.append(period)
            a.append(self._holding)
            b.append(0.0)
            sines.append([])
        return ProtocolTable(np.array(starts), np.array(a), np.array(b), sines)

    # -- pickling and comparison --------------------------------------------
    def __eq__(self, other: object) -> bool:
        return isinstance(other, Protocol) and vars(self) == vars(other)

    def __hash__(self) -> int:
        return hash((self._holding, self._repeat, tuple(self._durations)))

    def __repr__(self) -> str:
        return (
            f"Protocol({len(self._durations)} segments, duration "
            f"{self.duration():g}, holding={self._holding:g}"
            f"{', repeat=True' if self._repeat else ''})"
        )


class ProtocolTable:
    """The segments of a `Protocol` as arrays: ``starts`` (the first is
    ``-inf``), level ``a``, slope ``b`` and, in compressed rows, the sine
    terms ``(amplitude, angular frequency, phase)`` of each segment."""

    def __init__(
        self,
        starts: FloatArray,
        a: FloatArray,
        b: FloatArray,
        sines: list[list[tuple[float, float, float]]],
    ) -> None:
        self.starts = starts
        self.a = a
        self.b = b
        counts = [len(s) for s in sines]
        self.sine_ptr: IntArray = np.concatenate([[0], np.cumsum(counts)]).astype(
            np.int64
        )
        flat = [term for s in sines for term in s]
        self.sine = np.array(flat, dtype=float).reshape(-1, 3)

    def value(self, seg: IntArray, t: FloatArray) -> FloatArray:
        """The input at times ``t`` within segments ``seg``."""
        origin = np.where(np.isfinite(self.starts[seg]), self.starts[seg], 0.0)
        dt = t - origin
        v = self.a[seg] + self.b[seg] * dt
        for i in np.unique(seg):
            rows = self.sine[self.sine_ptr[i] : self.sine_ptr[i + 1]]
            here = seg == i
            for amp, omega, phase in rows:
                v[here] += amp * np.sin(omega * dt[here] + phase)
        return v


def _finite(name: str, value: float) -> float:
    x = float(value)
    if not math.isfinite(x):
        raise ValueError(f"{name} must be finite; got {value!r}.")
    return x


def _positive(name: str, value: float) -> float:
    x = float(value)
    if not (math.isfinite(x) and x > 0):
        raise ValueError(f"{name} must be positive and finite; got {value!r}.")
    return x
