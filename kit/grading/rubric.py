"""Style checks of free-text writing (sentence length, abbreviations, length), the result of one
rubric check, and the glossary of abbreviations. The content checks and what voids them are in
:mod:`kit.grading.writing`; the trainer's score is added separately."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from kit.content.schemas import RubricCheck
from kit.core.text import fold
from kit.grading.writing.words import strip_marks

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n+")
_WORDISH = re.compile(r"\w", re.UNICODE)


@dataclass(frozen=True)
class CheckResult:
    """Points one rubric check earned, out of ``max``, with its notes."""

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
        if not any(
            fold(e) in before or strip_marks(fold(e)) in strip_marks(before) for e in expansions
        ):
            bad.append(abbr)
    share = 1 - len(bad) / len(used)
    if not bad:
        return share, "Chữ viết tắt đều được viết đầy đủ ở lần đầu.", "Abbreviations expanded."
    return (
        share,
        "Chưa viết đầy đủ ở lần đầu: " + ", ".join(bad) + ".",
        "Not expanded at first use: " + ", ".join(bad) + ".",
    )


def _length(check: RubricCheck, text: str) -> tuple[float, str, str]:
    n = word_count(text)
    low, high = check.minimum or 0, check.limit or 10**6
    if low <= n <= high:
        return 1, f"Độ dài {n} chữ, đạt yêu cầu.", f"{n} words: within range."
    return 0, f"Độ dài {n} chữ, cần {low}–{high} chữ.", f"{n} words; {low}–{high} needed."


STYLE_CHECKS = {
    "max_sentence_words": _sentence_length,
    "abbreviations_expanded": _abbreviations,
    "word_count": _length,
}


def result(check: RubricCheck, share: float, vi: str, en: str) -> CheckResult:
    """The points ``check`` earns for ``share`` of it, with its notes."""
    share = max(0.0, min(1.0, share))
    return CheckResult(
        check.kind, check.label, round(check.points * share, 2), check.points, vi, en
    )


def run_style_check(check: RubricCheck, text: str) -> CheckResult:
    """One of :data:`STYLE_CHECKS` on ``text``."""
    return result(check, *STYLE_CHECKS[check.kind](check, text))
