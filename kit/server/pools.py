"""How many kernels each app keeps preheated, and which pool to fill next.

A pool is sized for the expected users of its app (:meth:`kit.registry.AppSpec.pool_size`).
Kernels handed to pages count against that size: once a wave of trainees has taken the pool,
the app only gets back what the expected users still need (and at least ``FLOOR`` for someone
reloading a page), instead of a second wave of kernels nobody will use.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

#: kernels kept waiting whatever the use (a reload, a latecomer)
FLOOR = 2


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
