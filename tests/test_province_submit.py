"""Is each review in a file stored for the unit it names, or refused on its own with a line that
says why and which registered units to choose from; and does ``kit units status`` count who is
expected, who submitted, who is missing and who was late, on SQLite and PostgreSQL?"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import update

from kit.store import db
from kit.store.models import AssessmentSubmission
from kit.units.reporting import parse_rule, reporting_rule
from tests.test_province_done import (
    UNITS,
    Kit,
    answers,
    kit,  # noqa: F401  (the fixture)
    review_json,
    reviews_csv,
    units_csv,
    use,
)

pytest_plugins = ["tests.pg_fixture"]

MORE_UNITS = [
    *UNITS,
    ("X004", "Ủy ban nhân dân xã An Bình", "xa_phuong_dac_khu", "Lạng Sơn"),
    ("X005", "Ủy ban nhân dân xã An Bình", "xa_phuong_dac_khu", "Lạng Sơn"),  # same name
    ("CU", "Ủy ban nhân dân xã Tân Lập", "xa_phuong_dac_khu", "Lạng Sơn"),
]


@pytest.fixture
def province(db_url: str, kit: Kit, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:  # noqa: F811
    use(monkeypatch, tmp_path / "data", db_url)
    (tmp_path / "all.csv").write_bytes(units_csv(MORE_UNITS))
    assert kit("units", "import", tmp_path / "all.csv").code == 0
    # CU leaves the list: kept, inactive, no longer expected
    (tmp_path / "now.csv").write_bytes(units_csv(MORE_UNITS[:-1]))
    assert kit("units", "import", tmp_path / "now.csv").code == 0
    return tmp_path


LG = {"unit_level": "xa_phuong_dac_khu", "province": "Lạng Sơn"}

# (code column, the unit's changes, stored as this code or None, words the refusal line holds)
ROWS: list[tuple[str, dict[str, object], str | None, list[str]]] = [
    ("x001", {"unit_name": "tên gõ sai hẳn"}, "X001", []),
    ("", {"unit_name": "ỦY BAN NHÂN DÂN XÃ QUẢNG THÁI", **LG}, "X002", []),
    ("", {"unit_name": "UBND xã Quảng Thái", **LG}, None, ["X002", "UBND = Ủy ban nhân dân"]),
    ("", {"unit_name": "Uy ban nhan dan xa Quang Thai", **LG}, None, ["X002", "without"]),
    ("", {"unit_name": "Ủy ban nhân dân xã Quảng Thái", "unit_level": "so_nganh"}, None,
     ["X002", "another level"]),
    ("", {"unit_name": "Ủy ban nhân dân xã An Bình", **LG}, None, ["X004", "X005", "several"]),
    ("", {"unit_name": "Ủy ban nhân dân xã Hòa Bìn", **LG}, None, ["X001"]),
    ("", {"unit_name": "Trường Đại học Luật", **LG}, None, ["no unit on the list"]),
    ("ZZ9", {"unit_name": "Đơn vị Z"}, None, ["ZZ9", "not on the list"]),
    ("CU", {"unit_name": "Xã Tân Lập"}, None, ["CU", "inactive"]),
    ("X003", {"unit_name": "Phường Đông Kinh", "drafts_total": -4}, None, ["drafts_total"]),
    ("x001", {"unit_name": "X001 lần hai"}, None, ["already in row 3"]),
]  # fmt: skip


def test_each_row_is_stored_or_refused_on_its_own_with_the_closest_units_named(
    province: Path,
    kit: Kit,  # noqa: F811
) -> None:
    rows = [(code, answers(**changes)) for code, changes, _, _ in ROWS]
    sheet = reviews_csv(province / "tong-hop.csv", rows)
    done = kit("assess", "submit", sheet)
    assert done.code == 1
    refusals = done.err.strip().splitlines()
    refused = [r for r in ROWS if r[2] is None]
    assert len(refusals) == len(refused)
    for (_, _, _, words), line in zip(refused, sorted(refusals, key=_row_number), strict=True):
        assert " / " in line
        for word in words:
            assert word in line, line
    status = json.loads(kit("units", "status", "--json").out)
    assert status["expected"] == 7 and status["submitted"] == 2  # the stored rows are kept
    assert {m["code"] for m in status["missing"]} == {"STP", "SNV", "X003", "X004", "X005"}


def _row_number(line: str) -> int:
    return int(line.split(" dòng/row ", 1)[1].split(":", 1)[0])


def test_a_file_that_cannot_be_read_is_one_refusal_and_the_next_file_is_still_stored(
    province: Path,
    kit: Kit,  # noqa: F811
) -> None:
    broken = province / "hong.json"
    broken.write_text("{not json", "utf-8")
    word = province / "bao-cao.xlsx"
    word.write_bytes(b"%PDF-1.4 not a workbook")
    good = review_json(province / "snv.json", answers(unit_name="Sở Nội vụ"), code="SNV")
    done = kit("assess", "submit", broken, word, good)
    assert done.code == 1
    lines = done.err.strip().splitlines()
    assert [line.split(":", 1)[0] for line in lines] == ["hong.json", "bao-cao.xlsx"]
    assert "PDF" in lines[1]
    assert "SNV" in done.out and json.loads(kit("units", "status", "--json").out)["submitted"] == 1


def test_sending_the_same_review_again_adds_no_version_and_a_changed_one_adds_version_2(
    province: Path,
    kit: Kit,  # noqa: F811
) -> None:
    first = review_json(province / "a.json", answers(unit_name="Sở Tư pháp"), code="STP")
    assert "bản 1" in kit("assess", "submit", first).out
    again = kit("assess", "submit", first)
    assert again.code == 0 and "không thêm bản mới" in again.out
    changed = review_json(province / "b.json", answers(press_items=99), code="STP")
    assert "bản 2" in kit("assess", "submit", changed).out


def _stamp(url: str, code: str, when: datetime) -> None:
    from kit.store.models import Unit

    eng = db.create(url)
    with db.session(eng) as sess:
        unit_id = sess.query(Unit.id).filter(Unit.code == code).scalar()
        sess.execute(
            update(AssessmentSubmission)
            .where(AssessmentSubmission.unit_id == unit_id)
            .values(submitted_at=when)
        )
    eng.dispose()


def test_late_is_after_20_11_of_the_period_in_vietnam_time_and_inactive_units_are_not_expected(
    province: Path,
    kit: Kit,  # noqa: F811
    db_url: str,
) -> None:
    url = (
        db_url
        if not db_url.startswith("sqlite")
        else f"sqlite:///{province / 'data' / 'kit.sqlite3'}"
    )
    files = [
        review_json(province / f"{code}.json", answers(), code=code)
        for code in ("STP", "SNV", "X001", "CU")
    ]
    assert kit("assess", "submit", *files[:3]).code == 0
    assert kit("assess", "submit", files[3]).code == 1  # inactive: refused
    # 20/11/2024 23:30 in Vietnam is 16:30 UTC: on time; 21/11 00:30 in Vietnam is late
    _stamp(url, "STP", datetime(2024, 11, 20, 16, 30, tzinfo=UTC))
    _stamp(url, "SNV", datetime(2024, 11, 20, 17, 30, tzinfo=UTC))
    _stamp(url, "X001", datetime(2024, 3, 1, tzinfo=UTC))
    found = json.loads(kit("units", "status", "--json").out)
    assert found["expected"] == 7 and found["submitted"] == 3
    assert [(u["code"], u["submitted_at"][:16]) for u in found["late"]] == [
        ("SNV", "2024-11-20T17:30")
    ]
    assert "CU" not in {m["code"] for m in found["missing"]}
    other_year = json.loads(kit("units", "status", "--period", "2025", "--json").out)
    assert (other_year["period"], other_year["submitted"], len(other_year["missing"])) == (
        2025,
        0,
        7,
    )
    text = kit("units", "status")
    assert "3/7" in text.out and "20/11/2024" in text.out


def test_the_default_period_is_this_year_when_nothing_was_submitted(
    province: Path,
    kit: Kit,  # noqa: F811
) -> None:
    found = json.loads(kit("units", "status", "--json").out)
    assert found["period"] == datetime.now(UTC).year and found["submitted"] == 0


@pytest.mark.parametrize("period", ["24", "abcd", "1999", "2101", "-2024"])
def test_a_period_that_is_not_a_year_is_a_usage_error(period: str, kit: Kit) -> None:  # noqa: F811
    with pytest.raises(SystemExit) as exc:
        kit("units", "status", "--period", period)
    assert exc.value.code == 2


def test_the_reporting_date_is_rule_data_with_its_source() -> None:
    rule = reporting_rule()
    assert rule.deadline(2025) == date(2025, 11, 20) and rule.inclusive
    assert "407/QĐ-TTg" in rule.source and "V.1" in rule.source


@pytest.mark.parametrize(
    "entry",
    [
        {"day": 31, "month": 11, "source": "x", "source_en": "x"},
        {"day": 20, "month": 13, "source": "x", "source_en": "x"},
        {"day": "20", "month": 11, "source": "x", "source_en": "x"},
        {"day": 20, "month": 11, "source": "", "source_en": "x"},
        {"day": 20, "month": 11, "source": "x", "source_en": "x", "inclusive": "yes"},
        {"day": 20, "month": 11, "source": "x", "source_en": "x", "utc_offset_hours": 30},
    ],
)
def test_a_wrong_reporting_rule_is_refused(entry: dict[str, object]) -> None:
    from kit.core.errors import ConfigError

    with pytest.raises(ConfigError):
        parse_rule({"schema_version": 1, "yearly_report": entry})
