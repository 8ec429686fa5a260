"""Where each finding of the report analyzer comes from: figures and references read line by line
(each with the line's number and a clipped quote of it), figures read from tables of figures
(a number alone in a cell counts what its row names: "| Hội nghị, tọa đàm | 12 |"), and the line
a reviewer's flag points at.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from kit.assessment.analyzer import evidence
from kit.assessment.analyzer.evidence import Figure, FigureWords, Reference, located, quote
from kit.assessment.analyzer.matching import Matcher
from kit.assessment.analyzer.sections import Line, without_token

_BARE_NUMBER = re.compile(r"\d{1,3}(?:\.\d{3})+|\d{1,7}")
_LABEL_CHARS = 60


def _table_figures(line: Line) -> list[Figure]:
    """Numbers alone in the cells of a table row, counting what the row's first cell names."""
    if not line.in_table:
        return []
    cells = [c.strip() for c in line.text.split(" | ")]
    label = line.row_label
    if label and cells and cells[0] == label:
        cells = cells[1:]  # a pasted row holds its label; a .docx cell is one cell
    unit = label if len(label) <= _LABEL_CHARS else label[:_LABEL_CHARS].rsplit(" ", 1)[0] + "…"
    return [
        Figure(cell, int(cell.replace(".", "")), unit, "count", line.number, quote(line.text))
        for cell in cells
        if unit and _BARE_NUMBER.fullmatch(cell)
    ]


def evidence_in(
    lines: Sequence[Line], words: FigureWords, sample: str
) -> tuple[list[Figure], list[Reference]]:
    """The figures and the references (each once) of ``lines``, each with its line."""
    figures: list[Figure] = []
    references: list[Reference] = []
    for line in lines:
        text = without_token(line.text)
        figures += located(evidence.figures(text, words, sample), line.number, line.text)
        figures += _table_figures(line)
        for ref in located(evidence.references(text, words, sample), line.number, line.text):
            if ref not in references:
                references.append(ref)
    return figures, references


def flag_line(
    flag: str, lines: Sequence[Line], heading: Line | None, matcher: Matcher
) -> tuple[int, str] | None:
    """The line a flag points at, and a quote of it: the content said to be empty, the first
    generic claim, else the section's heading (None for a missing section)."""
    if flag == "missing":
        return None
    chosen = heading or (lines[0] if lines else None)
    if flag == "empty" and lines:
        chosen = lines[0]
    if flag == "generic":
        chosen = next((x for x in lines if matcher.generic_phrases(x.text)), chosen)
    return (chosen.number, quote(chosen.text)) if chosen else None
