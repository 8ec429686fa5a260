"""The self-assessment app in a real browser, on a phone: join, type the unit, a wrong count (its
message under the field), reload in the middle (values and section kept), see the results with
the chart and the improvement list, and download the review report read back with python-docx."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document

from kit import registry
from tests.conftest import ARTIFACTS, assert_fits_a_phone, make_and_download, screenshot

pytestmark = pytest.mark.browser
TIMEOUT = 60_000


def box(page: object, field_id: str) -> object:
    return page.locator(f".kit-field-{field_id}")  # type: ignore[attr-defined]


def type_into(page: object, field_id: str, text: str) -> None:
    entry = box(page, field_id).locator("input, textarea").first  # type: ignore[attr-defined]
    entry.fill(text)
    entry.press("Tab")


def test_a_unit_fills_its_review_on_a_phone_with_a_reload_and_gets_its_report(
    kit_server: object, open_page: object, tmp_path: Path
) -> None:
    guarded = open_page("phone")  # type: ignore[operator]
    page = guarded.page
    alerts: list[str] = []
    page.on("dialog", lambda d: (alerts.append(d.message), d.dismiss()))
    url = f"{kit_server.base_url}/{registry.get('assess').url_path}"  # type: ignore[attr-defined]
    page.goto(url)
    page.wait_for_selector(".kit-join", timeout=TIMEOUT)
    # a review, not a test: no track to choose and no "start the test" button
    start = page.locator(".kit-join")
    assert "Nhóm A" not in start.inner_text() and "Bắt đầu làm bài" not in start.inner_text()
    boxes = start.locator("input[type=text]")
    boxes.nth(0).fill("Hoàng Thị Đánh Giá")
    boxes.nth(1).fill("UBND xã <b>Quảng Thái</b>")
    page.get_by_role("button", name="Mở bản tự đánh giá").click()
    page.wait_for_selector(".kit-assess-step-unit", timeout=TIMEOUT)

    type_into(page, "unit_name", "UBND xã Quảng Thái <img src=x onerror=alert(1)>")
    box(page, "unit_level").locator("select").select_option(label="Xã, phường, đặc khu")
    page.locator(".kit-saved").wait_for(timeout=TIMEOUT)
    page.get_by_role("button", name="Mục tiếp").click()
    page.wait_for_selector(".kit-assess-step-directing", timeout=TIMEOUT)
    type_into(page, "directives_count", "-2")
    box(page, "directives_count").locator(".kit-field-problem").wait_for(timeout=TIMEOUT)
    screenshot(page, "assess-field-problem-phone")
    assert_fits_a_phone(page)

    page.reload()  # the middle of the work: nothing typed is lost, the section is kept
    page.wait_for_selector(".kit-assess-step-directing", timeout=TIMEOUT)
    entry = box(page, "directives_count").locator("input").first
    assert entry.input_value() == "-2"  # kept as typed, with its message
    assert box(page, "directives_count").locator(".kit-field-problem").count() == 1
    type_into(page, "directives_count", "3")
    page.locator(".kit-steps select").select_option(label="Kết quả tự đánh giá")
    page.wait_for_selector(".kit-assess-step-results", timeout=TIMEOUT)
    results = page.inner_text(".kit-assess-step-results")
    assert "Kết quả tự đánh giá" in results
    assert "Cần bổ sung trước khi nộp" in results
    assert page.locator(".kit-score-chart .kit-score-row").count() == 7
    assert page.locator("img[src='x']").count() == 0
    page.locator(".kit-total").first.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "assess-results-phone.png"))  # the total and the chart
    assert_fits_a_phone(page)

    data = make_and_download(page, "Tạo báo cáo sơ kết (DOCX)", "Tải báo cáo sơ kết (DOCX)")
    doc = Document(io.BytesIO(data))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "BÁO CÁO" in text
    assert "3 văn bản chỉ đạo" in text
    assert alerts == [] and guarded.blocked == []  # type: ignore[attr-defined]
