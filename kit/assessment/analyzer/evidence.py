"""Evidence in a report's text: figures (counts, percentages, money) and document references.

A *reference* is a Vietnamese document symbol ("Kế hoạch số 15/KH-UBND ngày 05/02/2024",
"Công văn số 123/STP-PBGDPL", "Nghị định 30/2020/NĐ-CP"), with the kind of document when it is
named, the date in ISO form when it is given (dd/mm/yyyy or "ngày 05 tháng 02 năm 2024") and the
issuer after "của". A kind and a date with no symbol ("Kế hoạch ngày 05/02/2024") count as well.

A *figure* is a number with what it counts ("05 văn bản", "120 lượt người", "3 tin, bài"), a
percentage ("100%") or an amount of money ("15.000.000 đồng", "15 triệu đồng"), read with
Vietnamese separators (dot for thousands, comma for decimals). Document numbers, dates, years,
durations ("01 năm") and numbering ("Điều 5", "mục 2.1") are not figures.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache
from typing import TypeVar

from kit.core.text import bare_key, words_key

Fold = Callable[[str], str]


def loose(text: str) -> str:
    """A regular expression for ``text`` that also matches it typed without diacritics."""
    out = []
    for ch in text:
        base = bare_key(ch) if ch.isalpha() else ch
        if ch == " ":
            out.append(r"\s+")
        elif base != ch.casefold() and len(base) == 1:
            out.append(f"[{ch}{base}]")
        else:
            out.append(re.escape(ch))
    return "".join(out)


def _any(*words: str) -> str:
    return "|".join(loose(w) for w in words)


_DAY_MONTH_YEAR = r"\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{4}"
_SPELLED_DATE = rf"\d{{1,2}}\s+(?:{loose('tháng')})\s+\d{{1,2}}\s+(?:{loose('năm')})\s+\d{{4}}"
_DATE = rf"(?i:{_DAY_MONTH_YEAR}|{_SPELLED_DATE})"
_DATE_PARTS = re.compile(r"\d+")
#: what else reads as a date and must not read as a figure: "tháng 3/2024", "quý I/2024"
_DATE_LIKE = re.compile(rf"{_DATE}|\b\d{{1,2}}\s*/\s*\d{{4}}\b")
_DAY = rf"(?i:{loose('ngày')})"
_NUMBER_WORD = rf"(?i:{loose('số')})"
_SYMBOL = r"\d{1,5}[a-z]?(?:/\d{4})?/[A-ZĐ][A-Za-zĐđ0-9]*(?:-[A-Za-zĐđ0-9]+)*"
#: words that end an issuer's name ("của UBND huyện Quảng Điền về việc…")
_ISSUER_STOP = "về và v ngày nhằm để trong đã với theo tại trên thì nên do cho gồm đến từ là"
_OF = re.compile(rf"\s+(?i:{loose('của')})\s+([^,.;:()“”\"\n]+)")
#: a number followed by one of these is part of a list of numbers ("Điều 113, 120 và 129")
_LIST_SEPARATORS = frozenset({",", "và", "va", "-", "–"})
_NUMBER = re.compile(
    r"(?<![\w/.,\-])(?P<n>\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)(?!\d|[.,]\d|\s*/\s*\d)"
)
_PERCENT = re.compile(rf"\s*(%|{loose('phần trăm')})", re.IGNORECASE)
_MONEY = re.compile(
    rf"\s*(?P<scale>{_any('triệu', 'tỷ', 'tỉ', 'nghìn', 'ngàn')})?\s*"
    rf"(?P<unit>{loose('đồng')}|VNĐ|VND|đ)(?!\w|\s+(?:{loose('chí')}))",
    re.IGNORECASE,
)
_SCALE = {"trieu": 10**6, "ty": 10**9, "ti": 10**9, "nghin": 10**3, "ngan": 10**3}
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_YEAR = range(1900, 2101)


@dataclass(frozen=True)
class Figure:
    """A number with what it counts."""

    text: str
    value: int | float
    unit: str
    kind: str  # "count" | "percent" | "money"
    line: int | None = field(default=None, compare=False)  # where it is: the report's line
    quote: str | None = field(default=None, compare=False)  # and that line, clipped

    def to_json(self) -> dict[str, object]:
        return {
            "text": self.text,
            "value": self.value,
            "unit": self.unit,
            "kind": self.kind,
            "line": self.line,
            "quote": self.quote,
        }


@dataclass(frozen=True)
class Reference:
    """A document cited by number and/or date."""

    text: str
    kind: str | None
    number: str | None
    date: str | None  # ISO yyyy-mm-dd
    issuer: str | None
    line: int | None = field(default=None, compare=False)  # where it is: the report's line
    quote: str | None = field(default=None, compare=False)  # and that line, clipped

    def to_json(self) -> dict[str, object]:
        return {
            "text": self.text,
            "kind": self.kind,
            "number": self.number,
            "date": self.date,
            "issuer": self.issuer,
            "line": self.line,
            "quote": self.quote,
        }


QUOTE_CHARS = 150
_Found = TypeVar("_Found", Figure, Reference)


def quote(text: str, at: int = 0, width: int = QUOTE_CHARS) -> str:
    """``text`` clipped to about ``width`` characters around position ``at``, "…" where cut."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    start = max(0, min(at - width // 3, len(text) - width + 2))
    end = start + width - 2
    return ("…" if start else "") + text[start:end].strip() + ("…" if end < len(text) else "")


