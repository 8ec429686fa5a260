"""Hostile files built at test time (never committed): raw XLSX and DOCX packages, zip bombs,
XML entity declarations, deep JSON, long and many-lined CSV. Each builder is fast and writes
what a hostile upload would hold, byte for byte."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" '
    b'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>%s</Types>'
)
_XLSX_TYPES = _TYPES % (
    b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    b'officedocument.spreadsheetml.sheet.main+xml"/>'
    b'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
    b'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
    b'officedocument.spreadsheetml.sharedStrings+xml"/>'
)
_ROOT_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
    b'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
    b'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    b'Target="%s"/></Relationships>'
)
WORKBOOK = (
    b'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="' + MAIN.encode() + b'" '
    b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
    b'<sheet name="D\xe1\xbb\xb1 th\xe1\xba\xa3o" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
    b'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
    b'schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    b'Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.'
    b'openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
    b'Target="sharedStrings.xml"/></Relationships>'
)
#: a billion laughs: ten levels of ten references, a few hundred bytes that expand to 3 GB
LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, 10)
    )
    + b"]>"
)
#: an external entity: the content of a file on the server read into a cell
EXTERNAL = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def package(parts: dict[str, bytes | Iterable[bytes]], level: int = 6) -> bytes:
    """A zip of ``parts`` (a part may be given as chunks: it is streamed, never held whole)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for name, content in parts.items():
            if isinstance(content, bytes):
                archive.writestr(name, content)
                continue
            with archive.open(name, "w", force_zip64=True) as part:
                for chunk in content:
                    part.write(chunk)
    return out.getvalue()


def cell(ref: str, value: object) -> bytes:
    if isinstance(value, bytes):  # raw XML of the cell's content
        return b'<c r="%s">%s</c>' % (ref.encode(), value)
    if isinstance(value, int | float):
        return b'<c r="%s"><v>%s</v></c>' % (ref.encode(), str(value).encode())
    text = str(value).replace("&", "&amp;").replace("<", "&lt;").encode()
    return b'<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref.encode(), text)


def row(number: int, values: Iterable[object]) -> bytes:
    cells = b"".join(
        cell(f"{chr(65 + i)}{number}", v) for i, v in enumerate(values) if v is not None
    )
    return b'<row r="%d">%s</row>' % (number, cells)


def sheet(rows: Iterable[bytes], prolog: bytes = b'<?xml version="1.0" encoding="UTF-8"?>'):
    """The chunks of a worksheet part holding ``rows`` (raw ``<row>`` elements)."""
    yield prolog + b'<worksheet xmlns="' + MAIN.encode() + b'"><sheetData>'
    batch: list[bytes] = []
    for r in rows:
        batch.append(r)
        if len(batch) == 10_000:
            yield b"".join(batch)
            batch = []
    yield b"".join(batch) + b"</sheetData></worksheet>"


def xlsx(
    sheet_part: bytes | Iterable[bytes],
    strings: bytes = b'<sst xmlns="' + MAIN.encode() + b'" count="0" uniqueCount="0"/>',
    **extra: bytes,
) -> bytes:
    """A workbook with one sheet ``Dự thảo`` and the shared strings ``strings``."""
    parts: dict[str, bytes | Iterable[bytes]] = {
        "[Content_Types].xml": _XLSX_TYPES,
        "_rels/.rels": _ROOT_RELS % b"xl/workbook.xml",
        "xl/workbook.xml": WORKBOOK,
        "xl/_rels/workbook.xml.rels": _WORKBOOK_RELS,
        "xl/sharedStrings.xml": strings,
        "xl/worksheets/sheet1.xml": sheet_part,
    }
    parts.update(extra)
    return package(parts)


def table_xlsx(rows: Iterable[Iterable[object]]) -> bytes:
    """A workbook whose sheet holds ``rows`` (values; raw cell XML as bytes), from row 1."""
    return xlsx(sheet(row(i, r) for i, r in enumerate(rows, start=1)))


W = b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def docx(body: bytes | Iterable[bytes], prolog: bytes = b"") -> bytes:
    """A Word document whose body is ``body`` (raw ``<w:p>`` elements, or chunks of them)."""
    head = prolog or b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    start = head + b'<w:document xmlns:w="' + W + b'"><w:body>'
    end = b"</w:body></w:document>"
    document: bytes | Iterable[bytes]
    if isinstance(body, bytes):
        document = start + body + end
    else:
        document = (chunk for part in ([start], body, [end]) for chunk in part)
    types = _TYPES % (
        b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
        b'officedocument.wordprocessingml.document.main+xml"/>'
    )
    return package(
        {
            "[Content_Types].xml": types,
            "_rels/.rels": _ROOT_RELS % b"word/document.xml",
            "word/document.xml": document,
        }
    )


def paragraph(text: str) -> bytes:
    safe = text.replace("&", "&amp;").replace("<", "&lt;").encode()
    return b"<w:p><w:r><w:t>" + safe + b"</w:t></w:r></w:p>"


def zeros(megabytes: int, chunk: int = 2**20) -> Iterable[bytes]:
    """``megabytes`` of spaces in chunks (compresses about a thousand times)."""
    block = b" " * chunk
    for _ in range(megabytes):
        yield block


def deep_json(depth: int) -> str:
    return "[" * depth + "]" * depth
