"""Write the workbooks of a batch: the result and the empty template.

``write_result`` gives sheet ``Kết quả`` (the input, then Kết luận coloured by outcome, Lý do,
Căn cứ) and ``Tóm tắt`` (counts by conclusion). ``write_template`` gives the input sheet with help
notes, drop-down lists, dates dd/mm/yyyy and an example row. Every cell is written by
:func:`kit.core.xlsx.put`: text (a draft's title, a column of the user's own, its header) is
text, never a formula. openpyxl is imported only inside the writers, so importing this module
stays light.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from copy import copy
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from kit.core.errors import ValueProblem
from kit.core.xlsx import put
from kit.eligibility import engine, values
from kit.eligibility.batch.contract import (
    BASIS,
    CONCLUSION,
    CONSULTATION_DATE,
    CONTESTED,
    DATE_HEADERS,
    DOCUMENT_TYPE,
    DRAFTING_BODY,
    FACT_OF,
    ID,
    INPUT_HEADERS,
    POLICY_PROPOSAL,
    REASON,
    RIGHTS,
    SCOPE,
    STATE_SECRET,
    SUBMISSION_DATE,
    TEMPLATE_ID,
    TEMPLATE_VERSION,
    TITLE,
    YES_NO_HEADERS,
    conclusion_labels,
)
from kit.eligibility.rules import RuleSet, load_rule_set

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    from kit.content.cases import Case
    from kit.eligibility.batch.model import BatchResult

DATE_FORMAT = "DD/MM/YYYY"
TEMPLATE_ROWS = 1000


# ---------------------------------------------------------------------- the result

WIDTHS = {
    ID: 12,
    TITLE: 42,
    DOCUMENT_TYPE: 28,
    DRAFTING_BODY: 30,
    CONSULTATION_DATE: 14,
    SUBMISSION_DATE: 14,
    POLICY_PROPOSAL: 18,
    STATE_SECRET: 16,
    RIGHTS: 18,
    CONTESTED: 22,
    SCOPE: 16,
    CONCLUSION: 20,
    REASON: 70,
    BASIS: 55,
}
WRAPPED = frozenset({TITLE, DRAFTING_BODY, REASON, BASIS})
FILLS = {  # light fills by outcome: green, grey, yellow, red
    "in_scope": "C6EFCE",
    "out_of_scope": "EDEDED",
    "insufficient": "FFEB9C",
    None: "FFC7CE",
}
HEADER_FILL = "DDEBF7"


def _header_row(ws: Worksheet, headers: Sequence[str]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor=HEADER_FILL)
    align = Alignment(wrap_text=True, vertical="center")
    for col, header in enumerate(headers, start=1):
        cell = put(ws, 1, col, header)
        cell.font, cell.fill, cell.alignment = bold, fill, align
        ws.column_dimensions[get_column_letter(col)].width = WIDTHS.get(header, 20)
    ws.row_dimensions[1].height = 60
    ws.freeze_panes = "B2"


def _as_date(value: object) -> object:
    """A readable date cell as a date (written dd/mm/yyyy); anything else as given."""
    try:
        return values.read_date(value)
    except ValueProblem:
        return value


def write_result(result: BatchResult, exported: datetime | None = None) -> bytes:
    """The result workbook: sheet ``Kết quả`` (input, Kết luận, Lý do, Căn cứ) and ``Tóm tắt``."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, PatternFill
    from openpyxl.utils import get_column_letter

    rule_set = load_rule_set(result.rule_set)
    book = Workbook()
    ws = book.active
    ws.title = "Kết quả"
    headers = result.headers
    _header_row(ws, headers)
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    fills = {k: PatternFill("solid", fgColor=v) for k, v in FILLS.items()}
    days: dict[tuple[type, object], object] = {}
    # Setting a style on a cell hashes it into the workbook's tables (slow for 100,000 cells):
    # style the first cell of each kind, then give the others a copy of its style array.
    styles: dict[tuple[int, object], Any] = {}
    for r, row in enumerate(result.rows, start=2):
        answers = {CONCLUSION: row.conclusion, REASON: row.reason, BASIS: row.basis}
        for c, header in enumerate(headers, start=1):
            value = answers[header] if header in answers else row.values.get(header)
            if header in DATE_HEADERS and value is not None:
                key = (type(value), value)
                if key not in days:
                    days[key] = _as_date(value)
                value = days[key]
            cell = put(ws, r, c, value)
            kind = (c, row.outcome if header == CONCLUSION else isinstance(value, date))
            style = styles.get(kind)
            if style is not None:
                cell._style = copy(style)
                continue
            cell.alignment = wrap if header in WRAPPED else top
            if header == CONCLUSION:
                cell.fill = fills[row.outcome]
            elif isinstance(value, date):
                cell.number_format = DATE_FORMAT
            styles[kind] = copy(cell._style)
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(2, len(result.rows) + 1)}"
    _summary(book, result, rule_set, exported or datetime.now())
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _summary(book: Workbook, result: BatchResult, rule_set: RuleSet, exported: datetime) -> None:
    from openpyxl.styles import Font, PatternFill

    ws = book.create_sheet("Tóm tắt")
    bold = Font(bold=True)
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 70
    put(ws, 1, 1, "Tóm tắt kết quả / Summary").font = Font(bold=True, size=13)
    facts = [
        ("Bộ quy tắc / Rule set", rule_set.id),
        ("Tên / Title", f"{rule_set.title}\n{rule_set.title_en}"),
        ("Ngày xuất / Exported", exported.strftime("%d/%m/%Y %H:%M")),
        ("Tệp nguồn / Source file", result.source or "—"),
        ("Số dự thảo / Drafts", len(result.rows)),
    ]
    for r, (label, value) in enumerate(facts, start=3):
        put(ws, r, 1, label).font = bold
        put(ws, r, 2, value)
    start = 3 + len(facts) + 1
    put(ws, start, 1, "Kết luận / Conclusion").font = bold
    put(ws, start, 2, "Số dự thảo / Drafts").font = bold
    outcome_of = {o.label: k for k, o in rule_set.outcomes.items()}
    for r, (vi, en) in enumerate(conclusion_labels(rule_set), start=start + 1):
        label = put(ws, r, 1, f"{vi} / {en}")
        label.fill = PatternFill("solid", fgColor=FILLS[outcome_of.get(vi)])
        put(ws, r, 2, result.counts.get(vi, 0))
    total_row = start + len(conclusion_labels(rule_set)) + 1
    put(ws, total_row, 1, "Tổng / Total").font = bold
    put(ws, total_row, 2, len(result.rows)).font = bold


