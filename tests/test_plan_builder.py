"""Does the plan builder's model edit, validate, save and reload a plan the way the app needs it:
every change checked by the kernel and stored at once, drafts imported from the eligibility
simulator's spreadsheet, a preview and a timeline that escape what a user typed?"""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from openpyxl import load_workbook

from kit import trainees
from kit.core.errors import InputError
from kit.eligibility.batch import contract, workbook
from kit.export.preview import document_html
from kit.plans import library, store
from kit.plans.chart import timeline_html
from kit.plans.drafts_import import drafts_from_sheet
from kit.plans.editor import PlanEditor
from kit.plans.export import dated, plan_document
from kit.plans.model import Draft
from kit.plans.session import BuilderSession, step_of


def owner(name: str = "Người Lập") -> int:
    return trainees.register(name, "UBND xã Thử Nghiệm", "B").identity.id


def test_a_change_is_validated_and_a_refused_value_leaves_the_plan_as_it_was() -> None:
    editor = PlanEditor(library.template("commune"))
    editor.set("header/title", "Kế hoạch truyền thông năm 2026")
    assert editor.plan.header.title == "Kế hoạch truyền thông năm 2026"
    before = editor.plan
    for path, value in [
        ("header/period_start", 1800),
        ("signature/authority", [["XX.", "ỦY BAN"]]),
        ("drafts/0/level", "galactic"),
        ("header/no_such_field", "x"),
        ("sections/99/title", "x"),
        ("header/title", "x" * 5000),
    ]:
        with pytest.raises(InputError):
            editor.set(path, value)
        assert editor.plan == before


def test_text_areas_become_lists_of_non_empty_lines() -> None:
    editor = PlanEditor(library.template("province"))
    editor.set_lines("recipients", "Sở Tư pháp;\n\n  UBND các xã  \n")
    assert editor.plan.recipients == ["Sở Tư pháp;", "UBND các xã"]


def test_adding_the_scope_section_to_a_ward_plan_renumbers_the_sections() -> None:
    editor = PlanEditor(library.template("commune"))
    assert [s.kind for s in editor.plan.sections] == ["purpose", "focus", "organisation"]
    index = editor.ensure_section("scope")
    assert index == 1
    assert [(s.id, s.kind) for s in editor.plan.sections] == [
        ("I", "purpose"),
        ("II", "scope"),
        ("III", "focus"),
        ("IV", "organisation"),
    ]


def test_tasks_can_be_added_moved_and_removed() -> None:
    editor = PlanEditor(library.template("commune"))
    si = editor.task_section()
    count = len(editor.plan.sections[si].tasks)
    new = editor.add_task(si, group="Nhóm mới")
    editor.set(f"sections/{si}/tasks/{new}/name", "Tập huấn kỹ năng")
    assert editor.move(f"sections/{si}/tasks", new, -1) == new - 1
    assert editor.plan.sections[si].tasks[new - 1].name == "Tập huấn kỹ năng"
    editor.remove(f"sections/{si}/tasks", new - 1)
    assert len(editor.plan.sections[si].tasks) == count
    with pytest.raises(InputError):
        editor.remove(f"sections/{si}/tasks", 999)
    with pytest.raises(InputError):
        editor.remove(f"sections/{si}/tasks", True)


def test_a_drafts_dates_recompute_its_timeline_from_the_rule_data() -> None:
    editor = PlanEditor(library.template("province"))
    i = editor.add_draft("Nghị quyết về phí tham quan")
    assert editor.plan.drafts[i].activities == []
    editor.set(f"drafts/{i}/level", "provincial")
    editor.set(f"drafts/{i}/consultation_date", date(2024, 5, 10))
    posting = editor.plan.drafts[i].activities[0]
    assert posting.kind == "posting"
    assert posting.start == date(2024, 5, 10)
    assert (posting.end - posting.start).days >= 29  # 30 days for a provincial draft, 2015/2020 law


def test_a_plan_is_stored_on_every_change_and_reopens_at_its_step() -> None:
    who = owner()
    session = BuilderSession.start(who, library.template("commune"))
    session.set("header/issuing_body", "UBND phường Hòa Bình")
    session.go("tasks")
    again = BuilderSession.resume(who, session.plan_id)
    assert again.plan.header.issuing_body == "UBND phường Hòa Bình"
    assert again.step == "tasks"
    latest = store.latest(who)
    assert latest is not None and latest.id == session.plan_id


def test_a_plan_id_from_another_trainee_or_forged_is_not_found() -> None:
    mine, theirs = owner("Chủ Kế Hoạch"), owner("Người Khác")
    session = BuilderSession.start(mine, library.template("province"))
    for forged in (session.plan_id, "1", None, True, -5):
        with pytest.raises(InputError):
            BuilderSession.resume(theirs, forged)
    with pytest.raises(InputError):
        store.save(theirs, session.plan_id, session.plan, "header")
    assert store.listing(theirs) == []


