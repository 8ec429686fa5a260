"""Do the roll-up's workbook and consolidated report read back as a person at the level above
expects: Vietnamese headers, empty cells where a dimension does not apply, units below the
threshold coloured, a chart, figures written into formal sentences, and CAF's caution?"""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from docx.document import Document as DocxDocument
from openpyxl import load_workbook
from openpyxl.chart import BarChart
from openpyxl.workbook.workbook import Workbook

from kit.assessment.questionnaire.answers import check_answers
from kit.assessment.questionnaire.saved import read_saved
from kit.assessment.rollup.aggregate import RollUp, roll_up
from kit.assessment.rollup.document import rollup_document, rollup_docx
from kit.assessment.rollup.model import ScoredUnit
from kit.assessment.rollup.workbook import rollup_xlsx
from kit.export import decree30
from kit.export.decree30 import DRAFT_MARK, Bullet, Paragraph, Table
from kit.export.doc_fields import DocumentFields
from kit.export.measure import NBSP

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "assessment"
SHEETS = ["Tổng hợp", "Theo tiêu chí", "Phân bố", "Khó khăn", "Kiến nghị", "Học hỏi", "Ghi chú"]


def answers(name: str) -> dict[str, object]:
    data = json.loads((FIXTURES / f"{name}.json").read_text("utf-8"))
    return check_answers(read_saved(data).raw).answers


STRONG, WEAK = answers("strong-unit"), answers("weak-unit-no-evidence")
#: a commune that led no draft: full-text posting does not apply to it
NO_DRAFTS = WEAK | {
    "unit_name": "Ủy ban nhân dân xã Hòa Bình",
    "drafts_total": 0,
    "drafts_in_scope": 0,
    "drafts_communicated": 0,
    "difficulties": "Kinh phí hạn hẹp; cán bộ kiêm nhiệm.",
}


@pytest.fixture(scope="module")
def rolled() -> RollUp:
    units = [ScoredUnit.of(a, f"{i}.json") for i, a in enumerate((STRONG, WEAK, NO_DRAFTS))]
    return roll_up(units, excluded=["hong.json"])


@pytest.fixture(scope="module")
def book(rolled: RollUp) -> Workbook:
    return load_workbook(io.BytesIO(rollup_xlsx(rolled)))


def test_the_workbook_has_one_sheet_per_view_in_order(book: Workbook) -> None:
    assert book.sheetnames == SHEETS


def test_the_unit_table_has_vietnamese_headers_a_frozen_header_and_a_filter(
    book: Workbook, rolled: RollUp
) -> None:
    ws = book["Tổng hợp"]
    headers = [c.value for c in ws[1]]
    assert headers[:6] == ["STT", "Tên đơn vị", "Cấp đơn vị", "Tỉnh, thành phố", "Tổng điểm", "Mức"]
    assert headers[6:13] == [d.title for d in rolled.dimensions]
    assert headers[13:] == ["Tiêu chí kéo điểm xuống", "Tệp nguồn", "Người nộp"]
    assert ws.freeze_panes == "C2" and ws.auto_filter.ref == "A1:P4"


def test_scores_are_numbers_and_a_dimension_that_does_not_apply_is_an_empty_cell(
    book: Workbook,
) -> None:
    ws = book["Tổng hợp"]
    strong, weak, no_drafts = (list(r) for r in ws.iter_rows(min_row=2, values_only=True))
    assert strong[1] == "Sở Tư pháp (đơn vị mẫu)" and strong[4] == 98.2
    assert strong[5] == "Thực hành tốt, học hỏi lẫn nhau"
    assert no_drafts[8] is None  # posting: not applicable, never 0
    assert weak[8] == 5
    assert ws["E2"].number_format == "0.0" and ws["G2"].number_format == "0"
    assert no_drafts[13] and "Tổ chức truyền thông dự thảo chính sách" in no_drafts[13]


def test_scores_below_the_threshold_are_coloured_by_a_rule_that_skips_empty_cells(
    book: Workbook,
) -> None:
    ws = book["Tổng hợp"]
    rules = {str(cf.sqref): [r.formula for r in cf.rules] for cf in ws.conditional_formatting}
    assert rules == {
        "E2:E4": [["AND(ISNUMBER(E2),E2<50)"]],
        "G2:M4": [["AND(ISNUMBER(G2),G2<50)"]],
    }


