"""Are official documents (the plan first) written in the Decree 30/2020/NĐ-CP format?

Each exported document is read back with python-docx and checked for the page, the fonts and sizes
of every named style, the header, the date rule, the signature block, "Nơi nhận" and the page
numbers. The whole text is also compared with a golden file: ``tests/golden/<name>.txt`` holds one
line per paragraph (style name | text, the bold lead-in between ``**``) and tables as rows of cells;
a non-breaking space shows as ``⍽`` and a line break inside a paragraph as `` ⏎ ``.

After an intended change of the layout, refresh the golden files and review their diff::

    KIT_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_decree30_export.py

The template itself is rebuilt by ``kit/export/templates/make_decree30_template.py``; a test
checks that the committed ``decree30.docx`` has the styles and page that script makes.
"""

from __future__ import annotations

import datetime as dt
import difflib
import io
import os
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest
from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.styles.style import BaseStyle
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph
from lxml import etree

from devtools.make_decree30_template import build
from kit.export import decree30
from kit.export.decree30 import (
    BLANK,
    DRAFT_MARK,
    Bullet,
    Heading,
    OfficialDocument,
    SignatureBlock,
    Styles,
    Table,
)
from kit.export.measure import NBSP
from kit.plans.export import export_plan, plan_document
from kit.plans.model import (
    Activity,
    Draft,
    Header,
    Plan,
    Reporting,
    Section,
    Signature,
    Task,
)

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).with_name("golden")
SEEDS = [
    ROOT / "exercises" / "plans" / f"{n}.json" for n in ("seed-004-lang-son", "seed-002-chanh-lo")
]
FONT = "Times New Roman"
C, J, L = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY, WD_ALIGN_PARAGRAPH.LEFT


# -- factories --------------------------------------------------------------------------------


def province_plan(**header: object) -> Plan:
    """A small provincial plan: two sections, grouped and ungrouped tasks, one draft with two
    activities, a reporting duty, recipients and a KT. signature."""
    return Plan(
        shape="seed-004",
        level="province",
        header=Header.model_validate(
            {
                "issuing_body": "Ủy ban nhân dân tỉnh Lạng Sơn",
                "number": "43/KH-UBND",
                "place": "Lạng Sơn",
                "date": dt.date(2022, 4, 5),
                "title": "Truyền thông dự thảo chính sách năm 2022 trên địa bàn tỉnh Lạng Sơn",
                "period_start": 2022,
                "period_end": 2022,
                "basis": ["Thực hiện Quyết định số 407/QĐ-TTg ngày 30/3/2022 của Thủ tướng."],
                **header,
            }
        ),
        sections=[
            Section(
                id="I",
                kind="purpose",
                title="Mục đích, yêu cầu",
                paragraphs=[
                    "1. Mục đích",
                    "Người dân, doanh nghiệp được biết và góp ý dự thảo chính sách từ sớm.",
                    "2. Yêu cầu",
                    "- Bảo đảm đúng tiến độ lập đề nghị xây dựng nghị quyết;",
                    "- Không truyền thông nội dung thuộc bí mật nhà nước.",
                ],
            ),
            Section(
                id="II",
                kind="organisation",
                title="Tổ chức thực hiện",
                tasks=[
                    Task(
                        name="Xây dựng tài liệu hỏi - đáp về dự thảo chính sách",
                        description="Tài liệu ngắn, dễ hiểu, đăng trên Cổng thông tin điện tử.",
                        group="1. Sở Tư pháp",
                        lead="Sở Tư pháp",
                        coordinating=["Sở Thông tin và Truyền thông", "Báo Lạng Sơn"],
                        timing="Quý II/2022",
                        start=dt.date(2022, 4, 15),
                        end=dt.date(2022, 6, 30),
                        output="Tài liệu hỏi - đáp",
                        funding="Ngân sách tỉnh",
                    ),
                    Task(
                        name="Tổng hợp ý kiến góp ý",
                        group="1. Sở Tư pháp",
                        lead="Sở Tư pháp",
                        timing="Thường xuyên",
                    ),
                    Task(
                        name="Đài Phát thanh và Truyền hình tỉnh",
                        description="Mở chuyên mục về dự thảo chính sách khi lấy ý kiến.",
                        lead="Đài Phát thanh và Truyền hình tỉnh",
                    ),
                ],
            ),
        ],
        drafts=[
            Draft(
                title="Nghị quyết quy định mức hỗ trợ học phí",
                activities=[
                    Activity(
                        kind="posting",
                        name="Đăng tải dự thảo lấy ý kiến",
                        start=dt.date(2022, 5, 3),
                        end=dt.date(2022, 6, 2),
                        lead="Sở Giáo dục và Đào tạo",
                        basis="Ít nhất 30 ngày (Luật Ban hành VBQPPL, Điều 120)",
                    ),
                    Activity(
                        kind="conference",
                        name="Hội nghị đối thoại với phụ huynh",
                        start=dt.date(2022, 5, 20),
                        lead="Sở Giáo dục và Đào tạo",
                    ),
                ],
            )
        ],
        reporting=[Reporting(to="UBND tỉnh (qua Sở Tư pháp)", due="20/11", frequency="yearly")],
        recipients=["Bộ Tư pháp;", "- Thường trực Tỉnh ủy", "Các sở, ban, ngành tỉnh", "Lưu: VT"],
        signature=Signature(
            authority=[("TM.", "Ủy ban nhân dân"), ("KT.", "Chủ tịch")],
            position="Phó Chủ tịch",
            name="Dương Xuân Huyền",
        ),
    )


