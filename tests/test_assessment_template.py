"""Does the XLSX collection template give a unit everything it needs to fill it in offline:
Vietnamese headers with help, column ids, drop-down lists, checks, instructions and a version
cell that the importer can recognise?"""

from __future__ import annotations

import argparse
import io
import unicodedata
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from kit.assessment.collection import template_cli
from kit.assessment.collection.template import (
    DATA_SHEET,
    FIRST_DATA_ROW,
    GUIDE_SHEET,
    ID_ROW,
    LABEL_ROW,
    LISTS_SHEET,
    VERSION_NAME,
    template_version,
    write_template,
)
from kit.assessment.questionnaire.schema import load_questionnaire
from kit.core.errors import UsageError

FIELDS = load_questionnaire().fields()


@pytest.fixture(scope="module")
def book() -> Workbook:
    return load_workbook(io.BytesIO(write_template()))


def column_of(ws: Worksheet, field_id: str) -> str:
    return next(c.column_letter for c in ws[ID_ROW] if c.value == field_id)


def validation_of(ws: Worksheet, field_id: str):  # type: ignore[no-untyped-def]
    letter = column_of(ws, field_id)
    cell = f"{letter}{FIRST_DATA_ROW + 10}"
    found = [dv for dv in ws.data_validations.dataValidation if cell in dv.sqref]
    assert len(found) == 1, f"{field_id}: {len(found)} validations"
    return found[0]


def list_items(book: Workbook, formula: str) -> list[str]:
    sheet, cells = formula.rsplit("!", 1)
    assert sheet.strip("'") == LISTS_SHEET
    return [c.value for row in book[LISTS_SHEET][cells.replace("$", "")] for c in row]


def test_one_column_per_field_with_the_vietnamese_label_and_the_id_below(book: Workbook) -> None:
    ws = book[DATA_SHEET]
    labels = [c.value for c in ws[LABEL_ROW]]
    ids = [c.value for c in ws[ID_ROW]]
    assert ids == list(FIELDS)
    for label, f in zip(labels, FIELDS.values(), strict=True):
        assert label == (f"{f.label} *" if f.required else f.label)
    assert ws.freeze_panes == f"B{FIRST_DATA_ROW}"
    assert ws.max_row == ID_ROW, "the template ships with no unit rows"


def test_each_header_note_has_the_english_label_help_and_format(book: Workbook) -> None:
    ws = book[DATA_SHEET]
    for cell, f in zip(ws[LABEL_ROW], FIELDS.values(), strict=True):
        note = cell.comment.text
        assert f.label_en in note and f.help in note and f.help_en in note and f.id in note
        assert note.index(f.help) < note.index(f.help_en), "Vietnamese first"
        assert "Cách nhập:" in note and "Format:" in note
        if f.unit:
            assert f.unit in note and f.unit_en in note


def test_multi_choice_help_says_to_separate_choices_with_semicolons(book: Workbook) -> None:
    ws = book[DATA_SHEET]
    channels = ws[f"{column_of(ws, 'channels')}{LABEL_ROW}"].comment.text
    assert "ngăn cách bằng ;" in channels and "separated by ;" in channels


def test_choices_are_drop_downs_of_their_vietnamese_labels(book: Workbook) -> None:
    ws = book[DATA_SHEET]
    for f in FIELDS.values():
        if f.type not in ("choice", "multi_choice"):
            continue
        dv = validation_of(ws, f.id)
        assert dv.type == "list"
        assert list_items(book, dv.formula1) == [c.label for c in f.choices]


def test_yes_no_questions_are_drop_downs_of_co_and_khong(book: Workbook) -> None:
    ws = book[DATA_SHEET]
    yes_no = [f.id for f in FIELDS.values() if f.type == "yes_no"]
    assert len(yes_no) >= 5
    for field_id in yes_no:
        dv = validation_of(ws, field_id)
        assert dv.type == "list" and list_items(book, dv.formula1) == ["Có", "Không"]


