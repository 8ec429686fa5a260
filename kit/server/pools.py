"""How many kernels each app keeps preheated, and which pool to fill next.

A pool is sized for the expected users of its app (:meth:`kit.registry.AppSpec.pool_size`).
Kernels handed to pages count against that size: once a wave of trainees has taken the pool,
the app only gets back what the expected users still need (and at least ``FLOOR`` for someone
reloading a page), instead of a second wave of kernels nobody will use; and those are started
once the room has settled (:func:`refill_wait`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

#: kernels kept waiting whatever the use (a reload, a latecomer)
FLOOR = 2
#: a refill waits until no page has taken a kernel for this long (seconds): while a room
#: arrives, a kernel start (≈ 1.3 CPU-seconds) would compete with the trainees already working
QUIET_S = 10.0


@dataclass(frozen=True)
class PoolState:
    notebook: str
    #: the pool's configured size (from the expected users)
    size: int
    #: kernels in the pool (ready or starting)
    pooled: int
    #: kernels of this notebook handed to pages and still running
    in_use: int

    @property
    def target(self) -> int:
        """Kernels the pool should hold now."""
        floor = min(self.size, FLOOR)
        return min(self.size, max(floor, self.size - self.in_use))


def next_to_fill(states: Sequence[PoolState]) -> str | None:
    """The pool furthest from its target (by share), or None when every pool is full."""
    short = [s for s in states if s.pooled < s.target]
    if not short:
        return None
    best = min(short, key=lambda s: (s.pooled / s.target, -s.target, s.notebook))
    return best.notebook


def refill_wait(seconds_since_handout: float) -> float:
    """How long a refill should still wait, ``seconds_since_handout`` after a page last took a
    kernel (0: start now)."""
    return max(0.0, QUIET_S - max(seconds_since_handout, 0.0))