def read(data: bytes) -> DocumentObject:
    return Document(io.BytesIO(data))


def paragraphs(doc: DocumentObject) -> Iterator[DocxParagraph]:
    """Every paragraph, in the body and inside tables, in document order."""
    for item in doc.iter_inner_content():
        if isinstance(item, DocxTable):
            for row in item.rows:
                for cell in row.cells:
                    yield from cell.paragraphs
        else:
            yield item


def plain(text: str) -> str:
    """``text`` as a reader sees it: non-breaking spaces as spaces, line breaks as " / "."""
    return text.replace(NBSP, " ").replace("\n", " / ")


def styled(doc: DocumentObject, style: str) -> list[str]:
    """The plain text of each paragraph in ``style``."""
    return [plain(p.text) for p in paragraphs(doc) if p.style is not None and p.style.name == style]


def raw(doc: DocumentObject, style: str) -> list[str]:
    """The text of each paragraph in ``style`` as stored (non-breaking spaces, line breaks)."""
    return [p.text for p in paragraphs(doc) if p.style is not None and p.style.name == style]


# -- the golden dump --------------------------------------------------------------------------


def _line(paragraph: DocxParagraph) -> str:
    """The paragraph's text with a field as {INSTRUCTION} and a character-styled run in **."""
    text, instruction, in_result = "", "", False
    for run in paragraph.runs:
        r = run._r
        for char in r.findall(qn("w:fldChar")):
            kind = char.get(qn("w:fldCharType"))
            if kind == "begin":
                instruction = ""
            elif kind == "separate":
                in_result = True
            elif kind == "end":
                text, in_result = text + "{" + instruction.strip() + "}", False
        instruction += "".join(i.text or "" for i in r.findall(qn("w:instrText")))
        if (
            in_result
            or r.find(qn("w:fldChar")) is not None
            or r.find(qn("w:instrText")) is not None
        ):
            continue
        styled_run = r.rPr is not None and r.rPr.find(qn("w:rStyle")) is not None
        text += f"**{run.text}**" if styled_run and run.style is not None else run.text
    style = paragraph.style.name if paragraph.style is not None else "?"
    text = text.replace(NBSP, "⍽").replace("\n", " ⏎ ")
    return f"{style} | {text}".rstrip()


def dump(doc: DocumentObject) -> str:
    """One line per paragraph: "style | text"; tables as their rows of cells; the headers first."""
    section = doc.sections[0]
    lines = [f"HEADER first page | {_line(p)}" for p in section.first_page_header.paragraphs]
    lines += [f"HEADER other pages | {_line(p)}" for p in section.header.paragraphs]
    for item in doc.iter_inner_content():
        if isinstance(item, DocxTable):
            style = item.style.name if item.style is not None else "?"
            lines.append(f"TABLE {style} ({len(item.rows)}x{len(item.columns)})")
            for r, row in enumerate(item.rows, start=1):
                for c, cell in enumerate(row.cells, start=1):
                    lines.append(f"  [{r}.{c}]")
                    lines.extend(f"    {_line(p)}" for p in cell.paragraphs)
        else:
            lines.append(_line(item))
    return "\n".join(lines) + "\n"


def _golden_params() -> list[object]:
    """The built plan always; a seed plan when its file exists (a missing one shows as skipped)."""
    params: list[object] = [pytest.param(None, id="plan-province-built")]
    for path in SEEDS:
        mark = pytest.mark.skipif(not path.exists(), reason=f"{path.name} is not in the repo")
        params.append(pytest.param(path, id=f"plan-{path.stem}", marks=mark))
    return params


