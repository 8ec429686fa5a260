"""The XLSX collection template of the self-assessment: one row per unit, one column per field.

Sheet ``Đơn vị`` holds the data: row 1 the Vietnamese labels (``*`` = required; each with a note
giving the English label, the question, the help text and how to type the value, vi then en),
row 2 the field ids (the importer finds columns by these ids, so columns may be moved and labels
changed), units from row 3. Choices and yes/no are drop-down lists of Vietnamese labels (sheet
``Danh mục``); numbers, shares, dates and text lengths are checked by Excel as they are typed.
Sheet ``Hướng dẫn - Instructions`` explains it all in Vietnamese, then English, lists the fields,
and holds the template version (:func:`template_version`) in the cell that the defined name
``kit_template_version`` points at, so an importer recognises a file of another version.

Every cell is written by :func:`kit.core.xlsx.put` (a unit's text is text, never a formula).
openpyxl is imported only inside the writer, so importing this module stays light.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from copy import copy
from datetime import date
from typing import TYPE_CHECKING, Any

from kit.assessment.questionnaire.schema import QuestionField, Questionnaire, load_questionnaire
from kit.assessment.questionnaire.values import YEARS
from kit.core.xlsx import put

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

#: Raise it whenever the template's layout or the questionnaire's fields change (the one place).
TEMPLATE_VERSION = 1
DATA_SHEET = "Đơn vị"
GUIDE_SHEET = "Hướng dẫn - Instructions"
LISTS_SHEET = "Danh mục"
VERSION_NAME = "kit_template_version"
VERSION_CELL = "B1"
LABEL_ROW, ID_ROW, FIRST_DATA_ROW = 1, 2, 3
#: rows below the header that carry the drop-down lists and checks
TEMPLATE_ROWS = 5000
MULTI_SEPARATOR = "; "
YES_NO = ("Có", "Không")
DATE_FORMAT = "DD/MM/YYYY"
AUTHOR = "kit407"

_NUMBER_FORMATS = {"date": DATE_FORMAT, "count": "0", "amount": "#,##0", "percent": "0.##"}
_TEXT_TYPES = frozenset({"text", "document_number", "choice", "multi_choice", "yes_no"})
_WIDTHS = {"date": 14, "count": 14, "amount": 18, "percent": 12, "yes_no": 12}
_WIDTHS |= {"document_number": 18, "choice": 30, "multi_choice": 44}


def template_version(questionnaire: Questionnaire | None = None) -> str:
    """``questionnaire id/vN``, e.g. ``tu-danh-gia-407/v1``: what the version cell holds."""
    q = questionnaire or load_questionnaire()
    return f"{q.id}/v{TEMPLATE_VERSION}"


def format_hint(f: QuestionField, lang: str = "vi") -> str:
    """How to type a value of ``f`` in a cell, in ``lang``."""
    en = lang == "en"
    labels = [c.label_en if en else c.label for c in f.choices]
    match f.type:
        case "count":
            text = "a whole number, 0 or more" if en else "số nguyên, từ 0 trở lên"
        case "amount":
            text = "a number, 0 or more" if en else "một số, từ 0 trở lên"
        case "percent":
            text = "a number from 0 to 100 (no % sign)" if en else "số từ 0 đến 100 (không ghi %)"
        case "date":
            text = (
                "a date dd/mm/yyyy, e.g. 15/01/2024" if en else "ngày dd/mm/yyyy, ví dụ 15/01/2024"
            )
        case "document_number":
            text = "number/symbol, e.g. 15/KH-UBND" if en else "số/ký hiệu, ví dụ 15/KH-UBND"
        case "yes_no":
            text = "Có (yes) or Không (no)" if en else "Có hoặc Không"
        case "choice":
            text = ("one of: " if en else "một trong: ") + "; ".join(labels)
        case "multi_choice":
            head = "one or more, separated by ; — " if en else "một hay nhiều, ngăn cách bằng ; — "
            text = head + "; ".join(labels)
        case _:
            most = f.max_length
            text = f"text, up to {most} characters" if en else f"chữ, tối đa {most} ký tự"
    unit = f.unit_en if en else f.unit
    if unit:
        text += f" ({'unit' if en else 'đơn vị'}: {unit})"
    return text


def field_note(f: QuestionField) -> str:
    """The note of a header cell: label, question, help and format, vi then en, and the id."""
    req_vi, req_en = (" (bắt buộc)", " (required)") if f.required else ("", "")
    return (
        f"{f.label}{req_vi}\n{f.question}\n{f.help}\nCách nhập: {format_hint(f)}\n—\n"
        f"{f.label_en}{req_en}\n{f.question_en}\n{f.help_en}\nFormat: {format_hint(f, 'en')}\n"
        f"—\nMã cột / column id: {f.id}"
    )


def cell_value(f: QuestionField, value: object) -> object:
    """A validated answer as a person would type it in the template (labels, Có/Không, dates)."""
    if value is None:
        return None
    if f.type == "yes_no" and isinstance(value, bool):
        return YES_NO[0] if value else YES_NO[1]
    labels = {c.id: c.label for c in f.choices}
    if f.type == "choice" and isinstance(value, str):
        return labels.get(value, value)
    if f.type == "multi_choice" and isinstance(value, list | tuple):
        return MULTI_SEPARATOR.join(labels.get(str(v), str(v)) for v in value)
    return value


def write_template(
    units: Sequence[Mapping[str, object]] = (), questionnaire: Questionnaire | None = None
) -> bytes:
    """The collection workbook (see the module docstring), empty or with ``units`` filled in.

    ``units`` are answers keyed by field id (typed, as :func:`check_answers` returns them, or as
    typed by a person); they go in rows 3, 4, … as a person would type them.
    """
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    q = questionnaire or load_questionnaire()
    fields = list(q.fields().values())
    book = Workbook()
    ws = book.active
    ws.title = DATA_SHEET
    _header(ws, fields)
    lists = _lists(book, fields)
    last = FIRST_DATA_ROW + max(TEMPLATE_ROWS, len(units)) - 1
    for col, f in enumerate(fields, start=1):
        letter = get_column_letter(col)
        dimension = ws.column_dimensions[letter]
        dimension.width = _WIDTHS.get(f.type, 40 if f.max_length > 300 else 26)
        if f.type in _NUMBER_FORMATS:
            dimension.number_format = _NUMBER_FORMATS[f.type]
        elif f.type in _TEXT_TYPES:
            dimension.number_format = "@"  # so Excel never turns 15/12 or 1-2 into a date
        ws.add_data_validation(
            _validation(f, lists.get(f.id), f"{letter}{FIRST_DATA_ROW}:{letter}{last}")
        )
    styles: dict[str, Any] = {}  # one style per kind of cell, copied: styling is slow per cell
    for r, unit in enumerate(units, start=FIRST_DATA_ROW):
        for col, f in enumerate(fields, start=1):
            value = cell_value(f, unit.get(f.id))
            if value is not None:
                _put(ws, r, col, value, f, styles)
    _guide(book, q, fields)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _put(
    ws: Worksheet, row: int, col: int, value: object, f: QuestionField, styles: dict[str, Any]
) -> None:
    cell = put(ws, row, col, value)  # text is text, never a formula
    kind = "date" if isinstance(value, date) else f.type
    if kind not in _NUMBER_FORMATS and kind not in _TEXT_TYPES:
        return
    if kind in styles:
        cell._style = copy(styles[kind])
        return
    cell.number_format = _NUMBER_FORMATS.get(kind, "@")
    styles[kind] = copy(cell._style)


def _header(ws: Worksheet, fields: Sequence[QuestionField]) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill

    fill = PatternFill("solid", fgColor="DDEBF7")
    required_fill = PatternFill("solid", fgColor="FCE4D6")
    bold, grey = Font(bold=True), Font(italic=True, size=9, color="7F7F7F")
    wrap = Alignment(wrap_text=True, vertical="center")
    for col, f in enumerate(fields, start=1):
        label = put(ws, LABEL_ROW, col, f"{f.label} *" if f.required else f.label)
        label.font, label.alignment = bold, wrap
        label.fill = required_fill if f.required else fill
        note = Comment(field_note(f), AUTHOR)
        note.width, note.height = 380, 120 + 15 * (len(note.text) // 45)
        label.comment = note
        ident = put(ws, ID_ROW, col, f.id)
        ident.font, ident.number_format = grey, "@"
    ws.row_dimensions[LABEL_ROW].height = 78
    ws.freeze_panes = f"B{FIRST_DATA_ROW}"


def _lists(book: Any, fields: Sequence[QuestionField]) -> dict[str, str]:
    """Sheet ``Danh mục``: one column of labels per choice field and Có/Không; field id -> range."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter, quote_sheetname

    ws = book.create_sheet(LISTS_SHEET)
    sheet = quote_sheetname(LISTS_SHEET)
    ranges: dict[str, str] = {}
    columns: list[tuple[str, str, list[str]]] = [("yes_no", "Có/Không (yes/no)", list(YES_NO))]
    columns += [
        (f.id, f"{f.label} ({f.id})", [c.label for c in f.choices]) for f in fields if f.choices
    ]
    for col, (key, title, items) in enumerate(columns, start=1):
        letter = get_column_letter(col)
        put(ws, 1, col, title).font = Font(bold=True)
        ws.column_dimensions[letter].width = 42
        for r, item in enumerate(items, start=2):
            put(ws, r, col, item)
        ranges[key] = f"{sheet}!${letter}$2:${letter}${len(items) + 1}"
    for f in fields:
        if f.type == "yes_no":
            ranges[f.id] = ranges["yes_no"]
    return ranges


