"""The printable list of unit access codes as a DOCX on the kit's A4 page
(:mod:`kit.export.docx_base`): a title, the date, a table (unit code, name, level, access code,
hint) and the note on keeping the codes safe, Vietnamese then English."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from kit.export.docx_base import heading, new_document, table, to_bytes
from kit.units.codes import IssuedCode
from kit.units.codes_list import HEADERS, HEADERS_EN, NOTE, rows


def codes_docx(issued: Sequence[IssuedCode], today: date | None = None) -> bytes:
    """The list of codes just issued, one row per unit."""
    doc = new_document()
    heading(doc, "DANH SÁCH MÃ TRUY CẬP CỦA ĐƠN VỊ", 0)
    doc.add_paragraph("Unit access codes")
    doc.add_paragraph(f"Ngày cấp / issued: {(today or date.today()).strftime('%d/%m/%Y')}")
    headers = [f"{vi} / {en}" for vi, en in zip(HEADERS, HEADERS_EN, strict=True)]
    table(doc, headers, rows(issued))
    for text in NOTE:
        doc.add_paragraph(text)
    return to_bytes(doc)
