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
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt
from docx.table import Table as DocxTable
from docx.table import _Cell

from kit.export.measure import NBSP, fit_widths, name_lines, width_mm

#: what a draft prints for a part not given yet (a finished document never prints it)
PLACEHOLDER = "…"
#: the blank a clerk fills by hand at signing (the number, the day): non-breaking spaces
BLANK = NBSP * 7
DRAFT_MARK = "DỰ THẢO"
#: the parts a document cannot be finished without, in the order the apps name them
REQUIRED_PARTS = ("issuing_body", "symbol", "place", "title", "position", "signer", "recipients")
#: a number and symbol as printed: "43/BC-UBND", or "/BC-UBND" before it is numbered
_NUMBER = re.compile(r"^(?P<number>[0-9]*)\s*/\s*(?P<symbol>[A-ZĐ0-9]+(?:[-.][A-ZĐ0-9]+)+)$")
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
#: the header's body names: (size in points, bold) of the parent body and the issuing body
PARENT_FONT = (12.0, False)
ISSUER_FONT = (12.0, True)
#: the table text size (pt) and a grid cell's inner margin on each side (mm)
TABLE_PT = 12.0
TABLE_PAD_MM = 1.0
BODY_WIDTH_MM = 165.0


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
    #: print "DỰ THẢO" even when every part is given (a document still being discussed)
    draft: bool = False


def missing_parts(doc: OfficialDocument) -> list[str]:
    """The parts of `REQUIRED_PARTS` the document lacks: while any is missing the document is a
    draft, marked so, and prints "…" where the part goes."""
    number = doc.number.strip()
    given = {
        "issuing_body": doc.issuing_body.strip(),
        "symbol": _NUMBER.match(number) if number else None,
        "place": doc.place.strip(),
        "title": doc.title.strip(),
        "position": doc.signature.position.strip(),
        "signer": doc.signature.name.strip(),
        "recipients": [r for r in doc.recipients if not r.strip().casefold().startswith("lưu")],
    }
    return [part for part in REQUIRED_PARTS if not given[part]]


def is_draft(doc: OfficialDocument) -> bool:
    return doc.draft or bool(missing_parts(doc))


# -- text rules ------------------------------------------------------------------------------


def vn_date(day: date | None, year: int | None = None) -> str:
    """The date as the decree writes it, e.g. "ngày 05 tháng 4 năm 2022": days 01–09 and months
    01–02 take a leading zero, months 3–12 do not (Decree 30/2020, Phụ lục I). An unknown day is
    the blank filled at signing, "ngày      tháng      năm 2022" (this year when no year is
    given). The DOCX joins its words by non-breaking spaces (`unbroken`): it never splits."""
    if day is None:
        text = f"ngày {BLANK} tháng {BLANK} năm {year or date.today().year}"
    else:
        month = f"{day.month:02d}" if day.month < 3 else str(day.month)
        text = f"ngày {day.day:02d} tháng {month} năm {day.year}"
    return text


def vn_date_line(place: str, day: date | None, year: int | None = None) -> str:
    """The place-and-date line: "Lạng Sơn, ngày 05 tháng 4 năm 2022"."""
    return f"{' '.join(place.split()) or PLACEHOLDER}, {vn_date(day, year)}"


def unbroken(text: str) -> str:
    """``text`` with non-breaking spaces: a name or a date printed on one line."""
    return text.replace(" ", NBSP)


