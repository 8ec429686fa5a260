"""The unit list template (``kit units template``): a sheet with the Vietnamese headers the
importer reads (:mod:`kit.units.reader`), a drop-down of the questionnaire's level ids for
``Cấp``, codes kept as text (so ``0012`` stays ``0012``), and an instructions sheet (Vietnamese,
then English) with what each level id means. It holds no example row: a row left in would be
imported as a unit."""

from __future__ import annotations

import io

from kit.core.xlsx import put
from kit.units.levels import unit_levels
from kit.units.reader import COLUMNS

SHEET = "Danh sách đơn vị"
GUIDE = "Hướng dẫn"
#: rows offered the drop-down and the text format
ROWS = 2000
WIDTHS = (16, 48, 22, 26)

INSTRUCTIONS: tuple[tuple[str, str], ...] = (
    (
        "Mỗi dòng một đơn vị phải nộp bản tự đánh giá hằng năm (xã, phường, đặc khu; sở, ban, "
        "ngành; tỉnh). Không xóa, không đổi tên dòng tiêu đề.",
        "One row per unit expected to submit its yearly self-assessment. Do not delete or rename "
        "the header row.",
    ),
    (
        "Mã đơn vị: bắt buộc, mỗi đơn vị một mã, không đổi giữa các năm (nhập lại danh sách sẽ "
        "cập nhật đơn vị theo mã). Chỉ gồm chữ, số và các dấu . _ - /; tối đa 40 ký tự.",
        "Unit code: required, one per unit, the same every year (importing the list again "
        "updates each unit by its code). Letters, digits and . _ - / only; at most 40.",
    ),
    (
        "Tên đơn vị: bắt buộc, tên đầy đủ theo con dấu, ví dụ «Ủy ban nhân dân xã Quảng Thái».",
        "Unit name: required, the full name as on the seal.",
    ),
    (
        "Cấp: bắt buộc, chọn trong danh sách (các mã cấp ở bảng dưới).",
        "Level: required, pick from the drop-down (the level ids in the table below).",
    ),
    ("Tỉnh/thành phố: có thể để trống.", "Province: may be left blank."),
    (
        "Đơn vị có trong lần nhập trước nhưng không có trong tệp này được giữ lại và đánh dấu "
        "ngừng hoạt động (không bị xóa); mã truy cập của đơn vị đó không mở được nữa.",
        "A unit in an earlier list but not in this file is kept and marked inactive (never "
        "deleted); its access code no longer opens anything.",
    ),
    (
        "Dòng có lỗi được báo (số dòng, cột, cách sửa) và bỏ qua; các dòng đúng vẫn được nhập.",
        "A row with a problem is reported (row, column, what to do) and skipped; the good rows "
        "are imported.",
    ),
)


def write_template() -> bytes:
    """The template workbook (see the module docstring)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    ws = book.active
    ws.title = SHEET
    fill = PatternFill("solid", fgColor="D9E1F2")
    for col, (column, width) in enumerate(zip(COLUMNS, WIDTHS, strict=True), start=1):
        cell = put(ws, 1, col, column.header)
        cell.font, cell.fill = Font(bold=True), fill
        letter = get_column_letter(col)
        ws.column_dimensions[letter].width = width
        for row in range(2, ROWS + 2):
            ws.cell(row, col).number_format = "@"
    ws.freeze_panes = "A2"
    ids = [lv.id for lv in unit_levels()]
    level_col = get_column_letter(next(i for i, c in enumerate(COLUMNS, 1) if c.key == "level"))
    check = DataValidation(
        type="list",
        formula1=f'"{",".join(ids)}"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Cấp không có trong danh sách / Not a level",
        error=f"Chọn một trong / choose one of: {', '.join(ids)}",
    )
    check.add(f"{level_col}2:{level_col}{ROWS + 1}")
    ws.add_data_validation(check)

    guide = book.create_sheet(GUIDE)
    guide.column_dimensions["A"].width = 28
    guide.column_dimensions["B"].width = 60
    guide.column_dimensions["C"].width = 60
    put(guide, 1, 1, "Danh sách đơn vị phải nộp bản tự đánh giá / Units expected to report")
    guide.cell(1, 1).font = Font(bold=True, size=12)
    row = 3
    for vi, en in INSTRUCTIONS:
        for col, text in ((2, vi), (3, en)):
            put(guide, row, col, text).alignment = Alignment(wrap_text=True, vertical="top")
        row += 1
    row += 1
    for col, text in enumerate(("Cấp (mã) / level id", "Nghĩa", "Meaning"), start=1):
        put(guide, row, col, text).font = Font(bold=True)
    for level in unit_levels():
        row += 1
        for col, text in enumerate((level.id, level.label, level.label_en), start=1):
            put(guide, row, col, text)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
