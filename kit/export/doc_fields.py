"""The parts of an official document a person fills in once for a workshop or a unit and the kit
remembers: issuing body, superior body, symbol (ký hiệu), place, the signer's authority (TM., KT.
…), title and name, and Nơi nhận (Decree 30/2020/NĐ-CP, Phụ lục I).

`DocumentFields.read` checks what a page sent (the browser is not trusted: text is trimmed,
folded to one line and bounded; a symbol or an authority line that is not one is refused with a
message saying which and how to write it); `apply` fills an :class:`OfficialDocument` with them;
`remember` and `recall` keep them in the settings table of the database (no new table), under a
scope such as ``workshop:K7Q2PX`` or ``rollup``, and the last fields saved for the same kind of
document are offered for a new scope.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import asdict, dataclass, replace
from typing import TYPE_CHECKING

from kit.core.errors import InputError
from kit.export.decree30 import OfficialDocument, SignatureBlock

if TYPE_CHECKING:
    from sqlalchemy import Engine

#: the longest text kept for a name, a title or a recipient, and the most recipients
NAME_CHARS = 200
RECIPIENTS = 20
AUTHORITIES = ("TM.", "KT.", "Q.", "TL.", "TUQ.")
KEY_PREFIX = "docfields:"
_SYMBOL = re.compile(r"^[A-ZĐ0-9]+(?:[-.][A-ZĐ0-9]+)*$")
_AUTHORITY = re.compile(r"^(TM|KT|Q|TL|TUQ)\.?\s+(\S.*)$", re.IGNORECASE)
_SCOPE = re.compile(r"^[a-z]+(?::[A-Za-z0-9_-]{1,40})?$")
_LEAD = re.compile(r"^[-–•+]\s*")
#: control characters and line breaks part words; format characters (zero-width) vanish
_SPACE_FOR = {"Cc": " ", "Zl": " ", "Zp": " ", "Cf": ""}
#: a number already given to a document: digits before the slash
_NUMBERED = re.compile(r"^[0-9]+\s*/\s*\S")


@dataclass(frozen=True)
class DocumentFields:
    issuing_body: str = ""
    parent_body: str = ""
    #: the symbol after the number: "BC-UBND" (the document kind's part is added when missing)
    symbol: str = ""
    place: str = ""
    #: up to two lines such as "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"
    authority: tuple[str, ...] = ()
    position: str = ""
    signer: str = ""
    recipients: tuple[str, ...] = ()

    @classmethod
    def read(cls, raw: dict[str, object]) -> DocumentFields:
        """The fields from a page's values (text areas give one line per authority or
        recipient); raises :class:`InputError` naming the field that cannot be used."""
        return cls(
            issuing_body=_line(raw.get("issuing_body")),
            parent_body=_line(raw.get("parent_body")),
            symbol=_symbol(raw.get("symbol")),
            place=_line(raw.get("place")),
            authority=_authorities(raw.get("authority")),
            position=_line(raw.get("position")),
            signer=_line(raw.get("signer")),
            recipients=tuple(_lines(raw.get("recipients"), RECIPIENTS)),
        )

    def number(self, kind: str) -> str:
        """The number as the document prints it before a clerk numbers it: "/BC-UBND"; the
        ``kind``'s letters ("BC", "KH") are put first when the symbol has only the body's."""
        if not self.symbol:
            return ""
        symbol = self.symbol if "-" in self.symbol else f"{kind}-{self.symbol}"
        return f"/{symbol}"


def _line(value: object, limit: int = NAME_CHARS) -> str:
    """One line of text: NFC (a page may send decomposed marks), no control or format
    characters, spaces folded, at most ``limit`` characters; anything but text is empty."""
    if not isinstance(value, str):
        return ""
    text = unicodedata.normalize("NFC", value)
    text = "".join(_SPACE_FOR.get(unicodedata.category(ch), ch) for ch in text)
    return " ".join(text.split())[:limit]


def _lines(value: object, most: int) -> list[str]:
    if isinstance(value, list | tuple):
        items = [item for item in value if isinstance(item, str)][: most * 2]
    else:
        text = value[: most * (NAME_CHARS + 8) * 2] if isinstance(value, str) else ""
        items = text.splitlines()  # a pasted book is cut before it is split
    lines = [_LEAD.sub("", _line(item)).rstrip(";,.").strip() for item in items]
    return [line for line in lines if line][:most]


def _symbol(value: object) -> str:
    text = _line(value, 40).upper().removeprefix("SỐ:").strip().lstrip("/").replace(" ", "")
    if text and not _SYMBOL.match(text):
        raise InputError(
            f"Ký hiệu «{text}» chưa đúng: viết chữ in hoa và gạch nối, ví dụ BC-UBND "
            "(phần số do văn thư điền khi ký).",
            f"The symbol «{text}» is not one: capitals joined by hyphens, e.g. BC-UBND (the "
            "number is filled in by the clerk at signing).",
        )
    return text


def _authorities(value: object) -> tuple[str, ...]:
    lines = _lines(value, 3)
    if len(lines) > 2:
        raise InputError(
            "Thẩm quyền ký có nhiều nhất hai dòng, ví dụ «TM. ỦY BAN NHÂN DÂN» và «KT. CHỦ TỊCH».",
            "The signer's authority has at most two lines, e.g. «TM. ỦY BAN NHÂN DÂN» and "
            "«KT. CHỦ TỊCH».",
        )
    out = []
    for line in lines:
        match = _AUTHORITY.match(line)
        if match is None:
            raise InputError(
                f"Dòng thẩm quyền ký «{line}» phải bắt đầu bằng TM., KT., Q., TL. hoặc TUQ., "
                "ví dụ «KT. CHỦ TỊCH».",
                f"The authority line «{line}» must start with TM., KT., Q., TL. or TUQ., e.g. "
                "«KT. CHỦ TỊCH».",
            )
        out.append(f"{match.group(1).upper()}. {match.group(2).strip().upper()}")
    return tuple(out)


def apply(doc: OfficialDocument, fields: DocumentFields, kind: str) -> OfficialDocument:
    """``doc`` with every field that is given put in its place (a field left empty keeps what
    the document had; a number the document already has, "25/BC-UBND", is its own and kept);
    ``kind`` is the symbol's first part ("BC" for a report)."""
    sign = doc.signature
    numbered = _NUMBERED.match(doc.number.strip()) is not None
    return replace(
        doc,
        issuing_body=fields.issuing_body or doc.issuing_body,
        parent_body=fields.parent_body or doc.parent_body,
        number=doc.number if numbered else fields.number(kind) or doc.number,
        place=fields.place or doc.place,
        recipients=list(fields.recipients) or doc.recipients,
        signature=SignatureBlock(
            authority=list(fields.authority) or sign.authority,
            position=fields.position or sign.position,
            name=fields.signer or sign.name,
        ),
    )


