"""A text read for grading (:class:`Doc`) and the search for phrases in it.

A phrase is found as a run of keys; ``…`` in a phrase stands for a few words of the same
clause ("đã … thông qua" finds "đã được Hội đồng nhân dân tỉnh thông qua"). Synonym sets map
each of their members to the first one before the search, in the text and in the phrase alike.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from kit.grading.writing.figures import Figure, merge_figures
from kit.grading.writing.phrases import GAP, writing_phrases
from kit.grading.writing.words import read_tokens, typed_without_diacritics, word_key

Keys = tuple[str, ...]
Pattern = tuple[Keys, ...]


@dataclass(frozen=True)
class Tok:
    """A word, or a whole figure, with its place in the text."""

    key: str
    start: int
    end: int
    sentence: int
    clause: int


@dataclass(frozen=True)
class Doc:
    text: str
    bare: bool
    toks: tuple[Tok, ...]
    figures: tuple[Figure, ...]

    def quote(self, i: int, j: int) -> str:
        """The text of tokens i..j-1 as written."""
        return self.text[self.toks[i].start : self.toks[j - 1].end].strip()

    def sentence_text(self, n: int) -> str:
        inside = [t for t in self.toks if t.sentence == n]
        return self.text[inside[0].start : inside[-1].end].strip() if inside else ""

    @property
    def keys(self) -> Keys:
        return tuple(t.key for t in self.toks)


def read(text: str, bare: bool | None = None) -> Doc:
    """``text`` (as NFC) read into keys and figures; ``bare`` (default: guessed from the text)
    drops the diacritics of every key."""
    text = unicodedata.normalize("NFC", text)
    if bare is None:
        bare = typed_without_diacritics(text)
    raw = read_tokens(text, bare)
    merged, figures = merge_figures(raw, bare, writing_phrases().negation.approximately)
    toks = tuple(Tok(k, a.start, b.end, a.sentence, a.clause) for k, a, b in merged)
    return Doc(text, bare, toks, tuple(figures))


@cache
def keys_of(phrase: str, bare: bool) -> Keys:
    """The keys of a short phrase, read as a text is (figures merged)."""
    return tuple(t.key for t in read(phrase, bare).toks)


@cache
def pattern_of(phrase: str, bare: bool) -> Pattern:
    return tuple(keys_of(part.strip(), bare) for part in phrase.split(GAP))


def key_set(words: Iterable[str], bare: bool) -> frozenset[Keys]:
    return frozenset(keys_of(w, bare) for w in words)


def runs_at(keys: Sequence[str], i: int, options: Iterable[Keys]) -> int:
    """Length of the longest option that starts at ``i`` (0 when none does)."""
    best = 0
    for opt in options:
        if opt and len(opt) > best and tuple(keys[i : i + len(opt)]) == opt:
            best = len(opt)
    return best


def ends_at(keys: Sequence[str], j: int, options: Iterable[Keys]) -> int:
    """Length of the longest option that ends at index ``j`` inclusive (0 when none does)."""
    best = 0
    for opt in options:
        n = len(opt)
        if opt and n > best and j - n + 1 >= 0 and tuple(keys[j - n + 1 : j + 1]) == opt:
            best = n
    return best


def find(toks: Sequence[Tok], pattern: Pattern, gap: int) -> list[tuple[int, int]]:
    """(start, end) of every match of ``pattern``; its parts after the first begin at most
    ``gap`` tokens after the previous part, in the same clause."""
    keys = [t.key for t in toks]
    first = pattern[0]
    found = []
    for i in range(len(keys) - len(first) + 1):
        if tuple(keys[i : i + len(first)]) != first:
            continue
        end = _rest(keys, toks, i + len(first), pattern[1:], gap, toks[i].clause)
        if end is not None:
            found.append((i, end))
    return found


def _rest(
    keys: list[str], toks: Sequence[Tok], at: int, parts: Pattern, gap: int, clause: int
) -> int | None:
    if not parts:
        return at
    part = parts[0]
    for j in range(at, min(at + gap, len(keys)) + 1):
        if j + len(part) > len(keys) or toks[j + len(part) - 1].clause != clause:
            break
        if tuple(keys[j : j + len(part)]) == part:
            end = _rest(keys, toks, j + len(part), parts[1:], gap, clause)
            if end is not None:
                return end
    return None


@cache
def synonym_table(sets: tuple[tuple[str, ...], ...], bare: bool) -> dict[Keys, Keys]:
    """Each member of each set → the keys of the set's first member."""
    table: dict[Keys, Keys] = {}
    for members in sets:
        head = keys_of(members[0], bare)
        for m in members:
            table.setdefault(keys_of(m, bare), head)
    return table


def canonical(toks: Sequence[Tok], table: dict[Keys, Keys]) -> tuple[Tok, ...]:
    """``toks`` with every synonym replaced by its set's first member (longest first)."""
    if not table:
        return tuple(toks)
    keys = [t.key for t in toks]
    out: list[Tok] = []
    i = 0
    while i < len(toks):
        n = runs_at(keys, i, table)
        if not n:
            out.append(toks[i])
            i += 1
            continue
        first, last = toks[i], toks[i + n - 1]
        for k in table[tuple(keys[i : i + n])]:
            out.append(Tok(k, first.start, last.end, first.sentence, first.clause))
        i += n
    return tuple(out)


def canonical_keys(keys: Keys, table: dict[Keys, Keys]) -> Keys:
    """A phrase's keys with its synonyms replaced, as :func:`canonical` does for a text."""
    fake = [Tok(k, 0, 0, 0, 0) for k in keys]
    return tuple(t.key for t in canonical(fake, table))


def word_keys(words: Iterable[str], bare: bool) -> frozenset[str]:
    return frozenset(word_key(w, bare) for w in words)
