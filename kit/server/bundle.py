"""The code chunks a page loads, served as one script instead of about ninety.

A Voilà page is a webpack application: after ``voila.js`` it asks for about 75 chunks of its own
and 15 of the JupyterLab extensions (the widget manager, anywidget…), one request each (98 in all
with the styles, ``make bench``, capacity). On a hall's Wi-Fi every request is a round trip for
a phone, and on the trainer's laptop the one Voilà process that also relays every trainee's
widget messages answers them one after another: forty pages opening at once meant ~3,900
requests, and their first widgets waited seconds for them.

Each chunk file only *registers* its modules, by pushing them onto a global array
(``(self.webpackChunk_… ||= []).push([[id], {…}])``) that the webpack runtime reads when it
starts and whenever a chunk arrives. So the page can be sent the chunks it will need ahead of
time, concatenated into one script placed just before ``voila.js`` (the ``kit`` template does it):
the runtime then finds them installed and asks for none. Nothing runs earlier than before, and a
chunk sent but never needed costs its bytes only.

Which chunks a page needs is recorded from a real browser (:mod:`devtools.bundle_record`, run
by ``make page-chunks``) into ``share/page-chunks.json``, with the versions of the packages whose
files they are. The script is built when the server starts, from the installed files, so it is
always of the same build as ``voila.js``: a list recorded with other versions can only make the
page load some chunks one by one again, which the server says in its log and a browser test
catches.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from kit.core import paths as _paths

#: the recorded list of chunks, relative to :func:`kit.core.paths.share_dir`
LIST_FILE = "page-chunks.json"
SCHEMA_VERSION = 1
#: the packages whose files the chunks are (their versions are recorded with the list)
PACKAGES = ("voila", "jupyterlab-widgets", "anywidget", "jupyterlab-pygments")
#: URL prefixes of the chunks, as the page asks for them (below the server's base URL)
VOILA_STATIC = "voila/static/"
LABEXTENSIONS = "voila/labextensions/"
#: the URL the script is served at (below the base URL); ``?v=`` carries its hash
URL_PATH = "kit/page/"
FILE_NAME = "page-chunks.js"
_SOURCE_MAP = re.compile(rb"^//# sourceMappingURL=.*$", re.M)


def is_chunk(url_path: str) -> bool:
    """Is ``url_path`` (no query, no leading slash) a code chunk the bundle can hold?

    The entry points (``voila.js`` and each extension's ``remoteEntry``) are not: they run code
    when loaded, and the page loads them itself.
    """
    name = url_path.rsplit("/", 1)[-1]
    if not name.endswith(".js") or name == "voila.js" or name.startswith("remoteEntry."):
        return False
    if url_path.startswith(VOILA_STATIC):
        return "/" not in url_path[len(VOILA_STATIC) :]
    return url_path.startswith(LABEXTENSIONS) and "/static/" in url_path


def installed_versions() -> dict[str, str]:
    """The installed version of each of :data:`PACKAGES` (``""`` when absent)."""
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = ""
    return versions


@dataclass(frozen=True)
class ChunkList:
    """The recorded chunks (URL paths below the base URL) and the versions they were seen with."""

    files: tuple[str, ...]
    recorded_with: dict[str, str] = field(default_factory=dict)

    def differences(self, installed: dict[str, str]) -> list[str]:
        """``name recorded → installed`` for each package whose version differs."""
        return [
            f"{name} {self.recorded_with.get(name, '?')} → {installed.get(name) or 'none'}"
            for name in sorted(set(self.recorded_with) | set(installed))
            if self.recorded_with.get(name) != installed.get(name)
        ]

    def to_json(self) -> str:
        data = {
            "schema_version": SCHEMA_VERSION,
            "recorded_with": self.recorded_with,
            "files": list(self.files),
        }
        return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def read_list(path: Path | None = None) -> ChunkList:
    """The recorded list (an empty one when the file is missing or not of this schema)."""
    path = path or _paths.share_dir() / LIST_FILE
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return ChunkList(())
    if not isinstance(data, dict) or data.get("schema_version") != SCHEMA_VERSION:
        return ChunkList(())
    files = tuple(str(f) for f in data.get("files", ()) if is_chunk(str(f)))
    versions = {str(k): str(v) for k, v in dict(data.get("recorded_with") or {}).items()}
    return ChunkList(files, versions)


def resolve(
    url_path: str, static_paths: Sequence[str | Path], labextension_paths: Sequence[str | Path]
) -> Path | None:
    """The installed file the server would send for ``url_path``, as its handlers find it
    (the first folder holding it wins), or ``None``."""
    if url_path.startswith(VOILA_STATIC):
        folders, rest = static_paths, url_path[len(VOILA_STATIC) :]
    elif url_path.startswith(LABEXTENSIONS):
        folders, rest = labextension_paths, url_path[len(LABEXTENSIONS) :]
    else:
        return None
    for folder in folders:
        candidate = Path(folder) / rest
        if candidate.is_file():
            return candidate
    return None


@dataclass(frozen=True)
class Bundle:
    """The script and what went into it."""

    data: bytes
    included: tuple[str, ...]
    missing: tuple[str, ...]

    @property
    def version(self) -> str:
        return hashlib.sha256(self.data).hexdigest()[:16]

    def url(self) -> str:
        """Its URL below the base URL, with the hash that lets browsers keep it."""
        return f"{URL_PATH}{FILE_NAME}?v={self.version}"


def build(
    files: Iterable[str],
    static_paths: Sequence[str | Path],
    labextension_paths: Sequence[str | Path],
) -> Bundle:
    """Concatenate the installed chunk files of ``files`` (URL paths) into one script."""
    parts: list[bytes] = []
    included: list[str] = []
    missing: list[str] = []
    for url_path in dict.fromkeys(files):  # each once, in the recorded order
        path = resolve(url_path, static_paths, labextension_paths)
        if path is None:
            missing.append(url_path)
            continue
        code = _SOURCE_MAP.sub(b"", path.read_bytes()).rstrip()
        parts.append(b"/* " + url_path.encode() + b" */\n" + code + b"\n;\n")
        included.append(url_path)
    return Bundle(b"".join(parts), tuple(included), tuple(missing))


def write(bundle: Bundle, folder: Path) -> Path:
    """Write the script into ``folder`` (served as :data:`URL_PATH`)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / FILE_NAME
    path.write_bytes(bundle.data)
    return path
