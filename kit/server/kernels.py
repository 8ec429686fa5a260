"""Kernel manager fix: a pooled kernel handed to a page must not be culled before the page's
websocket opens.

Voilà protects kernels while they sit in a pool, but a kernel taken from the pool keeps the
``last_activity`` of its pre-render, which can be older than the cull timeout, and it has no
connection until the browser opens its websocket. The culler then kills it in that gap and the
page stays blank (VOILA-NOTES: 0 of 5 pages rendered with culling on). Resetting the kernel's
activity when it is handed out closes the gap (5 of 5).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jupyter_server._tz import utcnow


def with_handout_grace(factory: Callable[..., type]) -> Callable[..., type]:
    """Wrap Voilà's kernel-manager factory so its class resets activity on hand-out."""

    def make(*args: Any, **kwargs: Any) -> type:
        base: Any = factory(*args, **kwargs)
        if not hasattr(base, "get_rendered_notebook"):
            return base  # pools disabled: nothing is handed out

        class KitKernelManager(base):
            async def get_rendered_notebook(self, *a: Any, **kw: Any) -> Any:
                render_task, rendered_cache, kernel_id = await super().get_rendered_notebook(
                    *a, **kw
                )
                self.mark_handed_out(kernel_id)
                return render_task, rendered_cache, kernel_id

            def mark_handed_out(self, kernel_id: str) -> None:
                kernel = self._kernels.get(kernel_id)
                if kernel is not None:
                    now = utcnow()
                    kernel.last_activity = now
                    self.last_kernel_activity = now
                    self.log.info("kit: kernel %s handed to a page; idle clock reset", kernel_id)

        return KitKernelManager

    return make
