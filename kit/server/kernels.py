"""The kit's kernel manager: Voilà's, with the changes a hall of trainees on two cores needs.

* **Hand-out grace.** A pooled kernel taken by a page keeps the ``last_activity`` of its
  pre-render, which can be older than the cull timeout, and it has no connection until the
  browser opens its websocket: the culler killed it in that gap and the page stayed blank
  (VOILA-NOTES: 0 of 5 pages rendered with culling on). Its activity is reset on hand-out (5 of 5).
* **Pools filled by demand, gradually** (:mod:`kit.server.pools`). Voilà refills a pool by
  starting every missing kernel at once, each ≈ 1.3 CPU-seconds: when a wave of trainees takes
  the pool, the refill competes with them for the two cores and the Voilà process that serves
  every page starves. Here kernels are started one after another (as many as there are cores
  before the first page is served), and a pool is only refilled up to what the expected users
  still need: kernels in use count against it, so a wave of 40 does not start 40 more.
* **Kernels run at a lower priority** than the Voilà process (``nice`` +5), so pages and
  websocket messages are served first when the cores are busy.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from typing import Any

from jupyter_server._tz import utcnow

from kit.server.pools import PoolState, next_to_fill

#: what the log says once every pool reached its size (tests and benchmarks wait for it)
POOLS_READY = "kit: kernel pools ready"
#: niceness added to every kernel process (the Voilà process keeps 0)
KERNEL_NICE = 5
#: a pooled kernel whose notebook has not run in this time is left to run on its own
SETTLE_TIMEOUT_S = 60.0


def renice(pid: int | None, nice: int = KERNEL_NICE) -> None:
    """Lower the priority of process ``pid`` (best effort: not on Windows, not when refused)."""
    if pid is None or not hasattr(os, "setpriority"):
        return
    try:
        current = os.getpriority(os.PRIO_PROCESS, pid)
        os.setpriority(os.PRIO_PROCESS, pid, max(current, nice))
    except OSError:
        pass


def with_handout_grace(factory: Callable[..., type]) -> Callable[..., type]:
    """Wrap Voilà's kernel-manager factory so its class is the kit's (see module docstring)."""

    def make(*args: Any, **kwargs: Any) -> type:
        base: Any = factory(*args, **kwargs)
        if not hasattr(base, "get_rendered_notebook"):
            return base  # pools disabled: nothing is handed out

        class KitKernelManager(base):
            def __init__(self, **kw: Any) -> None:
                self._kit_args: dict[str, dict[str, Any]] = {}
                self._kit_workers: set[asyncio.Task[None]] = set()
                self._kit_served = False
                self._kit_ready_logged = False
                super().__init__(**kw)  # Voilà asks to fill every pool from here

            # ---------------------------------------------------------- hand-out

            async def get_rendered_notebook(self, *a: Any, **kw: Any) -> Any:
                render_task, rendered_cache, kernel_id = await super().get_rendered_notebook(
                    *a, **kw
                )
                self.mark_handed_out(kernel_id)
                return render_task, rendered_cache, kernel_id

            def mark_handed_out(self, kernel_id: str) -> None:
                self._kit_served = True
                kernel = self._kernels.get(kernel_id)
                if kernel is not None:
                    now = utcnow()
                    kernel.last_activity = now
                    self.last_kernel_activity = now
                    self.log.info("kit: kernel %s handed to a page; idle clock reset", kernel_id)

            # ---------------------------------------------------------- priority

            async def start_kernel(self, *a: Any, **kw: Any) -> str:
                """A kernel started for a page (its pool was empty)."""
                self._kit_served = True
                kernel_id: str = await super().start_kernel(*a, **kw)
                self._kit_renice(kernel_id)
                return kernel_id

            def _kit_renice(self, kernel_id: str) -> None:
                kernel = self._kernels.get(kernel_id)
                provisioner = getattr(kernel, "provisioner", None)
                renice(getattr(provisioner, "pid", None))

            async def shutdown_kernel(self, kernel_id: str, *a: Any, **kw: Any) -> Any:
                result = await super().shutdown_kernel(kernel_id, *a, **kw)
                self._kit_wake()  # a kernel in use is gone: its pool may want one back
                return result

            # ---------------------------------------------------------- filling

            def fill_if_needed(
                self,
                delay: float | None = None,
                notebook_name: str | None = None,
                extra_kernel_env_variables: dict[str, str] | None = None,
                **kwargs: Any,
            ) -> None:
                if notebook_name is None:
                    return
                self._kit_args[notebook_name] = {
                    "extra_kernel_env_variables": extra_kernel_env_variables or {},
                    **kwargs,
                }
                self._kit_wake()

            def _kit_state(self) -> list[PoolState]:
                states = []
                for name in self._kit_args:
                    size = int(self.kernel_pools_config.get(name, {}).get("pool_size", 0))
                    pool = self._pools.get(name, [])
                    data = self.notebook_data.get(name, {})
                    started = len(data.get("kernel_ids", ()))
                    states.append(PoolState(name, size, len(pool), max(started - len(pool), 0)))
                return states

            def _kit_wake(self) -> None:
                self._kit_workers = {t for t in self._kit_workers if not t.done()}
                want = 1 if self._kit_served else max(os.cpu_count() or 1, 1)
                loop = asyncio.get_event_loop()
                while len(self._kit_workers) < want:
                    self._kit_workers.add(loop.create_task(self._kit_fill()))

            async def _kit_fill(self) -> None:
                while (name := next_to_fill(self._kit_state())) is not None:
                    if not await self._kit_start_one(name):
                        return  # a start failed: the next page or shutdown tries again
                    if self._kit_served and len(self._kit_workers) > 1:
                        return  # pages are being served: one kernel start at a time
                others = [t for t in self._kit_workers if not t.done()]
                last = len(others) <= 1  # this worker; the others' kernels may still start
                if last and not self._kit_ready_logged and next_to_fill(self._kit_state()) is None:
                    self._kit_ready_logged = True
                    total = sum(s.pooled for s in self._kit_state())
                    self.log.info("%s (%s kernels)", POOLS_READY, total)

            async def _kit_start_one(self, name: str) -> bool:
                config = self.kernel_pools_config.setdefault(name, {})
                pool = self._pools.setdefault(name, [])
                size = config.get("pool_size", 0)
                config["pool_size"] = len(pool) + 1  # Voilà starts exactly one
                try:
                    super().fill_if_needed(delay=0, notebook_name=name, **self._kit_args[name])
                finally:
                    config["pool_size"] = size
                task = pool[-1]
                try:
                    content = await task
                    self._kit_renice(content["kernel_id"])
                    # its notebook runs now: the next start waits for it (the cores are shared)
                    await asyncio.wait_for(asyncio.shield(content["task"]), SETTLE_TIMEOUT_S)
                except TimeoutError:
                    self.log.warning("kit: a kernel of %s is slow to run its notebook", name)
                except Exception:
                    self.log.exception("kit: a kernel for %s did not start", name)
                    if task in pool:
                        pool.remove(task)  # a page must not be handed a failed start
                    return False
                return True

        return KitKernelManager

    return make
