"""The kit's Voilà server: Voilà's app with the settings a hall deployment needs.

* responses are compressed (``compress_response`` must be given when tornado builds the
  application, which is why passing it on the command line has no effect), static files once
  for all pages (:mod:`static`);
* ``/`` (and Voilà's file tree) redirect to the home app;
* Font Awesome is served from the installed ``fontawesome-free`` package instead of a CDN, and
  the ``kit`` template (extending ``lab``) points the page at it: no request leaves the server;
* kernel pools filled by demand, gradually, kernels at a lower priority (:mod:`kernels`);
* a page sets the ``_xsrf`` cookie: the page's ``beforeunload`` beacon sends it back to shut its
  kernel down, and without the cookie every shutdown was refused (403) and the kernels of closed
  pages lived on until culled;
* page templates are compiled once, not for every page (:mod:`templates`);
* the code chunks a page needs come as one script, built at start (:mod:`bundle`), instead of
  about ninety requests per page;
* the kernel websocket takes an upload of :data:`kit.core.uploads.MAX_BYTES` (tornado's default,
  10 MiB, closed the page's connection on a larger file while the apps offered 20 and 200 MB),
  and the page refuses a larger choice before sending it (the ``kit`` template);
* a path the server does not serve gets a 403 or 404 in plain words, never a 500 (:mod:`routes`).
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from importlib import metadata
from pathlib import Path
from typing import Any

from tornado.web import HTTPError, RedirectHandler, StaticFileHandler
from voila.app import Voila
from voila.tornado.handler import TornadoVoilaHandler
from voila.tornado.kernel_websocket_handler import VoilaKernelWebsocketHandler

from kit.core import uploads
from kit.core.i18n import t
from kit.server import bundle, routes
from kit.server.kernels import with_handout_grace
from kit.server.static import precompressed
from kit.server.templates import use_cached_templates

FONT_PREFIX = "kit/static/fontawesome/"
#: set to ``0`` to let pages load their chunks one by one (the recorder of the list needs it)
PAGE_CHUNKS_ENV = "KIT_PAGE_CHUNKS"
#: what a kernel message carries beside an upload's bytes (its JSON parts, the files' names)
ENVELOPE_BYTES = 2**20
#: the largest message the kernel websocket takes from a page
WEBSOCKET_MAX_BYTES = uploads.MAX_BYTES + ENVELOPE_BYTES


def fontawesome_dir() -> Path:
    """The folder holding ``css/`` and ``webfonts/`` of Font Awesome 5 Free (from PyPI)."""
    dist = metadata.distribution("fontawesome-free")
    root = Path(
        str(
            dist.locate_file(
                "fontawesome-free/static/fontawesome_free/js-packages/@fortawesome/fontawesome-free"
            )
        )
    )
    return root


class PageHandler(TornadoVoilaHandler):
    """Voilà's page, which also sets the XSRF cookie its shutdown beacon needs; it serves the
    registry's notebooks only (any other path is a 404, and no kernel is started for it)."""

    async def prepare(self) -> None:
        await super().prepare()
        _ = self.xsrf_token  # reading it sets the ``_xsrf`` cookie

    async def get(self, path: str | None = None) -> None:
        if path not in routes.SERVED_NOTEBOOKS:
            raise HTTPError(404)
        await super().get(path)


class KernelChannels(VoilaKernelWebsocketHandler):
    """Voilà's kernel websocket, taking a message as large as an upload may be."""

    @property
    def max_message_size(self) -> int:
        return WEBSOCKET_MAX_BYTES

    async def open(self, kernel_id: str) -> None:
        # tornado's connection buffers at most 100 MB of a message being read: a larger upload
        # limit needs a larger buffer on this connection
        stream = getattr(self.ws_connection, "stream", None)
        if stream is not None and stream.max_buffer_size < WEBSOCKET_MAX_BYTES + ENVELOPE_BYTES:
            stream.max_buffer_size = WEBSOCKET_MAX_BYTES + ENVELOPE_BYTES
        await super().open(kernel_id)


