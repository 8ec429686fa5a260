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
    assert app.summary().startswith("[kit:lessons] 9 lessons")
    app.set_lang("en")
    assert "Lessons" in app._title.value
