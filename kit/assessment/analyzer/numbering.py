"""Automatic numbering of a .docx, as Word shows it.

Word keeps a list's numbers out of the paragraph's text: the paragraph (or its style) holds a
``w:numPr`` (a list instance and a level) that points into ``numbering.xml``, where each level has a
format (decimal, upperRoman, lowerLetter, bullet…), a text ("%1.", "%1.%2.", "%3)") and a start.
:class:`Numbering` counts the paragraphs of each list as Word does and gives each numbered
paragraph its label ("II.", "1.", "a)", "•"), so a heading numbered by Word reads like one typed.
"""

from __future__ import annotations

import re
from typing import Any

from docx.oxml.ns import qn

_LEVELS = 9
_PLACE = re.compile(r"%([1-9])")
_ROMAN = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)  # fmt: skip


def _roman(n: int) -> str:
    out = []
    for value, letters in _ROMAN:
        count, n = divmod(n, value)
        out.append(letters * count)
    return "".join(out)


def _letters(n: int) -> str:
    """Word's letter numbering: a … z, then aa … zz, then aaa …"""
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    """``n`` written in a Word number format (unknown formats as decimal)."""
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "lowerLetter":
        return _letters(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    return "" if fmt == "none" else str(n)


def _val(element: Any, tag: str) -> str | None:
    child = element.find(qn(tag)) if element is not None else None
    return child.get(qn("w:val")) if child is not None else None


def _int(text: str | None, default: int) -> int:
    return int(text) if text and text.isdigit() and len(text) < 6 else default


class Numbering:
    """The lists of one document, counted paragraph by paragraph in document order."""

    def __init__(self, root: Any) -> None:
        # abstractNumId -> level -> (format, text, start)
        self.abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.instances: dict[str, tuple[str, dict[int, int]]] = {}  # numId -> (abstract, starts)
        self.counters: dict[str, list[int]] = {}
        for abstract in root.findall(qn("w:abstractNum")) if root is not None else []:
            levels = {}
            for lvl in abstract.findall(qn("w:lvl"))[:_LEVELS]:
                fmt = _val(lvl, "w:numFmt") or "decimal"
                levels[_int(lvl.get(qn("w:ilvl")), 0)] = (
                    fmt,
                    _val(lvl, "w:lvlText") or "",
                    _int(_val(lvl, "w:start"), 1),
                )
            self.abstract[abstract.get(qn("w:abstractNumId")) or ""] = levels
        for num in root.findall(qn("w:num")) if root is not None else []:
            starts = {
                _int(o.get(qn("w:ilvl")), 0): _int(_val(o, "w:startOverride"), 1)
                for o in num.findall(qn("w:lvlOverride"))
                if _val(o, "w:startOverride") is not None
            }
            abstract_id = _val(num, "w:abstractNumId") or ""
            self.instances[num.get(qn("w:numId")) or ""] = (abstract_id, starts)

    @classmethod
    def of(cls, document: Any) -> Numbering:
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            root = None
        return cls(root)

    def label(self, num_id: str | None, level: int) -> str:
        """The next label of list ``num_id`` at ``level`` ("" when it is not a list)."""
        if not num_id or num_id == "0" or num_id not in self.instances:
            return ""
        abstract, starts = self.instances[num_id]
        levels = self.abstract.get(abstract, {})
        level = min(max(level, 0), _LEVELS - 1)
        fmt, text, start = levels.get(level, ("decimal", f"%{level + 1}.", 1))
        counters = self.counters.setdefault(num_id, [0] * _LEVELS)
        counters[level] = counters[level] + 1 if counters[level] else starts.get(level, start)
        counters[level + 1 :] = [0] * (_LEVELS - level - 1)
        if fmt == "bullet":
            return "•"

        def place(m: re.Match[str]) -> str:
            at = int(m.group(1)) - 1
            at_fmt, _, at_start = levels.get(at, ("decimal", "", 1))
            return format_number(counters[at] or starts.get(at, at_start), at_fmt)

        return _PLACE.sub(place, text).strip()


def num_pr(p_pr: Any) -> tuple[str | None, int] | None:
    """(numId, level) of a ``w:pPr`` that holds a ``w:numPr``, else None."""
    element = p_pr.find(qn("w:numPr")) if p_pr is not None else None
    if element is None:
        return None
    return _val(element, "w:numId"), _int(_val(element, "w:ilvl"), 0)