def _validation(f: QuestionField, listed: str | None, where: str) -> Any:
    from openpyxl.worksheet.datavalidation import DataValidation

    hint_vi, hint_en = format_hint(f), format_hint(f, "en")
    rule: dict[str, Any] = {}
    if listed is not None:
        rule = {"type": "list", "formula1": listed}
    elif f.type in ("count", "amount", "percent"):
        top = 100 if f.type == "percent" else f.max
        kind = "whole" if f.type == "count" else "decimal"
        rule = {"type": kind, "operator": "greaterThanOrEqual", "formula1": "0"}
        if top is not None:
            rule |= {"operator": "between", "formula2": f"{top:g}"}
    elif f.type == "date":
        rule = {"type": "date", "operator": "between"}
        rule |= {"formula1": f"DATE({YEARS[0]},1,1)", "formula2": f"DATE({YEARS[1]},12,31)"}
    elif f.type == "text":
        rule = {"type": "textLength", "operator": "lessThanOrEqual", "formula1": str(f.max_length)}
    check = DataValidation(
        **(rule or {"type": None}),
        allow_blank=True,
        showErrorMessage=bool(rule),
        errorStyle="information" if f.type == "multi_choice" else "warning",
        errorTitle="Kiểm tra giá trị / Check the value",
        error=_limit(f"Cần / Expected: {hint_vi} / {hint_en}"),
        showInputMessage=True,
        promptTitle=_limit(f.label, 32),
        prompt=_limit(f"{hint_vi}\n{hint_en}"),
    )
    check.add(where)
    return check


