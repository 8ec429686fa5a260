"""A lesson's items (or the whole bank's) as the workbook a trainer edits in Excel.

Sheets: "Hướng dẫn" (how to fill it in, in Vietnamese), "Câu hỏi" (one row per item, a header
row naming each column in Vietnamese and English, drop-down lists on the closed columns),
"Tiêu chí bài viết" (the rubric rows of the writing items) and a hidden sheet holding only the
version of the layout (:data:`MARK`, :data:`LAYOUT_VERSION`), by which the importer knows the
file. Nothing else is hidden: the importer reads the items from the visible cells only. Every
text is written as text, never as a formula (:mod:`kit.core.xlsx`).
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from kit.content.authoring.columns import COLUMNS, RUBRIC_COLUMNS, Column, item_row, rubric_rows
from kit.content.schemas import Item, Writing
from kit.core import xlsx

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from kit.content.catalogue import Catalogue

MARK = "kit407-question-workbook"
LAYOUT_VERSION = 1
QUESTIONS, RUBRIC, HELP, VERSION = "Câu hỏi", "Tiêu chí bài viết", "Hướng dẫn", "kit"
#: rows of the question sheets given drop-down lists
VALIDATED_ROWS = 1000

HELP_LINES = (
    "Ngân hàng câu hỏi — cách sửa trong Excel",
    "",
    "1. Mỗi dòng của trang «Câu hỏi» là một câu. Sửa chữ trong ô; xuống dòng trong ô: Alt+Enter.",
    "2. Các cột có danh sách chọn (Loại câu, Nhánh, Mức độ, Độ khó, Ngừng dùng, Cách chấm):"
    " bấm vào ô rồi chọn.",
    "3. Các phương án (câu một/nhiều lựa chọn), các bước (câu sắp xếp, ghi đúng thứ tự) và vế"
    " trái của câu ghép cặp nằm ở các cột «Mục 1», «Mục 2»…; phản hồi của từng phương án ở"
    " «Phản hồi mục 1»…; vế phải của câu ghép cặp ở «Vế phải 1»…",
    "4. Cột «Đáp án»: câu một lựa chọn ghi chữ của phương án đúng (a, b…); câu nhiều lựa chọn"
    " ghi các chữ cách nhau dấu phẩy (a, c); câu Đúng/Sai ghi Đúng hoặc Sai; câu ghép cặp ghi"
    " l1=r2, l2=r1 (l1 là Mục 1, r2 là Vế phải 2); câu số ghi con số; câu ngày ghi dd/mm/yyyy;"
    " câu trả lời ngắn ghi mỗi đáp án được chấp nhận trên một dòng.",
    "5. Câu bài viết: điểm của các tiêu chí ở trang «Tiêu chí bài viết» cộng với «Điểm giảng"
    " viên chấm» phải bằng «Điểm».",
    "6. Câu mới: thêm một dòng, đặt mã câu mới (chữ thường không dấu, số, gạch nối), không"
    " dùng lại mã của câu đã có hay đã ngừng dùng.",
    "7. Không xoá câu đã dùng: ghi «có» ở cột «Ngừng dùng».",
    "8. Mỗi câu phải có «Giải thích» và «Nguồn» (tên văn bản: số, ngày, cơ quan ban hành,"
    " điều khoản).",
    "9. Lưu tệp dạng .xlsx rồi tải lên ở thẻ «Ngân hàng câu hỏi»; câu có lỗi được chỉ rõ dòng,"
    " các câu đúng vẫn được giữ.",
)


def _sheet(ws: Worksheet, columns: tuple[Column, ...], rows: list[dict[str, object]]) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    xlsx.append(ws, [c.header for c in columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        xlsx.append(ws, [row.get(c.key) for c in columns])
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        ws.column_dimensions[letter].width = column.width
        if column.choices:
            listed = ",".join(column.choices)
            check = DataValidation(type="list", formula1=f'"{listed}"', allow_blank=True)
            check.error = "Hãy chọn một giá trị trong danh sách."
            check.errorTitle = column.vi
            check.add(f"{letter}2:{letter}{VALIDATED_ROWS}")
            ws.add_data_validation(check)
    for row_cells in ws.iter_rows(min_row=2):
        for cell in row_cells:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "B2"


def export_xlsx(
    cat: Catalogue,
    *,
    track: str | None = None,
    lesson: str | None = None,
    bank: str | None = None,
) -> bytes:
    """The workbook of the items (retired ones included) of ``lesson`` (every lesson when None)
    that ``track`` uses (both when None), of the bank ``bank`` only when given, in course order
    and each bank's file order."""
    from openpyxl import Workbook

    items = chosen_items(cat, track, lesson, bank)
    book = Workbook()
    guide = book.active
    guide.title = HELP
    for line in HELP_LINES:
        xlsx.append(guide, [line])
    guide.column_dimensions["A"].width = 120
    xlsx.append(guide, [])
    xlsx.append(guide, ["Các cột / Columns"])
    for column in COLUMNS + RUBRIC_COLUMNS:
        xlsx.append(
            guide, [f"{column.header}: {column.help_vi}" if column.help_vi else column.header]
        )
    _sheet(book.create_sheet(QUESTIONS), COLUMNS, [item_row(item) for item in items])
    rubric = [r for item in items if isinstance(item, Writing) for r in rubric_rows(item)]
    _sheet(book.create_sheet(RUBRIC), RUBRIC_COLUMNS, rubric)
    version = book.create_sheet(VERSION)
    xlsx.put(version, 1, 1, MARK)
    xlsx.put(version, 1, 2, LAYOUT_VERSION)
    version.sheet_state = "hidden"
    book.active = 1
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def chosen_items(
    cat: Catalogue, track: str | None, lesson: str | None, bank: str | None
) -> list[Item]:
    """The chosen items, lesson by lesson in course order, each bank's in its file's order."""
    order = {lesson_.id: i for i, lesson_ in enumerate(cat.ordered_lessons())}
    banks = [b for b in cat.banks.values() if bank is None or b.bank == bank]
    items = [it for b in banks for it in b.items if it.id in cat.items]
    chosen = [
        item
        for item in items
        if (track is None or track in item.tracks) and (lesson is None or item.lesson == lesson)
    ]
    return sorted(chosen, key=lambda it: order.get(it.lesson, len(order)))
