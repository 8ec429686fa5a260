"""Does the plan checker see what is unfinished (placeholders, errors), say where in words, cap the
score, and does the export say it is a draft and keep a partial date?"""

from __future__ import annotations

import io
import json
import re
from datetime import date
from pathlib import Path

import pytest
from docx import Document

from kit.cli import main
from kit.eligibility.placeholders import find
from kit.plans import library
from kit.plans.checker import check
from kit.plans.export import export_plan
from kit.plans.files import dump_plan, parse_plan
from kit.plans.findings import ERROR_CAP, PLACEHOLDER_CAP
from kit.plans.model import PartialDate, Plan
from tests.test_plan_checker import good_plan

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "kit" / "plans" / "templates"
PATH_LIKE = re.compile(r"\b(sections|drafts|header|signature|reporting)/")


def docx_text(data: bytes) -> list[str]:
    doc = Document(io.BytesIO(data))
    cells = [p.text for t in doc.tables for r in t.rows for c in r.cells for p in c.paragraphs]
    texts = [p.text for p in doc.paragraphs] + cells
    return [" ".join(t.replace("\xa0", " ").split()) for t in texts]


def other_province(province: str, year: int) -> Plan:
    """The complete plan of another province and year (full marks before anything is broken)."""
    plan = good_plan()
    h = plan.header
    h.issuing_body = f"ỦY BAN NHÂN DÂN TỈNH {province.upper()}"
    h.place = province
    h.title = f"Kế hoạch truyền thông dự thảo chính sách năm {year} trên địa bàn tỉnh {province}"
    h.period_start = h.period_end = 2026
    return plan


# ------------------------------------------------------------------ the placeholder grammar

GRAMMAR = [  # (text, field, placeholders found)
    ("ỦY BAN NHÂN DÂN TỈNH [TÊN TỈNH]", "issuing_body", ["[TÊN TỈNH]"]),
    ("[Số]/KH-UBND", "number", ["[Số]"]),
    ("/KH-UBND", "number", []),  # the number the clerk writes at signing
    ("…/KH-UBND", "number", []),
    ("   /KH-SYT", "number", []),
    ("…/KH-UBND", "title", ["…"]),  # outside the number field it is a blank
    ("giai đoạn [năm bắt đầu] - 2027 tại [Tên Sở]", "title", ["[năm bắt đầu]", "[Tên Sở]"]),
    ("Sở xxx chủ trì", "lead", ["xxx"]),
    ("Ông/bà ___ chịu trách nhiệm", "lead", ["___"]),
    ("Gửi <tên cơ quan> trước <ngày>", "text", ["<tên cơ quan>", "<ngày>"]),
    ("Sở Tư pháp (ghi tên người phụ trách)", "lead", ["(ghi tên người phụ trách)"]),
    ("Báo cáo (Điền số liệu) hằng quý", "text", ["(Điền số liệu)"]),
    ("Hà Giang, ngày … tháng … năm …", "text", ["ngày …", "tháng …", "năm …"]),
    ("Quyết định số ... ngày 12/3/2027", "basis", ["số ..."]),
    ("Quý … năm 2027", "timing", ["Quý …"]),
    ("…", "output", ["…"]),
    ("...", "output", ["..."]),
    ("Ghi chép: ..........", "text", [".........."]),
    ("[quý … năm …]", "timing", ["[quý … năm …]"]),  # one placeholder, not three
    # real text that only looks like a blank
    ("loa truyền thanh, bảng tin và các hình thức khác...", "description", []),
    ("tin bài, hỏi - đáp, đồ họa thông tin...", "output", []),
    ("Đề án (viết tắt là Đề án) năm 2024", "basis", []),
    ("Sở Tư pháp (ghi chú: phối hợp Báo tỉnh)", "lead", []),
    ("Mã số XX-2027 và Luật 64/2025/QH15", "basis", []),
    ("Thứ Hai, 20/04/2026", "basis", []),
]


@pytest.mark.parametrize(("text", "field", "expected"), GRAMMAR)
def test_the_placeholder_grammar_finds_blanks_and_leaves_real_text(
    text: str, field: str, expected: list[str]
) -> None:
    assert [f.text for f in find(text, field)] == expected


