"""The file side of importing collection sheets: what a file really is (a renamed Word document
or PDF is named as such), the template version a workbook declares, and a fast reader of a
worksheet's rows (lxml over the parts openpyxl opened, with openpyxl's own reader as fallback)."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, Literal

from kit.assessment.collection.template import GUIDE_SHEET, VERSION_CELL, VERSION_NAME
from kit.core.errors import InputError

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook

Kind = Literal["xlsx", "csv", "json"]


# ---------------------------------------------------------------------------------- file type

_WHAT = {  # what a file really is, by its first bytes or the parts in its zip
    "pdf": ("tệp PDF", "a PDF file"),
    "ole": ("tệp Excel cũ (.xls) hoặc có mật khẩu", "an old (.xls) or password-protected file"),
    "word": ("văn bản Word (.docx)", "a Word document (.docx)"),
    "ppt": ("bản trình chiếu (.pptx)", "a presentation (.pptx)"),
    "zip": ("tệp nén hoặc bảng tính khác (.ods…)", "an archive or another spreadsheet (.ods…)"),
    "text": ("tệp văn bản, không phải Excel", "a text file, not an Excel workbook"),
    "xlsx": ("tệp Excel (.xlsx)", "an Excel workbook (.xlsx)"),
}
_MAGIC = {b"%PDF": "pdf", b"\xd0\xcf\x11\xe0": "ole"}
_PARTS = {"xl/workbook.xml": "xlsx", "word/document.xml": "word", "ppt/presentation.xml": "ppt"}


def sniff(data: bytes) -> str:
    kind = next((k for magic, k in _MAGIC.items() if data.startswith(magic)), "text")
    if data.startswith(b"PK\x03\x04"):
        import zipfile

        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except (zipfile.BadZipFile, ValueError, OSError):
            names = set()
        kind = next((k for part, k in _PARTS.items() if part in names), "zip")
    return kind


def check_content(data: bytes, filename: str, kind: Kind) -> None:
    if not data.strip():
        raise InputError(f"{filename}: tệp trống.", f"{filename}: the file is empty.")
    found = sniff(data)
    if found == kind or (found == "text" and kind != "xlsx"):
        return
    what_vi, what_en = _WHAT[found]
    raise InputError(
        f"{filename}: đây là {what_vi}, không phải tệp {kind.upper()} như tên tệp. Hãy dùng mẫu "
        "thu thập .xlsx (kit assess template), bản .csv UTF-8 của mẫu, hoặc tệp .json ứng dụng "
        "lưu; tệp Excel thì mở và lưu lại dạng .xlsx, không đặt mật khẩu.",
        f"{filename}: this is {what_en}, not the {kind.upper()} file its name says. Use the .xlsx "
        "collection template (kit assess template), a UTF-8 .csv of it, or the .json the app "
        "saves; for an Excel file, open it and save it again as .xlsx with no password.",
    )


# ---------------------------------------------------------------------------------- workbook


def declared_version(book: Workbook) -> str | None:
    """The template version a workbook holds: the cell named ``kit_template_version``, or the
    version cell of the instructions sheet when the name was lost."""
    from openpyxl.utils.cell import coordinate_to_tuple

    places: list[tuple[str, str]] = []
    named = book.defined_names.get(VERSION_NAME)
    if named is not None:
        places += [(sheet, ref.replace("$", "")) for sheet, ref in named.destinations]
    for sheet, ref in [*places, (GUIDE_SHEET, VERSION_CELL)]:
        if sheet not in book.sheetnames or not re.fullmatch(r"[A-Z]{1,3}[0-9]{1,7}", ref):
            continue
        row, col = coordinate_to_tuple(ref)
        cells = book[sheet].iter_rows(row, row, col, col, values_only=True)
        value = next(iter(next(cells, ())), None)
        if isinstance(value, str | int | float) and str(value).strip():
            return str(value).strip()
    return None


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_CELL, _VALUE, _INLINE = f"{_MAIN}c", f"{_MAIN}v", f"{_MAIN}is"


def sheet_rows(book: Workbook, ws: Any, first: int) -> Iterator[tuple[int, Sequence[object]]]:
    """The values of each row from row ``first``, with its number.

    openpyxl builds several objects per cell; for sheets of thousands of units this reads the
    sheet's XML with lxml instead (no entities, no network, as for any uploaded XML), from the
    workbook openpyxl opened and with its shared strings and date styles: the same values
    (numbers, dates, text, booleans, cached formula results), read in a little over half the
    time. Should openpyxl's internals differ, its own reader is used.
    """
    try:
        source = book._archive.open(ws._worksheet_path)
        strings, dates, epoch = ws._shared_strings, book._date_formats, book.epoch
    except (AttributeError, KeyError):  # not the openpyxl 3.1 layout: the slower public way
        yield from enumerate(ws.iter_rows(min_row=first, values_only=True), start=first)
        return
    from lxml import etree
    from openpyxl.utils.cell import column_index_from_string
    from openpyxl.utils.datetime import from_excel, from_ISO8601

    columns: dict[str, int] = {}
    number = 0
    with source:
        rows = etree.iterparse(
            source, tag=f"{_MAIN}row", resolve_entities=False, no_network=True, load_dtd=False
        )
        for _, row in rows:
            number = int(row.get("r") or number + 1)
            if number < first:
                row.clear()
                continue
            values: list[object] = []
            for c in row.iterchildren(_CELL):
                ref = c.get("r")
                if ref:
                    letters = ref.rstrip("0123456789")
                    at = columns.get(letters)
                    if at is None:
                        at = columns[letters] = column_index_from_string(letters) - 1
                    if at > len(values):
                        values.extend([None] * (at - len(values)))
                kind = c.get("t", "n")
                if kind == "inlineStr":
                    node = c.find(_INLINE)
                    values.append(None if node is None else "".join(node.itertext()))
                    continue
                text = c.findtext(_VALUE)
                value: object = text
                if text is None:
                    pass
                elif kind == "n":
                    value = float(text) if "." in text or "E" in text or "e" in text else int(text)
                    style = c.get("s")
                    if style and int(style) in dates:
                        try:
                            value = from_excel(value, epoch)
                        except (OverflowError, ValueError):
                            value = "#VALUE!"  # as openpyxl: a date out of range
                elif kind == "s":
                    value = strings[int(text)]
                elif kind == "b":
                    value = text == "1"
                elif kind == "d":
                    value = from_ISO8601(text)
                values.append(value)
            row.clear()
            yield number, values
