"""Does the rubric load, reach every band, cap claims without evidence and explain each score?"""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from kit.assessment.questionnaire.answers import check_answers
from kit.assessment.questionnaire.conditions import atoms, compile_condition
from kit.assessment.questionnaire.datafile import read_rules_file
from kit.assessment.questionnaire.rubric import BAND_IDS, load_rubric, parse_rubric
from kit.assessment.questionnaire.saved import read_saved
from kit.assessment.questionnaire.schema import field_ids, load_questionnaire, parse_questionnaire
from kit.assessment.questionnaire.scoring import score_answers
from kit.core.errors import ContentError

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "assessment"
VIETNAMESE = re.compile(r"[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]")
D = date(2024, 6, 30)

#: per dimension, five layers: answers from layers 1..k reach band k exactly
LAYERS: dict[str, list[dict[str, object]]] = {
    "directing": [
        {"plan_issued": True, "plan_number": "18/KH-UBND", "plan_date": date(2024, 1, 12)},
        {"awareness_sessions": 2},
        {"results_monitored": True, "review_doc_number": "32/BC-UBND", "review_date": D},
        {"plan_adjusted": True, "adjustment_doc_number": "41/KH-UBND"},
        {"drafts_in_scope": 0, "peer_learning": True, "peer_exchanges": 1},
    ],
    "communication": [
        {"drafts_in_scope": 2, "drafts_with_comm_plan": 2},
        {"activities_carried_out": True, "press_items": 3, "channels": ["bao_chi"]},
        {"drafts_communicated": 2, "results_monitored": True, "review_doc_number": "32/BC-UBND"},
        {"plan_adjusted": True, "adjustment_doc_number": "41/KH-UBND"},
        {
            "channels": ["bao_chi", "cong_thong_tin", "mang_xa_hoi"],
            "experts_involved": 2,
            "peer_learning": True,
            "peer_exchanges": 1,
        },
    ],
    "posting": [
        {"drafts_total": 3, "posting_address": "https://xa.example.gov.vn/du-thao"},
        {"drafts_posted_full_text": 2},
        {"drafts_posted_full_text": 3, "drafts_posted_min_period": 2},
        {"drafts_posted_min_period": 3},
        {
            "response_published": True,
            "response_doc_number": "45/BC-UBND",
            "peer_learning": True,
            "peer_exchanges": 1,
        },
    ],
    "coordination": [
        {"press_coordinated": True, "press_partners": 1},
        {"feedback_channels": ["thu_dien_tu"], "comments_received": 10},
        {"comments_answered": 8},
        {
            "comments_answered": 10,
            "response_published": True,
            "response_doc_number": "45/BC-UBND",
            "response_date": D,
        },
        {
            "press_partners": 2,
            "feedback_channels": ["thu_dien_tu", "hoi_nghi"],
            "peer_learning": True,
            "peer_exchanges": 1,
        },
    ],
    "staff": [
        {"staff_arrangement": "kiem_nhiem", "staff_assignment_doc": "12/QĐ-UBND"},
        {"staff_trained": True, "people_trained": 1, "trainings_count": 1, "staff_count": 4},
        {"people_trained": 2, "training_doc_number": "20/KH-STP", "training_date": D},
        {"people_trained": 4, "skills_guide_used": True},
        {"staff_arrangement": "chuyen_trach", "peer_learning": True, "peer_exchanges": 1},
    ],
    "funding": [
        {"funding_sources": ["chi_thuong_xuyen"]},
        {"funding_amount": 5_000_000, "funding_doc_number": "120/QĐ-UBND"},
        {"funding_used_percent": 60},
        {"funding_sources": ["du_toan_rieng"], "funding_used_percent": 85},
        {"funding_sources": ["du_toan_rieng", "nguon_xa_hoi"], "peer_learning": True},
    ],
    "learning": [
        {"difficulties": "Cán bộ kiêm nhiệm, ít thời gian."},
        {"causes": "Chưa có cán bộ chuyên trách.", "recommendations": "Mở lớp tập huấn."},
        {"results_monitored": True, "review_doc_number": "32/BC-UBND", "review_date": D},
        {
            "plan_adjusted": True,
            "adjustments": "Thêm kênh mạng xã hội.",
            "adjustment_doc_number": "41/KH-UBND",
        },
        {"peer_learning": True, "peer_learning_note": "Xã bạn.", "peer_exchanges": 1},
    ],
}
LAYERS["funding"][4]["peer_exchanges"] = 1


def merged(layers: list[dict[str, object]]) -> dict[str, object]:
    out: dict[str, object] = {}
    for layer in layers:
        out.update(layer)
    return out


def fixture_answers(name: str) -> dict[str, object]:
    saved = read_saved(json.loads((FIXTURES / f"{name}.json").read_text("utf-8")))
    checked = check_answers(saved.raw, "consistent")
    assert checked.ok, checked.problems
    return checked.answers


# ---------------------------------------------------------------------------------- the data


