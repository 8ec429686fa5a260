"""The lines of a report as it comes: pasted text, a .txt file or a .docx.

Text is read as people paste it: from a PDF (hard-wrapped lines are joined), from a web portal
(Markdown marks such as ``####``, ``**…**``, ``__…__``, escaped characters ``\\*`` ``\\_`` ``1\\.``,
links, and tables ``| a | b |`` are read for what they show: a ``####`` or fully bold line is
emphasised as a heading would be, a table row becomes one line whose cells are split by " | ").
A .docx is read paragraph by paragraph and cell by cell in document order, with the numbers Word
adds by itself (:mod:`kit.assessment.analyzer.numbering`) put back in front of the text, bold or
heading-styled paragraphs emphasised, and each cell of a table row labelled with the row's first
cell (so that "| Hội nghị | 12 |" counts twelve meetings).
"""

from __future__ import annotations

import io
import re
import unicodedata
from typing import Any

from kit.assessment.analyzer.sections import Line, numbered
from kit.core.errors import InputError
from kit.core.limits import REPORT_DOCX, REPORT_TEXT, ReadLimits

__all__ = ["decode", "docx_lines", "text_lines"]

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")  # category Cc but \t\n\f\r
_MD_HEADING = re.compile(r"^#{1,6}\s+")
_MD_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_MD_WRAPPED = re.compile(r"^([*_])(?=[^\s*_])(.+?)(?<=[^\s*_\\])\1$")
_MD_LINK = re.compile(r"!?\[([^\]\n]{0,200})\]\([^)\s]{0,500}\)")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~<])")
_MD_RULE = re.compile(r"^\|?(?:\s*:?-{3,}:?\s*\|)+\s*(?::?-{3,}:?)?\s*\|?$")
_ROW_LABEL_WORDS = 12


def _markdown(line: str) -> tuple[str, bool, bool] | None:
    """(text, emphasised, a table row) of one pasted line; None for a table's rule line."""
    emphasis = False
    if (m := _MD_HEADING.match(line)) is not None:
        line, emphasis = line[m.end() :], True
    if line.startswith("|") and line.endswith("|") and len(line) > 1:
        if _MD_RULE.match(line):
            return None
        cells = [_MD_ESCAPE.sub(r"\1", c.strip()) for c in line[1:-1].split("|")]
        return " | ".join(_MD_STRONG.sub(r"\2", c) for c in cells), emphasis, True
    strong = _MD_STRONG.fullmatch(line)
    emphasis = emphasis or strong is not None
    line = _MD_STRONG.sub(r"\2", line)
    if (wrapped := _MD_WRAPPED.match(line)) is not None:
        line = wrapped.group(2)
    line = _MD_LINK.sub(r"\1", line)
    return _MD_ESCAPE.sub(r"\1", line).strip(), emphasis, False


def _row_label(cells: list[str]) -> str:
    """What a table row is about: its first cell, when it is words (not a number)."""
    first = cells[0].strip() if cells else ""
    if not any(c.isalpha() for c in first) or len(first.split()) > _ROW_LABEL_WORDS:
        return ""
    return first


def text_lines(text: str) -> list[Line]:
    """Paragraphs of pasted text, numbered by their first line. A line that runs on into the next
    (hard-wrapped text, as copied from a PDF or a web page) is joined to it: no final punctuation,
    and the next line goes on in lower case without a numbering token."""
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    out: list[Line] = []
    joins = False
    for number, raw in enumerate(text.split("\n"), start=1):
        read = _markdown(raw.strip())
        if read is None or not read[0]:
            joins = False
            continue
        line, emphasis, row = read
        if row:
            cells = line.split(" | ")
            out.append(Line(number, line, emphasis, True, _row_label(cells)))
        elif joins and line[0].islower() and not numbered(line):
            last = out[-1]
            out[-1] = Line(last.number, f"{last.text} {line}", last.emphasis)
        else:
            out.append(Line(number, line, emphasis))
        joins = not row and out[-1].text[-1] not in ".:;!?…"
    return out


