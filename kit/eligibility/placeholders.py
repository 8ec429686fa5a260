"""Blanks left to fill, as data (``kit/rules/placeholders.yaml``): the placeholder grammar the plan
checker reads ("[Tên tỉnh]", "[năm]", "…", "xxx", "___", "<tên>", "(ghi tên)"), the blanks a
finished plan keeps until it is signed (the number before "/KH-…"), and the markers of the example
row of the eligibility sheet template ("VÍ DỤ … xóa dòng này").

It sits here, below the plans, because both the plan checker and the eligibility sheet reader use
it. ``find(text)`` gives each placeholder of a text once (overlapping matches merged), in order.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources

from pydantic import Field, ValidationError, field_validator, model_validator

from kit.core import yamlfile as _yaml
from kit.core.errors import ContentError
from kit.core.schema import Strict, located_problems
from kit.core.text import bare_key, is_blank

DATA_FILE = "placeholders.yaml"


class Pattern(Strict):
    id: str
    title: str
    title_en: str
    regex: str
    examples: list[str] = Field(min_length=1)

    @field_validator("regex")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            re.compile(value, re.IGNORECASE)
        except re.error as exc:
            raise ValueError(f"biểu thức không hợp lệ / invalid regular expression: {exc}") from exc
        return value

    @model_validator(mode="after")
    def _examples_match(self) -> Pattern:
        compiled = re.compile(self.regex, re.IGNORECASE)
        missed = [e for e in self.examples if not compiled.search(unicodedata.normalize("NFC", e))]
        if missed:
            raise ValueError(f"ví dụ không khớp / examples not matched: {missed}")
        return self


class ExampleRow(Strict):
    ids: list[str] = Field(min_length=1)
    markers: list[str] = Field(min_length=1)


class Grammar(Strict):
    schema_version: int = 1
    patterns: list[Pattern] = Field(min_length=1)
    signing_blanks: dict[str, str] = Field(default_factory=dict)
    example_row: ExampleRow


@dataclass(frozen=True)
class Found:
    """One placeholder: its text as written and the pattern that found it."""

    text: str
    pattern: str
    start: int


@cache
def grammar() -> Grammar:
    """The data file, validated (cached)."""
    text = resources.files("kit").joinpath("rules", DATA_FILE).read_text("utf-8")
    located = _yaml.load(text)
    try:
        return Grammar.model_validate(located.data)
    except ValidationError as exc:
        raise ContentError(located_problems(f"kit/rules/{DATA_FILE}", exc, located)) from exc


@cache
def _compiled() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((p.id, re.compile(p.regex, re.IGNORECASE)) for p in grammar().patterns)


@cache
def _signing_blank(field: str) -> re.Pattern[str] | None:
    regex = grammar().signing_blanks.get(field)
    return re.compile(regex) if regex else None


def find(text: str, field: str = "") -> list[Found]:
    """Every placeholder in ``text``, once each, in order. ``field`` names the plan field the text
    comes from: a blank the data keeps for signing (the number before "/KH-UBND") is not one."""
    text = unicodedata.normalize("NFC", text or "")
    offset = 0
    blank = _signing_blank(field) if field else None
    if blank is not None:
        kept = blank.match(text)
        if kept:
            offset = kept.end()
    spans: list[tuple[int, int, str]] = []
    for pattern_id, regex in _compiled():
        for match in regex.finditer(text, offset):
            if match.end() > match.start():
                spans.append((match.start(), match.end(), pattern_id))
    spans.sort()
    merged: list[tuple[int, int, str]] = []
    for start, end, pattern_id in spans:
        if merged and start < merged[-1][1]:
            first, last, kept_id = merged[-1]
            merged[-1] = (first, max(last, end), kept_id)
        else:
            merged.append((start, end, pattern_id))
    return [Found(text[s:e].strip(), p, s) for s, e, p in merged]


def is_example_row(values: Mapping[str, object], id_header: str) -> bool:
    """Is this sheet row the template's example ("VÍ DỤ" in ``Mã``, or a cell saying to delete
    the row), however it is written (case, diacritics, tone placement)?"""
    ident = values.get(id_header)
    if not is_blank(ident) and bare_key(str(ident)).strip(" .:-—–()") in _example_ids():
        return True
    markers = _example_markers()
    return any(
        isinstance(v, str) and any(m in bare_key(v) for m in markers) for v in values.values()
    )


@cache
def _example_ids() -> frozenset[str]:
    return frozenset(bare_key(i) for i in grammar().example_row.ids)


@cache
def _example_markers() -> tuple[str, ...]:
    return tuple(bare_key(m) for m in grammar().example_row.markers)
