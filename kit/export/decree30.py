"""Official documents in the format of Decree 30/2020/NĐ-CP (Phụ lục I): the plan, the
self-assessment report and the workshop summary all describe themselves as an `OfficialDocument`
and `render` lays it out.

The page, the fonts and every paragraph's look come from the packaged template
``templates/decree30.docx`` (built by ``templates/make_decree30_template.py``): `render` opens it,
empties its body and writes each part with one of the named styles in `Styles`. Upper case where
the decree asks for it is written into the text, so that it survives copy and paste.

Layout, top to bottom::

    PARENT BODY                       CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
    ISSUING BODY                         Độc lập - Tự do - Hạnh phúc
       ─────                             ─────────────────────────
    Số: 43/KH-UBND                 Lạng Sơn, ngày 05 tháng 4 năm 2022

                               KẾ HOẠCH
                           Title (trích yếu)
                                ─────
        preamble, then blocks: headings (I. / 1. / a)), paragraphs, "- " lines, tables

    Nơi nhận:                                 TM. ỦY BAN NHÂN DÂN
    - ...;                                       KT. CHỦ TỊCH
    - Lưu: VT.                                   PHÓ CHỦ TỊCH
                                                 (signature)
                                                 Name
    [page break] PHỤ LỤC / title / (Kèm theo ...) / blocks     (one per annex)

Page numbers sit centred in the top margin of every page but the first (template header).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from importlib import resources
from typing import Literal

from docx import Document
from docx.document import Document as DocumentObject
from docx.shared import Mm
from docx.table import Table as DocxTable
from docx.table import _Cell

PLACEHOLDER = "…"
TEMPLATE = "decree30.docx"
CORE_PROPERTY_CHARS = 255  # python-docx refuses longer document properties


class Styles:
    """The named styles of the template; `render` uses nothing else."""

    PARENT_BODY = "KIT Cơ quan chủ quản"
    ISSUING_BODY = "KIT Cơ quan ban hành"
    ISSUING_BODY_RULE = "KIT Kẻ dưới cơ quan"
    NUMBER = "KIT Số ký hiệu"
    NATIONAL_TITLE = "KIT Quốc hiệu"
    MOTTO = "KIT Tiêu ngữ"
    MOTTO_RULE = "KIT Kẻ dưới tiêu ngữ"
    PLACE_DATE = "KIT Địa danh ngày"
    DOC_TYPE = "KIT Tên loại"
    TITLE = "KIT Trích yếu"
    TITLE_RULE = "KIT Kẻ dưới trích yếu"
    BODY = "KIT Nội dung"
    HEADING_1 = "KIT Đề mục 1"
    HEADING_2 = "KIT Đề mục 2"
    HEADING_3 = "KIT Đề mục 3"
    BULLET = "KIT Gạch đầu dòng"
    TABLE_TEXT = "KIT Bảng"
    TABLE_HEADER = "KIT Bảng tiêu đề"
    RECIPIENTS_LABEL = "KIT Nơi nhận nhãn"
    RECIPIENTS = "KIT Nơi nhận"
    SIGNATURE_AUTHORITY = "KIT Chữ ký quyền hạn"
    SIGNATURE_POSITION = "KIT Chữ ký chức vụ"
    SIGNATURE_NAME = "KIT Chữ ký họ tên"
    ANNEX_LABEL = "KIT Phụ lục"
    ANNEX_TITLE = "KIT Phụ lục tên"
    ANNEX_NOTE = "KIT Phụ lục kèm theo"
    PAGE_NUMBER = "KIT Số trang"
    #: a character style: the bold lead-in of a paragraph (a task's name)
    STRONG = "KIT Chữ đậm"
    GRID_TABLE = "KIT Bảng lưới"
    LAYOUT_TABLE = "KIT Bảng khung ẩn"


def style_kinds() -> dict[str, str]:
    """Every style name in `Styles` and its kind: "paragraph", "character" or "table"."""
    kinds = {name: "paragraph" for key, name in vars(Styles).items() if key.isupper()}
    kinds[Styles.STRONG] = "character"
    kinds[Styles.GRID_TABLE] = kinds[Styles.LAYOUT_TABLE] = "table"
    return kinds


#: column widths (mm) of the two borderless layout tables; the text width is 210 - 30 - 15 = 165
HEADER_COLUMNS_MM = (68.0, 97.0)
FOOTER_COLUMNS_MM = (80.0, 85.0)


@dataclass
class Heading:
    """``level`` 1: "I. MỤC ĐÍCH, YÊU CẦU"; 2: "1. …"; 3: "a) …". The text carries its number."""

    text: str
    level: Literal[1, 2, 3] = 1


@dataclass
class Paragraph:
    """Body text; `lead`, when given, is printed first in bold (e.g. "a) " and a task's name)."""

    text: str
    lead: str = ""


@dataclass
class Bullet:
    """A line printed as "- text", the decree's list mark."""

    text: str


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]] = field(default_factory=list)
    #: column widths in mm (summing to at most 165); equal columns when empty
    widths_mm: list[float] = field(default_factory=list)


