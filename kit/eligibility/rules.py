"""Rule sets as data (``kit/rules/<id>.yaml``), validated by a strict schema.

A rule set names the facts it reads, the document types and impact scopes it knows, the law in
force period by period (whether a document type required a policy proposal, the minimum full-text
posting period), its exclusions and criteria, how the criteria combine, its outcomes with their
explanation templates, and the next steps for an in-scope draft. Entries marked ``unsure`` are
shown as "cần kiểm tra", never asserted.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from importlib import resources
from itertools import pairwise
from typing import Annotated, Literal, TypeAlias

from pydantic import Field, ValidationError, model_validator

from kit.content.cases import DEFAULT_RULE_SET
from kit.core import yamlfile as _yaml
from kit.core.errors import ContentError, UsageError
from kit.core.schema import Strict, located_problems

Level = Literal["central", "provincial", "commune"]
Status = Literal["sure", "unsure"]
Text = Annotated[str, Field(min_length=1)]


class Fact(Strict):
    id: str
    kind: Literal["document_type", "date", "yes_no", "choice"]
    question: Text
    question_en: Text
    help: Text
    help_en: Text
    optional: bool = False
    values: list[str] = Field(default_factory=list)


class Scope(Strict):
    id: str
    label: Text
    label_en: Text
    synonyms: list[str] = Field(default_factory=list)


class DocumentType(Strict):
    id: str
    level: Level
    label: Text
    label_en: Text
    synonyms: list[str] = Field(default_factory=list)


class TableEntry(Strict):
    value: Literal["yes", "no", "depends"]
    source: Text
    status: Status = "sure"
    note: str = ""


class Posting(Strict):
    days: int = Field(ge=1, le=365)
    source: Text
    status: Status = "sure"
    note: str = ""


class LawPeriod(Strict):
    id: str
    title: Text
    title_en: Text
    legal_basis: Text
    effective_from: date
    effective_to: date | None = None
    note: str = ""
    policy_proposal: dict[str, TableEntry]
    posting: dict[Level, Posting]

    def covers(self, day: date) -> bool:
        return self.effective_from <= day and (
            self.effective_to is None or day <= self.effective_to
        )


class Exclusion(Strict):
    id: str
    fact: str
    when: bool
    criterion: str
    text: Text
    text_en: Text
    source: Text


class IsTrue(Strict):
    kind: Literal["is_true"]
    default_from: Literal["policy_proposal_table"] | None = None


class OneOfByLevel(Strict):
    kind: Literal["one_of_by_level"]
    values: dict[Level, list[str]]


class Criterion(Strict):
    id: str
    title: Text
    title_en: Text
    fact: str
    test: Annotated[IsTrue | OneOfByLevel, Field(discriminator="kind")]
    help: Text
    help_en: Text
    source: Text


class All(Strict):
    all: list[Combine]


class Any_(Strict):
    any: list[Combine]


class Not(Strict):
    not_: Combine = Field(alias="not")


Combine: TypeAlias = str | All | Any_ | Not


class Outcome(Strict):
    label: Text
    label_en: Text
    template: Text
    template_en: Text


class NextSteps(Strict):
    content: list[Text]
    content_source: Text
    channels: dict[Level, list[Text]]
    channels_source: Text
    feedback: Text
    feedback_source: Text


class RuleSet(Strict):
    schema_version: Literal[1]
    id: str
    title: Text
    title_en: Text
    legal_basis: list[Text]
    sources: list[Text]
    effective_from: date
    effective_to: date | None = None
    facts: list[Fact]
    scopes: list[Scope]
    document_types: list[DocumentType]
    law_periods: list[LawPeriod]
    exclusions: list[Exclusion]
    criteria: list[Criterion]
    combine: Combine
    outcomes: dict[Literal["in_scope", "out_of_scope", "insufficient"], Outcome]
    next_steps: NextSteps

    @model_validator(mode="after")
    def _consistent(self) -> RuleSet:
        facts = {f.id for f in self.facts}
        criteria = {c.id for c in self.criteria}
        types = {d.id for d in self.document_types}
        scopes = {s.id for s in self.scopes}
        problems = [
            f"criterion {c.id} reads unknown fact {c.fact}"
            for c in self.criteria
            if c.fact not in facts
        ]
        problems += [
            f"exclusion {e.id} reads unknown fact {e.fact}"
            for e in self.exclusions
            if e.fact not in facts
        ]
        problems += [
            f"exclusion {e.id} names unknown criterion {e.criterion}"
            for e in self.exclusions
            if e.criterion not in criteria
        ]
        problems += [
            f"combine names unknown criterion {n}"
            for n in _names(self.combine)
            if n not in criteria
        ]
        for period in self.law_periods:
            missing = types - set(period.policy_proposal)
            extra = set(period.policy_proposal) - types
            problems += [f"{period.id}: no policy_proposal entry for {t}" for t in sorted(missing)]
            problems += [f"{period.id}: unknown document type {t}" for t in sorted(extra)]
        for c in self.criteria:
            if isinstance(c.test, OneOfByLevel):
                problems += [
                    f"criterion {c.id}: unknown scope {v}"
                    for vals in c.test.values.values()
                    for v in vals
                    if v not in scopes
                ]
        ordered = sorted(self.law_periods, key=lambda p: p.effective_from)
        for before, after in pairwise(ordered):
            if before.effective_to is None or before.effective_to >= after.effective_from:
                problems.append(f"law periods {before.id} and {after.id} overlap")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    # ------------------------------------------------------------------ lookups

    def fact(self, fact_id: str) -> Fact:
        return next(f for f in self.facts if f.id == fact_id)

    def document_type(self, type_id: str) -> DocumentType | None:
        return next((d for d in self.document_types if d.id == type_id), None)

    def scope(self, scope_id: str) -> Scope | None:
        return next((s for s in self.scopes if s.id == scope_id), None)

    def period_on(self, day: date) -> LawPeriod | None:
        return next((p for p in self.law_periods if p.covers(day)), None)


def _names(node: Combine) -> list[str]:
    match node:
        case str():
            return [node]
        case All():
            return [n for child in node.all for n in _names(child)]
        case Any_():
            return [n for child in node.any for n in _names(child)]
        case Not():
            return _names(node.not_)
    return []


All.model_rebuild()
Any_.model_rebuild()
Not.model_rebuild()
RuleSet.model_rebuild()


def available() -> list[str]:
    """Ids of the eligibility rule sets shipped with the kit: the YAML files of ``kit/rules``
    with top-level ``criteria`` (the folder also holds the calendar, the glossary, the
    self-assessment questionnaire and rubric, the report vocabulary and the survey)."""
    folder = resources.files("kit").joinpath("rules")
    return sorted(
        p.name.removesuffix(".yaml")
        for p in folder.iterdir()
        if p.name.endswith(".yaml") and "\ncriteria:" in "\n" + p.read_text("utf-8")
    )


@cache
def load_rule_set(rule_set_id: str = DEFAULT_RULE_SET) -> RuleSet:
    """A shipped rule set, validated (cached: rule data does not change while the kit runs)."""
    if rule_set_id not in available():
        raise UsageError(
            f"Không có bộ quy tắc '{rule_set_id}'. Có: {', '.join(available())}.",
            f"No rule set '{rule_set_id}'. Available: {', '.join(available())}.",
        )
    path = resources.files("kit").joinpath("rules", f"{rule_set_id}.yaml")
    located = _yaml.load(path.read_text("utf-8"))
    try:
        return RuleSet.model_validate(located.data)
    except ValidationError as exc:
        shown = f"kit/rules/{rule_set_id}.yaml"
        raise ContentError(located_problems(shown, exc, located)) from exc
