"""A trainee's full round in a real browser: join, answer, feedback, reload, resume; and no key
in the page or on the websocket before the answer is submitted."""

from __future__ import annotations

import json

import pytest

from kit import api, registry
from kit.grading.engine import accepted_answers
from tests.conftest import assert_fits_a_phone, join_as, record_frames, screenshot

pytestmark = pytest.mark.browser
TIMEOUT = 60_000


def forms(text: str) -> set[str]:
    """``text`` as it may travel inside a JSON message (raw, or with \\u escapes)."""
    return {text, json.dumps(text)[1:-1], json.dumps(text, ensure_ascii=False)[1:-1]}


def test_trainee_round_with_no_key_on_the_wire_before_submission(
    kit_server: object, open_page: object
) -> None:
    guarded = open_page("phone")  # type: ignore[operator]
    page = guarded.page
    frames = record_frames(page)
    spec = registry.get("exercises")
    page.goto(f"{kit_server.base_url}/{spec.url_path}")  # type: ignore[attr-defined]
    page.wait_for_selector(".kit-join", timeout=TIMEOUT)
    join_as(page, "Nguyễn <img src=x onerror=alert(1)>", "Sở Tư pháp tỉnh H", "A")
    page.wait_for_selector(".kit-item", timeout=TIMEOUT)
    assert "Mã PIN của bạn là" in page.inner_text(".kit-notice")

    item = api.list_exercises("A")[0]
    wire = "".join(frames) + page.content()
    secrets = [item.explanation, getattr(item, "feedback_correct", ""), item.source]
    secrets += [o.feedback for o in getattr(item, "options", [])]
    for secret in filter(None, secrets):
        assert not any(f in wire for f in forms(secret)), f"key leaked before submission: {secret}"
    screenshot(page, "exercises-item-phone")
    assert_fits_a_phone(page)

    page.locator(".kit-item input[type=text]").first.fill(accepted_answers(item)[0])
    page.get_by_role("button", name="Nộp câu trả lời").click()
    page.wait_for_selector(".kit-feedback", timeout=TIMEOUT)
    assert "Chính xác" in page.inner_text(".kit-feedback")
    wire_after = "".join(frames)
    assert any(f in wire_after for f in forms(item.explanation)), "the check must see the key"
    screenshot(page, "exercises-feedback-phone")
    assert_fits_a_phone(page)

    page.reload()
    page.wait_for_selector(".kit-item", timeout=TIMEOUT)
    assert "Đã làm 1/" in page.inner_text(".kit-progress")
    assert page.locator("img[src='x']").count() == 0
    assert guarded.blocked == []  # type: ignore[attr-defined]
