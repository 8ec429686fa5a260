"""Does the self-assessment app store every value at once (valid or not) and reopen it after a
restart, show a field's problems under it, refuse forged fields and values, score live, list what
is missing, submit new versions with history, build the report, and escape what units typed?"""

from __future__ import annotations

import base64
import io
import json
import re
from pathlib import Path

import ipywidgets as w
import pytest
from docx import Document

from kit.apps.assess.app import AssessView
from kit.apps.ui.shell import AppShell
from kit.assessment.collection import submissions
from kit.assessment.questionnaire.answers import check_answers
from kit.assessment.questionnaire.saved import read_saved
from kit.core.errors import InputError
from tests.test_exercises_app import widget_texts
from tests.test_plans_app import button, walk

FIXTURES = Path(__file__).parent / "fixtures" / "assessment"


def open_app(name: str) -> tuple[AppShell, AssessView]:
    shell = AppShell("assess", None)
    view = AssessView(shell)
    shell.mount(view.render)
    view.gate.join(name, "UBND xã Hòa Bình", "B")
    return shell, view


def body(shell: AppShell) -> w.Widget:
    assert shell.body is not None
    return shell.body


def field_input(shell: AppShell, field_id: str) -> w.Widget:
    box = next(n for n in walk(body(shell)) if f"kit-field-{field_id}" in n._dom_classes)
    return box.children[1]


def field_problem(shell: AppShell, field_id: str) -> str:
    box = next(n for n in walk(body(shell)) if f"kit-field-{field_id}" in n._dom_classes)
    return str(box.children[2].value)


def fill_from(view: AssessView, fixture: str) -> None:
    saved = read_saved(json.loads((FIXTURES / fixture).read_text("utf-8")))
    assert view.session is not None
    for key, value in check_answers(saved.raw, "draft").answers.items():
        f = view.session.field(key)
        if f.type == "yes_no" and isinstance(value, bool):
            value = "yes" if value else "no"
        view.session.set(key, value)


def test_typed_values_are_stored_at_once_and_reopened_at_their_section_after_a_restart() -> None:
    shell, view = open_app("Lò Văn Lưu")
    field_input(shell, "unit_name").value = "UBND xã Hòa Bình"
    field_input(shell, "unit_level").value = "xa_phuong_dac_khu"
    assert "Đã lưu tự động" in view.saved.value
    button(body(shell), "Mục tiếp").click()
    assert view.session is not None and view.session.step == "directing"
    field_input(shell, "plan_issued").value = "yes"
    token = view.gate.token.issued

    shell2 = AppShell("assess", None)
    view2 = AssessView(shell2)
    shell2.mount(view2.render)
    view2.gate.token.stored = token
    view2.gate.token.ready = True
    assert view2.session is not None and view2.session.step == "directing"
    assert view2.session.raw["unit_name"] == "UBND xã Hòa Bình"
    assert view2.session.raw["plan_issued"] is True
    assert field_input(shell2, "plan_issued").value == "yes"


def test_a_bad_value_shows_its_problem_under_the_field_and_is_kept_as_typed() -> None:
    shell, view = open_app("Đinh Thị Sai")
    view.go("activities")
    field_input(shell, "drafts_in_scope").value = "-3"
    assert "-3" in field_input(shell, "drafts_in_scope").value
    problem = field_problem(shell, "drafts_in_scope")
    assert problem and "kit-field-problem" in problem
    assert view.session is not None and view.session.raw["drafts_in_scope"] == "-3"
    field_input(shell, "drafts_in_scope").value = "4"
    field_input(shell, "drafts_communicated").value = "6"  # more than in scope
    assert field_problem(shell, "drafts_communicated") == ""  # its own value is fine
    assert "kit-field-problem" in view.live.value or "kit-missing" in view.live.value


def test_forged_fields_and_values_are_refused_and_change_nothing() -> None:
    _, view = open_app("Hà Giả Mạo")
    session = view.session
    assert session is not None
    before = dict(session.raw)
    with pytest.raises(InputError):
        session.set("total_score", 100)
    with pytest.raises(InputError):
        session.set("unit_level", "trung_uong")  # not one of the choices
    with pytest.raises(InputError):
        session.set("channels", ["website", "not-a-channel"])
    with pytest.raises(InputError):
        session.set("plan_issued", "maybe")
    with pytest.raises(InputError):
        session.set("difficulties", "x" * 50_000)
    with pytest.raises(InputError):
        session.go("../../etc")
    assert session.raw == before


def test_the_results_chart_the_scores_list_improvements_and_what_is_missing() -> None:
    shell, view = open_app("Ngô Kết Quả")
    fill_from(view, "weak-unit-no-evidence.json")
    view.go("results")
    html = widget_texts(body(shell))
    assert "kit-score-chart" in html
    assert "Việc nên làm để nâng mức" in html
    assert "Tổng điểm đề xuất" in html
    view.session.set("unit_name", None)  # type: ignore[union-attr]
    view.go("results")
    html = widget_texts(body(shell))
    assert "Cần bổ sung trước khi nộp" in html
    button(body(shell), "Sửa mục: Thông tin chung").click()
    assert view.session is not None and view.session.step == "unit"


