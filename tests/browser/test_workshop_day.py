"""The workshop day as people live it, in real browsers: a trainer opens a workshop with a pre-
and a post-test; two trainees on 360 px phones, each in its own browser, open the join address
printed on the trainer's join sheet; one goes pre-test → exercises → post-test → survey, reads
its PIN on the results screen, closes the browser and comes back on a new one with that PIN;
the other stops part-way; the trainer grades a written answer and exports the results.
Screenshots of each step go to test-artifacts/."""

from __future__ import annotations

import io
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from openpyxl import load_workbook

from kit import api, registry
from tests.browser.test_workshop_round import PASSCODE, set_passcode, trainer_mode
from tests.conftest import assert_fits_a_phone, join_as, make_and_download, screenshot

pytestmark = pytest.mark.browser
TIMEOUT = 60_000
LESSON = "l05-viet-cho-cong-chung"
FIRST = ("Nguyễn Thị Hoa", "UBND xã Quảng Thái")
SECOND = ("Trần Văn Bình", "Phòng Tư pháp huyện")
WRITING = "Bản tin: HĐND tỉnh lấy ý kiến dự thảo nghị quyết về hỗ trợ di dời chuồng trại."


def answer_shown_item(page: object) -> None:
    """Answer whatever item the phone shows, as a trainee would (one of each kind)."""
    item = page.locator(".kit-item")  # type: ignore[attr-defined]
    if item.locator("textarea").count():
        item.locator("textarea").first.fill(WRITING)
    elif item.locator("select").count():
        for n, select in enumerate(item.locator("select").all(), 1):
            select.select_option(index=n if item.locator(".kit-order-row").count() else 1)
    elif item.locator("input[type=radio]").count():
        item.locator("label:has(input[type=radio])").first.click()
    elif item.locator("input[type=checkbox]").count():
        item.locator("label:has(input[type=checkbox])").first.click()
    else:
        box = item.locator("input[type=text]").first
        box.fill("02/03/2026" if box.get_attribute("placeholder") == "dd/mm/yyyy" else "15")
    page.get_by_role("button", name="Nộp câu trả lời").click()  # type: ignore[attr-defined]


def go_through(page: object, name: str, stop_after: int = 200) -> list[str]:
    """Answer items until the survey (or ``stop_after`` answers); the notices seen on the way."""
    notices: list[str] = []
    for n in range(stop_after):
        page.wait_for_selector(".kit-item, .kit-survey", timeout=TIMEOUT)  # type: ignore[attr-defined]
        if page.locator(".kit-survey").count():  # type: ignore[attr-defined]
            break
        before = page.inner_text(".kit-prompt")  # type: ignore[attr-defined]
        answer_shown_item(page)
        page.wait_for_function(  # type: ignore[attr-defined]
            """p => document.querySelector('.kit-feedback, .kit-survey') ||
                   (document.querySelector('.kit-prompt') &&
                    document.querySelector('.kit-prompt').innerText !== p)""",
            arg=before,
            timeout=TIMEOUT,
        )
        problem = page.locator(".kit-item-problem .kit-problem-here")  # type: ignore[attr-defined]
        assert problem.count() == 0, problem.first.inner_text()  # type: ignore[attr-defined]
        notice = page.locator(".kit-notice")  # type: ignore[attr-defined]
        if notice.count():
            notices.append(notice.first.inner_text())
        if n in (0, 1):
            screenshot(page, f"day-{name}-answer-{n + 1}")
        if page.locator(".kit-feedback").count():  # type: ignore[attr-defined]
            page.get_by_role("button", name="Câu tiếp theo").click()  # type: ignore[attr-defined]
    return notices


