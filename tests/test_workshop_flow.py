"""Does a workshop work end to end in the kernel: a trainer opens it, trainees join with the code
and go through pre-test, exercises, post-test and survey; the dashboard's statistics, the hand
grading (which reaches the trainee), the exports, and escaping of what trainees typed?"""

from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document
from openpyxl import load_workbook

from kit import api, trainees
from kit.apps.trainer import dashboard_html
from kit.core.errors import InputError
from kit.grading.engine import accepted_answers, grade
from kit.workshops import results, sessions
from kit.workshops.dashboard import build, pick_test_items
from kit.workshops.export import write_docx, write_xlsx
from kit.workshops.run import WorkshopRun

CAT = api.load_content()
XSS = "<img src=x onerror=alert(1)>"


def open_workshop(form: str = "same") -> sessions.WorkshopInfo:
    lessons = [lesson.id for lesson in CAT.ordered_lessons()][:2]
    pre, post = pick_test_items(CAT, "B", lessons, form)
    spec = sessions.validate_spec(
        {
            "title": "Lớp tập huấn Đề án 407",
            "day": date(2026, 11, 22),
            "place": "Hội trường xã",
            "track": "B",
            "lessons": lessons,
            "pre_items": pre,
            "post_items": post,
            "expected": 3,
        },
        CAT,
    )
    return sessions.create(spec)


def answer_all(run: WorkshopRun, right: bool) -> None:
    while (practice := run.practice()) is not None:
        item = practice.current()
        assert item is not None
        if right:
            practice.submit(item.id, accepted_answers(item)[0])
            continue
        for wrong in ("01/01/2000", "0", "a", "sai"):  # a wrong answer in a form the item takes
            try:
                practice.submit(item.id, wrong)
                break
            except InputError:
                continue
        else:
            practice.submit(item.id, accepted_answers(item)[0])


def test_a_join_code_is_found_however_it_is_typed() -> None:
    ws = open_workshop()
    typed = f" {ws.code[:3].lower()}-{ws.code[3:]} "
    assert sessions.by_code(typed) == ws
    assert sessions.by_code("NOPE00") is None


def test_a_forged_workshop_spec_is_refused() -> None:
    with pytest.raises(InputError):
        sessions.validate_spec({"title": "x", "day": "2026-01-01", "track": "C"}, CAT)
    with pytest.raises(InputError):
        sessions.validate_spec(
            {"title": "Lớp", "day": "2026-01-01", "track": "B", "pre_items": ["khong-co"]}, CAT
        )


def test_trainees_go_through_the_phases_and_the_dashboard_has_statistics_and_gain() -> None:
    ws = open_workshop()
    runs = []
    for n, right in enumerate((True, False, True)):
        who = trainees.register(f"Học viên {n} {XSS}", "UBND xã", "B").identity
        run = WorkshopRun(ws, who, CAT)
        assert run.phase() == "pre"
        answer_all(run, right=right)
        assert run.survey_due()
        run.submit_survey(
            {
                "relevant": 5,
                "clear": 4,
                "useful": 5,
                "pace": 3,
                "recommend": 4,
                "comment": f"Hay {XSS}",
            }
        )
        assert not run.survey_due()
        runs.append(run)
    board = build(ws, CAT)
    assert len(board.roster) == 3
    assert board.stats is not None and board.stats.items
    assert board.survey.responses == 3
    html = dashboard_html(board, "vi")
    assert XSS not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    with pytest.raises(InputError):  # one survey per trainee
        runs[0].submit_survey({"relevant": 5, "clear": 4, "useful": 5, "pace": 3, "recommend": 4})


def test_a_survey_answer_off_the_scale_is_refused() -> None:
    ws = open_workshop("none")
    run = WorkshopRun(ws, trainees.register("Khảo Sát", "Sở", "B").identity, CAT)
    with pytest.raises(InputError):
        run.submit_survey({"relevant": 9, "clear": 4, "useful": 5, "pace": 3, "recommend": 4})
    with pytest.raises(InputError):
        run.submit_survey({"relevant": True, "clear": 4, "useful": 5, "pace": 3, "recommend": 4})


def test_hand_grading_checks_the_points_and_reaches_the_trainees_summary() -> None:
    writing = next(i for i in api.list_exercises("B", cat=CAT) if results.trainer_points(i))
    ws = sessions.create(
        sessions.validate_spec(
            {
                "title": "Lớp viết tin",
                "day": "2026-11-22",
                "track": "B",
                "lessons": [writing.lesson],
            },
            CAT,
        )
    )
    run = WorkshopRun(ws, trainees.register("Người Viết", "Báo tỉnh", "B").identity, CAT)
    practice = run.practice()
    assert practice is not None
    practice.done.clear()
    graded = grade(writing, "Bản tin ngắn về dự thảo nghị quyết, góp ý trước ngày 30/6.")
    trainees.record_graded(run.identity.id, graded, ws.context(), None)
    queue = results.pending(ws, CAT)
    assert [p.item_id for p in queue] == [writing.id]
    top = queue[0].trainer_points
    for bad in (top + 1, -1, "nhiều"):
        with pytest.raises(InputError):
            results.grade_by_hand(ws, CAT, queue[0].attempt_id, bad, "")
    other = open_workshop("none")
    with pytest.raises(InputError):  # an answer of another workshop cannot be graded from here
        results.grade_by_hand(other, CAT, queue[0].attempt_id, 1, "")
    results.grade_by_hand(ws, CAT, queue[0].attempt_id, top, "Tốt, nêu rõ hạn góp ý.")
    assert results.pending(ws, CAT) == []
    notes = run.trainer_notes()
    assert notes[0].trainer_score == top and notes[0].comment == "Tốt, nêu rõ hạn góp ý."


def test_exports_have_a_sheet_per_view_and_a_decree_30_report() -> None:
    ws = open_workshop("parallel")
    for n in range(2):
        run = WorkshopRun(ws, trainees.register(f"Xuất {n}", "Sở", "B").identity, CAT)
        answer_all(run, right=bool(n))
    board = build(ws, CAT)
    book = load_workbook(io.BytesIO(write_xlsx(board)))
    assert {"Học viên", "Câu hỏi", "Phiếu đánh giá"} <= set(book.sheetnames)
    assert book["Học viên"].max_row == 3
    doc = Document(io.BytesIO(write_docx(board)))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "BÁO CÁO" in text and "Lớp tập huấn Đề án 407" in text
    header = "\n".join(c.text for c in doc.tables[0]._cells)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header


def test_a_locked_trainer_page_refuses_every_action_the_page_might_send() -> None:
    from kit.apps.trainer import TrainerView
    from kit.apps.ui.shell import AppShell

    shell = AppShell("trainer", None)
    view = TrainerView(shell)
    shell.mount(view.render)
    before = len(sessions.listing())
    for action in (
        lambda: view.create({"title": "Lớp giả", "day": "2026-11-22", "track": "B"}),
        lambda: view.choose(1),
        lambda: view.export("xlsx"),
        lambda: view.grade(1, 1, ""),
    ):
        shell.guard(action)()
        assert "đã khóa" in shell._error.value
    assert len(sessions.listing()) == before and view.downloads == {}
