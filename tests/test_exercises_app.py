"""Does the exercise app join, grade, store and resume, creating feedback only after an answer?"""

from __future__ import annotations

import ipywidgets as w
import pytest

from kit import api, trainees
from kit.apps.exercises import build_app
from kit.errors import InputError
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
    view_token = next(c for c in app._body.children[0].children if hasattr(c, "stored"))
    view_token.stored = stored
    view_token.ready = True
    return view_token


def test_a_new_browser_sees_the_join_form_then_its_first_item() -> None:
    app = build_app(lang="vi")
    token = ready(app)
    assert "Bắt đầu làm bài" in widget_texts(app.widget)
    form = app._body.children[0].children[-1]
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