def test_a_workshop_day_with_a_trainer_and_two_phones(
    kit_server: object, open_page: object, tmp_path: Path
) -> None:
    base = kit_server.base_url  # type: ignore[attr-defined]
    set_passcode(Path(kit_server.log_path).parent / "data")  # type: ignore[attr-defined]

    trainer = open_page("desktop")  # type: ignore[operator]
    tp = trainer.page
    tp.goto(f"{base}/{registry.get('trainer').url_path}")
    tp.wait_for_selector(".kit-trainer-lock", timeout=TIMEOUT)
    tp.get_by_placeholder("Mật khẩu giảng viên").fill(PASSCODE)
    tp.get_by_role("button", name="Mở khóa").click()
    tp.wait_for_selector(".kit-modes", timeout=TIMEOUT)
    tp.get_by_placeholder("Tên lớp").fill("Viết cho công chúng")
    tp.get_by_placeholder("Địa điểm").fill("Hội trường UBND xã Quảng Thái")
    title = api.load_content().lessons[LESSON].meta.title
    tp.locator(".kit-trainer-body select[multiple]").select_option(label=title)
    tp.get_by_role("button", name="Mở lớp", exact=True).click()
    tp.wait_for_selector(".kit-join-sheet", timeout=TIMEOUT)
    screenshot(tp, "day-trainer-join-sheet")
    sheet_url = tp.inner_text(".kit-join-url").strip()
    assert re.match(r"https?://", sheet_url), sheet_url
    # the sheet's address, opened on the test server's own host and port (the sheet names the
    # room's network address, which a test machine may not route to)
    parts = urlsplit(sheet_url)
    join_url = f"{base}{parts.path}?{parts.query}"
    assert "code=" in join_url

    # ------------------------------------------------------------------ the first phone
    first = open_page("phone")  # type: ignore[operator]
    fp = first.page
    fp.goto(join_url)
    fp.wait_for_selector(".kit-join", timeout=TIMEOUT)
    screenshot(fp, "day-first-join")
    join_as(fp, *FIRST, "A")
    fp.wait_for_selector(".kit-item", timeout=TIMEOUT)
    first_question = fp.inner_text(".kit-prompt")

    second = open_page("phone")  # type: ignore[operator]
    sp = second.page
    sp.goto(join_url)
    sp.wait_for_selector(".kit-join", timeout=TIMEOUT)
    join_as(sp, *SECOND, "A")
    go_through(sp, "second", stop_after=3)  # the second trainee stops part-way

    notices = go_through(fp, "first")
    assert any("xong bài kiểm tra đầu vào" in n for n in notices), notices
    assert any("xong bài kiểm tra cuối khóa" in n for n in notices), notices
    assert not any("Đã ghi nhận câu trả lời" in n for n in notices[-1:])
    assert notices.count(first_question) == 0
    screenshot(fp, "day-first-survey")
    assert fp.locator(".kit-notice", has_text="Đã ghi nhận").count() == 0
    fp.get_by_role("button", name="Gửi phiếu đánh giá").click()  # nothing chosen yet
    problem = fp.locator(".kit-survey-problem .kit-problem-here")
    problem.wait_for(timeout=TIMEOUT)
    assert "chưa chọn điểm" in problem.inner_text()
    screenshot(fp, "day-first-survey-problem")
    for scale in fp.locator(".kit-survey .kit-scale").all():
        scale.locator("button").nth(3).click()
    fp.get_by_role("button", name="Gửi phiếu đánh giá").click()
    fp.wait_for_selector(".kit-summary", timeout=TIMEOUT)
    assert "ghi lại mã PIN" in fp.inner_text(".kit-summary")
    pin_line = fp.locator(".kit-pin").inner_text()
    pin = re.search(r"\b(\d{6})\b", pin_line).group(1)  # type: ignore[union-attr]
    screenshot(fp, "day-first-results")
    assert_fits_a_phone(fp)

    # ------------------------------------------------------------------ the trainer grades
    trainer_mode(tp, "Chấm bài")
    tp.wait_for_selector(".kit-case", timeout=TIMEOUT)
    tp.locator(".kit-trainer-body input[type=number]").fill("1")
    tp.locator(".kit-trainer-body input[type=number]").press("Tab")
    tp.get_by_placeholder("Nhận xét cho học viên").fill("Rõ ràng, nên thêm hạn góp ý.")
    tp.get_by_role("button", name="Lưu và chấm bài tiếp").click()
    screenshot(tp, "day-trainer-graded")

    # ------------------------------------------------------------------ back on a new phone
    first.context.close()  # type: ignore[attr-defined]
    again = open_page("phone")  # type: ignore[operator]
    ap = again.page
    ap.goto(join_url)
    ap.wait_for_selector(".kit-join", timeout=TIMEOUT)
    boxes = ap.locator(".kit-join input[type=text]")
    boxes.nth(2).fill(FIRST[0])
    boxes.nth(3).fill("UBND xa Quang Thai")  # typed without diacritics
    ap.locator(".kit-join input[type=password]").fill(pin)
    ap.get_by_role("button", name="Tiếp tục").click()
    ap.locator(".kit-resume-problem").wait_for(timeout=TIMEOUT)
    assert "UBND xã Quảng Thái" in ap.locator(".kit-resume-problem").inner_text()
    screenshot(ap, "day-first-resume-unit")
    ap.get_by_role("button", name="Tiếp tục").click()
    ap.wait_for_selector(".kit-summary", timeout=TIMEOUT)
    assert "Rõ ràng, nên thêm hạn góp ý." in ap.inner_text(".kit-summary")
    screenshot(ap, "day-first-back")

    # ------------------------------------------------------------------ the trainer exports
    trainer_mode(tp, "Xuất kết quả")
    data = make_and_download(tp, "Tạo tệp kết quả (XLSX)", "Tải kết quả (XLSX)")
    cells = [
        str(c.value)
        for row in load_workbook(io.BytesIO(data)).worksheets[0].iter_rows()
        for c in row
    ]
    assert FIRST[0] in cells and SECOND[0] in cells
    screenshot(tp, "day-trainer-export")
    for g in (trainer, second, again):
        assert g.blocked == []  # type: ignore[attr-defined]
