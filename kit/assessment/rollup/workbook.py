"""A roll-up for the level above as a workbook (``rollup_xlsx``) with one sheet per view. The
consolidated report (``rollup_docx``, ``rollup_document``) is
:mod:`kit.assessment.rollup.document`.

Workbook sheets: "Tổng hợp" (a row per unit, frozen header, filter, scores below the threshold
coloured, the file it came from and who submitted it: "Người nộp"), "Theo tiêu chí", "Phân bố"
(tables and bar charts), "Khó khăn", "Kiến nghị", "Học hỏi" (learning from peers, under CAF's
caution) and "Ghi chú" (the caution and the method, vi and en).
A dimension that does not apply is an empty cell, never 0. Every cell is written by
:func:`kit.core.xlsx.put` (a unit's text never becomes a formula).
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING

from kit.assessment.questionnaire.rubric import format_number
from kit.assessment.rollup.aggregate import RollUp, Summary
from kit.assessment.rollup.document import (
    no_peers,
    text_counts,
)
from kit.assessment.rollup.themes import OTHER_LABEL
from kit.assessment.rollup.who import Submitter, submitter_label
from kit.core.xlsx import append, put

if TYPE_CHECKING:  # openpyxl loads only when a workbook is written
    from openpyxl.worksheet.worksheet import Worksheet

STAT_HEADERS = ["Trung bình", "Trung vị", "Nhỏ nhất", "Tứ phân vị 1", "Tứ phân vị 3", "Lớn nhất"]
BELOW_FILL = "F8CBAD"
HEADER_FILL = "D9E1F2"


def _n(value: float) -> str:
    return format_number(value, "vi")


def _one(value: float | None) -> float | None:
    """A figure as the workbook stores it: rounded to one decimal (38,5, never
    38.53571428571428); shown with the "0.0" number format."""
    return None if value is None else round(float(value), 1) + 0.0


def _stats(s: Summary) -> list[float | None]:
    return [_one(v) for v in (s.mean, s.median, s.min, s.q1, s.q3, s.max)]


def _rubric_name(rubric_id: str) -> str:
    """The rubric by its title (never its internal id)."""
    from kit.assessment.questionnaire.scoring import default_scorer

    rubric = default_scorer().rubric
    return rubric.title if rubric.id == rubric_id else "Thang chấm do người tổng hợp cung cấp"


# ---------------------------------------------------------------------------------- workbook


def rollup_xlsx(rollup: RollUp, submitters: Mapping[str, Submitter] | None = None) -> bytes:
    """The roll-up as an XLSX workbook (see the module docstring for its sheets); ``submitters``
    says who submitted the unit of each source (a unit with none came from its file)."""
    from openpyxl import Workbook

    book = Workbook()
    _units_sheet(book.active, rollup, dict(submitters or {}))
    _dimension_sheet(book.create_sheet("Theo tiêu chí"), rollup)
    _distribution_sheet(book.create_sheet("Phân bố"), rollup)
    _text_sheet(book.create_sheet("Khó khăn"), rollup, ("difficulties", "causes"))
    _text_sheet(book.create_sheet("Kiến nghị"), rollup, ("recommendations",))
    _peer_sheet(book.create_sheet("Học hỏi"), rollup)
    _notes_sheet(book.create_sheet("Ghi chú"), rollup)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _header(ws: Worksheet, row: int, headers: Sequence[str], widths: Sequence[float] = ()) -> None:
    """A bold, shaded, wrapped header row; ``widths`` (characters) set the first columns."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    fill = PatternFill("solid", fgColor=HEADER_FILL)
    for col, text in enumerate(headers, 1):
        cell = put(ws, row, col, text)
        cell.font, cell.fill = Font(bold=True), fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for col, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(col)].width = width


def _title(ws: Worksheet, row: int, text: str) -> None:
    from openpyxl.styles import Font

    put(ws, row, 1, text).font = Font(bold=True, size=12)


