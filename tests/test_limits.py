"""Does every reader of a user's file refuse, before doing the work, a file over the one table of
limits (size, zip bomb, XML entity declarations, rows, columns, depth, time), with a message that
names the limit in Vietnamese and English; do formulas saved without their value become a
problem of their row (F12); is a person's value quoted back at most ~80 characters (F11)?

Every hostile file is built here, at test time (``tests/hostile_files.py``)."""

from __future__ import annotations

import csv
import io
import json
import random
import re
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from kit.assessment.analyzer import analyze
from kit.assessment.collection import sheets as assessment_sheets
from kit.assessment.collection.sheets import read_units_data
from kit.assessment.collection.template import DATA_SHEET, FIRST_DATA_ROW, ID_ROW, write_template
from kit.assessment.questionnaire.saved import to_saved
from kit.core import limits
from kit.core.errors import InputError, KitError
from kit.core.files import json_depth, load_json, read_input, read_json
from kit.core.limits import (
    ASSESSMENT_SHEET,
    ELIGIBILITY_SHEET,
    JSON_FILE,
    QUOTE_CHARS,
    REPORT_DOCX,
    REPORT_TEXT,
    TABLE,
    WORKSHOP_RESPONSES,
    clip,
)
from kit.core.sheets import UNCALCULATED, Uncalculated, open_workbook, sheet_rows
from kit.eligibility.batch import contract, decide
from kit.eligibility.batch import reader as eligibility_reader
from kit.plans.files import parse_plan
from kit.workshops import responses
from tests import hostile_files as h

ROOT = Path(__file__).resolve().parents[1]
HEADERS = list(contract.INPUT_HEADERS)
DRAFT = ["DT-01", "Dự thảo", "Nghị quyết HĐND tỉnh", "Sở Tài chính", "10/05/2024", None]
DRAFT += [None, "Không", "Có", "Có", "Toàn tỉnh"]
STRONG = json.loads((ROOT / "tests/fixtures/assessment/strong-unit.json").read_text("utf-8"))


def refused(call: object, *args: object) -> InputError:
    """The InputError ``call(*args)`` raises; its two messages are checked for the basics."""
    with pytest.raises(InputError) as caught:
        call(*args)  # type: ignore[operator]
    err = caught.value
    assert err.vi != err.en and "Traceback" not in err.vi
    assert len(err.vi) < 2_000 and len(err.en) < 2_000
    return err


def names_limit(err: InputError, vi: str, en: str) -> None:
    assert vi in err.vi, err.vi
    assert en in err.en, err.en
    assert "không được đọc" in err.vi and "not read" in err.en


# ---------------------------------------------------------------------- the table


def test_the_table_holds_the_documented_defaults() -> None:
    assert (ELIGIBILITY_SHEET.rows, ASSESSMENT_SHEET.rows) == (20_000, 50_000)
    assert (REPORT_DOCX.xml_mb, REPORT_DOCX.paragraphs) == (50, 200_000)
    assert all(lim.depth == 64 for _, lim in TABLE)


def test_the_readme_states_every_limit() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme[readme.index("Giới hạn tệp") :]
    for _name, lim in TABLE:
        assert lim.vi in section and lim.en in section, lim.vi
        assert f"{lim.megabytes} MB" in section
        for count in (lim.rows, lim.lines, lim.chars, lim.paragraphs):
            assert not count or f"{count:,}" in section
    assert f"{limits.QUOTE_CHARS}" in section and "64" in section


def test_the_apps_use_the_same_limits_as_the_command_line() -> None:
    from kit.apps import analyze as analyze_app
    from kit.apps.eligibility import batch
    from kit.apps.plans import lists
    from kit.core import uploads

    assert batch.MAX_MB == lists.MAX_UPLOAD_MB == ELIGIBILITY_SHEET.megabytes
    assert analyze_app.MAX_BYTES == analyze.MAX_BYTES == REPORT_DOCX.max_bytes
    assert REPORT_TEXT.chars == analyze.MAX_CHARS
    assert analyze_app.MAX_CHARS == limits.PASTED_REPORT.chars < REPORT_TEXT.chars
    assert all(lim.megabytes <= uploads.MAX_MB for _, lim in TABLE)


def test_clip_quotes_at_most_the_quote_length() -> None:
    assert clip("ngắn") == "ngắn"
    long = clip("x" * 1_000_000)
    assert len(long) == QUOTE_CHARS and long.endswith("…")


