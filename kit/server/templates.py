"""Page templates compiled once per server, not once per page.

Voilà renders every page with a new exporter, and each exporter builds a new Jinja environment
that lexes, parses and compiles the page's templates (``index.html.j2`` and the ones it extends
and imports) again: about a tenth of the Voilà process's time when forty pages opened at once
(``make bench``, capacity, profiled). Jinja's own answer is a bytecode cache shared by the
environments: a template whose source is unchanged is loaded from the compiled code kept in
memory. The key holds the template's name and file, whether the environment renders
asynchronously and its extensions, since the compiled code depends on them; Jinja itself checks
the source's checksum, so an edited template is compiled again.
"""

from __future__ import annotations

import threading
from typing import Any

from jinja2 import BytecodeCache, Environment
from jinja2.bccache import Bucket
from voila.exporter import VoilaExporter


class MemoryBytecodeCache(BytecodeCache):
    """Compiled templates kept in memory, shared by every environment that uses it."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def get_bucket(
        self, environment: Environment, name: str, filename: str | None, source: str
    ) -> Bucket:
        flavour = f"{environment.is_async}:{','.join(sorted(environment.extensions))}"
        key = self.get_cache_key(f"{flavour}:{name}", filename)
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        with self._lock:
            data = self._code.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: Bucket) -> None:
        data = bucket.bytecode_to_string()
        with self._lock:
            self._code[bucket.key] = data

    def clear(self) -> None:
        with self._lock:
            self._code.clear()

    def __len__(self) -> int:
        return len(self._code)


#: the one cache of the server process
CACHE = MemoryBytecodeCache()


class CachedTemplatesExporter(VoilaExporter):
    """Voilà's exporter whose environment loads compiled templates from :data:`CACHE`."""

    def _create_environment(self) -> Any:
        environment = super()._create_environment()
        environment.bytecode_cache = CACHE
        return environment


def use_cached_templates() -> None:
    """Make Voilà's page renderer use :class:`CachedTemplatesExporter` (idempotent)."""
    import voila.notebook_renderer as renderer

    renderer.VoilaExporter = CachedTemplatesExporter
