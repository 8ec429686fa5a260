"""Does batch mode decide every row of a spreadsheet as the engine would, keep every row and column
the user gave, mark unreadable rows without stopping, and write files that read back the same?"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
import unicodedata
from datetime import date, datetime
from itertools import pairwise

import pytest
from openpyxl import Workbook, load_workbook

from kit import api
from kit.content.cases import Case
from kit.core.errors import InputError
from kit.eligibility import rules as r
from kit.eligibility.batch import contract, decide, workbook

RULES = r.load_rule_set()
CASES = api.load_content().cases
H = contract.INPUT_HEADERS
OTHER_SPELLING = {
    "nghi-quyet-hdnd-tinh": "Nghị quyết HĐND tỉnh",
    "quyet-dinh-ubnd-tinh": "Quyết định UBND tỉnh",
    "quyet-dinh-ubnd-xa": "QĐ UBND xã",
    "luat": "dự án luật",
    "ca_nuoc": "toàn quốc",
    "toan_tinh": "toàn địa bàn tỉnh",
    "mot_phan_tinh": "một số xã",
    "cap_xa": "một xã",
}


def label(case: Case) -> str:
    return RULES.outcomes[case.expected.outcome].label


def case_row(case: Case, style: int = 0) -> dict[str, object]:
    """A case as a person fills the template; ``style`` varies the spelling."""
    facts = case.facts
    doc = RULES.document_type(case.document_type)
    scope = RULES.scope(facts.impact_scope) if facts.impact_scope else None
    doc_text = doc.label if doc else case.document_type
    scope_text = scope.label if scope else None
    yes, no = "Có", "Không"
    consulted: object = case.consultation_date.strftime("%d/%m/%Y")
    if style == 1:  # decomposed Unicode, as some Mac and web forms send it
        doc_text = unicodedata.normalize("NFD", doc_text)
        scope_text = scope_text and unicodedata.normalize("NFD", scope_text)
    elif style == 2:  # synonyms and abbreviations
        doc_text = OTHER_SPELLING.get(case.document_type, doc_text)
        scope_text = OTHER_SPELLING.get(facts.impact_scope or "", scope_text)
    elif style == 3:  # lower case and stray spaces
        doc_text = f"  {doc_text.lower()}  "
        scope_text = scope_text and f" {scope_text.lower()}   "
        yes, no = "  có ", "không  "
    elif style == 4:  # a real date cell; yes/no typed without diacritics
        consulted = case.consultation_date
        yes, no = "co", "khong"

    def yes_no(v: bool | None) -> str | None:
        return None if v is None else yes if v else no

    return {
        contract.ID: case.id,
        contract.TITLE: case.title,
        contract.DOCUMENT_TYPE: doc_text,
        contract.DRAFTING_BODY: case.drafting_body,
        contract.CONSULTATION_DATE: consulted,
        contract.SUBMISSION_DATE: case.submission_date,
        contract.POLICY_PROPOSAL: yes_no(facts.policy_proposal_required),
        contract.STATE_SECRET: yes_no(facts.state_secret),
        contract.RIGHTS: yes_no(facts.direct_rights_obligations),
        contract.CONTESTED: yes_no(facts.difficult_or_contested),
        contract.SCOPE: scope_text,
    }


def xlsx(rows: list[list[object]], title: str = "Dự thảo") -> bytes:
    book = Workbook()
    ws = book.active
    ws.title = title
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def sheet(dict_rows: list[dict[str, object]], headers: tuple[str, ...] = H) -> list[list[object]]:
    return [list(headers), *[[row.get(h) for h in headers] for row in dict_rows]]


def all_cases() -> list[Case]:
    return [CASES[k] for k in sorted(CASES)]


@pytest.fixture(scope="module")
def template() -> Workbook:
    return load_workbook(io.BytesIO(workbook.write_template(RULES)))


# ---------------------------------------------------------------------- template


def test_the_template_has_the_contract_headers_in_order_with_a_help_note_each(
    template: Workbook,
) -> None:
    ws = template["Dự thảo"]
    assert [c.value for c in ws[1]] == list(H)
    assert all(c.comment is not None and c.comment.text.strip() for c in ws[1])
    assert "Phạm vi tác động của chính sách?" in ws["K1"].comment.text
    assert ws.freeze_panes is not None
    assert ws["E3"].number_format == ws["F3"].number_format == "DD/MM/YYYY"


def test_the_template_offers_drop_down_lists_from_the_catalogue_sheet(template: Workbook) -> None:
    ws = template["Dự thảo"]
    lists = template["Danh mục"]
    by_column: dict[str, str] = {}
    for check in ws.data_validations.dataValidation:
        assert check.type == "list"
        for cells in check.sqref.ranges:
            by_column[cells.coord.rstrip("0123456789:")[0]] = check.formula1

    def items(formula: str) -> list[object]:
        assert formula.startswith("'Danh mục'!")
        return [row[0].value for row in lists[formula.split("!")[1].replace("$", "")]]

    column = {h: chr(ord("A") + i) for i, h in enumerate(H)}
    assert set(by_column) == {
        column[h] for h in (contract.DOCUMENT_TYPE, *contract.YES_NO_HEADERS)
    } | {column[contract.SCOPE]}
    assert items(by_column[column[contract.DOCUMENT_TYPE]]) == [
        d.label for d in RULES.document_types
    ]
    for header in contract.YES_NO_HEADERS:
        assert items(by_column[column[header]]) == ["Có", "Không"]
    assert items(by_column[column[contract.SCOPE]]) == [
        "Cả nước",
        "Toàn tỉnh",
        "Một phần tỉnh",
        "Cấp xã",
    ]


def test_the_template_carries_its_version_and_instructions_in_both_languages(
    template: Workbook,
) -> None:
    guide = template["Hướng dẫn"]
    assert (guide["A1"].value, guide["B1"].value) == (
        contract.TEMPLATE_ID,
        contract.TEMPLATE_VERSION,
    )
    assert "kit_template_version" in template.defined_names
    text = [c.value for c in guide["A"] if isinstance(c.value, str)]
    assert text.index("Hướng dẫn") < text.index("Instructions")


def test_the_template_example_row_is_never_decided_and_its_case_is_once_made_real() -> None:
    result = decide.run_batch(workbook.write_template(RULES), "mau.xlsx")
    assert result.template_version == contract.TEMPLATE_VERSION
    assert result.rows == [] and result.examples == [2]
    assert sum(result.counts.values()) == 0
    # the same row, its code and title made real, is a draft like any other
    book = load_workbook(io.BytesIO(workbook.write_template(RULES)))
    ws = book["Dự thảo"] if "Dự thảo" in book.sheetnames else book.worksheets[0]
    title = str(ws.cell(2, H.index(contract.TITLE) + 1).value)
    case = next(c for c in CASES.values() if title.startswith(c.title))
    ws.cell(2, H.index(contract.ID) + 1).value = "DT-07"
    ws.cell(2, H.index(contract.TITLE) + 1).value = case.title
    buffer = io.BytesIO()
    book.save(buffer)
    [row] = decide.run_batch(buffer.getvalue(), "mau.xlsx").rows
    assert row.conclusion == label(case) == "Thuộc phạm vi"


EXAMPLE_ROWS = [  # (Mã, title): every way a person leaves the template's example in the sheet
    ("VÍ DỤ", "Nghị quyết về phí (ví dụ — xóa dòng này)"),
    ("Ví dụ", "Nghị quyết về phí"),
    ("vi du", "Quyết định về giá"),
    ("VD", "Nghị quyết"),
    ("Ví dụ:", "Dự thảo"),
    ("DT-01", "Luật sửa đổi (VÍ DỤ — XOÁ DÒNG NÀY)"),
    ("DT-02", "Nghị quyết (vi du - xoa dong nay)"),
    ("DT-03", "Dòng ví dụ, xoá trước khi dùng"),
    ("DT-04", unicodedata.normalize("NFD", "Quyết định (ví dụ — xóa dòng này)")),
    ("EXAMPLE", "Decree (example row — delete this row)"),
]
REAL_ROWS = [  # look alike, are real drafts
    ("DT-05", "Nghị quyết quy định ví dụ về mức thu phí"),
    ("VIDU-01", "Quyết định về bảng giá đất"),
    ("DT-06", "Quyết định xóa bỏ thủ tục hành chính"),
]


@pytest.mark.parametrize(("ident", "title"), EXAMPLE_ROWS)
def test_an_example_row_in_any_spelling_is_neither_decided_nor_imported(
    ident: str, title: str
) -> None:
    from kit.plans.drafts_import import drafts_from_sheet

    case = next(c for c in all_cases() if c.expected.outcome == "in_scope")
    real = case_row(case)
    example = {**real, contract.ID: ident, contract.TITLE: title}
    data = xlsx(sheet([example, real]))
    result = decide.run_batch(data, "ds.xlsx")
    assert [r.values[contract.ID] for r in result.rows] == [case.id]
    assert result.examples == [2]
    imported = drafts_from_sheet(data, "ds.xlsx", RULES)
    assert [d.code for d in imported.drafts] == [case.id]
    assert [s.row for s in imported.skipped] == [2]


@pytest.mark.parametrize(("ident", "title"), REAL_ROWS)
def test_a_real_row_that_only_looks_like_the_example_is_decided(ident: str, title: str) -> None:
    case = next(c for c in all_cases() if c.expected.outcome == "in_scope")
    row = {**case_row(case), contract.ID: ident, contract.TITLE: title}
    result = decide.run_batch(xlsx(sheet([row])), "ds.xlsx")
    assert result.examples == [] and [r.conclusion for r in result.rows] == ["Thuộc phạm vi"]


@pytest.mark.parametrize(
    ("document_type", "consulted"),
    [
        ("Quyết định của UBND tỉnh", None),  # every law says "no": still not guessed
        ("Thông tư", None),
        ("Luật", None),  # every law says "yes"
        ("Nghị quyết của HĐND tỉnh", None),
        ("Quyết định của UBND tỉnh", "15/05/2014"),  # before any law period in the data
        ("Nghị định", "01/01/2010"),
    ],
)
def test_a_draft_whose_applicable_law_cannot_be_determined_is_not_enough_information(
    document_type: str, consulted: str | None
) -> None:
    row = {
        contract.ID: "DT-09",
        contract.TITLE: "Dự thảo chưa có ngày lấy ý kiến",
        contract.DOCUMENT_TYPE: document_type,
        contract.CONSULTATION_DATE: consulted,
        contract.STATE_SECRET: "Không",
        contract.RIGHTS: "Có",
        contract.CONTESTED: "Có",
        contract.SCOPE: "Cả nước"
        if document_type in ("Thông tư", "Luật", "Nghị định")
        else "Toàn tỉnh",
    }
    [decided] = decide.run_batch(xlsx(sheet([row])), "ds.xlsx").rows
    assert decided.conclusion == "Chưa đủ thông tin", decided.reason
    assert "Không thuộc phạm vi" not in decided.reason
    assert "ngày bắt đầu lấy ý kiến" in decided.reason.lower()


# ---------------------------------------------------------------------- deciding


def test_every_training_case_in_a_spreadsheet_gets_its_expected_conclusion() -> None:
    cases = all_cases()
    data = xlsx(sheet([case_row(c, i % 5) for i, c in enumerate(cases)]))
    result = decide.run_batch(data, "cases.xlsx")
    assert [row.values[contract.ID] for row in result.rows] == [c.id for c in cases]
    for case, row in zip(cases, result.rows, strict=True):
        assert row.conclusion == label(case), (case.id, row.reason)
        assert row.decision is not None and row.decision.outcome == case.expected.outcome
        assert row.reason and row.basis.startswith(RULES.title)
    assert sum(result.counts.values()) == len(cases)
    assert result.counts[contract.ERROR] == 0


def test_unreadable_rows_are_marked_with_the_column_while_the_others_are_decided() -> None:
    good = all_cases()[:6]
    rows = [case_row(c) for c in good]
    bad = [
        {**case_row(good[0]), contract.ID: "bad-type", contract.DOCUMENT_TYPE: "Công văn"},
        {**case_row(good[1]), contract.ID: "bad-date", contract.CONSULTATION_DATE: "31/02/2024"},
        {**case_row(good[2]), contract.ID: "bad-yes-no", contract.STATE_SECRET: "có lẽ"},
    ]
    mixed = [rows[0], bad[0], rows[1], rows[2], bad[1], rows[3], bad[2], rows[4], rows[5]]
    result = decide.run_batch(xlsx(sheet(mixed)), "mixed.xlsx")
    assert [row.values[contract.ID] for row in result.rows] == [m[contract.ID] for m in mixed]
    by_id = {row.values[contract.ID]: row for row in result.rows}
    for wrong, column in [
        ("bad-type", contract.DOCUMENT_TYPE),
        ("bad-date", contract.CONSULTATION_DATE),
        ("bad-yes-no", contract.STATE_SECRET),
    ]:
        row = by_id[wrong]
        assert row.conclusion == contract.ERROR and row.decision is None
        assert f"'{column}'" in row.reason
        assert row.problems and row.problems[0].startswith(column)
    for case in good:
        assert by_id[case.id].conclusion == label(case)
    assert result.counts[contract.ERROR] == 3
    assert [row.row for row in result.errors] == [3, 6, 8]


def test_headers_are_matched_as_a_person_writes_them_in_any_order() -> None:
    case = all_cases()[0]
    shuffled = list(reversed(H))
    spelled = [
        unicodedata.normalize("NFD", h.upper()) if i % 2 else f"  {h.lower()} "
        for i, h in enumerate(shuffled)
    ]
    row = case_row(case)
    result = decide.run_batch(xlsx([spelled, [row[h] for h in shuffled]]), "x.xlsx")
    assert result.rows[0].conclusion == label(case)
    assert set(result.rows[0].values) <= set(H)


def test_extra_columns_and_their_values_are_kept_after_the_contract_columns() -> None:
    cases = all_cases()[:2]
    headers = (*H[:3], "Ghi chú", *H[3:], "Người phụ trách")
    rows = [
        {**case_row(c), "Ghi chú": f"ghi chú {i}", "Người phụ trách": "Chị Lan"}
        for i, c in enumerate(cases)
    ]
    result = decide.run_batch(xlsx(sheet(rows, headers)), "extra.xlsx")
    assert result.extra_headers == ["Ghi chú", "Người phụ trách"]
    assert result.headers == [*contract.OUTPUT_HEADERS, "Ghi chú", "Người phụ trách"]
    assert result.rows[1].values["Ghi chú"] == "ghi chú 1"
    ws = load_workbook(io.BytesIO(workbook.write_result(result)))["Kết quả"]
    assert [c.value for c in ws[1]] == result.headers
    assert ws.cell(row=2, column=len(result.headers)).value == "Chị Lan"


def test_the_header_row_may_sit_below_title_rows_and_blank_rows_are_skipped() -> None:
    cases = all_cases()[:3]
    body = sheet([case_row(c) for c in cases])
    rows = [
        ["DANH SÁCH DỰ THẢO NĂM 2024"],
        ["Đơn vị: Sở Tư pháp"],
        [],
        body[0],
        body[1],
        [],
        body[2],
        body[3],
    ]
    result = decide.run_batch(xlsx(rows), "titles.xlsx")
    assert [row.values[contract.ID] for row in result.rows] == [c.id for c in cases]
    assert [row.row for row in result.rows] == [5, 7, 8]


def test_progress_is_reported_with_growing_counts_up_to_the_total() -> None:
    rows = [case_row(c) for c in all_cases()]
    calls: list[tuple[int, int]] = []
    decide.decide_rows(rows, RULES, progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (len(rows), len(rows))
    assert len(calls) > 1
    assert all(a[0] < b[0] for a, b in pairwise(calls))
    assert {total for _, total in calls} == {len(rows)}


def test_a_submission_date_is_read_and_carried_and_a_bad_one_is_a_data_error() -> None:
    case = next(c for c in all_cases() if c.submission_date)
    rows = [
        case_row(case),
        {**case_row(case), contract.ID: "late", contract.SUBMISSION_DATE: "30/13/2024"},
    ]
    result = decide.decide_rows(rows, RULES)
    assert result.rows[0].submission_date == case.submission_date
    assert result.rows[1].conclusion == contract.ERROR
    assert f"'{contract.SUBMISSION_DATE}'" in result.rows[1].reason


# ---------------------------------------------------------------------- files


@pytest.mark.parametrize(
    ("delimiter", "bom"), [(",", True), (";", True), (";", False), ("\t", False)]
)
def test_a_csv_file_is_read_with_or_without_bom_and_with_any_usual_delimiter(
    delimiter: str, bom: bool
) -> None:
    cases = all_cases()[:8]
    text = io.StringIO()
    writer = csv.writer(text, delimiter=delimiter)
    writer.writerow(H)
    for i, c in enumerate(cases):
        row = case_row(c, i % 4)
        writer.writerow(["" if row[h] is None else row[h] for h in H])
    data = ("\ufeff" if bom else "").encode() + text.getvalue().encode("utf-8")
    result = decide.run_batch(data, "du-thao.CSV")
    assert [row.conclusion for row in result.rows] == [label(c) for c in cases]


def test_a_csv_file_not_saved_as_utf8_is_refused_with_advice() -> None:
    text = ";".join(H) + "\n1;Nghị quyết của HĐND tỉnh;Sở Tài chính\n"
    with pytest.raises(InputError) as exc:
        decide.run_batch(text.encode("cp1258", errors="replace"), "cu.csv")
    assert "CSV UTF-8" in exc.value.vi and "CSV UTF-8" in exc.value.en


def test_a_missing_document_type_column_is_a_file_error_naming_it() -> None:
    headers = tuple(h for h in H if h != contract.DOCUMENT_TYPE)
    data = xlsx(sheet([case_row(c) for c in all_cases()[:2]], headers))
    with pytest.raises(InputError) as exc:
        decide.run_batch(data, "thieu.xlsx")
    assert "'Loại văn bản'" in exc.value.vi and "'Loại văn bản'" in exc.value.en


def test_a_missing_required_fact_column_is_a_file_error_naming_it() -> None:
    headers = tuple(h for h in H if h != contract.SCOPE)
    data = xlsx(sheet([case_row(c) for c in all_cases()[:2]], headers))
    with pytest.raises(InputError) as exc:
        decide.run_batch(data, "thieu.xlsx")
    assert f"'{contract.SCOPE}'" in exc.value.vi


def test_optional_columns_may_be_left_out() -> None:
    case = next(c for c in all_cases() if c.facts.policy_proposal_required is None)
    headers = tuple(
        h
        for h in H
        if h
        not in (
            contract.TITLE,
            contract.DRAFTING_BODY,
            contract.SUBMISSION_DATE,
            contract.POLICY_PROPOSAL,
        )
    )
    result = decide.run_batch(xlsx(sheet([case_row(case)], headers)), "ngan.xlsx")
    assert result.rows[0].conclusion == label(case)


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"not a zip at all", "hong.xlsx"),
        (b"PK\x03\x04 truncated zip", "hong.xlsx"),
        (b"Ma,Loai\n", "du-thao.txt"),
        (b"\xd0\xcf\x11\xe0 old excel", "cu.xls"),
        (b"", "trong.csv"),
    ],
)
def test_a_file_that_is_not_a_readable_table_is_an_input_error(data: bytes, name: str) -> None:
    with pytest.raises(InputError) as exc:
        decide.run_batch(data, name)
    assert name in exc.value.vi and name in exc.value.en


def test_the_result_workbook_is_styled_and_summarised() -> None:
    cases = all_cases()
    rows = [case_row(c) for c in cases] + [
        {**case_row(cases[0]), contract.ID: "x", contract.SCOPE: "??"}
    ]
    result = decide.run_batch(xlsx(sheet(rows)), "kq.xlsx")
    book = load_workbook(io.BytesIO(workbook.write_result(result, datetime(2025, 1, 2, 9, 30))))
    ws = book["Kết quả"]
    assert [c.value for c in ws[1]] == list(contract.OUTPUT_HEADERS)
    assert all(c.font.bold for c in ws[1])
    assert ws.freeze_panes == "B2" and ws.auto_filter.ref == f"A1:N{len(rows) + 1}"
    conclusion = contract.OUTPUT_HEADERS.index(contract.CONCLUSION) + 1
    fills = {
        ws.cell(row=i, column=conclusion).value: ws.cell(row=i, column=conclusion).fill.fgColor.rgb
        for i in range(2, len(rows) + 2)
    }
    assert len(set(fills.values())) == 4
    assert ws["E2"].is_date and ws["E2"].number_format == "DD/MM/YYYY"
    summary = {
        row[0]: row[1] for row in book["Tóm tắt"].iter_rows(values_only=True) if row and row[0]
    }
    assert summary["Bộ quy tắc / Rule set"] == "de-an-407"
    assert summary["Ngày xuất / Exported"] == "02/01/2025 09:30"
    for vi, en in contract.conclusion_labels(RULES):
        assert summary[f"{vi} / {en}"] == result.counts[vi]
    assert summary["Tổng / Total"] == len(rows)


def test_the_result_workbook_read_back_gives_the_same_conclusions() -> None:
    cases = all_cases()
    rows = [case_row(c, i % 5) for i, c in enumerate(cases)]
    rows.insert(
        3, {**case_row(cases[0]), contract.ID: "bad", contract.CONSULTATION_DATE: "31/02/2024"}
    )
    first = decide.run_batch(xlsx(sheet(rows)), "vao.xlsx")
    again = decide.run_batch(workbook.write_result(first), "ket-qua.xlsx")
    assert [r.conclusion for r in again.rows] == [r.conclusion for r in first.rows]
    assert [r.values[contract.ID] for r in again.rows] == [
        r.values[contract.ID] for r in first.rows
    ]
    assert again.extra_headers == []  # the earlier Kết luận, Lý do, Căn cứ are not kept as input


def test_text_that_looks_like_a_formula_is_written_as_text() -> None:
    row = {**case_row(all_cases()[0]), contract.TITLE: '=HYPERLINK("http://x")'}
    result = decide.decide_rows([row], RULES)
    ws = load_workbook(io.BytesIO(workbook.write_result(result)))["Kết quả"]
    assert ws["B2"].data_type == "s" and ws["B2"].value == row[contract.TITLE]


def test_dates_are_written_as_dates_and_unreadable_ones_as_given() -> None:
    case = all_cases()[0]
    rows = [case_row(case), {**case_row(case), contract.CONSULTATION_DATE: "hôm qua"}]
    ws = load_workbook(io.BytesIO(workbook.write_result(decide.decide_rows(rows, RULES))))[
        "Kết quả"
    ]
    assert ws["E2"].value.date() == case.consultation_date
    assert ws["E3"].value == "hôm qua"
    assert isinstance(case.consultation_date, date)


def test_a_contract_column_given_twice_is_a_file_error() -> None:
    headers = (*H, "  LOẠI VĂN BẢN ")
    with pytest.raises(InputError) as exc:
        decide.run_batch(xlsx([list(headers)]), "doi.xlsx")
    assert "'Loại văn bản'" in exc.value.vi and "twice" in exc.value.en


def test_importing_the_batch_module_loads_no_spreadsheet_library() -> None:
    code = "import sys, kit.eligibility.batch; print('openpyxl' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip() == "False", result.stderr