def _units_sheet(ws: Worksheet, r: RollUp, submitters: dict[str, Submitter]) -> None:
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import PatternFill
    from openpyxl.utils import get_column_letter

    ws.title = "Tổng hợp"
    titles = [d.title for d in r.dimensions]
    headers = ["STT", "Tên đơn vị", "Cấp đơn vị", "Tỉnh, thành phố", "Tổng điểm", "Mức"]
    headers += [*titles, "Tiêu chí kéo điểm xuống", "Tệp nguồn", "Người nộp"]
    _header(ws, 1, headers, [6, 40, 18, 18, 10, 26, *[14] * len(titles), 40, 28, 24])
    dragging = {b.row: b.dragging for b in r.below}
    title_of = {d.key: d.title for d in r.dimensions}
    for i, row in enumerate(r.rows, 1):
        drag = "; ".join(title_of[k] for k in dragging.get(i - 1, ()))
        values = [i, row.name, row.unit_level_label, row.province, _one(row.total), row.level_label]
        who = submitter_label(submitters, row.source)
        append(ws, [*values, *row.scores, drag, row.source, who])
    last, end = get_column_letter(6 + len(titles)), len(r.rows) + 1
    for col in ws.iter_cols(min_col=5, max_col=6 + len(titles), min_row=2, max_row=end):
        for cell in col:
            cell.number_format = "0.0" if cell.column == 5 else "0"  # scores are whole
    ws.freeze_panes = "C2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{end}"
    if not r.rows:
        return
    fill = PatternFill("solid", bgColor=BELOW_FILL)
    for first, area in (("E2", f"E2:E{end}"), ("G2", f"G2:{last}{end}")):
        # ISNUMBER: an empty cell (a dimension that does not apply) is not "below"
        rule = f"AND(ISNUMBER({first}),{first}<{r.threshold:g})"
        ws.conditional_formatting.add(area, FormulaRule(formula=[rule], fill=fill))


def _dimension_sheet(ws: Worksheet, r: RollUp) -> None:
    headers = ["Tiêu chí", "Trọng số", "Số đơn vị có điểm", "Không áp dụng", *STAT_HEADERS]
    headers += [f"Dưới {r.threshold:g} điểm", *(f"Mức «{b.label}»" for b in r.bands)]
    _header(ws, 1, headers, [42, *[12] * (len(headers) - 1)])
    for d in r.dimensions:
        append(ws, [d.title, d.weight, d.stats.n, d.not_applicable, *_stats(d.stats), d.below])
        for col, count in enumerate(d.bands, 12):
            put(ws, ws.max_row, col, count)
    append(ws, ["Tổng điểm", None, r.total.n, r.no_total, *_stats(r.total), r.below_total])
    for row in ws.iter_rows(min_row=2, min_col=5, max_col=10):
        for cell in row:
            cell.number_format = "0.0"
    ws.freeze_panes = "B2"


def _distribution_sheet(ws: Worksheet, r: RollUp) -> None:
    from openpyxl.chart import BarChart, Reference

    _header(ws, 1, ["Mức", "Từ (điểm)", "Đến dưới (điểm)", "Số đơn vị", "Tỷ lệ (%)"], [34, 10, 14])
    for lv in r.levels:
        pct = round(100 * lv.count / r.n, 1) if r.n else None
        append(ws, [lv.label, lv.min, lv.below if lv.below is not None else "", lv.count, pct])
    top = len(r.levels) + 3
    _header(ws, top, ["Khoảng tổng điểm", "Số đơn vị"])
    for b in r.histogram:
        append(ws, [b.label(), b.count])
    for title, label_col, rows, anchor in (
        ("Số đơn vị theo mức", 1, (2, len(r.levels) + 1), "G2"),
        ("Số đơn vị theo khoảng tổng điểm", 1, (top + 1, top + len(r.histogram)), "G20"),
    ):
        chart = BarChart()
        chart.title, chart.y_axis.title, chart.legend = title, "Số đơn vị", None
        value_col = 4 if anchor == "G2" else 2
        chart.add_data(Reference(ws, min_col=value_col, min_row=rows[0], max_row=rows[1]))
        chart.set_categories(Reference(ws, min_col=label_col, min_row=rows[0], max_row=rows[1]))
        chart.width, chart.height = 18, 8
        ws.add_chart(chart, anchor)


