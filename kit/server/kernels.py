"""The kit's kernel manager: Voilà's, with the changes a hall of trainees on two cores needs.

* **Hand-out grace.** A pooled kernel taken by a page keeps the ``last_activity`` of its
  pre-render, which can be older than the cull timeout, and it has no connection until the
  browser opens its websocket: the culler killed it in that gap and the page stayed blank
  (measured here: 0 of 5 pages rendered with culling on). Its activity is reset on hand-out (5 of
  5).
* **Pools filled by demand, gradually** (:mod:`kit.server.pools`). Voilà refills a pool by
  starting every missing kernel at once, each ≈ 1.3 CPU-seconds: when a wave of trainees takes
  the pool, the refill competes with them for the two cores and the Voilà process that serves
  every page starves. Here kernels are started one after another (as many as there are cores
  before the first page is served), and a pool is only refilled up to what the expected users
  still need: kernels in use count against it, so a wave of 40 does not start 40 more.
* **Refills wait for the room to settle.** Kernels kept back for latecomers are started once
  no page has taken a kernel for :data:`kit.server.pools.QUIET_S`: a start begun while the room
  arrives competed with the trainees already answering.
* **Kernels of pages gone without a word are shut down** a minute after their websocket
  closed (:mod:`kit.server.orphans`): a phone killing a tab or a dropped connection sends no
  shutdown, and such kernels used to live until the ten-minute cull.
* **Kernels run at a lower priority** than the Voilà process, from their very start
  (:class:`NicedKernelManager`, :mod:`kit.server.kernel_launcher`), so pages and websocket
  messages are served first when the cores are busy.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Callable
from typing import Any

from jupyter_server._tz import utcnow
from jupyter_server.services.kernels.kernelmanager import ServerKernelManager

from kit.server.orphans import CHECK_EVERY_S, OrphanWatch
from kit.server.pools import PoolState, next_to_fill, refill_wait

#: what the log says once every pool reached its size (tests and benchmarks wait for it)
POOLS_READY = "kit: kernel pools ready"
#: a pooled kernel whose notebook has not run in this time is left to run on its own
SETTLE_TIMEOUT_S = 60.0
#: the module that starts a kernel at a lower priority
LAUNCHER = "kit.server.kernel_launcher"


class NicedKernelManager(ServerKernelManager):
    """jupyter_server's manager of one kernel, started by :mod:`kit.server.kernel_launcher`
    instead of ``ipykernel_launcher`` (set as ``MappingKernelManager.kernel_manager_class``)."""

    def format_kernel_cmd(self, extra_arguments: list[str] | None = None) -> list[str]:
        cmd: list[str] = super().format_kernel_cmd(extra_arguments)
        for i in range(len(cmd) - 1):
            if cmd[i] == "-m" and cmd[i + 1] == "ipykernel_launcher":
                cmd[i + 1] = LAUNCHER
                break
        return cmd


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
                self._kit_handed_out_at: float | None = None
                self._kit_ready_logged = False
                self._kit_orphans = OrphanWatch()
                self._kit_reaper: asyncio.Task[None] | None = None
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
                self._kit_handed_out_at = time.monotonic()
                self._kit_orphans.handed_out(kernel_id)
                self._kit_watch()
                kernel = self._kernels.get(kernel_id)
                if kernel is not None:
                    now = utcnow()
                    kernel.last_activity = now
                    self.last_kernel_activity = now
                    self.log.info("kit: kernel %s handed to a page; idle clock reset", kernel_id)

            # ---------------------------------------------------------- starts

            async def start_kernel(self, *a: Any, **kw: Any) -> str:
                """A kernel started for a page (its pool was empty)."""
                self._kit_served = True
                self._kit_handed_out_at = time.monotonic()
                kernel_id: str = await super().start_kernel(*a, **kw)
                # (Voilà fills its pools through the base class's start, not through here)
                self._kit_orphans.handed_out(kernel_id)
                self._kit_watch()
                return kernel_id

            async def shutdown_kernel(self, kernel_id: str, *a: Any, **kw: Any) -> Any:
                self._kit_orphans.forget(kernel_id)
                result = await super().shutdown_kernel(kernel_id, *a, **kw)
                self._kit_wake()  # a kernel in use is gone: its pool may want one back
                return result

            # ---------------------------------------------------------- pages gone

            def notify_connect(self, kernel_id: str) -> None:
                super().notify_connect(kernel_id)
                self._kit_orphans.connected(kernel_id)

            def notify_disconnect(self, kernel_id: str) -> None:
                super().notify_disconnect(kernel_id)
                self._kit_orphans.disconnected(kernel_id)

            def _kit_watch(self) -> None:
                if self._kit_reaper is None or self._kit_reaper.done():
                    loop = asyncio.get_event_loop()
                    self._kit_reaper = loop.create_task(self._kit_reap())

            async def _kit_reap(self) -> None:
                while self._kit_orphans.watched():
                    await asyncio.sleep(CHECK_EVERY_S)
                    for kernel_id, alone in self._kit_orphans.due():
                        kernel = self._kernels.get(kernel_id)
                        if kernel is None:
                            self._kit_orphans.forget(kernel_id)
                            continue
                        if self._kernel_connections.get(kernel_id, 0):
                            continue  # reconnected in between
                        if getattr(kernel, "execution_state", "") == "busy":
                            continue  # finishing some work: looked at again on the next round
                        self.log.info(
                            "kit: kernel %s shut down: its page has been gone for %.0f s",
                            kernel_id,
                            alone,
                        )
                        try:
                            await self.shutdown_kernel(kernel_id)
                        except Exception:
                            self.log.exception("kit: kernel %s did not shut down", kernel_id)
                            self._kit_orphans.forget(kernel_id)

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
                    wait = self._kit_refill_wait()
                    if wait > 0:  # a room is arriving: start nothing beside it
                        await asyncio.sleep(wait)
                        continue
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

            def _kit_refill_wait(self) -> float:
                if self._kit_handed_out_at is None:
                    return 0.0
                return refill_wait(time.monotonic() - self._kit_handed_out_at)

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
