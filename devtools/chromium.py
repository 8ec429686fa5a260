"""Driving Debian's chromium (tests, benchmarks, load checks): its flags and a loopback-only guard.

Playwright's own browser download cannot work here, so the kit always uses ``/usr/bin/chromium``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

EXECUTABLE = "/usr/bin/chromium"
ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})


def launch(playwright: Any) -> Any:
    """A headless Debian chromium."""
    return playwright.chromium.launch(executable_path=EXECUTABLE, args=list(ARGS), headless=True)


def block_outside_loopback(context: Any) -> list[str]:
    """Abort every request of ``context`` that leaves loopback; return the list they go to."""
    blocked: list[str] = []

    def route(r: Any) -> None:
        url = urlparse(r.request.url)
        if url.scheme in ("data", "blob") or (url.hostname or "") in LOOPBACK:
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    return blocked
