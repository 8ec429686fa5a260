"""Shared fixtures.

* Every test (and every nbval kernel, which inherits the environment) uses a temporary data
  folder, never the user's.
* ``kit_server``: a live ``kit serve`` on a free loopback port with a temporary data folder and
  culling on; ``browser``/``open_page``: Debian's chromium driven by Playwright, with every request
  that leaves loopback blocked and recorded.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: Culling in the test server: short enough that a test can outwait it.
CULL_IDLE = 6
CULL_INTERVAL = 1
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "screenshots"
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 360, "height": 740}}
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}


def pytest_configure(config: pytest.Config) -> None:
    os.environ["KIT_DATA_DIR"] = tempfile.mkdtemp(prefix="kit-test-data-")
    os.environ.pop("KIT_DATABASE_URL", None)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    base_url: str
    data_dir: Path
    log_path: Path
    process: subprocess.Popen[bytes]

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


def start_server(tmp: Path, expected_users: int = 2) -> Server:
    port = free_port()
    data_dir = tmp / "data"
    log_path = tmp / "server.log"
    env = {k: v for k, v in os.environ.items() if k not in ("KIT_DATABASE_URL",)}
    cmd = [
        sys.executable,
        "-m",
        "kit",
        "serve",
        "--port",
        str(port),
        "--data-dir",
        str(data_dir),
        "--expected-users",
        str(expected_users),
        "--cull-idle",
        str(CULL_IDLE),
        "--cull-interval",
        str(CULL_INTERVAL),
    ]
    with log_path.open("wb") as log:
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env)
    server = Server(f"http://127.0.0.1:{port}", data_dir, log_path, proc)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"kit serve exited ({proc.returncode}):\n{server.log()}")
        try:
            with urllib.request.urlopen(f"{server.base_url}/voila/static/voila.js", timeout=2):
                pass
            if "filled with" in server.log():
                return server
        except OSError:
            pass
        time.sleep(0.3)
    stop_server(server)
    raise RuntimeError(f"kit serve did not start in time:\n{server.log()}")


def stop_server(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.process.kill()


@pytest.fixture(scope="session")
def kit_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    server = start_server(tmp_path_factory.mktemp("kit-serve"))
    yield server
    stop_server(server)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.fail(
            "Debian chromium is missing: run `make test` (it installs it) / chưa có chromium"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
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
        guarded = Guarded(page=None, context=context)

        def route(r: object) -> None:
            host = urlparse(r.request.url).hostname or ""  # type: ignore[attr-defined]
            scheme = urlparse(r.request.url).scheme  # type: ignore[attr-defined]
            if scheme in ("data", "blob") or host in LOOPBACK:
                r.continue_()  # type: ignore[attr-defined]
            else:
                guarded.blocked.append(r.request.url)  # type: ignore[attr-defined]
                r.abort()  # type: ignore[attr-defined]

        context.route("**/*", route)
        page = context.new_page()
        page.on("console", lambda m: m.type == "error" and guarded.console_errors.append(m.text))
        guarded.page = page
        opened.append(guarded)
        return guarded

    yield make
    for g in opened:
        g.context.close()  # type: ignore[attr-defined]


def screenshot(page: object, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)  # type: ignore[attr-defined]
    return path
