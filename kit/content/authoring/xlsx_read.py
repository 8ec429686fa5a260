"""Read the question workbook (:mod:`.xlsx_bank`) back into items, from its visible cells.

Columns are found by their header (the Vietnamese or the English part, in any case, with or
without marks), so a trainer may move, hide or add columns; the hidden version sheet only
says the file is the kit's. Each row gives one item or one problem naming its sheet row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kit.content.authoring.columns import COLUMNS, RUBRIC_COLUMNS, CellError, Column
from kit.content.authoring.rows import row_item, text
from kit.content.authoring.xlsx_bank import LAYOUT_VERSION, MARK, QUESTIONS, RUBRIC, VERSION
from kit.core.errors import InputError
from kit.core.limits import ReadLimits
from kit.core.sheets import Uncalculated, open_workbook, sheet_rows
from kit.core.text import fold

#: a question file: a bank has some hundreds of items
QUESTION_FILE = ReadLimits(
    "tệp câu hỏi", "question file", megabytes=10, rows=5_000, unzipped_mb=60, seconds=60
)


@dataclass
class SheetRow:
    """One item's raw fields, where it was read (a sheet row), or why it cannot be read."""

    position_vi: str
    position_en: str
    item: dict[str, Any] | None = None
    error: CellError | None = None
    column: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def _headers(row: list[object] | tuple[object, ...], columns: tuple[Column, ...]) -> dict[int, str]:
    names: dict[str, str] = {}
    for c in columns:
        names[fold(c.header)] = names[fold(c.vi)] = names[fold(c.en)] = c.key
    found: dict[int, str] = {}
    for index, value in enumerate(row):
        key = names.get(fold(str(value or "")))
        if key is not None and key not in found.values():
            found[index] = key
    return found


def _rows(
    book: Any, name: str, columns: tuple[Column, ...], limits: Any, filename: str
) -> list[tuple[int, dict[str, object]]]:
    if name not in book.sheetnames:
        return []
    reading = QUESTION_FILE.reading(filename)
    rows = iter(reading.rows(sheet_rows(book, book[name], 1)))
    header: dict[int, str] = {}
    for _, values in rows:
        header = _headers(list(values), columns)
        if header:
            break
    if "id" not in header.values():
        raise InputError(
            f"{filename}: trang «{name}» không có dòng tiêu đề của bộ công cụ.",
            f"{filename}: the sheet «{name}» has no header row of the kit.",
        )
    out = []
    for number, values in rows:
        cells = {
            key: values[i] for i, key in header.items() if i < len(values) and values[i] is not None
        }
        for key, value in cells.items():
            if isinstance(value, Uncalculated):
                cells[key] = None
        if any(text(cells, k) for k in cells):
            out.append((number, cells))
    return out


def is_kit_workbook(book: Any) -> bool:
    if VERSION not in book.sheetnames:
        return False
    for _, values in sheet_rows(book, book[VERSION], 1):
        return len(values) >= 2 and values[0] == MARK
    return False


def read_workbook(data: bytes, filename: str) -> list[SheetRow]:
    """Every item row of the workbook, read into a raw item or a cell error."""
    with open_workbook(data, filename, QUESTION_FILE) as book:
        if not is_kit_workbook(book):
            raise InputError(
                f"{filename}: không phải tệp câu hỏi do bộ công cụ xuất ra. Hãy tải tệp Excel"
                " của bài học rồi sửa trên tệp đó.",
                f"{filename}: not a question workbook exported by the kit. Download the"
                " lesson's workbook and edit that file.",
            )
        version = next(iter(sheet_rows(book, book[VERSION], 1)))[1]
        if len(version) < 2 or version[1] != LAYOUT_VERSION:
            raise InputError(
                f"{filename}: tệp theo mẫu khác phiên bản; hãy tải lại tệp Excel mới.",
                f"{filename}: the workbook follows another layout; download a new one.",
            )
        questions = _rows(book, QUESTIONS, COLUMNS, QUESTION_FILE, filename)
        rubric = _rows(book, RUBRIC, RUBRIC_COLUMNS, QUESTION_FILE, filename)
    by_item: dict[str, list[dict[str, object]]] = {}
    for _, cells in rubric:
        by_item.setdefault(text(cells, "id") or "", []).append(cells)
    out = []
    for number, cells in questions:
        row = SheetRow(f"trang «{QUESTIONS}», dòng {number}", f"sheet «{QUESTIONS}», row {number}")
        try:
            row.item = row_item(cells, by_item.get(text(cells, "id") or "", []))
        except CellError as exc:
            row.error = exc
            row.column = _column_name(exc.key)
        out.append(row)
    return out


def _column_name(key: str) -> str:
    for column in COLUMNS + RUBRIC_COLUMNS:
        if column.key == key:
            return column.vi
    return key
