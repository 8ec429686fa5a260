"""Does the eligibility engine decide as the rule data says, explain each step, never guess?"""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest

from kit import api
from kit.core.errors import ValueProblem
from kit.eligibility import rules as r
from kit.eligibility.engine import evaluate
from kit.eligibility.values import read_document_type, read_facts, read_scope

RULES = r.load_rule_set()
CASES = api.load_content().cases

IN_SCOPE = {
    "document_type": "nghi-quyet-hdnd-tinh",
    "consultation_date": date(2024, 5, 10),
    "policy_proposal_required": True,
    "state_secret": False,
    "direct_rights_obligations": True,
    "difficult_or_contested": True,
    "impact_scope": "toan_tinh",
}


@pytest.mark.parametrize("case_id", sorted(CASES))
def test_every_case_gets_its_expected_outcome_and_criterion_results(case_id: str) -> None:
    case = CASES[case_id]
    decision = evaluate(RULES, case.engine_facts())
    assert decision.outcome == case.expected.outcome
    assert dict(decision.results) == {c: getattr(case.expected, c) for c in "abcd"}


def test_the_case_bank_covers_levels_domains_outcomes_and_borderlines() -> None:
    cases = list(CASES.values())
    assert len(cases) >= 40
    assert {c.level for c in cases} == {"central", "provincial", "commune"}
    assert {c.expected.outcome for c in cases} == {"in_scope", "out_of_scope", "insufficient"}
    domains = {c.domain for c in cases}
    assert {"fees", "land", "transport", "education", "health", "environment"} <= domains
    assert {"business", "internal", "security"} <= domains
    tags = {t for c in cases for t in c.tags}
    assert {"partly-secret", "part-of-province", "technical-amendment"} <= tags


def test_a_full_in_scope_draft_gets_next_steps_with_the_posting_period() -> None:
    decision = evaluate(RULES, IN_SCOPE)
    assert decision.outcome == "in_scope" and decision.missing == ()
    assert any("ít nhất 30 ngày" in step for step in decision.next_steps)
    assert any("Nội dung cơ bản của chính sách" in step for step in decision.next_steps)
    assert decision.law_period == "luat-2015-sua-doi-2020"


def test_state_secret_is_excluded_first_and_fails_criterion_a() -> None:
    decision = evaluate(RULES, {**IN_SCOPE, "state_secret": True})
    assert decision.outcome == "out_of_scope" and decision.failed == ("a",)
    assert decision.trace[0].criterion == "bi-mat-nha-nuoc" and decision.trace[0].result == "fail"


def test_a_failed_criterion_decides_even_when_others_are_unknown() -> None:
    facts = {**IN_SCOPE, "difficult_or_contested": None, "impact_scope": "cap_xa"}
    decision = evaluate(RULES, facts)
    assert decision.outcome == "out_of_scope" and decision.failed == ("d",)
    assert decision.missing == ()


def test_missing_facts_are_listed_never_guessed() -> None:
    facts = {**IN_SCOPE, "policy_proposal_required": None, "direct_rights_obligations": None}
    decision = evaluate(RULES, facts)
    assert decision.outcome == "insufficient"
    # a provincial resolution under the 2015 law: "depends", so the user must answer
    assert set(decision.missing) == {"policy_proposal_required", "direct_rights_obligations"}
    assert "Chưa đủ thông tin" in decision.explanation


def test_the_law_in_force_on_the_consultation_date_decides_the_table() -> None:
    facts = {**IN_SCOPE, "policy_proposal_required": None}
    before = evaluate(RULES, {**facts, "consultation_date": date(2025, 3, 31)})
    after = evaluate(RULES, {**facts, "consultation_date": date(2025, 4, 1)})
    assert before.outcome == "insufficient" and "policy_proposal_required" in before.missing
    assert after.outcome == "out_of_scope" and after.law_period == "luat-64-2025"
    later = evaluate(RULES, {**facts, "consultation_date": date(2025, 7, 1)})
    assert later.law_period == "luat-64-2025-sua-doi-87-2025"


def test_without_a_date_the_law_is_unknown_so_the_table_decides_nothing() -> None:
    law = {
        **IN_SCOPE,
        "document_type": "luat",
        "consultation_date": None,
        "policy_proposal_required": None,
        "impact_scope": "ca_nuoc",
    }
    assert evaluate(RULES, law).outcome == "insufficient"  # every period says "yes": still asked
    resolution = {**IN_SCOPE, "consultation_date": None, "policy_proposal_required": None}
    decision = evaluate(RULES, resolution)
    assert decision.outcome == "insufficient" and "consultation_date" in decision.missing