# ---------------------------------------------------------------------- size


@pytest.mark.parametrize(
    ("call", "name", "lim"),
    [
        (lambda d, n: decide.run_batch(d, n), "du-thao.csv", ELIGIBILITY_SHEET),
        (lambda d, n: decide.run_batch(d, n), "du-thao.xlsx", ELIGIBILITY_SHEET),
        (read_units_data, "don-vi.csv", ASSESSMENT_SHEET),
        (responses.read_responses, "diem.csv", WORKSHOP_RESPONSES),
        (analyze.analyze_file, "bao-cao.txt", REPORT_TEXT),
        (analyze.analyze_file, "bao-cao.docx", REPORT_DOCX),
        (lambda d, n: parse_plan(d, n), "PLAN.json", limits.PLAN_JSON),
        (lambda d, n: load_json(d, n), "facts.json", JSON_FILE),
    ],
)
def test_a_file_over_its_size_is_refused_with_the_limit_named(
    call: object, name: str, lim: limits.ReadLimits
) -> None:
    err = refused(call, b"a" * (lim.max_bytes + 1), name)
    names_limit(err, f"{lim.megabytes} MB", f"{lim.megabytes} MB")


def test_a_named_file_is_never_read_past_its_limit(tmp_path: Path) -> None:
    err = refused(read_input, Path("/dev/zero"), JSON_FILE)  # a file that never ends
    names_limit(err, "5 MB", "5 MB")
    missing = refused(read_input, tmp_path / "khong-co.json", JSON_FILE)
    assert "Không mở được tệp" in missing.vi


# ---------------------------------------------------------------------- zip packages


def test_a_zip_bomb_is_refused_from_its_directory_before_anything_is_inflated() -> None:
    bomb = h.xlsx(h.zeros(ELIGIBILITY_SHEET.unzipped_mb + 1))  # ~100 KB that inflate to 101 MB
    assert len(bomb) < 2 * 2**20
    err = refused(decide.run_batch, bomb, "bom.xlsx")
    names_limit(err, "100 MB giải nén", "100 MB uncompressed")


def test_a_part_compressed_more_than_the_ratio_is_refused() -> None:
    err = refused(decide.run_batch, h.xlsx(h.zeros(5)), "bom.xlsx")
    names_limit(err, "tỷ lệ nén 100 lần", "compression ratio of 100")
    assert "zip bomb" in err.vi and "xl/worksheets/sheet1.xml" in err.en


def varied(count: int) -> bytes:
    """``count`` paragraphs of random words: compressed about as much as a real report."""
    vocabulary = ["xã", "huyện", "kế hoạch", "dự thảo", "số", "ý kiến"]
    words = random.Random(407).choices(vocabulary, k=count)
    numbers = random.Random(30).choices(range(10**6), k=count)
    return b"".join(h.paragraph(f"{w} {n}") for w, n in zip(words, numbers, strict=True))


def test_the_5_million_paragraph_docx_of_the_probe_is_refused_unparsed() -> None:
    body = (b"<w:p/>" * 2**17 for _ in range(40))  # 5.2 million paragraphs in 60 KB
    err = refused(analyze.analyze_file, h.docx(body), "bom.docx")
    assert "zip bomb" in err.vi and "word/document.xml" in err.en


def test_a_docx_whose_xml_is_over_the_limit_is_refused_unparsed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(analyze, "REPORT_DOCX", replace(REPORT_DOCX, xml_mb=1))
    err = refused(analyze.analyze_file, h.docx(varied(40_000)), "lon.docx")
    names_limit(err, "1 MB XML", "1 MB of XML")


def test_a_docx_of_too_many_paragraphs_is_refused_before_python_docx_reads_it() -> None:
    data = h.docx(varied(REPORT_DOCX.paragraphs + 1))
    assert len(data) < REPORT_DOCX.max_bytes
    err = refused(analyze.analyze_file, data, "nhieu-doan.docx")
    names_limit(err, "200.000 đoạn", "200,000 paragraphs")


def test_a_docx_of_too_many_characters_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(analyze, "REPORT_DOCX", replace(REPORT_DOCX, chars=10_000))
    err = refused(analyze.analyze_file, h.docx(varied(2_000)), "dai.docx")
    names_limit(err, "10.000 ký tự", "10,000 characters")