def _limit(text: str, size: int = 255) -> str:
    """Excel refuses longer titles (32) and messages (255) of a validation."""
    return text if len(text) <= size else text[: size - 1] + "…"


def _guide(book: Any, q: Questionnaire, fields: Sequence[QuestionField]) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import quote_sheetname
    from openpyxl.utils.cell import coordinate_to_tuple
    from openpyxl.workbook.defined_name import DefinedName

    ws = book.create_sheet(GUIDE_SHEET, 1)
    put(ws, 1, 1, "Phiên bản mẫu / Template version").font = Font(bold=True)
    row, col = coordinate_to_tuple(VERSION_CELL)
    put(ws, row, col, template_version(q)).font = Font(bold=True)
    book.defined_names[VERSION_NAME] = DefinedName(
        VERSION_NAME,
        attr_text=f"{quote_sheetname(GUIDE_SHEET)}!${VERSION_CELL[0]}${VERSION_CELL[1:]}",
    )
    for letter, width in zip("ABCDEF", (34, 48, 40, 16, 12, 16), strict=True):
        ws.column_dimensions[letter].width = width
    wrap = Alignment(wrap_text=True, vertical="top")
    places: dict[str, object] = {"sheet": DATA_SHEET, "lists": LISTS_SHEET, "cell": VERSION_CELL}
    places |= {"label": LABEL_ROW, "ids": ID_ROW, "first": FIRST_DATA_ROW}
    row = 3
    for title, lines in (
        (f"Hướng dẫn — {q.title}", _GUIDE_VI),
        (f"Instructions — {q.title_en}", _GUIDE_EN),
    ):
        put(ws, row, 1, title).font = Font(bold=True, size=13)
        for line in lines:
            row += 1
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=6)
            cell = put(ws, row, 1, line.format_map(places))
            cell.alignment = wrap
            ws.row_dimensions[row].height = 15 * (1 + len(line) // 150)
        row += 2
    heads = ["Mã cột / Column id", "Nhãn", "Label", "Kiểu / Type", "Bắt buộc / Required"]
    heads.append("Đơn vị / Unit")
    for col, head in enumerate(heads, start=1):
        put(ws, row, col, head).font = Font(bold=True)
    for f in fields:
        row += 1
        unit = f"{f.unit} / {f.unit_en}" if f.unit else ""
        values = (f.id, f.label, f.label_en, f.type, "*" if f.required else "", unit)
        for col, value in enumerate(values, start=1):
            put(ws, row, col, value).alignment = wrap


_GUIDE_VI = (
    "1. Mỗi dòng của trang '{sheet}', từ dòng {first}, là một đơn vị (xã, phường, sở, ngành, "
    "tỉnh). Nhiều đơn vị có thể ghi chung một trang; tệp tổng hợp cũng dùng đúng mẫu này.",
    "2. Dòng {label} là tên mục (dấu * = bắt buộc); di chuột vào ô để xem câu hỏi, hướng dẫn và "
    "cách nhập. Dòng {ids} là mã cột: không sửa, không xóa. Có thể đổi thứ tự cột hoặc sửa tên "
    "mục.",
    "3. Mục lựa chọn và Có/Không: chọn trong danh sách thả xuống (trang '{lists}'). Mục nhiều "
    "lựa chọn: ghi các lựa chọn ngăn cách bằng dấu chấm phẩy (;), ví dụ 'Mạng xã hội; Báo chí, "
    "phát thanh, truyền hình'.",
    "4. Ngày ghi dạng dd/mm/yyyy (ví dụ 15/01/2024) hoặc yyyy-mm-dd. Số ghi không kèm đơn vị; "
    "tỷ lệ ghi số từ 0 đến 100, không ghi dấu %.",
    "5. Số, ký hiệu văn bản ghi như 15/KH-UBND; để trống nếu văn bản chưa vào số. Mục có điểm "
    "cao cần bằng chứng: số, ký hiệu và ngày văn bản, hoặc số liệu.",
    "6. Không sửa ô phiên bản mẫu (ô {cell} của trang này). Tệp của phiên bản mẫu khác sẽ không "
    "được nhận: hãy tải mẫu mới (lệnh kit assess template -o mau.xlsx) và chép số liệu sang.",
    "7. Khi nhập tệp, dòng có lỗi được báo theo số dòng và tên mục rồi bỏ qua; các dòng đúng vẫn "
    "được nhận. Chấm điểm: kit assess score tep.xlsx. Nộp lại là một phiên bản mới; bản cũ vẫn "
    "được giữ.",
)
_GUIDE_EN = (
    "1. Each row of the sheet '{sheet}', from row {first}, is one unit (commune, ward, "
    "department, province). Many units may share one sheet; a combined file uses this same "
    "template.",
    "2. Row {label} holds the field names (* = required); hover over a cell for the question, "
    "help and format. Row {ids} holds the column ids: do not edit or delete it. Columns may be "
    "moved and the names in row {label} changed.",
    "3. Choices and yes/no (Có/Không): pick from the drop-down lists (sheet '{lists}'). Several "
    "choices: separate them with a semicolon (;), e.g. 'Mạng xã hội; Báo chí, phát thanh, "
    "truyền hình'.",
    "4. Dates as dd/mm/yyyy (e.g. 15/01/2024) or yyyy-mm-dd. Numbers without units; shares as a "
    "number from 0 to 100, without a % sign.",
    "5. Document numbers like 15/KH-UBND; leave blank until the document is registered. Higher "
    "scores need evidence: a document number and date, or figures.",
    "6. Do not edit the template version (cell {cell} of this sheet). A file of another template "
    "version is refused: download the current one (kit assess template -o template.xlsx) and "
    "copy the figures across.",
    "7. On import, a row with errors is reported by row number and field, then skipped; the good "
    "rows are kept. Score: kit assess score file.xlsx. A resubmission is a new version; earlier "
    "ones are kept.",
)
