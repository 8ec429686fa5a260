"""Checks on an Office Open XML upload (``.xlsx``, ``.docx``: a zip of XML parts) made before any
XML parser sees it, against the file's :class:`~kit.core.limits.ReadLimits` (the :class:`Limits`
it reads).

From the zip's directory alone (nothing is decompressed): the number of parts, their size once
uncompressed, in all and for the XML parts, and the compression ratio of each large part (a zip
bomb: a few hundred kilobytes that inflate to gigabytes). Then, reading each part as a stream, in
chunks: an XML part whose prolog holds a DOCTYPE or any other ``<!`` declaration is refused, so
no entity can ever be declared, let alone expanded ("billion laughs", external entities), whatever
the parser behind does; so is XML in an encoding other than UTF-8 or UTF-16 (which Office Open XML
requires). The rows of each worksheet and the paragraphs of a document are counted in the raw
XML, so a sheet of a million rows is refused in a second or two, before openpyxl or python-docx
builds anything. Python's ``zipfile`` never inflates a part past the size its directory states.

A file that is not a readable zip is left to the reader, which explains it in its own words.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from collections.abc import Iterator
from typing import IO, Protocol

from kit.core.errors import InputError
from kit.core.quoting import MB, clip, number

#: a part of a zip larger than RATIO_FLOOR may not be compressed more than RATIO times
RATIO = 100
RATIO_FLOOR = MB
#: parts in one zip package (a workbook has some 10, a report some 20)
PARTS = 2_000

#: the start of a part read to find its root element (a prolog longer than this is refused)
PROLOG_BYTES = 64 * 1024
CHUNK = 4 * MB
#: title and header rows a sheet may hold above its data, counted with the data in the raw XML
HEADER_ROWS = 10
_NAME = rb"<(?:[A-Za-z_][\w.-]*:)?"
_ROW = re.compile(_NAME + rb"row[\s>/]")
_VALUE = re.compile(_NAME + rb"(?:v|is|f)[\s>/]")
_PARAGRAPH = re.compile(_NAME + rb"p[\s>/]")
_ROOT = re.compile(r"<([^\s/>]+)")
_SHEETS = ("worksheet", "dialogsheet")
_OTHER_ENCODINGS = (  # UTF-32 (with or without its mark) and EBCDIC: not allowed in OOXML
    b"\x00\x00\xfe\xff",
    b"\xff\xfe\x00\x00",
    b"\x00\x00\x00<",
    b"<\x00\x00\x00",
    b"\x4c\x6f\xa7\x94",
)
_READ_ERRORS = (
    zipfile.BadZipFile,
    OSError,
    EOFError,
    RuntimeError,
    NotImplementedError,
    ValueError,
)
_RESAVE = ("Hãy mở bằng Excel hoặc Word rồi lưu lại.", "Open it in Excel or Word and save it.")


class Limits(Protocol):
    """What the checks read of a :class:`kit.core.limits.ReadLimits` (which imports this
    module, not the other way round)."""

    @property
    def rows(self) -> int: ...
    @property
    def stored_rows(self) -> int: ...
    @property
    def unzipped_mb(self) -> int: ...
    @property
    def xml_mb(self) -> int: ...
    @property
    def paragraphs(self) -> int: ...

    def refuse(
        self, filename: str, found: tuple[str, str], limit: tuple[str, str], todo: tuple[str, str]
    ) -> InputError: ...

    def too_many_rows(self, filename: str, found: int | None = None) -> InputError: ...

    def too_many_stored_rows(self, filename: str, found: int | None = None) -> InputError: ...


class _Unsafe(Exception):
    """An XML part that is refused: (vi, en) of why."""

    def __init__(self, vi: str, en: str) -> None:
        super().__init__(en)
        self.vi, self.en = vi, en


def check_package(data: bytes, filename: str, limits: Limits) -> None:
    """Refuse the zip package ``data`` if it is over ``limits`` or holds unsafe XML."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [m for m in archive.infolist() if not m.is_dir()]
    except _READ_ERRORS:
        return  # not a zip: the reader explains it
    _check_sizes(members, filename, limits)
    try:
        parts = [(m, found) for m in members if (found := _prolog(archive, m)) is not None]
    except _Unsafe as why:
        raise InputError(
            f"{filename}: {why.vi}; tệp không được đọc. Hãy mở tệp bằng Excel hoặc Word rồi "
            "lưu lại.",
            f"{filename}: {why.en}; the file was not read. Open it in Excel or Word and save "
            "it again.",
        ) from None
    xml = sum(m.file_size for m, _ in parts)
    if xml > (limits.xml_mb or limits.unzipped_mb) * MB:
        mb = limits.xml_mb or limits.unzipped_mb
        raise limits.refuse(
            filename,
            (
                f"phần XML giải nén nặng {number(xml / MB)} MB",
                f"the XML is {number(xml / MB, 'en')} MB",
            ),
            (f"{mb} MB XML", f"{mb} MB of XML"),
            _SHRINK,
        )
    paragraphs = 0
    for member, (root, encoding) in parts:
        if not (limits.rows and root in _SHEETS) and not limits.paragraphs:
            continue
        try:
            with archive.open(member) as part:
                chunks = _chunks(part.read(PROLOG_BYTES), part, encoding)
                if limits.rows and root in _SHEETS:
                    _count_rows(chunks, filename, limits)
                else:
                    paragraphs += sum(_PARAGRAPH.subn(b"", chunk)[1] for chunk in chunks)
        except _READ_ERRORS:
            continue  # a part that cannot be read: the parser cannot read it either
    if limits.paragraphs and paragraphs > limits.paragraphs:
        raise limits.refuse(
            filename,
            (
                f"tài liệu có {number(paragraphs)} đoạn",
                f"the document has {number(paragraphs, 'en')} paragraphs",
            ),
            (f"{number(limits.paragraphs)} đoạn", f"{number(limits.paragraphs, 'en')} paragraphs"),
            ("Hãy bỏ phần thừa hoặc chia tài liệu.", "Remove what is not needed or split it."),
        )


