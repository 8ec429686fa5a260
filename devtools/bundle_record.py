"""Record which code chunks the kit's pages load, for :mod:`kit.server.bundle`.

``python -m devtools.bundle_record`` (``make page-chunks``) starts ``kit serve`` with the
page-chunks script off, opens every app of the registry in Debian's chromium until its main
widget shows, and writes the chunks the pages asked for, with the installed versions of the
packages they come from, to ``kit/server/share/page-chunks.json``. Run it after upgrading Voilà,
ipywidgets or anywidget (a browser test fails until then). Needs the test extras (Playwright).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from devtools import chromium
from devtools.process import start_kit
from kit import registry
from kit.core import paths as _paths
from kit.server import bundle
from kit.server.app import PAGE_CHUNKS_ENV
from kit.server.kernels import POOLS_READY

TIMEOUT_MS = 180_000


def chunk_requests(page: Any, base_url: str) -> list[str]:
    """Start collecting the chunk URL paths ``page`` asks ``base_url`` for (a live list)."""
    origin = urlparse(base_url).netloc
    seen: list[str] = []

    def keep(request: Any) -> None:
        url = urlparse(request.url)
        path = url.path.lstrip("/")
        if url.netloc == origin and bundle.is_chunk(path) and path not in seen:
            seen.append(path)

    page.on("request", keep)
    return seen


def record(base_url: str) -> list[str]:
    """The chunks the pages of every app load, in the order first asked for."""
    from playwright.sync_api import sync_playwright

    found: list[str] = []
    with sync_playwright() as pw:
        browser = chromium.launch(pw)
        try:
            for spec in registry.APPS:
                context = browser.new_context()
                chromium.block_outside_loopback(context)
                page = context.new_page()
                seen = chunk_requests(page, base_url)
                page.goto(f"{base_url}/{spec.url_path}", wait_until="commit")
                page.wait_for_selector(f".{spec.main_widget}", state="visible", timeout=TIMEOUT_MS)
                page.wait_for_load_state("networkidle")
                found.extend(p for p in seen if p not in found)
                context.close()
        finally:
            browser.close()
    return found


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="kit-page-chunks-") as tmp:
        server = start_kit(Path(tmp), expected_users=1, env={PAGE_CHUNKS_ENV: "0"})
        try:
            server.wait_ready(timeout=300, log_marker=POOLS_READY)
            files = record(server.base_url)
        finally:
            server.stop()
    chunks = bundle.ChunkList(tuple(files), bundle.installed_versions())
    out = _paths.share_dir() / bundle.LIST_FILE
    out.write_text(chunks.to_json(), encoding="utf-8")
    print(f"{len(files)} chunks recorded in {out.name}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