@pytest.mark.parametrize("seed", _golden_params())
def test_the_exported_plan_matches_its_golden_text(seed: Path | None) -> None:
    if seed is None:
        name, plan = "plan-province-built", province_plan()
    else:
        name, plan = f"plan-{seed.stem}", Plan.model_validate_json(seed.read_text("utf-8"))
    got = dump(read(export_plan(plan)))
    golden = GOLDEN / f"{name}.txt"
    if os.environ.get("KIT_UPDATE_GOLDEN") == "1":
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(got, encoding="utf-8")
        return
    assert golden.exists(), f"{golden} is missing: run with KIT_UPDATE_GOLDEN=1 to create it"
    want = golden.read_text(encoding="utf-8")
    diff = "".join(
        difflib.unified_diff(want.splitlines(True), got.splitlines(True), "golden", "exported")
    )
    assert got == want, f"export differs from {golden.name} (KIT_UPDATE_GOLDEN=1 accepts):\n{diff}"


# -- the date line ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2024, 2, 5), "Lạng Sơn, ngày 05 tháng 02 năm 2024"),
        (dt.date(2024, 11, 20), "Lạng Sơn, ngày 20 tháng 11 năm 2024"),
        (dt.date(2022, 4, 5), "Lạng Sơn, ngày 05 tháng 4 năm 2022"),
        (dt.date(2023, 1, 9), "Lạng Sơn, ngày 09 tháng 01 năm 2023"),
        (dt.date(2023, 3, 10), "Lạng Sơn, ngày 10 tháng 3 năm 2023"),
        (dt.date(2023, 12, 31), "Lạng Sơn, ngày 31 tháng 12 năm 2023"),
    ],
)
def test_days_1_to_9_and_months_1_and_2_take_a_leading_zero(day: dt.date, expected: str) -> None:
    assert decree30.vn_date_line("Lạng Sơn", day) == expected


def test_an_unknown_day_is_the_clerks_blank_with_the_year_never_dots() -> None:
    assert decree30.vn_date_line("Chánh Lộ", None, 2024) == (
        f"Chánh Lộ, ngày {BLANK} tháng {BLANK} năm 2024"
    )
    this_year = dt.date.today().year
    assert decree30.vn_date(None) == f"ngày {BLANK} tháng {BLANK} năm {this_year}"
    assert "…" not in decree30.vn_date(None, 2027)


def test_a_place_left_empty_prints_the_draft_placeholder_before_the_date() -> None:
    assert decree30.vn_date_line("  ", None, 2025).startswith("…, ngày ")


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2024, 2, 5), "Lạng Sơn, ngày 05 tháng 02 năm 2024"),
        (dt.date(2024, 11, 20), "Lạng Sơn, ngày 20 tháng 11 năm 2024"),
        (dt.date(2022, 4, 5), "Lạng Sơn, ngày 05 tháng 4 năm 2022"),
    ],
)
def test_the_exported_date_line_follows_the_leading_zero_rule(day: dt.date, expected: str) -> None:
    doc = read(export_plan(province_plan(date=day)))
    assert styled(doc, Styles.PLACE_DATE) == [expected]


@pytest.mark.parametrize(
    ("place", "day"),
    [
        ("Lạng Sơn", dt.date(2022, 4, 5)),
        ("Thành phố Hồ Chí Minh", dt.date(2024, 12, 31)),
        ("Đặc khu Vân Đồn", None),
    ],
)
def test_the_place_and_the_date_never_split_inside_themselves(
    place: str, day: dt.date | None
) -> None:
    """A line may wrap only after the comma: the place's name and the date are each one unit."""
    doc = read(export_plan(province_plan(place=place, date=day)))
    (line,) = raw(doc, Styles.PLACE_DATE)
    where, _, when = line.partition(", ")
    assert " " not in where and " " not in when
    assert where.replace(NBSP, " ") == place and when.startswith(f"ngày{NBSP}")


# -- page, fonts and styles -------------------------------------------------------------------


def test_the_page_is_a4_portrait_with_margins_inside_the_decrees_ranges() -> None:
    section = read(export_plan(province_plan())).sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert 20 <= round(section.top_margin.mm) <= 25
    assert 20 <= round(section.bottom_margin.mm) <= 25
    assert 30 <= round(section.left_margin.mm) <= 35
    assert 15 <= round(section.right_margin.mm) <= 20