# ------------------------------------------------------------------ scores and caps


@pytest.mark.parametrize("level", library.TEMPLATES)
def test_every_shipped_template_scores_at_most_60_and_lists_its_placeholders(level: str) -> None:
    report = check(library.template(level))
    assert report.score <= PLACEHOLDER_CAP
    assert len(report.placeholders) >= 10
    shown = " ".join(p.what for p in report.placeholders)
    for token in ("[Số]", "[Họ và tên]"):
        assert token in shown
    for p in report.placeholders:  # located in words, never by a path
        assert p.place and p.place_en and not PATH_LIKE.search(p.place + p.place_en)


UNFINISHED = [  # (province, year, what is left, where it is, in words)
    ("Hà Giang", 2026, ("header", "number", "[Số]/KH-UBND"), "Phần đầu văn bản — số, ký hiệu"),
    ("Cà Mau", 2027, ("header", "place", "[Tên tỉnh]"), "Phần đầu văn bản — địa danh"),
    ("Điện Biên", 2026, ("signature", "name", "<họ tên>"), "Khối chữ ký — tên"),
    ("Kon Tum", 2027, ("task", "lead", "Sở xxx"), "nhiệm vụ 1"),
    ("Lào Cai", 2026, ("task", "output", "…"), "sản phẩm"),
    ("Quảng Trị", 2027, ("section", "paragraphs", "Do (ghi tên đơn vị) thực hiện."), "đoạn 1"),
    ("An Giang", 2026, ("reporting", "to", "[Tên Sở]"), "Chế độ báo cáo 1"),
]


def _leave(plan: Plan, part: str, name: str, text: str) -> None:
    if part == "header":
        setattr(plan.header, name, text)
    elif part == "signature":
        setattr(plan.signature, name, text)
    elif part == "task":
        setattr(plan.sections[2].tasks[0], name, text)
    elif part == "section":
        plan.sections[4].paragraphs = [text]
    else:
        setattr(plan.reporting[0], name, text)


@pytest.mark.parametrize(("province", "year", "left", "place"), UNFINISHED)
def test_one_placeholder_left_anywhere_caps_the_score_at_60_and_is_located_in_words(
    province: str, year: int, left: tuple[str, str, str], place: str
) -> None:
    plan = other_province(province, year)
    assert check(plan).score == 100
    _leave(plan, *left)
    report = check(plan)
    assert report.score <= PLACEHOLDER_CAP
    [blank] = report.placeholders
    assert place in blank.place and not PATH_LIKE.search(blank.place)
    assert blank.level == "error" and blank.weight > 0 and blank.what_en


def test_twenty_dates_outside_the_plan_period_cost_points_and_cap_the_score_at_80() -> None:
    plan = other_province("Sơn La", 2026)
    tasks = plan.sections[2].tasks
    tasks += [tasks[0].model_copy(update={"name": f"Hội nghị {n}"}) for n in range(10)]
    for task in tasks[2:]:
        task.start, task.end = date(2028, 3, 1), date(2028, 3, 2)
    report = check(plan)
    outside = [p for p in report.problems if "ngoài thời kỳ" in p.what]
    assert len(outside) == 20
    assert report.score <= ERROR_CAP and report.score < report.base - 20
    assert all(p.level == "error" and p.weight > 0 for p in outside)


@pytest.mark.parametrize(
    ("change", "most"),
    [
        (lambda p: setattr(p.header, "issuing_body", ""), ERROR_CAP),
        (lambda p: setattr(p, "reporting", []), ERROR_CAP),
        (lambda p: setattr(p.drafts[0], "activities", p.drafts[0].activities[1:]), ERROR_CAP),
        (lambda p: setattr(p.header, "period_start", None), ERROR_CAP),
    ],
)
def test_any_error_level_problem_keeps_the_score_at_most_80(change: object, most: int) -> None:
    plan = other_province("Bắc Kạn", 2027)
    change(plan)  # type: ignore[operator]
    report = check(plan)
    assert report.errors and report.score <= most


def test_a_warning_alone_does_not_cap_the_score() -> None:
    plan = other_province("Yên Bái", 2026)
    plan.sections[2].tasks[0].timing = ""
    report = check(plan)
    assert report.problems and not report.errors and ERROR_CAP < report.score < 100