# ---------------------------------------------------------------------- the template

_HELP = {
    ID: (
        "Mã do đơn vị đặt để nhận ra dự thảo (ví dụ DT-01).",
        "Your own code for the draft (e.g. DT-01).",
    ),
    TITLE: ("Tên dự thảo chính sách.", "Title of the draft policy."),
    DRAFTING_BODY: (
        "Cơ quan chủ trì soạn thảo (ví dụ Sở Tài chính).",
        "Drafting agency (e.g. Department of Finance).",
    ),
    SUBMISSION_DATE: (
        "Ngày dự kiến trình (dd/mm/yyyy); không bắt buộc, dùng để lập kế hoạch truyền thông.",
        "Planned submission date (dd/mm/yyyy); optional, used to plan the communication.",
    ),
}
_GUIDE_VI = (
    "Hướng dẫn",
    "1. Mỗi dòng của trang 'Dự thảo' là một dự thảo chính sách. Giữ dòng tiêu đề; có thể đổi thứ "
    "tự cột và thêm cột riêng (được giữ nguyên trong kết quả).",
    "2. Loại văn bản, các cột Có/Không và Phạm vi tác động: chọn trong danh sách thả xuống (trang "
    "'Danh mục'). Cách viết thông dụng cũng được nhận, ví dụ 'toàn quốc', 'Nghị quyết HĐND tỉnh'.",
    "3. Ngày ghi dạng dd/mm/yyyy, ví dụ 10/05/2024.",
    "4. 'Luật yêu cầu lập đề nghị xây dựng': để trống nếu chưa rõ; bộ công cụ tra theo loại văn "
    "bản và luật có hiệu lực vào ngày lấy ý kiến.",
    "5. Ô để trống là chưa biết: kết luận sẽ là 'Chưa đủ thông tin' kèm điều cần làm rõ; bộ công "
    "cụ không đoán.",
    "6. Dòng 'VÍ DỤ' lấy từ một tình huống luyện tập; xóa dòng này trước khi dùng.",
    "7. Tải tệp lên ứng dụng, hoặc chạy: kit eligibility batch tep.xlsx -o ket-qua.xlsx. Kết quả "
    "có thêm cột Kết luận, Lý do, Căn cứ và trang Tóm tắt.",
    "8. Kết quả phục vụ tập huấn; mục ghi 'cần kiểm tra' phải được đối chiếu với văn bản pháp luật "
    "hiện hành.",
)
_GUIDE_EN = (
    "Instructions",
    "1. Each row of the 'Dự thảo' sheet is one draft policy. Keep the header row; columns may be "
    "reordered and columns of your own added (they are kept in the result).",
    "2. Document type, the yes/no (Có/Không) columns and impact scope: pick from the drop-down "
    "lists (sheet 'Danh mục'). Common spellings such as 'toàn quốc' are accepted too.",
    "3. Write dates as dd/mm/yyyy, e.g. 10/05/2024.",
    "4. 'Luật yêu cầu lập đề nghị xây dựng' (policy proposal required): leave blank if unsure; the "
    "kit looks it up from the document type and the law in force on the consultation date.",
    "5. A blank cell means unknown: the conclusion is 'Chưa đủ thông tin' (not enough "
    "information) with what is still needed; nothing is guessed.",
    "6. The 'VÍ DỤ' row is an example taken from a training case; delete it before use.",
    "7. Upload the file in the app, or run: kit eligibility batch file.xlsx -o result.xlsx. The "
    "result adds the columns Kết luận (conclusion), Lý do (reason), Căn cứ (basis) and a summary.",
    "8. Results support training; items marked 'cần kiểm tra' (to check) must be checked against "
    "the law in force.",
)
YES_NO_LABELS = ("Có", "Không")


