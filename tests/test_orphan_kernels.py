"""Kernels of pages that went away without a word (a phone killing its tab, a dropped Wi-Fi
connection) are shut down about a minute after their websocket closed; a page that reconnects in
that minute keeps its kernel. First the decisions on a fake clock, then a live server."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import psutil
import pytest

from devtools.loadclient import Page
from devtools.process import ServerProcess, start_kit
from kit import registry
from kit.server.kernels import POOLS_READY
from kit.server.orphans import GRACE_S, UNCONNECTED_GRACE_S, OrphanWatch
from tests.run_async import run as run_async


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def watch() -> tuple[OrphanWatch, Clock]:
    clock = Clock()
    return OrphanWatch(clock=clock), clock


@pytest.mark.parametrize(
    ("events", "elapsed", "due"),
    [
        # handed out, connected, websocket closed: due after the grace, not before
        (["hand", "conn", "drop"], GRACE_S - 1, False),
        (["hand", "conn", "drop"], GRACE_S, True),
        # reconnected within the grace: kept, however long it then stays
        (["hand", "conn", "drop", "conn"], 10 * GRACE_S, False),
        # two tabs on one kernel: one closing leaves it in use
        (["hand", "conn", "conn", "drop"], 10 * GRACE_S, False),
        (["hand", "conn", "conn", "drop", "drop"], GRACE_S, True),
        # handed out, never connected (the page died while loading): a longer grace
        (["hand"], GRACE_S, False),
        (["hand"], UNCONNECTED_GRACE_S, True),
        # a disconnect of a kernel never handed out nor connected (a pooled one) is ignored
        (["drop"], 10 * UNCONNECTED_GRACE_S, False),
        # shut down by its page or by the culler: forgotten
        (["hand", "conn", "drop", "forget"], 10 * GRACE_S, False),
    ],
)
def test_a_kernel_is_due_only_after_its_page_has_been_gone_for_the_grace(
    events: list[str], elapsed: float, due: bool
) -> None:
    orphans, clock = watch()
    act = {
        "hand": orphans.handed_out,
        "conn": orphans.connected,
        "drop": orphans.disconnected,
        "forget": orphans.forget,
    }
    for event in events:
        act[event]("k1")
    clock.now += elapsed
    assert ([k for k, _ in orphans.due()] == ["k1"]) is due


def test_the_grace_counts_from_the_last_disconnection() -> None:
    orphans, clock = watch()
    orphans.handed_out("k1")
    orphans.connected("k1")
    orphans.disconnected("k1")
    clock.now += GRACE_S - 5
    orphans.connected("k1")  # the phone came back
    clock.now += 30
    orphans.disconnected("k1")  # and left again
    clock.now += GRACE_S - 1
    assert orphans.due() == []
    clock.now += 1
    assert orphans.due() == [("k1", GRACE_S)]


# ----------------------------------------------------------------------------- a live server


def kernels_of(server: ServerProcess) -> int:
    """The server's kernel processes (started through kit.server.kernel_launcher)."""
    count = 0
    for child in psutil.Process(server.process.pid).children(recursive=True):
        try:
            if "kit.server.kernel_launcher" in " ".join(child.cmdline()):
                count += 1
        except psutil.Error:
            continue
    return count


async def open_page(base: str, path: str) -> Page:
    page = Page(base, timeout=120)
    await page.load(path, assets=())
    return page


def abandon(page: Page) -> None:
    """What a killed tab does: its connections just close; no shutdown request is sent."""
    if page._ws is not None:
        page._ws.close()
    if page._reader is not None:
        page._reader.cancel()
    page.http.close()


@pytest.fixture(scope="module")
def plain_server(tmp_path_factory: pytest.TempPathFactory) -> object:
    """A server with the default ten-minute idle cull, so only the orphan rule can act."""
    server = start_kit(tmp_path_factory.mktemp("orphans"), expected_users=1)
    try:
        server.wait_ready(timeout=400, log_marker=POOLS_READY)
    except RuntimeError as exc:
        pytest.fail(f"kit serve did not start: {exc}")
    yield server
    server.stop()


def test_abandoned_pages_give_their_kernels_back_within_90_seconds(
    plain_server: ServerProcess,
) -> None:
    server = plain_server
    baseline = kernels_of(server)
    path = registry.get("home").url_path

    async def scenario() -> tuple[int, float, bool]:
        pages = [await open_page(server.base_url, path) for _ in range(11)]
        opened = kernels_of(server)
        for page in pages[:10]:
            abandon(page)
        kept = pages[10]
        # the eleventh drops its connection too, and comes back within the minute
        assert kept._ws is not None
        kept._ws.close()
        if kept._reader is not None:
            kept._reader.cancel()
        await asyncio.sleep(20)
        await kept.connect()
        start = time.monotonic()
        while time.monotonic() - start < 90:
            if kernels_of(server) <= baseline + 1:
                break
            await asyncio.sleep(2)
        waited = time.monotonic() - start + 20
        alive = await kept.kernel_info() is None  # answers: its kernel is still there
        await kept.close()
        return opened, waited, alive

    opened, waited, kept_alive = run_async(scenario())
    assert opened >= baseline + 10, (opened, baseline)
    left = kernels_of(server)
    assert left <= baseline + 1, f"{left} kernels alive after {waited:.0f} s (pools: {baseline})"
    assert kept_alive
    log = server.log()
    assert log.count("its page has been gone for") >= 10
    Path("test-artifacts").mkdir(exist_ok=True)
    print(f"orphans: {opened} kernels with 11 pages open, {baseline} in the pools, back to {left}"
          f" {waited:.0f} s after the pages were abandoned")
