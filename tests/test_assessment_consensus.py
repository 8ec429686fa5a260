"""Do assessors' overrides need a reason, and does the consensus show the range and keep reasons?"""

from __future__ import annotations

import pytest

from kit.assessment.questionnaire.consensus import Assessment, Override, assessor_scores, consensus
from kit.assessment.questionnaire.scoring import UnitScore, score_answers
from kit.core.errors import InputError

ANSWERS: dict[str, object] = {
    "plan_issued": True,
    "plan_number": "18/KH-UBND",
    "plan_date": "2024-01-12",
    "staff_arrangement": "kiem_nhiem",
    "funding_sources": ["chi_thuong_xuyen"],
}


def proposal() -> UnitScore:
    from datetime import date

    return score_answers(ANSWERS | {"plan_date": date(2024, 1, 12)})


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_an_override_needs_a_written_reason(reason: object) -> None:
    with pytest.raises(InputError) as err:
        Override(40, reason)  # type: ignore[arg-type]
    assert "lý do" in err.value.vi and "reason" in err.value.en


@pytest.mark.parametrize("score", [-1, 101, 45.5, True, "50"])
def test_an_override_is_a_whole_number_from_0_to_100(score: object) -> None:
    with pytest.raises(InputError):
        Override(score, "Có bằng chứng bổ sung.")  # type: ignore[arg-type]


def test_an_override_may_leave_the_proposed_band_and_is_flagged() -> None:
    scored = proposal()
    assert scored.dimension("staff").band == "nothing"  # part-time staff, no assignment document
    a = Assessment("Nguyễn Văn A", {"staff": Override(25, "Có quyết định phân công, quên ghi số.")})
    assert assessor_scores(scored, a)["staff"] == 25
    result = consensus(scored, [a])
    row = result.dimension("staff").scores[0]
    assert (row.overridden, row.outside_band, row.score) == (True, True, 25)
    untouched = result.dimension("directing").scores[0]
    assert (untouched.overridden, untouched.score) == (False, scored.dimension("directing").score)


def test_the_consensus_shows_the_range_and_keeps_every_reason() -> None:
    scored = proposal()
    a = Assessment("Nguyễn Văn A", {"staff": Override(30, "Đã phân công bằng thông báo.")})
    b = Assessment("Lê Thị B", {"staff": Override(8, "Chưa thấy văn bản phân công.")})
    c = Assessment("Trần Văn C")
    before = consensus(scored, [a, b, c]).dimension("staff")
    proposed = scored.dimension("staff").score
    assert proposed is not None
    assert (before.min, before.max, before.spread) == (min(8, proposed), 30, 30 - min(8, proposed))
    assert before.agreed_by == "median" and before.agreed == 8
    assert before.discuss  # spread ≥ 20 in the rubric data
    assert len(before.reasons()) == 2
    agreed = {"staff": Override(15, "Thống nhất: có phân công, chờ bổ sung số văn bản.")}
    after = consensus(scored, [a, b, c], agreed)
    staff = after.dimension("staff")
    assert (staff.agreed, staff.agreed_by, staff.band) == (15, "meeting", "planned")
    assert any("chờ bổ sung" in r for r in staff.reasons()) and len(staff.reasons()) == 3
    assert after.total is not None and after.total > scored.total  # type: ignore[operator]
    data = after.to_json()
    assert set(data) == {"assessors", "total", "level", "dimensions"}


def test_dimensions_nobody_changed_keep_the_proposal() -> None:
    scored = proposal()
    result = consensus(scored, [Assessment("A"), Assessment("B")])
    assert {d.key: d.agreed for d in result.dimensions} == scored.scores()
    assert result.total == scored.total and result.level == scored.level


@pytest.mark.parametrize(
    ("assessments", "agreed"),
    [
        ([], None),
        ([Assessment("A"), Assessment("A")], None),
        ([Assessment("A", {"khong_co": Override(10, "x")})], None),
        ([Assessment("A")], {"khong_co": Override(10, "x")}),
    ],
)
def test_bad_consensus_input_is_refused_in_both_languages(
    assessments: list[Assessment], agreed: dict[str, Override] | None
) -> None:
    with pytest.raises(InputError) as err:
        consensus(proposal(), assessments, agreed)
    assert err.value.vi != err.value.en


def test_an_assessor_needs_a_name() -> None:
    with pytest.raises(InputError):
        Assessment("  ")