def _header_help(rule_set: RuleSet, header: str) -> str:
    fact_id = FACT_OF.get(header)
    if fact_id is not None and fact_id in {f.id for f in rule_set.facts}:
        fact = rule_set.fact(fact_id)
        optional = " (không bắt buộc / optional)" if fact.optional else ""
        return f"{fact.question}{optional}\n{fact.help}\n—\n{fact.question_en}\n{fact.help_en}"
    vi, en = _HELP[header]
    return f"{vi}\n—\n{en}"


def _example_case(rule_set: RuleSet) -> Case | None:
    """A training case with every fact given that the rule set decides as the case says."""
    from kit.content.catalogue import load_catalogue

    content = load_catalogue()
    for case_id, case in sorted(content.cases.items()):
        facts = case.engine_facts()
        if content.case_rule_set.get(case_id) != rule_set.id or None in facts.values():
            continue
        if engine.evaluate(rule_set, facts).outcome == case.expected.outcome == "in_scope":
            return case
    return None


def _example_row(rule_set: RuleSet, case: Case) -> dict[str, object]:
    def yes_no(v: bool | None) -> str | None:
        return None if v is None else YES_NO_LABELS[0] if v else YES_NO_LABELS[1]

    doc = rule_set.document_type(case.document_type)
    scope = rule_set.scope(case.facts.impact_scope) if case.facts.impact_scope else None
    return {
        ID: "VÍ DỤ",
        TITLE: f"{case.title} (ví dụ — xóa dòng này)",
        DOCUMENT_TYPE: doc.label if doc else case.document_type,
        DRAFTING_BODY: case.drafting_body,
        CONSULTATION_DATE: case.consultation_date,
        SUBMISSION_DATE: case.submission_date,
        POLICY_PROPOSAL: yes_no(case.facts.policy_proposal_required),
        STATE_SECRET: yes_no(case.facts.state_secret),
        RIGHTS: yes_no(case.facts.direct_rights_obligations),
        CONTESTED: yes_no(case.facts.difficult_or_contested),
        SCOPE: scope.label if scope else None,
    }