def test_numbers_shares_dates_and_text_lengths_are_checked_by_excel(book: Workbook) -> None:
    ws = book[DATA_SHEET]
    count = validation_of(ws, "drafts_total")
    assert (count.type, count.operator, count.formula1) == ("whole", "greaterThanOrEqual", "0")
    share = validation_of(ws, "funding_used_percent")
    assert (share.type, share.operator, share.formula1, share.formula2) == (
        "decimal",
        "between",
        "0",
        "100",
    )
    day = validation_of(ws, "period_start")
    assert day.type == "date" and "2000" in day.formula1 and "2100" in day.formula2
    name = validation_of(ws, "unit_name")
    assert name.type == "textLength" and name.formula1 == "300"
    assert ws.column_dimensions[column_of(ws, "period_start")].number_format == "DD/MM/YYYY"
    assert ws.column_dimensions[column_of(ws, "plan_number")].number_format == "@"


def test_every_column_tells_how_to_type_its_value_when_selected(book: Workbook) -> None:
    ws = book[DATA_SHEET]
    for f in FIELDS.values():
        dv = validation_of(ws, f.id)
        assert dv.showInputMessage and dv.prompt and len(dv.prompt) <= 255
        assert len(dv.promptTitle) <= 32 and len(dv.error or "") <= 255


def test_the_version_cell_is_named_and_holds_the_questionnaire_id_and_version(
    book: Workbook,
) -> None:
    assert template_version() == "tu-danh-gia-407/v1"
    (sheet, ref), *_ = book.defined_names[VERSION_NAME].destinations
    assert sheet == GUIDE_SHEET
    assert book[sheet][ref.replace("$", "")].value == template_version()


def test_the_instructions_are_in_vietnamese_first_then_english(book: Workbook) -> None:
    ws = book[GUIDE_SHEET]
    assert book.sheetnames.index(GUIDE_SHEET) == 1
    text = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    vi = next(i for i, t in enumerate(text) if t.startswith("Hướng dẫn"))
    en = next(i for i, t in enumerate(text) if t.startswith("Instructions"))
    assert vi < en
    assert any("chấm phẩy (;)" in t for t in text[vi:en])
    assert any("semicolon (;)" in t for t in text[en:])
    assert set(FIELDS) <= set(text), "the field list names every column id"


def test_all_text_in_the_workbook_is_nfc(book: Workbook) -> None:
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                for text in (cell.value, cell.comment.text if cell.comment else None):
                    if isinstance(text, str):
                        assert unicodedata.normalize("NFC", text) == text


def test_units_given_to_the_writer_are_written_as_a_person_types_them() -> None:
    from datetime import date

    unit = {
        "unit_name": "=1+1",
        "unit_level": "so_nganh",
        "period_start": date(2024, 1, 1),
        "plan_issued": True,
        "staff_trained": False,
        "channels": ["bao_chi", "mang_xa_hoi"],
        "drafts_total": 4,
    }
    ws = load_workbook(io.BytesIO(write_template([unit])))[DATA_SHEET]

    def cell(field_id: str) -> object:
        return ws[f"{column_of(ws, field_id)}{FIRST_DATA_ROW}"].value

    assert cell("unit_name") == "=1+1", "text is never turned into a formula"
    assert ws[f"{column_of(ws, 'unit_name')}{FIRST_DATA_ROW}"].data_type == "s"
    assert cell("unit_level") == "Sở, ban, ngành"
    assert (cell("plan_issued"), cell("staff_trained")) == ("Có", "Không")
    assert cell("channels") == "Báo chí, phát thanh, truyền hình; Mạng xã hội"
    assert cell("period_start").date() == date(2024, 1, 1)  # type: ignore[attr-defined]
    assert cell("drafts_total") == 4


def test_kit_assess_template_writes_the_file_and_says_where_in_vi_then_en(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    parser = argparse.ArgumentParser()
    template_cli.add_parser(parser.add_subparsers(dest="action"), argparse.ArgumentParser)
    out = tmp_path / "mau.xlsx"
    args = parser.parse_args(["template", "-o", str(out)])
    assert template_cli.run(args) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("Đã ghi") and lines[1].startswith("Wrote")
    assert all(str(out) in line and template_version() in line for line in lines)
    assert load_workbook(out).sheetnames == [DATA_SHEET, GUIDE_SHEET, LISTS_SHEET]


def test_the_template_must_be_written_to_an_xlsx_file(tmp_path: Path) -> None:
    with pytest.raises(UsageError) as exc:
        template_cli.run(argparse.Namespace(output=tmp_path / "mau.xls"))
    assert ".xlsx" in exc.value.vi and ".xlsx" in exc.value.en
    assert not (tmp_path / "mau.xls").exists()
