"""The page every kit document starts from: A4 portrait, Times New Roman, margins inside the
ranges of Decree 30/2020/NĐ-CP (top/bottom 20–25 mm, left 30–35 mm, right 15–20 mm)."""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Mm, Pt

FONT = "Times New Roman"
BODY_PT = 13
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}


def set_a4_page(section: Section) -> None:
    """A4 portrait with the margins above (every kit document, Decree 30 or not)."""
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = Mm(MARGINS_MM["top"])
    section.bottom_margin = Mm(MARGINS_MM["bottom"])
    section.left_margin = Mm(MARGINS_MM["left"])
    section.right_margin = Mm(MARGINS_MM["right"])


def new_document() -> DocumentObject:
    doc = Document()
    section = doc.sections[0]
    set_a4_page(section)
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Table Grid"):
        style = doc.styles[name]
        style.font.name = FONT
        style.font.color.rgb = None
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attr), FONT)
    doc.styles["Normal"].font.size = Pt(BODY_PT)
    return doc


def heading(doc: DocumentObject, text: str, level: int = 1) -> None:
    para = doc.add_heading(text, level=level)
    for run in para.runs:
        run.font.color.rgb = None
    if level == 0:
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER


def table(doc: DocumentObject, headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """A bordered table with a bold header row."""
    grid = doc.add_table(rows=1, cols=len(headers))
    grid.style = doc.styles["Table Grid"]
    for cell, text in zip(grid.rows[0].cells, headers, strict=True):
        cell.paragraphs[0].add_run(str(text)).bold = True
    for row in rows:
        cells = grid.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = str(value)


def to_bytes(doc: DocumentObject) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
