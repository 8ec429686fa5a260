"""Exact round trips: every bank through the Excel workbook (read from its visible cells) and
every faithful item through Moodle XML; the whole bank's Moodle export figures."""

from __future__ import annotations

import io

import pytest
from lxml import etree

from kit.content.authoring.faithful import comparable, report, round_trip
from kit.content.authoring.importer import item_adapter, read_questions
from kit.content.authoring.moodle_xml import NEAREST, export_moodle
from kit.content.authoring.xlsx_bank import QUESTIONS, RUBRIC, chosen_items, export_xlsx
from kit.content.catalogue import load_catalogue
from kit.core.xlsx import put

CAT = load_catalogue()
BANKS = sorted(CAT.banks)
LESSONS = sorted({item.lesson for item in CAT.items.values()})


def _back(data: bytes, lesson: str) -> list:
    result = read_questions(data, "bank.xlsx", lesson, CAT)
    assert result.problems == []
    return [item_adapter().validate_python(raw) for raw in result.items]


@pytest.mark.parametrize("bank_id", BANKS)
def test_xlsx_round_trip_of_every_bank_is_exact(bank_id: str) -> None:
    bank = CAT.banks[bank_id]
    lesson = bank.items[0].lesson
    back = _back(export_xlsx(CAT, lesson=lesson, bank=bank_id), lesson)
    assert [i.model_dump() for i in back] == [i.model_dump() for i in bank.items]


@pytest.mark.parametrize("lesson", LESSONS)
def test_xlsx_round_trip_of_every_lesson_keeps_its_items_in_order(lesson: str) -> None:
    back = _back(export_xlsx(CAT, lesson=lesson), lesson)
    expected = chosen_items(CAT, None, lesson, None)
    assert [i.model_dump() for i in back] == [i.model_dump() for i in expected]


def _edit(data: bytes, sheet: str, header_part: str, row: int, value: object) -> bytes:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data))
    ws = book[sheet]
    col = next(c.column for c in ws[1] if header_part in str(c.value))
    if value is None:
        ws.cell(row=row, column=col).value = None  # a cell emptied
    else:
        put(ws, row, col, value)  # text as text, as Excel stores what a person types
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


EDITS = [
    # (header, new value, field checked, expected)
    ("Đề bài / Prompt", "Đề bài đã sửa: Điều 5?", "prompt", "Đề bài đã sửa: Điều 5?"),
    ("Điểm / Points", 3, "points", 3),
    ("Mức độ", "Phân tích", "level", "analyse"),
    ("Mức độ", "analyse", "level", "analyse"),
    ("Nhánh", "B", "tracks", ["B"]),
    ("Ngừng dùng", "có", "retired", True),
    ("Nguồn", "=Luật số 64/2025/QH15", "source", "=Luật số 64/2025/QH15"),
    ("Giải thích", "  Có khoảng trắng  ", "explanation", "Có khoảng trắng"),
]


@pytest.mark.parametrize(("header", "value", "field", "expected"), EDITS)
def test_editing_a_visible_cell_changes_what_is_imported(
    header: str, value: object, field: str, expected: object
) -> None:
    lesson = "l01-de-an-407"
    data = _edit(export_xlsx(CAT, lesson=lesson), QUESTIONS, header, 3, value)
    back = _back(data, lesson)
    assert getattr(back[1], field) == expected
    assert [i.model_dump() for i in back[2:]] == [
        i.model_dump() for i in chosen_items(CAT, None, lesson, None)[2:]
    ]


def test_editing_the_key_and_an_option_of_a_choice_item() -> None:
    lesson = "l01-de-an-407"
    data = export_xlsx(CAT, lesson=lesson)
    data = _edit(data, QUESTIONS, "Đáp án", 3, "a")
    data = _edit(data, QUESTIONS, "Mục 2 /", 3, "Phương án b đã sửa")
    item = _back(data, lesson)[1]
    assert [o.id for o in item.options if o.correct] == ["a"]
    assert item.options[1].text == "Phương án b đã sửa"


def test_editing_a_rubric_row_changes_the_writing_item() -> None:
    writing = next(i for i in CAT.items.values() if i.type == "writing")
    data = export_xlsx(CAT, lesson=writing.lesson)
    first = writing.rubric[0]
    data = _edit(data, RUBRIC, "Tên tiêu chí", 2, "Tiêu chí đã sửa")
    back = {i.id: i for i in _back(data, writing.lesson)}
    owner = next(i for i in chosen_items(CAT, None, writing.lesson, None) if i.type == "writing")
    assert back[owner.id].rubric[0].label == "Tiêu chí đã sửa"
    assert first.kind == back[writing.id].rubric[0].kind


BAD_CELLS = [
    ("Loại câu", "Câu đố", "Loại câu"),
    ("Điểm / Points", "nhiều", "Điểm"),
    ("Đáp án", "z", "Đáp án"),
    ("Mục 1 /", None, "Mục 1"),
    ("Mã câu", "Mã Có Dấu", "Mã câu"),
]


@pytest.mark.parametrize(("header", "value", "column"), BAD_CELLS)
def test_a_bad_cell_is_reported_with_its_row_and_the_others_are_kept(
    header: str, value: object, column: str
) -> None:
    lesson = "l01-de-an-407"
    data = _edit(export_xlsx(CAT, lesson=lesson), QUESTIONS, header, 3, value)
    result = read_questions(data, "bank.xlsx", lesson, CAT)
    assert len(result.problems) == 1
    problem = result.problems[0]
    assert "dòng 3" in problem.position and "row 3" in problem.position_en
    assert column in problem.position + problem.message_vi
    assert len(result.items) == len(chosen_items(CAT, None, lesson, None)) - 1


def test_the_workbook_writes_text_never_as_a_formula_and_lists_closed_fields() -> None:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(export_xlsx(CAT, lesson="l01-de-an-407")))
    ws = book[QUESTIONS]
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)
    listed = {str(dv.sqref).split(":")[0] for dv in ws.data_validations.dataValidation}
    assert len(listed) >= 6
    assert book["kit"].sheet_state == "hidden"
    assert book.sheetnames[0] == "Hướng dẫn"


@pytest.mark.parametrize("lesson", LESSONS)
def test_moodle_xml_round_trip_is_exact_for_the_faithful_types(lesson: str) -> None:
    items = [i for i in chosen_items(CAT, None, lesson, None) if i.type not in NEAREST]
    back = round_trip(items, lesson)
    for item in items:
        assert comparable(back[item.id]) == comparable(item), item.id


def test_whole_bank_to_moodle_xml_parses_and_is_mostly_faithful() -> None:
    data = export_moodle(CAT)
    root = etree.fromstring(data)
    questions = [q for q in root.findall("question") if q.get("type") != "category"]
    items = chosen_items(CAT, None, None, None)
    assert len(questions) >= 0.9 * len(items)
    figures = report(items)
    assert figures.share_faithful >= 0.8
    assert sum(figures.by_type.values()) == len(items)
    assert {i for i, kind, _, _ in figures.approximated} == {
        i.id for i in items if i.type in NEAREST
    }
    assert "Thủ tướng" in data.decode("utf-8")  # UTF-8, Vietnamese intact
