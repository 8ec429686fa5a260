"""The self-assessment questionnaire as data (``kit/rules/tu-danh-gia-questionnaire.yaml``): its
schema and its loader.

The questionnaire follows the one-year review report of Ủy ban nhân dân xã Quảng Thái (2023: a.
directive documents; b. activities; c. press coordination and feedback; d. staff; đ. funding;
1.2 difficulties; 2. recommendations) and the task groups of the Lạng Sơn provincial plan of
April 2022 (section III). Each field has a
stable snake_case ASCII id (an XLSX column key and a JSON key), a type, Vietnamese and English
label, question and help, and may be required. ``rules`` are the cross-field checks; those that
depend on other answers are written in the condition language of
:mod:`kit.assessment.questionnaire.conditions`.
"""

from __future__ import annotations

import string
from functools import cache, cached_property
from typing import Annotated, Literal, TypeAlias

from pydantic import Field, model_validator

from kit.assessment.questionnaire.conditions import Condition, Known, condition_problems
from kit.assessment.questionnaire.datafile import Loc, parse_data, read_rules_file
from kit.core.schema import Strict

QUESTIONNAIRE_FILE = "tu-danh-gia-questionnaire.yaml"
FieldType = Literal[
    "text",
    "count",
    "amount",
    "percent",
    "date",
    "document_number",
    "yes_no",
    "choice",
    "multi_choice",
]
Status = Literal["sure", "unsure"]
Text = Annotated[str, Field(min_length=1)]
Id = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=60)]


# ---------------------------------------------------------------------------------- the fields


class Choice(Strict):
    id: Id
    label: Text
    label_en: Text


class QuestionField(Strict):
    """One question: its id is the XLSX column key and the JSON key, and never changes."""

    id: Id
    type: FieldType
    label: Text
    label_en: Text
    question: Text
    question_en: Text
    help: Text
    help_en: Text
    required: bool = False
    unit: str = ""
    unit_en: str = ""
    choices: list[Choice] = Field(default_factory=list)
    max_length: int = Field(default=2000, ge=1, le=20000)
    max: float | None = Field(default=None, gt=0)
    status: Status = "sure"
    note: str = ""

    @model_validator(mode="after")
    def _fits_type(self) -> QuestionField:
        has_choices = self.type in ("choice", "multi_choice")
        if has_choices and len(self.choices) < 2:
            raise ValueError("mục lựa chọn cần ít nhất 2 lựa chọn / a choice needs 2+ choices")
        if not has_choices and self.choices:
            raise ValueError(f"mục kiểu {self.type} không có lựa chọn / {self.type} has no choices")
        ids = [c.id for c in self.choices]
        if len(ids) != len(set(ids)):
            raise ValueError("mã lựa chọn trùng nhau / duplicate choice ids")
        if (self.unit or self.unit_en) and self.type not in ("count", "amount"):
            raise ValueError("chỉ mục count, amount có đơn vị / only count and amount have a unit")
        if self.type in ("count", "amount") and not (self.unit and self.unit_en):
            raise ValueError("mục count, amount cần unit và unit_en / needs unit and unit_en")
        return self

    @cached_property
    def choice_ids(self) -> frozenset[str]:
        return frozenset(c.id for c in self.choices)

    def text(self, attr: str, lang: str = "vi") -> str:
        """``label``/``question``/``help``/``unit`` in ``lang``."""
        return str(getattr(self, f"{attr}_en" if lang == "en" else attr))


class Section(Strict):
    id: Id
    heading: str
    title: Text
    title_en: Text
    source: Text
    fields: list[QuestionField] = Field(min_length=1)


class _Rule(Strict):
    id: Id
    message: Text
    message_en: Text


class AtMost(_Rule):
    """``field`` ≤ ``other`` (numbers); checked when both are answered."""

    kind: Literal["at_most"]
    field: str
    other: str


class NotBefore(_Rule):
    """``field`` (a date) is not before ``other``; the problem is shown on ``report_on``."""

    kind: Literal["not_before"]
    field: str
    other: str
    report_on: str | None = None


class InPeriod(_Rule):
    """Each date in ``fields`` lies between ``period_start`` and ``period_end``."""

    kind: Literal["in_period"]
    fields: list[str] = Field(min_length=1)


class RequiredIf(_Rule):
    """``field`` must be answered when ``when`` holds (checked on a complete questionnaire)."""

    kind: Literal["required_if"]
    field: str
    when: Condition


class Never(_Rule):
    """``when`` must not hold (the answers contradict each other); shown on ``field``."""

    kind: Literal["never"]
    field: str
    when: Condition


Rule: TypeAlias = Annotated[
    AtMost | NotBefore | InPeriod | RequiredIf | Never, Field(discriminator="kind")
]


class Bilingual(Strict):
    vi: Text
    en: Text

    def unknown_fields(self, allowed: set[str]) -> set[str]:
        """``{names}`` used in either template that are not in ``allowed``."""
        return unknown_placeholders(self.vi, allowed) | unknown_placeholders(self.en, allowed)


def unknown_placeholders(template: str, allowed: set[str]) -> set[str]:
    """The ``{names}`` a template uses that its caller will not fill in."""
    try:
        used = {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}
    except ValueError:
        return {"{"}
    return used - allowed


MESSAGE_FIELDS = {"label", "label_en", "value", "max", "min", "allowed", "allowed_en", "id"}
MESSAGE_FIELDS |= {"place", "other_place"}
RULE_FIELDS = {"label", "label_en", "other", "other_en", "value", "other_value", "start", "end"}


