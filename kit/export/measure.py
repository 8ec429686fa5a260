"""How wide a line of text prints in Times New Roman, so that the documents can choose where a
name breaks and how wide a table column must be before Word or LibreOffice lays it out.

Widths are the advance widths of the standard Times metrics (the Adobe core-font AFM values,
which Times New Roman and Liberation Serif share), in thousandths of an em. A Vietnamese letter is
measured as its base letter (the marks stack above or below it); Đ is as wide as D. A character
not in the table counts as an "n" (500), a safe middle.
"""

from __future__ import annotations

import unicodedata

MM_PER_PT = 25.4 / 72


def _table(letters: str, widths: str) -> dict[str, int]:
    return dict(zip(letters, (int(w) for w in widths.split()), strict=True))


_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_LOWER = "abcdefghijklmnopqrstuvwxyz"
_UPPER_REGULAR = _table(
    _UPPER,
    "722 667 667 722 611 556 722 722 333 389 722 611 889 722 722 556 722 667 556 611 722 "
    "722 944 722 722 611",
)
_UPPER_BOLD = _table(
    _UPPER,
    "722 667 722 722 667 611 778 778 389 500 778 667 944 722 778 611 778 722 556 667 722 "
    "722 1000 722 722 667",
)
_LOWER_REGULAR = _table(
    _LOWER,
    "444 500 444 500 444 333 500 500 278 278 500 278 778 500 500 500 500 333 389 278 500 "
    "500 722 500 500 444",
)
_LOWER_BOLD = _table(
    _LOWER,
    "500 556 444 556 444 333 500 556 278 333 556 278 833 556 500 556 556 444 389 333 556 "
    "500 722 500 500 444",
)
_SHARED = _table(
    " \u00a0.,:;/-–—()«»“”%…'\"",
    "250 250 250 250 333 333 278 333 500 1000 333 333 500 500 500 500 833 1000 333 444",
)
_DIGIT = 500
_DEFAULT = 500


def _base(ch: str) -> str:
    if ch in "Đđ":
        return "D" if ch == "Đ" else "d"
    decomposed = unicodedata.normalize("NFD", ch)
    return decomposed[0] if decomposed else ch


def em_width(text: str, bold: bool = False) -> float:
    """The width of ``text`` in ems (1.0 = the font size)."""
    upper = _UPPER_BOLD if bold else _UPPER_REGULAR
    lower = _LOWER_BOLD if bold else _LOWER_REGULAR
    total = 0
    for ch in text:
        base = _base(ch)
        if base in upper:
            total += upper[base]
        elif base in lower:
            total += lower[base]
        elif base.isdigit():
            total += _DIGIT
        else:
            total += _SHARED.get(base, _DEFAULT)
    return total / 1000


def width_mm(text: str, size_pt: float, bold: bool = False) -> float:
    """The printed width of ``text`` at ``size_pt`` points, in millimetres."""
    return em_width(text, bold) * size_pt * MM_PER_PT


def break_lines(words: list[str], size_pt: float, bold: bool, room_mm: float) -> list[str]:
    """``words`` set in as few lines as fit in ``room_mm`` (greedy; a word wider than the room
    has a line of its own). Lines are joined by the caller."""
    lines: list[str] = []
    for word in words:
        if lines and width_mm(f"{lines[-1]} {word}", size_pt, bold) <= room_mm:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


#: words that start the name of a place or body's kind: a header breaks before them
_KIND_STARTS = frozenset(
    ("XÃ", "PHƯỜNG", "TỈNH", "THÀNH", "HUYỆN", "QUẬN", "THỊ", "ĐẶC", "SỞ", "BAN", "PHÒNG")
)
#: two-word kinds that must not be split ("THỊ XÃ", "THÀNH PHỐ")
_PAIRS = frozenset((("THỊ", "XÃ"), ("THỊ", "TRẤN"), ("THÀNH", "PHỐ"), ("ĐẶC", "KHU")))
NBSP = "\u00a0"


def _free_break(words: list[str], at: int) -> bool:
    """Is a break before ``words[at]`` one a clerk would make (before a kind word)?"""
    word, before = words[at].upper(), words[at - 1].upper()
    return word in _KIND_STARTS and (before, word) not in _PAIRS


def name_lines(name: str, size_pt: float, bold: bool, room_mm: float) -> list[str]:
    """A body's name in the lines a clerk would set: one line when it fits, else broken between
    words, before the kind of the place ("ỦY BAN NHÂN DÂN / XÃ QUẢNG THÁI") where that fits, in
    as few and as even lines as can be, so that no name is cut in two; words inside a line are
    joined by non-breaking spaces."""
    words = name.split()
    if not words:
        return []
    count = len(words)
    # best[i]: (cost, lines) of setting words[i:]; a line wider than the room only when it is
    # a single word
    best: list[tuple[float, list[str]]] = [(0.0, [])] * (count + 1)
    for i in range(count - 1, -1, -1):
        options: list[tuple[float, list[str]]] = []
        for j in range(i + 1, count + 1):
            line = " ".join(words[i:j])
            wide = width_mm(line, size_pt, bold)
            if wide > room_mm and j > i + 1:
                break
            rest_cost, rest = best[j]
            cost = rest_cost + 50 + (room_mm - min(wide, room_mm)) / 20
            if j < count and not _free_break(words, j):
                cost += 100
            options.append((cost, [line, *rest]))
        best[i] = min(options, key=lambda o: o[0])
    return [line.replace(" ", NBSP) for line in best[0][1]]


def _tokens(text: str) -> list[str]:
    return [t for t in text.replace("\n", " ").split(" ") if t]


def fit_widths(
    columns: list[list[str]], given: list[float], total_mm: float, size_pt: float, pad_mm: float
) -> list[float]:
    """Column widths (mm) for a table whose column ``i`` holds the texts ``columns[i]`` (header
    first): no column narrower than its longest unbreakable token (a date, a number, a long
    word), the rest shared by how much text each column holds, or as ``given`` when it fits."""
    count = len(columns)
    least = [
        min(max((width_mm(t, size_pt, True) for c in col for t in _tokens(c)), default=5.0), 60.0)
        + 2 * pad_mm
        + 1.0
        for col in columns
    ]
    if given and len(given) == count:
        wanted = list(given)
    else:
        wanted = [
            max(min(max((width_mm(c, size_pt) for c in col), default=0.0), 70.0), 1.0)
            for col in columns
        ]
    widths = [max(w, low) for w, low in zip(wanted, least, strict=True)]
    spare = sum(widths) - total_mm
    if spare > 0:  # too wide: take the excess from the columns above their least width
        slack = [w - low for w, low in zip(widths, least, strict=True)]
        room = sum(slack)
        share = min(1.0, spare / room) if room else 0.0
        widths = [w - s * share for w, s in zip(widths, slack, strict=True)]
    elif not given:  # free widths fill the line
        scale = total_mm / sum(widths)
        widths = [w * scale for w in widths]
    return [round(w, 1) for w in widths]
