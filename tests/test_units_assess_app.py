"""Once units are registered, does the self-assessment app open a unit's record only with that
unit's access code (or for the trainer), take the unit's name, level and province from the
registry, refuse every attempt to reach or write another unit's record through the widgets
(typing its name, forging widget values, a revoked code, a join as on the learning path), and
record who made each version — shown again in the roll-up?

F1 (``test_f1_…``): a user who joined as someone else typed another unit's name and submitted a
weak review, and it became that unit's version 2. Here it must not.
"""

from __future__ import annotations

import base64
import io
import json
import re
from pathlib import Path

import ipywidgets as w
import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from kit.apps.assess.app import AssessView
from kit.apps.rollup.app import RollUpView
from kit.apps.ui.shell import AppShell
from kit.assessment.collection import drafts, submissions
from kit.assessment.collection.template import write_template
from kit.assessment.questionnaire.answers import check_answers
from kit.assessment.questionnaire.saved import read_saved
from kit.assessment.questionnaire.scoring import score_answers
from kit.core.text import fold
from kit.store import db
from kit.store.models import AssessmentSubmission
from kit.units import access, codes
from kit.units.registry import UnitEntry, apply_import, unit_by_code
from kit.workshops import passcode
from tests.test_exercises_app import widget_texts
from tests.test_plans_app import button, walk

FIXTURES = Path(__file__).parent / "fixtures" / "assessment"
COMMUNE = UnitEntry(2, "X001", "Ủy ban nhân dân xã Hòa Bình", "xa_phuong_dac_khu", "Lạng Sơn")
DEPT = UnitEntry(3, "S-TP", "Sở Tư pháp tỉnh Lạng Sơn", "so_nganh", "Lạng Sơn")
PASSCODE = "tap-huan-2026"
SECRET = "Ghi chú nội bộ của Sở: chưa công bố"


