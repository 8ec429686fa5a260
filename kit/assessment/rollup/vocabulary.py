"""The vocabulary the roll-up groups free-text answers with (``kit/rules/rollup-themes.yaml``):
its schema, loading and checks. The grouping itself is :mod:`kit.assessment.rollup.themes`.

A vocabulary names the questionnaire's text fields it groups, the answers that mean nothing stated
("Không.", "Không có"), and its themes, each with its source and keywords (a keyword "A + B" needs
both A and B). Unknown fields are rejected; a problem is reported at its ``file:line``: a field
that is no text field, a duplicate theme or field, a theme using the reserved id :data:`OTHER`, a
keyword with no word left to compare or with words the comparison ignores (:func:`word_tokens`).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import Annotated, Literal

from pydantic import Field, model_validator

from kit.assessment.questionnaire.datafile import Loc, parse_data, read_rules_file
from kit.assessment.questionnaire.schema import (
    Bilingual,
    Id,
    Questionnaire,
    Text,
    load_questionnaire,
)
from kit.core.schema import Strict
from kit.core.text import FILLER, fold, words_key

THEMES_FILE = "rollup-themes.yaml"
OTHER = "khac"

_WORD = re.compile(r"\w+")


class Theme(Strict):
    id: Id
    label: Text
    label_en: Text
    source: Text
    keywords: list[Text] = Field(min_length=1)


class ThemeVocabulary(Strict):
    schema_version: Literal[1]
    sources: list[Text]
    #: the questionnaire's text fields that are grouped
    fields: list[Id] = Field(min_length=1)
    #: example quotes kept per theme
    examples: Annotated[int, Field(ge=1, le=10)] = 3
    empty_answers: list[Text]
    themes: list[Theme] = Field(min_length=1)
    caution: Bilingual
    method: list[Bilingual] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique(self) -> ThemeVocabulary:
        ids = [t.id for t in self.themes]
        if len(ids) != len(set(ids)):
            raise ValueError("mã nhóm trùng / duplicate theme ids")
        if OTHER in ids:
            raise ValueError(f"'{OTHER}' là nhóm Khác, không khai báo / '{OTHER}' is reserved")
        if len(self.fields) != len(set(self.fields)):
            raise ValueError("mục trùng / duplicate fields")
        return self


def _semantic(vocab: ThemeVocabulary, q: Questionnaire) -> list[tuple[Loc, str]]:
    known = q.fields()
    problems: list[tuple[Loc, str]] = []
    for i, name in enumerate(vocab.fields):
        f = known.get(name)
        if f is None or f.type != "text":
            problems.append(
                (("fields", i), f"cần một mục kiểu text / needs a text field: '{name}'")
            )
    for ti, theme in enumerate(vocab.themes):
        for ki, keyword in enumerate(theme.keywords):
            loc: Loc = ("themes", ti, "keywords", ki)
            parts = keyword.split(" + ")
            if not all(word_tokens(part) for part in parts):
                problems.append((loc, "từ khóa rỗng / empty keyword"))
            ignored = sorted({w for p in parts for w in p.split() if fold(w) in FILLER})
            if ignored:
                problems.append(
                    (loc, f"từ bị bỏ qua khi so sánh / words ignored when comparing: {ignored}")
                )
    return problems


def parse_themes(text: str, shown: str = f"kit/rules/{THEMES_FILE}") -> ThemeVocabulary:
    """A theme vocabulary from YAML text; every problem is reported at its ``file:line``."""
    q = load_questionnaire()
    return parse_data(text, ThemeVocabulary, shown, lambda v: _semantic(v, q))


@cache
def load_themes() -> ThemeVocabulary:
    """The shipped theme vocabulary, validated (cached)."""
    return parse_themes(read_rules_file(THEMES_FILE))


def word_tokens(text: str, words: dict[str, list[str]] | None = None) -> list[str]:
    """The folded words of ``text`` as ``words_key`` gives them (one word at a time, so that
    ``words`` can cache each word's tokens: folded, abbreviation expanded, filler dropped)."""
    out: list[str] = []
    for word in _WORD.findall(unicodedata.normalize("NFC", text)):
        tokens = words.get(word) if words is not None else None
        if tokens is None:
            tokens = words_key(word).split()
            if words is not None:
                words[word] = tokens
        out += tokens
    return out
