"""Figures in a text: dates, amounts, percentages and counts, however they are written.

"31/12/2026", "31-12-2026" and "ngày 31 tháng 12 năm 2026" are one date; "30 triệu đồng",
"30.000.000 đồng" and "ba mươi triệu đồng" one amount; "50%", "50 phần trăm", "năm mươi phần
trăm" and "một nửa" one percentage. :func:`merge_figures` replaces each figure's words by one
token whose key is the figure ("#d:2026-12-31", "#v:30000000", "#p:50"), so a required idea
written as a figure matches every way of writing it, and lists the figures for the comparison
with the brief (:mod:`kit.grading.writing.integrity`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Literal

from kit.grading.writing.words import RawTok, word_key

FigureKind = Literal["date", "month", "year", "amount", "percent", "count"]

_MULTIPLIERS = {"nghìn": 1e3, "ngàn": 1e3, "triệu": 1e6, "tỷ": 1e9, "tỉ": 1e9}
_CURRENCY = ("đồng", "đ", "vnđ", "vnd")
_DIGIT_WORDS = {
    "một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "lăm": 5, "sáu": 6,
    "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9,
}  # fmt: skip
_TENS = ("mười", "mươi")
_ZERO = ("linh", "lẻ")
_HALF = (("một", "nửa"), ("phân", "nửa"))
#: a plain number at least this large is an amount even without "đồng"
AMOUNT_FLOOR = 10_000
_DMY = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})")
_DM = re.compile(r"(\d{1,2})/(\d{1,2})")
_MY = re.compile(r"(\d{1,2})/(\d{4})")
#: a run of 7 digits or more with no thousands separator: a telephone number or an identifier
_PHONE = re.compile(r"\d{7,}")


@dataclass(frozen=True)
class Figure:
    """One figure. A date or a month has ``date`` (year, month, day): year 0 when not given, day
    0 for a month; any other figure has ``number``. ``unit`` is the key of the word after a count
    (or after a large number that is not money: "10.000 lao động")."""

    kind: FigureKind
    start: int
    end: int
    sentence: int
    number: float = 0.0
    date: tuple[int, int, int] = (0, 0, 0)
    unit: str = ""
    approx: bool = False
    money: bool = False

    @property
    def key(self) -> str:
        y, m, d = self.date
        match self.kind:
            case "date":
                return f"#d:{y or '?'}-{m:02d}-{d:02d}"
            case "month":
                return f"#m:{y}-{m:02d}"
            case "year":
                return f"#y:{number_text(self.number)}"
            case "percent":
                return f"#p:{number_text(self.number)}"
        return f"#v:{number_text(self.number)}"


def number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def parse_number(text: str) -> float | None:
    """'500.000' → 500000; '5,2' → 5.2; '2,500,000' → 2500000; '01' → 1."""
    for sep, dec in ((".", ","), (",", ".")):
        groups = text.split(sep)
        if len(groups) > 1 and all(len(g) == 3 for g in groups[1:]) and dec not in groups[-1]:
            return float("".join(groups))
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return None


@cache
def _keys(words: tuple[str, ...], bare: bool) -> tuple[str, ...]:
    return tuple(word_key(w, bare) for w in words)


@cache
def _key_map(table: tuple[tuple[str, float], ...], bare: bool) -> dict[str, float]:
    return {word_key(w, bare): v for w, v in table}


def _valid(y: int, m: int, d: int) -> bool:
    return 1 <= m <= 12 and 1 <= d <= 31 and (y == 0 or 1900 <= y <= 2100)


def _year(text: str) -> int:
    return int(text) + 2000 if len(text) == 2 else int(text)


class _Reader:
    """One pass over the tokens of a text; ``out`` and ``figures`` are the result."""

    def __init__(self, toks: list[RawTok], bare: bool, approximately: tuple[str, ...]) -> None:
        self.toks, self.bare = toks, bare
        self.approx = {word_key(w, bare) for w in approximately}
        self.out: list[tuple[str, RawTok, RawTok]] = []  # key, first token, last token
        self.figures: list[Figure] = []
        self.k = _Keys(bare)

    def key(self, i: int) -> str:
        return self.toks[i].key if 0 <= i < len(self.toks) else ""

    def is_num(self, i: int) -> bool:
        return 0 <= i < len(self.toks) and self.toks[i].kind == "num"

    def add(
        self,
        i: int,
        j: int,
        kind: FigureKind,
        number: float = 0.0,
        date: tuple[int, int, int] = (0, 0, 0),
        unit: str = "",
        money: bool = False,
    ) -> int:
        """Record the figure of tokens i..j-1; the index after it."""
        first, last = self.toks[i], self.toks[j - 1]
        before = (self.key(i - 1), " ".join((self.key(i - 2), self.key(i - 1))))
        approx = any(b in self.approx for b in before)
        fig = Figure(kind, first.start, last.end, first.sentence, number, date, unit, approx, money)
        self.figures.append(fig)
        self.out.append((fig.key, first, last))
        return j

    def run(self) -> None:
        i = 0
        while i < len(self.toks):
            nxt = self.figure_at(i)
            if nxt == i:
                t = self.toks[i]
                if t.kind != "mark" or t.text == "%":
                    self.out.append((t.key, t, t))
                i += 1
            else:
                i = nxt

    def figure_at(self, i: int) -> int:
        """The index after the figure starting at ``i``, or ``i`` when none starts there."""
        t = self.toks[i]
        if t.kind == "num":
            return self.number_at(i)
        k = self.k
        if t.key == k.thang and self.is_num(i + 1):
            month = _MY.fullmatch(self.toks[i + 1].text)
            if month and _valid(int(month[2]), int(month[1]), 1):
                return self.add(i, i + 2, "month", date=(int(month[2]), int(month[1]), 0))
            if self.key(i + 2) == k.nam and self.is_num(i + 3):
                m, y = int(self.toks[i + 1].text), _year(self.toks[i + 3].text)
                if _valid(y, m, 1):
                    return self.add(i, i + 4, "month", date=(y, m, 0))
        if tuple(self.key(j) for j in (i, i + 1)) in k.half:
            return self.add(i, i + 2, "percent", 50.0)
        return self.words_number_at(i)

    def number_at(self, i: int) -> int:
        text, k = self.toks[i].text, self.k
        dmy = _DMY.fullmatch(text)
        if dmy and not (dmy[2] == "." and len(dmy[4]) != 4):
            y, m, d = _year(dmy[4]), int(dmy[3]), int(dmy[1])
            if _valid(y, m, d):
                return self.add(i, i + 1, "date", date=(y, m, d))
        month = _MY.fullmatch(text)
        if month and _valid(int(month[2]), int(month[1]), 1):
            return self.add(i, i + 1, "month", date=(int(month[2]), int(month[1]), 0))
        dm = _DM.fullmatch(text)
        if dm and _valid(0, int(dm[2]), int(dm[1])):
            return self.add(i, i + 1, "date", date=(0, int(dm[2]), int(dm[1])))
        if self.key(i + 1) == k.thang and self.is_num(i + 2):
            d, m = int(float(text)), int(self.toks[i + 2].text)
            if self.key(i + 3) == k.nam and self.is_num(i + 4):
                y = _year(self.toks[i + 4].text)
                if _valid(y, m, d):
                    return self.add(i, i + 5, "date", date=(y, m, d))
            if _valid(0, m, d):
                return self.add(i, i + 3, "date", date=(0, m, d))
        value = parse_number(text)
        if value is None or _PHONE.fullmatch(text):
            return i  # not a figure, or a telephone number, an identifier
        if self.key(i - 1) == k.nam and re.fullmatch(r"\d{4}", text) and _valid(int(text), 1, 1):
            return self.add(i, i + 1, "year", value)
        return self.amount_after(i, i + 1, value)

    def amount_after(self, i: int, j: int, value: float) -> int:
        """The figure of ``value`` (read from tokens i..j-1) and the unit words after it."""
        k = self.k
        if self.key(j) == "%":
            return self.add(i, j + 1, "percent", value)
        if (self.key(j), self.key(j + 1)) == k.percent:
            return self.add(i, j + 2, "percent", value)
        money = False
        if self.key(j) in k.multipliers:
            value, j, money = value * k.multipliers[self.key(j)], j + 1, True
        if self.key(j) in k.currency:
            j, money = j + 1, True
        unit = self.key(j) if 0 <= j < len(self.toks) and self.toks[j].kind == "word" else ""
        if money or value >= AMOUNT_FLOOR:
            return self.add(i, j, "amount", value, money=money, unit="" if money else unit)
        return self.add(i, j, "count", value, unit=unit)

    def words_number_at(self, i: int) -> int:
        """'ba mươi triệu', 'năm mươi phần trăm': number words right before a unit."""
        k = self.k
        j, total, cur = i, 0.0, 0.0
        while j < len(self.toks) and j - i < 6:
            key = self.key(j)
            if key in k.digits:
                cur += k.digits[key]
            elif key in k.tens:
                cur = 10.0 if cur == 0 else cur * 10
            elif key == k.hundred:
                total, cur = total + (cur or 1) * 100, 0
            elif key not in k.zero:
                break
            j += 1
        value = total + cur
        if j == i or value == 0:
            return i
        unit_follows = self.key(j) in k.multipliers or (self.key(j), self.key(j + 1)) == k.percent
        return self.amount_after(i, j, value) if unit_follows else i


class _Keys:
    """The keys of the unit words, in the text's mode (with or without diacritics)."""

    def __init__(self, bare: bool) -> None:
        self.thang, self.nam = word_key("tháng", bare), word_key("năm", bare)
        self.hundred = word_key("trăm", bare)
        self.percent = _keys(("phần", "trăm"), bare)
        self.half = {_keys(h, bare) for h in _HALF}
        self.multipliers = _key_map(tuple(_MULTIPLIERS.items()), bare)
        self.currency = set(_keys(_CURRENCY, bare))
        self.digits = _key_map(tuple((w, float(v)) for w, v in _DIGIT_WORDS.items()), bare)
        self.tens = set(_keys(_TENS, bare))
        self.zero = set(_keys(_ZERO, bare))


def merge_figures(
    toks: list[RawTok], bare: bool, approximately: tuple[str, ...]
) -> tuple[list[tuple[str, RawTok, RawTok]], list[Figure]]:
    """The tokens with each figure merged into one (key, first token, last token) entry, marks
    dropped except '%', and the figures found."""
    reader = _Reader(toks, bare, approximately)
    reader.run()
    return reader.out, reader.figures