def test_submitting_twice_keeps_one_version_and_a_change_makes_version_two() -> None:
    shell, view = open_app("Phan Nộp Bài")
    fill_from(view, "strong-unit.json")
    view.session.set("unit_name", "Sở Tư pháp tỉnh Nộp Thử")  # type: ignore[union-attr]
    view.go("results")
    button(body(shell), "Nộp bản tự đánh giá").click()
    assert "phiên bản 1" in view.outcome
    button(body(shell), "Nộp bản tự đánh giá").click()
    assert "Không có gì thay đổi" in view.outcome
    view.session.set("staff_count", 9)  # type: ignore[union-attr]
    view.go("results")
    button(body(shell), "Nộp bản tự đánh giá").click()
    assert "phiên bản 2" in view.outcome
    answers = view.session.check().answers  # type: ignore[union-attr]
    versions = submissions.history(submissions.unit_key(answers))
    assert [s.version for s in versions] == [1, 2]


def test_an_incomplete_review_is_not_submitted_and_says_what_to_add() -> None:
    shell, view = open_app("Tạ Chưa Xong")
    field_input(shell, "unit_name").value = "UBND xã Chưa Xong"
    view.go("results")
    button(body(shell), "Nộp bản tự đánh giá").click()
    assert "Chưa nộp được" in view.outcome
    assert "kit-missing" in view.outcome


def test_the_report_docx_carries_the_units_figures() -> None:
    shell, view = open_app("Trịnh Báo Cáo")
    fill_from(view, "seed-000-quang-thai.json")
    view.go("results")
    button(body(shell), "Tạo báo cáo sơ kết (DOCX)").click()
    link = view.downloads["docx"].value
    data = base64.b64decode(re.search(r"base64,([^'\"]+)", link).group(1))  # type: ignore[union-attr]
    doc = Document(io.BytesIO(data))
    text = "\n".join(p.text for p in doc.paragraphs)
    text += "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    text = text.replace("\u00a0", " ")  # names and dates are held on one line by no-break spaces
    assert "BÁO CÁO" in text
    assert "ỦY BAN NHÂN DÂN\nXÃ QUẢNG THÁI" in text  # the header, from the unit's name
    assert "Kế hoạch số 18/KH-UBND ngày 12/01/2023" in text  # its figures in section a


def test_what_a_unit_typed_is_shown_as_text_everywhere() -> None:
    shell, view = open_app("Mai Thoát Mã")
    evil = "<img src=x onerror=alert(1)>"
    field_input(shell, "unit_name").value = evil
    view.go("results")
    html = widget_texts(body(shell))
    assert "<img src=x" not in html


def test_two_assessors_score_apart_and_the_consensus_shows_the_range_and_reasons() -> None:
    shell, view = open_app("Lương Hai Người")
    fill_from(view, "strong-unit.json")
    session = view.session
    assert session is not None
    proposed = session.score().scores()["staff"]
    assert proposed is not None
    session.score_as("Nguyễn Văn A", {"staff": ("", "")})  # accepts every proposal
    session.score_as("Trần Thị <b>B</b>", {"staff": (str(proposed - 30), "Chưa có quyết định")})
    agreed = session.agreed()
    assert agreed is not None and agreed.assessors == ("Nguyễn Văn A", "Trần Thị <b>B</b>")
    staff = agreed.dimension("staff")
    assert (staff.min, staff.max) == (proposed - 30, proposed)
    assert staff.discuss is True
    assert any("Chưa có quyết định" in r for r in staff.reasons())
    view.go("results")
    html = " ".join(n.value for n in walk(body(shell)) if isinstance(n, w.HTML))
    assert "Điểm thống nhất" in html and "cần thảo luận" in html
    assert "<b>B</b>" not in html and "&lt;b&gt;B&lt;/b&gt;" in html  # markup only as text
    saved = session.saved_file()
    assert [a["assessor"] for a in saved["assessments"]] == ["Nguyễn Văn A", "Trần Thị <b>B</b>"]  # type: ignore[index]


def test_a_changed_score_needs_a_reason_and_a_forged_one_changes_nothing() -> None:
    _, view = open_app("Vương Thiếu Lý")
    session = view.session
    assert session is not None
    for given in (
        {"staff": ("40", "")},
        {"staff": ("140", "vì")},
        {"staff": ("4x", "vì")},
        {"not_a_dimension": ("40", "vì")},
    ):
        with pytest.raises(InputError):
            session.score_as("Người chấm", given)
    with pytest.raises(InputError):
        session.score_as("   ", {"staff": ("40", "vì sao")})
    assert session.assessments == []


def test_assessors_scores_survive_a_restart() -> None:
    _, view = open_app("Tô Khởi Động")
    session = view.session
    assert session is not None
    session.score_as("Người chấm", {"staff": ("10", "Thiếu hồ sơ")})
    token = view.gate.token.issued
    shell2 = AppShell("assess", None)
    view2 = AssessView(shell2)
    shell2.mount(view2.render)
    view2.gate.token.stored = token
    view2.gate.token.ready = True
    assert view2.session is not None
    assert [a.assessor for a in view2.session.assessments] == ["Người chấm"]
    assert view2.session.assessments[0].overrides["staff"].score == 10
