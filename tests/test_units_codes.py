"""Is one access code issued per active unit, shown in clear only in the list printed, stored as a
hash, opened however it is typed, and does a reissued or revoked code stop working at once on
every server sharing the database?"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from sqlalchemy import Engine, select, text

from kit.cli import main
from kit.export.docx_base import MARGINS_MM
from kit.store import db
from kit.store.models import UnitCode
from kit.units import access, codes
from kit.units.access import AccessRefused, open_with_code, verify
from kit.units.registry import UnitEntry, apply_import

CODE = re.compile(r"\b[2-9A-HJKMNP-Z]{4}(?:-[2-9A-HJKMNP-Z]{4}){3}\b")
UNITS = [
    UnitEntry(2, "X001", "Ủy ban nhân dân xã Hòa Bình", "xa_phuong_dac_khu", "Lạng Sơn"),
    UnitEntry(3, "S-TP", "Sở Tư pháp tỉnh Lạng Sơn", "so_nganh", "Lạng Sơn"),
    UnitEntry(4, "T01", "Ủy ban nhân dân tỉnh Lạng Sơn", "tinh_thanh_pho", ""),
]


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'ma.sqlite3'}"


@pytest.fixture
def engine(url: str) -> Iterator[Engine]:
    eng = db.create(url)
    db.upgrade(eng)
    apply_import(UNITS, [u.code for u in UNITS], eng)
    yield eng
    eng.dispose()


@pytest.fixture
def waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The waits after wrong codes, recorded instead of slept."""
    waited: list[float] = []
    monkeypatch.setattr(access, "_after_wrong_code", lambda: waited.append(1.0))
    return waited


def test_each_active_unit_gets_one_code_and_a_second_run_issues_none(engine: Engine) -> None:
    issued, had = codes.issue_missing(engine)
    assert sorted(i.unit.code for i in issued) == ["S-TP", "T01", "X001"] and had == 0
    assert all(CODE.fullmatch(i.code) and i.code.endswith(i.hint) for i in issued)
    assert len({i.code for i in issued}) == 3
    again, had = codes.issue_missing(engine)
    assert again == [] and had == 3


def test_an_inactive_unit_gets_no_code(engine: Engine) -> None:
    apply_import(UNITS[:2], ["X001", "S-TP"], engine)
    issued, _ = codes.issue_missing(engine)
    assert sorted(i.unit.code for i in issued) == ["S-TP", "X001"]
    with pytest.raises(Exception, match="T01"):
        codes.reissue("T01", engine)


def test_only_the_hash_and_a_hint_are_stored(engine: Engine) -> None:
    issued, _ = codes.issue_missing(engine)
    with engine.connect() as conn:
        dump = repr(conn.execute(text("SELECT * FROM unit_codes")).all())
        stored = {r.code_hash for r in conn.execute(select(UnitCode.code_hash))}
    assert dump.count("'") >= 6 * 3  # every row is in the dump (hash, hint, date …)
    for i in issued:
        assert i.code not in dump and i.code.replace("-", "") not in dump
        assert f"'{i.hint}'" in dump
        assert hashlib.sha256(i.code.replace("-", "").encode()).hexdigest() in stored


@pytest.mark.parametrize(
    "typed",
    [
        lambda c: c,
        lambda c: c.lower(),
        lambda c: c.replace("-", ""),
        lambda c: f"  {c.replace('-', ' ')}  ",
        lambda c: c.replace("-", "."),
    ],
)
def test_a_code_opens_its_unit_however_it_is_typed(engine: Engine, typed) -> None:  # type: ignore[no-untyped-def]
    issued, _ = codes.issue_missing(engine)
    for i in issued:
        opened = open_with_code(typed(i.code), engine)
        assert opened.unit == i.unit and opened.by == "code" and opened.hint == i.hint


@pytest.mark.parametrize("wrong", ["", "K7QX-4MZP-8B2C-ZZZZ", "x" * 500, None, 12345, ["a"]])
def test_a_wrong_code_waits_and_opens_nothing(engine: Engine, waits: list[float], wrong) -> None:  # type: ignore[no-untyped-def]
    codes.issue_missing(engine)
    with pytest.raises(AccessRefused):
        open_with_code(wrong, engine)
    assert waits == [1.0]


def test_a_reissued_code_replaces_the_old_one(engine: Engine, waits: list[float]) -> None:
    issued = {i.unit.code: i for i in codes.issue_missing(engine)[0]}
    old = open_with_code(issued["X001"].code, engine)
    new = codes.reissue("x001", engine)  # the unit code in any case
    assert new.code != issued["X001"].code and new.unit.code == "X001"
    with pytest.raises(AccessRefused):
        open_with_code(issued["X001"].code, engine)
    with db.session(engine) as sess, pytest.raises(AccessRefused):
        verify(old, sess)  # a page opened with the old code can write no more
    assert open_with_code(new.code, engine).unit.code == "X001"
    assert open_with_code(issued["S-TP"].code, engine).unit.code == "S-TP"  # others untouched


