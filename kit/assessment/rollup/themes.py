"""Group the free-text answers of many units (difficulties, causes, recommendations) by meaning, as
a person reading the reports would, with a small vocabulary kept as data
(``kit/rules/rollup-themes.yaml``, read and checked by :mod:`kit.assessment.rollup.vocabulary`).

1. An answer is split into items: lines, ";" and sentences, the bullet or number opening each
   ("-", "•", "1.", "2.1.", "a)") taken off; a dash inside a line ("Tư pháp - Hộ tịch") is no
   bullet. A short line ending in ":" ("Khó khăn:") is a heading, not an item.
2. An item is compared by its key: :func:`kit.core.text.words_key` of its words (case,
   Unicode form, old/new tone placement "hoà"/"hòa", punctuation and abbreviations such as UBND no
   longer matter). An item typed without any diacritics is compared with the keywords' bare form.
3. An item joins every theme whose keyword it contains (a keyword "A + B" needs both A and B, each
   as whole words, in any order); an item in no theme goes to "other" and is kept verbatim.
4. An answer made only of ``empty_answers`` ("Không.", "Không có") counts as nothing stated.

Answers repeat a lot across units, so :meth:`Grouper.summarise` takes the count of units per
distinct answer and splits and matches each distinct answer once (cached per text and per piece).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from kit.assessment.questionnaire.schema import Questionnaire, load_questionnaire
from kit.assessment.rollup.vocabulary import (
    OTHER,
    ThemeVocabulary,
    load_themes,
    word_tokens,
)
from kit.core.text import bare_key, strip_punctuation

OTHER_LABEL = ("Khác (chưa thuộc nhóm nào)", "Other (in no theme)")
#: distinct words, pieces and answers a grouper keeps; past this a cache starts afresh
_CACHE_LIMIT = 200_000

_ENDS = re.compile(r"[.!?…]")
_MARKER = re.compile(
    r"^\s*(?:[-–—•+*▪●○►]+\s*|\(?(?:\d{1,2}(?:\.\d{1,2})*|[a-zđ]|[ivx]{1,4})[.)]\s+)",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
#: a sentence that ends in an abbreviation ("TP.", "v.v.") goes on
_ABBREVIATION_END = re.compile(r"(?:^|\s)(?:[A-ZĐ][A-Za-zĐđ]{0,2}|v\.v)\.$")
_SPACES = re.compile(r"\s+")
_LETTER = re.compile(r"[^\W\d_]")
_END = ""  # the trie key that ends a phrase (no word is empty)


# ---------------------------------------------------------------------------------- items


def _clean(piece: str) -> str:
    """A raw piece as an item ("" when it is no item: blank, a heading such as "Khó khăn:")."""
    item = _SPACES.sub(" ", strip_punctuation(_MARKER.sub("", piece, count=1))).strip()
    if piece.rstrip().endswith(":") and len(item.split()) <= 6:
        return ""
    return item if _LETTER.search(item) else ""


def _sentences(piece: str) -> list[str]:
    """``piece`` split after ".", "!", "?", "…" when a new sentence opens (upper case, a number,
    a list marker such as "b)"), not after an abbreviation ("TP.", "v.v.")."""
    sentences: list[str] = []
    for sentence in _SENTENCE_END.split(piece):
        opens = sentence[:1]
        if sentences and (
            not (opens.isupper() or opens.isdigit() or _MARKER.match(sentence))
            or _ABBREVIATION_END.search(sentences[-1])
        ):
            sentences[-1] = f"{sentences[-1]} {sentence}"
        else:
            sentences.append(sentence)
    return sentences


def _pieces(text: str) -> list[str]:
    """The raw pieces of an answer: lines, then ";", then sentences."""
    out: list[str] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        for part in line.split(";"):  # a " - " inside a line is a compound: "Tư pháp - Hộ tịch"
            if _ENDS.search(part.rstrip()[:-1]):  # an end mark before the last character
                out += _sentences(part.strip())
            else:
                out.append(part)
    return out


def split_items(text: str) -> list[str]:
    """The items of an answer, as written (markers and end punctuation taken off)."""
    return [item for piece in _pieces(text) if (item := _clean(piece))]


@dataclass(frozen=True, slots=True)
class Item:
    text: str
    #: the comparison key (folded words); equal for spellings a reader takes as the same
    key: str
    themes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Parsed:
    #: its items, one per key (an item written twice in one answer counts once)
    items: tuple[Item, ...]
    #: the themes of its items (:data:`OTHER` for an item in none)
    themes: frozenset[str]

    @property
    def empty(self) -> bool:
        """Nothing stated: no item, or only answers such as "Không."."""
        return not self.items


# ---------------------------------------------------------------------------------- summaries


@dataclass(slots=True)
class _Tally:
    text: str
    unit: str
    units: int = 0


@dataclass(frozen=True)
class Example:
    text: str
    #: the first unit that wrote it, and how many units did
    unit: str
    units: int


@dataclass(frozen=True)
class ThemeCount:
    id: str
    label: str
    label_en: str
    #: units naming the theme at least once
    units: int
    examples: tuple[Example, ...]


@dataclass(frozen=True)
class TextSummary:
    """One free-text field across units: themes by units naming them, and "other" verbatim."""

    field: str
    label: str
    label_en: str
    #: units that stated something / answered "Không." or the like / left it blank
    stated: int
    empty: int
    blank: int
    #: every theme of the vocabulary, most named first (vocabulary order among equals)
    themes: tuple[ThemeCount, ...]
    #: the items in no theme, each with the units that wrote it (most first)
    other: tuple[Example, ...]
    other_units: int

    @property
    def named(self) -> tuple[ThemeCount, ...]:
        """The themes at least one unit named."""
        return tuple(t for t in self.themes if t.units)


class Grouper:
    """The vocabulary compiled for matching, and a cache of parsed answers."""

    def __init__(self, vocab: ThemeVocabulary, questionnaire: Questionnaire | None = None) -> None:
        self.vocab = vocab
        self.fields = (questionnaire or load_questionnaire()).fields()
        self.themes = {t.id: t for t in vocab.themes}
        self._order = {t: n for n, t in enumerate(self.themes)}
        #: the keywords' phrases as a word trie (exact, bare): each node maps the next word to
        #: a node, and :data:`_END` to (the phrase's number, the keywords using it)
        self._tries: tuple[dict[str, Any], dict[str, Any]] = ({}, {})
        #: per keyword: its theme and its number of distinct phrases
        self._keywords: list[tuple[str, int]] = []
        phrases: tuple[dict[str, list[int]], dict[str, list[int]]] = ({}, {})
        for theme in vocab.themes:
            for keyword in theme.keywords:
                parts = {" ".join(word_tokens(p)) for p in keyword.split(" + ")}
                for part in parts:
                    phrases[0].setdefault(part, []).append(len(self._keywords))
                    phrases[1].setdefault(bare_key(part), []).append(len(self._keywords))
                self._keywords.append((theme.id, len(parts)))
        for by_phrase, trie in zip(phrases, self._tries, strict=True):
            for number, (phrase, indices) in enumerate(by_phrase.items()):
                node = trie
                for token in phrase.split():
                    node = node.setdefault(token, {})
                node[_END] = (number, indices)
        self._empty = {" ".join(word_tokens(a)) for a in vocab.empty_answers}
        self._empty |= {bare_key(k) for k in self._empty}
        self._words: dict[str, list[str]] = {}
        self._items: dict[str, Item | None] = {}
        self._cache: dict[str, Parsed] = {}

    def item(self, piece: str) -> Item | None:
        """One piece of an answer as an item with its key and themes (cached per piece);
        ``None`` when it is no item (a heading) or an empty answer ("Không có")."""
        if piece in self._items:
            return self._items[piece]
        text = _clean(piece)
        if len(self._words) >= _CACHE_LIMIT:
            self._words.clear()
        words = word_tokens(text, self._words)
        key = " ".join(words)
        found: Item | None = None
        if key and key not in self._empty:
            # typed without any diacritics: compared with the keywords' bare form
            trie = self._tries[1] if key.isascii() else self._tries[0]
            hits: dict[int, set[int]] = {}  # keyword -> the numbers of its phrases found
            for at, word in enumerate(words):
                node, nxt = trie.get(word), at + 1
                while node is not None:
                    if _END in node:
                        number, indices = node[_END]
                        for index in indices:
                            hits.setdefault(index, set()).add(number)
                    node = node.get(words[nxt]) if nxt < len(words) else None
                    nxt += 1
            themes = dict.fromkeys(
                self._keywords[i][0]
                for i, seen in sorted(hits.items())
                if len(seen) == self._keywords[i][1]
            )
            found = Item(text, key, tuple(sorted(themes, key=self._order.__getitem__)))
        if len(self._items) >= _CACHE_LIMIT:
            self._items.clear()
        self._items[piece] = found
        return found

    def parse(self, text: str) -> Parsed:
        """An answer's items (cached per distinct text)."""
        hit = self._cache.get(text)
        if hit is None:
            unique: dict[str, Item] = {}
            for piece in _pieces(text):
                if (item := self.item(piece)) is not None:
                    unique.setdefault(item.key, item)
            items = tuple(unique.values())
            themes = frozenset(t for i in items for t in i.themes or (OTHER,))
            hit = Parsed(items, themes)
            if len(self._cache) >= _CACHE_LIMIT:
                self._cache.clear()
            self._cache[text] = hit
        return hit

    def summarise(
        self, field: str, counts: Mapping[str, int], first_unit: Mapping[str, str], blank: int
    ) -> TextSummary:
        """``counts``: units per distinct answer; ``first_unit``: who wrote each first."""
        theme_units = dict.fromkeys((*self.themes, OTHER), 0)
        tallies: dict[str, tuple[Item, _Tally]] = {}  # per item key, over all answers
        stated = empty = 0
        for text, n in counts.items():  # in the order the answers were first written
            parsed = self.parse(text)
            if parsed.empty:
                empty += n
                continue
            stated += n
            for theme in parsed.themes:
                theme_units[theme] += n
            for item in parsed.items:
                hit = tallies.get(item.key)
                if hit is None:
                    hit = tallies[item.key] = (item, _Tally(item.text, first_unit[text]))
                hit[1].units += n
        quotes: dict[str, dict[str, _Tally]] = {t: {} for t in theme_units}
        for key, (item, tally) in tallies.items():
            for theme in item.themes or (OTHER,):
                quotes[theme][key] = tally
        other_units = theme_units.pop(OTHER)
        order = self._order
        themes = sorted(
            (
                ThemeCount(t.id, t.label, t.label_en, theme_units[t.id], self._top(quotes[t.id]))
                for t in self.vocab.themes
            ),
            key=lambda c: (-c.units, order[c.id]),
        )
        f = self.fields[field]
        other = self._top(quotes[OTHER], limit=None)
        return TextSummary(
            field, f.label, f.label_en, stated, empty, blank, tuple(themes), other, other_units
        )

    def _top(self, tallies: dict[str, _Tally], limit: int | None = -1) -> tuple[Example, ...]:
        """The most written phrasings first (first seen among equals)."""
        ranked = sorted(tallies.values(), key=lambda t: -t.units)
        keep = self.vocab.examples if limit == -1 else limit
        return tuple(Example(t.text, t.unit, t.units) for t in ranked[:keep])


@cache
def default_grouper() -> Grouper:
    """The grouper of the shipped vocabulary (its cache lives as long as the process)."""
    return Grouper(load_themes())