def test_the_dimension_sheet_gives_the_summary_with_empty_cells_when_undefined(
    book: Workbook, rolled: RollUp
) -> None:
    ws = book["Theo tiêu chí"]
    header = [c.value for c in ws[1]]
    assert header[:10] == [
        "Tiêu chí",
        "Trọng số",
        "Số đơn vị có điểm",
        "Không áp dụng",
        "Trung bình",
        "Trung vị",
        "Nhỏ nhất",
        "Tứ phân vị 1",
        "Tứ phân vị 3",
        "Lớn nhất",
    ]
    rows = {r[0]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    posting = rows["Đăng tải toàn văn dự thảo"]
    assert posting[2:4] == (2, 1)  # two units scored, one not applicable
    total = rows["Tổng điểm"]
    assert rolled.total.mean is not None
    assert total[4] == round(rolled.total.mean, 1)


@pytest.mark.parametrize("sheet", ["Tổng hợp", "Theo tiêu chí", "Phân bố", "Khó khăn"])
def test_every_figure_in_the_workbook_has_at_most_one_decimal(book: Workbook, sheet: str) -> None:
    """The issue's 38.53571428571428: a mean, a median or a share is stored rounded."""
    figures = [
        cell.value
        for row in book[sheet].iter_rows()
        for cell in row
        if isinstance(cell.value, float)
    ]
    assert figures, f"{sheet} has no decimal figure to check"
    assert all(round(value, 1) == value for value in figures), figures


def test_the_distribution_sheet_counts_levels_and_holds_bar_charts(book: Workbook) -> None:
    ws = book["Phân bố"]
    levels = {r[0]: r[3] for r in ws.iter_rows(min_row=2, max_row=7, values_only=True)}
    assert levels["Thực hành tốt, học hỏi lẫn nhau"] == 1
    assert levels["Chưa triển khai"] == 2
    charts = ws._charts
    assert len(charts) == 2 and all(isinstance(c, BarChart) for c in charts)


def test_the_difficulty_sheet_groups_by_theme_with_quotes(book: Workbook) -> None:
    ws = book["Khó khăn"]
    rows = [r for r in ws.iter_rows(values_only=True) if r[0]]
    assert rows[0][0].startswith("Khó khăn, tồn tại, hạn chế — Có 2/3 đơn vị nêu")
    funding = next(r for r in rows if r[0] == "Kinh phí")
    assert funding[1] == 1 and funding[2] == pytest.approx(33.3)
    assert funding[3] == "«Kinh phí hạn hẹp» — Ủy ban nhân dân xã Hòa Bình (1 đơn vị)"


def test_the_peer_sheet_opens_with_the_caution_and_lists_what_peers_did(
    book: Workbook, rolled: RollUp
) -> None:
    ws = book["Học hỏi"]
    assert ws["A1"].value == rolled.caution
    rows = list(ws.iter_rows(min_row=4, values_only=True))
    assert {r[3] for r in rows} == {"Sở Tư pháp (đơn vị mẫu)"}
    directing = next(r for r in rows if r[0] == "Chỉ đạo, lập kế hoạch")
    assert "Số, ký hiệu kế hoạch: «12/KH-STP»" in directing[5].splitlines()


def test_the_notes_sheet_keeps_the_caution_and_method_in_both_languages(
    book: Workbook, rolled: RollUp
) -> None:
    notes = dict(book["Ghi chú"].iter_rows(values_only=True))
    assert notes["Lưu ý"] == rolled.caution and notes["Caution"] == rolled.caution_en
    assert notes["Method 1"] and notes["Phương pháp 1"]
    assert notes["Chưa tổng hợp / not rolled up"] == "hong.json"


# ---------------------------------------------------------------------------------- report


@pytest.fixture(scope="module")
def report(rolled: RollUp) -> DocxDocument:
    data = decree30.render(
        rollup_document(
            rolled,
            "Sở Tư pháp tỉnh Mẫu",
            "Tỉnh Mẫu",
            date(2024, 11, 18),
            signer="Nguyễn Văn A",
            position="Giám đốc",
        )
    )
    return Document(io.BytesIO(data))


def plain(text: str) -> str:
    return text.replace(NBSP, " ").replace("\n", " ")


def texts(doc: DocxDocument) -> list[str]:
    return [p.text for p in doc.paragraphs if p.text.strip()]


def test_the_report_is_a_decree_30_baocao_with_its_title(report: DocxDocument) -> None:
    lines = texts(report)
    assert "BÁO CÁO" in lines
    assert "Tổng hợp kết quả tự đánh giá thực hiện Đề án 407 năm 2024" in lines
    cells = {plain(c.text) for t in report.tables for row in t.rows for c in row.cells}
    assert "Tỉnh Mẫu, ngày 18 tháng 11 năm 2024" in cells
    assert any(cell.startswith("SỞ TƯ PHÁP TỈNH MẪU") for cell in cells)


FIELDS = DocumentFields(
    issuing_body="Sở Tư pháp tỉnh Thanh Hóa",
    parent_body="Ủy ban nhân dân tỉnh Thanh Hóa",
    symbol="STP",
    place="Thanh Hóa",
    authority=("KT. GIÁM ĐỐC",),
    position="Phó Giám đốc",
    signer="Nguyễn Văn Đức",
    recipients=("UBND tỉnh (để báo cáo)", "Bộ Tư pháp (để tổng hợp)"),
)


def all_text(doc: DocxDocument) -> str:
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return plain("\n".join([p.text for p in doc.paragraphs] + cells))


def test_the_app_fields_finish_the_report_and_leave_only_the_clerks_blanks(
    rolled: RollUp,
) -> None:
    doc = Document(io.BytesIO(rollup_docx(rolled, "ignored body", "ignored place", None, FIELDS)))
    text = all_text(doc)
    assert DRAFT_MARK not in text and "…" not in text
    for printed in (
        "ỦY BAN NHÂN DÂN TỈNH THANH HÓA",
        "SỞ TƯ PHÁP TỈNH THANH HÓA",
        "Số:        /BC-STP",
        "Thanh Hóa, ngày ",
        "KT. GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
        "Nguyễn Văn Đức",
        "- Bộ Tư pháp (để tổng hợp);",
        "- Lưu: VT.",
    ):
        assert printed in text, printed
    assert "ignored" not in text


@pytest.mark.parametrize(
    "missing", ["issuing_body", "symbol", "place", "position", "signer", "recipients"]
)
def test_a_report_missing_one_field_is_marked_draft(rolled: RollUp, missing: str) -> None:
    fields = DocumentFields(**{**FIELDS.__dict__, missing: type(getattr(FIELDS, missing))()})
    doc = Document(io.BytesIO(rollup_docx(rolled, "", "", None, fields)))
    assert doc.paragraphs[0].text == DRAFT_MARK


def test_the_report_writes_its_figures_into_sentences(report: DocxDocument) -> None:
    lines = texts(report)
    assert (
        "Có 1/3 đơn vị (33,3%) đạt từ mức «Triển khai có kiểm tra, đánh giá» (51 điểm) trở lên. "
        "Số đơn vị theo từng mức:"
    ) in lines
    assert "Có 2/3 đơn vị (66,7%) có tổng điểm dưới 50 điểm (danh sách tại Phụ lục)." in lines
    assert any(
        line.startswith("- Kinh phí: 1/3 đơn vị (33,3%), ví dụ: «Kinh phí hạn hẹp»")
        for line in lines
    )
    assert any("không áp dụng với 1 đơn vị" in line for line in lines)


def test_the_report_has_the_dimension_table_and_the_annex_of_units_below(
    report: DocxDocument,
) -> None:
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in report.tables]
    by_dimension = next(t for t in tables if t[0][0] == "Tiêu chí")
    assert by_dimension[0][-1] == "Dưới 50 điểm"
    assert [row[0] for row in by_dimension[1:]][:2] == [
        "Chỉ đạo, lập kế hoạch",
        "Tổ chức truyền thông dự thảo chính sách",
    ]
    annex = next(t for t in tables if t[0][0] == "STT")
    assert [row[1] for row in annex[1:]] == [
        "Ủy ban nhân dân xã (đơn vị mẫu)",
        "Ủy ban nhân dân xã Hòa Bình",
    ]


