"""Automatic checks of free-text writing (the trainer's score is added separately)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from kit.content.schemas import RubricCheck
from kit.core.text import fold

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n+")
_WORDISH = re.compile(r"\w", re.UNICODE)
_DATE = re.compile(
    r"\b\d{1,2}\s*/\s*\d{1,2}(\s*/\s*\d{2,4})?\b|\bngày\s+\d{1,2}\s+tháng\s+\d{1,2}\b",
    re.IGNORECASE,
)
_WHEN_WORDS = ("trước ngày", "hạn chót", "chậm nhất", "đến hết ngày", "thời hạn góp ý")
_WHERE_WORDS = (
    "cổng thông tin",
    "trang thông tin",
    "địa chỉ",
    "gửi về",
    "gửi đến",
    "hộp thư",
    "hòm thư",
    "thư điện tử",
    "email",
    "bộ phận một cửa",
    "trụ sở",
    "zalo",
    "số điện thoại",
    "đường dây nóng",
    "website",
    "trang web",
)
_EMAIL_OR_URL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+|https?://\S+|www\.\S+", re.IGNORECASE)


@dataclass(frozen=True)
class CheckResult:
    kind: str
    label: str
    points: float
    max: int
    note_vi: str
    note_en: str


@cache
def glossary() -> dict[str, tuple[str, ...]]:
    text = resources.files("kit").joinpath("rules", "glossary.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    return {k: tuple(v) for k, v in data["abbreviations"].items()}


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s and _WORDISH.search(s)]


def word_count(text: str) -> int:
    return sum(1 for tok in text.split() if _WORDISH.search(tok))


def _covers(check: RubricCheck, text: str) -> tuple[float, str, str]:
    folded = fold(text)
    missing = [group[0] for group in check.items if not any(fold(s) in folded for s in group)]
    share = 1 - len(missing) / len(check.items)
    if not missing:
        return share, "Có đủ các ý cần nêu.", "Covers every required point."
    return (
        share,
        "Còn thiếu: " + "; ".join(missing) + ".",
        "Missing: " + "; ".join(missing) + ".",
    )


def _sentence_length(check: RubricCheck, text: str) -> tuple[float, str, str]:
    limit = check.limit or 25
    parts = sentences(text)
    if not parts:
        return 0, "Chưa có câu nào.", "No sentence yet."
    long = [s for s in parts if word_count(s) > limit]
    share = 1 - len(long) / len(parts)
    if not long:
        return share, f"Mọi câu đều không quá {limit} chữ.", f"Every sentence has ≤ {limit} words."
    return (
        share,
        f"{len(long)}/{len(parts)} câu dài hơn {limit} chữ; hãy tách câu.",
        f"{len(long)}/{len(parts)} sentences are longer than {limit} words; split them.",
    )


def _abbreviations(check: RubricCheck, text: str) -> tuple[float, str, str]:
    used = [a for a in check.abbreviations if re.search(rf"(?<!\w){re.escape(a)}(?!\w)", text)]
    if not used:
        return 1, "Không dùng chữ viết tắt.", "No abbreviation used."
    bad = []
    for abbr in used:
        first = re.search(rf"(?<!\w){re.escape(abbr)}(?!\w)", text)
        before = fold(text[: first.start()]) if first else ""
        expansions = glossary().get(abbr, ())
        if not any(fold(e) in before for e in expansions):
            bad.append(abbr)
    share = 1 - len(bad) / len(used)
    if not bad:
        return share, "Chữ viết tắt đều được viết đầy đủ ở lần đầu.", "Abbreviations expanded."
    return (
        share,
        "Chưa viết đầy đủ ở lần đầu: " + ", ".join(bad) + ".",
        "Not expanded at first use: " + ", ".join(bad) + ".",
    )


def _where_and_when(_check: RubricCheck, text: str) -> tuple[float, str, str]:
    folded = fold(text)
    where = bool(_EMAIL_OR_URL.search(text)) or any(fold(w) in folded for w in _WHERE_WORDS)
    when = bool(_DATE.search(text)) or any(fold(w) in folded for w in _WHEN_WORDS)
    if where and when:
        return 1, "Đã nói rõ gửi góp ý ở đâu và hạn khi nào.", "Says where and by when."
    missing_vi = "nơi gửi góp ý" if not where else "hạn gửi góp ý"
    missing_en = "where to send comments" if not where else "the deadline for comments"
    if not where and not when:
        missing_vi, missing_en = "nơi gửi và hạn gửi góp ý", "where and by when to comment"
    return (where + when) / 2, f"Còn thiếu {missing_vi}.", f"Missing {missing_en}."


def _length(check: RubricCheck, text: str) -> tuple[float, str, str]:
    n = word_count(text)
    low, high = check.minimum or 0, check.limit or 10**6
    if low <= n <= high:
        return 1, f"Độ dài {n} chữ, đạt yêu cầu.", f"{n} words: within range."
    return 0, f"Độ dài {n} chữ, cần {low}–{high} chữ.", f"{n} words; {low}–{high} needed."


_CHECKS = {
    "covers_items": _covers,
    "max_sentence_words": _sentence_length,
    "abbreviations_expanded": _abbreviations,
    "says_where_and_when": _where_and_when,
    "word_count": _length,
}


def run_check(check: RubricCheck, text: str) -> CheckResult:
    share, vi, en = _CHECKS[check.kind](check, text)
    return CheckResult(
        check.kind, check.label, round(check.points * share, 2), check.points, vi, en
    )