def decode(data: bytes, filename: str, limit: ReadLimits = REPORT_TEXT) -> str:
    """The text of a .txt file: UTF-8 (with or without BOM), or UTF-16 with a BOM."""
    try:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            text = data.decode("utf-16")
        else:
            text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{filename}: không đọc được chữ (cần bảng mã UTF-8). Hãy lưu lại tệp với bảng mã "
            "UTF-8 hoặc tải lên bản .docx.",
            f"{filename}: the text cannot be read (UTF-8 expected). Save the file as UTF-8 or "
            "upload the .docx.",
        ) from exc
    limit.check_chars(len(text), filename)
    if len(_CONTROLS.findall(text)) > max(2, len(text) // 100):
        raise InputError(
            f"{filename}: không phải tệp văn bản (có ký tự nhị phân).",
            f"{filename}: this is not a text file (it holds binary data).",
        )
    return text


def _style_numbering(style: Any) -> tuple[str | None, int] | None:
    """The list a paragraph style numbers its paragraphs with (looked up its base styles)."""
    from kit.assessment.analyzer.numbering import num_pr

    for _ in range(10):  # a chain of base styles is short; a loop in it is not followed
        if style is None:
            return None
        found = num_pr(style.element.pPr)
        if found is not None:
            return found
        style = style.base_style
    return None


def docx_lines(data: bytes, filename: str, limit: ReadLimits = REPORT_DOCX) -> list[Line]:
    """Paragraphs and table cells of a .docx in document order, bold or heading-styled marked,
    numbered as Word shows them."""
    import zipfile

    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from docx.text.paragraph import Paragraph
    from lxml.etree import XMLSyntaxError

    from kit.assessment.analyzer.numbering import Numbering, num_pr

    limit.check_upload(data, filename)  # zip bomb, XML declarations, paragraphs
    try:
        document = Document(io.BytesIO(data))
        lists = Numbering.of(document)
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, XMLSyntaxError) as exc:
        raise InputError(
            f"{filename}: không mở được tệp Word (.docx) này; tệp có thể bị hỏng.",
            f"{filename}: this Word (.docx) file cannot be opened; it may be damaged.",
        ) from exc
    found: list[tuple[str, bool, bool, str]] = []
    # a style is looked up once per style id: python-docx looks it up anew for each paragraph
    names: dict[object, str] = {}
    style_lists: dict[object, tuple[str | None, int] | None] = {}
    bold_styles: dict[object, bool] = {}
    reading = limit.reading(filename)
    texts = [0, 0]  # lines with text and their characters so far: reading stops past a limit

    def paragraph(p: Paragraph, in_table: bool, row_label: str = "") -> None:
        if len(found) % 256 == 0:
            reading.check_time()
        runs = [r for r in p.runs if r.text.strip()]
        if p._p.style not in names:
            names[p._p.style] = (p.style.name if p.style is not None else "") or ""
            style_lists[p._p.style] = _style_numbering(p.style)
        for r in runs:
            if r._r.style not in bold_styles:
                bold_styles[r._r.style] = bool(r.style and r.style.font.bold)
        bold = bool(runs) and all(r.bold or bold_styles[r._r.style] for r in runs)
        emphasis = bold or names[p._p.style].startswith(("Heading", "Title"))
        listed = num_pr(p._p.pPr) or style_lists[p._p.style]
        label = lists.label(*listed) if listed and p.text.strip() else ""
        for i, part in enumerate(p.text.split("\n")):
            shown = f"{label} {part}" if label and i == 0 else part
            found.append((shown, emphasis, in_table, row_label))
            texts[0], texts[1] = texts[0] + bool(part.strip()), texts[1] + len(shown)
        limit.check_lines(texts[0], filename)
        limit.check_chars(texts[1], filename)

    def table(t: Table) -> None:
        seen: set[object] = set()  # holds the cell elements, so each keeps its identity
        for row in t.rows:
            cells = []
            for c in row.cells:
                if c._tc not in seen:
                    seen.add(c._tc)
                    cells.append(c)
            label = _row_label([cells[0].text]) if len(cells) > 1 else ""
            for cell in cells:  # a merged cell is listed once per grid column: kept once
                for child in cell.iter_inner_content():
                    if isinstance(child, Paragraph):
                        paragraph(child, True, label if cell is not cells[0] else "")
                    else:
                        table(child)

    for block in document.iter_inner_content():
        paragraph(block, False) if isinstance(block, Paragraph) else table(block)
    limit.check_chars(sum(len(text) for text, _, _, _ in found), filename)
    lines = [
        Line(i, text, emphasis, in_table, row_label)
        for i, (raw, emphasis, in_table, row_label) in enumerate(found, start=1)
        if (text := re.sub(r"\s+", " ", unicodedata.normalize("NFC", raw)).strip())
    ]
    limit.check_lines(len(lines), filename)
    return lines