def test_the_shipped_questionnaire_and_rubric_load() -> None:
    q, r = load_questionnaire(), load_rubric()
    assert len(q.fields()) >= 50
    assert [d.key for d in r.dimensions] == [
        "directing",
        "communication",
        "posting",
        "coordination",
        "staff",
        "funding",
        "learning",
    ]
    assert r.questionnaire == q.id


def test_every_field_id_is_stable_snake_case_ascii_and_unique() -> None:
    ids = field_ids()
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", i) for i in ids)


def test_every_condition_names_a_known_field() -> None:
    q, r = load_questionnaire(), load_rubric()
    known = set(q.fields()) | {c.id for c in r.computed}
    conditions = [c for d in r.dimensions for s in d.steps for c in [*s.needs, *s.evidence]]
    conditions += [d.applies_when for d in r.dimensions if d.applies_when is not None]
    names = {atom.field for cond in conditions for _, atom in atoms(cond)}
    assert names and names <= known


def test_user_facing_texts_are_nfc_and_vietnamese_first() -> None:
    q = load_questionnaire()
    for f in q.fields().values():
        for text in (f.label, f.question, f.help):
            assert unicodedata.normalize("NFC", text) == text
        assert f.label != f.label_en
    for d in load_rubric().dimensions:
        assert VIETNAMESE.search(d.title) and not VIETNAMESE.search(d.title_en)


def test_an_unknown_field_in_a_condition_is_reported_at_its_line() -> None:
    text = read_rules_file("tu-danh-gia-rubric.yaml")
    target = "{field: plan_issued, equals: true}"
    line = text[: text.index(target)].count("\n") + 1
    broken = text.replace(target, "{field: plan_isued, equals: true}", 1)
    with pytest.raises(ContentError) as err:
        parse_rubric(broken)
    problem = err.value.problems[0]
    assert problem.path.endswith("tu-danh-gia-rubric.yaml")
    assert problem.line == line
    assert "plan_isued" in problem.what


@pytest.mark.parametrize(
    ("good", "bad", "said"),
    [
        ("{field: plan_number, present: true}", "{field: plan_number, at_least: 1}", "number"),
        ("{field: plan_issued, equals: true}", "{field: plan_issued, equals: 3}", "true"),
        ("{field: plan_issued, equals: true}", "{field: plan_issued}", "exactly one test"),
        ("contains: du_toan_rieng}", "contains: ngan_sach}", "ngan_sach"),
    ],
)
def test_a_condition_that_does_not_fit_its_field_is_a_content_error(
    good: str, bad: str, said: str
) -> None:
    text = read_rules_file("tu-danh-gia-rubric.yaml")
    line = text[: text.index(good)].count("\n") + 1
    with pytest.raises(ContentError) as err:
        parse_rubric(text.replace(good, bad, 1))
    assert any(p.line == line and said in p.what for p in err.value.problems), err.value.problems


def test_a_rule_naming_an_unknown_field_and_broken_yaml_are_located() -> None:
    text = read_rules_file("tu-danh-gia-questionnaire.yaml")
    target = "other: drafts_in_scope"
    line = text[: text.index(target)].count("\n") + 1
    with pytest.raises(ContentError) as err:
        parse_questionnaire(text.replace(target, "other: drafts_scope", 1))
    assert [(p.line, "drafts_scope" in p.what) for p in err.value.problems] == [(line, True)]
    with pytest.raises(ContentError) as err:
        parse_questionnaire(text.replace("rules:\n", "rules: [\n", 1))
    assert err.value.problems[0].line > 1


# ---------------------------------------------------------------------------------- conditions


def test_a_blank_answer_fails_every_test_but_present_false() -> None:
    q = parse_questionnaire(read_rules_file("tu-danh-gia-questionnaire.yaml"))
    rule = next(r for r in q.rules if r.id == "no_funding_but_amount")
    check = compile_condition(rule.when)  # type: ignore[union-attr]
    assert not check({})
    assert not check({"funding_sources": ["chua_bo_tri"]})
    assert check({"funding_sources": ["chua_bo_tri"], "funding_amount": 5})
    adjusted = compile_condition(
        next(r for r in q.rules if r.id == "adjustments_described").when  # type: ignore[union-attr]
    )
    assert adjusted({"plan_adjusted": True}) and not adjusted({"plan_adjusted": 1})


# ---------------------------------------------------------------------------------- bands


@pytest.mark.parametrize("key", list(LAYERS))
@pytest.mark.parametrize("band", range(6))
def test_each_band_is_reachable(key: str, band: int) -> None:
    answers = merged(LAYERS[key][:band])
    assert check_answers(answers, "draft").ok
    d = score_answers(answers).dimension(key)
    limits = load_rubric().bands[band]
    assert (d.band, d.applicable) == (BAND_IDS[band], True)
    assert d.score is not None and limits.min <= d.score <= limits.max
    assert not d.capped