Block = Heading | Paragraph | Bullet | Table


@dataclass
class Annex:
    """An appendix on its own page: "PHỤ LỤC [I]", its title, "(Kèm theo …)", its blocks."""

    title: str
    blocks: list[Block] = field(default_factory=list)


@dataclass
class SignatureBlock:
    #: e.g. ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"]
    authority: list[str] = field(default_factory=list)
    position: str = ""
    name: str = ""


@dataclass
class OfficialDocument:
    issuing_body: str = ""
    #: the body above the issuer ("" when there is none, e.g. a provincial People's Committee)
    parent_body: str = ""
    #: number and symbol as printed after "Số: ", e.g. "43/KH-UBND"
    number: str = ""
    place: str = ""
    date: date | None = None
    #: the year to print when the day is not known yet
    year: int | None = None
    doc_type: str = "KẾ HOẠCH"
    title: str = ""
    preamble: list[str] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    signature: SignatureBlock = field(default_factory=SignatureBlock)
    annexes: list[Annex] = field(default_factory=list)


# -- text rules ------------------------------------------------------------------------------


def vn_date(day: date | None, year: int | None = None) -> str:
    """The date as the decree writes it, e.g. "ngày 05 tháng 4 năm 2022": days 01–09 and months
    01–02 take a leading zero, months 3–12 do not (Decree 30/2020, Phụ lục I). An unknown day
    prints "ngày … tháng … năm …", with the year when it is known."""
    if day is None:
        return f"ngày {PLACEHOLDER} tháng {PLACEHOLDER} năm {year or PLACEHOLDER}"
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def vn_date_line(place: str, day: date | None, year: int | None = None) -> str:
    """The place-and-date line: "Lạng Sơn, ngày 05 tháng 4 năm 2022"."""
    return f"{place.strip() or PLACEHOLDER}, {vn_date(day, year)}"


def number_line(number: str) -> str:
    """The number line, e.g. "Số: 43/KH-UBND"; before numbering ("/KH-UBND" or "") the number
    part is a placeholder: "Số: …/KH-UBND"."""
    number = number.strip()
    if number.startswith("/"):
        number = PLACEHOLDER + number
    return f"Số: {number or PLACEHOLDER}"


def recipient_lines(items: list[str]) -> list[str]:
    """Each recipient as "- …;", the last one "- Lưu: VT….". The decree's list ends with the
    archive copy, so "Lưu: VT" is added when the list has no "Lưu" line."""
    names = [re.sub(r"^[-–•+]\s*|[;,.]\s*$", "", item.strip()).strip() for item in items]
    names = [n for n in names if n]
    if not any(n.casefold().startswith("lưu") for n in names):
        names.append("Lưu: VT")
    return [f"- {n}{'.' if i == len(names) - 1 else ';'}" for i, n in enumerate(names)]


def _roman(number: int) -> str:
    numerals = (("X", 10), ("IX", 9), ("V", 5), ("IV", 4), ("I", 1))
    out = ""
    for mark, value in numerals:
        while number >= value:
            out, number = out + mark, number - value
    return out


def _or_placeholder(text: str) -> str:
    return text.strip() or PLACEHOLDER


# -- rendering -------------------------------------------------------------------------------


def open_template() -> DocumentObject:
    """The packaged template (page set up, styles, page-number header), body as built."""
    source = resources.files("kit.export").joinpath("templates", TEMPLATE)
    with source.open("rb") as stream:
        return Document(stream)


def render(doc: OfficialDocument) -> bytes:
    """The document as DOCX bytes."""
    out = open_template()
    _clear_body(out)
    props = out.core_properties
    props.title = doc.title[:CORE_PROPERTY_CHARS]
    props.subject = doc.doc_type[:CORE_PROPERTY_CHARS]
    props.created = props.modified = datetime.now(UTC).replace(microsecond=0)
    _write_header(out, doc)
    _write(out, out, Styles.DOC_TYPE, _or_placeholder(doc.doc_type).upper())
    _write(out, out, Styles.TITLE, _or_placeholder(doc.title))
    _write(out, out, Styles.TITLE_RULE, "")
    for text in doc.preamble:
        _write(out, out, Styles.BODY, text)
    _write_blocks(out, doc.blocks)
    _write_footer(out, doc)
    for index, annex in enumerate(doc.annexes, start=1):
        label = "PHỤ LỤC" if len(doc.annexes) == 1 else f"PHỤ LỤC {_roman(index)}"
        _write(out, out, Styles.ANNEX_LABEL, label)
        _write(out, out, Styles.ANNEX_TITLE, _or_placeholder(annex.title).upper())
        _write(out, out, Styles.ANNEX_NOTE, _annex_note(doc))
        _write_blocks(out, annex.blocks)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def _annex_note(doc: OfficialDocument) -> str:
    kind = doc.doc_type.strip().capitalize() or "Văn bản"
    number = number_line(doc.number).removeprefix("Số: ")
    return f"(Kèm theo {kind} số {number} {vn_date(doc.date, doc.year)})"


