"""The eligibility app in a real browser: explore on a phone (answers change the decision), train
on a case with no verdict on the wire before submission, and a batch file in and out."""

from __future__ import annotations

import io

import pytest

from kit import api, registry
from tests.browser.test_exercises_round import forms
from tests.conftest import assert_fits_a_phone, join_as, screenshot

pytestmark = pytest.mark.browser
TIMEOUT = 60_000


def fact(page: object, index: int) -> object:
    return page.locator(".kit-fact").nth(index)  # type: ignore[attr-defined]


def test_explore_on_a_phone_decides_and_shows_what_one_answer_changed(
    kit_server: object, open_page: object
) -> None:
    guarded = open_page("phone")  # type: ignore[operator]
    page = guarded.page
    page.goto(f"{kit_server.base_url}/{registry.get('eligibility').url_path}")  # type: ignore[attr-defined]
    page.wait_for_selector(".kit-eligibility-explore", timeout=TIMEOUT)
    fact(page, 0).locator("select").select_option(label="Nghị quyết của HĐND tỉnh")
    fact(page, 1).locator("input[type=date]").fill("2024-05-10")
    fact(page, 1).locator("input[type=date]").dispatch_event("change")
    for index, label in ((2, "Có"), (3, "Không"), (4, "Có"), (5, "Có"), (6, "Toàn tỉnh")):
        fact(page, index).get_by_text(label, exact=True).click()
    badge = page.locator(".kit-badge")
    badge.get_by_text("Thuộc phạm vi").wait_for(timeout=TIMEOUT)
    screenshot(page, "eligibility-explore-phone")
    fact(page, 6).get_by_text("Một phần tỉnh", exact=True).click()
    badge.get_by_text("Không thuộc phạm vi").wait_for(timeout=TIMEOUT)
    changes = page.inner_text(".kit-decision")
    assert "Tiêu chí (d): Đạt → Không đạt" in changes
    assert_fits_a_phone(page)
    assert guarded.blocked == []  # type: ignore[attr-defined]


def test_train_mode_keeps_the_verdict_off_the_wire_until_the_answer_is_in(
    kit_server: object, open_page: object
) -> None:
    guarded = open_page("phone")  # type: ignore[operator]
    page = guarded.page
    frames: list[str] = []
    page.on(
        "websocket",
        lambda ws: ws.on(
            "framereceived",
            lambda p: frames.append(
                p if isinstance(p, str) else bytes(p).decode("utf-8", "replace")
            ),
        ),
    )
    page.goto(f"{kit_server.base_url}/{registry.get('eligibility').url_path}?mode=train")  # type: ignore[attr-defined]
    page.wait_for_selector(".kit-join", timeout=TIMEOUT)
    join_as(page, "Bùi Thị Quỳnh", "Phòng Pháp chế, Sở Y tế", "B")
    page.wait_for_selector(".kit-case", timeout=TIMEOUT)
    case = next(iter(api.load_content().cases.values()))
    assert case.title in page.inner_text(".kit-case")
    wire = "".join(frames) + page.content()
    for secret in (case.explanation, "Bộ quy tắc kết luận"):
        assert not any(f in wire for f in forms(secret)), f"verdict leaked: {secret[:60]}"
    page.get_by_text("Thuộc phạm vi truyền thông", exact=True).click()
    page.get_by_role("button", name="Nộp câu trả lời").click()
    page.wait_for_selector(".kit-feedback", timeout=TIMEOUT)
    assert "Bộ quy tắc kết luận" in page.inner_text(".kit-feedback")
    screenshot(page, "eligibility-train-feedback-phone")
    assert guarded.blocked == []  # type: ignore[attr-defined]


def test_batch_template_down_filled_file_up_results_down(
    kit_server: object, open_page: object, tmp_path: object
) -> None:
    from openpyxl import load_workbook

    guarded = open_page("desktop")  # type: ignore[operator]
    page = guarded.page
    page.goto(f"{kit_server.base_url}/{registry.get('eligibility').url_path}?mode=batch")  # type: ignore[attr-defined]
    page.wait_for_selector(".kit-eligibility-batch", timeout=TIMEOUT)
    page.get_by_role("button", name="Tạo tệp mẫu (XLSX)").click()
    link = page.locator("a.kit-download")
    link.wait_for(timeout=TIMEOUT)
    with page.expect_download() as got:
        link.click()
    template = tmp_path / "mau.xlsx"  # type: ignore[operator]
    got.value.save_as(template)

    book = load_workbook(template)
    sheet = book["Dự thảo"]
    headers = [c.value for c in sheet[1]]
    rows = [
        (
            "DT-01",
            "Hỗ trợ dồn điền, đổi thửa",
            "Nghị quyết HĐND tỉnh",
            "Sở Nông nghiệp",
            "15/05/2023",
            "10/07/2023",
            "Có",
            "Không",
            "Có",
            "Có",
            "Toàn tỉnh",
        ),
        (
            "DT-02",
            "Quy định nội bộ",
            "Chỉ thị",
            "Văn phòng UBND",
            "15/05/2023",
            "",
            "",
            "Không",
            "Không",
            "Không",
            "Toàn tỉnh",
        ),
    ]
    first = sheet.max_row + 1 if sheet.cell(2, 1).value else 2
    for offset, row in enumerate(rows):
        for col, value in enumerate(row, start=1):
            sheet.cell(first + offset, col, value)
    filled = tmp_path / "du-thao.xlsx"  # type: ignore[operator]
    book.save(filled)
    assert headers[0] == "Mã"

    with page.expect_file_chooser() as chooser:  # VOILA-NOTES: FileUpload opens a chooser
        page.get_by_role("button", name="Chọn tệp dự thảo").click()
    chooser.value.set_files(str(filled))
    page.wait_for_selector(".kit-batch-table", timeout=TIMEOUT)
    table = page.inner_text(".kit-batch-table")
    assert "DT-01" in table and "Thuộc phạm vi" in table
    assert "DT-02" in table and "Lỗi dữ liệu" in table
    screenshot(page, "eligibility-batch-desktop")
    result_link = page.locator("a.kit-download", has_text="Tải kết quả")
    with page.expect_download() as out:
        result_link.click()
    saved = tmp_path / "ket-qua.xlsx"  # type: ignore[operator]
    out.value.save_as(saved)
    result = load_workbook(io.BytesIO(saved.read_bytes()))
    values = [[c.value for c in row] for row in result.worksheets[0].iter_rows()]
    conclusions = {row[0]: row[values[0].index("Kết luận")] for row in values[1:]}
    assert conclusions["DT-01"] == "Thuộc phạm vi" and conclusions["DT-02"] == "Lỗi dữ liệu"
    assert guarded.blocked == []  # type: ignore[attr-defined]
