"""``kit check``: the content and the rule data, each checked by the code that uses it.

``content_problems`` gives the catalogue's own problems (lessons, exercise banks, case files)
and the eligibility cases the rule engine contradicts. ``check_rule_data`` loads every file in
``kit/rules``: a typo in the questionnaire, the rubric, the report vocabulary, the survey, the
calendar, the glossary or an eligibility rule set is reported here, before a unit or a trainer
meets it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from importlib import resources

from pydantic import ValidationError

from kit.content.catalogue import Catalogue
from kit.core.errors import KitError, Problem


def content_problems(cat: Catalogue) -> list[Problem]:
    """Every problem of the content, in file and line order."""
    from kit.eligibility.case_check import case_problems

    return sorted([*cat.problems, *case_problems(cat)])


def _loaders() -> dict[str, Callable[[], object]]:
    from kit.assessment.analyzer.vocabulary import load_vocabulary
    from kit.assessment.questionnaire.rubric import load_rubric
    from kit.assessment.questionnaire.schema import load_questionnaire
    from kit.assessment.rollup.themes import load_themes
    from kit.calendar.deadlines import calendar_data
    from kit.calendar.workdays import checked_holiday_data
    from kit.eligibility import rules
    from kit.eligibility.placeholders import grammar
    from kit.grading.rubric import glossary
    from kit.grading.writing.phrases import writing_phrases
    from kit.units.reporting import reporting_rule
    from kit.workshops.survey import load_survey

    found: dict[str, Callable[[], object]] = {
        "calendar.yaml": calendar_data,
        "glossary.yaml": glossary,
        "holidays.yaml": checked_holiday_data,
        "placeholders.yaml": grammar,
        "reaction-survey.yaml": load_survey,
        "reporting.yaml": reporting_rule,
        "report-sections.yaml": load_vocabulary,
        "rollup-themes.yaml": load_themes,
        "tu-danh-gia-questionnaire.yaml": load_questionnaire,
        "tu-danh-gia-rubric.yaml": load_rubric,
        "writing-phrases.yaml": writing_phrases,
    }
    for rule_set in rules.available():
        found[f"{rule_set}.yaml"] = partial(rules.load_rule_set, rule_set)
    return found


def _uncached(load: Callable[[], object]) -> Callable[[], object]:
    return getattr(load, "__wrapped__", load)


def check_rule_data() -> tuple[int, list[str]]:
    """(files checked, problems as ``kit/rules/NAME: what``)."""
    loaders = _loaders()
    names = sorted(
        p.name
        for p in resources.files("kit").joinpath("rules").iterdir()
        if p.name.endswith(".yaml")
    )
    problems: list[str] = []
    for name in names:
        load = loaders.get(name)
        if load is None:
            problems.append(
                f"kit/rules/{name}: không phần nào của kit đọc tệp này"
                " / no part of the kit reads it"
            )
            continue
        try:
            _uncached(load)()
        except (KitError, ValidationError, ValueError, KeyError, TypeError) as exc:
            problems.append(f"kit/rules/{name}: {exc}")
    return len(names), problems