def _text_sheet(ws: Worksheet, r: RollUp, fields: Sequence[str]) -> None:
    widths = [40, 11, 11, 50, 50, 50]
    _header(ws, 1, [""] * len(widths), widths)
    ws.delete_rows(1)
    for field in fields:
        t = r.text(field)
        row = ws.max_row + (2 if ws.max_row > 1 else 0)
        _title(ws, row, f"{t.label} — {text_counts(t, r.n)}")
        _header(
            ws, row + 1, ["Nhóm vấn đề", "Số đơn vị", "Tỷ lệ (%)", "Ví dụ 1", "Ví dụ 2", "Ví dụ 3"]
        )
        for theme in t.named:
            quotes = [f"«{e.text}» — {e.unit} ({_n(e.units)} đơn vị)" for e in theme.examples]
            append(ws, [theme.label, theme.units, _pct(theme.units, r.n), *quotes])
        if t.other_units:
            append(ws, [OTHER_LABEL[0], t.other_units, _pct(t.other_units, r.n)])
            _header(
                ws, ws.max_row + 1, ["Nguyên văn (Khác)", "Số đơn vị", "", "Đơn vị ghi đầu tiên"]
            )
            for e in t.other:
                append(ws, [e.text, e.units, None, e.unit])
        row = ws.max_row + 2


def _pct(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _peer_sheet(ws: Worksheet, r: RollUp) -> None:
    from openpyxl.styles import Alignment

    put(ws, 1, 1, r.caution).alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells("A1:F1")
    ws.row_dimensions[1].height = 75
    headers = ["Tiêu chí", "Mức đạt", "Số đơn vị ở mức này", "Đơn vị", "Tỉnh, thành phố"]
    _header(ws, 3, [*headers, "Cách làm, bằng chứng đơn vị nêu"], [30, 26, 12, 36, 18, 90])
    for g in r.peers:
        for p in g.peers:
            evidence = "\n".join(p.evidence)
            append(ws, [g.title, g.band_label, g.count, p.name, p.province, evidence])
            ws.cell(ws.max_row, 6).alignment = Alignment(wrap_text=True, vertical="top")
    if not r.peers:
        append(ws, [no_peers(r)])
    ws.freeze_panes = "A4"


def _notes_sheet(ws: Worksheet, r: RollUp) -> None:
    from openpyxl.styles import Alignment

    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width = 28, 110
    lines = [
        ("Lưu ý", r.caution),
        ("Caution", r.caution_en),
        *((f"Phương pháp {i}", vi) for i, (vi, _) in enumerate(r.method, 1)),
        *((f"Method {i}", en) for i, (_, en) in enumerate(r.method, 1)),
        ("Thang chấm / rubric", _rubric_name(r.rubric_id)),
        ("Cần kiểm tra", r.rubric_note),
        ("To check", r.rubric_note_en),
        ("Ngưỡng / threshold", f"{_n(r.threshold)} điểm; ô tô màu: điểm dưới ngưỡng"),
        ("Số đơn vị / units", _n(r.n)),
        ("Chưa tổng hợp / not rolled up", "\n".join(r.excluded) or "—"),
        ("Ngày lập / date", date.today().strftime("%d/%m/%Y")),
    ]
    for label, text in lines:
        append(ws, [label, text])
        ws.cell(ws.max_row, 2).alignment = Alignment(wrap_text=True, vertical="top")
