"""Does a workshop work end to end in the kernel: a trainer opens it, trainees join with the code
and go through pre-test, exercises, post-test and survey; the dashboard's statistics, the hand
grading (which reaches the trainee), the exports, and escaping of what trainees typed?"""

from __future__ import annotations

import asyncio
import io
import threading
from datetime import date

import pytest
from docx import Document
from openpyxl import load_workbook

from kit import api, trainees
from kit.apps.trainer import TrainerView, dashboard_html
from kit.apps.ui.shell import AppShell, esc
from kit.core.errors import InputError
from kit.core.i18n import t
from kit.grading.engine import accepted_answers, grade
from kit.workshops import results, sessions
from kit.workshops.dashboard import build, pick_test_items
from kit.workshops.export import write_docx, write_xlsx
from kit.workshops.run import WorkshopRun
from tests.test_exercises_app import widget_texts
from tests.test_plans_app import walk

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
        assert "đã khóa" in shell.error_html
    assert len(sessions.listing()) == before and view.downloads == {}


def test_a_trainee_goes_through_the_workshop_app_with_feedback_only_outside_the_tests() -> None:
    """The workshop view holds an exercise view and steers it through its public surface: the
    tests record answers without feedback, the exercises show it, then the survey and the end."""
    from kit.apps.exercises import ExercisesView
    from kit.apps.workshop import WorkshopView, build_app

    ws = open_workshop("same")
    app = build_app(lang="vi")
    view = app.view
    assert isinstance(view, WorkshopView) and not isinstance(view, ExercisesView)
    assert isinstance(view.exercises, ExercisesView)
    view.set_code(ws.code.lower())
    view.gate.join(f"Học viên {XSS}", "UBND xã", "B")
    run = view.run
    assert run is not None and run.phase() == "pre"
    seen: dict[str, int] = {"pre": 0, "main": 0, "post": 0}
    while (phase := run.phase()) is not None:
        ex = view.exercises
        item = ex.practice.current() if ex.practice else None
        assert item is not None and ex.shown_item == item.id and ex.input is not None
        assert esc(t(f"workshop.phase_{phase}", "vi")) in widget_texts(app.widget)
        answer = accepted_answers(item)[0]
        ex.input.value = lambda answer=answer: answer
        ex.submit_shown()
        texts = widget_texts(app.widget)
        if phase == "main":  # feedback, then on to the next item
            assert ex.graded is not None and "class='kit-feedback'" in texts
            assert item.explanation in texts
            ex.next_item()
        else:  # a test: recorded (or, after its last item, the test is over), no key, score or
            # explanation on the page
            assert ex.graded is None and "class='kit-feedback'" not in texts
            over = t(f"trainee.{phase}_done", "vi")
            assert t("workshop.recorded", "vi") in texts or over in texts
        seen[phase] += 1
    assert seen["pre"] == len(ws.pre_items) and seen["post"] == len(ws.post_items)
    assert seen["main"] >= 1
    assert "kit-survey" in " ".join(c for n in walk(app.widget) for c in n._dom_classes)
    view.send_survey(
        {"relevant": 5, "clear": 4, "useful": 5, "pace": 3, "recommend": 4, "comment": "Tốt"}
    )
    texts = widget_texts(app.widget)
    assert t("workshop.thanks", "vi") in texts and t("workshop.done", "vi") in texts
    assert XSS not in texts  # the name typed is never shown as markup
    view.exercises.submit_shown()  # a stale click on an item no longer shown does nothing
    assert app.error_html == ""


