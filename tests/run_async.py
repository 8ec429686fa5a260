"""Run a coroutine to completion from a test, whatever else the test session runs: Playwright's
sync API (the browser fixture) keeps an event loop running in the main thread, and
``asyncio.run`` refuses to start inside one, so the coroutine gets a thread of its own."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


def run(coro: Coroutine[Any, Any, T]) -> T:
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()
