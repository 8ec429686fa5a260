"""Is every bad answer caught at once, per field, in both languages, and is a draft savable?"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from kit.assessment.questionnaire.answers import InvalidAnswers, check_answers, valid_answers
from kit.assessment.questionnaire.consensus import Assessment, Override
from kit.assessment.questionnaire.saved import read_saved, to_saved
from kit.assessment.questionnaire.schema import load_questionnaire
from kit.assessment.questionnaire.values import is_document_number, normalise_document_number
from kit.core.errors import InputError

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "assessment"
PERIOD = {"period_start": "2024-01-01", "period_end": "2024-12-31"}


def saved_raw(name: str) -> dict[str, object]:
    return read_saved(json.loads((FIXTURES / f"{name}.json").read_text("utf-8"))).raw


@pytest.mark.parametrize(
    ("field", "value", "code", "shown"),
    [
        ("drafts_total", -1, "negative", "-1"),
        ("press_items", "mười", "not_count", "mười"),
        ("people_trained", 2.5, "not_count", "2.5"),
        ("staff_count", True, "not_count", "True"),
        ("funding_used_percent", 120, "percent_range", "120"),
        ("funding_used_percent", "-5%", "percent_range", "-5"),
        ("funding_amount", "nhiều", "not_number", "nhiều"),
        ("review_date", "31/02/2024", "not_date", "31/02/2024"),
        ("review_date", "2024-02-30", "not_date", "2024-02-30"),
        ("plan_date", "1899-01-01", "date_range", "1899"),
        ("plan_number", "KH-UBND", "not_document_number", "KH-UBND"),
        ("plan_number", "18 KH UBND", "not_document_number", "18 KH UBND"),
        ("report_number", "…/BC-UBND", "unnumbered_document", "…/BC-UBND"),
        ("plan_issued", "có lẽ", "not_yes_no", "có lẽ"),
        ("plan_issued", 2, "not_yes_no", "2"),
        ("unit_level", "huyen", "not_choice", "huyen"),
        ("channels", ["bao_chi", "tivi"], "not_choice", "tivi"),
        ("unit_name", 12, "not_text", "12"),
        ("difficulties", "x" * 4001, "too_long", "4000"),
        ("khong_co", 1, "unknown_field", "khong_co"),
    ],
)
def test_a_bad_answer_gets_a_clear_message_for_its_field_in_both_languages(
    field: str, value: object, code: str, shown: str
) -> None:
    checked = check_answers({field: value}, "draft")
    assert [(p.field, p.code) for p in checked.problems] == [(field, code)]
    problem = checked.problems[0]
    assert shown in problem.vi and shown in problem.en and problem.vi != problem.en
    assert field not in checked.answers


def test_all_problems_are_returned_at_once_keyed_by_field() -> None:
    checked = check_answers(
        {"drafts_total": -1, "review_date": "31/02/2024", "bogus": 1, "plan_issued": True},
        "draft",
    )
    assert set(checked.by_field()) == {"drafts_total", "review_date", "bogus"}
    assert checked.answers == {"plan_issued": True}
    assert set(checked.to_json()["drafts_total"][0]) == {"code", "vi", "en"}


@pytest.mark.parametrize(
    ("field", "value", "typed"),
    [
        ("funding_amount", "1.500.000", 1_500_000),
        ("funding_amount", "1,500,000", 1_500_000),
        ("funding_used_percent", "85,5%", 85.5),
        ("press_items", "12", 12),
        ("press_items", 12.0, 12),
        ("plan_date", "05/02/2024", date(2024, 2, 5)),
        ("plan_date", "2024-02-05", date(2024, 2, 5)),
        ("plan_issued", "Có", True),
        ("plan_issued", "không", False),
        ("unit_level", "Xã, phường, đặc khu", "xa_phuong_dac_khu"),
        ("channels", "Mạng xã hội; bao_chi; bao_chi", ["mang_xa_hoi", "bao_chi"]),
        ("plan_number", "Số: 15 / KH – UBND", "15/KH-UBND"),
        ("unit_name", "  Ủy ban nhân dân xã A  ", "Ủy ban nhân dân xã A"),
        ("causes", "", None),
    ],
)
def test_answers_are_read_as_people_write_them(field: str, value: object, typed: object) -> None:
    checked = check_answers({field: value}, "draft")
    assert checked.ok, checked.problems
    assert checked.answers.get(field) == typed


@pytest.mark.parametrize(
    "number",
    ["15/KH-UBND", "407/QĐ-TTg", "30/2020/NĐ-CP", "54/TP", "05/QCPH-STP-BTT", "80/2015/QH13"],
)
def test_vietnamese_document_symbols_are_recognised(number: str) -> None:
    assert is_document_number(normalise_document_number(number))


def test_a_draft_may_be_incomplete_but_a_complete_questionnaire_may_not() -> None:
    partial = {"unit_name": "UBND xã A", "plan_issued": True}
    assert check_answers(partial, "draft").ok
    assert check_answers(partial, "consistent").ok
    complete = check_answers(partial, "complete")
    required = {f.id for f in load_questionnaire().fields().values() if f.required}
    assert {p.field for p in complete.problems} == required - set(partial)
    assert all(p.code == "required" for p in complete.problems)


def test_a_field_with_a_wrong_value_is_not_also_reported_as_missing() -> None:
    checked = check_answers({"drafts_total": -3}, "complete")
    assert [p.code for p in checked.by_field()["drafts_total"]] == ["negative"]


@pytest.mark.parametrize(
    ("answers", "field", "rule"),
    [
        ({"drafts_in_scope": 3, "drafts_communicated": 4}, "drafts_communicated", "communicated"),
        ({"drafts_total": 2, "drafts_in_scope": 3}, "drafts_in_scope", "in_scope_within_total"),
        ({"staff_count": 2, "people_trained": 5}, "people_trained", "trained_within_staff"),
        ({"comments_received": 1, "comments_answered": 2}, "comments_answered", "answered"),
        ({"drafts_posted_full_text": 1, "drafts_posted_min_period": 2}, "drafts_posted_min", "min"),
        ({**PERIOD, "training_date": "2025-01-10"}, "training_date", "dates_in_period"),
        ({**PERIOD, "review_date": "2023-12-31"}, "review_date", "dates_in_period"),
        ({"period_start": "2024-12-31", "period_end": "2024-01-01"}, "period_end", "period_order"),
        ({**PERIOD, "plan_date": "2025-01-05"}, "plan_date", "plan_before_period_end"),
        ({"staff_trained": False, "people_trained": 2}, "people_trained", "trained_contra"),
        ({"funding_sources": ["chua_bo_tri", "du_toan_rieng"]}, "funding_sources", "no_funding"),
        ({"funding_sources": ["chua_bo_tri"], "funding_amount": 10}, "funding_amount", "no_fund"),
    ],
)
def test_cross_field_rules_catch_impossible_combinations(
    answers: dict[str, object], field: str, rule: str
) -> None:
    assert check_answers(answers, "draft").ok  # each value alone is fine
    checked = check_answers(answers, "consistent")
    assert len(checked.problems) == 1, checked.problems
    problem = checked.problems[0]
    assert problem.field.startswith(field) and problem.code.startswith(f"rule:{rule}")
    assert problem.vi and problem.en and problem.vi != problem.en


def test_a_date_inside_the_period_and_a_plan_before_it_are_fine() -> None:
    answers = {**PERIOD, "training_date": "31/12/2024", "plan_date": "28/12/2023"}
    assert check_answers(answers, "consistent").ok


def test_required_if_applies_only_to_a_complete_questionnaire() -> None:
    answers = {"plan_adjusted": True}
    assert check_answers(answers, "consistent").ok
    complete = check_answers(answers, "complete").by_field()
    assert complete["adjustments"][0].code == "rule:adjustments_described"


def test_valid_answers_raises_with_every_problem_and_stores_nothing() -> None:
    with pytest.raises(InvalidAnswers) as err:
        valid_answers({"drafts_total": -1, "bogus": 2}, "draft")
    assert {p.field for p in err.value.problems} == {"drafts_total", "bogus"}
    assert "drafts_total" in err.value.vi and "drafts_total" in err.value.en


@pytest.mark.parametrize("name", ["strong-unit", "weak-unit-no-evidence"])
def test_the_complete_fixtures_are_valid(name: str) -> None:
    checked = check_answers(saved_raw(name), "complete")
    assert checked.ok, checked.problems


def test_the_seed_000_fixture_is_consistent_but_incomplete() -> None:
    raw = saved_raw("seed-000-quang-thai")
    assert check_answers(raw, "consistent").ok
    missing = {p.field for p in check_answers(raw, "complete").problems}
    assert {"drafts_total", "drafts_in_scope", "drafts_communicated", "period_start"} <= missing


# ---------------------------------------------------------------------------------- saved file


def test_the_saved_file_round_trips() -> None:
    typed = check_answers(saved_raw("strong-unit"), "complete").answers
    assessments = (Assessment("Nguyễn Văn A", {"staff": Override(80, "Cần thêm văn bản.")}),)
    data = json.loads(json.dumps(to_saved(typed, assessments, notes="ghi chú")))
    assert data["format"] == "kit-assessment" and data["version"] == 1
    assert "unit_name" in data["unit"] and "unit_name" not in data["answers"]
    back = read_saved(data)
    assert check_answers(back.raw, "complete").answers == typed
    assert back.assessments == assessments and back.notes == "ghi chú" and not back.problems


def test_a_field_in_the_wrong_part_of_the_file_is_reported() -> None:
    data = {
        "format": "kit-assessment",
        "version": 1,
        "unit": {"plan_issued": True},
        "answers": {"unit_name": "UBND xã A"},
    }
    problems = read_saved(data).problems
    assert {(p.field, p.code) for p in problems} == {
        ("plan_issued", "wrong_place"),
        ("unit_name", "wrong_place"),
    }


@pytest.mark.parametrize(
    "data",
    [
        [],
        {"format": "other", "version": 1},
        {"format": "kit-assessment", "version": 2},
        {"format": "kit-assessment", "version": 1, "extra": {}},
        {"format": "kit-assessment", "version": 1, "answers": []},
    ],
)
def test_a_file_not_in_the_format_is_refused(data: object) -> None:
    with pytest.raises(InputError):
        read_saved(data, "x.json")


def test_an_override_without_a_reason_in_the_file_is_a_problem_not_a_crash() -> None:
    data = {
        "format": "kit-assessment",
        "version": 1,
        "assessments": [{"assessor": "A", "overrides": {"staff": {"score": 40, "reason": ""}}}],
    }
    saved = read_saved(data)
    assert [p.field for p in saved.problems] == ["assessments[0]"]
    assert "lý do" in saved.problems[0].vi and "reason" in saved.problems[0].en