def located(found: list[_Found], line: int, text: str) -> list[_Found]:
    """``found`` in ``text`` (one line of the report), each with its line and a quote of it."""
    return [
        replace(item, line=line, quote=quote(text, max(0, text.find(item.text)))) for item in found
    ]


@dataclass(frozen=True)
class FigureWords:
    """The word lists figures are read with (from ``kit/rules/report-sections.yaml``)."""

    units: tuple[str, ...]
    not_units: tuple[str, ...]
    not_after: tuple[str, ...]
    allowed_after: tuple[str, ...]
    document_kinds: tuple[str, ...]


def iso_date(text: str) -> str | None:
    """``"12/01/2023"`` or ``"12 tháng 01 năm 2023"`` as ``"2023-01-12"``; None if impossible."""
    parts = [int(p) for p in _DATE_PARTS.findall(text)]
    if len(parts) != 3:
        return None
    day, month, year = parts
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


@cache
def _reference_pattern(kinds: tuple[str, ...]) -> re.Pattern[str]:
    names = _any(*sorted(kinds, key=len, reverse=True))

    def kind(name: str) -> str:
        return rf"(?P<{name}>(?i:{names}))"

    dated = rf"(?:\s*,?\s*{_DAY}\s+(?P<date>{_DATE}))?"
    numbered = rf"(?:{kind('kind')}\s+)?(?:{_NUMBER_WORD}\s*:?\s*)?(?P<number>{_SYMBOL}){dated}"
    only_dated = rf"{kind('kind2')}\s+{_DAY}\s+(?P<date2>{_DATE})"
    return re.compile(rf"(?<![\w/])(?:{numbered}|{only_dated})")


def _fold_for(text: str) -> Fold:
    """Compare words with their diacritics, unless ``text`` was typed without any: then "thu"
    in "tiếp thu" is not taken for "thứ", while "so" in a text with no diacritics is "số"."""
    marked = any(unicodedata.combining(c) for c in unicodedata.normalize("NFD", text))
    return words_key if marked or "đ" in text.casefold() else bare_key


@cache
def _keys(words: tuple[str, ...], fold: Fold) -> frozenset[str]:
    return frozenset(fold(w) for w in words)


def _issuer(after: str, fold: Fold) -> str | None:
    """Who issued a document: "của UBND huyện Quảng Điền về việc…" → "UBND huyện Quảng Điền"."""
    match = _OF.match(after)
    if not match:
        return None
    stop = _keys(tuple(_ISSUER_STOP.split()), fold)
    kept: list[str] = []
    for word in match.group(1).split()[:10]:
        if fold(word) in stop:
            break
        kept.append(word)
    return " ".join(kept) or None


