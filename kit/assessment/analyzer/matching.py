"""Phrase matching for the report analyzer: the vocabulary's phrases folded once (case, Unicode
form, tone placement, Đ look-alikes) and compared word by word, exactly or, failing that, without
diacritics (see :mod:`kit.assessment.analyzer.sections`, rule 3).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from kit.assessment.analyzer.vocabulary import Vocabulary
from kit.core.text import bare_key, words_key

CONTAINER = "(container)"  # the key of a heading that only groups sections ("Kết quả đạt được")
BOUNDARY = "(boundary)"  # the key of a heading that ends them ("Phương hướng", "Ưu điểm")


def tokens(text: str) -> list[str]:
    """Folded words of ``text`` (punctuation dropped, abbreviations such as UBND expanded)."""
    return words_key(re.sub(r"[^\w\s]", " ", text)).split()


def _find(phrase: Sequence[str], words: Sequence[str]) -> int:
    n = len(phrase)
    return next((i for i in range(len(words) - n + 1) if list(words[i : i + n]) == phrase), -1)


@dataclass(frozen=True)
class _Phrase:
    exact: list[str]
    bare: list[str]
    weight: float


def _phrase(text: str, weight: float = 1.0) -> _Phrase:
    exact = tokens(text)
    return _Phrase(exact, bare_key(" ".join(exact)).split(), weight)


class Matcher:
    """The vocabulary's phrases, folded once, and the searches the analyzer makes with them."""

    def __init__(self, vocab: Vocabulary) -> None:
        self.vocab = vocab
        self.m = vocab.matching
        self.headings: list[tuple[str, list[_Phrase]]] = [
            (s.key, [_phrase(p, w) for p, w in s.headings.items()]) for s in vocab.sections
        ]
        self.headings.append((CONTAINER, [_phrase(p, w) for p, w in vocab.containers.items()]))
        self.headings.append((BOUNDARY, [_phrase(p, w) for p, w in vocab.boundaries.items()]))
        self.cues = {s.key: [_phrase(c) for c in s.body_cues] for s in vocab.sections}
        self.generic = [(p, _phrase(p)) for p in vocab.generic_phrases]
        self.empty = {bare_key(" ".join(tokens(a))) for a in vocab.empty_answers}
        self.closing = [_phrase(c) for c in vocab.closing]
        self.title = [_phrase(t) for t in vocab.report_title]

    def _at(self, phrase: _Phrase, words: list[str], bare: list[str]) -> tuple[int, float]:
        """Where ``phrase`` is in ``words`` and how much the match counts (-1 if absent)."""
        at = _find(phrase.exact, words)
        if at >= 0:
            return at, 1.0
        return _find(phrase.bare, bare), self.m.loose_factor

    def heading_key(self, title: str) -> tuple[str, float]:
        """The section a heading names (or CONTAINER, BOUNDARY) and its weight; "", 0 if none."""
        words = tokens(title)
        bare = bare_key(" ".join(words)).split()
        best: tuple[str, float] = ("", 0.0)
        for key, phrases in self.headings:
            score = 0.0
            for phrase in phrases:
                at, factor = self._at(phrase, words, bare)
                if at >= 0:
                    early = 1.0 if at < self.m.early_words else self.m.late_factor
                    score += phrase.weight * factor * early
            if score > best[1]:
                best = (key, score)
        return best if best[1] >= self.m.heading_threshold else ("", 0.0)

    def opens_with(self, phrases: list[_Phrase], text: str) -> bool:
        """Whether one of ``phrases`` is in the first ``cue_words`` words of ``text``."""
        words = tokens(" ".join(text.split()[: self.m.cue_words]))
        bare = bare_key(" ".join(words)).split()
        return any(self._at(p, words, bare)[0] >= 0 for p in phrases)

    def generic_phrases(self, text: str) -> list[str]:
        words = tokens(text)
        bare = bare_key(" ".join(words)).split()
        return [shown for shown, p in self.generic if self._at(p, words, bare)[0] >= 0]

    def is_empty_answer(self, text: str) -> bool:
        words = tokens(text)
        return len(words) < self.m.min_words or bare_key(" ".join(words)) in self.empty

    def is_closing(self, text: str) -> bool:
        return _opens(text, self.closing)

    def is_title(self, text: str) -> bool:
        return _opens(text, self.title)


def _opens(text: str, phrases: list[_Phrase]) -> bool:
    """Whether ``text`` starts with one of ``phrases`` (with or without diacritics)."""
    words = tokens(text)
    bare = bare_key(" ".join(words)).split()
    return any(words[: len(p.exact)] == p.exact or bare[: len(p.bare)] == p.bare for p in phrases)
