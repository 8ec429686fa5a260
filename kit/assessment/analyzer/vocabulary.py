"""The vocabulary of a review report (``kit/rules/report-sections.yaml``): the seven sections
expected, the phrases that name their headings and open their paragraphs, the words that mark the
title, closing, empty answers and generic phrasing, the matching limits, and the texts of the
flags. How the analyzer uses them is in :mod:`kit.assessment.analyzer.sections`.
"""

from __future__ import annotations

import string
from functools import cache
from importlib import resources
from typing import Annotated, Literal, get_args

from pydantic import Field, ValidationError, model_validator

from kit.assessment.analyzer.evidence import FigureWords
from kit.core import yamlfile as _yaml
from kit.core.errors import ContentError, Problem
from kit.core.schema import Strict, located_problems

SectionKey = Literal[
    "chi_dao", "hoat_dong", "phoi_hop_gop_y", "can_bo", "kinh_phi", "kho_khan", "kien_nghi"
]
Flag = Literal["missing", "empty", "no_references", "no_figures", "generic"]
SECTION_KEYS: tuple[str, ...] = get_args(SectionKey)
FLAGS: tuple[str, ...] = get_args(Flag)
VOCABULARY_FILE = "report-sections.yaml"
Text = Annotated[str, Field(min_length=1)]
Weight = Annotated[float, Field(gt=0)]


class Bilingual(Strict):
    vi: Text
    en: Text


class Expects(Strict):
    figures: int = Field(0, ge=0)
    references: int = Field(0, ge=0)


class SectionSpec(Strict):
    key: SectionKey
    title: Text
    title_en: Text
    weight: Weight
    evidence_weight: float = Field(0, ge=0)
    expects: Expects = Expects()
    check_generic: bool = False
    keeps_children: bool = False
    supported_by_opening: bool = False
    paragraph_priority: Weight = 1.0
    headings: dict[str, Weight]
    body_cues: list[Text] = Field(default_factory=list)
    paragraph_words: dict[str, Weight] = Field(default_factory=dict)
    suggestions: dict[Flag, Bilingual] = Field(default_factory=dict)


class FlagText(Strict):
    reason: Bilingual
    suggestion: Bilingual


class FigureLists(Strict):
    units: list[Text]
    not_units: list[Text]
    not_after: list[Text]
    allowed_after: list[Text]


class Matching(Strict):
    heading_threshold: Weight
    early_words: int = Field(ge=1)
    late_factor: float = Field(ge=0, le=1)
    loose_factor: float = Field(ge=0, le=1)
    cue_words: int = Field(ge=1)
    paragraph_threshold: Weight
    cue_weight: Weight
    numbered_max_words: int = Field(ge=1)
    short_max_words: int = Field(ge=1)
    emphasis_max_words: int = Field(ge=1)
    min_words: int = Field(ge=1)


class Scoring(Strict):
    generic_penalty: int = Field(ge=0, le=100)


class Vocabulary(Strict):
    schema_version: Literal[1]
    sections: list[SectionSpec]
    containers: dict[str, Weight]
    boundaries: dict[str, Weight]
    opening_cues: list[Text]
    scheme_documents: list[Text] = Field(default_factory=list)
    opening_ends: list[Text] = Field(default_factory=list)
    report_title: list[Text]
    unit_bodies: list[Text]
    unit_levels: list[Text]
    closing: list[Text]
    empty_answers: list[Text]
    empty_fillers: list[Text] = Field(default_factory=list)
    generic_phrases: list[Text]
    document_kinds: list[Text]
    figures: FigureLists
    matching: Matching
    scoring: Scoring
    flags: dict[Flag, FlagText]

    @model_validator(mode="after")
    def _complete(self) -> Vocabulary:
        keys = [s.key for s in self.sections]
        problems = [f"section {k} is missing" for k in SECTION_KEYS if k not in keys]
        problems += [f"section {k} is given twice" for k in set(keys) if keys.count(k) > 1]
        problems += [f"flags.{f} is missing" for f in FLAGS if f not in self.flags]
        templates = [t for f in self.flags.values() for t in (f.reason, f.suggestion)]
        templates += [t for s in self.sections for t in s.suggestions.values()]
        allowed = {"title", "title_en", "phrases"}
        for template in templates:
            for text in (template.vi, template.en):
                names = {n for _, n, _, _ in string.Formatter().parse(text) if n is not None}
                problems += [f"unknown placeholder {{{n}}} in: {text}" for n in names - allowed]
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def section(self, key: str) -> SectionSpec:
        return next(s for s in self.sections if s.key == key)

    def figure_words(self) -> FigureWords:
        f = self.figures
        return FigureWords(
            tuple(f.units),
            tuple(f.not_units),
            tuple(f.not_after),
            tuple(f.allowed_after),
            tuple(self.document_kinds),
        )


def parse_vocabulary(text: str, shown: str) -> Vocabulary:
    """Validate a vocabulary file's text; problems are reported as ``shown:line: what``."""
    try:
        located = _yaml.load(text)
    except _yaml.YamlSyntaxError as exc:
        raise ContentError([Problem(shown, exc.line, exc.what)]) from exc
    try:
        return Vocabulary.model_validate(located.data)
    except ValidationError as exc:
        raise ContentError(located_problems(shown, exc, located)) from exc


@cache
def load_vocabulary() -> Vocabulary:
    """The shipped vocabulary, validated (cached: it does not change while the kit runs)."""
    text = resources.files("kit").joinpath("rules", VOCABULARY_FILE).read_text("utf-8")
    return parse_vocabulary(text, f"kit/rules/{VOCABULARY_FILE}")