def test_the_seed_plans_keep_their_order_and_the_provincial_one_has_no_error() -> None:
    province, ward = check(library.seed("seed-004")), check(library.seed("seed-002"))
    assert province.score > ward.score
    assert not province.placeholders and not province.errors and province.score > ERROR_CAP
    assert not ward.placeholders


# ------------------------------------------------------------------ partial dates and old files


def test_a_version_1_plan_file_is_still_read_and_written_back_as_version_2() -> None:
    old = json.loads((ROOT / "exercises" / "plans" / "seed-004-lang-son.json").read_text("utf-8"))
    old["schema_version"] = 1
    old["header"]["date"] = "2022-04-05"  # version 1: a full ISO date or null
    plan = parse_plan(json.dumps(old, ensure_ascii=False))
    assert plan.schema_version == 2 and plan.header.date == date(2022, 4, 5)
    old["header"]["date"] = None
    assert parse_plan(json.dumps(old)).header.date is None
    assert json.loads(dump_plan(plan))["schema_version"] == 2


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ({"day": None, "month": 4, "year": 2022}, PartialDate(month=4, year=2022)),
        ({"day": None, "month": None, "year": 2027}, PartialDate(year=2027)),
        ("2027-01-05", date(2027, 1, 5)),
        (None, None),
    ],
)
def test_the_date_of_issue_may_be_full_partial_or_unknown(given: object, expected: object) -> None:
    plan = parse_plan(json.dumps({"header": {"date": given}}))
    assert plan.header.date == expected
    assert parse_plan(dump_plan(plan)) == plan


@pytest.mark.parametrize(
    "bad",
    [
        {"day": 31, "month": 2, "year": 2027},
        {"day": 5, "month": None, "year": 2027},
        {"day": None, "month": 13, "year": 2027},
        {"month": 4},
        "05/04/2022",
    ],
)
def test_an_impossible_date_of_issue_is_refused(bad: object) -> None:
    from kit.core.errors import InputError

    with pytest.raises(InputError):
        parse_plan(json.dumps({"header": {"date": bad}}))


# ------------------------------------------------------------------ exports


def test_seed_004_export_keeps_april_2022_and_names_its_issuer_with_blanks_for_the_clerk() -> None:
    lines = docx_text(export_plan(library.seed("seed-004")))
    header = " ".join(lines)
    assert re.search(r"Lạng Sơn, ngày (… )?tháng 4 năm 2022", header)
    assert "ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN" in header
    assert re.search(r"Số: ?(…)?/KH-UBND", header)
    assert not any(line.startswith("Bản nháp") for line in lines)  # nothing left to fill


@pytest.mark.parametrize(
    ("month", "year", "shown"),
    [(2, 2024, "tháng 02 năm 2024"), (11, 2027, "tháng 11 năm 2027"), (None, 2026, "năm 2026")],
)
def test_a_partial_date_prints_what_is_known(month: int | None, year: int, shown: str) -> None:
    plan = other_province("Gia Lai", year)
    plan.header.date = PartialDate(month=month, year=year)
    assert any(shown in line and "ngày" in line for line in docx_text(export_plan(plan)))


@pytest.mark.parametrize("level", library.TEMPLATES)
def test_an_unfinished_plan_exports_as_a_draft_saying_how_many_places_are_left(level: str) -> None:
    plan = library.template(level)
    left = len(check(plan).to_fill)
    lines = [line for line in docx_text(export_plan(plan)) if line.strip()]
    assert lines[0] == f"Bản nháp — còn {left} chỗ cần điền" and left > 0


def test_the_check_command_reports_each_placeholder_in_words(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["plan", "check", str(TEMPLATES / "province.json")]) == 0
    out = capsys.readouterr().out
    score = int(re.search(r"score: (\d+)/100", out).group(1))  # type: ignore[union-attr]
    assert score <= PLACEHOLDER_CAP
    assert "Còn chỗ trống chưa điền: «[Tên tỉnh]»" in out and "chỗ cần điền" in out
    assert "Phần đầu văn bản — địa danh" in out
    assert not PATH_LIKE.search(out)