def references(text: str, words: FigureWords, sample: str | None = None) -> list[Reference]:
    """Every document reference in ``text``, in order, each once (``sample``: the text whose
    diacritics decide how words are compared, when ``text`` is a part of it)."""
    found: list[Reference] = []
    fold = _fold_for(sample or text)
    canonical = {bare_key(k): k for k in words.document_kinds}
    for m in _reference_pattern(words.document_kinds).finditer(text):
        kind = m.group("kind") or m.group("kind2")
        date_text = m.group("date") or m.group("date2")
        ref = Reference(
            text=re.sub(r"\s+", " ", m.group(0)).strip(),
            kind=canonical.get(bare_key(kind), kind) if kind else None,
            number=m.group("number"),
            date=iso_date(date_text) if date_text else None,
            issuer=_issuer(text[m.end() :], fold),
        )
        if ref not in found:
            found.append(ref)
    return found


def _ends_with(before: str, phrases: frozenset[str], fold: Fold) -> bool:
    """Whether the words right before a number are one of ``phrases`` (folded)."""
    tokens = re.findall(r"\w+|[^\w\s]", before[-60:].rsplit("\n", 1)[-1])
    while len(tokens) >= 2 and tokens[-2].isdigit() and tokens[-1] in _LIST_SEPARATORS:
        del tokens[-2:]  # "Điều 113, 120 và 129": 129 follows "Điều" too
    words: list[str] = []
    for token in reversed(tokens[-4:]):
        if not token[0].isalnum():
            break
        words.insert(0, token)
    tail = fold(" ".join(words))
    return any(tail == p or tail.endswith(" " + p) for p in phrases)


def _unit_after(rest: str, words: FigureWords, fold: Fold) -> str | None:
    """What a number counts, as written: the longest known unit, else the next word, else None."""
    head = rest[:40].lstrip()
    if len(head) == len(rest[:40]) and head[:1].isalpha():  # glued to the number: "15a"
        return None
    folded = fold(head)
    for unit in sorted(words.units, key=len, reverse=True):
        key = fold(unit)
        if folded.startswith(key) and not folded[len(key) : len(key) + 1].isalnum():
            n = len(key.split())
            shown = re.match(rf"(?:[^\W\d_]+[\s,]*){{{n}}}", head)
            return shown.group(0).rstrip().rstrip(",") if shown else unit
    word = _WORD.match(head)
    if word is None or fold(word.group(0)) in _keys(("", *words.not_units), fold):
        return None
    return word.group(0)


def _value(number: str) -> int | float:
    whole, _, decimals = number.replace(".", "").partition(",")
    return float(f"{whole}.{decimals}") if decimals else int(whole)


def _masked(text: str, words: FigureWords) -> str:
    """``text`` with references and dates blanked out, so their digits are not read as figures."""
    spans = [m.span() for m in _reference_pattern(words.document_kinds).finditer(text)]
    spans += [m.span() for m in _DATE_LIKE.finditer(text)]
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def figures(text: str, words: FigureWords, sample: str | None = None) -> list[Figure]:
    """Every figure in ``text``, in order (``sample``: as for :func:`references`)."""
    masked = _masked(text, words)
    fold = _fold_for(sample or text)
    not_after = _keys((*words.not_after, *words.document_kinds), fold)
    allowed_after = _keys(words.allowed_after, fold)
    found: list[Figure] = []
    for m in _NUMBER.finditer(masked):
        number, before, rest = m.group("n"), masked[: m.start()], masked[m.end() :]
        value = _value(number)
        if (pct := _PERCENT.match(rest)) is not None:
            found.append(Figure(text[m.start() : m.end() + pct.end()], value, "%", "percent"))
            continue
        if (money := _MONEY.match(rest)) is not None:
            scale = _SCALE.get(bare_key(money.group("scale") or ""), 1)
            amount = value * scale
            amount = int(amount) if float(amount).is_integer() else amount
            shown = text[m.start() : m.end() + money.end()]
            found.append(Figure(shown, amount, "đồng", "money"))
            continue
        if _ends_with(before, not_after, fold) and not _ends_with(before, allowed_after, fold):
            continue
        if "." not in number and "," not in number and len(number) == 4 and value in _YEAR:
            continue  # a year ("năm 2023", "giai đoạn 2022-2027")
        unit = _unit_after(rest, words, fold)
        if unit is None:
            continue
        end = m.end() + (len(rest) - len(rest.lstrip())) + len(unit)
        found.append(Figure(text[m.start() : end], value, unit, "count"))
    return found