def test_the_top_band_scores_100_and_the_empty_questionnaire_0() -> None:
    full = merged([layer for layers in LAYERS.values() for layer in layers])
    full["drafts_in_scope"] = 2
    top = score_answers(full)
    assert {d.key: d.score for d in top.dimensions} == dict.fromkeys(LAYERS, 100)
    assert (top.total, top.level) == (100.0, "thuc_hanh_tot")
    empty = score_answers({})
    assert all(d.band == "nothing" for d in empty.dimensions)
    assert empty.total == 0 and empty.level == "chua_trien_khai"


def test_a_claim_without_evidence_caps_the_band_and_says_what_is_missing() -> None:
    claimed = score_answers({"plan_issued": True}).dimension("directing")
    assert (claimed.band, claimed.capped) == ("nothing", True)
    assert claimed.score is not None and claimed.score <= 10
    assert "thiếu bằng chứng" in claimed.why() and "Số, ký hiệu kế hoạch" in claimed.why()
    assert "Số, ký hiệu kế hoạch" in claimed.raise_text()
    assert "capped" in claimed.why("en")
    proved = score_answers(merged(LAYERS["directing"][:1])).dimension("directing")
    assert (proved.band, proved.capped) == ("planned", False)
    busy = merged(LAYERS["communication"][:1]) | {"activities_carried_out": True}
    capped = score_answers(busy).dimension("communication")
    assert (capped.band, capped.capped) == ("planned", True)


def test_bands_are_cumulative_a_higher_step_cannot_skip_a_lower_one() -> None:
    layers = LAYERS["directing"]
    skipping = merged([layers[0], layers[2], layers[3]])  # no awareness session, no directive
    assert score_answers(skipping).dimension("directing").band == "planned"


def test_inside_a_band_the_score_grows_with_the_next_steps_conditions() -> None:
    base = merged(LAYERS["directing"][:0])
    scores = [
        score_answers(base | extra).scores()["directing"] or 0
        for extra in ({}, {"plan_issued": True}, {"plan_issued": True, "plan_number": "1/KH-UBND"})
    ]
    assert scores == sorted(scores) and len(set(scores)) == 3


def test_posting_does_not_apply_without_drafts_and_leaves_the_total() -> None:
    scored = score_answers(merged(LAYERS["directing"]) | {"drafts_total": 0})
    posting = scored.dimension("posting")
    assert (posting.score, posting.band, posting.applicable) == (None, "not_applicable", False)
    assert "không áp dụng" in posting.why()
    weights = {d.key: d.weight for d in load_rubric().dimensions if d.key != "posting"}
    scores = {d.key: d.score for d in scored.dimensions if d.key != "posting"}
    expected = sum(weights[k] * s for k, s in scores.items() if s is not None) / sum(
        weights.values()
    )
    assert scored.total == round(expected, 1)


def test_the_level_follows_the_thresholds_in_the_data() -> None:
    rubric = load_rubric()
    for level in rubric.levels:
        assert rubric.level_of(level.min).id == level.id


# ---------------------------------------------------------------------------------- explanations


@pytest.mark.parametrize("name", ["seed-000-quang-thai", "strong-unit", "weak-unit-no-evidence"])
def test_every_score_explains_why_and_how_to_raise_it_in_both_languages(name: str) -> None:
    for d in score_answers(fixture_answers(name)).dimensions:
        why, raise_ = d.why(), d.raise_text()
        assert why and raise_ and VIETNAMESE.search(why) and VIETNAMESE.search(raise_)
        assert d.why("en") != why and d.raise_text("en") != raise_
        assert unicodedata.normalize("NFC", why) == why
        if d.applicable and d.level < 5:
            nxt = load_rubric().bands[d.level + 1]
            assert nxt.label in raise_ and nxt.label_en in d.raise_text("en")


def test_why_quotes_the_answers_that_put_the_score_there() -> None:
    d = score_answers(fixture_answers("seed-000-quang-thai")).dimension("directing")
    assert "18/KH-UBND" in d.why() and "12/01/2023" in d.why()
    assert "Số cuộc quán triệt" in d.raise_text()


def test_a_template_with_a_placeholder_nobody_fills_is_a_content_error() -> None:
    rubric = read_rules_file("tu-danh-gia-rubric.yaml")
    with pytest.raises(ContentError) as err:
        parse_rubric(rubric.replace("({min}–{max} điểm).", "({min}–{maxx} điểm).", 1))
    assert "maxx" in str(err.value)
    questionnaire = read_rules_file("tu-danh-gia-questionnaire.yaml")
    with pytest.raises(ContentError) as err:
        parse_questionnaire(questionnaire.replace("({other_value}).", "({khac}).", 1))
    assert "khac" in str(err.value)


def test_scoring_reads_the_answers_without_changing_them() -> None:
    answers = merged(LAYERS["communication"][:3])
    before = dict(answers)
    scored = score_answers(answers)
    assert answers == before
    assert scored.scores() == {d.key: d.score for d in scored.dimensions}
    assert scored.answers["communicated_share"] == 1.0  # computed fields ride along
