"""Does every screen and document that shows a deadline counted by the kit say "cần kiểm tra / to
be checked" when the holiday calendar of that day is not confirmed, and only then?

Callers: the plan timeline (its basis text, the HTML chart, the Decree 30 annex, the builder's
table of activities) and the grading of date items (the feedback and the trainer's key)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from kit.apps.plans.lists import _activities_table
from kit.calendar.deadlines import TO_CHECK, TO_CHECK_VI
from kit.content import schemas as s
from kit.eligibility.rules import load_rule_set
from kit.grading.engine import answer_key, date_caution, grade
from kit.plans.chart import timeline_html
from kit.plans.export import plan_document
from kit.plans.model import Draft, Plan
from kit.plans.timeline import activities, end_to_check, posting_requirement, with_activities


def draft(consultation: date) -> Draft:
    return with_activities(
        Draft(
            title="Nghị quyết quy định mức thu phí tham quan",
            level="provincial",
            drafting_body="Sở Văn hóa, Thể thao và Du lịch",
            consultation_date=consultation,
        )
    )


def annex_ends(plan: Plan) -> list[str]:
    table = plan_document(plan).annexes[0].blocks[0]
    return [row[3] for row in table.rows]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("consultation", "to_check"),
    [
        (date(2024, 5, 10), False),  # 2024: the notices are verified
        (date(2026, 3, 2), False),  # 2026: likewise
        (date(2027, 3, 18), True),  # 2027: no verified notice yet
        (date(2030, 6, 3), True),  # far beyond the announced years
    ],
)
def test_the_plan_timeline_marks_its_counted_last_days_only_when_the_calendar_is_unsure(
    consultation: date, to_check: bool
) -> None:
    d = draft(consultation)
    posting = next(a for a in d.activities if a.kind == "posting")
    feedback = next(a for a in d.activities if a.kind == "feedback")
    assert end_to_check(posting) is end_to_check(feedback) is to_check
    assert not any(end_to_check(a) for a in d.activities if a.kind not in ("posting", "feedback"))
    assert (TO_CHECK in posting.basis) is to_check
    marks = 2 if to_check else 0
    shown = f"({TO_CHECK})</strong>"  # beside the date, not only in the basis
    assert timeline_html([d]).count(shown) == marks
    assert _activities_table(d, "vi").count(shown) == marks
    assert _activities_table(d, "en").count(shown) == marks
    ends = annex_ends(Plan(drafts=[d]))
    assert sum(TO_CHECK_VI in e for e in ends) == marks  # the document is in Vietnamese
    assert not any("to be checked" in e for e in ends)


def test_the_posting_basis_says_why_the_last_day_moved_and_why_it_is_to_be_checked() -> None:
    # the posting period is chosen to end on Friday 16/4/2027, Giỗ Tổ (10/3 âm lịch): it moves
    # past the weekend to Monday 19/4/2027
    need = posting_requirement(draft(date(2027, 3, 1)), load_rule_set())
    assert need is not None
    consultation = date(2027, 4, 16) - timedelta(days=need.days - 1)
    posting = activities(draft(consultation))[0]
    assert posting.end == date(2027, 4, 19)
    assert "Giỗ Tổ Hùng Vương" in posting.basis
    assert "năm 2027 chưa có thông báo" in posting.basis
    assert "seed" not in posting.basis


def test_an_activity_typed_by_hand_is_not_marked() -> None:
    d = draft(date(2027, 3, 18))
    typed = d.activities[2].model_copy(update={"kind": "other", "end": date(2027, 4, 19)})
    assert not end_to_check(typed)


def date_item(start: date) -> s.DateItem:
    return s.DateItem.model_validate(
        {
            "id": "test-date-01",
            "level": "apply",
            "type": "date",
            "tracks": ["B"],
            "lesson": "l04-hinh-thuc-kenh",
            "difficulty": 2,
            "points": 2,
            "prompt": "Hạn cuối nhận góp ý là ngày nào?",
            "explanation": "Tính theo Bộ luật Dân sự 2015, Điều 147–148.",
            "source": "Bộ luật Dân sự số 91/2015/QH13, Điều 147 khoản 2, Điều 148 khoản 5",
            "compute": {"start": start.isoformat(), "days": 30, "rule": "bo-luat-dan-su-2015"},
            "feedback_correct": "Đúng.",
            "feedback_wrong": "Chưa đúng.",
        }
    )


@pytest.mark.parametrize(
    ("start", "key", "to_check"),
    [
        (date(2024, 11, 15), "16/12/2024", False),
        (date(2027, 3, 17), "19/04/2027", True),
        (date(2030, 3, 1), "01/04/2030", True),
    ],
)
def test_a_counted_date_item_grades_the_same_and_says_when_it_is_to_be_checked(
    start: date, key: str, to_check: bool
) -> None:
    item = date_item(start)
    right, wrong = grade(item, key), grade(item, "01/01/2024")
    assert (right.score, wrong.score) == (2, 0)
    assert right.feedback[0] == "Đúng." and wrong.feedback[0] == "Chưa đúng."
    for graded in (right, wrong):
        assert any(TO_CHECK in f for f in graded.feedback) is to_check
    listed = answer_key(item)
    assert listed["answers"] == [key]
    assert ("caution" in listed) is to_check
    assert bool(date_caution(item)) is to_check
