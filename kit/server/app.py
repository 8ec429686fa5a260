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
  about ninety requests per page.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from importlib import metadata
from pathlib import Path
from typing import Any

from tornado.web import RedirectHandler, StaticFileHandler
from voila.app import Voila
from voila.tornado.handler import TornadoVoilaHandler

from kit.server import bundle
from kit.server.kernels import with_handout_grace
from kit.server.static import precompressed
from kit.server.templates import use_cached_templates

FONT_PREFIX = "kit/static/fontawesome/"
#: set to ``0`` to let pages load their chunks one by one (the recorder of the list needs it)
PAGE_CHUNKS_ENV = "KIT_PAGE_CHUNKS"


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
    """Voilà's page, which also sets the XSRF cookie its shutdown beacon needs."""

    async def prepare(self) -> None:
        await super().prepare()
        _ = self.xsrf_token  # reading it sets the ``_xsrf`` cookie


def with_page_handler(handlers: list[Any]) -> list[Any]:
    """Voilà's handler list with :class:`PageHandler` serving the pages."""
    return [
        (h[0], PageHandler, *h[2:]) if len(h) > 1 and h[1] is TornadoVoilaHandler else h
        for h in handlers
    ]


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
        config = self.voila_configuration.config.VoilaConfiguration
        resources = config.resources if isinstance(config.resources, dict) else {}
        config.resources = {**resources, "kit_page_chunks": self.base_url + built.url()}
        self.log.info(
            "kit: %s page chunks in one script (%s KiB)", len(built.included), len(built.data) >> 10
        )

    def init_settings(self) -> dict[str, Any]:
        import voila.app as voila_app

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
        return precompressed(ours + with_page_handler(list(super().init_handlers())))
