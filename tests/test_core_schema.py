"""Do the kit's schemas share one strict base, and does every reader locate a schema's refusal
the same way (``where: what``, the whole file named as such)?"""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from kit.assessment.questionnaire.rubric import Rubric
from kit.assessment.rollup.vocabulary import ThemeVocabulary
from kit.calendar.deadlines import CalendarData
from kit.content.lessons import validation_problems
from kit.content.schemas import ExerciseBank, Option, StrictStripped
from kit.core import yamlfile
from kit.core.errors import InputError
from kit.core.schema import WHOLE, Strict, field_errors, located_problems
from kit.eligibility.rules import RuleSet
from kit.plans.editor import _field_message
from kit.plans.files import parse_plan
from kit.plans.model import Plan
from kit.workshops.sessions import WorkshopSpec, _spec_error
from kit.workshops.survey import Survey


class Point(Strict):
    x: int
    y: int = 0


def test_a_strict_schema_refuses_unknown_keys_and_cannot_be_changed() -> None:
    with pytest.raises(ValidationError):
        Point.model_validate({"x": 1, "z": 2})
    point = Point(x=1)
    with pytest.raises(ValidationError):
        point.x = 2  # type: ignore[misc]
    assert Point(x=" 3 ").x == 3


def test_content_schemas_are_strict_and_strip_the_spaces_authors_leave() -> None:
    assert issubclass(StrictStripped, Strict) and issubclass(Option, StrictStripped)
    option = Option.model_validate({"id": "a", "text": "  Có  ", "feedback": " Đúng. "})
    assert (option.text, option.feedback) == ("Có", "Đúng.")
    with pytest.raises(ValidationError):
        Option.model_validate({"id": "a", "text": "x", "feedback": "y", "extra": 1})


def test_the_rule_rubric_theme_calendar_and_survey_schemas_share_the_strict_base() -> None:
    for model in (RuleSet, Rubric, ThemeVocabulary, CalendarData, Survey):
        assert issubclass(model, Strict), model
        assert (model.model_config.get("extra"), model.model_config.get("frozen")) == (
            "forbid",
            True,
        )


def test_a_refusal_is_located_by_its_path_with_the_separator_the_reader_uses() -> None:
    with pytest.raises(ValidationError) as exc:
        Point.model_validate({"x": "a", "z": 1})
    errors = field_errors(exc.value, prefix=("points", 2))
    assert [e.where() for e in errors] == ["points.2.x", "points.2.z"]
    assert [e.where("/") for e in errors] == ["points/2/x", "points/2/z"]
    with pytest.raises(ValidationError) as whole:
        Point.model_validate([1, 2])
    (only,) = field_errors(whole.value)
    assert only.where() == only.where("/") == WHOLE == "(tệp / file)"
    assert only.line().startswith("(tệp / file): ")


def test_located_problems_name_the_line_of_the_value() -> None:
    located = yamlfile.load("x: 1\ny: nope\n")
    with pytest.raises(ValidationError) as exc:
        Point.model_validate(located.data)
    (problem,) = located_problems("p.yaml", exc.value, located)
    assert (problem.path, problem.line) == ("p.yaml", 2)
    assert problem.what.startswith("y: ")


def test_an_exercise_error_is_located_without_the_union_tag() -> None:
    text = (
        "schema_version: 1\nbank: ngan-hang\ntitle: T\ntitle_en: T\nitems:\n"
        "  - type: true_false\n    id: cau-mot\n"
    )
    located = yamlfile.load(text)
    with pytest.raises(ValidationError) as exc:
        ExerciseBank.model_validate(located.data)
    problems = validation_problems("b.yaml", located, exc.value)
    assert problems and all(p.path == "b.yaml" for p in problems)
    assert all(p.what.startswith("items.0.") for p in problems)
    assert not any("true_false" in p.what.split(":")[0] for p in problems)
    assert {p.line for p in problems} == {6}


def test_a_plan_file_lists_every_refusal_by_its_slash_path_and_names_the_whole_file() -> None:
    with pytest.raises(InputError) as exc:
        parse_plan(json.dumps({"sections": [{"id": "I", "kind": "poem", "title": "x"}]}), "k.json")
    assert exc.value.vi.startswith("k.json không đúng cấu trúc kế hoạch (xem: kit plan schema):\n")
    assert "\n  sections/0/kind: " in exc.value.vi and "\n  sections/0/kind: " in exc.value.en
    with pytest.raises(InputError) as whole:
        parse_plan("[]", "k.json")
    assert "\n  (tệp / file): " in whole.value.vi


def test_the_plan_editor_and_the_workshop_form_locate_a_refusal_by_its_slash_path() -> None:
    with pytest.raises(ValidationError) as exc:
        Plan.model_validate({"sections": [{"id": "I", "kind": "poem", "title": "x"}]})
    vi, en = _field_message(exc.value)
    assert vi.startswith("Giá trị không hợp lệ ở sections/0/kind: ") and vi.endswith(".")
    assert en.startswith("Invalid value at sections/0/kind: ")
    with pytest.raises(ValidationError) as spec:
        WorkshopSpec.model_validate({"title": "Lớp", "day": "2025-01-02", "track": "C"})
    error = _spec_error(spec.value)
    assert error.vi.startswith("Thông tin lớp chưa hợp lệ: track: ")
    assert error.en.startswith("The workshop is not valid: track: ")