def number_line(number: str) -> str:
    """The number line, e.g. "Số: 43/KH-UBND"; before numbering ("/KH-UBND") the number is the
    blank a clerk fills at signing: "Số:       /KH-UBND". Without a symbol it is "Số: …" (a
    draft)."""
    number = " ".join(number.split())
    match = _NUMBER.match(number)
    if match is None:
        return f"Số: {number or PLACEHOLDER}"
    return f"Số: {match.group('number') or BLANK}/{match.group('symbol')}"


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
    if is_draft(doc):
        mark = out.add_paragraph(style=out.styles[Styles.NUMBER])
        mark.add_run(DRAFT_MARK).bold = True
        mark.alignment = WD_ALIGN_PARAGRAPH.RIGHT
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
    issuer = " ".join(doc.issuing_body.split())
    by = f" của {issuer[:1].upper()}{issuer[1:]}" if issuer else ""
    return f"(Kèm theo {kind} số {number} {vn_date(doc.date, doc.year)}{by})"


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
    room = HEADER_COLUMNS_MM[0] - 2
    parent = header_lines(doc.parent_body, *PARENT_FONT, room)
    if parent:
        _write(out, left, Styles.PARENT_BODY, "\n".join(parent))
    issuer = header_lines(doc.issuing_body, *ISSUER_FONT, room) or [PLACEHOLDER]
    _write(out, left, Styles.ISSUING_BODY, "\n".join(issuer))
    _write(out, left, Styles.ISSUING_BODY_RULE, "")
    rule = left.paragraphs[-1].paragraph_format
    rule.left_indent = rule.right_indent = Mm(rule_indent_mm(issuer))
    _write(out, right, Styles.NATIONAL_TITLE, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    _write(out, right, Styles.MOTTO, "Độc lập - Tự do - Hạnh phúc")
    _write(out, right, Styles.MOTTO_RULE, "")
    number, place_date = grid.rows[1].cells
    _write(out, number, Styles.NUMBER, number_line(doc.number))
    where = unbroken(" ".join(doc.place.split()) or PLACEHOLDER)
    _write(out, place_date, Styles.PLACE_DATE, f"{where}, {unbroken(vn_date(doc.date, doc.year))}")


def header_lines(name: str, size_pt: float, bold: bool, room_mm: float) -> list[str]:
    """A body's name in the header, upper case, in the lines of
    :func:`kit.export.measure.name_lines` (never broken inside a word or a place's name)."""
    return name_lines(name.strip().upper(), size_pt, bold, room_mm)


def rule_indent_mm(issuer: list[str]) -> float:
    """The indent on each side of the rule under the issuing body: the decree draws it a third
    to a half as long as the name's line, centred under it; here half the widest line (at least
    15 mm, at most the column)."""
    widest = max((width_mm(line, ISSUER_FONT[0], ISSUER_FONT[1]) for line in issuer), default=0.0)
    length = min(max(widest / 2, 15.0), HEADER_COLUMNS_MM[0])
    return round((HEADER_COLUMNS_MM[0] - length) / 2, 1)


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
    columns = [
        [h, *(row[i] if i < len(row) else "" for row in table.rows)]
        for i, h in enumerate(table.headers)
    ]
    _set_widths(grid, fit_widths(columns, table.widths_mm, BODY_WIDTH_MM, TABLE_PT, TABLE_PAD_MM))


def _write_footer(out: DocumentObject, doc: OfficialDocument) -> None:
    grid = _layout_table(out, 1, FOOTER_COLUMNS_MM)
    left, right = grid.rows[0].cells
    _write(out, left, Styles.RECIPIENTS_LABEL, "Nơi nhận:")
    for line in recipient_lines(doc.recipients):
        _write(out, left, Styles.RECIPIENTS, line)
    sign = doc.signature
    for n, line in enumerate(line for line in sign.authority if line.strip()):
        _write(out, right, Styles.SIGNATURE_AUTHORITY, line.strip().upper())
        if n:  # "TM. ỦY BAN NHÂN DÂN" / "KT. CHỦ TỊCH": one block, no gap between its lines
            right.paragraphs[-1].paragraph_format.space_before = Pt(0)
    _write(out, right, Styles.SIGNATURE_POSITION, _or_placeholder(sign.position).upper())
    _write(out, right, Styles.SIGNATURE_NAME, _or_placeholder(sign.name))
