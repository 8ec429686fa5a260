"""The province's round, end to end from the command line, on SQLite and on PostgreSQL: import
the units expected to report, submit reviews from files, see who has not submitted, back up and
restore into a new data folder of the other kind of database, and see the same status there."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from kit.assessment.collection.template import cell_value
from kit.assessment.questionnaire.answers import check_answers
from kit.assessment.questionnaire.saved import read_saved, to_saved
from kit.assessment.questionnaire.schema import load_questionnaire
from kit.cli import main

pytest_plugins = ["tests.pg_fixture"]

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "assessment"
FIELDS = load_questionnaire().fields()

#: the five units a province expects (code, name, level, province)
UNITS = [
    ("STP", "Sở Tư pháp", "so_nganh", "Lạng Sơn"),
    ("SNV", "Sở Nội vụ", "so_nganh", "Lạng Sơn"),
    ("X001", "Ủy ban nhân dân xã Hòa Bình", "xa_phuong_dac_khu", "Lạng Sơn"),
    ("X002", "Ủy ban nhân dân xã Quảng Thái", "xa_phuong_dac_khu", "Lạng Sơn"),
    ("X003", "Ủy ban nhân dân phường Đông Kinh", "xa_phuong_dac_khu", "Lạng Sơn"),
]


def answers(name: str = "strong-unit", **changes: object) -> dict[str, object]:
    data = json.loads((FIXTURES / f"{name}.json").read_text("utf-8"))
    return check_answers(read_saved(data).raw).answers | changes


def units_csv(rows: list[tuple[str, str, str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Mã đơn vị", "Tên đơn vị", "Cấp", "Tỉnh/thành phố"])
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def review_json(path: Path, unit: Mapping[str, object], code: str = "") -> Path:
    saved = to_saved(unit)
    if code:
        saved["unit"] = {**saved["unit"], "unit_code": code}  # type: ignore[dict-item]
    path.write_text(json.dumps(saved, ensure_ascii=False), "utf-8")
    return path


def reviews_csv(path: Path, rows: list[tuple[str, Mapping[str, object]]]) -> Path:
    """The collection sheet as a UTF-8 CSV, with a ``unit_code`` column (blank: by name)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["Mã đơn vị", *(f.label for f in FIELDS.values())])
    writer.writerow(["unit_code", *FIELDS])
    for code, unit in rows:
        typed = {k: cell_value(FIELDS[k], v) for k, v in unit.items()}
        shown = {k: v.strftime("%d/%m/%Y") if isinstance(v, date) else v for k, v in typed.items()}
        writer.writerow([code, *("" if shown.get(k) is None else shown[k] for k in FIELDS)])
    path.write_bytes(out.getvalue().encode("utf-8-sig"))
    return path


@dataclass
class Run:
    code: int
    out: str
    err: str


Kit = Callable[..., Run]


@pytest.fixture
def kit(capsys: pytest.CaptureFixture[str]) -> Kit:
    def run(*args: object) -> Run:
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


def use(monkeypatch: pytest.MonkeyPatch, folder: Path, url: str) -> None:
    """Point the kit at a fresh data folder and, for PostgreSQL, a fresh database."""
    monkeypatch.setenv("KIT_DATA_DIR", str(folder))
    if url.startswith("sqlite"):
        monkeypatch.delenv("KIT_DATABASE_URL", raising=False)
    else:
        monkeypatch.setenv("KIT_DATABASE_URL", url)


@pytest.fixture
def other_url(request: pytest.FixtureRequest, db_url: str, tmp_path: Path) -> Iterator[str]:
    """A database of the other kind, to restore into."""
    if db_url.startswith("sqlite"):
        yield request.getfixturevalue("postgres_url")
    else:
        yield f"sqlite:///{tmp_path / 'restored' / 'kit.sqlite3'}"


def test_five_expected_three_submitted_two_missing_and_the_same_after_backup_and_restore(
    db_url: str, other_url: str, kit: Kit, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use(monkeypatch, tmp_path / "data", db_url)
    (tmp_path / "don-vi.csv").write_bytes(units_csv(UNITS))
    assert kit("units", "import", tmp_path / "don-vi.csv").code == 0

    # by exact name, written with the other tone placement ("Hoà"); by the code in the file;
    # and one row of a sheet that gives the code in its unit_code column
    by_name = review_json(
        tmp_path / "hoa-binh.json",
        answers(
            unit_name="Uỷ ban nhân dân xã  Hoà Bình",
            unit_level="xa_phuong_dac_khu",
            province="Tỉnh Lạng Sơn",
        ),
    )
    by_code = review_json(tmp_path / "stp.json", answers(unit_name="Sở Tư pháp tỉnh"), code="stp")
    sheet = reviews_csv(
        tmp_path / "tong-hop.csv",
        [("X002", answers("weak-unit-no-evidence", unit_name="Xã Quảng Thái (cũ)"))],
    )
    submitted = kit("assess", "submit", by_name, by_code, sheet)
    assert submitted.code == 0, submitted.err
    assert submitted.err == "" and submitted.out.count("/") >= 3

    status = kit("units", "status", "--json")
    assert status.code == 0
    found = json.loads(status.out)
    assert (found["period"], found["deadline"]) == (2024, "2024-11-20")
    assert (found["expected"], found["submitted"]) == (5, 3)
    assert found["missing"] == [
        {"code": "SNV", "name": "Sở Nội vụ", "level": "so_nganh"},
        {"code": "X003", "name": "Ủy ban nhân dân phường Đông Kinh", "level": "xa_phuong_dac_khu"},
    ]
    # stored today, for the year 2024: after its reporting date, so all three are late
    assert sorted(u["code"] for u in found["late"]) == ["STP", "X001", "X002"]

    backup = tmp_path / "sao-luu.zip"
    assert kit("db", "backup", "-o", backup).code == 0
    use(monkeypatch, tmp_path / "restored", other_url)
    restored = kit("db", "restore", backup)
    assert restored.code == 0, restored.err
    assert json.loads(kit("units", "status", "--json").out) == found
