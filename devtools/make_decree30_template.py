"""How ``decree30.docx`` was made: the page and the named styles of Decree 30/2020/NĐ-CP.

Run from the project root after changing a style here, then commit the regenerated template::

    .venv/bin/python -m devtools.make_decree30_template

The template is python-docx's default document with:

* an A4 portrait page, margins top/bottom 20 mm, left 30 mm, right 15 mm (Phụ lục I, §I.2);
* Times New Roman, black, as the document default (and spelled out in every style);
* a page number (a PAGE field) centred in the header of every page except the first;
* one paragraph style per part of the document (`SPECS`), named "KIT …" and given ASCII style ids,
  a bold character style for lead-ins, and two table styles: a bordered grid for tables and a
  borderless one for the layout tables of the header (bodies | national title) and the foot
  (Nơi nhận | signature).

The short horizontal rules the decree draws under the issuing body, the motto and the title are
empty paragraphs with a top border, narrowed by indents: under the motto the rule is as long as the
motto (53 mm at 13 pt bold), elsewhere about a third to a half of a typical line.

``tests/test_decree30_export.py`` rebuilds the template with `build` and compares its styles and
page with the committed file, so the two cannot drift apart.
"""

from __future__ import annotations

import sys
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Mm, Pt, RGBColor
from docx.styles.style import ParagraphStyle
from docx.text.paragraph import Paragraph

from kit.export.decree30 import HEADER_COLUMNS_MM, Styles
from kit.export.docx_base import FONT, MARGINS_MM, set_a4_page

TEMPLATE = Path(__file__).resolve().parents[1] / "kit" / "export" / "templates" / "decree30.docx"
HEADER_DISTANCE_MM = 10
FIRST_LINE_MM = 12.7  # the decree: 1 cm to 1.27 cm
CENTER = WD_ALIGN_PARAGRAPH.CENTER
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY
LEFT = WD_ALIGN_PARAGRAPH.LEFT
#: width of "Độc lập - Tự do - Hạnh phúc" in 13 pt bold Times New Roman
MOTTO_MM = 54.0
RULE_MM = 24.0
BODY_WIDTH_MM = 210 - MARGINS_MM["left"] - MARGINS_MM["right"]


@dataclass(frozen=True)
class Spec:
    name: str
    size: float
    bold: bool = False
    italic: bool = False
    align: WD_ALIGN_PARAGRAPH = CENTER
    first_line_mm: float = 0
    #: left and right indent (the rules use it to shorten the line)
    indent_mm: float = 0
    before_pt: float = 0
    after_pt: float = 0
    line: float = 1.0
    keep_with_next: bool = False
    page_break_before: bool = False
    outline_level: int | None = None
    #: an empty paragraph drawn as a short horizontal rule (top border)
    rule: bool = False


def _body(name: str, **kw: object) -> Spec:
    base: dict[str, object] = {
        "size": 14,
        "align": JUSTIFY,
        "first_line_mm": FIRST_LINE_MM,
        "before_pt": 6,
        "line": 1.15,
    }
    return Spec(name, **{**base, **kw})  # type: ignore[arg-type]  # keys are Spec fields


def _rule(name: str, width_mm: float, length_mm: float, after_pt: float = 0) -> Spec:
    return Spec(name, 2, indent_mm=(width_mm - length_mm) / 2, after_pt=after_pt, rule=True)


