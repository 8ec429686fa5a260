"""The kit's Voilà server: Voilà's app with the settings a hall deployment needs.

* responses are compressed (``compress_response`` must be given when tornado builds the
  application, which is why passing it on the command line has no effect);
* ``/`` (and Voilà's file tree) redirect to the home app;
* Font Awesome is served from the installed ``fontawesome-free`` package instead of a CDN, and
  the ``kit`` template (extending ``lab``) points the page at it: no request leaves the server;
* pooled kernels handed to a page are not culled before the page connects (:mod:`kernels`).
"""

from __future__ import annotations

from importlib import metadata
from pathlib import Path
from typing import Any

from tornado.web import RedirectHandler, StaticFileHandler
from voila.app import Voila

from kit.server.kernels import with_handout_grace

FONT_PREFIX = "kit/static/fontawesome/"


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


class KitVoila(Voila):
    name = "kit-voila"
    home_path = "voila/render/home.ipynb"

    def init_settings(self) -> dict[str, Any]:
        import voila.app as voila_app

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
        return ours + list(super().init_handlers())