#: style: (smallest, largest size in pt), bold, italic, alignment — Decree 30/2020, Phụ lục I
LOOKS = {
    Styles.PARENT_BODY: ((12, 13), False, False, C),
    Styles.ISSUING_BODY: ((12, 13), True, False, C),
    Styles.NUMBER: ((13, 13), False, False, C),
    Styles.NATIONAL_TITLE: ((12, 13), True, False, C),
    Styles.MOTTO: ((13, 14), True, False, C),
    Styles.PLACE_DATE: ((13, 14), False, True, C),
    Styles.DOC_TYPE: ((14, 14), True, False, C),
    Styles.TITLE: ((14, 14), True, False, C),
    Styles.BODY: ((13, 14), False, False, J),
    Styles.HEADING_1: ((13, 14), True, False, J),
    Styles.HEADING_2: ((13, 14), True, False, J),
    Styles.HEADING_3: ((13, 14), True, True, J),
    Styles.BULLET: ((13, 14), False, False, J),
    Styles.RECIPIENTS_LABEL: ((12, 12), True, True, L),
    Styles.RECIPIENTS: ((11, 11), False, False, L),
    Styles.SIGNATURE_AUTHORITY: ((13, 14), True, False, C),
    Styles.SIGNATURE_POSITION: ((13, 14), True, False, C),
    Styles.SIGNATURE_NAME: ((13, 14), True, False, C),
    Styles.ANNEX_LABEL: ((13, 14), True, False, C),
    Styles.ANNEX_TITLE: ((13, 14), True, False, C),
    Styles.ANNEX_NOTE: ((13, 14), False, True, C),
    Styles.PAGE_NUMBER: ((13, 14), False, False, C),
    Styles.TABLE_TEXT: ((11, 13), False, False, L),
    Styles.TABLE_HEADER: ((11, 13), True, False, C),
}


@pytest.mark.parametrize("name", sorted(LOOKS))
def test_each_style_is_times_new_roman_black_at_the_decrees_size(name: str) -> None:
    (low, high), bold, italic, align = LOOKS[name]
    style = read(export_plan(province_plan())).styles[name]
    fonts = style.element.rPr.rFonts
    assert {fonts.get(qn(f"w:{a}")) for a in ("ascii", "hAnsi", "cs", "eastAsia")} == {FONT}
    assert style.font.color.rgb is not None and str(style.font.color.rgb) == "000000"
    assert low <= style.font.size.pt <= high
    assert (bool(style.font.bold), bool(style.font.italic)) == (bold, italic)
    assert style.paragraph_format.alignment == align


def test_body_paragraphs_are_justified_with_a_first_line_indent_of_1_to_1_27_cm() -> None:
    doc = read(export_plan(province_plan()))
    for name in (Styles.BODY, Styles.BULLET, Styles.HEADING_1, Styles.HEADING_2):
        fmt = doc.styles[name].paragraph_format
        assert 10 <= round(fmt.first_line_indent.mm, 1) <= 12.7, name
        assert fmt.space_before.pt >= 6 and 1 <= fmt.line_spacing <= 1.5, name


def test_every_style_the_export_uses_is_a_kit_style_of_the_template() -> None:
    template = decree30.open_template()
    doc = read(export_plan(province_plan()))
    used = {p.style.name for p in paragraphs(doc) if p.style is not None}
    used |= {t.style.name for t in doc.tables if t.style is not None}
    used |= {r.style.name for p in paragraphs(doc) for r in p.runs if r._r.style is not None}
    assert used <= set(decree30.style_kinds())
    assert all(name.startswith("KIT ") for name in used)
    names = {s.name for s in template.styles}
    assert set(decree30.style_kinds()) <= names


def test_the_document_default_font_is_times_new_roman_not_a_theme_font() -> None:
    defaults = decree30.open_template().styles.element.find(qn("w:docDefaults"))
    fonts = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
    assert dict(fonts.attrib) == {qn(f"w:{a}"): FONT for a in ("ascii", "hAnsi", "cs", "eastAsia")}


# -- header, signature, recipients, page numbers ----------------------------------------------


