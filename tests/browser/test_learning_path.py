"""From a lesson to its exercises and back, in a real phone-size browser: the lesson link focuses
the exercise app on that lesson, results can be seen mid-course and downloaded as a DOCX, and the
lesson page then shows the trainee's progress."""

from __future__ import annotations

import io

import pytest
from docx import Document

from kit import api, registry
from kit.grading.engine import accepted_answers
from tests.conftest import assert_fits_a_phone, join_as, screenshot

pytestmark = pytest.mark.browser
TIMEOUT = 60_000
TEXT_TYPES = ("date", "numeric", "short_text")


def lesson_opening_with_a_text_item(track: str) -> tuple[str, object]:
    """The last lesson whose first item for ``track`` is answered in a text box."""
    first: dict[str, object] = {}
    for item in api.list_exercises(track):
        first.setdefault(item.lesson, item)
    return [(lid, it) for lid, it in first.items() if it.type in TEXT_TYPES][-1]  # type: ignore[attr-defined]


def test_lesson_link_focus_results_download_and_progress_back_on_the_lesson(
    kit_server: object, open_page: object, tmp_path: object
) -> None:
    lesson_id, item = lesson_opening_with_a_text_item("A")
    guarded = open_page("phone")  # type: ignore[operator]
    page = guarded.page
    base = kit_server.base_url  # type: ignore[attr-defined]
    lessons = registry.get("lessons").url_path
    page.goto(f"{base}/{lessons}?lesson={lesson_id}")
    page.wait_for_selector(".kit-lesson-progress", timeout=TIMEOUT)
    title = api.load_content().lessons[lesson_id].meta.title
    assert title in page.inner_text(".kit-lesson-title")
    page.get_by_text("Làm bài tập của bài này").click()

    page.wait_for_selector(".kit-join", timeout=TIMEOUT)
    join_as(page, "Trịnh Thị Hoà", "Báo Lạng Sơn", "A")
    page.wait_for_selector(".kit-focus", timeout=TIMEOUT)
    assert title in page.inner_text(".kit-focus")
    assert item.prompt.split("\n")[0][:40] in page.inner_text(".kit-prompt")  # type: ignore[attr-defined]
    page.locator(".kit-item input[type=text]").first.fill(accepted_answers(item)[0])  # type: ignore[arg-type]
    page.get_by_role("button", name="Nộp câu trả lời").click()
    page.wait_for_selector(".kit-feedback", timeout=TIMEOUT)
    page.get_by_role("button", name="Câu tiếp theo").click()
    page.get_by_role("button", name="Xem kết quả").click()
    page.wait_for_selector(".kit-summary", timeout=TIMEOUT)
    page.get_by_role("button", name="Tạo tệp kết quả (DOCX)").click()
    link = page.locator("a.kit-download")
    link.wait_for(timeout=TIMEOUT)
    screenshot(page, "exercises-results-phone")
    assert_fits_a_phone(page)
    with page.expect_download() as download:
        link.click()
    saved = tmp_path / "results.docx"  # type: ignore[operator]
    download.value.save_as(saved)
    doc = Document(io.BytesIO(saved.read_bytes()))
    assert "Trịnh Thị Hoà — Báo Lạng Sơn" in "\n".join(p.text for p in doc.paragraphs)

    page.goto(f"{base}/{lessons}?lesson={lesson_id}")
    page.wait_for_selector(".kit-lesson-progress", timeout=TIMEOUT)
    page.wait_for_function(
        "document.querySelector('.kit-lesson-progress').innerText.includes('Bạn đã làm 1/')",
        timeout=TIMEOUT,
    )
    screenshot(page, "lessons-progress-phone")
    assert_fits_a_phone(page)
    assert guarded.blocked == []  # type: ignore[attr-defined]
