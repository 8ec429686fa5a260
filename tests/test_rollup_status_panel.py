"""Does the roll-up app's status panel show, for the period picked (by default the latest year
with submissions, as ``kit units status``), who submitted, who has not and who was late, by
level; leave inactive units out; open only with the trainer passcode; refuse a forged period;
export the missing units as a workbook of text cells; say in plain words how units get
registered when none is; and state the roll-up's coverage on the screen and in the report?"""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from sqlalchemy import update

from kit.apps.rollup.app import RollUpView
from kit.apps.rollup.status import coverage
from kit.apps.ui.shell import AppShell
from kit.assessment.collection.file_submit import submit_file
from kit.assessment.rollup.sources import read_files
from kit.core.errors import InputError
from kit.store import db
from kit.store.models import AssessmentSubmission, Unit
from kit.units.status import missing_xlsx, units_status
from kit.workshops import passcode
from tests.test_exercises_app import widget_texts
from tests.test_province_done import answers, review_json, units_csv
from tests.test_rollup_app import link_bytes

PASSCODE = "so-tu-phap-2025"
EVIL = "<img src=x onerror=alert(1)>"
FORMULA = '=HYPERLINK("http://x.example","bấm")'
XA = "xa_phuong_dac_khu"

#: the province's list: two departments, four communes, one that leaves the list afterwards
UNITS = [
    ("STP", "Sở Tư pháp", "so_nganh", "Lạng Sơn"),
    ("SNV", "Sở Nội vụ", "so_nganh", "Lạng Sơn"),
    ("X001", "Ủy ban nhân dân xã Hòa Bình", XA, "Lạng Sơn"),
    ("X002", "Ủy ban nhân dân xã Quảng Thái", XA, "Lạng Sơn"),
    ("X003", f"Phường {EVIL}", XA, "Lạng Sơn"),
    ("X004", FORMULA, XA, "Lạng Sơn"),
    ("CU", "Ủy ban nhân dân xã Tân Lập", XA, "Lạng Sơn"),
]


def next_year(values: dict[str, object]) -> dict[str, object]:
    """The same review a year later: every date in it (the period, the report, the events)."""
    return {k: v.replace(year=v.year + 1) for k, v in values.items() if isinstance(v, date)}


Y2025 = next_year(answers())
#: (code, the review's period changes, when its first version was stored, UTC)
SUBMITTED = [
    ("STP", {}, datetime(2024, 11, 10, 3, 0, tzinfo=UTC)),
    # 21/11/2024 00:30 in Vietnam: late (the date counts inclusive, in Vietnam's time)
    ("SNV", {}, datetime(2024, 11, 20, 17, 30, tzinfo=UTC)),
    # 20/11/2024 23:30 in Vietnam: on time
    ("X001", {}, datetime(2024, 11, 20, 16, 30, tzinfo=UTC)),
    ("X002", Y2025, datetime(2025, 6, 1, tzinfo=UTC)),
    ("CU", {}, datetime(2024, 10, 1, tzinfo=UTC)),  # then taken off the list: not expected
]


def _stamp(code: str, when: datetime) -> None:
    with db.session() as sess:
        unit_id = sess.query(Unit.id).filter(Unit.code == code).scalar()
        sess.execute(
            update(AssessmentSubmission)
            .where(AssessmentSubmission.unit_id == unit_id)
            .values(submitted_at=when)
        )