def test_the_header_has_the_national_title_motto_issuing_body_in_upper_case_and_number() -> None:
    doc = read(export_plan(province_plan()))
    assert styled(doc, Styles.NATIONAL_TITLE) == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]
    assert styled(doc, Styles.MOTTO) == ["Độc lập - Tự do - Hạnh phúc"]
    assert styled(doc, Styles.ISSUING_BODY) == ["ỦY BAN NHÂN DÂN / TỈNH LẠNG SƠN"]
    assert styled(doc, Styles.NUMBER) == ["Số: 43/KH-UBND"]
    assert styled(doc, Styles.DOC_TYPE) == ["KẾ HOẠCH"]
    header = doc.tables[0]
    assert header.style is not None and header.style.name == Styles.LAYOUT_TABLE
    left, right = header.rows[0].cells
    assert plain(left.paragraphs[0].text) == "ỦY BAN NHÂN DÂN / TỈNH LẠNG SƠN"
    assert right.paragraphs[0].text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert {p.style.name for p in left.paragraphs if p.style} >= {Styles.ISSUING_BODY_RULE}
    assert {p.style.name for p in right.paragraphs if p.style} >= {Styles.MOTTO_RULE}


def test_the_layout_tables_are_borderless_and_the_data_table_has_borders() -> None:
    template = decree30.open_template()

    def borders(name: str) -> set[str | None]:
        edges = template.styles[name].element.find(f"{qn('w:tblPr')}/{qn('w:tblBorders')}")
        return {edge.get(qn("w:val")) for edge in edges}

    assert borders(Styles.LAYOUT_TABLE) == {"nil"}
    assert borders(Styles.GRID_TABLE) == {"single"}


def test_a_parent_body_prints_above_the_issuing_body_not_bold() -> None:
    plan = province_plan(parent_body="Ủy ban nhân dân thành phố Đà Nẵng")
    plan.header.issuing_body = "Ủy ban nhân dân phường Chánh Lộ"
    left = read(export_plan(plan)).tables[0].rows[0].cells[0]
    assert [(p.style.name, plain(p.text)) for p in left.paragraphs[:2] if p.style] == [
        (Styles.PARENT_BODY, "ỦY BAN NHÂN DÂN / THÀNH PHỐ ĐÀ NẴNG"),
        (Styles.ISSUING_BODY, "ỦY BAN NHÂN DÂN / PHƯỜNG CHÁNH LỘ"),
    ]


@pytest.mark.parametrize(
    ("issuer", "lines"),
    [
        ("Ủy ban nhân dân tỉnh Thanh Hóa", ["ỦY BAN NHÂN DÂN", "TỈNH THANH HÓA"]),
        ("Ủy ban nhân dân xã Quảng Thái", ["ỦY BAN NHÂN DÂN", "XÃ QUẢNG THÁI"]),
        ("Sở Tư pháp", ["SỞ TƯ PHÁP"]),
        (
            "Ủy ban nhân dân thành phố Hồ Chí Minh",
            ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HỒ CHÍ MINH"],
        ),
        ("Ủy ban nhân dân thị xã Phú Mỹ", ["ỦY BAN NHÂN DÂN", "THỊ XÃ PHÚ MỸ"]),
    ],
)
def test_a_body_name_breaks_before_its_place_never_inside_a_word_or_a_name(
    issuer: str, lines: list[str]
) -> None:
    """The issue's "TỈNH THANH / HÓA": the break falls before the kind of the place, and the
    words of a line are held together by non-breaking spaces."""
    plan = province_plan()
    plan.header.issuing_body = issuer
    (name,) = raw(read(export_plan(plan)), Styles.ISSUING_BODY)
    assert name.split("\n") == [line.replace(" ", NBSP) for line in lines]


def test_recipients_sit_left_of_the_signature_and_end_with_the_archive_line() -> None:
    doc = read(export_plan(province_plan()))
    foot = doc.tables[1]
    assert foot.style is not None and foot.style.name == Styles.LAYOUT_TABLE
    left, right = foot.rows[0].cells
    assert [p.text for p in left.paragraphs] == [
        "Nơi nhận:",
        "- Bộ Tư pháp;",
        "- Thường trực Tỉnh ủy;",
        "- Các sở, ban, ngành tỉnh;",
        "- Lưu: VT.",
    ]
    assert [(p.style.name, p.text) for p in right.paragraphs if p.style] == [
        (Styles.SIGNATURE_AUTHORITY, "TM. ỦY BAN NHÂN DÂN"),
        (Styles.SIGNATURE_AUTHORITY, "KT. CHỦ TỊCH"),
        (Styles.SIGNATURE_POSITION, "PHÓ CHỦ TỊCH"),
        (Styles.SIGNATURE_NAME, "Dương Xuân Huyền"),
    ]
    assert doc.styles[Styles.SIGNATURE_NAME].paragraph_format.space_before.pt >= 48
    # the two authority lines are one block: the second has no space above it
    first, second = right.paragraphs[0], right.paragraphs[1]
    assert first.paragraph_format.space_before is None  # the style's gap above the block
    assert second.paragraph_format.space_before is not None
    assert second.paragraph_format.space_before.pt == 0