def test_unsure_data_is_flagged_to_be_checked_not_asserted() -> None:
    facts = {
        **IN_SCOPE,
        "document_type": "nghi-quyet-quoc-hoi",
        "impact_scope": "ca_nuoc",
        "consultation_date": date(2025, 10, 1),
        "policy_proposal_required": None,
    }
    decision = evaluate(RULES, facts)
    step_a = next(s for s in decision.trace if s.criterion == "a")
    assert step_a.check_needed and step_a.from_table
    assert decision.checks_needed and "cần kiểm tra" in " ".join(decision.checks_needed)
    posting = next(s for s in decision.next_steps if s.startswith("Đăng tải"))
    assert "cần kiểm tra" in posting


def test_an_answer_that_contradicts_the_table_decides_but_is_flagged() -> None:
    facts = {**IN_SCOPE, "document_type": "thong-tu", "impact_scope": "ca_nuoc"}
    decision = evaluate(RULES, facts)
    step_a = next(s for s in decision.trace if s.criterion == "a")
    assert step_a.result == "pass" and step_a.check_needed
    assert "khác với bảng dữ liệu" in step_a.note


def test_json_carries_the_contracted_keys() -> None:
    data = evaluate(RULES, IN_SCOPE).to_json()
    assert {"rule_set", "outcome", "trace", "missing", "next_steps"} <= set(data)
    assert data["rule_set"] == "de-an-407" and data["outcome"] == "in_scope"
    assert {"criterion", "fact", "value", "result", "source"} <= set(data["trace"][0])


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Nghị quyết HĐND tỉnh", "nghi-quyet-hdnd-tinh"),
        ("  nghị quyết   hội đồng nhân dân TỈNH ", "nghi-quyet-hdnd-tinh"),
        ("Quyết định UBND tỉnh", "quyet-dinh-ubnd-tinh"),
        ("QĐ-TTg", "quyet-dinh-ttg"),
        ("nghi quyet hdnd xa", "nghi-quyet-hdnd-xa"),
        (unicodedata.normalize("NFD", "Nghị định"), "nghi-dinh"),
        ("Luật", "luat"),
    ],
)
def test_document_types_are_read_as_a_person_writes_them(written: str, expected: str) -> None:
    assert read_document_type(RULES, written) == expected


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("toàn quốc", "ca_nuoc"),
        ("Cả nước", "ca_nuoc"),
        ("TOÀN TỈNH", "toan_tinh"),
        ("Một phần tỉnh", "mot_phan_tinh"),
        ("Cấp xã", "cap_xa"),
        ("toan tinh", "toan_tinh"),
    ],
)
def test_scopes_accept_synonyms(written: str, expected: str) -> None:
    assert read_scope(RULES, written) == expected


def test_the_names_read_follow_the_rule_set_given_not_one_seen_before() -> None:
    """The lookup of names is cached on the rule set's content (bounded), never on its id."""
    from kit.eligibility import values

    scopes = [
        s.model_copy(update={"synonyms": [*s.synonyms, "khắp nơi"]}) if s.id == "ca_nuoc" else s
        for s in RULES.scopes
    ]
    wider = RULES.model_copy(update={"scopes": scopes})
    assert read_scope(wider, "khắp nơi") == "ca_nuoc"
    with pytest.raises(ValueProblem):
        read_scope(RULES, "khắp nơi")
    assert read_scope(wider, "Khắp nơi") == "ca_nuoc"
    same = RULES.model_copy(deep=True)
    assert values._names(same, "scopes") is values._names(RULES, "scopes")
    assert values._lookup.cache_info().maxsize is not None


def test_unreadable_values_are_reported_per_fact_in_both_languages() -> None:
    facts, problems = read_facts(
        RULES,
        {
            "document_type": "Chỉ thị",
            "state_secret": "có lẽ",
            "typo": 1,
            "consultation_date": "31/02/2024",
            "impact_scope": "Toàn tỉnh",
        },
    )
    assert facts["impact_scope"] == "toan_tinh"
    assert len(problems) == 4 and all(" / " in p for p in problems)
    with pytest.raises(ValueProblem):
        read_scope(RULES, "vài huyện")


def test_combination_supports_any_and_not_with_three_valued_logic() -> None:
    from kit.eligibility.engine import _combine

    results = {"a": "pass", "b": "unknown", "c": "fail"}
    assert _combine(r.Any_(any=["b", "c"]), results) == "unknown"  # type: ignore[arg-type]
    assert _combine(r.Any_(any=["a", "b"]), results) == "pass"  # type: ignore[arg-type]
    assert _combine(r.Not(**{"not": "c"}), results) == "pass"  # type: ignore[arg-type]
    assert _combine(r.All(all=["a", r.Not(**{"not": "b"})]), results) == "unknown"  # type: ignore[arg-type]


def test_rule_data_that_contradicts_itself_is_refused() -> None:
    data = RULES.model_dump(by_alias=True)
    data["criteria"][0]["fact"] = "no_such_fact"
    with pytest.raises(ValueError, match="unknown fact no_such_fact"):
        r.RuleSet.model_validate(data)
