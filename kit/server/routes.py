"""What the server answers to a path it does not serve: 403 or 404 in plain words, never a 500,
a traceback or a file outside what is served.

A probe of the server's paths found 500s: Voilà's template-file handler splits the path and
asserts its parts (``/voila/templates/..%2f..``, ``/voila/templates/kit/static/../conf.json``),
``/logout`` and every error page of jupyter_server's handlers render templates that need a
``static_path`` setting Voilà does not have, and ``/voila/render/home.ipynb%00`` failed in
Voilà's renderer. Here:

* a static-file handler answers 404 to a path it cannot resolve (a ``..`` part, a NUL, a path
  its own code chokes on), whatever the exception;
* template files are served under ``<template>/static/<file>`` only;
* ``/voila/render/`` serves the registry's notebooks, named exactly; any other path is a 404,
  not a redirect to ``/voila/files`` nor a kernel started for it;
* the file listing of the notebooks folder (``/voila/api/contents``) and ``/logout`` (there are
  no accounts) are not served;
* every error page is a short page of its own, Vietnamese then English, rendered from no
  template: an error while rendering the error page cannot turn a 404 into a 500.

Errors of the JSON API handlers stay JSON (jupyter_server's, with no traceback).
"""

from __future__ import annotations

import html
import re
from typing import Any

from jupyter_server.base.handlers import APIHandler
from tornado.iostream import StreamClosedError
from tornado.web import HTTPError, RequestHandler, StaticFileHandler
from tornado.websocket import WebSocketHandler
from voila.static_file_handler import TemplateStaticFileHandler

from kit import registry

#: the notebooks ``/voila/render/`` serves
SERVED_NOTEBOOKS = frozenset(app.notebook for app in registry.APPS)
#: a template file's path: ``<template>/static/<file>``
TEMPLATE_FILE = re.compile(r"[A-Za-z0-9_-]+/static/[^\x00]+")
#: paths served by nobody, whatever Voilà would do with them (after the base URL)
NOT_SERVED = (r"logout", r"voila/api/contents(?:/.*)?")

#: what an error page says (Vietnamese, English)
WORDS = {
    400: ("Yêu cầu không hợp lệ.", "Bad request."),
    403: ("Không được phép mở địa chỉ này.", "This address may not be opened."),
    404: ("Không có trang này.", "There is no such page."),
    405: ("Địa chỉ này không nhận yêu cầu kiểu này.", "This address does not take this request."),
}
OTHER = ("Máy phục vụ không trả lời được yêu cầu này.", "The server could not answer this.")


def error_page(status_code: int, home: str) -> str:
    vi, en = WORDS.get(status_code, OTHER)
    return (
        '<!doctype html><html lang="vi"><head><meta charset="utf-8">'
        f"<title>{status_code}</title></head><body>"
        f"<p>{html.escape(vi)}</p><p lang='en'>{html.escape(en)}</p>"
        f"<p><a href='{html.escape(home, quote=True)}'>Trang chủ · Home</a></p></body></html>"
    )


class PlainErrorsMixin:
    """For a page handler: error pages from :func:`error_page`, never from a template."""

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        handler: Any = self
        handler.set_header("Content-Type", "text/html; charset=UTF-8")
        handler.finish(error_page(status_code, handler.settings.get("base_url", "/")))


class SafePathsMixin:
    """For a static-file handler: a path it cannot resolve is a 404, not a 500."""

    def parse_url_path(self, url_path: str) -> str:
        parts = re.split(r"[\\/]", url_path)
        if "\x00" in url_path or ".." in parts:
            raise HTTPError(404)
        return str(super().parse_url_path(url_path))  # type: ignore[misc]

    async def get(self, path: str, include_body: bool = True) -> None:
        handler: Any = self
        try:
            await super().get(path, include_body)  # type: ignore[misc]
        except (ValueError, AssertionError, OSError, UnicodeError, LookupError) as exc:
            if isinstance(exc, StreamClosedError) or handler._headers_written:
                raise
            raise HTTPError(404) from None


class TemplateFiles(TemplateStaticFileHandler):
    """Voilà's template files, under ``<template>/static/`` only."""

    def parse_url_path(self, url_path: str) -> str:
        if not TEMPLATE_FILE.fullmatch(url_path):
            raise HTTPError(404)
        return str(super().parse_url_path(url_path))


class NotServed(PlainErrorsMixin, RequestHandler):
    """A path nobody serves: 404 whatever the method."""

    def prepare(self) -> None:
        raise HTTPError(404)


def not_served(base_url: str) -> list[Any]:
    return [(rf"{base_url}{path}", NotServed) for path in NOT_SERVED]


def harden(handlers: list[Any]) -> list[Any]:
    """Voilà's handler list with the changes above: its template-file handler replaced, every
    static-file handler answering 404 to what it cannot resolve, every page handler (not the
    JSON API's, not a websocket's) writing plain error pages."""
    out = []
    for spec in handlers:
        cls = spec[1] if isinstance(spec, tuple) and len(spec) > 1 else None
        if not isinstance(cls, type) or not issubclass(cls, RequestHandler):
            out.append(spec)
            continue
        if issubclass(cls, TemplateStaticFileHandler) and not issubclass(cls, TemplateFiles):
            cls = type(f"Kit{cls.__name__}", (cls, TemplateFiles), {})
        mixins: list[type] = []
        if issubclass(cls, StaticFileHandler) and not issubclass(cls, SafePathsMixin):
            mixins.append(SafePathsMixin)
        plain = not issubclass(cls, (APIHandler, WebSocketHandler, PlainErrorsMixin))
        if plain:
            mixins.append(PlainErrorsMixin)
        if mixins:
            cls = type(f"Safe{cls.__name__}", (*mixins, cls), {})
        out.append((spec[0], cls, *spec[2:]))
    return out