def test_the_archive_line_is_added_when_the_recipients_lack_it() -> None:
    assert decree30.recipient_lines(["Sở Tư pháp."]) == ["- Sở Tư pháp;", "- Lưu: VT."]
    assert decree30.recipient_lines([]) == ["- Lưu: VT."]


def test_pages_after_the_first_are_numbered_in_the_centre_of_the_top_margin() -> None:
    section = read(export_plan(province_plan())).sections[0]
    assert section.different_first_page_header_footer
    header = section.header
    assert not header.is_linked_to_previous
    instructions = [i.text.strip() for i in header._element.iter(qn("w:instrText"))]
    assert instructions == ["PAGE"]
    assert header.paragraphs[0].style is not None
    assert header.paragraphs[0].style.name == Styles.PAGE_NUMBER
    assert list(section.first_page_header._element.iter(qn("w:instrText"))) == []
    assert section.header_distance.mm < section.top_margin.mm


# -- plan content -----------------------------------------------------------------------------


def test_sections_become_roman_headings_and_tasks_print_only_their_filled_fields() -> None:
    doc = read(export_plan(province_plan()))
    assert styled(doc, Styles.HEADING_1) == ["I. MỤC ĐÍCH, YÊU CẦU", "II. TỔ CHỨC THỰC HIỆN"]
    assert styled(doc, Styles.HEADING_2) == [
        "1. Mục đích",
        "2. Yêu cầu",
        "1. Sở Tư pháp",
        "2. Đài Phát thanh và Truyền hình tỉnh",
    ]
    assert styled(doc, Styles.HEADING_3) == [
        "a) Xây dựng tài liệu hỏi - đáp về dự thảo chính sách",
        "b) Tổng hợp ý kiến góp ý",
    ]
    bullets = styled(doc, Styles.BULLET)
    assert bullets[:7] == [
        "- Bảo đảm đúng tiến độ lập đề nghị xây dựng nghị quyết;",
        "- Không truyền thông nội dung thuộc bí mật nhà nước.",
        "- Cơ quan chủ trì: Sở Tư pháp",
        "- Cơ quan phối hợp: Sở Thông tin và Truyền thông, Báo Lạng Sơn",
        "- Thời gian thực hiện: Quý II/2022 (từ 15/04/2022 đến 30/06/2022)",
        "- Sản phẩm: Tài liệu hỏi - đáp",
        "- Kinh phí: Ngân sách tỉnh",
    ]
    assert bullets[7:] == [
        "- Cơ quan chủ trì: Sở Tư pháp",
        "- Thời gian thực hiện: Thường xuyên",
        "- Cơ quan chủ trì: Đài Phát thanh và Truyền hình tỉnh",
    ]


def test_a_task_whose_description_starts_with_its_name_is_one_paragraph_with_a_bold_lead() -> None:
    plan = province_plan()
    plan.sections[1].tasks = [
        Task(name="Sở Tư pháp chủ trì", description="Sở Tư pháp chủ trì, theo dõi việc thực hiện.")
    ]
    doc = read(export_plan(plan))
    para = next(p for p in paragraphs(doc) if p.text.startswith("1. Sở Tư pháp"))
    assert [(r.text, r.style.name if r._r.style else None) for r in para.runs] == [
        ("1. Sở Tư pháp chủ trì", Styles.STRONG),
        (", theo dõi việc thực hiện.", None),
    ]


def test_reporting_is_the_last_paragraph_of_the_organisation_section_and_never_twice() -> None:
    doc = read(export_plan(province_plan()))
    body = styled(doc, Styles.BODY)
    expected = (
        "Chế độ báo cáo: Định kỳ hằng năm, trước ngày 20/11, "
        "báo cáo kết quả thực hiện về UBND tỉnh (qua Sở Tư pháp)."
    )
    assert body[-1] == expected and body.count(expected) == 1
    plan = province_plan()
    plan.reporting[0].text = "Trước ngày 20/11 hằng năm, các sở báo cáo UBND tỉnh."
    plan.sections[1].paragraphs.append("Trước ngày 20/11 hằng năm, các sở báo cáo UBND tỉnh.")
    written = [t for t in styled(read(export_plan(plan)), Styles.BODY) if "20/11" in t]
    assert written == ["Trước ngày 20/11 hằng năm, các sở báo cáo UBND tỉnh."]