def _clear_body(out: DocumentObject) -> None:
    """Remove everything but the section properties (page, margins, header references)."""
    out.element.body.clear_content()


Container = DocumentObject | _Cell


def _write(out: DocumentObject, where: Container, style: str, text: str) -> None:
    """A paragraph in `style`; a new table cell's own empty, unstyled paragraph is used first."""
    if isinstance(where, _Cell):
        first = where.paragraphs[0]
        if len(where.paragraphs) == 1 and not first.text and first._p.style is None:
            first.text = text
            first.style = out.styles[style]
            return
    where.add_paragraph(text, style=out.styles[style])


def _layout_table(out: DocumentObject, rows: int, widths: tuple[float, float]) -> DocxTable:
    grid = out.add_table(rows=rows, cols=2)
    grid.style = out.styles[Styles.LAYOUT_TABLE]
    _set_widths(grid, list(widths))
    return grid


def _set_widths(grid: DocxTable, widths_mm: list[float]) -> None:
    grid.autofit = False
    for column, width in zip(grid.columns, widths_mm, strict=False):
        column.width = Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)


def _write_header(out: DocumentObject, doc: OfficialDocument) -> None:
    grid = _layout_table(out, 2, HEADER_COLUMNS_MM)
    left, right = grid.rows[0].cells
    if doc.parent_body.strip():
        _write(out, left, Styles.PARENT_BODY, doc.parent_body.strip().upper())
    _write(out, left, Styles.ISSUING_BODY, _or_placeholder(doc.issuing_body).upper())
    _write(out, left, Styles.ISSUING_BODY_RULE, "")
    _write(out, right, Styles.NATIONAL_TITLE, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    _write(out, right, Styles.MOTTO, "Độc lập - Tự do - Hạnh phúc")
    _write(out, right, Styles.MOTTO_RULE, "")
    number, place_date = grid.rows[1].cells
    _write(out, number, Styles.NUMBER, number_line(doc.number))
    _write(out, place_date, Styles.PLACE_DATE, vn_date_line(doc.place, doc.date, doc.year))


def _write_blocks(out: DocumentObject, blocks: list[Block]) -> None:
    heading_styles = {1: Styles.HEADING_1, 2: Styles.HEADING_2, 3: Styles.HEADING_3}
    for block in blocks:
        if isinstance(block, Heading):
            text = block.text.upper() if block.level == 1 else block.text
            _write(out, out, heading_styles[block.level], text)
        elif isinstance(block, Paragraph) and block.lead:
            para = out.add_paragraph(style=out.styles[Styles.BODY])
            para.add_run(block.lead, style=out.styles[Styles.STRONG])
            para.add_run(block.text)
        elif isinstance(block, Paragraph):
            _write(out, out, Styles.BODY, block.text)
        elif isinstance(block, Bullet):
            _write(out, out, Styles.BULLET, f"- {block.text}")
        else:
            _write_table(out, block)


def _write_table(out: DocumentObject, table: Table) -> None:
    """A bordered table; a short row is padded with empty cells, a long one is an error."""
    if not table.headers:
        return
    grid = out.add_table(rows=1, cols=len(table.headers))
    grid.style = out.styles[Styles.GRID_TABLE]
    for cell, text in zip(grid.rows[0].cells, table.headers, strict=True):
        _write(out, cell, Styles.TABLE_HEADER, text)
    for row in table.rows:
        padded = [*row, *[""] * (len(table.headers) - len(row))]
        for cell, text in zip(grid.add_row().cells, padded, strict=True):
            _write(out, cell, Styles.TABLE_TEXT, text)
    if table.widths_mm:
        _set_widths(grid, table.widths_mm)


def _write_footer(out: DocumentObject, doc: OfficialDocument) -> None:
    grid = _layout_table(out, 1, FOOTER_COLUMNS_MM)
    left, right = grid.rows[0].cells
    _write(out, left, Styles.RECIPIENTS_LABEL, "Nơi nhận:")
    for line in recipient_lines(doc.recipients):
        _write(out, left, Styles.RECIPIENTS, line)
    sign = doc.signature
    for line in sign.authority:
        if line.strip():
            _write(out, right, Styles.SIGNATURE_AUTHORITY, line.strip().upper())
    _write(out, right, Styles.SIGNATURE_POSITION, _or_placeholder(sign.position).upper())
    _write(out, right, Styles.SIGNATURE_NAME, _or_placeholder(sign.name))
