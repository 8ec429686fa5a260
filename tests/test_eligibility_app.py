"""Does the eligibility app explain decisions, refuse forged values, and train on cases without
showing an answer before it is submitted?"""

from __future__ import annotations

from datetime import date

import pytest

from kit import api, trainees
from kit.apps.eligibility.app import build_app
from kit.apps.eligibility.explore import ExploreModel, decision_html
from kit.core.errors import InputError
from kit.eligibility import rules as r
from kit.eligibility.engine import evaluate
from kit.eligibility.training import CONTEXT, CaseTraining
from tests.test_exercises_app import widget_texts

RULES = r.load_rule_set()
CAT = api.load_content()


def answer_all(model: ExploreModel) -> None:
    for fact, value in {
        "document_type": "nghi-quyet-hdnd-tinh",
        "consultation_date": date(2024, 5, 10),
        "policy_proposal_required": "yes",
        "state_secret": "no",
        "direct_rights_obligations": "yes",
        "difficult_or_contested": "yes",
        "impact_scope": "toan_tinh",
    }.items():
        model.set(fact, value)


def test_answering_every_question_gives_in_scope_and_one_change_is_reported() -> None:
    model = ExploreModel(RULES)
    assert model.decision.outcome == "insufficient"
    answer_all(model)
    assert model.decision.outcome == "in_scope"
    assert model.set("impact_scope", "mot_phan_tinh")
    assert model.decision.outcome == "out_of_scope"
    changes = model.changes("vi")
    assert "Kết luận: Thuộc phạm vi → Không thuộc phạm vi" in changes
    assert "Tiêu chí (d): Đạt → Không đạt" in changes


@pytest.mark.parametrize(
    ("fact", "forged"),
    [
        ("document_type", "chi-thi"),
        ("document_type", 42),
        ("consultation_date", "2024-05-10"),
        ("consultation_date", date(1900, 1, 1)),
        ("state_secret", True),
        ("state_secret", "maybe"),
        ("impact_scope", "<script>"),
    ],
)
def test_values_the_page_should_not_send_count_as_not_known(fact: str, forged: object) -> None:
    model = ExploreModel(RULES)
    answer_all(model)
    model.set(fact, forged)
    assert model.facts[fact] is None  # and the decision is made as if it were not given
    assert model.decision == evaluate(RULES, model.facts)


def test_unknown_fact_names_from_the_page_change_nothing() -> None:
    model = ExploreModel(RULES)
    assert not model.set("budget", "yes") and "budget" not in model.facts


def test_the_decision_panel_shows_trace_sources_missing_and_next_steps() -> None:
    model = ExploreModel(RULES)
    answer_all(model)
    html = decision_html(RULES, model.decision, "vi")
    assert "Thuộc phạm vi" in html and "Lạng Sơn (năm 2022), mục II.1.b" in html
    assert "Việc cần làm tiếp" in html and "ít nhất 30 ngày" in html
    model.set("policy_proposal_required", "")
    html = decision_html(RULES, model.decision, "en")
    assert "Not enough information" in html and "Still needed" in html


def test_the_app_opens_in_explore_mode_and_follows_mode_from_the_query_string() -> None:
    app = build_app(lang="vi")
    assert app.summary().startswith("[kit:eligibility] rule set de-an-407")
    assert "Dự thảo là loại văn bản nào?" in widget_texts(app.widget)
    view = app.view
    view.on_params({"mode": "batch"})
    assert view.mode == "batch"
    view.on_params({"mode": "<script>"})
    assert view.mode == "batch"


def test_a_case_shows_no_verdict_until_submitted_then_is_graded_stored_and_compared() -> None:
    reg = trainees.register("Hà M", "Sở Tư pháp tỉnh Q", "B")
    app = build_app(lang="vi")
    view = app.view
    view.set_mode("train")
    train = view.train
    train.gate.token.stored, train.gate.token.ready = reg.token, True
    case = train.training.current()
    before = widget_texts(app.widget)
    assert case.title in before
    assert case.explanation not in before and "Bộ quy tắc kết luận" not in before
    train.input.controls()[0].value = "in"
    train.submit(case.id)
    after = widget_texts(app.widget)
    assert "Bộ quy tắc kết luận" in after and case.explanation in after
    stored = trainees.attempts(reg.identity.id, CONTEXT)
    assert case.id in stored and stored[case.id].answer == "in"
    again = CaseTraining(CAT, reg.identity)
    assert again.progress()[0] == 1 and again.current() != case


def test_a_forged_or_repeated_case_submission_is_refused() -> None:
    reg = trainees.register("Lò N", "UBND xã P", "A")
    training = CaseTraining(CAT, reg.identity)
    first, second = training.cases[0], training.cases[1]
    with pytest.raises(InputError):
        training.submit(second.id, "in")
    result = training.submit(first.id, first.answer())
    assert result.graded.full_marks
    with pytest.raises(InputError):
        training.submit(first.id, "in")


def test_right_outcome_with_partly_right_criteria_earns_half() -> None:
    reg = trainees.register("Vi O", "Sở Tài chính", "B")
    training = CaseTraining(CAT, reg.identity)
    two_fails = next(c for c in CAT.cases.values() if len(c.answer()) >= 6)  # out:xy
    training.cases = [two_fails]
    result = training.submit(two_fails.id, f"out:{two_fails.answer()[4]}")
    assert result.graded.score == result.graded.max / 2