def test_a_revoked_code_stops_at_once_on_another_server(
    engine: Engine, url: str, waits: list[float]
) -> None:
    issued = {i.unit.code: i for i in codes.issue_missing(engine)[0]}
    opened = open_with_code(issued["S-TP"].code, engine)  # a page on this server
    other_server = db.create(url)  # another process on the same database
    try:
        assert codes.revoke("S-TP", other_server) == 1
        with db.session(engine) as sess, pytest.raises(AccessRefused) as exc:
            verify(opened, sess)
        assert "thu hồi" in exc.value.vi
        with pytest.raises(AccessRefused):
            open_with_code(issued["S-TP"].code, engine)
        assert codes.revoke("S-TP", other_server) == 0  # nothing left to revoke
    finally:
        other_server.dispose()


def test_a_unit_made_inactive_closes_its_code(engine: Engine, waits: list[float]) -> None:
    issued = {i.unit.code: i for i in codes.issue_missing(engine)[0]}
    opened = open_with_code(issued["T01"].code, engine)
    apply_import(UNITS[:2], ["X001", "S-TP"], engine)
    with db.session(engine) as sess, pytest.raises(AccessRefused):
        verify(opened, sess)


def test_the_trainer_holds_a_unit_only_while_signed_in(engine: Engine) -> None:
    signed_in = [True]
    unit = UNITS[0]
    registered = next(u for u in codes.issue_missing(engine)[0] if u.unit.code == unit.code).unit
    held = access.for_trainer(registered, lambda: signed_in[0], engine)
    assert held.by == "trainer"
    signed_in[0] = False
    with db.session(engine) as sess, pytest.raises(AccessRefused):
        verify(held, sess)
    with pytest.raises(AccessRefused):
        access.for_trainer(registered, lambda: False, engine)


# ------------------------------------------------------------------ the command


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KIT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr(access, "_after_wrong_code", lambda: None)
    apply_import(UNITS, [u.code for u in UNITS])
    return tmp_path


def test_the_command_prints_each_new_code_once(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["units", "codes"]) == 0
    out = capsys.readouterr().out
    printed = CODE.findall(out)
    assert len(printed) == 3 and "Mã truy cập" in out and "Access code" in out
    assert "Xã, phường, đặc khu" in out and "X001" in out
    assert all(open_with_code(c).unit.code in out for c in printed)
    assert main(["units", "codes"]) == 0
    again = capsys.readouterr().out
    assert CODE.findall(again) == [] and "3 đơn vị đã có mã" in again


def test_the_list_as_xlsx_holds_a_row_per_code(data: Path) -> None:
    out = data / "ma.xlsx"
    assert main(["units", "codes", "-o", str(out)]) == 0
    ws = load_workbook(out).active
    rows = [r for r in ws.iter_rows(min_row=4, values_only=True) if r[0] in ("X001", "S-TP", "T01")]
    assert len(rows) == 3
    for unit_code, name, level, code, hint in rows:
        assert CODE.fullmatch(code) and hint == f"…{code[-4:]}"
        assert open_with_code(code).unit.code == unit_code and name and level


def test_the_list_as_docx_is_on_the_kits_a4_page(data: Path) -> None:
    out = data / "ma.docx"
    assert main(["units", "codes", "--reissue", "S-TP", "-o", str(out)]) == 0
    doc = Document(str(out))
    section = doc.sections[0]
    size = (section.page_width, section.page_height, section.left_margin, section.right_margin)
    assert [round(v.mm) for v in size] == [210, 297, MARGINS_MM["left"], MARGINS_MM["right"]]
    cells = [c.text for row in doc.tables[0].rows for c in row.cells]
    found = [c for c in cells if CODE.fullmatch(c)]
    assert len(found) == 1 and open_with_code(found[0]).unit.code == "S-TP"
    assert "Sở Tư pháp tỉnh Lạng Sơn" in cells


def test_revoke_and_reissue_from_the_command(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["units", "codes"]) == 0
    first = {c: open_with_code(c).unit.code for c in CODE.findall(capsys.readouterr().out)}
    assert main(["units", "codes", "--revoke", "X001"]) == 0
    assert "Đã thu hồi" in capsys.readouterr().out
    revoked = next(c for c, u in first.items() if u == "X001")
    with pytest.raises(AccessRefused):
        open_with_code(revoked)
    assert main(["units", "codes"]) == 0  # the unit without a code gets one again
    (new,) = CODE.findall(capsys.readouterr().out)
    assert open_with_code(new).unit.code == "X001"


@pytest.mark.parametrize(
    ("argv", "code", "words"),
    [
        (["units", "codes", "--revoke", "X999"], 1, "Không có đơn vị mã «X999»"),
        (["units", "codes", "--reissue", "X001", "--reissue", "X999"], 1, "«X999»"),
        (["units", "codes", "--reissue", "X001", "--revoke", "x001"], 2, "không cả hai"),
        (["units", "codes", "-o", "ma.csv"], 2, ".xlsx hoặc .docx"),
        (["units", "codes", "--revoke", "X001", "-o", "ma.xlsx"], 2, "không tạo danh sách"),
    ],
)
def test_wrong_uses_of_the_command_say_why_and_issue_nothing(
    data: Path, capsys: pytest.CaptureFixture[str], argv: list[str], code: int, words: str
) -> None:
    assert main(argv) == code
    assert words in capsys.readouterr().err
    with db.session() as sess:
        assert sess.scalars(select(UnitCode)).all() == []
