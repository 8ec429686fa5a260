"""Static files compressed once, not once per page.

A Voilà page loads about 100 static files (≈ 4.8 MiB). With ``compress_response`` tornado
gzips each response as it is sent, in the Voilà process that also relays every websocket message:
forty trainees opening the app at once made it compress ≈ 190 MiB, and the static files took
9 s of their 11.5 s to a first widget (``make bench``, capacity). Here a compressible file is
gzipped the first time it is asked for and the bytes are kept (keyed by path, size and mtime, so
a changed file is compressed again); later requests get the stored bytes. Range requests and
clients that do not accept gzip take the handler's own path.
"""

from __future__ import annotations

import gzip
import os
from collections import OrderedDict
from typing import Any

from tornado import iostream
from tornado.web import GZipContentEncoding, StaticFileHandler

#: the most compressed bytes kept in memory (the least recently used go first)
CACHE_BYTES = 64 * 2**20

_cache: OrderedDict[tuple[str, int, int], bytes] = OrderedDict()
_cached = [0]


def _compressible(content_type: str) -> bool:
    encoder: Any = GZipContentEncoding
    return bool(encoder._compressible_type(encoder, content_type.split(";")[0].strip()))


def compressed(path: str) -> bytes:
    """The gzip bytes of the file at ``path`` (from the cache when unchanged)."""
    stat = os.stat(path)
    key = (path, stat.st_size, int(stat.st_mtime_ns))
    data = _cache.get(key)
    if data is not None:
        _cache.move_to_end(key)
        return data
    with open(path, "rb") as f:
        data = gzip.compress(f.read(), compresslevel=6, mtime=0)
    _cache[key] = data
    _cached[0] += len(data)
    while _cached[0] > CACHE_BYTES and len(_cache) > 1:
        _, old = _cache.popitem(last=False)
        _cached[0] -= len(old)
    return data


class PrecompressedMixin:
    """For a :class:`tornado.web.StaticFileHandler` subclass: serve gzip from the cache."""

    async def get(self, path: str, include_body: bool = True) -> None:
        handler: Any = self
        request = handler.request
        if "gzip" not in request.headers.get("Accept-Encoding", "") or request.headers.get("Range"):
            await super().get(path, include_body)  # type: ignore[misc]
            return
        handler.path = handler.parse_url_path(path)
        absolute = handler.get_absolute_path(handler.root, handler.path)
        handler.absolute_path = handler.validate_absolute_path(handler.root, absolute)
        if handler.absolute_path is None:
            return
        handler.modified = handler.get_modified_time()
        handler.set_headers()
        if handler.should_return_304():
            handler.set_status(304)
            return
        if not _compressible(handler.get_content_type()):
            await super().get(path, include_body)  # type: ignore[misc]
            return
        data = compressed(handler.absolute_path)
        handler.set_header("Content-Encoding", "gzip")
        handler.set_header("Vary", "Accept-Encoding")
        handler.set_header("Content-Length", len(data))
        if include_body:
            try:
                handler.write(data)
                await handler.flush()
            except iostream.StreamClosedError:
                return


def precompressed(handlers: list[Any]) -> list[Any]:
    """Voilà's handler list with every static-file handler serving cached gzip bytes."""
    out = []
    for spec in handlers:
        cls = spec[1] if isinstance(spec, tuple) and len(spec) > 1 else None
        if isinstance(cls, type) and issubclass(cls, StaticFileHandler):
            cls = type(f"Precompressed{cls.__name__}", (PrecompressedMixin, cls), {})
            spec = (spec[0], cls, *spec[2:])
        out.append(spec)
    return out