@pytest.fixture(scope="module")
def province(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One province's database for the module: the list imported, five reviews submitted from
    files at known times, then CU taken off the list; the trainer passcode set."""
    from kit.cli import main

    folder = tmp_path_factory.mktemp("province")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KIT_DATA_DIR", str(folder / "data"))
        patch.delenv("KIT_DATABASE_URL", raising=False)
        patch.setattr(passcode, "_sleep", lambda _seconds: None)
        (folder / "all.csv").write_bytes(units_csv(UNITS))
        assert main(["units", "import", str(folder / "all.csv")]) == 0
        for code, changes, when in SUBMITTED:
            path = review_json(folder / f"{code}.json", answers(**changes), code=code)
            assert all(o.stored for o in submit_file(path)), code
            _stamp(code, when)
        (folder / "now.csv").write_bytes(units_csv(UNITS[:-1]))
        assert main(["units", "import", str(folder / "now.csv")]) == 0
        passcode.set_passcode(PASSCODE)
        yield folder


def open_panel(unlock: bool = True) -> tuple[AppShell, RollUpView]:
    shell = AppShell("rollup", None)
    view = RollUpView(shell)
    shell.mount(view.render)
    if unlock:
        view.panel.open(PASSCODE)
    return shell, view


# period asked (None: the default) → period shown, summary, (level, expected, submitted,
# missing, late) rows, missing codes, late codes
CASES = [
    (None, 2025, "Đã nộp 1/6 đơn vị; chưa nộp 5; nộp muộn 0",
     [("Sở, ban, ngành", 2, 0, 2, 0), ("Xã, phường, đặc khu", 4, 1, 3, 0)],
     ["SNV", "STP", "X004", "X003", "X001"], []),
    (2024, 2024, "Đã nộp 3/6 đơn vị; chưa nộp 3; nộp muộn 1",
     [("Sở, ban, ngành", 2, 2, 0, 1), ("Xã, phường, đặc khu", 4, 1, 3, 0)],
     ["X004", "X003", "X002"], ["SNV"]),
    (2023, 2023, "Đã nộp 0/6 đơn vị; chưa nộp 6; nộp muộn 0",
     [("Sở, ban, ngành", 2, 0, 2, 0), ("Xã, phường, đặc khu", 4, 0, 4, 0)],
     ["SNV", "STP", "X004", "X003", "X001", "X002"], []),
]  # fmt: skip


@pytest.mark.parametrize(("asked", "period", "summary", "levels", "missing", "late"), CASES)
def test_the_panel_counts_each_period_by_level_without_the_inactive_unit(
    province: Path,
    asked: int | None,
    period: int,
    summary: str,
    levels: list[tuple[str, int, int, int, int]],
    missing: list[str],
    late: list[str],
) -> None:
    shell, view = open_panel()
    if asked is not None:
        view.panel.show(asked)
    status = view.panel.current()
    assert status.period == period
    assert sorted(u.code for u in status.missing) == sorted(missing)
    assert [u.code for u in status.late] == late
    text = widget_texts(shell.body)
    assert f"Tình hình nộp báo cáo kỳ {period}" in text and summary in text
    assert f"Hạn nộp: 20/11/{period}" in text
    for label, *counts in levels:
        cells = "".join(f"<td>{n}</td>" for n in counts)
        assert f"<th scope='row'>{label}</th>{cells}" in text
    assert "CU" not in {u.code for u in status.missing} and "Tân Lập" not in text
    assert EVIL not in text and "&lt;img src=x" in text
    if late:  # the late list gives the first submission in Vietnam's time
        assert "21/11/2024 00:30" in text


def test_the_panel_in_english_uses_english_labels_and_numbers(province: Path) -> None:
    shell, view = open_panel()
    view.panel.show(2024)
    shell.set_lang("en")
    text = widget_texts(shell.body)
    assert "Submissions for period 2024" in text and "Submitted 3/6 units" in text
    assert "<th scope='row'>Provincial department or agency</th><td>2</td>" in text


def test_the_missing_list_downloads_as_a_workbook_of_text_cells(province: Path) -> None:
    _, view = open_panel()
    view.panel.show(2024)
    view.panel.export_missing()
    assert view.panel.download is not None
    assert "don-vi-chua-nop-2024.xlsx" in view.panel.download.value
    sheet = load_workbook(io.BytesIO(link_bytes(view.panel.download))).active
    assert "kỳ 2024" in str(sheet.cell(1, 1).value) and "3/6" in str(sheet.cell(1, 1).value)
    assert [c.value for c in sheet[3]] == [
        "Mã đơn vị / Unit code",
        "Tên đơn vị / Unit name",
        "Cấp / Level",
        "Tỉnh, thành phố / Province or city",
    ]
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=4)]
    assert sorted(r[0] for r in rows) == ["X002", "X003", "X004"]
    formula = next(r for r in sheet.iter_rows(min_row=4) if r[0].value == "X004")
    assert formula[1].value == FORMULA and formula[1].data_type == "s"  # text, never a formula
    assert {r[2] for r in rows} == {"Xã, phường, đặc khu"}


@pytest.mark.parametrize(
    "forged",
    [1999, 2101, "2024; DROP TABLE units", "２０２４", True, 2024.5, None, [2024], "-2024"],
)
def test_a_forged_period_is_refused_and_the_shown_period_is_kept(
    province: Path, forged: object
) -> None:
    _, view = open_panel()
    view.panel.show(2024)
    with pytest.raises(InputError) as refused:
        view.panel.show(forged)
    assert "2000" in refused.value.vi and "2100" in refused.value.en
    assert view.panel.period == 2024


def test_the_panel_stays_closed_without_the_trainer_passcode(province: Path) -> None:
    shell, view = open_panel(unlock=False)
    text = widget_texts(shell.body)
    assert "mật khẩu giảng viên" in text
    assert "Sở Nội vụ" not in text and "1/6" not in text
    with pytest.raises(InputError):
        view.panel.export_missing()
    with pytest.raises(InputError):
        view.panel.open("sai-mat-khau")
    assert "Sở Nội vụ" not in widget_texts(shell.body)
    view.panel.open(PASSCODE)
    assert "Sở Nội vụ" in widget_texts(shell.body)


def test_opening_the_submitted_reviews_opens_the_panel_too(province: Path) -> None:
    shell, view = open_panel(unlock=False)
    view.load_submitted(PASSCODE, 2024)
    text = widget_texts(shell.body)
    assert "Tình hình nộp báo cáo kỳ 2025" in text
    # the roll-up of 2024's reviews: STP, SNV and X001 of the six units on the list (CU, off
    # the list now, is outside it)
    assert "Kết quả tổng hợp gồm 3/6 đơn vị phải báo cáo (50%)." in text
    assert "1 đơn vị trong kết quả không có trong danh sách" in text


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_with_no_unit_registered_the_panel_says_how_units_get_registered(
    lang: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KIT_DATA_DIR", str(tmp_path))
    shell = AppShell("rollup", None, lang=lang)
    view = RollUpView(shell)
    shell.mount(view.render)
    text = widget_texts(shell.body)
    if lang == "vi":
        assert "Chưa có danh sách đơn vị phải báo cáo" in text
        assert "«Mã truy cập của đơn vị»" in text and "giảng viên" in text
    else:
        assert "no list of the units expected to report" in text and "README" in text
    for command_syntax in ("kit units", "kit ", "--", ".yaml", "Traceback", "units import"):
        assert command_syntax not in text
    assert view.panel.report_coverage([]) is None and view.panel.coverage_html([], lang) == ""


def test_the_report_states_the_coverage_of_the_list(province: Path) -> None:
    """Files of two registered units and one unit off the list: 2/6 on the screen and in the
    consolidated report; a look-alike name is not counted until a person confirms it."""
    strong = review_json(province / "a.json", answers(unit_name="Sở Tư pháp", province="Lạng Sơn"))
    other = review_json(
        province / "b.json",
        answers(unit_name="Ủy ban nhân dân xã Hòa Bình", unit_level=XA, province="Lạng Sơn"),
    )
    outside = review_json(province / "c.json", answers(unit_name="Trường Chính trị tỉnh"))
    files = [(p.name, p.read_bytes()) for p in (strong, other, outside)]
    found = coverage(read_files(files).units)
    assert found is not None and (found.covered, found.expected, found.outside) == (2, 6, 1)

    shell, view = open_panel()
    view.load_files([{"name": n, "content": b} for n, b in files])
    assert "Kết quả tổng hợp gồm 2/6 đơn vị phải báo cáo (33,3%)." in widget_texts(shell.body)
    view.export("docx")
    document = Document(io.BytesIO(link_bytes(view.downloads["docx"])))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "danh sách đơn vị phải báo cáo có kết quả được tổng hợp: 2/6 đơn vị (33,3%)" in text


def test_missing_xlsx_of_a_period_nobody_missed_has_only_its_headers(province: Path) -> None:
    status = units_status(2024)
    everyone = type(status)(2024, status.deadline, 6, 6, (), (), status.by_level)
    sheet = load_workbook(io.BytesIO(missing_xlsx(everyone, date(2024, 12, 1)))).active
    assert "0/6" in str(sheet.cell(1, 1).value) and "01/12/2024" in str(sheet.cell(1, 1).value)
    assert sheet.max_row == 3