SPECS: tuple[Spec, ...] = (
    Spec(Styles.PARENT_BODY, 12),
    Spec(Styles.ISSUING_BODY, 12, bold=True),
    _rule(Styles.ISSUING_BODY_RULE, HEADER_COLUMNS_MM[0], RULE_MM),
    Spec(Styles.NUMBER, 13, before_pt=6),
    Spec(Styles.NATIONAL_TITLE, 12, bold=True),
    Spec(Styles.MOTTO, 13, bold=True),
    _rule(Styles.MOTTO_RULE, HEADER_COLUMNS_MM[1], MOTTO_MM),
    Spec(Styles.PLACE_DATE, 13, italic=True, before_pt=6),
    Spec(Styles.DOC_TYPE, 14, bold=True, before_pt=18, keep_with_next=True),
    Spec(Styles.TITLE, 14, bold=True, keep_with_next=True),
    _rule(Styles.TITLE_RULE, BODY_WIDTH_MM, 40, after_pt=12),
    _body(Styles.BODY),
    _body(Styles.HEADING_1, bold=True, keep_with_next=True, outline_level=0),
    _body(Styles.HEADING_2, bold=True, keep_with_next=True, outline_level=1),
    _body(Styles.HEADING_3, bold=True, italic=True, keep_with_next=True, outline_level=2),
    _body(Styles.BULLET),
    Spec(Styles.TABLE_TEXT, 12, align=LEFT, before_pt=2, after_pt=2),
    Spec(Styles.TABLE_HEADER, 12, bold=True, before_pt=2, after_pt=2),
    Spec(Styles.RECIPIENTS_LABEL, 12, bold=True, italic=True, align=LEFT, before_pt=12),
    Spec(Styles.RECIPIENTS, 11, align=LEFT),
    Spec(Styles.SIGNATURE_AUTHORITY, 14, bold=True, before_pt=12, keep_with_next=True),
    Spec(Styles.SIGNATURE_POSITION, 14, bold=True, keep_with_next=True),
    Spec(Styles.SIGNATURE_NAME, 14, bold=True, before_pt=72),
    Spec(Styles.ANNEX_LABEL, 14, bold=True, page_break_before=True, keep_with_next=True),
    Spec(Styles.ANNEX_TITLE, 14, bold=True, keep_with_next=True),
    Spec(Styles.ANNEX_NOTE, 14, italic=True, after_pt=12),
    Spec(Styles.PAGE_NUMBER, 13),
)

#: successors of w:pBdr inside w:pPr that python-docx may already have written
_AFTER_PBDR = ("w:shd", "w:tabs", "w:spacing", "w:ind", "w:jc", "w:outlineLvl", "w:rPr")


def style_id(name: str) -> str:
    """An ASCII style id: "KIT Đề mục 1" → "KITDemuc1" (Word is happiest with plain ids)."""
    plain = unicodedata.normalize("NFKD", name.replace("Đ", "D").replace("đ", "d"))
    return "".join(ch for ch in plain if ch.isascii() and ch.isalnum())


