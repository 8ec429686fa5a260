"""The file side of importing collection sheets: what a file really is (a renamed Word document
or PDF is named as such) and the template version a workbook declares. A worksheet's rows are
read by :func:`kit.core.sheets.sheet_rows`."""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING, Literal

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
