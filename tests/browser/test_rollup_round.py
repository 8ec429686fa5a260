"""The roll-up app in a real browser: upload a filled collection sheet (one bad row), see the
figures, the caution and what peers did, change the threshold, download the workbook."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from kit import registry
from tests.conftest import assert_fits_a_phone, make_and_download, screenshot
from tests.test_rollup_app import sheet

pytestmark = pytest.mark.browser
TIMEOUT = 60_000


def test_the_level_above_rolls_up_a_sheet_and_downloads_the_workbook(
    kit_server: object, open_page: object, tmp_path: Path
) -> None:
    guarded = open_page("phone")  # type: ignore[operator]
    page = guarded.page
    alerts: list[str] = []
    page.on("dialog", lambda d: (alerts.append(d.message), d.dismiss()))
    page.goto(f"{kit_server.base_url}/{registry.get('rollup').url_path}")  # type: ignore[attr-defined]
    page.wait_for_selector(".kit-rollup-body", timeout=TIMEOUT)
    path = tmp_path / "tong-hop.xlsx"
    path.write_bytes(sheet())
    with page.expect_file_chooser() as chooser:
        page.locator(".kit-upload").click()
    chooser.value.set_files(str(path))
    page.get_by_role("button", name="Tổng hợp các tệp đã chọn").click()
    page.wait_for_selector("text=Đã tổng hợp 3 đơn vị", timeout=TIMEOUT)
    body = page.inner_text(".kit-rollup-body")
    assert "không phải xếp hạng" in body and "1 tệp hoặc dòng chưa được tổng hợp" in body
    assert page.locator("img[src='x']").count() == 0
    page.locator(".kit-caution").scroll_into_view_if_needed()
    screenshot(page, "rollup-phone")
    assert_fits_a_phone(page)

    data = make_and_download(page, "Tạo tệp tổng hợp (XLSX)", "Tải tệp tổng hợp (XLSX)")
    book = load_workbook(io.BytesIO(data))
    assert "Tổng hợp" in book.sheetnames
    assert alerts == [] and guarded.blocked == []  # type: ignore[attr-defined]
