"""Does ``kit workshop stats`` read a trainer's response table, keep the good rows and say which
rows it left out and why?"""

from __future__ import annotations

import io
import json
import unicodedata
from pathlib import Path

import pytest

from kit.cli import main
from kit.core.errors import InputError
from kit.workshops.marks import Response
from kit.workshops.responses import ResponseTable, read_responses, read_responses_file

FIXTURES = Path(__file__).parent / "fixtures" / "workshop"
PRE_POST = FIXTURES / "pre_post.csv"  # BOM, ';', a title row, Vietnamese headers and phases


def csv_table(text: str, name: str = "diem.csv") -> ResponseTable:
    return read_responses(text.encode("utf-8"), name)


def problems_by_row(table: ResponseTable) -> dict[int, str]:
    return {p.row: p.en for p in table.problems}


def _no_nan(word: str) -> None:
    raise AssertionError(f"{word} in JSON")


# --- reading a response table -------------------------------------------------------------------


def test_a_csv_with_bom_semicolons_a_title_row_and_vietnamese_headers_is_read() -> None:
    assert PRE_POST.read_bytes().startswith(b"\xef\xbb\xbf")
    table = read_responses_file(PRE_POST)
    assert table.problems == ()
    assert len(table.responses) == 17  # 8 before, 9 after (Dũng skipped P2)
    assert table.responses[0] == Response("An", "P1", 2.0, 5.0, "pre")  # "trước" is pre
    assert table.responses[-1] == Response("Em", "P2", 3.0, 5.0, "post")  # "sau" is post


def test_headers_match_whatever_their_case_and_spacing() -> None:
    table = csv_table("  TRAINEE , Item,SCORE,Max ,Notes\nAn,Q1,1,1,easy\n")
    assert table.responses == (Response("An", "Q1", 1.0, 1.0),)


def test_a_decimal_comma_and_excels_sep_line_are_understood() -> None:
    table = csv_table("sep=;\nhọc viên;câu;điểm;tối đa\nAn;Q1;7,5;10\n")
    assert table.responses == (Response("An", "Q1", 7.5, 10.0),)


def test_an_xlsx_is_read_with_row_numbers_as_in_the_sheet() -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Lớp tập huấn ngày 12/3"])
    sheet.append(["Học viên", "Câu", "Điểm", "Tối đa", "Giai đoạn"])
    sheet.append(["An", 1, 2, 2, "post"])
    sheet.append(["Bình", 1, 1.5, 2, "post"])
    sheet.append([None, None, None, None, None])
    sheet.append(["Chi", 1, "hai", 2, "post"])
    data = io.BytesIO()
    book.save(data)
    table = read_responses(data.getvalue(), "lop.xlsx")
    assert table.responses == (
        Response("An", "1", 2.0, 2.0, "post"),
        Response("Bình", "1", 1.5, 2.0, "post"),
    )
    assert problems_by_row(table) == {6: "score 'hai' is not a number."}


BAD_ROWS = """\
trainee,item,score,max,phase
An,Q1,1,1,post
An,Q2,x,1,post
An,Q3,2,1,post
An,Q4,-1,1,post
An,Q5,0,0,post
An,Q6,1,1,during
,Q7,1,1,post
An,,1,1,post
An,Q8,,1,post
An,Q9,1,1,
Bình,Q1,0,1,post
Bình,Q1,1,1,post
Chi,Q1,2,2,post
Chi,Q2,1,1,post
"""


@pytest.mark.parametrize(
    ("row", "words"),
    [
        (3, "'x' is not a number"),
        (4, "between 0 and 1"),
        (5, "between 0 and 1"),
        (6, "above 0"),
        (7, "unknown phase 'during'"),
        (8, "trainee's name is missing"),
        (9, "item's name is missing"),
        (10, "blank score: taken as not answered"),
        (11, "no phase"),
        (13, "already in row 12"),
        (14, "max mark 2 differs from 1"),
    ],
)
def test_a_bad_row_is_reported_with_its_row_number(row: int, words: str) -> None:
    assert words in problems_by_row(csv_table(BAD_ROWS))[row]


def test_the_good_rows_are_used_beside_the_bad_ones() -> None:
    table = csv_table(BAD_ROWS)
    assert table.responses == (
        Response("An", "Q1", 1.0, 1.0, "post"),
        Response("Bình", "Q1", 0.0, 1.0, "post"),
        Response("Chi", "Q2", 1.0, 1.0, "post"),
    )
    assert sorted(problems_by_row(table)) == [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14]


