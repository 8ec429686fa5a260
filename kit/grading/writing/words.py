"""The words of a text as comparison keys, in sentences and clauses.

A word's key is its folded form (:func:`kit.core.text.fold`); for a text typed without
diacritics every key also drops them, and so does every phrase it is compared with. An
abbreviation in capitals counts as the words it stands for ("UBND" = "ủy ban nhân dân"), and an
abbreviation given in brackets right after its full name ("Hội đồng nhân dân (HĐND)") is read
once, not twice.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Literal

from kit.core.text import ABBREVIATIONS, fold

#: where a sentence ends: after . ! ? … followed by a space, or at a line break
SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n+")
_RAW = re.compile(r"\d+(?:[.,/-]\d+)*|[^\W\d_]+|[^\w\s]")
_CLAUSE_MARKS = frozenset(",;:–—-")
#: words that open a new clause (negation does not reach across them)
_CONJUNCTIONS = ("nhưng", "mà", "song", "tuy nhiên", "trong khi", "ngược lại", "chứ")
#: share of letters with a Vietnamese mark under which a text counts as typed without them
_BARE_SHARE = 0.01

Kind = Literal["word", "num", "mark"]


@dataclass(frozen=True)
class RawTok:
    """One word, number or punctuation mark of a sentence, with its key and place."""

    kind: Kind
    text: str
    key: str
    start: int
    end: int
    sentence: int
    clause: int


def strip_marks(folded: str) -> str:
    """``folded`` without any diacritic ("đ" read as "d")."""
    bare = unicodedata.normalize("NFD", folded.replace("đ", "d"))
    return "".join(ch for ch in bare if not unicodedata.combining(ch))


def word_key(word: str, bare: bool) -> str:
    """The comparison key of one word."""
    key = fold(word)
    return strip_marks(key) if bare else key


def typed_without_diacritics(text: str) -> bool:
    """A text of some length in which (almost) no letter carries a Vietnamese mark."""
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) < 40:
        return False
    marked = sum(
        1
        for ch in letters
        if ch in "đĐ" or any(unicodedata.combining(c) for c in unicodedata.normalize("NFD", ch))
    )
    return marked / len(letters) < _BARE_SHARE


@cache
def _conjunctions(bare: bool) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(word_key(w, bare) for w in c.split()) for c in _CONJUNCTIONS)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every sentence that holds a word or a number."""
    spans, start = [], 0
    for sep in SENTENCE_END.finditer(text):
        spans.append((start, sep.start()))
        start = sep.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if re.search(r"\w", text[a:b])]


def _expand(word: str, bare: bool) -> list[str]:
    folded = fold(word)
    if sum(ch.isupper() for ch in word) >= 2 and folded in ABBREVIATIONS:
        return [word_key(w, bare) for w in ABBREVIATIONS[folded].split()]
    return [word_key(word, bare)]


def _skip_bracketed_abbreviation(raw: list[re.Match[str]], i: int) -> bool:
    """``(HĐND)``: the abbreviation of the name just written, read once only."""
    if raw[i].group() != "(" or i + 2 >= len(raw) or raw[i + 2].group() != ")":
        return False
    word = raw[i + 1].group()
    return word.isalpha() and word.isupper() and len(word) <= 10


def read_tokens(text: str, bare: bool) -> list[RawTok]:
    """Every word, number and mark of ``text``, sentence by sentence, with clause numbers."""
    out: list[RawTok] = []
    clause = 0
    for n, (a, b) in enumerate(sentence_spans(text)):
        raw = list(_RAW.finditer(text, a, b))
        clause += 1
        i = 0
        while i < len(raw):
            m = raw[i]
            if _skip_bracketed_abbreviation(raw, i):
                i += 3
                continue
            token = m.group()
            if token[0].isdigit():
                out.append(RawTok("num", token, token, m.start(), m.end(), n, clause))
            elif token[0].isalpha() or token[0] == "_":
                for key in _expand(token, bare):
                    out.append(RawTok("word", token, key, m.start(), m.end(), n, clause))
            else:
                if token in _CLAUSE_MARKS:
                    clause += 1
                out.append(RawTok("mark", token, token, m.start(), m.end(), n, clause))
            i += 1
    return _split_at_conjunctions(out, bare)


def _split_at_conjunctions(toks: list[RawTok], bare: bool) -> list[RawTok]:
    """A conjunction opens a new clause: every token from it on gets a new clause number."""
    conj = _conjunctions(bare)
    out: list[RawTok] = []
    shift = 0
    i = 0
    while i < len(toks):
        for c in conj:
            if tuple(t.key for t in toks[i : i + len(c)]) == c:
                shift += 1
                break
        t = toks[i]
        out.append(RawTok(t.kind, t.text, t.key, t.start, t.end, t.sentence, t.clause + shift))
        i += 1
    return out
