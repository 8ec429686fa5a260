"""Does the exercise app join, grade, store and resume, creating feedback only after an answer?"""

from __future__ import annotations

import ipywidgets as w
import pytest

from kit import api, trainees
from kit.apps.exercises import build_app
from kit.core.errors import InputError
from kit.grading.engine import accepted_answers
from kit.practice import Practice
from tests.test_grading import wrong_answer

CAT = api.load_content()


def widget_texts(root: w.Widget) -> str:
    """Every string value held by ``root`` and its children (what the page could receive)."""
    out: list[str] = []
    stack = [root]
    while stack:
        node = stack.pop()
        for name in ("value", "description", "placeholder", "options"):
            value = getattr(node, name, None)
            out.append(str(value))
        stack.extend(getattr(node, "children", ()) or ())
    return " ".join(out)


def ready(app, stored: str = ""):  # type: ignore[no-untyped-def]
    view_token = next(c for c in app.body.children if hasattr(c, "stored"))
    view_token.stored = stored
    view_token.ready = True
    return view_token


def test_a_new_browser_sees_the_join_form_then_its_first_item() -> None:
    app = build_app(lang="vi")
    token = ready(app)
    assert "Bắt đầu làm bài" in widget_texts(app.widget)
    form = app.body.children[-1]
    name, unit, track, start = form.children[1:5]
    name.value, unit.value, track.value = "Nguyễn Văn A", "Sở Tư pháp", "B"
    start.click()
    assert token.issued and len(token.issued) > 20
    assert "Mã PIN của bạn là" in widget_texts(app.widget)
    assert "Đã làm 0/" in widget_texts(app.widget)


def test_no_feedback_or_explanation_exists_before_the_answer_is_submitted() -> None:
    reg = trainees.register("Lê Thị B", "UBND xã X", "A")
    app = build_app(lang="vi")
    ready(app, reg.token)
    first = Practice(CAT, reg.identity).current()
    assert first is not None
    before = widget_texts(app.widget)
    assert first.explanation not in before
    assert first.source not in before
    for option in getattr(first, "options", []):
        assert option.feedback not in before


def test_an_answer_is_graded_stored_and_survives_a_new_kernel() -> None:
    reg = trainees.register("Trần C", "Phường Y", "A")
    practice = Practice(CAT, reg.identity)
    item = practice.current()
    assert item is not None
    graded = practice.submit(item.id, accepted_answers(item)[0])
    assert graded.full_marks
    again = Practice(CAT, reg.identity)  # as after a reload, a cull or a restart
    assert again.progress()[0] == 1 and again.current() != item


def test_a_late_or_forged_submission_for_another_item_is_refused() -> None:
    reg = trainees.register("Phạm D", "Sở Y tế", "B")
    practice = Practice(CAT, reg.identity)
    items = practice.items
    with pytest.raises(InputError):
        practice.submit(items[1].id, accepted_answers(items[1])[0])


def test_summary_scores_each_lesson_and_lists_weak_ones() -> None:
    reg = trainees.register("Vũ E", "Sở Tài chính", "A")
    practice = Practice(CAT, reg.identity)
    first = practice.current()
    assert first is not None
    practice.submit(first.id, accepted_answers(first)[0])
    second = practice.current()
    assert second is not None and second.lesson == first.lesson
    practice.submit(second.id, wrong_answer(second))
    (lesson,) = practice.summary()
    assert lesson.lesson_id == first.lesson
    assert lesson.score == first.points and lesson.max_score == first.points + second.points
    assert practice.weakest() == [lesson]


def test_a_lesson_link_puts_that_lessons_items_first_and_ignores_unknown_lessons() -> None:
    reg = trainees.register("Hoàng F", "Báo Lạng Sơn", "A")
    practice = Practice(CAT, reg.identity)
    last_lesson = practice.items[-1].lesson
    assert practice.current().lesson != last_lesson  # type: ignore[union-attr]
    assert practice.set_focus(last_lesson)
    focused = practice.current()
    assert focused is not None and focused.lesson == last_lesson
    assert not practice.set_focus("<script>") and practice.focus is None
    for item in [i for i in practice.items if i.lesson == last_lesson]:
        practice.set_focus(last_lesson)
        practice.submit(item.id, accepted_answers(item)[0])
    after = practice.current()
    assert after is not None and after.lesson != last_lesson  # then the rest of the course


def test_the_app_follows_lesson_from_the_query_string_and_says_which_lesson() -> None:
    reg = trainees.register("Đỗ G", "Sở Tư pháp", "B")
    app = build_app(lang="vi")
    lesson = Practice(CAT, reg.identity).items[-1].lesson
    view_token = ready(app)
    view = app.view
    view.on_params({"lesson": lesson})
    view_token.stored = reg.token
    view.gate.recognise()
    title = CAT.lessons[lesson].meta.title
    assert f"Bài tập của bài: {title}" in widget_texts(app.widget)