def test_a_text_report_of_too_many_characters_is_refused() -> None:
    err = refused(analyze.analyze_file, ("Báo cáo. " * 120_000).encode(), "dai.txt")
    names_limit(err, "1.000.000 ký tự", "1,000,000 characters")
    pasted = refused(analyze.analyze_text, "x" * 1_000_001)
    assert pasted.vi.startswith("Văn bản dài 1.000.001 ký tự")


WHERE = {
    "the sheet": "xl/worksheets/sheet1.xml",
    "the shared strings": "xl/sharedStrings.xml",
    "the workbook": "xl/workbook.xml",
}


def entity_xlsx(where: str, prolog: bytes) -> bytes:
    """A workbook whose part ``WHERE[where]`` starts with ``prolog`` (a DOCTYPE)."""
    strings = b'<sst xmlns="' + h.MAIN.encode() + b'" count="1" uniqueCount="1"><si><t>'
    parts = {
        "xl/sharedStrings.xml": strings + b"lol</t></si></sst>",
        "xl/worksheets/sheet1.xml": b"".join(h.sheet([h.row(1, HEADERS)])),
        "xl/workbook.xml": h.WORKBOOK,
    }
    target = WHERE[where]
    parts[target] = prolog + re.sub(rb"^<\?xml[^>]*\?>", b"", parts[target])
    sheet, strings = parts.pop("xl/worksheets/sheet1.xml"), parts.pop("xl/sharedStrings.xml")
    return h.xlsx(sheet, strings, **parts)


@pytest.mark.parametrize("where", list(WHERE))
@pytest.mark.parametrize("prolog", [h.LAUGHS, h.EXTERNAL], ids=["billion-laughs", "external"])
def test_an_entity_declaration_in_any_xml_part_is_refused_before_parsing(
    where: str, prolog: bytes
) -> None:
    data = entity_xlsx(where, prolog)
    for call, name in (
        (decide.run_batch, "a.xlsx"),
        (read_units_data, "a.xlsx"),
        (responses.read_responses, "a.xlsx"),
    ):
        err = refused(call, data, name)
        assert "DOCTYPE" in err.vi and "DOCTYPE" in err.en and WHERE[where] in err.vi


@pytest.mark.parametrize(
    "prolog",
    [
        h.LAUGHS,
        h.EXTERNAL,
        b"\xef\xbb\xbf" + h.LAUGHS,  # a UTF-8 byte order mark first
        b"<!-- " + b"-" * 10 + b" -->\n" + h.LAUGHS.replace(b'<?xml version="1.0"?>', b""),
        h.LAUGHS.decode().encode("utf-16"),  # UTF-16 with its mark
    ],
    ids=["laughs", "external", "bom", "comment-first", "utf-16"],
)
def test_a_docx_with_an_entity_declaration_is_refused(prolog: bytes) -> None:
    if prolog.startswith(b"\xff\xfe"):  # the whole part in UTF-16
        text = prolog.decode("utf-16") + '<w:document xmlns:w="' + h.W.decode() + '"/>'
        data = h.package({"word/document.xml": text.encode("utf-16")})
    else:
        data = h.docx(b"<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>", prolog=prolog)
    err = refused(analyze.analyze_file, data, "lol.docx")
    assert "DOCTYPE" in err.vi and "word/document.xml" in err.vi


def test_a_prolog_too_long_to_check_and_other_encodings_are_refused() -> None:
    padded = b'<?xml version="1.0"?>' + b"<!-- " + b"x" * 70_000 + b" -->" + h.LAUGHS[21:]
    err = refused(analyze.analyze_file, h.docx(b"<w:p/>", prolog=padded), "a.docx")
    assert "mở đầu XML dài bất thường" in err.vi and "unusually long XML prolog" in err.en
    utf32 = h.package({"word/document.xml": '<?xml version="1.0"?><w:document/>'.encode("utf-32")})
    err = refused(analyze.analyze_file, utf32, "a.docx")
    assert "UTF-8" in err.vi and "UTF-16" in err.en


# ---------------------------------------------------------------------- rows and columns


def eligibility_rows(n: int) -> list[list[object]]:
    return [HEADERS] + [[f"DT-{i}", *DRAFT[1:]] for i in range(n)]


