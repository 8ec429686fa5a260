"""Is a list of units read row by row as a province writes it (xlsx or csv, headers written
loosely, a title line above), every bad row named with its row, column and what to do while the
good rows are kept, and is the registry brought to the list by code, with missing units kept and
marked inactive, never deleted?"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import Engine, select

from kit.assessment.questionnaire.schema import load_questionnaire
from kit.cli import main
from kit.core.errors import InputError
from kit.store import db
from kit.store.models import Unit
from kit.units.levels import level_of, unit_levels
from kit.units.reader import HEADERS, UnitList, read_units_file
from kit.units.registry import all_units, apply_import, has_units
from kit.units.template import GUIDE, SHEET, write_template

Rows = Sequence[Sequence[object]]


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    eng = db.create(f"sqlite:///{tmp_path / 'don-vi.sqlite3'}")
    db.upgrade(eng)
    yield eng
    eng.dispose()


def xlsx(rows: Rows, title: str | None = None) -> bytes:
    book = Workbook()
    ws = book.active
    if title:
        ws.append([title])
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(rows: Rows, sep: str = ",", bom: bool = False, sep_line: bool = False) -> bytes:
    lines = [f"sep={sep}"] if sep_line else []
    lines += [sep.join("" if v is None else str(v) for v in row) for row in rows]
    text = "\r\n".join(lines) + "\r\n"
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")


GOOD: Rows = [
    ("X001", "Ủy ban nhân dân xã Hòa Bình", "xa_phuong_dac_khu", "Lạng Sơn"),
    ("S-TP", "Sở Tư pháp tỉnh Lạng Sơn", "so_nganh", "Lạng Sơn"),
    ("T01", "Ủy ban nhân dân tỉnh Lạng Sơn", "tinh_thanh_pho", ""),
]


def read(rows: Rows, kind: str = "xlsx", head: Sequence[str] = HEADERS, **opts: object) -> UnitList:
    table = [list(head), *rows]
    if kind == "xlsx":
        return read_units_file(xlsx(table, **opts), "don-vi.xlsx")  # type: ignore[arg-type]
    return read_units_file(csv_bytes(table, **opts), "don-vi.csv")  # type: ignore[arg-type]


def codes(found: UnitList) -> list[str]:
    return [e.code for e in found.entries]


# ------------------------------------------------------------------ reading


@pytest.mark.parametrize(
    ("kind", "opts"),
    [
        ("xlsx", {}),
        ("xlsx", {"title": "DANH SÁCH ĐƠN VỊ PHẢI BÁO CÁO NĂM 2026"}),
        ("csv", {}),
        ("csv", {"sep": ";"}),
        ("csv", {"sep": ";", "bom": True}),
        ("csv", {"sep": ";", "bom": True, "sep_line": True}),
        ("csv", {"sep": "\t"}),
    ],
)
def test_every_good_row_is_read_from_xlsx_and_each_kind_of_csv(
    kind: str, opts: dict[str, object]
) -> None:
    found = read(GOOD, kind, **opts)
    assert found.problems == []
    assert codes(found) == ["X001", "S-TP", "T01"]
    first = found.entries[0]
    assert (first.name, first.level, first.province) == GOOD[0][1:]
    assert found.entries[2].province == ""


@pytest.mark.parametrize(
    "head",
    [
        ("MÃ ĐƠN VỊ", "TÊN ĐƠN VỊ", "CẤP", "TỈNH/THÀNH PHỐ"),
        ("ma don vi", "ten don vi", "cap", "tinh / thanh pho"),
        ("Mã  đơn  vị (bắt buộc)", " Tên đơn vị ", "Cấp đơn vị", "Tỉnh, thành phố"),
        ("Unit code", "Unit name", "Level", "Province"),
        ("Tỉnh/thành phố", "Cấp", "Mã đơn vị", "Tên đơn vị"),  # another order
    ],
)
def test_headers_are_matched_whatever_their_case_diacritics_spaces_or_order(
    head: tuple[str, ...],
) -> None:
    order = [HEADERS.index(h) for h in ("Tỉnh/thành phố", "Cấp", "Mã đơn vị", "Tên đơn vị")]
    rows = GOOD if head[0] != "Tỉnh/thành phố" else [[r[i] for i in order] for r in GOOD]
    found = read(rows, "csv", head=head)
    assert codes(found) == ["X001", "S-TP", "T01"] and found.problems == []


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_a_missing_required_column_names_it_and_reads_nothing(kind: str) -> None:
    with pytest.raises(InputError) as exc:
        read([r[:1] + r[2:] for r in GOOD], kind, head=("Mã đơn vị", "Cấp", "Tỉnh"))
    assert "Tên đơn vị" in exc.value.vi and "Unit name" in exc.value.en


BAD_ROWS = [
    # (row as written, the column named, words of the message)
    (("", "UBND xã Không Mã", "xa_phuong_dac_khu", ""), "Mã đơn vị", "còn trống"),
    (("X 9", "Xã Có Dấu Cách", "xa_phuong_dac_khu", ""), "Mã đơn vị", "không có khoảng trắng"),
    (("X" * 41, "Xã Mã Dài", "xa_phuong_dac_khu", ""), "Mã đơn vị", "tối đa 40"),
    (("X010", "", "xa_phuong_dac_khu", ""), "Tên đơn vị", "còn trống"),
    (("X011", "Xã " + "A" * 300, "xa_phuong_dac_khu", ""), "Tên đơn vị", "dài quá 300"),
    (("X012", "UBND huyện Cũ", "huyen", ""), "Cấp", "không phải cấp"),
    (("X013", "Xã Chưa Chọn Cấp", "", ""), "Cấp", "còn trống"),
    (("X014", "Xã Tỉnh Dài", "xa_phuong_dac_khu", "T" * 201), "Tỉnh/thành phố", "dài quá 200"),
]


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_each_bad_row_is_named_with_its_row_and_column_and_the_good_rows_are_kept(
    kind: str,
) -> None:
    rows = [GOOD[0], *(r for r, _, _ in BAD_ROWS), GOOD[1]]
    found = read(rows, kind)
    assert codes(found) == ["X001", "S-TP"]
    named = [(p.row, p.column) for p in found.problems]
    assert named == [(3 + i, column) for i, (_, column, _) in enumerate(BAD_ROWS)]
    for problem, (_, _, words) in zip(found.problems, BAD_ROWS, strict=True):
        assert words in problem.vi and problem.en
        assert problem.message("vi").startswith(f"dòng {problem.row}, cột «{problem.column}»")
    level = next(p for p in found.problems if p.column == "Cấp" and "huyen" in p.vi)
    assert "xa_phuong_dac_khu" in level.vi and "so_nganh" in level.en  # what to choose
    assert "X012" in found.listed and "X010" in found.listed  # named, though refused


def test_a_code_on_two_rows_is_a_problem_on_both_and_neither_is_imported() -> None:
    rows = [
        GOOD[0],
        ("S-TP", "Sở Tư pháp", "so_nganh", ""),
        GOOD[1],
        ("s-tp", "Trùng", "so_nganh", ""),
    ]
    found = read(rows, "csv", sep=";")
    assert codes(found) == ["X001"]
    assert [p.row for p in found.problems] == [3, 4, 5]
    assert all("3, 4, 5" in p.vi and p.column == "Mã đơn vị" for p in found.problems)


def test_blank_rows_are_skipped_and_row_numbers_stay_those_of_the_sheet() -> None:
    rows = [GOOD[0], (None, None, None, None), ("", " ", "", ""), ("X020", "", "so_nganh", "")]
    found = read(rows, "xlsx", title="Danh sách")
    assert codes(found) == ["X001"]
    assert [(p.row, p.column) for p in found.problems] == [(6, "Tên đơn vị")]


@pytest.mark.parametrize(
    ("written", "level"),
    [
        ("xa_phuong_dac_khu", "xa_phuong_dac_khu"),
        ("SO_NGANH", "so_nganh"),
        ("Sở, ban, ngành", "so_nganh"),
        ("sở ban ngành", "so_nganh"),
        ("Xã, phường, đặc khu", "xa_phuong_dac_khu"),
        ("Province or centrally-run city", "tinh_thanh_pho"),
        ("huyện", None),
        ("so nganh", None),  # without diacritics it could be another word: not guessed
    ],
)
def test_a_level_is_its_id_or_its_label(written: str, level: str | None) -> None:
    found = level_of(written)
    assert (found.id if found else None) == level


def test_numbers_a_spreadsheet_made_of_codes_are_read_as_the_code() -> None:
    found = read([(1001, "Xã Số", "xa_phuong_dac_khu", ""), (1002.0, "Xã Số Hai", "so_nganh", "")])
    assert codes(found) == ["1001", "1002"]


def test_names_differing_only_by_tone_placement_under_two_codes_are_kept_and_flagged() -> None:
    rows = [
        ("X001", "Ủy ban nhân dân xã Hòa Bình", "xa_phuong_dac_khu", "Lạng Sơn"),
        ("X002", "UBND xã Hoà Bình", "xa_phuong_dac_khu", "Lạng Sơn"),
        ("X003", "Ủy ban nhân dân xã Hòa Bình", "xa_phuong_dac_khu", "Hòa Bình"),  # other province
    ]
    found = read(rows, "csv")
    assert codes(found) == ["X001", "X002", "X003"]  # two names never merge silently
    assert [(w.row, w.column) for w in found.warnings] == [(3, "Tên đơn vị")]
    assert "X001" in found.warnings[0].vi


def test_a_file_that_is_neither_xlsx_nor_csv_is_refused() -> None:
    with pytest.raises(InputError):
        read_units_file(b"%PDF-1.7", "don-vi.pdf")


def test_the_levels_are_the_questionnaires() -> None:
    choices = load_questionnaire().field("unit_level").choices
    assert [(c.id, c.label, c.label_en) for c in choices] == [
        (lv.id, lv.label, lv.label_en) for lv in unit_levels()
    ]


# ------------------------------------------------------------------ the registry


def units_by_code(eng: Engine) -> dict[str, tuple[str, str, str, bool]]:
    return {u.code: (u.name, u.level, u.province, u.active) for u in all_units(eng=eng)}


def test_importing_again_updates_by_code_and_keeps_missing_units_inactive(engine: Engine) -> None:
    assert not has_units(engine)
    first = read(GOOD, "csv")
    outcome = apply_import(first.entries, first.listed, engine)
    assert outcome.created == ("X001", "S-TP", "T01") and has_units(engine)
    renamed = [("X001", "UBND xã Hoà Bình", "xa_phuong_dac_khu", "Lạng Sơn"), GOOD[1]]
    second = read(renamed, "xlsx")
    outcome = apply_import(second.entries, second.listed, engine)
    assert (outcome.updated, outcome.unchanged, outcome.deactivated) == (
        ("X001",),
        ("S-TP",),
        ("T01",),
    )
    now = units_by_code(engine)
    assert now["X001"] == ("UBND xã Hoà Bình", "xa_phuong_dac_khu", "Lạng Sơn", True)
    assert now["T01"][3] is False  # kept, inactive
    back = read(GOOD, "csv")
    outcome = apply_import(back.entries, back.listed, engine)
    assert outcome.reactivated == ("T01",) and outcome.deactivated == ()
    assert all(active for *_, active in units_by_code(engine).values())
    with engine.connect() as conn:
        assert len(conn.execute(select(Unit.id)).all()) == 3  # never a second row per code


def test_a_unit_whose_row_has_a_problem_is_neither_changed_nor_deactivated(engine: Engine) -> None:
    first = read(GOOD, "csv")
    apply_import(first.entries, first.listed, engine)
    again = read([GOOD[0], ("S-TP", "", "so_nganh", ""), GOOD[2]], "csv")
    outcome = apply_import(again.entries, again.listed, engine)
    assert outcome.deactivated == ()
    assert units_by_code(engine)["S-TP"] == (
        "Sở Tư pháp tỉnh Lạng Sơn",
        "so_nganh",
        "Lạng Sơn",
        True,
    )


# ------------------------------------------------------------------ the template and the command


def test_the_template_has_the_headers_a_level_drop_down_and_instructions() -> None:
    book = load_workbook(io.BytesIO(write_template()))
    assert book.sheetnames == [SHEET, GUIDE]
    ws = book[SHEET]
    assert [c.value for c in ws[1]] == list(HEADERS)
    assert ws.max_row == 1 or all(c.value is None for row in ws.iter_rows(min_row=2) for c in row)
    checks = ws.data_validations.dataValidation
    assert len(checks) == 1 and "C2" in str(checks[0].sqref)
    assert checks[0].formula1 == '"' + ",".join(lv.id for lv in unit_levels()) + '"'
    guide = " ".join(str(c.value) for row in book[GUIDE].iter_rows() for c in row if c.value)
    assert "Mã đơn vị" in guide and "Unit code" in guide and "Xã, phường, đặc khu" in guide


def test_the_template_filled_in_is_imported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KIT_DATA_DIR", str(tmp_path / "data"))
    template = tmp_path / "mau.xlsx"
    assert main(["units", "template", "-o", str(template)]) == 0
    book = load_workbook(template)
    for r, row in enumerate(GOOD, start=2):
        for c, value in enumerate(row, start=1):
            book[SHEET].cell(r, c, value)
    book.save(template)
    assert main(["units", "import", str(template)]) == 0
    assert sorted((u.code, u.level) for u in all_units()) == sorted((r[0], r[2]) for r in GOOD)


def test_the_import_command_names_bad_rows_and_exits_1_keeping_the_good_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("KIT_DATA_DIR", str(tmp_path / "data"))
    path = tmp_path / "don-vi.csv"
    path.write_bytes(csv_bytes([list(HEADERS), GOOD[0], ("X012", "Huyện", "huyen", "")], ";", True))
    assert main(["units", "import", str(path)]) == 1
    out = capsys.readouterr()
    assert "dòng 3, cột «Cấp»" in out.err and "row 3, column «Level»" in out.err
    assert "1 mới" in out.out and [u.code for u in all_units()] == ["X001"]


def test_a_file_with_no_good_row_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("KIT_DATA_DIR", str(tmp_path / "data"))
    good, bad = tmp_path / "tot.csv", tmp_path / "hong.csv"
    good.write_bytes(csv_bytes([list(HEADERS), *GOOD]))
    bad.write_bytes(csv_bytes([list(HEADERS), ("", "Không mã", "so_nganh", "")]))
    assert main(["units", "import", str(good)]) == 0
    assert main(["units", "import", str(bad)]) == 1
    assert "chưa thay đổi" in capsys.readouterr().err
    assert all(u.active for u in all_units()) and len(all_units()) == 3


def test_the_template_command_refuses_another_suffix(tmp_path: Path) -> None:
    assert main(["units", "template", "-o", str(tmp_path / "mau.csv")]) == 2
    assert not (tmp_path / "mau.csv").exists()