def test_draft_activities_form_an_annex_on_its_own_page_with_dd_mm_yyyy_dates() -> None:
    doc = read(export_plan(province_plan()))
    assert styled(doc, Styles.ANNEX_LABEL) == ["PHỤ LỤC"]
    assert styled(doc, Styles.ANNEX_TITLE) == ["LỊCH TRUYỀN THÔNG DỰ THẢO CHÍNH SÁCH"]
    assert styled(doc, Styles.ANNEX_NOTE) == [
        "(Kèm theo Kế hoạch số 43/KH-UBND ngày 05 tháng 4 năm 2022 "
        "của Ủy ban nhân dân tỉnh Lạng Sơn)"
    ]
    assert doc.styles[Styles.ANNEX_LABEL].paragraph_format.page_break_before
    annex = doc.tables[2]
    assert annex.style is not None and annex.style.name == Styles.GRID_TABLE
    rows = [[c.text for c in row.cells] for row in annex.rows]
    assert rows == [
        ["Dự thảo", "Hoạt động", "Từ ngày", "Đến ngày", "Cơ quan thực hiện", "Căn cứ"],
        [
            "Nghị quyết quy định mức hỗ trợ học phí",
            "Đăng tải dự thảo lấy ý kiến",
            "03/05/2022",
            "02/06/2022",
            "Sở Giáo dục và Đào tạo",
            "Ít nhất 30 ngày (Luật Ban hành VBQPPL, Điều 120)",
        ],
        ["", "Hội nghị đối thoại với phụ huynh", "20/05/2022", "", "Sở Giáo dục và Đào tạo", ""],
    ]


def test_a_plan_without_activities_has_no_annex() -> None:
    plan = province_plan()
    plan.drafts[0].activities = []
    assert plan_document(plan).annexes == []


def test_a_half_built_plan_is_marked_as_a_draft_and_shows_what_is_missing_as_dots() -> None:
    doc = read(export_plan(Plan()))
    assert styled(doc, Styles.NUMBER) == [DRAFT_MARK, "Số: …"]
    assert styled(doc, Styles.ISSUING_BODY) == ["…"]
    assert styled(doc, Styles.PLACE_DATE)[0].startswith("…, ngày ")
    assert styled(doc, Styles.TITLE) == ["…"]
    assert styled(doc, Styles.SIGNATURE_POSITION) == ["…"]
    assert styled(doc, Styles.SIGNATURE_NAME) == ["…"]
    assert styled(doc, Styles.PARENT_BODY) == []


def test_an_unnumbered_plan_leaves_the_clerk_a_blank_before_its_symbol_and_is_not_a_draft() -> None:
    doc = read(export_plan(province_plan(number="/KH-UBND", date=None)))
    assert raw(doc, Styles.NUMBER) == [f"Số: {BLANK}/KH-UBND"]
    assert raw(doc, Styles.PLACE_DATE)[0].startswith(f"Lạng{NBSP}Sơn, ngày{NBSP}{BLANK}")
    assert DRAFT_MARK not in styled(doc, Styles.NUMBER)
    assert not any("…" in p.text for p in paragraphs(doc))


@pytest.mark.parametrize(
    ("number", "printed", "draft"),
    [
        ("43/KH-UBND", "Số: 43/KH-UBND", False),
        ("/KH-UBND", f"Số: {BLANK}/KH-UBND", False),
        (" / KH-UBND ", f"Số: {BLANK}/KH-UBND", False),
        ("KH-UBND", "Số: KH-UBND", True),
        ("", "Số: …", True),
        ("12/kh-ubnd", "Số: 12/kh-ubnd", True),
    ],
)
def test_the_number_line_keeps_a_blank_only_for_the_clerk_and_a_bad_symbol_makes_a_draft(
    number: str, printed: str, draft: bool
) -> None:
    plan = province_plan(number=number)
    assert decree30.number_line(number) == printed
    assert decree30.is_draft(plan_document(plan)) is draft


def test_a_half_built_task_and_section_still_export() -> None:
    plan = Plan(sections=[Section(id="I", kind="content", title="", tasks=[Task(group="Nhóm")])])
    plan.drafts = [Draft(title="", activities=[Activity(kind="other", name="Họp")])]
    doc = read(export_plan(plan))
    assert styled(doc, Styles.HEADING_1) == ["I. …"]
    assert styled(doc, Styles.HEADING_2) == ["1. Nhóm"]
    assert styled(doc, Styles.HEADING_3) == ["a) …"]


# -- the generic writer and its template ------------------------------------------------------


