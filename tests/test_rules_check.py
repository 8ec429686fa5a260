"""``kit check`` loads every rule-data file with the code that reads it."""

from __future__ import annotations

import pytest
from pydantic import BaseModel

from kit import checks as rules_check


def test_every_shipped_rule_file_loads_without_problems() -> None:
    files, problems = rules_check.check_rule_data()
    assert problems == []
    assert (
        files >= 7
    )  # eligibility rules, calendar, glossary, survey, questionnaire, rubric, report words


def test_a_rule_file_that_fails_validation_is_named_with_the_reason(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Rubric(BaseModel):
        dimensions: list[str]

    real = rules_check._loaders()

    def broken() -> object:
        return Rubric.model_validate({"dimensions": "not a list"})

    monkeypatch.setattr(
        rules_check, "_loaders", lambda: {**real, "tu-danh-gia-rubric.yaml": broken}
    )
    _, problems = rules_check.check_rule_data()
    assert len(problems) == 1
    assert problems[0].startswith("kit/rules/tu-danh-gia-rubric.yaml: ")
    assert "dimensions" in problems[0]


def test_a_rule_file_no_part_of_the_kit_reads_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    real = rules_check._loaders()
    real.pop("glossary.yaml")
    monkeypatch.setattr(rules_check, "_loaders", lambda: real)
    _, problems = rules_check.check_rule_data()
    assert problems == [
        "kit/rules/glossary.yaml: không phần nào của kit đọc tệp này / no part of the kit reads it"
    ]
