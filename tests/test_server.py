"""Does the server compress, redirect, strip sources, stay offline and keep handed-out kernels?"""

from __future__ import annotations

import asyncio
import gzip
import http.cookiejar
import re
import urllib.error
import urllib.parse
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
        assert pools[spec.notebook]["pool_size"] == opts.pools()[spec.notebook]
    assert pools["default"]["pool_size"] == 0
    assert c.MappingKernelManager.cull_idle_timeout == 300
    assert c.VoilaConfiguration.strip_sources is True
    assert c.VoilaConfiguration.show_tracebacks is False
    assert c.VoilaConfiguration.template == "kit"
    assert c.KernelManager.transport == "ipc"  # no TCP port to collide with trainees' sockets


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


def _page_kernel(opener: urllib.request.OpenerDirector, base_url: str) -> str:
    with opener.open(f"{base_url}/voila/render/home.ipynb", timeout=60) as resp:
        html = resp.read().decode("utf-8")
    found = re.search(r'"kernelId":\s*"([0-9a-f-]+)"', html)
    assert found, "no kernel id in the page"
    return found.group(1)


def _kernel_alive(base_url: str, kernel_id: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base_url}/api/kernels/{kernel_id}", timeout=30):
            return True
    except urllib.error.HTTPError as exc:
        assert exc.code == 404
        return False


def test_closing_a_page_shuts_its_kernel_down_with_the_xsrf_cookie(kit_server) -> None:  # type: ignore[no-untyped-def]
    """The page's beforeunload beacon posts the _xsrf cookie's value: the page must set it."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    kernel_id = _page_kernel(opener, kit_server.base_url)
    xsrf = next((c.value for c in jar if c.name == "_xsrf"), "")
    assert xsrf, "the page set no _xsrf cookie"
    url = f"{kit_server.base_url}/voila/api/shutdown/{kernel_id}"
    forged = urllib.request.Request(url, data=b"_xsrf=", method="POST")
    try:
        opener.open(forged, timeout=30)
        raise AssertionError("a shutdown without the token was accepted")
    except urllib.error.HTTPError as exc:
        assert exc.code == 403
    assert _kernel_alive(kit_server.base_url, kernel_id)
    body = urllib.parse.urlencode({"_xsrf": xsrf}).encode()
    with opener.open(urllib.request.Request(url, data=body, method="POST"), timeout=60) as r:
        assert r.status == 204
    assert not _kernel_alive(kit_server.base_url, kernel_id)


def test_static_files_come_gzipped_and_equal_the_file(kit_server) -> None:  # type: ignore[no-untyped-def]
    _, _, page = fetch(f"{kit_server.base_url}/voila/render/home.ipynb")
    html = gzip.decompress(page).decode("utf-8")
    script = re.search(r'src="(/voila/static/[^"?]+\.js)', html)
    assert script, "no static script in the page"
    url = f"{kit_server.base_url}{script.group(1)}"
    status, headers, body = fetch(url)
    assert status == 200 and headers.get("Content-Encoding") == "gzip"
    with urllib.request.urlopen(url, timeout=60) as plain:  # no Accept-Encoding: as on disk
        assert plain.headers.get("Content-Encoding") is None
        original = plain.read()
    assert gzip.decompress(body) == original
    _, again, body2 = fetch(url)  # the second page gets the same bytes, from the cache
    assert body2 == body and again.get("Etag") == headers.get("Etag")


def test_precompressed_wraps_only_static_file_handlers(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tornado.web import RedirectHandler, StaticFileHandler

    from kit.server import static

    wrapped = static.precompressed(
        [(r"/a", RedirectHandler, {"url": "/"}), (r"/s/(.*)", StaticFileHandler, {"path": "."})]
    )
    assert wrapped[0][1] is RedirectHandler
    assert issubclass(wrapped[1][1], static.PrecompressedMixin)
    assert issubclass(wrapped[1][1], StaticFileHandler) and wrapped[1][2] == {"path": "."}
    path = tmp_path / "a.js"
    path.write_text("var a = 1;\n" * 500)
    first = static.compressed(str(path))
    assert static.compressed(str(path)) is first  # cached
    assert gzip.decompress(first) == path.read_bytes()
    path.write_text("var b = 2;\n" * 400)  # a changed file is compressed again
    assert gzip.decompress(static.compressed(str(path))) == path.read_bytes()
