"""Training cases for the eligibility simulator (``exercises/eligibility/cases.yaml``).

Each case describes a draft policy, gives the facts a trainee should read from it, and the
expected result of each criterion and the outcome. The same cases are training material (Train
mode) and table-driven tests of the engine. This module is only their schema: the catalogue
loads them, and ``kit check`` (:mod:`kit.eligibility.case_check`) reports a case whose
expectation the rule set contradicts.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import Field

from kit.content.schemas import Id, StrictStripped, Text, Versioned

Result = Literal["pass", "fail", "unknown"]
#: the rule set a case bank is decided by when it names none
DEFAULT_RULE_SET = "de-an-407"
POINTS = 2  # full marks for a case; right outcome with partly right criteria earns half


class CaseFacts(StrictStripped):
    policy_proposal_required: bool | None
    state_secret: bool | None
    direct_rights_obligations: bool | None
    difficult_or_contested: bool | None
    impact_scope: Literal["ca_nuoc", "toan_tinh", "mot_phan_tinh", "cap_xa"] | None


class Expected(StrictStripped):
    a: Result
    b: Result
    c: Result
    d: Result
    outcome: Literal["in_scope", "out_of_scope", "insufficient"]


class Case(StrictStripped):
    id: Id
    title: Text
    title_en: Text
    level: Literal["central", "provincial", "commune"]
    domain: Literal[
        "agriculture",
        "business",
        "culture",
        "education",
        "environment",
        "fees",
        "health",
        "internal",
        "land",
        "security",
        "social",
        "transport",
    ]
    document_type: Id
    drafting_body: Text
    consultation_date: date
    submission_date: date | None = None
    description: Text
    facts: CaseFacts
    expected: Expected
    explanation: Text
    tags: list[str] = Field(default_factory=list)

    def engine_facts(self) -> dict[str, Any]:
        return {
            "document_type": self.document_type,
            "consultation_date": self.consultation_date,
            **self.facts.model_dump(),
        }

    def answer(self) -> str:
        """The expected decision in the ``scenario`` answer form: in, unknown, out:<letters>."""
        if self.expected.outcome == "in_scope":
            return "in"
        if self.expected.outcome == "insufficient":
            return "unknown"
        failing = "".join(c for c in "abcd" if getattr(self.expected, c) == "fail")
        return f"out:{failing}"


class CaseBank(Versioned):
    """The file; its cases are validated one by one (see ``kit.content.catalogue``)."""

    rule_set: str = DEFAULT_RULE_SET
    #: the lesson that case training counts towards
    lesson: Id
    cases: list[dict[str, Any]] = Field(min_length=1)