def csv_of(rows: list[list[object]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode()


@pytest.fixture
def small_eligibility(monkeypatch: pytest.MonkeyPatch) -> limits.ReadLimits:
    small = replace(ELIGIBILITY_SHEET, rows=30)
    monkeypatch.setattr(eligibility_reader, "ELIGIBILITY_SHEET", small)
    return small


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_an_eligibility_sheet_at_its_row_limit_is_read_and_one_row_more_is_refused(
    kind: str, small_eligibility: limits.ReadLimits
) -> None:
    build = h.table_xlsx if kind == "xlsx" else csv_of
    result = decide.run_batch(build(eligibility_rows(30)), f"du-thao.{kind}")
    assert len(result.rows) == 30
    err = refused(decide.run_batch, build(eligibility_rows(31)), f"du-thao.{kind}")
    names_limit(err, "30 dòng dữ liệu", "30 data rows")
    assert "chia thành nhiều tệp" in err.vi and "Split it" in err.en


def test_a_sheet_of_200_000_rows_is_refused_from_its_raw_xml(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def parsed(*_: object) -> None:
        raise AssertionError("the sheet was parsed")

    monkeypatch.setattr(eligibility_reader, "sheet_rows", parsed)
    rows = [h.row(1, HEADERS)]
    rows += (h.row(i, [f"DT-{i}", "Luật"]) for i in range(2, 200_002))
    err = refused(decide.run_batch, h.xlsx(h.sheet(rows)), "trieu-dong.xlsx")
    names_limit(err, "20.000 dòng dữ liệu", "20,000 data rows")


def test_a_sheet_of_blank_formatted_rows_past_the_stored_limit_is_refused() -> None:
    blank = (b'<row r="%d"><c r="A%d" s="1"/></row>' % (i, i) for i in range(2, 100_003))
    data = h.xlsx(h.sheet([h.row(1, HEADERS), *blank]))
    err = refused(decide.run_batch, data, "trong.xlsx")
    names_limit(err, "100.000 dòng lưu trong bảng", "100,000 stored rows")
    assert "dòng trống" in err.vi and "blank formatted rows" in err.en


def test_a_csv_of_blank_lines_stops_at_the_stored_limit() -> None:
    data = csv_of([HEADERS]) + b"\r\n" * 5_000_000
    err = refused(decide.run_batch, data, "trong.csv")
    names_limit(err, "100.000 dòng lưu trong bảng", "100,000 stored rows")


def test_a_csv_line_longer_than_the_line_limit_is_refused() -> None:
    data = csv_of([HEADERS]) + b"\n" + b"," * 1_000_001
    err = refused(decide.run_batch, data, "dai.csv")
    assert "1.000.000 ký tự" in err.vi and "1,000,000 characters" in err.en


def test_a_value_past_the_column_limit_is_refused() -> None:
    data = csv_of([HEADERS, DRAFT + [""] * 1_000 + ["x"]])
    err = refused(decide.run_batch, data, "rong.csv")
    names_limit(err, "1.000 cột", "1,000 columns")


def test_reading_longer_than_the_time_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = iter(range(0, 10**6, 30))  # every look at the clock: half a minute later
    monkeypatch.setattr(limits.time, "monotonic", lambda: next(clock))
    err = refused(decide.run_batch, csv_of(eligibility_rows(3_000)), "cham.csv")
    names_limit(err, "120 giây", "120 seconds")


def test_an_assessment_sheet_over_its_rows_is_refused_before_any_row_is_checked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(assessment_sheets, "ASSESSMENT_SHEET", replace(ASSESSMENT_SHEET, rows=3))
    checked: list[object] = []
    real = assessment_sheets.check_answers
    monkeypatch.setattr(
        assessment_sheets, "check_answers", lambda *a, **k: checked.append(a) or real(*a, **k)
    )
    ids = list(assessment_sheets.load_questionnaire().fields())
    rows = [ids] + [["Xã " + str(i)] for i in range(4)]
    text = "\n".join(",".join(r) for r in rows).replace("Xã", "Xã").encode()
    err = refused(read_units_data, text, "don-vi.csv")
    names_limit(err, "3 dòng dữ liệu", "3 data rows")
    assert checked == []


def test_a_response_table_over_its_rows_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(responses, "WORKSHOP_RESPONSES", replace(WORKSHOP_RESPONSES, rows=5))
    rows = [["trainee", "item", "score", "max"]] + [[f"HV{i}", "c1", 1, 1] for i in range(6)]
    for data, name in ((csv_of(rows), "diem.csv"), (h.table_xlsx(rows), "diem.xlsx")):
        err = refused(responses.read_responses, data, name)
        names_limit(err, "5 dòng dữ liệu", "5 data rows")


# ---------------------------------------------------------------------- JSON


def test_json_depth_is_counted_without_recursion_and_strings_do_not_count() -> None:
    assert json_depth(h.deep_json(64)) == 64
    assert json_depth(h.deep_json(100_000)) == 65
    assert json_depth('{"a": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["}') == 1
    assert json_depth('["\\"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["]') == 1


@pytest.mark.parametrize("depth", [65, 100_000])
def test_deep_json_is_refused_by_every_json_reader(depth: int, tmp_path: Path) -> None:
    text = h.deep_json(depth)
    path = tmp_path / "sau.json"
    path.write_text(text)
    for err in (
        refused(load_json, text, "sau.json"),
        refused(read_json, path),
        refused(parse_plan, text, "PLAN.json"),
        refused(read_units_data, text.encode(), "sau.json"),
    ):
        names_limit(err, "64 cấp lồng nhau", "64 nesting levels")
    assert load_json(h.deep_json(64), "ok.json") is not None


def test_the_rollup_names_a_deep_json_file_and_goes_on(tmp_path: Path) -> None:
    from kit.assessment.rollup.sources import read_paths

    good, deep = tmp_path / "tot.json", tmp_path / "sau.json"
    good.write_text(json.dumps(STRONG), "utf-8")
    deep.write_text(h.deep_json(200_000))
    found = read_paths([deep, good])
    assert len(found.units) == 1
    assert [r.source for r in found.rejected] == [str(deep)]
    assert "64 cấp" in found.rejected[0].vi


# ---------------------------------------------------------------------- F12: formulas


def test_a_formula_without_its_value_is_read_as_uncalculated_and_one_with_it_as_its_value() -> None:
    cells = [b"<f>1+1</f><v></v>", b"<f>2+2</f><v>4</v>", b'<f>""</f>', b"<f>B1</f>"]
    data = h.table_xlsx([["a", 1], cells, [b'<f>""</f><v></v>']])
    with open_workbook(data, "a.xlsx") as book:
        got = list(sheet_rows(book, book.worksheets[0], 1))
    assert got[1] == (2, ["=1+1", 4, '=""', "=B1"])
    assert all(isinstance(v, Uncalculated) for v in got[1][1][::2])
    assert got[2] == (3, ['=""'])
    with open_workbook(h.table_xlsx([["x"]]), "b.xlsx") as book:
        assert list(sheet_rows(book, book.worksheets[0], 1)) == [(1, ["x"])]


def formula_book(rows: list[list[object]], formula_at: tuple[int, int]) -> bytes:
    """``rows`` written by openpyxl (which saves a formula without its value), one formula."""
    book = Workbook()
    ws = book.active
    assert ws is not None
    for r in rows:
        ws.append(r)
    ws.cell(*formula_at, value="=1+1")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_eligibility_batch_marks_a_row_with_an_uncalculated_formula() -> None:
    data = formula_book(eligibility_rows(2), (2, HEADERS.index("Loại văn bản") + 1))
    result = decide.run_batch(data, "cong-thuc.xlsx")
    first, second = result.rows
    assert first.conclusion == contract.ERROR and UNCALCULATED[0] in first.reason
    assert any(UNCALCULATED[1] in p for p in first.problems)
    assert second.conclusion != contract.ERROR


def test_the_assessment_import_reports_an_uncalculated_formula_in_its_row() -> None:
    from tests.test_assessment_import import STRONG as UNIT
    from tests.test_assessment_import import typed_in

    book = load_workbook(io.BytesIO(write_template([typed_in(UNIT)])))
    ws = book[DATA_SHEET]
    column = {c.value: c.column for c in ws[ID_ROW]}
    ws.cell(FIRST_DATA_ROW, column["drafts_total"], "=B3*2")
    out = io.BytesIO()
    book.save(out)
    found = read_units_data(out.getvalue(), "cong-thuc.xlsx")
    assert found.units == ()
    problem = next(p for p in found.problems if p.field == "drafts_total")
    assert UNCALCULATED[0] in problem.vi and UNCALCULATED[1] in problem.en


def test_the_response_table_reports_an_uncalculated_formula_in_its_row() -> None:
    rows: list[list[object]] = [["trainee", "item", "score", "max"], ["An", "c1", 1, 2]]
    rows.append(["Bình", "c1", 2, 2])
    table = responses.read_responses(formula_book(rows, (2, 3)), "diem.xlsx")
    assert [r.trainee for r in table.responses] == ["Bình"]
    assert table.problems[0].row == 2 and UNCALCULATED[0] in table.problems[0].vi


# ---------------------------------------------------------------------- F11: values quoted


def short(err: KitError | Exception) -> bool:
    text = str(getattr(err, "vi", err)) + str(getattr(err, "en", ""))
    # a row may hold two problems, each naming the values it accepts
    return "x" * (QUOTE_CHARS + 1) not in text and len(text) < 2_500


def test_a_megabyte_answer_is_never_echoed_whole() -> None:
    from kit.content.catalogue import load_catalogue
    from kit.grading.answers import coerce, parse_date

    huge = "x" * 1_000_000
    items = load_catalogue().items.values()
    kinds = {type(i).__name__: i for i in items}
    assert len(kinds) >= 5
    for item in kinds.values():
        try:
            coerce(item, huge)
        except InputError as err:
            assert short(err), type(item).__name__
    with pytest.raises(InputError) as caught:
        parse_date(huge)
    assert short(caught.value)


def test_a_megabyte_value_in_a_sheet_is_never_echoed_whole() -> None:
    huge = "x" * 100_000
    bad = ("Loại văn bản", "Ngày lấy ý kiến")
    row = [huge if name in bad else v for name, v in zip(HEADERS, DRAFT, strict=True)]
    result = decide.run_batch(csv_of([HEADERS, row]), "dai.csv")
    assert result.rows[0].conclusion == contract.ERROR
    assert short(Exception(result.rows[0].reason + "".join(result.rows[0].problems)))
    table = [["trainee", "item", "score", "max", "phase"], ["An", "c1", huge, huge, huge]]
    table.append(["An", "c1", 1, 1, None])
    found = responses.read_responses(csv_of(table), "diem.csv")
    assert all(short(Exception(str(p))) for p in found.problems)
    saved = to_saved({"unit_name": "Xã A"}) | {huge: 1}
    err = refused(read_units_data, json.dumps(saved).encode(), "a.json")
    assert short(err)
    saved = json.loads(json.dumps(STRONG))
    saved["answers"]["drafts_total"] = huge
    found_units = read_units_data(json.dumps(saved).encode(), "b.json")
    assert found_units.problems and all(short(Exception(p.vi + p.en)) for p in found_units.problems)


def test_the_rollup_names_a_file_it_failed_on_and_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kit.assessment.rollup import sources

    good, bad = tmp_path / "tot.json", tmp_path / "loi.json"
    good.write_text(json.dumps(STRONG), "utf-8")
    bad.write_text(json.dumps(STRONG), "utf-8")
    real = sources._one_file

    def failing(name: str, data: bytes, progress: object) -> object:
        if name == str(bad):
            raise RecursionError("a fault of the kit")
        return real(name, data, progress)  # type: ignore[arg-type]

    monkeypatch.setattr(sources, "_one_file", failing)
    endless = tmp_path / "vo-tan.csv"
    endless.symlink_to("/dev/zero")  # a file that never ends is read no further than its limit
    found = sources.read_paths([bad, good, endless])
    assert len(found.units) == 1
    assert [r.source for r in found.rejected] == [str(bad), str(endless)]
    assert "nhật ký" in found.rejected[0].vi and "50 MB" in found.rejected[1].vi


def test_a_sheet_in_utf_16_is_counted_as_well(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(eligibility_reader, "ELIGIBILITY_SHEET", replace(ELIGIBILITY_SHEET, rows=5))
    monkeypatch.setattr(eligibility_reader, "sheet_rows", lambda *_: pytest.fail("parsed"))
    rows = [h.row(1, HEADERS), *(h.row(i, [f"DT-{i}", "Luật"]) for i in range(2, 30))]
    text = b"".join(h.sheet(rows)).decode().replace('encoding="UTF-8"', 'encoding="UTF-16"')
    err = refused(decide.run_batch, h.xlsx(text.encode("utf-16")), "utf16.xlsx")
    names_limit(err, "5 dòng dữ liệu", "5 data rows")