def test_a_forged_step_is_ignored() -> None:
    session = BuilderSession.start(owner(), library.template("province"))
    session.go("<script>")
    session.go(3)
    assert session.step == "header"


def test_each_problem_is_fixed_at_the_step_that_edits_its_place() -> None:
    plan = library.seed("seed-004")
    assert step_of("header/number", plan) == "header"
    assert step_of("sections/III/tasks/2/lead", plan) == "tasks"
    assert step_of("sections/III/tasks/2/funding", plan) == "funding"
    assert step_of("sections/V", plan) == "organisation"
    assert step_of("signature", plan) == "organisation"
    assert step_of("drafts/0/activities/posting", plan) == "drafts"
    assert step_of("sections", plan) == "review"


def _sheet_with_rows() -> bytes:
    book = load_workbook(io.BytesIO(workbook.write_template()))
    sheet = book.worksheets[0]
    header_row = next(
        r for r in range(1, 20) if sheet.cell(r, 1).value == contract.INPUT_HEADERS[0]
    )
    rows = [
        [
            "NQ-01",
            "Nghị quyết quy định mức thu phí tham quan",
            "Nghị quyết HĐND tỉnh",
            "Sở Văn hóa",
            "10/05/2024",
            "30/07/2024",
            "Có",
            "Không",
            "Có",
            "Có",
            "Toàn tỉnh",
        ],
        [
            "QD-02",
            "Quyết định về tổ chức bộ máy của Sở",
            "Quyết định UBND tỉnh",
            "Sở Nội vụ",
            "10/05/2024",
            "30/07/2024",
            "Không",
            "Không",
            "Không",
            "Không",
            "Toàn tỉnh",
        ],
        [
            "NQ-03",
            "Nghị quyết thiếu loại văn bản",
            "???",
            "Sở Tài chính",
            "31/02/2024",
            "",
            "Có",
            "Không",
            "Có",
            "Có",
            "Toàn tỉnh",
        ],
    ]
    for n in range(header_row + 1, header_row + 10):
        for c in range(1, len(contract.INPUT_HEADERS) + 1):
            sheet.cell(n, c).value = None
    for offset, values in enumerate(rows, start=1):
        for c, value in enumerate(values, start=1):
            sheet.cell(header_row + offset, c).value = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_drafts_in_scope_come_from_the_eligibility_sheet_and_the_rest_are_listed() -> None:
    report = drafts_from_sheet(_sheet_with_rows(), "du-thao.xlsx")
    assert [d.code for d in report.drafts] == ["NQ-01"]
    draft = report.drafts[0]
    assert draft.level == "provincial"
    assert draft.consultation_date == date(2024, 5, 10)
    assert draft.submission_date == date(2024, 7, 30)
    assert draft.drafting_body == "Sở Văn hóa"
    assert {s.row for s in report.skipped} and len(report.skipped) == 2
    editor = PlanEditor(library.template("province"))
    assert editor.import_drafts(report.drafts) == (1, 0)
    assert editor.import_drafts(report.drafts) == (0, 1)  # importing twice adds nothing
    assert editor.plan.drafts[0].activities  # timeline computed on import


def test_the_preview_shows_the_decree_header_and_escapes_what_was_typed() -> None:
    editor = PlanEditor(library.seed("seed-004"))  # dated "tháng 4 năm 2022", the day left blank
    first = dated(document_html(plan_document(editor.plan)), editor.plan).replace("\xa0", " ")
    assert re.search(r"Lạng Sơn, ngày (…| +) tháng 4 năm 2022", first)
    editor.set("header/date", date(2022, 4, 5))
    html = document_html(plan_document(editor.plan)).replace("\xa0", " ")
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in html
    assert "Độc lập - Tự do - Hạnh phúc" in html
    assert "Lạng Sơn, ngày 05 tháng 4 năm 2022" in html
    assert re.search(r"Số: (…| +)/KH-UBND", html)
    assert "Nơi nhận:" in html and "TM. ỦY BAN NHÂN DÂN" in html
    editor.set("header/title", "<img src=x onerror=alert(1)>")
    html = document_html(plan_document(editor.plan))
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_the_timeline_chart_has_a_bar_per_activity_and_escapes_titles() -> None:
    editor = PlanEditor(library.template("province"))
    editor.import_drafts(
        [
            Draft(
                title="<b>Nghị quyết</b>",
                level="provincial",
                consultation_date=date(2024, 5, 10),
                submission_date=date(2024, 7, 30),
            )
        ]
    )
    html = timeline_html(editor.plan.drafts)
    assert html.count("kit-tl-bar") == len(editor.plan.drafts[0].activities) == 5
    assert "kit-tl-submit" in html and "&lt;b&gt;" in html and "<b>Nghị" not in html
    assert timeline_html([]) == ""