def test_results_can_be_seen_mid_course_and_downloaded_as_a_docx() -> None:
    import base64
    import io
    import re

    from docx import Document

    reg = trainees.register("Ngô <b>H</b>", "Xã Z", "A")
    app = build_app(lang="vi")
    ready(app, reg.token)
    view = app.view
    view.gate.recognise()
    item = view.practice.current()
    view.practice.submit(item.id, wrong_answer(item))
    view.show_results(True)
    assert "Tiếp tục làm bài" in widget_texts(app.widget)
    view.make_download()
    link = view.download.value
    assert "download='ket-qua-luyen-tap-" in link
    data = base64.b64decode(re.search(r"base64,([A-Za-z0-9+/=]+)", link).group(1))  # type: ignore[union-attr]
    doc = Document(io.BytesIO(data))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = "\n".join(c.text for table in doc.tables for row in table.rows for c in row.cells)
    assert "KẾT QUẢ LUYỆN TẬP" in text and "Ngô <b>H</b>" in text
    # the item by its question, never its internal id; a missed item is explained
    assert item.prompt[:40] in cells and item.id not in cells + text
    assert item.explanation in text
    view.show_results(False)
    assert item.prompt not in widget_texts(app.widget)  # back to the next item


def test_switching_language_keeps_an_answer_not_yet_sent() -> None:
    reg = trainees.register("Lý I", "Phường K", "B")
    app = build_app(lang="vi")
    ready(app, reg.token)
    view = app.view
    view.gate.recognise()
    item = view.practice.current()
    controls = view.input.controls()
    answer = accepted_answers(item)[0]
    controls[0].value = controls[0].options[-1][1] if hasattr(controls[0], "options") else answer
    typed = controls[0].value
    app.set_lang("en")
    assert view.input.controls()[0].value == typed
    assert view.practice.progress()[0] == 0  # nothing was submitted by the switch


def test_the_join_form_is_on_the_page_before_the_browser_reports_its_token() -> None:
    """Does a preheated page show the form at once, with nothing to wait for?"""
    app = build_app(lang="vi")
    assert "Bắt đầu làm bài" in widget_texts(app.widget)


def test_a_browser_that_never_reports_a_token_can_still_join() -> None:
    app = build_app(lang="vi")
    form = app.body.children[-1]
    name, unit, track, start = form.children[1:5]
    name.value, unit.value, track.value = "Phan Văn K", "Xã Y", "A"
    start.click()
    assert "Mã PIN của bạn là" in widget_texts(app.widget)


def test_a_join_clicked_after_the_browser_was_recognised_makes_no_second_trainee() -> None:
    from sqlalchemy import func, select

    from kit.store import db
    from kit.store.models import Trainee

    reg = trainees.register("Vũ Thị L", "Phường M", "B")
    app = build_app(lang="vi")
    form = app.body.children[-1]
    name, unit, _track, start = form.children[1:5]
    ready(app, reg.token)  # reported before any click can reach the kernel
    name.value, unit.value = "Vũ Thị L", "Phường M"
    with db.session() as sess:
        before = sess.scalar(select(func.count()).select_from(Trainee))
    start.click()  # the form is no longer shown; a forged or late click
    with db.session() as sess:
        assert sess.scalar(select(func.count()).select_from(Trainee)) == before
    assert "Đã làm 0/" in widget_texts(app.widget)


@pytest.mark.parametrize("track", ["A", "B"])
def test_an_answer_makes_no_model_but_the_next_items_own_controls(
    track: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The in-process side of the wire count in ``tests/test_loadclient.py``: every item of the
    track is answered through the view, recording each widget model opened (each is one
    ``comm_open`` the page receives). Storing an answer and showing its feedback opens none (the
    feedback screen is kept); the next item opens only its own answer controls — their layouts
    and styles are the shared ones, made once per kernel."""
    import comm
    from ipywidgets.widgets.widget_style import Style

    from kit.apps.ui.defaults import is_shared
    from tests.test_shared_defaults import all_widgets

    opened: list[str] = []
    create = comm.create_comm

    def recording(**kwargs: object) -> object:
        made = create(**kwargs)
        opened.append(made.comm_id)
        return made

    monkeypatch.setattr(comm, "create_comm", recording)
    reg = trainees.register(f"Đếm Mô Hình {track}", "Xã Đếm", track)
    app = build_app(lang="vi")
    ready(app, reg.token)
    view = app.view
    answered = 0
    while (item := view.practice.current()) is not None:
        assert view.shown_item == item.id and view.input is not None
        answer = accepted_answers(item)[0]
        view.input.value = lambda answer=answer: answer
        opened.clear()
        view.submit_shown()
        assert view.graded is not None and view.graded.full_marks, item.id
        assert opened == [], f"the feedback of {item.id} made new models"
        view.next_item()
        if view.input is None:
            break
        shown = all_widgets(app.widget)
        controls = all_widgets(view.input.widget)
        for model_id in opened:
            assert model_id in shown, f"{item.id}: a model that is not on the page"
            made = shown[model_id]
            if isinstance(made, w.Layout | Style):  # shared, made on its first use
                assert is_shared(made), (item.id, type(made).__name__)
            else:
                assert model_id in controls, (item.id, type(made).__name__)
        answered += 1
    assert answered >= 10
