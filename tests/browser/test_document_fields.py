"""The document fields in a real browser: a provincial officer fills them in the roll-up app, a
trainer in the trainer app's export; each sees, as they type, what the document still lacks; the
report downloaded carries them (no «DỰ THẢO», no "…", the number and day left blank for the
clerk); a reload offers them again; a symbol that is not one is named next to the fields. The
roll-up's skipped rows are one line above the figures that opens into their reasons."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document

from kit import api, registry
from tests.browser.test_workshop_round import PASSCODE, set_passcode, trainer_mode
from tests.conftest import make_and_download, screenshot
from tests.test_rollup_app import sheet

pytestmark = pytest.mark.browser
TIMEOUT = 60_000

ROLLUP_FIELDS = {
    "issuing-body": "Sở Tư pháp tỉnh Thanh Hóa",
    "parent-body": "Ủy ban nhân dân tỉnh Thanh Hóa",
    "symbol": "STP",
    "place": "Thanh Hóa",
    "authority": "KT. GIÁM ĐỐC",
    "position": "Phó Giám đốc",
    "signer": "Nguyễn Văn Đức",
    "recipients": "UBND tỉnh (để báo cáo)\nBộ Tư pháp (để tổng hợp)",
}
TRAINER_FIELDS = {
    "issuing-body": "Ủy ban nhân dân xã Quảng Thái",
    "symbol": "BC-UBND",
    "place": "Quảng Thái",
    "authority": "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH",
    "position": "Phó Chủ tịch",
    "signer": "Lê Thị Thu Hằng",
    "recipients": "Sở Tư pháp tỉnh Thanh Hóa (để tổng hợp)\nChủ tịch, các Phó Chủ tịch UBND xã",
}


def box(page: object, name: str) -> object:
    """The input of the field ``name`` (a text area for the multi-line ones)."""
    group = page.locator(f".kit-docfield-{name}")  # type: ignore[attr-defined]
    return group.locator("textarea, input").first


def fill_fields(page: object, values: dict[str, str]) -> None:
    for name, value in values.items():
        field = box(page, name)
        field.fill(value)  # type: ignore[attr-defined]
        field.press("Tab")  # type: ignore[attr-defined]


def docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join(parts).replace("\u00a0", " ").replace("\n", " ")


def status(page: object) -> str:
    return page.inner_text(".kit-doc-fields .kit-note >> nth=-1")  # type: ignore[attr-defined]


def test_the_level_above_fills_the_report_fields_and_gets_a_finished_report(
    kit_server: object, open_page: object, tmp_path: Path
) -> None:
    guarded = open_page("desktop")  # type: ignore[operator]
    page = guarded.page
    url = f"{kit_server.base_url}/{registry.get('rollup').url_path}"  # type: ignore[attr-defined]
    page.goto(url)
    page.wait_for_selector(".kit-rollup-body", timeout=TIMEOUT)
    path = tmp_path / "tong-hop.xlsx"
    path.write_bytes(sheet())
    with page.expect_file_chooser() as chooser:
        page.locator(".kit-upload").click()
    chooser.value.set_files(str(path))
    page.get_by_role("button", name="Tổng hợp các tệp đã chọn").click()
    page.wait_for_selector("text=Đã tổng hợp 3 đơn vị", timeout=TIMEOUT)

    # the skipped row: one line above the figures, its reason once when opened
    skipped = page.locator("details.kit-skipped")
    figures = page.locator(".kit-caution")
    assert skipped.bounding_box()["y"] < figures.bounding_box()["y"]
    assert "Có 1 tệp hoặc dòng chưa được tổng hợp" in skipped.inner_text()
    skipped.locator("summary").click()
    opened = skipped.inner_text()
    assert "tong-hop.xlsx, dòng 6" in opened and "không được là số âm" in opened
    assert "dòng/row" not in opened and "drafts_in_scope" not in opened
    skipped.scroll_into_view_if_needed()
    screenshot(page, "rollup-skipped-rows-desktop")

    # every field has a visible label; what is missing is said as it is typed
    group = page.locator(".kit-doc-fields")
    group.scroll_into_view_if_needed()
    for label in ("Cơ quan ban hành", "Ký hiệu văn bản", "Họ và tên người ký", "Nơi nhận"):
        assert group.get_by_text(label).first.is_visible()
    assert "Còn thiếu: cơ quan ban hành" in status(page)
    fill_fields(page, {**ROLLUP_FIELDS, "symbol": "BC STP!"})
    page.wait_for_selector("text=chưa đúng: viết chữ in hoa", timeout=TIMEOUT)
    fill_fields(page, {"symbol": ROLLUP_FIELDS["symbol"]})
    page.wait_for_selector(".kit-doc-fields >> text=Đủ thông tin", timeout=TIMEOUT)
    group.scroll_into_view_if_needed()
    screenshot(page, "rollup-document-fields-desktop")

    data = make_and_download(page, "Tạo báo cáo tổng hợp (DOCX)", "Tải báo cáo tổng hợp (DOCX)")
    text = docx_text(data)
    assert "DỰ THẢO" not in text and "…" not in text
    for printed in ("SỞ TƯ PHÁP TỈNH THANH HÓA", "Số:        /BC-STP", "Nguyễn Văn Đức"):
        assert printed in text, printed

    # a reload (a new kernel) offers the fields again
    page.reload()
    page.wait_for_selector(".kit-rollup-body", timeout=TIMEOUT)
    with page.expect_file_chooser() as chooser:
        page.locator(".kit-upload").click()
    chooser.value.set_files(str(path))
    page.get_by_role("button", name="Tổng hợp các tệp đã chọn").click()
    page.wait_for_selector("text=Đã tổng hợp 3 đơn vị", timeout=TIMEOUT)
    assert box(page, "signer").input_value() == "Nguyễn Văn Đức"
    assert box(page, "recipients").input_value() == ROLLUP_FIELDS["recipients"]
    assert guarded.blocked == []  # type: ignore[attr-defined]


def test_a_trainer_fills_the_workshop_report_fields_and_exports_it(
    kit_server: object, open_page: object
) -> None:
    base = kit_server.base_url  # type: ignore[attr-defined]
    set_passcode(Path(kit_server.log_path).parent / "data")  # type: ignore[attr-defined]
    guarded = open_page("desktop")  # type: ignore[operator]
    tp = guarded.page
    tp.goto(f"{base}/{registry.get('trainer').url_path}")
    tp.wait_for_selector(".kit-trainer-lock", timeout=TIMEOUT)
    tp.get_by_placeholder("Mật khẩu giảng viên").fill(PASSCODE)
    tp.get_by_role("button", name="Mở khóa").click()
    tp.wait_for_selector(".kit-modes", timeout=TIMEOUT)
    tp.get_by_placeholder("Tên lớp").fill("Truyền thông dự thảo chính sách cho cán bộ tư pháp xã")
    tp.get_by_placeholder("Địa điểm").fill("Hội trường Ủy ban nhân dân xã Quảng Thái")
    lesson = next(iter(api.load_content().ordered_lessons()))
    tp.locator(".kit-trainer-body select[multiple]").select_option(label=lesson.meta.title)
    tp.locator(".kit-trainer-body select:not([multiple])").select_option(
        label="Không có bài kiểm tra"
    )
    tp.get_by_role("button", name="Mở lớp", exact=True).click()
    tp.wait_for_selector(".kit-join-sheet", timeout=TIMEOUT)

    trainer_mode(tp, "Xuất kết quả")
    tp.wait_for_selector(".kit-doc-fields", timeout=TIMEOUT)
    fill_fields(tp, {**TRAINER_FIELDS, "signer": ""})
    tp.wait_for_selector(".kit-doc-fields >> text=Còn thiếu: họ và tên người ký", timeout=TIMEOUT)
    fill_fields(tp, {"signer": TRAINER_FIELDS["signer"]})
    tp.wait_for_selector(".kit-doc-fields >> text=Đủ thông tin", timeout=TIMEOUT)
    tp.get_by_role("button", name="Lưu thông tin văn bản").click()
    tp.wait_for_selector(".kit-doc-fields >> text=Đã lưu thông tin văn bản", timeout=TIMEOUT)
    tp.locator(".kit-doc-fields").scroll_into_view_if_needed()
    screenshot(tp, "trainer-document-fields")

    data = make_and_download(tp, "Tạo báo cáo (DOCX)", "Tải báo cáo (DOCX)")
    text = docx_text(data)
    assert "DỰ THẢO" not in text and "…" not in text
    for printed in (
        "ỦY BAN NHÂN DÂN XÃ QUẢNG THÁI",
        "Số:        /BC-UBND",
        "Quảng Thái, ngày",
        "TM. ỦY BAN NHÂN DÂN",
        "Lê Thị Thu Hằng",
        "- Chủ tịch, các Phó Chủ tịch UBND xã;",
    ):
        assert printed in text, printed
    assert "Hội trường" not in text.split("BÁO CÁO")[0]  # the venue is not the place name
    assert guarded.blocked == []  # type: ignore[attr-defined]