def test_a_report_with_a_table_in_its_body_uses_the_same_writer() -> None:
    report = OfficialDocument(
        parent_body="UBND thành phố Đà Nẵng",
        issuing_body="UBND phường Chánh Lộ",
        number="12/BC-UBND",
        place="Chánh Lộ",
        year=2024,
        doc_type="Báo cáo",
        title="Sơ kết 01 năm thực hiện Đề án 407",
        blocks=[
            Heading("1. Tình hình thực hiện", 2),
            Bullet("Số dự thảo đã truyền thông: 3"),
            Table(["Chỉ tiêu", "Kết quả"], [["Hội nghị", "2"], ["Tọa đàm"]]),
        ],
        recipients=["Phòng Tư pháp (để tổng hợp)"],
        signature=SignatureBlock(["TM. Ủy ban nhân dân"], "Chủ tịch", "Lê Việt Dũng"),
    )
    doc = read(decree30.render(report))
    assert styled(doc, Styles.DOC_TYPE) == ["BÁO CÁO"]
    assert styled(doc, Styles.NUMBER) == ["Số: 12/BC-UBND"]
    blank = plain(BLANK)
    assert styled(doc, Styles.PLACE_DATE) == [f"Chánh Lộ, ngày {blank} tháng {blank} năm 2024"]
    assert [[c.text for c in row.cells] for row in doc.tables[1].rows[1:]] == [
        ["Hội nghị", "2"],
        ["Tọa đàm", ""],
    ]
    assert styled(doc, Styles.TABLE_HEADER) == ["Chỉ tiêu", "Kết quả"]
    assert styled(doc, Styles.RECIPIENTS)[0] == "- Phòng Tư pháp (để tổng hợp);"


def test_the_template_ships_inside_the_package() -> None:
    template = resources.files("kit.export").joinpath("templates", decree30.TEMPLATE)
    assert template.is_file()
    assert decree30.open_template().element.body.find(qn("w:p")) is None


def _style_facts(doc: DocumentObject) -> dict[str, dict[str, object]]:
    facts: dict[str, dict[str, object]] = {}
    for style in doc.styles:
        if not isinstance(style, BaseStyle) or not str(style.name).startswith("KIT "):
            continue
        element = style.element
        ppr = element.find(qn("w:pPr"))
        fmt = getattr(style, "paragraph_format", None)
        font = getattr(style, "font", None)
        facts[str(style.name)] = {
            "id": style.style_id,
            "type": style.type,
            "base": style.base_style.name if style.base_style is not None else None,
            "fonts": _xml(element.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")),
            "size": font.size if font else None,
            "bold": font.bold if font else None,
            "italic": font.italic if font else None,
            "color": str(font.color.rgb) if font and font.color.rgb else None,
            "alignment": fmt.alignment if fmt else None,
            "indents": (fmt.first_line_indent, fmt.left_indent, fmt.right_indent) if fmt else None,
            "spacing": (fmt.space_before, fmt.space_after, fmt.line_spacing) if fmt else None,
            "flow": (fmt.keep_with_next, fmt.page_break_before) if fmt else None,
            "outline": None if ppr is None else _xml(ppr.find(qn("w:outlineLvl"))),
            "border": None if ppr is None else _xml(ppr.find(qn("w:pBdr"))),
            "table": _xml(element.find(qn("w:tblPr"))),
        }
    return facts


def _xml(element: etree._Element | None) -> str | None:
    return None if element is None else etree.tostring(element, method="c14n").decode()


def _page_facts(doc: DocumentObject) -> dict[str, object]:
    section = doc.sections[0]
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    return {
        "size": (section.page_width, section.page_height, section.orientation),
        "margins": (section.top_margin, section.bottom_margin, section.left_margin),
        "right": section.right_margin,
        "header distance": section.header_distance,
        "first page different": section.different_first_page_header_footer,
        "header": [_line(p) for p in section.header.paragraphs],
        "first page header": [_line(p) for p in section.first_page_header.paragraphs],
        "defaults": _xml(defaults),
        "normal": _xml(doc.styles["Normal"].element),
    }


def test_the_committed_template_has_the_styles_and_page_its_script_builds() -> None:
    committed, rebuilt = decree30.open_template(), build()
    assert _style_facts(committed) == _style_facts(rebuilt), (
        "decree30.docx is out of date: run .venv/bin/python -m devtools.make_decree30_template"
    )
    assert _page_facts(committed) == _page_facts(rebuilt)
    assert set(_style_facts(committed)) == set(decree30.style_kinds())