#: Voilà's handlers and the kit's replacements
REPLACED = {TornadoVoilaHandler: PageHandler, VoilaKernelWebsocketHandler: KernelChannels}


def with_page_handler(handlers: list[Any]) -> list[Any]:
    """Voilà's handler list with :class:`PageHandler` serving the pages and
    :class:`KernelChannels` the kernel websockets."""
    return [
        (h[0], REPLACED[h[1]], *h[2:]) if len(h) > 1 and h[1] in REPLACED else h for h in handlers
    ]


def upload_resources() -> dict[str, Any]:
    """What the page template needs to refuse an upload the server would not take."""
    refused = " / ".join(
        t("kit.upload_too_large", lang, mb=uploads.MAX_MB) for lang in ("vi", "en")
    )
    return {"max_bytes": uploads.MAX_BYTES, "refused": refused}


class KitVoila(Voila):
    name = "kit-voila"
    home_path = "voila/render/home.ipynb"
    #: the folder the page-chunks script is written to (``None``: not served)
    _chunks_dir: Path | None = None

    def init_page_chunks(self) -> None:
        """Build the page-chunks script and tell the template its URL (``resources``)."""
        if os.environ.get(PAGE_CHUNKS_ENV, "1") == "0":
            return
        chunks = bundle.read_list()
        built = bundle.build(chunks.files, self.static_paths, self.labextensions_path)
        if not built.included:
            self.log.warning("kit: no page chunk found; pages load them one by one")
            return
        if built.missing:
            changed = "; ".join(chunks.differences(bundle.installed_versions())) or "none"
            self.log.warning(
                "kit: %s of %s recorded page chunks are not installed (versions changed: %s); "
                "pages load the chunks they need one by one: run `make page-chunks`",
                len(built.missing),
                len(chunks.files),
                changed,
            )
        folder = Path(tempfile.mkdtemp(prefix="kit-page-"))
        atexit.register(shutil.rmtree, folder, True)
        bundle.write(built, folder)
        self._chunks_dir = folder
        self.add_resources(kit_page_chunks=self.base_url + built.url())
        self.log.info(
            "kit: %s page chunks in one script (%s KiB)", len(built.included), len(built.data) >> 10
        )

    def add_resources(self, **values: Any) -> None:
        """Values the page template reads from ``resources``."""
        config = self.voila_configuration.config.VoilaConfiguration
        resources = config.resources if isinstance(config.resources, dict) else {}
        config.resources = {**resources, **values}

    def init_settings(self) -> dict[str, Any]:
        import voila.app as voila_app

        self.add_resources(kit_upload=upload_resources())
        self.init_page_chunks()
        use_cached_templates()

        original = voila_app.voila_kernel_manager_factory
        voila_app.voila_kernel_manager_factory = with_handout_grace(original)
        try:
            settings: dict[str, Any] = super().init_settings()
        finally:
            voila_app.voila_kernel_manager_factory = original
        settings["compress_response"] = True
        return settings

    def init_handlers(self) -> list[Any]:
        home = f"{self.base_url}{self.home_path}"
        ours: list[Any] = [
            *routes.not_served(self.base_url),
            (rf"{self.base_url}", RedirectHandler, {"url": home}),
            (rf"{self.base_url}voila/tree/?", RedirectHandler, {"url": home}),
            (
                rf"{self.base_url}{FONT_PREFIX}(.*)",
                StaticFileHandler,
                {"path": str(fontawesome_dir())},
            ),
        ]
        if self._chunks_dir is not None:
            ours.append(
                (
                    rf"{self.base_url}{bundle.URL_PATH}(.*)",
                    StaticFileHandler,
                    {"path": str(self._chunks_dir)},
                )
            )
        served = precompressed(ours + with_page_handler(list(super().init_handlers())))
        return routes.harden(served)
