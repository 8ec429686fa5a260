"""Read the rows of a batch upload: ``.xlsx``/``.xlsm`` (values not formulas; a formula saved
without its value is read as :class:`~kit.core.sheets.Uncalculated`, a problem of its row) and
``.csv`` (UTF-8, with or without BOM; comma, semicolon or tab), within the limits of an
eligibility sheet (:data:`kit.core.limits.ELIGIBILITY_SHEET`: size, rows, time).

The header row is looked for in the first ``HEADER_SEARCH_ROWS`` rows, so a sheet may carry a
few title rows; its columns may come in any order, with columns of the file's own, which are kept.
A problem with the file itself (not a table, a required column missing, not UTF-8) is an
:class:`~kit.core.errors.InputError`. openpyxl is imported only when a workbook is read.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import chain, islice
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

from kit.core.errors import InputError
from kit.core.files import read_input
from kit.core.limits import ELIGIBILITY_SHEET
from kit.core.sheets import csv_tables, csv_text, dense_rows, open_workbook, sheet_rows
from kit.core.text import fold, is_blank
from kit.eligibility.batch.contract import (
    DOCUMENT_TYPE,
    ID,
    RESULT_HEADERS,
    ROW_KEY,
    TEMPLATE_ID,
    canonical_header,
    required_headers,
)
from kit.eligibility.rules import RuleSet, load_rule_set

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook

HEADER_SEARCH_ROWS = 10


@dataclass
class Table:
    """What an upload holds: its rows, its own column names, the template version it declares."""

    rows: list[dict[str, object]]
    extra_headers: list[str]
    template_version: int | None = None


@dataclass
class _Header:
    index: int
    columns: dict[int, str | None]  # None: a result column of an earlier run, dropped
    extras: list[str]


def _letter(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _recognised(row: Sequence[object]) -> set[str]:
    return {h for cell in row if (h := canonical_header(cell)) is not None}


def _find_header(head: Sequence[Sequence[object]]) -> _Header | None:
    """The first row holding ``Mã`` and ``Loại văn bản``, with its column map."""
    for index, row in enumerate(head):
        if not {ID, DOCUMENT_TYPE} <= _recognised(row):
            continue
        columns: dict[int, str | None] = {}
        extras: list[str] = []
        seen: set[str] = set()
        for col, cell in enumerate(row):
            if is_blank(cell):
                continue
            known = canonical_header(cell)
            if known in RESULT_HEADERS:
                columns[col] = None
                continue
            if known is not None:
                if known in seen:
                    raise InputError(
                        f"Cột '{known}' có hai lần (dòng {index + 1}); giữ một cột.",
                        f"Column '{known}' appears twice (row {index + 1}); keep one.",
                    )
                seen.add(known)
                columns[col] = known
                continue
            name = str(cell).strip()
            while name in extras or canonical_header(name) is not None:
                name = f"{name} ({_letter(col)})"
            extras.append(name)
            columns[col] = name
        return _Header(index, columns, extras)
    return None


def _no_header(head: Sequence[Sequence[object]], where: str) -> InputError:
    best = max((_recognised(row) for row in head), key=len, default=set())
    if len(best) >= 2:
        missing = ", ".join(f"'{h}'" for h in (ID, DOCUMENT_TYPE) if h not in best)
        return InputError(
            f"{where}: thiếu cột {missing}. Dòng tiêu đề phải có cột 'Mã' và 'Loại văn bản' "
            "(tải mẫu để xem đủ các cột).",
            f"{where}: missing column {missing}. The header row needs the columns 'Mã' and "
            "'Loại văn bản' (download the template to see every column).",
        )
    return InputError(
        f"{where}: không tìm thấy dòng tiêu đề có cột 'Mã' và 'Loại văn bản' trong "
        f"{HEADER_SEARCH_ROWS} dòng đầu. Hãy dùng tệp mẫu.",
        f"{where}: no header row with the columns 'Mã' and 'Loại văn bản' in the first "
        f"{HEADER_SEARCH_ROWS} rows. Please use the template.",
    )


def _check_required(header: _Header, rule_set: RuleSet, where: str) -> None:
    present = set(header.columns.values())
    missing = [h for h in required_headers(rule_set) if h not in present]
    if missing:
        shown = ", ".join(f"'{h}'" for h in missing)
        raise InputError(
            f"{where}: thiếu cột bắt buộc {shown} (dòng tiêu đề là dòng {header.index + 1}).",
            f"{where}: required column(s) missing: {shown} (header row is row {header.index + 1}).",
        )


def _table_rows(
    header: _Header, numbered: Iterable[tuple[int, Sequence[object]]]
) -> tuple[list[dict[str, object]], list[str]]:
    """Rows below the header as ``{header: value}``, blank rows skipped; extra column names."""
    columns = dict(header.columns)
    extras = list(header.extras)
    out: list[dict[str, object]] = []
    for number, raw in numbered:
        row: dict[str, object] = {}
        for col, cell in enumerate(raw):
            if isinstance(cell, str) and not cell.strip():
                cell = None
            if col not in columns:
                if cell is None:
                    continue
                columns[col] = name = f"Cột {_letter(col)}"
                extras.append(name)
            name_or_none = columns[col]
            if name_or_none is not None and cell is not None:
                row[name_or_none] = cell
        if row:
            row[ROW_KEY] = number
            out.append(row)
    return out, extras


def _read_xlsx(data: bytes, filename: str, rule_set: RuleSet) -> Table:
    with open_workbook(data, filename, ELIGIBILITY_SHEET) as book:
        return _read_book(book, filename, rule_set)


def _read_book(book: Workbook, filename: str, rule_set: RuleSet) -> Table:
    sheets = sorted(book.worksheets, key=lambda ws: fold(ws.title) != fold("Dự thảo"))
    first_head: list[Sequence[object]] = []
    for ws in sheets:
        rows = dense_rows(sheet_rows(book, ws, 1), HEADER_SEARCH_ROWS)
        head = list(islice(rows, HEADER_SEARCH_ROWS))
        first_head = first_head or [row for _, row in head]
        header = _find_header([row for _, row in head])
        if header is None:
            continue
        where = f"{filename} ('{ws.title}')"
        _check_required(header, rule_set, where)
        reading = ELIGIBILITY_SHEET.reading(filename)
        found, extras = _table_rows(header, reading.rows(chain(head[header.index + 1 :], rows)))
        return Table(found, extras, _template_version(book))
    raise _no_header(first_head, filename)


def _template_version(book: Workbook) -> int | None:
    if "Hướng dẫn" not in book.sheetnames:
        return None
    guide = book["Hướng dẫn"]
    if guide not in book.worksheets:
        return None
    guide.reset_dimensions()
    first = next(guide.iter_rows(min_row=1, max_row=1, values_only=True), ())
    ident, version = (*first, None, None)[:2]
    return version if ident == TEMPLATE_ID and isinstance(version, int) else None


def _read_csv(data: bytes, filename: str, rule_set: RuleSet) -> Table:
    source = csv_text(data, filename)
    if not source.text.strip():
        raise InputError(f"{filename}: tệp trống.", f"{filename}: the file is empty.")
    first_head: list[list[str]] = []
    for _, head, numbered in csv_tables(source, filename, HEADER_SEARCH_ROWS):
        first_head = first_head or [row for _, row in head]
        header = _find_header([row for _, row in head])
        if header is None:
            continue
        _check_required(header, rule_set, filename)
        reading = ELIGIBILITY_SHEET.reading(filename)
        found, extras = _table_rows(header, reading.rows(chain(head[header.index + 1 :], numbered)))
        return Table(found, extras)
    raise _no_header(first_head, filename)


def read_upload(data: bytes, filename: str, rule_set: RuleSet) -> Table:
    """The table of an ``.xlsx``/``.xlsm`` or ``.csv`` upload; any other file is an InputError."""
    suffix = PurePath(filename).suffix.lower()
    ELIGIBILITY_SHEET.check_size(len(data), filename)
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(data, filename, rule_set)
    if suffix == ".csv":
        return _read_csv(data, filename, rule_set)
    if suffix in (".xls", ".ods"):
        raise InputError(
            f"{filename}: định dạng {suffix} không được hỗ trợ; hãy lưu lại dạng .xlsx.",
            f"{filename}: the {suffix} format is not supported; save it as .xlsx.",
        )
    raise InputError(
        f"{filename}: cần tệp .xlsx hoặc .csv.", f"{filename}: expected an .xlsx or .csv file."
    )


def read_table(
    data: bytes, filename: str, rule_set: RuleSet | None = None
) -> list[dict[str, object]]:
    """The rows of a spreadsheet upload as ``{contract header or own header: value}``.

    Blank cells and fully blank rows are left out; ``row[ROW_KEY]`` is the row's number in the
    sheet. Result columns of an earlier run (``Kết luận``, ``Lý do``, ``Căn cứ``) are dropped.
    """
    return read_upload(data, filename, rule_set or load_rule_set()).rows


def read_path(path: Path) -> bytes:
    """The bytes of a file named on the command line (within the limits), or a clear error."""
    return read_input(path, ELIGIBILITY_SHEET)
