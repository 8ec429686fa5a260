"""File names from Vietnamese text: ``slug("Báo cáo sơ kết Ủy ban nhân dân xã Quảng Thái")`` is
``"bao-cao-so-ket-uy-ban-nhan-dan-xa-quang-thai"``.

Every name the kit offers for a download or writes by default goes through `slug` (through
:func:`filename` when it has an extension), so the letters of a name survive: tone and vowel
marks are taken off (NFD, combining marks dropped), Đ/đ and its look-alikes become d, anything
that is not a letter or a digit becomes one hyphen, and the result is lower case and at most
:data:`MAX_CHARS` long, cut at a hyphen.
"""

from __future__ import annotations

import re
import unicodedata

MAX_CHARS = 80
FALLBACK = "tai-lieu"
_D = str.maketrans({"Đ": "d", "đ": "d", "Ð": "d", "ð": "d", "Ɖ": "d", "ɖ": "d"})
_OTHER = re.compile(r"[^a-z0-9]+")
_EXTENSION = re.compile(r"\.([A-Za-z0-9]{1,8})$")


def slug(text: str, fallback: str = FALLBACK) -> str:
    """``text`` as lower-case ASCII words joined by hyphens (``fallback`` when nothing is left)."""
    plain = unicodedata.normalize("NFD", text.translate(_D))
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    plain = unicodedata.normalize("NFKD", plain).encode("ascii", "ignore").decode("ascii")
    words = _OTHER.sub("-", plain.lower()).strip("-")
    if len(words) > MAX_CHARS:
        cut = words[:MAX_CHARS]
        words = cut.rsplit("-", 1)[0] if "-" in cut else cut
    return words or fallback


def filename(name: str, fallback: str = FALLBACK) -> str:
    """A file name: its stem through `slug`, its extension (``.docx``) kept in lower case."""
    match = _EXTENSION.search(name.strip())
    if not match:
        return slug(name, fallback)
    return f"{slug(name.strip()[: match.start()], fallback)}.{match.group(1).lower()}"
