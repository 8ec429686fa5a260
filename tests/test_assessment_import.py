"""Does importing filled templates keep every good unit, report each bad row field by field, and
refuse a file it would misread (another template version, a wrong file type)?"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any
from unicodedata import normalize

import pytest
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook

from kit.assessment.collection import sheets as sheet_import
from kit.assessment.collection.sheets import read_units, read_units_data, unit_identity
from kit.assessment.collection.template import (
    DATA_SHEET,
    FIRST_DATA_ROW,
    GUIDE_SHEET,
    ID_ROW,
    LABEL_ROW,
    VERSION_NAME,
    cell_value,
    write_template,
)
from kit.assessment.questionnaire.answers import check_answers
from kit.assessment.questionnaire.saved import read_saved
from kit.assessment.questionnaire.schema import load_questionnaire
from kit.assessment.questionnaire.scoring import score_answers
from kit.core.errors import InputError

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "assessment"
FIELDS = load_questionnaire().fields()


def answers(name: str) -> dict[str, object]:
    """The validated answers of a fixture file."""
    data = json.loads((FIXTURES / f"{name}.json").read_text("utf-8"))
    return check_answers(read_saved(data).raw).answers


STRONG, WEAK = answers("strong-unit"), answers("weak-unit-no-evidence")


def typed_in(unit: Mapping[str, object]) -> dict[str, object]:
    """Answers as a person types them in the template (labels, Có/Không, dates)."""
    return {k: cell_value(FIELDS[k], v) for k, v in unit.items()}


def fill(
    rows: Sequence[Mapping[str, object] | None], edit: Callable[[Workbook], None] | None = None
) -> bytes:
    """The empty template filled with openpyxl, one row per mapping (``None``: a blank row);
    ``edit(book)`` may change the workbook before it is saved."""
    book = load_workbook(io.BytesIO(write_template()))
    ws = book[DATA_SHEET]
    column = {c.value: c.column for c in ws[ID_ROW]}
    for r, row in enumerate(rows, start=FIRST_DATA_ROW):
        for key, value in (row or {}).items():
            ws.cell(row=r, column=column[key], value=value)
    if edit is not None:
        edit(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def third_unit() -> dict[str, object]:
    unit = dict(STRONG)
    unit |= {"unit_name": "Ủy ban nhân dân phường Hòa Bình", "unit_level": "xa_phuong_dac_khu"}
    unit |= {"drafts_total": 2, "drafts_in_scope": 1, "drafts_communicated": 0}
    unit |= {"drafts_with_comm_plan": 1}
    unit |= {"drafts_posted_full_text": 2, "drafts_posted_min_period": 1}
    return unit


def test_three_units_filled_in_the_template_score_as_their_json_files(tmp_path: Path) -> None:
    units = [STRONG, WEAK, third_unit()]
    path = tmp_path / "ba-don-vi.xlsx"
    path.write_bytes(fill([typed_in(u) for u in units]))
    result = read_units(path)
    assert result.ok and result.kind == "xlsx" and result.rows == 3
    assert result.template_version == "tu-danh-gia-407/v1"
    assert [u.row for u in result.units] == [3, 4, 5]
    for unit, expected in zip(result.units, units, strict=True):
        assert unit.answers == expected
        from_json = check_answers(read_saved(unit.to_saved()).raw).answers
        assert score_answers(unit.answers).to_json() == score_answers(from_json).to_json()
    assert result.units[2].identity.name == "Ủy ban nhân dân phường Hòa Bình"


def test_the_writers_own_filled_template_reads_back_the_same_answers() -> None:
    result = read_units_data(write_template([STRONG, WEAK]), "tong-hop.xlsx")
    assert [u.answers for u in result.units] == [STRONG, WEAK]


def test_dates_typed_as_excel_dates_text_or_a_bare_day_number_all_work() -> None:
    rows = [
        typed_in(STRONG) | {"training_date": datetime(2024, 5, 20)},
        typed_in(STRONG) | {"unit_name": "Sở B", "training_date": "20/05/2024"},
        typed_in(STRONG) | {"unit_name": "Sở C", "training_date": "2024-05-20"},
        typed_in(STRONG) | {"unit_name": "Sở D", "training_date": 45432},  # lost its format
    ]

    def plain_number(book: Workbook) -> None:
        column = list(FIELDS).index("training_date") + 1
        book[DATA_SHEET].cell(row=6, column=column).number_format = "General"

    result = read_units_data(fill(rows, plain_number), "ngay.xlsx")
    assert result.ok, [p.message("en") for p in result.problems]
    assert [u.answers["training_date"] for u in result.units] == [date(2024, 5, 20)] * 4


def test_numbers_typed_where_text_is_asked_for_are_read_as_text() -> None:
    row = typed_in(STRONG) | {"preparer_contact": 912345678}
    (unit,) = read_units_data(fill([row]), "so.xlsx").units
    assert unit.answers["preparer_contact"] == "912345678"


BAD_VALUES = [
    ("drafts_total", -2, "âm", "negative"),
    ("funding_used_percent", 120, "0 đến 100", "between 0 and 100"),
    ("review_date", "31/02/2024", "không phải ngày hợp lệ", "not a valid date"),
    ("unit_name", None, "bắt buộc", "required"),
    ("unit_level", "Quận, huyện", "không phải lựa chọn hợp lệ", "not a valid choice"),
    ("drafts_communicated", 5, "không được lớn hơn", "cannot exceed"),
]


@pytest.mark.parametrize(("field", "value", "vi", "en"), BAD_VALUES)
def test_a_bad_value_is_reported_with_row_and_field_and_the_good_rows_are_kept(
    field: str, value: object, vi: str, en: str
) -> None:
    good = typed_in(STRONG)
    bad = typed_in(STRONG) | {"unit_name": "Sở lỗi"} | {field: value}
    last = typed_in(STRONG) | {"unit_name": "Sở cuối"}
    result = read_units_data(fill([good, bad, last]), "loi.xlsx")
    assert [u.row for u in result.units] == [3, 5]
    assert result.rejected_rows() == [("", 4)] and result.rows == 3
    (problem,) = result.problems
    assert (problem.row, problem.field) == (4, field)
    assert problem.label == FIELDS[field].label and problem.label_en == FIELDS[field].label_en
    assert vi in problem.vi and en in problem.en
    assert problem.message().startswith(f"dòng 4, {field}: ")
    assert problem.message("en").startswith(f"row 4, {field}: ")
    assert FIELDS[field].label in problem.vi and FIELDS[field].label_en in problem.en


def test_every_problem_of_a_row_is_reported_at_once() -> None:
    bad = typed_in(STRONG) | {"drafts_total": -1, "review_date": "31/02/2024", "channels": "Thư"}
    result = read_units_data(fill([bad]), "nhieu-loi.xlsx")
    assert not result.units
    assert {p.field for p in result.problems} == {"drafts_total", "review_date", "channels"}


def test_empty_rows_and_blank_cells_are_ignored() -> None:
    rows = [typed_in(STRONG), None, {"unit_name": "   ", "province": ""}, typed_in(WEAK)]
    result = read_units_data(fill(rows), "trong.xlsx")
    assert result.ok and result.rows == 2 and [u.row for u in result.units] == [3, 6]


def test_an_incomplete_row_is_kept_when_completeness_is_not_required() -> None:
    row = {k: v for k, v in typed_in(STRONG).items() if k != "difficulties"}
    assert not read_units_data(fill([row]), "a.xlsx").units
    assert read_units_data(fill([row]), "a.xlsx", mode="consistent").units


def test_columns_are_found_by_id_when_moved_relabelled_or_added() -> None:
    def rearrange(book: Workbook) -> None:
        ws = book[DATA_SHEET]
        ws.move_range("A1:A1000", cols=ws.max_column + 1)  # unit_name goes to the far right
        ws.insert_cols(3)
        ws.cell(row=LABEL_ROW, column=3, value="Ghi chú riêng")
        ws.cell(row=FIRST_DATA_ROW, column=3, value="không được đọc")
        for cell in ws[LABEL_ROW]:
            if cell.value and cell.column != 3:
                cell.value = f"Cột {cell.column}"

    (unit,) = read_units_data(fill([typed_in(STRONG)], rearrange), "doi-cot.xlsx").units
    assert unit.answers == STRONG


def test_a_unit_twice_in_one_sheet_is_reported_on_the_second_row() -> None:
    spelled = typed_in(STRONG) | {"unit_name": "SỞ TƯ PHÁP  (đơn vị mẫu)"}
    result = read_units_data(fill([typed_in(STRONG), spelled]), "trung.xlsx")
    assert [u.row for u in result.units] == [3]
    (problem,) = result.problems
    assert problem.row == 4 and "dòng 3" in problem.vi and "row 3" in problem.en


def test_units_in_several_sheets_of_one_workbook_are_all_read() -> None:
    def second_sheet(book: Workbook) -> None:
        copy = book.copy_worksheet(book[DATA_SHEET])
        copy.title = "Tỉnh B"
        copy.cell(row=FIRST_DATA_ROW, column=1, value="Sở Tư pháp tỉnh B")

    result = read_units_data(fill([typed_in(STRONG)], second_sheet), "hai-trang.xlsx")
    assert [(u.sheet, u.row) for u in result.units] == [(DATA_SHEET, 3), ("Tỉnh B", 3)]


def set_version(value: object) -> Callable[[Workbook], None]:
    def edit(book: Workbook) -> None:
        (sheet, ref), *_ = book.defined_names[VERSION_NAME].destinations
        book[sheet][ref.replace("$", "")] = value

    return edit


def test_a_file_of_another_template_version_is_recognised_not_misread() -> None:
    data = fill([typed_in(STRONG)], set_version("tu-danh-gia-407/v0"))
    with pytest.raises(InputError) as exc:
        read_units_data(data, "cu.xlsx")
    assert "phiên bản «tu-danh-gia-407/v0»" in exc.value.vi and "tu-danh-gia-407/v1" in exc.value.vi
    assert "template version “tu-danh-gia-407/v0”" in exc.value.en
    assert "kit assess template" in exc.value.vi


def test_a_workbook_of_another_template_is_named_as_such() -> None:
    with pytest.raises(InputError) as exc:
        read_units_data(fill([typed_in(STRONG)], set_version("xac-dinh-pham-vi/v3")), "x.xlsx")
    assert "không phải mẫu thu thập tự đánh giá" in exc.value.vi
    assert "not the self-assessment template" in exc.value.en


def test_a_workbook_without_its_version_cell_is_recognised() -> None:
    def strip(book: Workbook) -> None:
        del book.defined_names[VERSION_NAME]
        del book[GUIDE_SHEET]

    with pytest.raises(InputError) as exc:
        read_units_data(fill([typed_in(STRONG)], strip), "chep-tay.xlsx")
    assert "không có ô phiên bản mẫu" in exc.value.vi and "no template version" in exc.value.en


def test_the_version_is_found_even_when_its_defined_name_was_lost() -> None:
    def unname(book: Workbook) -> None:
        del book.defined_names[VERSION_NAME]

    assert read_units_data(fill([typed_in(STRONG)], unname), "a.xlsx").units


def test_columns_of_an_older_questionnaire_are_recognised() -> None:
    def older(book: Workbook) -> None:
        ws = book[DATA_SHEET]
        ws.cell(row=ID_ROW, column=list(FIELDS).index("skills_guide_used") + 1, value="old_item")
        ws.delete_cols(list(FIELDS).index("peer_exchanges") + 1)

    with pytest.raises(InputError) as exc:
        read_units_data(fill([typed_in(STRONG)], older), "bang-hoi-cu.xlsx")
    message = exc.value.vi + exc.value.en
    for expected in ("old_item", "skills_guide_used", "peer_exchanges", "bảng hỏi cũ", "older"):
        assert expected in message


def docx_bytes() -> bytes:
    from docx import Document

    out = io.BytesIO()
    Document().save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "vi", "en"),
    [
        ("bao-cao.xlsx", docx_bytes(), "văn bản Word", "Word document"),
        ("bao-cao.xlsx", b"%PDF-1.7\n1 0 obj\n", "tệp PDF", "PDF file"),
        ("cu.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), ".xls", ".xls"),
        ("ghi-chu.xlsx", "Tên đơn vị,Cấp\n".encode(), "tệp văn bản", "text file"),
        ("don-vi.csv", normalize("NFD", "unit_name;Hòa Bình\n").encode("cp1258"), "UTF-8", "UTF-8"),
        ("don-vi.csv", b"%PDF-1.4\n", "tệp PDF", "PDF file"),
        ("don-vi.json", b"{not json", "JSON", "JSON"),
        ("don-vi.docx", docx_bytes(), ".xlsx", ".xlsx"),
        ("trong.xlsx", b"", "trống", "empty"),
    ],
)
def test_a_wrong_file_type_is_a_clear_input_error(name: str, data: bytes, vi: str, en: str) -> None:
    with pytest.raises(InputError) as exc:
        read_units_data(data, name)
    assert vi in exc.value.vi and en in exc.value.en
    assert name in exc.value.vi and name in exc.value.en


def test_a_workbook_that_is_not_a_template_says_which_row_is_missing() -> None:
    book = Workbook()
    book.active.append(["Tên đơn vị", "Cấp"])
    book.active.append(["Sở Tư pháp", "Sở, ban, ngành"])
    book.create_sheet(GUIDE_SHEET)["B1"] = "tu-danh-gia-407/v1"
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(InputError) as exc:
        read_units_data(out.getvalue(), "khac.xlsx")
    assert "dòng mã cột" in exc.value.vi and "column-id row" in exc.value.en


def csv_of(rows: Sequence[Mapping[str, object]], delimiter: str = ",") -> bytes:
    text = io.StringIO()
    writer = csv.writer(text, delimiter=delimiter)
    writer.writerow([f.label for f in FIELDS.values()])
    writer.writerow(list(FIELDS))
    for row in rows:
        writer.writerow(["" if row.get(k) is None else row[k] for k in FIELDS])
    return text.getvalue().encode("utf-8-sig")


def as_text(unit: Mapping[str, object]) -> dict[str, object]:
    typed = typed_in(unit)
    return {k: v.strftime("%d/%m/%Y") if isinstance(v, date) else v for k, v in typed.items()}


@pytest.mark.parametrize("delimiter", [",", ";"])
def test_a_csv_with_the_id_header_row_reads_the_same_units(delimiter: str) -> None:
    result = read_units_data(csv_of([as_text(STRONG), as_text(WEAK)], delimiter), "a.csv")
    assert result.ok and result.kind == "csv" and result.template_version is None
    assert [u.answers for u in result.units] == [STRONG, WEAK]
    assert [u.row for u in result.units] == [3, 4]


def test_a_saved_json_file_is_one_unit_keeping_its_assessors() -> None:
    data = json.loads((FIXTURES / "strong-unit.json").read_text("utf-8"))
    data["assessments"] = [{"assessor": "A", "overrides": {"staff": {"score": 80, "reason": "x"}}}]
    result = read_units_data(json.dumps(data).encode(), "so.json")
    (unit,) = result.units
    assert result.kind == "json" and unit.answers == STRONG
    assert unit.to_saved()["assessments"] == data["assessments"]


def test_progress_is_reported_as_rows_are_read() -> None:
    calls: list[tuple[int, int]] = []
    units = [STRONG | {"unit_name": f"Xã số {i}"} for i in range(600)]
    result = read_units_data(write_template(units), "600.xlsx", lambda d, t: calls.append((d, t)))
    assert len(result.units) == 600
    assert len(calls) >= 3 and calls[-1] == (600, 600)
    assert all(done <= total for done, total in calls)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


def test_reading_prints_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    read_units_data(fill([typed_in(STRONG), {"drafts_total": -1}]), "a.xlsx")
    assert capsys.readouterr() == ("", "")


def test_the_fast_sheet_reader_gives_what_openpyxl_gives(monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [
        typed_in(STRONG) | {"funding_amount": 1.5e8, "funding_used_percent": 92.5},
        None,
        typed_in(WEAK) | {"plan_issued": True, "staff_trained": False},
    ]
    data = fill(rows)
    fast = read_units_data(data, "a.xlsx")
    calls: list[object] = []

    def without_internals(book: Workbook, ws: Any, first: int) -> object:
        calls.append(ws)
        return enumerate(ws.iter_rows(min_row=first, values_only=True), start=first)

    monkeypatch.setattr(sheet_import, "sheet_rows", without_internals)
    slow = read_units_data(data, "a.xlsx")
    assert calls and fast == slow
    assert fast.units[0].answers["funding_used_percent"] == 92.5


def as_excel_saves_it(data: bytes) -> bytes:
    """The workbook as Excel writes it: text in a shared-strings table (openpyxl writes it in
    each cell), and, as some tools do, cells of the third row without their references."""
    import re
    import zipfile

    strings: list[str] = []

    def shared(match: re.Match[str]) -> str:
        strings.append(match.group(3))
        return f'<c r="{match.group(1)}"{match.group(2)} t="s"><v>{len(strings) - 1}</v></c>'

    inline = re.compile(
        r'<c r="([A-Z]+\d+)"((?: s="\d+")?) t="inlineStr"><is><t>(.*?)</t></is></c>'
    )
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            text = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                xml = inline.sub(shared, text.decode())
                row = re.search(r'<row r="5".*?</row>', xml)
                if row:
                    bare = re.sub(r'<c r="[A-Z]+5"', "<c", row.group(0))
                    xml = xml.replace(row.group(0), bare)
                text = xml.encode()
            elif item.filename == "[Content_Types].xml":
                part = '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                part += 'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
                text = text.replace(b"</Types>", part.encode() + b"</Types>")
            elif item.filename == "xl/_rels/workbook.xml.rels":
                rel = '<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                rel += 'relationships/sharedStrings" Target="sharedStrings.xml" Id="rIdSst"/>'
                text = text.replace(b"</Relationships>", rel.encode() + b"</Relationships>")
            target.writestr(item, text)
        items = "".join(f"<si><t>{t}</t></si>" for t in strings)
        target.writestr(
            "xl/sharedStrings.xml",
            '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            f'count="{len(strings)}" uniqueCount="{len(strings)}">{items}</sst>',
        )
    return out.getvalue()


def test_a_workbook_as_excel_saves_it_reads_the_same_either_way(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import zipfile

    data = as_excel_saves_it(write_template([STRONG, WEAK, third_unit()]))
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    assert b"inlineStr" not in sheet and b't="s"' in sheet and b'<c s="' in sheet
    fast = read_units_data(data, "excel.xlsx")
    assert [u.answers for u in fast.units] == [STRONG, WEAK, third_unit()]

    def public_reader(book: Workbook, ws: Any, first: int) -> object:
        return enumerate(ws.iter_rows(min_row=first, values_only=True), start=first)

    monkeypatch.setattr(sheet_import, "sheet_rows", public_reader)
    assert read_units_data(data, "excel.xlsx") == fast


def test_unit_identity_folds_spelling_and_keeps_the_period() -> None:
    a = unit_identity(STRONG | {"unit_name": "UBND phường Hòa  Bình"})
    b = unit_identity(STRONG | {"unit_name": "ubnd phường hoà bình"})
    assert a.key == b.key and a.name == "UBND phường Hòa Bình"
    period = {"period_start": date(2025, 1, 1), "period_end": date(2025, 12, 31)}
    later = unit_identity(STRONG | period)
    assert later.key != a.key
