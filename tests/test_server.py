"""Does the server compress, redirect, strip sources, stay offline and keep handed-out kernels?"""

from __future__ import annotations

import asyncio
import gzip
import re
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace

from kit import registry
from kit.server import launch
from kit.server.kernels import with_handout_grace


def fetch(url: str) -> tuple[int, dict[str, str], bytes]:
    req = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(req, timeout=60) as resp:
        return resp.status, dict(resp.headers), resp.read()


def test_pages_are_compressed_have_no_cell_source_and_no_outside_address(kit_server) -> None:  # type: ignore[no-untyped-def]
    for spec in registry.APPS:
        status, headers, body = fetch(f"{kit_server.base_url}/{spec.url_path}")
        assert status == 200
        assert headers.get("Content-Encoding") == "gzip"
        html = gzip.decompress(body).decode("utf-8")
        assert "build_app" not in html, "cell source reached the page"
        assert "Traceback" not in html
        outside = set(re.findall(r"(?:src|href)=[\"'](https?://[^\"']+)", html))
        assert outside == set(), outside


def test_root_redirects_to_the_home_app(kit_server) -> None:  # type: ignore[no-untyped-def]
    with urllib.request.urlopen(f"{kit_server.base_url}/", timeout=60) as resp:
        assert resp.url.endswith(registry.get("home").url_path)


def test_icon_font_is_served_locally(kit_server) -> None:  # type: ignore[no-untyped-def]
    status, _, _ = fetch(f"{kit_server.base_url}/kit/static/fontawesome/css/all.min.css")
    assert status == 200
    status, _, _ = fetch(
        f"{kit_server.base_url}/kit/static/fontawesome/webfonts/fa-solid-900.woff2"
    )
    assert status == 200


def test_voila_config_sizes_pools_from_registry_and_turns_culling_on() -> None:
    opts = launch.ServeOptions(expected_users=40, cull_idle_seconds=300, cull_interval_seconds=30)
    c = launch.voila_config(opts)
    pools = c.VoilaKernelManager.kernel_pools_config
    for spec in registry.APPS:
        assert pools[spec.notebook]["pool_size"] == spec.pool_size(40)
    assert pools["default"]["pool_size"] == 0
    assert c.MappingKernelManager.cull_idle_timeout == 300
    assert c.VoilaConfiguration.strip_sources is True
    assert c.VoilaConfiguration.show_tracebacks is False
    assert c.VoilaConfiguration.template == "kit"


def test_a_kernel_handed_out_from_the_pool_gets_a_fresh_idle_clock() -> None:
    """Is the pooled kernel's stale last_activity reset when a page takes it? (VOILA-NOTES)"""
    stale = object()
    kernel = SimpleNamespace(last_activity=stale)

    class FakeVoilaManager:
        def __init__(self) -> None:
            self._kernels = {"k1": kernel}
            self.log = SimpleNamespace(info=lambda *a: None)

        async def get_rendered_notebook(self, *a, **kw):  # type: ignore[no-untyped-def]
            return "task", [], "k1"

    cls = with_handout_grace(lambda *a, **k: FakeVoilaManager)()
    # a thread of its own: the browser tests' Playwright keeps an event loop in this one
    with ThreadPoolExecutor(1) as pool:
        result = pool.submit(asyncio.run, cls().get_rendered_notebook("home.ipynb")).result()
    assert result == ("task", [], "k1")
    assert kernel.last_activity is not stale