@pytest.fixture
def issued(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """A store of its own with two registered units; their access codes by unit code."""
    monkeypatch.setenv("KIT_DATA_DIR", str(tmp_path))
    monkeypatch.setattr(access, "_after_wrong_code", lambda: None)
    monkeypatch.setattr(passcode, "_sleep", lambda _seconds: None)
    apply_import([COMMUNE, DEPT], ["X001", "S-TP"])
    passcode.set_passcode(PASSCODE)
    return {i.unit.code: i.code for i in codes.issue_missing()[0]}


def open_app() -> tuple[AppShell, AssessView]:
    shell = AppShell("assess", None)
    view = AssessView(shell)
    shell.mount(view.render)
    return shell, view


def body(shell: AppShell) -> w.Widget:
    assert shell.body is not None
    return shell.body


def gate_inputs(shell: AppShell) -> tuple[w.Password, w.Password, w.Text]:
    """The code box, the trainer's passcode box and the trainer's unit box."""
    gate = next(n for n in walk(body(shell)) if "kit-unit-gate" in n._dom_classes)
    secrets = [n for n in walk(gate) if isinstance(n, w.Password)]
    unit = next(n for n in walk(gate) if isinstance(n, w.Text) and not isinstance(n, w.Password))
    return secrets[0], secrets[1], unit


def open_with(code: str) -> tuple[AppShell, AssessView]:
    """A page where the code was typed and the open button pressed."""
    shell, view = open_app()
    gate_inputs(shell)[0].value = code
    button(body(shell), "Mở bản tự đánh giá").click()
    return shell, view


def field_input(shell: AppShell, field_id: str) -> w.Widget:
    box = next(n for n in walk(body(shell)) if f"kit-field-{field_id}" in n._dom_classes)
    return box.children[1]


def answers(name: str, **changes: object) -> dict[str, object]:
    saved = read_saved(json.loads((FIXTURES / f"{name}.json").read_text("utf-8")))
    return check_answers(saved.raw, "draft").answers | changes


def fill(view: AssessView, given: dict[str, object]) -> None:
    """Every answer the session lets the page change (the unit's own fields are fixed)."""
    session = view.session
    assert session is not None
    for key, value in given.items():
        if key in session.fixed:
            continue
        f = session.field(key)
        session.set(key, ("yes" if value else "no") if f.type == "yes_no" else value)


def submit(shell: AppShell, view: AssessView) -> None:
    view.go("results")
    button(body(shell), "Nộp bản tự đánh giá").click()


def pick_step(shell: AppShell, step: str) -> None:
    """Choose a step in the page's step list (as a person, or a forged message, would)."""
    steps = next(n for n in walk(body(shell)) if "kit-steps" in n._dom_classes)
    steps.value = step


def every_step_text(shell: AppShell, view: AssessView) -> str:
    """Everything the page could receive, step by step."""
    assert view.session is not None
    seen = []
    for step in view.session.steps:
        view.go(step)
        seen.append(widget_texts(body(shell)))
    return " ".join(seen)


def made_unit():  # type: ignore[no-untyped-def]
    unit = unit_by_code("X001")
    assert unit is not None
    return unit


def rows_named_like(name: str) -> list[tuple[int, str, int | None]]:
    """(version, submitted_by, unit id) of every stored version whose unit is named ``name``."""
    with db.session() as sess:
        rows = sess.scalars(select(AssessmentSubmission).order_by(AssessmentSubmission.id))
        return [
            (r.version, r.submitted_by, r.unit_id) for r in rows if fold(r.unit_name) == fold(name)
        ]


# ------------------------------------------------------------------ the start screen


def test_once_units_are_registered_the_start_screen_asks_for_the_units_code(
    issued: dict[str, str],
) -> None:
    shell, view = open_app()
    names = {c for n in walk(body(shell)) for c in getattr(n, "_dom_classes", ())}
    assert "kit-unit-gate" in names and "kit-join" not in names
    assert "Chưa có danh sách đơn vị" not in widget_texts(body(shell))
    view.gate.join("Người Lạ", "Sở Tư pháp tỉnh Lạng Sơn", "B")  # the learning path's join
    assert view.session is None and view.access is None  # opens no unit's record


def test_without_a_registry_anyone_joins_and_the_start_screen_says_so_plainly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KIT_DATA_DIR", str(tmp_path))
    shell, view = open_app()
    text = widget_texts(body(shell))
    assert "Chưa có danh sách đơn vị" in text and "bất kỳ đơn vị nào" in text
    shell.set_lang("en")
    assert "No unit list is on this computer yet" in widget_texts(body(shell))
    view.gate.join("Lò Văn Tập", "UBND xã Tập Huấn", "B")
    assert view.session is not None and view.access is None
    assert view.session.fixed == {}


# ------------------------------------------------------------------ one unit, one record


def test_a_code_opens_only_its_own_units_record_and_the_other_can_be_neither_read_nor_written(
    issued: dict[str, str],
) -> None:
    _, dept = open_with(issued["S-TP"])
    assert dept.access is not None and dept.access.unit.code == "S-TP"
    fill(dept, {"difficulties": SECRET})
    dept_access = dept.access
    dept_before = drafts.load_unit(dept_access)
    assert dept_before is not None

    shell, view = open_with(issued["X001"])
    assert view.access is not None and view.access.unit.code == "X001" and view.session
    assert view.session.raw["unit_name"] == COMMUNE.name  # from the registry
    assert view.session.raw["province"] == COMMUNE.province
    assert field_input(shell, "unit_name").disabled is True
    seen = every_step_text(shell, view)
    assert SECRET not in seen and DEPT.name not in seen  # nothing of the other unit reaches it

    # typing the other unit's name (and forging the other identity widgets) is refused
    view.go("unit")
    for field_id, forged in (
        ("unit_name", DEPT.name),
        ("unit_level", "so_nganh"),
        ("province", "Tỉnh Khác"),
    ):
        field_input(shell, field_id).value = forged
        assert "lấy từ danh sách đơn vị" in shell.error_html
        assert field_input(shell, field_id).value != forged  # the page shows the registry's
    assert view.session.raw["unit_name"] == COMMUNE.name
    assert view.session.raw["unit_level"] == COMMUNE.level

    fill(view, answers("weak-unit-no-evidence"))
    submit(shell, view)
    assert "phiên bản 1" in view.outcome
    (mine,) = submissions.unit_history(view.access)
    assert (mine.unit_name, mine.unit_code, mine.submitted_by) == (COMMUNE.name, "X001", "code")
    assert mine.code_hint == issued["X001"][-4:]
    assert submissions.unit_history(dept_access) == []  # the department's record: untouched
    assert drafts.load_unit(dept_access) == dept_before


def test_forged_codes_open_nothing_and_a_revoked_code_closes_the_review(
    issued: dict[str, str],
) -> None:
    shell, view = open_app()
    code_box, passcode_box, unit_box = gate_inputs(shell)
    for forged in ("S-TP", "X001", issued["X001"][:-1] + "Z", "' OR 1=1 --", "x" * 5000):
        code_box.value = forged
        button(body(shell), "Mở bản tự đánh giá").click()
        assert view.session is None and "Mã truy cập không đúng" in shell.error_html
    unit_box.value = "S-TP"  # the trainer's form without the passcode
    passcode_box.value = "doan-mo"
    button(body(shell), "Mở với quyền giảng viên").click()
    assert view.session is None and "Mật khẩu giảng viên không đúng" in shell.error_html

    shell, view = open_with(issued["X001"])
    held = view.access
    assert held is not None
    fill(view, {"staff_count": 2})
    before = drafts.load_unit(held)
    codes.revoke("X001")  # from the command line, another process
    field_input(shell, "report_number").value = "99/BC-UBND"  # still on the page: a write …
    assert "thu hồi" in shell.error_html  # … refused
    pick_step(shell, "staff")
    assert "thu hồi" in shell.error_html  # so is the step it moved to
    new_code = codes.reissue("X001").code
    assert drafts.load_unit(access.open_with_code(new_code)) == before  # … and nothing stored
    shell.refresh()  # the next step the page takes
    assert view.session is None and view.access is None
    assert "thu hồi" in widget_texts(body(shell))
    assert "kit-unit-gate" in {c for n in walk(body(shell)) for c in n._dom_classes}


def test_the_trainer_opens_a_unit_by_code_or_by_a_confirmed_name_and_submits_as_the_trainer(
    issued: dict[str, str],
) -> None:
    shell, view = open_app()
    _, passcode_box, unit_box = gate_inputs(shell)
    passcode_box.value, unit_box.value = PASSCODE, "UBND xã Hoà Bình"
    button(body(shell), "Mở với quyền giảng viên").click()
    assert view.session is None  # a name does not open: it is offered
    offered = [b.description for b in walk(body(shell)) if isinstance(b, w.Button)]
    assert any("X001" in d and "viết đầy đủ chữ viết tắt" in d for d in offered)
    button(body(shell), "Mở X001").click()
    assert view.access is not None and view.access.by == "trainer"
    assert "giảng viên mở" in widget_texts(body(shell))
    assert passcode_box.value == ""  # no secret left in a widget

    fill(view, answers("strong-unit"))
    submit(shell, view)
    (made,) = submissions.unit_history(view.access)
    assert (made.submitted_by, made.unit_code, made.unit_name) == ("trainer", "X001", COMMUNE.name)
    assert "giảng viên" in widget_texts(body(shell))  # the history says who

    passcode.set_passcode("mat-khau-moi-2026")  # changed elsewhere: the trainer's page closes
    pick_step(shell, "staff")
    assert "Phiên giảng viên đã đóng" in shell.error_html
    assert submissions.unit_history(access.for_trainer(made_unit(), lambda: True)) == [made]
    shell.refresh()
    assert view.access is None and "kit-unit-gate" in {
        c for n in walk(body(shell)) for c in n._dom_classes
    }


def test_the_roll_up_shows_who_submitted_each_version(issued: dict[str, str]) -> None:
    shell, view = open_with(issued["X001"])
    fill(view, answers("weak-unit-no-evidence"))
    submit(shell, view)
    trainer_shell, trainer = open_app()
    _, passcode_box, unit_box = gate_inputs(trainer_shell)
    passcode_box.value, unit_box.value = PASSCODE, "s-tp"
    button(body(trainer_shell), "Mở với quyền giảng viên").click()
    fill(trainer, answers("strong-unit"))
    submit(trainer_shell, trainer)

    roll_shell = AppShell("rollup", None)
    rollup = RollUpView(roll_shell)
    roll_shell.mount(rollup.render)
    rollup.load_submitted(PASSCODE, None)
    assert rollup.rolled is not None and rollup.rolled.n == 2
    text = widget_texts(roll_shell.body)
    assert "Người nộp" in text and f"mã đơn vị …{issued['X001'][-4:]}" in text
    assert "giảng viên" in text
    rollup.export("xlsx")
    link = rollup.downloads["xlsx"].value
    data = base64.b64decode(re.search(r"base64,([^'\"]+)", link).group(1))  # type: ignore[union-attr]
    ws = load_workbook(io.BytesIO(data))["Tổng hợp"]
    header = [c.value for c in ws[1]]
    who = {r[1]: r[header.index("Người nộp")] for r in ws.iter_rows(min_row=2, values_only=True)}
    assert who == {COMMUNE.name: f"mã đơn vị …{issued['X001'][-4:]}", DEPT.name: "giảng viên"}


# ------------------------------------------------------------------ F1


def test_f1_a_user_joined_as_someone_else_cannot_make_another_units_next_version(
    issued: dict[str, str],
) -> None:
    """The department submits its review with its code; then a user joins as someone else,
    types the department's name and submits a weak review. The department's record must still
    be its own version 1 only, and the roll-up must read that one."""
    dept_shell, dept = open_with(issued["S-TP"])
    strong = answers("strong-unit")
    fill(dept, strong)
    submit(dept_shell, dept)
    assert "phiên bản 1" in dept.outcome

    weak = answers("weak-unit-no-evidence", unit_name=DEPT.name, unit_level=DEPT.level)
    weak["province"] = DEPT.province
    # the attacker joins as on the learning path, as somebody else …
    shell, view = open_app()
    view.gate.join("Trần Văn Khác", "Sở Tư pháp tỉnh Lạng Sơn", "B")
    if view.session is not None:  # … and, were a review opened, types the name and submits
        view.go("unit")
        for field_id in ("unit_name", "unit_level", "province"):
            field_input(shell, field_id).value = weak[field_id]
        fill(view, weak)
        submit(shell, view)
    # … or opens the review of a unit of their own and types the department's name there
    own_shell, own = open_with(issued["X001"])
    own_shell.refresh()
    field_input(own_shell, "unit_name").value = DEPT.name
    fill(own, weak)
    submit(own_shell, own)

    dept_unit = unit_by_code("S-TP")
    assert dept_unit is not None
    assert rows_named_like(DEPT.name) == [(1, "code", dept_unit.id)]
    (latest,) = [s for s in submissions.latest_per_unit() if s.unit_code == "S-TP"]
    assert (
        latest.version == 1 and latest.total == score_answers(check_answers(strong).answers).total
    )


def test_the_roll_up_of_files_offers_registered_units_and_merges_only_once_confirmed(
    issued: dict[str, str],
) -> None:
    weak = answers("weak-unit-no-evidence", unit_level=COMMUNE.level, province=COMMUNE.province)
    sheet = write_template(
        [
            weak | {"unit_name": "UBND xã Hoà Bình"},
            weak | {"unit_name": COMMUNE.name, "staff_count": 4},
        ]
    )
    shell = AppShell("rollup", None)
    view = RollUpView(shell)
    shell.mount(view.render)
    view.load_files([{"name": "tong-hop.xlsx", "content": sheet}])
    assert view.rolled is not None and view.rolled.n == 2  # not merged on a look-alike name
    text = widget_texts(shell.body)
    assert "Đối chiếu với danh sách đơn vị" in text and "tệp tong-hop.xlsx" in text
    button(shell.body, "Xác nhận là X001").click()  # the first unit offered: the UBND row
    assert view.rolled.n == 1 and "cùng đơn vị" in widget_texts(shell.body).lower()