# -- remembered ----------------------------------------------------------------------------


def _key(scope: str) -> str:
    if not _SCOPE.match(scope):
        raise ValueError(f"not a document-fields scope: {scope!r}")
    return f"{KEY_PREFIX}{scope}"


def _last_key(scope: str) -> str:
    return _key(scope.split(":", 1)[0] + ":last")


def remember(scope: str, fields: DocumentFields, eng: Engine | None = None) -> None:
    """Keep ``fields`` for ``scope`` (e.g. ``workshop:K7Q2PX``) and as the last of its kind."""
    from kit.store import db

    data = json.dumps(asdict(fields), ensure_ascii=False)
    db.put_setting(_key(scope), data, eng)
    db.put_setting(_last_key(scope), data, eng)


def recall(scope: str, eng: Engine | None = None, *, last: bool = True) -> DocumentFields:
    """The fields kept for ``scope``; else (with ``last``) the last ones of its kind; else
    empty ones. A stored value that cannot be read counts as none (it is checked as if a page
    had sent it)."""
    from kit.store import db

    keys = (_key(scope), _last_key(scope)) if last else (_key(scope),)
    for key in keys:
        stored = db.get_setting(key, eng)
        if stored is None:
            continue
        try:
            data = json.loads(stored)
            return DocumentFields.read(data if isinstance(data, dict) else {})
        except (ValueError, InputError):
            continue
    return DocumentFields()
