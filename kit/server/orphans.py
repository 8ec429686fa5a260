"""Kernels whose page has gone without saying so.

A page that closes normally asks the server to shut its kernel down. A phone that kills a tab, a
dropped Wi-Fi connection or a closed laptop lid says nothing: the kernel's websocket just closes,
and the kernel used to live until the idle cull (ten minutes), holding ~70 MiB each. After the app
benchmark's 70 navigations, 149 kernels (~9.9 GB) were alive.

This module keeps the clock of each such kernel: a kernel handed to a page whose websocket has
stayed closed for :data:`GRACE_S` (a page that reconnects within that time keeps its kernel), or
that was handed out and never connected for :data:`UNCONNECTED_GRACE_S`, is due to be shut down.
Kernels waiting in a pool are never watched. The decisions are pure (a clock is injected), the
kernel manager (:mod:`kit.server.kernels`) acts on them.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

#: a page's websocket closed this long ago, with no reconnection: its kernel is shut down
GRACE_S = 60.0
#: a kernel handed to a page that never opened its websocket (the page died while loading)
UNCONNECTED_GRACE_S = 180.0
#: how often the manager looks for kernels that are due
CHECK_EVERY_S = 5.0


@dataclass
class OrphanWatch:
    """When each watched kernel lost its last page connection (or was handed out unconnected)."""

    grace_s: float = GRACE_S
    unconnected_grace_s: float = UNCONNECTED_GRACE_S
    clock: Callable[[], float] = time.monotonic
    #: kernel id → (since when it has no connection, whether it ever had one)
    _alone: dict[str, tuple[float, bool]] = field(default_factory=dict)
    _connections: dict[str, int] = field(default_factory=dict)

    def handed_out(self, kernel_id: str) -> None:
        """A page took the kernel; its websocket is not open yet."""
        self._connections.setdefault(kernel_id, 0)
        if self._connections[kernel_id] == 0:
            self._alone[kernel_id] = (self.clock(), False)

    def connected(self, kernel_id: str) -> None:
        self._connections[kernel_id] = self._connections.get(kernel_id, 0) + 1
        self._alone.pop(kernel_id, None)

    def disconnected(self, kernel_id: str) -> None:
        if kernel_id not in self._connections:
            return  # a kernel this watch never saw handed out or connected
        left = max(self._connections[kernel_id] - 1, 0)
        self._connections[kernel_id] = left
        if left == 0:
            self._alone[kernel_id] = (self.clock(), True)

    def forget(self, kernel_id: str) -> None:
        """The kernel is gone (shut down by its page, culled, or by this watch)."""
        self._alone.pop(kernel_id, None)
        self._connections.pop(kernel_id, None)

    def watched(self) -> int:
        return len(self._alone)

    def due(self) -> list[tuple[str, float]]:
        """Kernels alone past their grace, with how long they have been alone (seconds)."""
        now = self.clock()
        out = []
        for kernel_id, (since, was_connected) in self._alone.items():
            alone = now - since
            if alone >= (self.grace_s if was_connected else self.unconnected_grace_s):
                out.append((kernel_id, alone))
        return out