def _prolog(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> tuple[str, str] | None:
    """What :func:`_root` says of ``member``; ``None`` too for a part that cannot be read (the
    parser cannot read it either)."""
    if member.file_size == 0:
        return None
    try:
        with archive.open(member) as part:
            head = part.read(PROLOG_BYTES)
    except _READ_ERRORS:
        return None
    return _root(head, member.filename)


_SHRINK = (
    "Hãy xóa dòng, cột, hình ảnh thừa rồi lưu lại, hoặc chia thành nhiều tệp.",
    "Delete the extra rows, columns or pictures and save again, or split the file.",
)


def _check_sizes(members: list[zipfile.ZipInfo], filename: str, limits: Limits) -> None:
    if len(members) > PARTS:
        raise limits.refuse(
            filename,
            (f"tệp nén có {number(len(members))} phần", f"the zip has {len(members):,} parts"),
            (f"{number(PARTS)} phần", f"{PARTS:,} parts"),
            _RESAVE,
        )
    total = sum(m.file_size for m in members)
    if total > limits.unzipped_mb * MB:
        raise limits.refuse(
            filename,
            (
                f"nội dung giải nén nặng {number(total / MB)} MB",
                f"it is {number(total / MB, 'en')} MB uncompressed",
            ),
            (f"{limits.unzipped_mb} MB giải nén", f"{limits.unzipped_mb} MB uncompressed"),
            _SHRINK,
        )
    for m in members:
        if m.file_size > RATIO_FLOOR and m.file_size > RATIO * max(m.compress_size, 1):
            ratio = m.file_size // max(m.compress_size, 1)
            raise limits.refuse(
                filename,
                (
                    f"phần «{clip(m.filename)}» nén {number(ratio)} lần (dấu hiệu tệp nén độc "
                    "hại, «zip bomb»)",
                    f"the part “{clip(m.filename)}” is compressed {ratio:,} times (the sign of "
                    "a zip bomb)",
                ),
                (f"tỷ lệ nén {RATIO} lần", f"a compression ratio of {RATIO}"),
                _RESAVE,
            )


def _root(head: bytes, name: str) -> tuple[str, str] | None:
    """``(root element's local name, encoding)`` of an XML part, ``None`` for any other part;
    a declaration in the prolog or another encoding raises :class:`_Unsafe`."""
    where = clip(name)
    if head.startswith(_OTHER_ENCODINGS):
        raise _Unsafe(
            f"phần «{where}» là XML không mã UTF-8 hoặc UTF-16",
            f"the part “{where}” is XML in neither UTF-8 nor UTF-16",
        )
    encoding = "latin-1"  # ASCII-compatible: enough to read the markup of UTF-8
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    elif head.startswith(b"<\x00"):
        encoding = "utf-16-le"
    elif head.startswith(b"\x00<"):
        encoding = "utf-16-be"
    text = head.decode(encoding, "replace").lstrip("\ufeff\xef\xbb\xbf")
    i = len(text) - len(text.lstrip())
    if not text.startswith("<", i):
        return None
    while True:
        i += len(text[i:]) - len(text[i:].lstrip())
        if text.startswith(("<?", "<!--"), i):
            close = "?>" if text[i + 1] == "?" else "-->"
            end = text.find(close, i + 2)
            if end < 0:
                break
            i = end + len(close)
            continue
        if text.startswith("<!", i):
            raise _Unsafe(
                f"phần «{where}» có khai báo DOCTYPE hoặc ENTITY, điều tệp Office không bao giờ "
                "có (dấu hiệu tấn công khai triển thực thể XML)",
                f"the part “{where}” holds a DOCTYPE or ENTITY declaration, which an Office file "
                "never has (the sign of an XML entity expansion attack)",
            )
        found = _ROOT.match(text, i)
        if found is None:
            return None
        return found.group(1).rpartition(":")[2], encoding
    if len(head) < PROLOG_BYTES:
        return None  # no root element: not XML the parser could read
    raise _Unsafe(
        f"phần «{where}» có phần mở đầu XML dài bất thường",
        f"the part “{where}” has an unusually long XML prolog",
    )


def _chunks(head: bytes, part: IO[bytes], encoding: str) -> Iterator[bytes]:
    """The part from its start, as UTF-8 (or ASCII-compatible) bytes, each chunk ending just
    after a ``>`` so that no tag is cut in two."""
    decoder = codecs.getincrementaldecoder(encoding)("replace") if "16" in encoding else None
    carry = b""
    block = head
    while block:
        if decoder is not None:
            block = decoder.decode(block).encode("utf-8")
        buffer = carry + block
        cut = buffer.rfind(b">") + 1
        if cut:
            yield buffer[:cut]
        carry = buffer[cut:]
        block = part.read(CHUNK)
    if carry:
        yield carry


def _count_rows(chunks: Iterator[bytes], filename: str, limits: Limits) -> None:
    """Refuse a sheet storing more rows than ``stored_rows`` or more rows holding a value than
    ``rows`` (and its title and header rows)."""
    rows = filled = 0
    open_row = False  # a row continues from the last chunk, no value seen in it yet
    for chunk in chunks:
        starts = [m.start() for m in _ROW.finditer(chunk)]
        if open_row and _VALUE.search(chunk, 0, starts[0] if starts else len(chunk)):
            filled, open_row = filled + 1, False
        for k, start in enumerate(starts):
            end = starts[k + 1] if k + 1 < len(starts) else len(chunk)
            open_row = _VALUE.search(chunk, start, end) is None
            filled += not open_row
            if filled > limits.rows + HEADER_ROWS:  # before the stored rows: the clearer message
                raise limits.too_many_rows(filename)
            if rows + k >= limits.stored_rows:
                break
        rows += len(starts)
        if rows > limits.stored_rows:
            raise limits.too_many_stored_rows(filename)
