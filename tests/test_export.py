"""Do the kit's documents start from a Decree 30/2020 page (A4, margins in range, Times)?"""

from __future__ import annotations

import io

from docx import Document

from kit.export.docx_base import heading, new_document, table, to_bytes


def test_a_new_document_is_a4_portrait_with_margins_inside_the_decrees_ranges() -> None:
    doc = Document(io.BytesIO(to_bytes(new_document())))
    sec = doc.sections[0]
    assert (round(sec.page_width.mm), round(sec.page_height.mm)) == (210, 297)  # Word's twips
    assert 20 <= round(sec.top_margin.mm) <= 25 and 20 <= round(sec.bottom_margin.mm) <= 25
    assert 30 <= round(sec.left_margin.mm) <= 35 and 15 <= round(sec.right_margin.mm) <= 20
    assert doc.styles["Normal"].font.name == "Times New Roman"


def test_tables_keep_vietnamese_text_and_bold_headers() -> None:
    doc = new_document()
    heading(doc, "Điểm theo bài học", 1)
    table(doc, ["Bài học", "Điểm"], [("Phạm vi: bốn tiêu chí", "3/4")])
    back = Document(io.BytesIO(to_bytes(doc)))
    grid = back.tables[0]
    assert grid.rows[0].cells[0].paragraphs[0].runs[0].bold
    assert grid.rows[1].cells[0].text == "Phạm vi: bốn tiêu chí"
