"""Does the lesson app show the course by track, render every lesson, and ignore forged values?"""

from __future__ import annotations

import pytest

from kit import api
from kit.apps.lessons import LessonsModel, build_app
from kit.content.render import lesson_html, markdown_html

CAT = api.load_content()


@pytest.fixture
def model() -> LessonsModel:
    return LessonsModel(CAT)


def test_track_filter_shows_only_that_tracks_lessons_in_course_order(model: LessonsModel) -> None:
    model.set_track("B")
    shown = model.visible()
    assert shown and all("B" in CAT.lessons[i].meta.tracks for i in shown)
    order = [lesson.id for lesson in CAT.ordered_lessons()]
    assert shown == [i for i in order if i in shown]


def test_forged_track_or_lesson_values_from_the_page_change_nothing(model: LessonsModel) -> None:
    before = model.lesson_id
    model.set_track("<script>")
    assert model.track == "all"
    model.open("../../etc/passwd")
    assert model.lesson_id == before


def test_next_and_previous_stay_inside_the_course(model: LessonsModel) -> None:
    model.step(-1)
    assert model.lesson_id == model.visible()[0]
    for _ in range(50):
        model.step(1)
    assert model.lesson_id == model.visible()[-1]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_lesson_renders_with_its_blocks_objectives_and_sources(lang: str) -> None:
    for position, lesson in enumerate(CAT.ordered_lessons(), start=1):
        html = lesson_html(lesson, lang, position, 3)
        assert lesson.meta.objectives[0].split()[0] in html
        assert "kit-block-summary" in html
        assert "<script" not in html


def test_markdown_in_a_lesson_cannot_inject_html() -> None:
    assert "<img" not in markdown_html("<img src=x onerror=alert(1)>")


def test_app_opens_on_the_first_lesson_and_follows_the_language_switch() -> None:
    app = build_app(lang="vi")
    assert app.summary().startswith(f"[kit:lessons] {len(CAT.ordered_lessons())} lessons")
    app.set_lang("en")
    assert "Lessons" in app.title_html


def test_a_lesson_link_opens_that_lesson_even_outside_the_chosen_track(
    model: LessonsModel,
) -> None:
    only_b = next(i for i in model.visible() if model.catalogue.lessons[i].meta.tracks == ["B"])
    model.set_track("A")
    model.show(only_b)
    assert model.lesson_id == only_b and model.track == "all"
    model.show("../../etc/passwd")
    assert model.lesson_id == only_b


def test_a_trainee_sees_progress_per_lesson_and_a_link_to_its_exercises() -> None:
    from kit import trainees
    from kit.grading.engine import accepted_answers
    from kit.practice import Practice

    reg = trainees.register("Mai L", "Sở Tư pháp", "B")
    practice = Practice(api.load_content(), reg.identity)
    first = practice.current()
    assert first is not None
    practice.submit(first.id, accepted_answers(first)[0])
    app = build_app(lang="vi")
    view = app.view
    view.on_params({"lesson": first.lesson})
    token = view.token
    token.stored, token.ready = reg.token, True
    page = app.body.children[3].value  # type: ignore[union-attr]
    done, total = practice.progress(first.lesson)
    assert f"Bạn đã làm {done}/{total} câu của bài này" in page
    assert f"exercises.ipynb?lesson={first.lesson}&amp;lang=vi" in page
    chooser = app.body.children[2]  # type: ignore[union-attr]
    assert any(f"({done}/{total})" in label for label, _ in chooser.options)


def test_a_visitor_without_a_token_is_invited_to_practise_without_loading_the_store() -> None:
    app = build_app(lang="en")
    view = app.view
    view.token.ready = True
    page = app.body.children[3].value  # type: ignore[union-attr]
    assert "your progress will show here" in page and view.identity is None