class Messages(Strict):
    """Templates for problems with one answer: ``{label}``, ``{label_en}``, ``{value}``, …"""

    unknown_field: Bilingual
    wrong_place: Bilingual
    required: Bilingual
    not_text: Bilingual
    too_long: Bilingual
    not_count: Bilingual
    not_number: Bilingual
    negative: Bilingual
    too_large: Bilingual
    percent_range: Bilingual
    not_date: Bilingual
    date_range: Bilingual
    not_yes_no: Bilingual
    not_choice: Bilingual
    not_document_number: Bilingual
    unnumbered_document: Bilingual


class Questionnaire(Strict):
    schema_version: Literal[1]
    id: Text
    title: Text
    title_en: Text
    sources: list[Text]
    sections: list[Section] = Field(min_length=1)
    rules: list[Rule] = Field(default_factory=list)
    messages: Messages

    @cached_property
    def by_id(self) -> dict[str, QuestionField]:
        return {f.id: f for s in self.sections for f in s.fields}

    def fields(self) -> dict[str, QuestionField]:
        """Every field by id, in questionnaire order."""
        return self.by_id

    def field(self, field_id: str) -> QuestionField:
        return self.by_id[field_id]

    def section_of(self, field_id: str) -> Section:
        return next(s for s in self.sections if any(f.id == field_id for f in s.fields))

    def known(self) -> dict[str, tuple[str, frozenset[str]]]:
        """What conditions may name: every field with its type and choice ids."""
        return {f.id: (f.type, f.choice_ids) for f in self.fields().values()}


# ---------------------------------------------------------------------------------- loading


def _semantic(q: Questionnaire) -> list[tuple[Loc, str]]:
    problems: list[tuple[Loc, str]] = []
    seen: dict[str, Loc] = {}
    for si, section in enumerate(q.sections):
        for fi, f in enumerate(section.fields):
            loc: Loc = ("sections", si, "fields", fi, "id")
            if f.id in seen:
                problems.append((loc, f"mã mục trùng / duplicate field id '{f.id}'"))
            seen[f.id] = loc
    section_ids = [s.id for s in q.sections]
    if "unit" not in section_ids:
        problems.append((("sections",), "thiếu phần 'unit' / the 'unit' section is missing"))
    for need in ("period_start", "period_end"):
        if need not in seen:
            problems.append((("sections",), f"thiếu mục / missing field '{need}'"))
    for name in type(q.messages).model_fields:
        bad = getattr(q.messages, name).unknown_fields(MESSAGE_FIELDS)
        if bad:
            problems.append((("messages", name), f"chỗ trống lạ / unknown placeholders {bad}"))
    known = q.known()
    rule_ids: set[str] = set()
    for ri, rule in enumerate(q.rules):
        loc = ("rules", ri)
        bad = unknown_placeholders(rule.message, RULE_FIELDS)
        bad |= unknown_placeholders(rule.message_en, RULE_FIELDS)
        if bad:
            problems.append(((*loc, "message"), f"chỗ trống lạ / unknown placeholders {bad}"))
        if rule.id in rule_ids:
            problems.append(((*loc, "id"), f"mã quy tắc trùng / duplicate rule id '{rule.id}'"))
        rule_ids.add(rule.id)
        problems += _rule_problems(rule, loc, known)
    return problems


def _rule_problems(rule: Rule, loc: Loc, known: Known) -> list[tuple[Loc, str]]:
    wanted: dict[str, set[str]] = {}
    match rule:
        case AtMost():
            answered = {"count", "amount", "percent"}
            wanted = {"field": answered, "other": answered}
        case NotBefore():
            wanted = {"field": {"date"}, "other": {"date"}}
            if rule.report_on is not None:
                wanted["report_on"] = set(known)  # any known field
        case RequiredIf() | Never():
            wanted = {"field": set()}
    problems: list[tuple[Loc, str]] = []
    for attr, types in wanted.items():
        name = getattr(rule, attr)
        spec = known.get(name)
        if spec is None:
            problems.append(((*loc, attr), f"mục không có / unknown field id '{name}'"))
        elif types and attr != "report_on" and spec[0] not in types:
            problems.append(((*loc, attr), f"{name}: cần kiểu / needs type {sorted(types)}"))
    if isinstance(rule, InPeriod):
        for i, name in enumerate(rule.fields):
            spec = known.get(name)
            if spec is None or spec[0] != "date":
                problems.append(((*loc, "fields", i), f"cần một mục ngày / needs a date: '{name}'"))
    if isinstance(rule, RequiredIf | Never):
        problems += condition_problems(rule.when, (*loc, "when"), known)
    return problems


def parse_questionnaire(text: str, shown: str = f"kit/rules/{QUESTIONNAIRE_FILE}") -> Questionnaire:
    """A questionnaire from YAML text (tests feed broken variants through this)."""
    return parse_data(text, Questionnaire, shown, _semantic)


@cache
def load_questionnaire() -> Questionnaire:
    """The shipped questionnaire, validated (cached: data does not change while the kit runs)."""
    return parse_questionnaire(read_rules_file(QUESTIONNAIRE_FILE))


def field_ids(questionnaire: Questionnaire | None = None) -> list[str]:
    """Every field id in questionnaire order (the XLSX columns and JSON keys)."""
    return list((questionnaire or load_questionnaire()).fields())
