"""Do the lessons changed for issue 19 render on a 360 px phone, with their new sections and
their "cần kiểm tra" notes visible, and nothing cut off? (Screenshots are kept for a person to
look at in ``test-artifacts/screenshots/lesson-<id>-phone.png``.)"""

from __future__ import annotations

import pytest

from kit import registry
from tests.conftest import assert_fits_a_phone, screenshot

pytestmark = pytest.mark.browser
TIMEOUT = 60_000

CHANGED = [
    ("l02-pham-vi-bon-tieu-chi", "trên phạm vi cả nước hoặc trên phạm vi toàn tỉnh"),
    ("l03-noi-dung-truyen-thong", "Giai đoạn này không có ở mọi dự thảo"),
    ("l05-viet-cho-cong-chung", "Trả lời tin đồn lan truyền về dự thảo trên mạng xã hội"),
    ("l06-tiep-nhan-phan-hoi", "Dữ liệu cá nhân trong góp ý và bảng tiếp thu, giải trình"),
    ("l07-xay-dung-ke-hoach", "không có mốc “tham vấn chính sách”"),
    ("l09-thay-doi-2025", "Tham vấn chính sách không phải là lấy ý kiến Nhân dân"),
]


@pytest.mark.parametrize(("lesson_id", "new_text"), CHANGED, ids=[c[0] for c in CHANGED])
def test_a_changed_lesson_shows_its_new_text_and_check_needed_note_on_a_phone(
    kit_server: object, open_page: object, lesson_id: str, new_text: str
) -> None:
    guarded = open_page("phone")  # type: ignore[operator]
    page = guarded.page
    base = kit_server.base_url  # type: ignore[attr-defined]
    page.goto(f"{base}/{registry.get('lessons').url_path}?lesson={lesson_id}")
    page.wait_for_selector(".kit-lesson-title", timeout=TIMEOUT)
    page.wait_for_function(
        "t => document.body.innerText.includes(t)", arg=new_text, timeout=TIMEOUT
    )
    body = page.inner_text("body")
    assert "Cần kiểm tra" in body or "cần kiểm tra" in body
    assert "seed 0" not in body and "DOMAIN" not in body
    screenshot(page, f"lesson-{lesson_id}-phone")
    assert_fits_a_phone(page)
    page.get_by_text(new_text).first.scroll_into_view_if_needed()
    screenshot(page, f"lesson-{lesson_id}-phone-new-section", check=False)
    assert guarded.blocked == []  # type: ignore[attr-defined]
