"""The roll-up app's submission status panel in a real browser (desktop): a province with four
units on its list, two of them submitted (one late); the trainer opens the panel with the
passcode, sees the counts by level, and downloads the missing units as an XLSX."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from devtools.process import ServerProcess, start_kit
from kit import registry
from kit.server.kernels import POOLS_READY
from tests.conftest import make_and_download, screenshot

pytestmark = pytest.mark.browser
TIMEOUT = 60_000
PASSCODE = "so-tu-phap-lang-son"
UNITS = [
    ("STP", "Sở Tư pháp", "so_nganh", "Lạng Sơn"),
    ("SNV", "Sở Nội vụ", "so_nganh", "Lạng Sơn"),
    ("X001", "Ủy ban nhân dân xã Hòa Bình", "xa_phuong_dac_khu", "Lạng Sơn"),
    ("X002", "Ủy ban nhân dân xã Quảng Thái", "xa_phuong_dac_khu", "Lạng Sơn"),
]
#: the units that submitted their 2024 review, and when (UTC): SNV after 20/11 in Vietnam
SUBMITTED = {
    "STP": datetime(2024, 11, 1, 2, 0, tzinfo=UTC),
    "SNV": datetime(2024, 11, 25, 2, 0, tzinfo=UTC),
}


def prepare(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The province's data folder: the list imported, two reviews submitted, a passcode."""
    from sqlalchemy import update

    from kit.assessment.collection.file_submit import submit_file
    from kit.cli import main
    from kit.store import db
    from kit.store.models import AssessmentSubmission, Unit
    from kit.workshops import passcode
    from tests.test_province_done import answers, review_json, units_csv

    monkeypatch.setenv("KIT_DATA_DIR", str(data_dir))
    folder = data_dir.parent
    (folder / "don-vi.csv").write_bytes(units_csv(UNITS))
    assert main(["units", "import", str(folder / "don-vi.csv")]) == 0
    for code, when in SUBMITTED.items():
        assert all(
            o.stored for o in submit_file(review_json(folder / f"{code}.json", answers(), code))
        )
        with db.session() as sess:
            unit_id = sess.query(Unit.id).filter(Unit.code == code).scalar()
            sess.execute(
                update(AssessmentSubmission)
                .where(AssessmentSubmission.unit_id == unit_id)
                .values(submitted_at=when)
            )
    passcode.set_passcode(PASSCODE)
    db.engine().dispose()


@pytest.fixture
def province_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ServerProcess]:
    prepare(tmp_path / "data", monkeypatch)
    server = start_kit(tmp_path)
    try:
        server.wait_ready(log_marker=POOLS_READY)
        yield server
    finally:
        server.stop()


def test_the_status_panel_shows_the_counts_and_downloads_the_missing_units(
    province_server: ServerProcess, open_page: object
) -> None:
    guarded = open_page("desktop")  # type: ignore[operator]
    page = guarded.page
    alerts: list[str] = []
    page.on("dialog", lambda d: (alerts.append(d.message), d.dismiss()))
    page.goto(f"{province_server.base_url}/{registry.get('rollup').url_path}")
    page.wait_for_selector(".kit-status", timeout=TIMEOUT)
    assert "Sở Nội vụ" not in page.inner_text(".kit-status")  # closed without the passcode
    page.locator(".kit-status input[type=password]").fill(PASSCODE)
    page.get_by_role("button", name="Xem tình hình nộp").click()
    page.wait_for_selector("text=Tình hình nộp báo cáo kỳ 2024", timeout=TIMEOUT)
    panel = page.inner_text(".kit-status")
    assert "Hạn nộp: 20/11/2024. Đã nộp 2/4 đơn vị; chưa nộp 2; nộp muộn 1." in panel
    levels = page.locator(".kit-status-levels tr")
    rows = [levels.nth(i).inner_text().split("\t") for i in range(levels.count())]
    assert ["Sở, ban, ngành", "2", "2", "0", "1"] in [[c.strip() for c in r] for r in rows]
    assert ["Xã, phường, đặc khu", "2", "0", "2", "0"] in [[c.strip() for c in r] for r in rows]
    assert "Ủy ban nhân dân xã Quảng Thái" in panel and "25/11/2024 09:00" in panel
    page.locator(".kit-status").scroll_into_view_if_needed()
    screenshot(page, "rollup-status-desktop")

    data = make_and_download(
        page, "Tải danh sách đơn vị chưa nộp (.xlsx)", "Tải danh sách đơn vị chưa nộp (XLSX)"
    )
    sheet = load_workbook(io.BytesIO(data)).active
    found = [(r[0].value, r[1].value) for r in sheet.iter_rows(min_row=4)]
    assert sorted(found) == [
        ("X001", "Ủy ban nhân dân xã Hòa Bình"),
        ("X002", "Ủy ban nhân dân xã Quảng Thái"),
    ]
    assert alerts == [] and guarded.blocked == []  # type: ignore[attr-defined]
