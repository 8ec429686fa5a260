"""The plan builder in a real browser, on a phone: join, start from the ward template, type the
header, reload in the middle (nothing lost, same step), import drafts from an eligibility sheet
(timeline chart), add a task, and download the plan as a Decree 30 DOCX read back with
python-docx."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from kit import registry
from kit.eligibility.batch import workbook
from tests.conftest import ARTIFACTS, assert_fits_a_phone, join_as, screenshot

pytestmark = pytest.mark.browser
TIMEOUT = 60_000


def field(page: object, label: str) -> object:
    return page.locator(".kit-field", has_text=label).locator("input, textarea").first  # type: ignore[attr-defined]


def type_into(page: object, label: str, text: str) -> None:
    box = field(page, label)
    box.fill(text)  # type: ignore[attr-defined]
    box.press("Tab")  # type: ignore[attr-defined]


def eligibility_sheet(path: Path) -> Path:
    book = load_workbook(io.BytesIO(workbook.write_template()))
    sheet = book["Dự thảo"]
    row = [
        "NQ-07",
        "Nghị quyết quy định chính sách hỗ trợ chuyển đổi số cấp xã",
        "Nghị quyết HĐND tỉnh",
        "Sở Khoa học và Công nghệ",
        "02/03/2026",
        "20/05/2026",
        "Có",
        "Không",
        "Có",
        "Có",
        "Toàn tỉnh",
    ]
    for col, value in enumerate(row, start=1):
        sheet.cell(2, col, value)
    for col in range(1, len(row) + 1):
        for extra in range(3, sheet.max_row + 1):
            sheet.cell(extra, col, None)
    book.save(path)
    return path


def go_step(page: object, label: str) -> None:
    page.locator(".kit-steps").get_by_role("button", name=label).click()  # type: ignore[attr-defined]
    page.locator("h2", has_text=label.split(". ", 1)[1]).wait_for(timeout=TIMEOUT)  # type: ignore[attr-defined]


def test_build_a_ward_plan_on_a_phone_with_a_reload_in_the_middle(
    kit_server: object, open_page: object, tmp_path: Path
) -> None:
    guarded = open_page("phone")  # type: ignore[operator]
    page = guarded.page
    url = f"{kit_server.base_url}/{registry.get('plans').url_path}"  # type: ignore[attr-defined]
    page.goto(url)
    page.wait_for_selector(".kit-join", timeout=TIMEOUT)
    join_as(page, "Lò Thị Kế", "UBND phường Chánh Lộ", "B")
    page.wait_for_selector(".kit-plan-picker", timeout=TIMEOUT)
    page.locator(".kit-plan-picker select").select_option(
        label="UBND xã, phường (hằng năm, như Kế hoạch năm 2024 của UBND phường Chánh Lộ)"
    )
    page.get_by_role("button", name="Tạo kế hoạch từ mẫu").click()
    page.wait_for_selector(".kit-plan-step-header", timeout=TIMEOUT)

    type_into(page, "Cơ quan ban hành", "ỦY BAN NHÂN DÂN PHƯỜNG CHÁNH LỘ")
    type_into(page, "Số, ký hiệu", "/KH-UBND")
    type_into(page, "Địa danh", "Chánh Lộ")
    date_box = field(page, "Ngày ban hành")
    date_box.fill("2026-02-05")  # type: ignore[attr-defined]
    date_box.dispatch_event("change")  # type: ignore[attr-defined]
    page.locator(".kit-saved").wait_for(timeout=TIMEOUT)
    page.get_by_role("button", name="Bước tiếp").click()
    page.wait_for_selector(".kit-plan-step-purpose", timeout=TIMEOUT)

    page.reload()  # the middle of the work: nothing typed is lost, the step is kept
    page.wait_for_selector(".kit-plan-step-purpose", timeout=TIMEOUT)
    go_step(page, "1. Thông tin chung")
    assert field(page, "Cơ quan ban hành").input_value() == "ỦY BAN NHÂN DÂN PHƯỜNG CHÁNH LỘ"  # type: ignore[attr-defined]
    assert field(page, "Ngày ban hành").input_value() == "2026-02-05"  # type: ignore[attr-defined]

    go_step(page, "4. Dự thảo")
    sheet = eligibility_sheet(tmp_path / "du-thao.xlsx")
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Nhập từ tệp kết quả").click()
    chooser.value.set_files(str(sheet))
    page.wait_for_selector(".kit-timeline", timeout=TIMEOUT)
    assert "Đã thêm 1 dự thảo" in page.inner_text(".kit-plan-step-drafts")
    assert "Đăng tải toàn văn dự thảo" in page.inner_text(".kit-plan-step-drafts")
    page.locator(".kit-timeline").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "plans-timeline-phone.png"))  # the chart in view

    go_step(page, "5. Nhiệm vụ")
    page.get_by_role("button", name="Thêm nhiệm vụ").click()
    page.wait_for_timeout(500)
    type_into(page, "Tên nhiệm vụ", "Tập huấn kỹ năng truyền thông dự thảo cho công chức phường")
    type_into(page, "Cơ quan chủ trì", "Công chức Tư pháp - Hộ tịch")
    page.locator(".kit-saved").wait_for(timeout=TIMEOUT)

    go_step(page, "8. Rà soát, xuất văn bản")
    assert "Điểm:" in page.inner_text(".kit-plan-step-review")
    screenshot(page, "plans-review-phone")
    assert_fits_a_phone(page)
    page.get_by_role("button", name="Tạo văn bản DOCX").click()
    link = page.locator("a.kit-download", has_text="Tải văn bản (DOCX)")
    link.wait_for(timeout=TIMEOUT)
    with page.expect_download() as got:
        link.click()
    saved = tmp_path / "ke-hoach.docx"
    got.value.save_as(saved)
    doc = Document(str(saved))
    # the header may break a body's name over lines and keep words together with no-break spaces
    header = " ".join(" ".join(c.text for row in doc.tables[0].rows for c in row.cells).split())
    assert "ỦY BAN NHÂN DÂN PHƯỜNG CHÁNH LỘ" in header
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header
    assert "Chánh Lộ, ngày 05 tháng 02 năm 2026" in header
    text = "\n".join(p.text for p in doc.paragraphs) + "\n".join(
        c.text for t in doc.tables for row in t.rows for c in row.cells
    )
    assert "Tập huấn kỹ năng truyền thông dự thảo" in text
    assert "Nghị quyết quy định chính sách hỗ trợ chuyển đổi số cấp xã" in text
    assert guarded.blocked == []  # type: ignore[attr-defined]
