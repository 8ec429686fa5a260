"""Shared fixtures.

* Every test (and every nbval kernel, which inherits the environment) uses a temporary data
  folder, never the user's.
* ``kit_server``: a live ``kit serve`` on a free loopback port with a temporary data folder and
  culling on; ``browser``/``open_page``: Debian's chromium driven by Playwright, with every request
  that leaves loopback blocked and recorded.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from devtools import chromium
from devtools.process import ServerProcess, start_kit
from kit.server.kernels import POOLS_READY

#: Culling in the test server: short enough that a test can outwait it.
CULL_IDLE = 6
CULL_INTERVAL = 1
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "screenshots"
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 360, "height": 740}}


def pytest_configure(config: pytest.Config) -> None:
    os.environ["KIT_DATA_DIR"] = tempfile.mkdtemp(prefix="kit-test-data-")
    os.environ.pop("KIT_DATABASE_URL", None)


@pytest.fixture(scope="session")
def kit_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """A live ``kit serve`` with culling on (short timeouts, so tests can outwait them)."""
    server = start_kit(
        tmp_path_factory.mktemp("kit-serve"),
        "--cull-idle",
        str(CULL_IDLE),
        "--cull-interval",
        str(CULL_INTERVAL),
    )
    server.wait_ready(timeout=300, log_marker=POOLS_READY)  # a loaded machine starts slowly
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(chromium.EXECUTABLE).exists():
        pytest.fail(
            "Debian chromium is missing: run `make test` (it installs it) / chưa có chromium"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = chromium.launch(pw)
        yield b
        b.close()


@dataclass
class Guarded:
    """A page whose requests off loopback are blocked and recorded."""

    page: object
    context: object
    blocked: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)


@pytest.fixture
def open_page(browser: object) -> Iterator[object]:
    opened: list[Guarded] = []

    def make(viewport: str = "desktop") -> Guarded:
        context = browser.new_context(viewport=VIEWPORTS[viewport])  # type: ignore[attr-defined]
        guarded = Guarded(
            page=None, context=context, blocked=chromium.block_outside_loopback(context)
        )
        page = context.new_page()
        page.on("console", lambda m: m.type == "error" and guarded.console_errors.append(m.text))
        guarded.page = page
        opened.append(guarded)
        return guarded

    yield make
    for g in opened:
        g.context.close()  # type: ignore[attr-defined]


def screenshot(page: object, name: str, check: bool = True) -> Path:
    """Keep a full-page screenshot of the screen in ``test-artifacts/screenshots/``, then (unless
    ``check`` is false, for a test that runs axe itself) fail on any serious or critical WCAG 2.1
    A/AA violation axe-core finds on it (``tests/browser/axe.py``) and on any traceback, path,
internal tag or item id in its visible text (``tests/browser/page_text.py``)."""
    from tests.browser.axe import assert_accessible
    from tests.browser.page_text import assert_plain_text

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)  # type: ignore[attr-defined]
    if check:
        assert_accessible(page, name)
        assert_plain_text(page, name)
    return path


def join_as(page: object, name: str, unit: str, track: str) -> None:
    """Fill and send the join form (the page must show ``.kit-join``)."""
    boxes = page.locator(".kit-join input[type=text]")  # type: ignore[attr-defined]
    boxes.nth(0).fill(name)
    boxes.nth(1).fill(unit)
    page.get_by_role("button", name=f"Nhóm {track}").click()  # type: ignore[attr-defined]
    page.get_by_role("button", name="Bắt đầu làm bài").click()  # type: ignore[attr-defined]


#: the visible widgets reaching past the app's content box, except those inside a box of the
#: kit's own that scrolls sideways on purpose (wide tables); widget boxes scroll too (ipywidgets
#: gives them ``overflow: auto``), so they only hide a widget's edge and do not count
_CUT_OFF = """() => {
  const app = document.querySelector('.kit-app');
  if (!app) return [];
  const edge = app.getBoundingClientRect().right
    - parseFloat(getComputedStyle(app).paddingRight) + 0.5;
  const scrolls = e => {
    for (let a = e.parentElement; a && a !== app; a = a.parentElement) {
      if (a.classList.contains('jupyter-widgets')) continue;
      if (['auto', 'scroll'].includes(getComputedStyle(a).overflowX)) return true;
    }
    return false;
  };
  return [...app.querySelectorAll('.jupyter-widgets, input, textarea, select, table')]
    .filter(e => e.offsetParent && e.getBoundingClientRect().right > edge && !scrolls(e))
    .map(e => `${e.tagName}.${[...e.classList].join('.')} ends at ${
      Math.round(e.getBoundingClientRect().right)} px, the app at ${Math.round(edge)} px`);
}"""


def assert_fits_a_phone(page: object) -> None:
    """The page does not scroll sideways at 360 px, and no widget is cut off at the app's edge."""
    width = page.evaluate("document.documentElement.scrollWidth")  # type: ignore[attr-defined]
    assert width <= 360 + 1, f"the page scrolls sideways on a phone ({width} px)"
    cut_off = page.evaluate(_CUT_OFF)  # type: ignore[attr-defined]
    assert cut_off == [], f"widgets cut off at the app's edge on a phone: {cut_off}"


def make_and_download(page: object, button: str, link_text: str) -> bytes:
    """Press the button that builds a file, then follow its download link; the file's bytes."""
    page.get_by_role("button", name=button).click()  # type: ignore[attr-defined]
    link = page.locator("a.kit-download", has_text=link_text)  # type: ignore[attr-defined]
    link.wait_for(timeout=60_000)
    with page.expect_download() as got:  # type: ignore[attr-defined]
        link.click()
    return Path(got.value.path()).read_bytes()


def record_frames(page: object) -> list[str]:
    """Every websocket frame the page receives from now on, as text."""
    frames: list[str] = []

    def on_ws(ws: object) -> None:
        def keep(payload: object) -> None:
            raw = payload if isinstance(payload, str) else bytes(payload)  # type: ignore[arg-type]
            frames.append(raw if isinstance(raw, str) else raw.decode("utf-8", "replace"))

        ws.on("framereceived", keep)  # type: ignore[attr-defined]

    page.on("websocket", on_ws)  # type: ignore[attr-defined]
    return frames