def test_the_report_carries_the_caution_with_the_peers(
    report: DocxDocument, rolled: RollUp
) -> None:
    lines = texts(report)
    peers = lines.index("VI. HỌC HỎI KINH NGHIỆM GIỮA CÁC ĐƠN VỊ")
    assert lines[peers + 1] == rolled.caution


def test_large_counts_use_vietnamese_thousands_and_decimal_marks() -> None:
    units = [ScoredUnit.of(WEAK | {"unit_name": f"Xã {i}"}) for i in range(1_234)]
    units.append(ScoredUnit.of(STRONG))
    doc = rollup_document(roll_up(units), "Sở Tư pháp", "Tỉnh Mẫu", None)
    paragraphs = [b.text for b in doc.blocks if isinstance(b, Paragraph | Bullet)]
    counted = "Số đơn vị có kết quả tự đánh giá được tổng hợp: 1.235 đơn vị"
    assert f"{counted} (1.234 xã, phường, đặc khu; 1 sở, ban, ngành)." in paragraphs
    assert any("1/1.235 đơn vị (0,1%)" in p for p in paragraphs)
    assert doc.date is None and doc.year == 2024  # "ngày … tháng … năm 2024" until signed
    assert any(isinstance(b, Table) for b in doc.blocks)


def test_an_empty_roll_up_still_writes_both_files() -> None:
    empty = roll_up([])
    book = load_workbook(io.BytesIO(rollup_xlsx(empty)))
    assert book.sheetnames == SHEETS
    assert [c.value for c in book["Tổng hợp"][2]] == [None] * 16  # headers only
    lines = texts(Document(io.BytesIO(rollup_docx(empty, "", "", None))))
    assert "Số đơn vị có kết quả tự đánh giá được tổng hợp: 0 đơn vị." in lines
    assert any(line.startswith("Có 0/0 đơn vị đạt từ mức") for line in lines)