def _set_fonts(rpr: BaseOxmlElement) -> None:
    """Times New Roman for every script, no theme font (a theme font would win over it)."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)


def _defaults(doc: DocumentObject) -> None:
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    _set_fonts(rpr)
    for tag, value in (("w:sz", "26"), ("w:szCs", "26")):
        rpr.find(qn(tag)).set(qn("w:val"), value)
    lang = rpr.find(qn("w:lang"))
    lang.set(qn("w:val"), "vi-VN")
    lang.set(qn("w:eastAsia"), "vi-VN")
    spacing = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}/{qn('w:spacing')}")
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")
    normal = doc.styles["Normal"]
    normal.font.size = Pt(13)
    normal.font.color.rgb = RGBColor(0, 0, 0)
    _set_fonts(normal.element.get_or_add_rPr())


def _add_paragraph_style(doc: DocumentObject, spec: Spec) -> None:
    style = doc.styles.add_style(spec.name, WD_STYLE_TYPE.PARAGRAPH)
    if not isinstance(style, ParagraphStyle):  # add_style of PARAGRAPH returns one
        raise TypeError(spec.name)
    style.style_id = style_id(spec.name)
    style.base_style = doc.styles["Normal"]
    style.quick_style = not spec.rule
    font = style.font
    font.size = Pt(spec.size)
    font.bold = spec.bold
    font.italic = spec.italic
    font.color.rgb = RGBColor(0, 0, 0)
    _set_fonts(style.element.get_or_add_rPr())
    fmt = style.paragraph_format
    fmt.alignment = spec.align
    fmt.first_line_indent = Mm(spec.first_line_mm)
    fmt.left_indent = fmt.right_indent = Mm(spec.indent_mm)
    fmt.space_before = Pt(spec.before_pt)
    fmt.space_after = Pt(spec.after_pt)
    fmt.line_spacing = spec.line
    fmt.keep_with_next = spec.keep_with_next
    fmt.page_break_before = spec.page_break_before
    fmt.widow_control = True
    ppr = style.element.get_or_add_pPr()
    if spec.rule:
        borders = OxmlElement("w:pBdr")
        top = OxmlElement("w:top")
        for attr, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "000000")):
            top.set(qn(f"w:{attr}"), value)
        borders.append(top)
        ppr.insert_element_before(borders, *_AFTER_PBDR)
    if spec.outline_level is not None:
        level = OxmlElement("w:outlineLvl")
        level.set(qn("w:val"), str(spec.outline_level))
        ppr.insert_element_before(level, "w:rPr")


def _add_table_style(doc: DocumentObject, name: str, border: str, cell_margin_mm: float) -> None:
    style = doc.styles.add_style(name, WD_STYLE_TYPE.TABLE)
    style.style_id = style_id(name)
    table_pr = OxmlElement("w:tblPr")
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), border)
        if border != "nil":
            for attr, value in (("sz", "4"), ("space", "0"), ("color", "000000")):
                edge.set(qn(f"w:{attr}"), value)
        borders.append(edge)
    table_pr.append(borders)
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(round(cell_margin_mm * 1440 / 25.4)))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    table_pr.append(margins)
    style.element.append(table_pr)


def _page_field(paragraph: Paragraph) -> None:
    """A PAGE field: begin, instruction, separate, the last shown value, end."""
    for kind, text in (("begin", ""), ("instr", " PAGE "), ("separate", ""), ("text", "2")):
        run = paragraph.add_run()._r
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run.append(instr)
        elif kind == "text":
            run.append(OxmlElement("w:t"))
            run[-1].text = text
        else:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run.append(char)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    paragraph.add_run()._r.append(end)


def _page(doc: DocumentObject) -> None:
    section = doc.sections[0]
    set_a4_page(section)
    section.header_distance = section.footer_distance = Mm(HEADER_DISTANCE_MM)
    section.different_first_page_header_footer = True
    page_number = doc.styles[Styles.PAGE_NUMBER]
    header = section.header
    header.is_linked_to_previous = False
    header.paragraphs[0].style = page_number
    _page_field(header.paragraphs[0])
    first = section.first_page_header
    first.is_linked_to_previous = False
    first.paragraphs[0].style = page_number


def build() -> DocumentObject:
    """The template, in memory."""
    doc = Document()
    doc.element.body.clear_content()
    _defaults(doc)
    for spec in SPECS:
        _add_paragraph_style(doc, spec)
    strong = doc.styles.add_style(Styles.STRONG, WD_STYLE_TYPE.CHARACTER)
    strong.style_id = style_id(Styles.STRONG)
    strong.font.bold = True
    _set_fonts(strong.element.get_or_add_rPr())
    _add_table_style(doc, Styles.GRID_TABLE, "single", 1.0)
    _add_table_style(doc, Styles.LAYOUT_TABLE, "nil", 0.0)
    _page(doc)
    props = doc.core_properties
    props.title = "Mẫu văn bản hành chính (Nghị định 30/2020/NĐ-CP)"
    props.author = props.last_modified_by = "kit407"
    props.created = props.modified = datetime(2024, 1, 1)
    props.revision = 1
    return doc


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    target = Path(args[0]) if args else TEMPLATE
    build().save(str(target))
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
