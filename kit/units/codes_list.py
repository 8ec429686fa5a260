"""The printable list of access codes just issued (unit code, name, level, access code, hint),
as text for the terminal and as a workbook; the DOCX list is :mod:`kit.export.unit_codes`.
The clear codes exist only in these outputs: hand each unit its own line, then keep the list
safe or destroy it."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date

from kit.core.xlsx import put
from kit.units.codes import IssuedCode
from kit.units.levels import level_label

HEADERS = ("Mã đơn vị", "Tên đơn vị", "Cấp", "Mã truy cập", "Gợi ý (4 ký tự cuối)")
HEADERS_EN = ("Unit code", "Unit name", "Level", "Access code", "Hint (last 4)")
NOTE = (
    "Mỗi đơn vị chỉ nhận dòng của mình. Mã mở bản tự đánh giá của đơn vị trong ứng dụng Tự đánh "
    "giá; ai có mã đều nộp được thay đơn vị. Mã không được lưu ở đâu khác: cất giữ hoặc hủy danh "
    "sách này sau khi phát; mất mã thì giảng viên cấp lại (mã cũ hết hiệu lực).",
    "Give each unit its own line only. The code opens the unit's review in the Self-assessment "
    "app; whoever holds it can submit for the unit. The codes are kept nowhere else: keep this "
    "list safe or destroy it once handed out; a lost code is reissued by the trainer (the old "
    "one stops working).",
)


def rows(issued: Sequence[IssuedCode]) -> list[tuple[str, str, str, str, str]]:
    """One row per code: unit code, name, level label, access code, hint."""
    return [
        (i.unit.code, i.unit.name, level_label(i.unit.level), i.code, f"…{i.hint}") for i in issued
    ]


def codes_text(issued: Sequence[IssuedCode]) -> str:
    """The list as aligned text lines (headers Vietnamese / English)."""
    table = [tuple(f"{vi} / {en}" for vi, en in zip(HEADERS, HEADERS_EN, strict=True))]
    table += rows(issued)
    widths = [max(len(r[i]) for r in table) for i in range(len(HEADERS))]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip() for r in table
    ]
    return "\n".join([*lines, "", *NOTE])


def codes_xlsx(issued: Sequence[IssuedCode], today: date | None = None) -> bytes:
    """The list as a workbook: one sheet, a row per code, the note below."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    ws = book.active
    ws.title = "Mã truy cập"
    day = (today or date.today()).strftime("%d/%m/%Y")
    put(ws, 1, 1, f"Mã truy cập của đơn vị / Unit access codes — {day}").font = Font(bold=True)
    for col, (vi, en) in enumerate(zip(HEADERS, HEADERS_EN, strict=True), start=1):
        put(ws, 3, col, f"{vi} / {en}").font = Font(bold=True)
    for r, values in enumerate(rows(issued), start=4):
        for col, value in enumerate(values, start=1):
            put(ws, r, col, value)
    below = len(issued) + 5
    for offset, text in enumerate(NOTE):
        put(ws, below + offset, 1, text).alignment = Alignment(wrap_text=False)
    for letter, width in zip("ABCDE", (16, 48, 26, 24, 20), strict=True):
        ws.column_dimensions[letter].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