def open_trainer(monkeypatch: pytest.MonkeyPatch) -> tuple[AppShell, TrainerView, list[str]]:
    """An unlocked trainer page on a workshop's dashboard whose refreshes are recorded (by the
    name of the thread they ran on); the second one fails."""
    shell = AppShell("trainer", None)
    view = TrainerView(shell)
    monkeypatch.setattr(view.gate, "is_open", lambda: True)
    shell.mount(view.render)
    calls: list[str] = []
    refresh = view.refresh_board

    def recorded() -> None:
        calls.append(threading.current_thread().name)
        if len(calls) == 2:
            raise RuntimeError("the board could not be read")
        refresh()

    monkeypatch.setattr(view, "refresh_board", recorded)
    view.choose(open_workshop("none").id)
    view.set_mode("dashboard")
    return shell, view, calls


def test_the_dashboard_refreshes_on_the_kernels_loop_in_the_guard_until_it_goes_away(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The refresh runs on the event loop's own thread (where the kernel handles the page's
    messages), its errors are shown like any callback's, and it stops when the trainer leaves
    the dashboard and when the app's widget is closed."""
    from kit.apps import trainer
    from tests.test_shell import run_apart

    monkeypatch.setattr(trainer, "REFRESH_S", 0.02)

    async def in_a_kernel() -> tuple[str, list[str], list[int], list[bool], str]:
        shell, view, calls = open_trainer(monkeypatch)
        counts, refreshing = [len(calls)], [view.refreshing]
        await asyncio.sleep(0.3)
        counts.append(len(calls))
        error = shell.error_html
        view.set_mode("grading")  # leaves the dashboard: no refresh any more
        refreshing.append(view.refreshing)
        counts.append(len(calls))
        await asyncio.sleep(0.1)
        counts.append(len(calls))
        view.set_mode("dashboard")
        refreshing.append(view.refreshing)
        await asyncio.sleep(0.1)
        shell.widget.close()  # the view goes away
        refreshing.append(view.refreshing)
        counts.append(len(calls))
        await asyncio.sleep(0.1)
        counts.append(len(calls))
        return threading.current_thread().name, calls, counts, refreshing, error

    loop_thread, calls, counts, refreshing, error = run_apart(in_a_kernel())
    assert counts[0] == 1  # the dashboard was drawn
    assert counts[1] >= 4, counts  # then refreshed from the loop, past the failed refresh
    assert t("kit.error", "vi") in error  # the failure was shown, not lost
    assert counts[2] == counts[3], "a refresh after the trainer left the dashboard"
    assert counts[5] == counts[4], "a refresh after the view went away"
    assert refreshing == [True, False, True, False]
    assert set(calls) == {loop_thread}


def test_outside_a_kernel_the_dashboard_schedules_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run on a thread of its own: no event loop runs there (the browser tests' Playwright keeps
    one marked running on the main thread while their session lasts)."""
    seen: dict[str, object] = {}

    def outside() -> None:
        shell, view, calls = open_trainer(monkeypatch)
        seen.update(calls=calls, refreshing=view.refreshing, error=shell.error_html)
        seen["threads"] = threading.active_count()

    worker = threading.Thread(target=outside, name="no-loop")
    threads = threading.active_count()
    worker.start()
    worker.join(timeout=60)
    assert seen["calls"] == ["no-loop"] and seen["refreshing"] is False
    assert seen["threads"] == threads + 1 and seen["error"] == ""  # no timer thread was started


def test_the_trainer_closes_a_workshops_tests_from_the_dashboard(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shell = AppShell("trainer", None)
    view = TrainerView(shell)
    monkeypatch.setattr(view.gate, "is_open", lambda: True)
    shell.mount(view.render)
    workshop = open_workshop("same")
    view.choose(workshop.id)
    view.set_mode("dashboard")
    close = t("trainer.close_tests", "vi")
    buttons = [b for b in walk(shell.widget) if getattr(b, "description", "") == close]
    assert len(buttons) == 1 and not sessions.tests_closed(workshop)
    buttons[0].click()
    assert sessions.tests_closed(workshop)
    texts = [getattr(b, "description", "") for b in walk(shell.widget)]
    assert close not in texts
    assert t("trainer.tests_closed", "vi") in widget_texts(shell.widget)
    view.stop_refreshing()
