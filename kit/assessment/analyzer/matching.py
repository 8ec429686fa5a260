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

_QUOTED = re.compile(r"“[^”]{0,400}”|\"[^\"]{0,400}\"")  # a document's name, not the topic
_BRACKETED = re.compile(r"\[[^\]]{0,300}\]|\([^)]{0,300}\)|<[^>]{0,300}>|\{[^}]{0,300}\}")
CONTAINER = "(container)"  # the key of a heading that only groups sections ("Kết quả đạt được")
BOUNDARY = "(boundary)"  # the key of a heading that ends them ("Phương hướng", "Ưu điểm")
OTHER = "(other)"  # the key of a heading that names no section ("PHẦN THỨ HAI")


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
        cue = vocab.matching.cue_weight
        self.topics: list[tuple[str, float, list[_Phrase]]] = [
            (
                s.key,
                s.paragraph_priority,
                [_phrase(p, w) for p, w in {**s.headings, **s.paragraph_words}.items()]
                + [_phrase(c, cue) for c in s.body_cues if c not in s.headings],
            )
            for s in vocab.sections
        ]
        self.opening = [_phrase(c) for c in vocab.opening_cues]
        self.opening_ends = [bare_key(" ".join(tokens(e))).split() for e in vocab.opening_ends]
        self.fillers = {bare_key(f) for f in vocab.empty_fillers}
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

    def paragraph_key(self, text: str) -> str:
        """The section a paragraph with no heading is about ("" if none is clear): its phrases,
        each counted once, weigh at least ``paragraph_threshold``; names in quotes are left out."""
        words = tokens(_QUOTED.sub(" ", text))
        bare = bare_key(" ".join(words)).split()
        best, best_score = "", 0.0
        for key, priority, phrases in self.topics:
            score = 0.0
            for phrase in phrases:
                at, factor = self._at(phrase, words, bare)
                score += phrase.weight * factor * priority if at >= 0 else 0.0
            if score > best_score:
                best, best_score = key, score
        return best if best_score >= self.m.paragraph_threshold else ""

    def is_opening(self, text: str) -> bool:
        """Whether a paragraph opens by citing the basis of the report ("Thực hiện…", "Căn cứ…")."""
        bare = bare_key(" ".join(tokens(text))).split()
        ends = any(e and bare[-len(e) :] == e for e in self.opening_ends)
        return _opens(text, self.opening) or (ends and text.rstrip().endswith(":"))

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
        """A refusal ("Không.", "Không có khó khăn gì."), a placeholder ("…", "[nội dung]",
        "Đang cập nhật") or too few words to say anything."""
        words = tokens(_BRACKETED.sub(" ", text))
        bare = bare_key(" ".join(words)).split()
        while bare and bare[-1] in self.fillers:
            bare.pop()
        return len(words) < self.m.min_words or " ".join(bare) in self.empty

    def is_closing(self, text: str) -> bool:
        return _opens(text, self.closing)

    def is_title(self, text: str) -> bool:
        return _opens(text, self.title)


def _opens(text: str, phrases: list[_Phrase]) -> bool:
    """Whether ``text`` starts with one of ``phrases`` (with or without diacritics)."""
    words = tokens(text)
    bare = bare_key(" ".join(words)).split()
    return any(words[: len(p.exact)] == p.exact or bare[: len(p.bare)] == p.bare for p in phrases)
