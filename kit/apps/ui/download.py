"""Hand a file to the browser: a link holding the bytes as a data URI (no download handler is
needed on the server; fine for the small documents the kit writes)."""

from __future__ import annotations

import base64

import ipywidgets as w

from kit.apps.ui.shell import esc
from kit.apps.ui.widgets import html
from kit.core import slug

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_filename(name: str) -> str:
    """The name as offered to the browser: transliterated by the kit's one slug rule
    (:func:`kit.core.slug.filename`: "Quảng Thái" → "quang-thai"), extension kept."""
    return slug.filename(name)


def download_link(data: bytes, filename: str, label: str, mime: str = DOCX) -> w.HTML:
    encoded = base64.b64encode(data).decode("ascii")
    return html(
        f"<a class='kit-download' download='{esc(safe_filename(filename))}' "
        f"href='data:{mime};base64,{encoded}'>{esc(label)}</a>",
        "kit-download-area",
    )