def write_template(rule_set: RuleSet | None = None, example: Case | None = None) -> bytes:
    """The empty input workbook: headers with help notes, drop-down lists, dates dd/mm/yyyy.

    ``example`` (default: a training case the rule set decides as in scope) fills row 2, marked
    "VÍ DỤ". ``Hướng dẫn!A1:B1`` holds the template id and version (also the defined name
    ``kit_template_version``), so a later kit can recognise an old file.
    """
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.workbook.defined_name import DefinedName
    from openpyxl.worksheet.datavalidation import DataValidation

    rule_set = rule_set or load_rule_set()
    book = Workbook()
    ws = book.active
    ws.title = "Dự thảo"
    _header_row(ws, INPUT_HEADERS)
    column = {h: get_column_letter(i) for i, h in enumerate(INPUT_HEADERS, start=1)}
    for i, header in enumerate(INPUT_HEADERS, start=1):
        note = Comment(_header_help(rule_set, header), "kit407")
        note.width, note.height = 320, 180
        ws.cell(row=1, column=i).comment = note

    lists = book.create_sheet("Danh mục")
    catalogues = {
        DOCUMENT_TYPE: ("Loại văn bản", [d.label for d in rule_set.document_types]),
        "yes_no": ("Có/Không", list(YES_NO_LABELS)),
        SCOPE: ("Phạm vi tác động", [s.label for s in rule_set.scopes]),
    }
    ranges: dict[str, str] = {}
    sheet = quote_sheetname(lists.title)
    for c, (key, (title, items)) in enumerate(catalogues.items(), start=1):
        letter = get_column_letter(c)
        put(lists, 1, c, title).font = Font(bold=True)
        lists.column_dimensions[letter].width = 40 if key == DOCUMENT_TYPE else 20
        for r, item in enumerate(items, start=2):
            put(lists, r, c, item)
        ranges[key] = f"{sheet}!${letter}$2:${letter}${len(items) + 1}"

    last = TEMPLATE_ROWS + 1
    for header, key in [
        (DOCUMENT_TYPE, DOCUMENT_TYPE),
        *[(h, "yes_no") for h in YES_NO_HEADERS],
        (SCOPE, SCOPE),
    ]:
        check = DataValidation(
            type="list",
            formula1=ranges[key],
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="warning",
            errorTitle="Giá trị ngoài danh sách / Not in the list",
            error="Nên chọn trong danh sách (trang 'Danh mục'). / Prefer a value from the list.",
        )
        check.add(f"{column[header]}2:{column[header]}{last}")
        ws.add_data_validation(check)
    for header in DATE_HEADERS:
        for r in range(2, last + 1):
            ws[f"{column[header]}{r}"].number_format = DATE_FORMAT

    case = example or _example_case(rule_set)
    if case is not None:
        grey = Font(italic=True, color="7F7F7F")
        for c, header in enumerate(INPUT_HEADERS, start=1):
            cell = put(ws, 2, c, _example_row(rule_set, case)[header])
            cell.font = grey
            if header in DATE_HEADERS:
                cell.number_format = DATE_FORMAT
        ws["A2"].comment = Comment(
            f"Dòng ví dụ lấy từ tình huống luyện tập {case.id}; xóa trước khi dùng.\n"
            f"Example row from training case {case.id}; delete it before use.",
            "kit407",
        )

    guide = book.create_sheet("Hướng dẫn")
    put(guide, 1, 1, TEMPLATE_ID)
    put(guide, 1, 2, TEMPLATE_VERSION)
    guide.column_dimensions["A"].width = 110
    wrap = Alignment(wrap_text=True, vertical="top")
    for r, line in enumerate([*_GUIDE_VI, "", *_GUIDE_EN], start=3):
        cell = put(guide, r, 1, line)
        cell.alignment = wrap
        if line in (_GUIDE_VI[0], _GUIDE_EN[0]):
            cell.font = Font(bold=True, size=13)
    book.defined_names["kit_template_version"] = DefinedName(
        "kit_template_version", attr_text=f"{quote_sheetname(guide.title)}!$B$1"
    )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