def test_every_message_is_vietnamese_in_nfc_then_english() -> None:
    for problem in csv_table(BAD_ROWS).problems:
        assert unicodedata.is_normalized("NFC", problem.vi)
        assert problem.vi != problem.en
        assert f"dòng {problem.row}" in str(problem) and f"row {problem.row}" in str(problem)


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("diem.txt", b"trainee,item,score,max\n", "expected a .csv or .xlsx"),
        ("diem.xls", b"\xd0\xcf\x11\xe0", "expected a .csv or .xlsx"),
        ("diem.csv", b"trainee,item,score,max\nB\xecnh,Q1,1,1\n", "not UTF-8"),  # Windows code page
        ("diem.csv", b"", "empty"),
        ("diem.csv", b"\xef\xbb\xbf\n\n", "empty"),
        ("diem.xlsx", b"PK\x03\x04 not really a workbook", "cannot read the Excel file"),
        ("diem.csv", b"trainee,item,score\nAn,Q1,1\n", "missing column max"),
        ("diem.csv", b"name,date\nAn,12/3\n", "no header row"),
        ("diem.csv", b"trainee,item,score,max,diem\nAn,Q1,1,1,1\n", "column score appears twice"),
        ("diem.csv", b"trainee,item,score,max\nAn,Q1,x,1\n,Q2,1,1\n", "no usable row"),
    ],
)
def test_a_file_that_cannot_be_used_is_refused_with_a_clear_reason(
    name: str, data: bytes, words: str
) -> None:
    with pytest.raises(InputError) as caught:
        read_responses(data, name)
    assert words in caught.value.en
    assert unicodedata.is_normalized("NFC", caught.value.vi)


def test_a_file_with_no_usable_row_lists_its_rows_problems() -> None:
    with pytest.raises(InputError) as caught:
        csv_table("trainee,item,score,max\nAn,Q1,x,1\n")
    assert "row 2: score 'x' is not a number" in caught.value.en
    assert "dòng 2: điểm 'x' không phải là số" in caught.value.vi


def test_an_empty_workbook_is_refused() -> None:
    from openpyxl import Workbook

    data = io.BytesIO()
    Workbook().save(data)
    with pytest.raises(InputError, match="trống"):
        read_responses(data.getvalue(), "trong.xlsx")


# --- the command --------------------------------------------------------------------------------


def test_the_json_output_follows_the_contract(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["workshop", "stats", str(PRE_POST), "--json"]) == 0
    figures = json.loads(capsys.readouterr().out, parse_constant=_no_nan)
    assert [row["item"] for row in figures["items"]] == ["P1", "P2"]
    assert {"n", "facility", "discrimination", "flag", "reasons"} <= set(figures["items"][0])
    assert figures["alpha"] == 0.9
    # class pre (40+100+20+50)/4 = 52.5, post (70+90+100+60)/4 = 80: g = 27.5/47.5
    assert figures["gain"]["class"] == 0.579
    assert figures["gain"]["band"] == "medium"
    assert figures["gain"]["trainees"]["Bình"]["gain"] is None  # 100% before
    assert figures["problems"] == []


def test_bad_rows_are_listed_under_problems_in_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "diem.csv"
    path.write_text(BAD_ROWS, encoding="utf-8")
    assert main(["workshop", "stats", str(path), "--json"]) == 0
    captured = capsys.readouterr()
    figures = json.loads(captured.out, parse_constant=_no_nan)
    assert [p["row"] for p in figures["problems"]] == [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14]
    assert set(figures["problems"][0]) == {"row", "vi", "en"}
    assert figures["items"][0]["n"] == 2  # Q1: An and Bình; Chi's Q1 was left out
    assert captured.err == ""


def test_the_text_output_is_a_bilingual_table_with_bad_rows_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "diem.csv"
    path.write_text(BAD_ROWS, encoding="utf-8")
    assert main(["workshop", "stats", str(path)]) == 0
    captured = capsys.readouterr()
    assert "Độ dễ / facility" in captured.out and "Cronbach" in captured.out
    assert "11 dòng bị bỏ qua / 11 row(s) left out" in captured.err
    assert "dòng/row 3: điểm 'x' không phải là số." in captured.err


def test_the_text_output_shows_the_gain_of_the_class_and_of_each_trainee(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["workshop", "stats", str(PRE_POST)]) == 0
    out = capsys.readouterr().out
    assert "g = 0.579 (trung bình / medium)" in out
    assert "Chi" in out and "cao / high" in out


@pytest.mark.parametrize(
    ("content", "words"),
    [(None, "Cannot open"), (b"trainee,item,score,max\nAn,Q1,x,1\n", "no usable row")],
)
def test_a_file_that_cannot_be_used_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes | None, words: str
) -> None:
    path = tmp_path / "diem.csv"
    if content is not None:
        path.write_bytes(content)
    assert main(["workshop", "stats", str(path), "--json"]) == 1
    captured = capsys.readouterr()
    assert words in captured.err
    assert captured.out == ""


def test_stats_is_an_action_of_kit_workshop(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["workshop", "--help"])
    assert "stats" in capsys.readouterr().out
