"""The communication activities of one in-scope draft, with dates computed from its planned
consultation and submission dates: full-text posting for the minimum period the rule data gives,
counted by the counting rule kept in data; press and portal articles; a conference or dialogue;
receiving and processing comments; publishing the accept/explain response before submission.
"""

from __future__ import annotations

from datetime import date, timedelta

from babel.dates import format_date

from kit.calendar.deadlines import TO_CHECK, last_day
from kit.calendar.workdays import day_status, skipped
from kit.eligibility import engine
from kit.eligibility import rules as r
from kit.plans.model import Activity, Draft

COUNTING_RULE = "bo-luat-dan-su-2015"
PRESS_DAYS = 7
RESPONSE_DAYS_AFTER_POSTING = 10
#: where the communication activities and their timing come from
PLAN_SOURCE = "Kế hoạch triển khai Quyết định số 407/QĐ-TTg của UBND tỉnh Lạng Sơn, mục III.3"
#: the activities whose last day is the posting period's last day, counted by the rule
DEADLINE_KINDS = ("posting", "feedback")


def weekday_vi(day: date) -> str:
    """The day of the week in Vietnamese, as babel names it: "Thứ Hai" … "Chủ Nhật"."""
    return format_date(day, "EEEE", locale="vi")


def on_day(day: date) -> str:
    """ "Thứ Hai, 20/04/2026": the weekday and the date, for the basis of an activity."""
    return f"{weekday_vi(day)}, {day:%d/%m/%Y}"


def end_to_check(activity: Activity) -> bool:
    """Is ``activity`` one whose last day this module counts, ending on a day the holiday calendar
    is not sure of (a year without a verified notice)? Then every screen and document shows
    :data:`~kit.calendar.deadlines.TO_CHECK` beside that day."""
    return (
        activity.kind in DEADLINE_KINDS
        and activity.end is not None
        and day_status(activity.end)[0] == "unsure"
    )


def posting_requirement(draft: Draft, rule_set: r.RuleSet) -> r.Posting | None:
    """The minimum full-text posting period for this draft (None when the data cannot say)."""
    if draft.consultation_date is None or draft.level is None:
        return None
    period = rule_set.period_on(draft.consultation_date)
    return engine.min_posting(rule_set, draft.level, period)


def activities(draft: Draft, rule_set: r.RuleSet | None = None) -> list[Activity]:
    """The activities for ``draft``; empty when its consultation date or level is not known."""
    rule_set = rule_set or r.load_rule_set()
    posting = posting_requirement(draft, rule_set)
    start = draft.consultation_date
    if posting is None or start is None:
        return []
    window = last_day(start - timedelta(days=1), posting.days, COUNTING_RULE)
    caution = f" Cần kiểm tra: {posting.note}" if posting.status == "unsure" else ""
    counting = window.rule.title + (" (cần kiểm tra)" if window.rule.status == "unsure" else "")
    moved = (
        f"; hạn cuối lùi sang ngày làm việc ({window.moved_because[0].reason_vi})"
        if window.moved_because
        else ""
    )
    if window.to_check:
        notes = "; ".join(vi for vi, _ in window.calendar_notes)
        moved += f"; lịch nghỉ {TO_CHECK}: {notes}"
    lead = draft.drafting_body
    middle = working_day_from(start + timedelta(days=posting.days // 2), window.last_day)
    response_day = window.last_day + timedelta(days=RESPONSE_DAYS_AFTER_POSTING)
    if draft.submission_date is not None and response_day >= draft.submission_date:
        response_day = max(window.last_day, draft.submission_date - timedelta(days=1))
    return [
        Activity(
            kind="posting",
            name="Đăng tải toàn văn dự thảo trên cổng thông tin điện tử để lấy ý kiến",
            start=start,
            end=window.last_day,
            lead=lead,
            basis=f"Ít nhất {posting.days} ngày ({posting.source}); tính theo {counting}{moved}. "
            f"Hạn cuối: {on_day(window.last_day)}." + caution,
        ),
        Activity(
            kind="press",
            name="Tin, bài giới thiệu dự thảo trên báo chí, cổng thông tin, mạng xã hội",
            start=start,
            end=min(start + timedelta(days=PRESS_DAYS), window.last_day),
            lead=lead,
            basis=f"Đưa thông tin ngay khi bắt đầu lấy ý kiến ({PLAN_SOURCE}).",
        ),
        Activity(
            kind="conference",
            name="Hội nghị, tọa đàm hoặc đối thoại với đối tượng chịu tác động",
            start=middle,
            end=middle,
            lead=lead,
            basis=f"{on_day(middle)}, trong thời gian lấy ý kiến ({PLAN_SOURCE}).",
        ),
        Activity(
            kind="feedback",
            name="Tiếp nhận, tổng hợp, xử lý ý kiến góp ý",
            start=start,
            end=window.last_day,
            lead=lead,
            basis=f"Suốt thời gian đăng tải, đến {on_day(window.last_day)} ({PLAN_SOURCE}).",
        ),
        Activity(
            kind="response",
            name="Công bố báo cáo tiếp thu, giải trình ý kiến góp ý",
            start=response_day,
            end=response_day,
            lead=lead,
            basis=f"{on_day(response_day)}: sau khi hết hạn góp ý và trước khi trình "
            f"({PLAN_SOURCE}).",
        ),
    ]


def with_activities(draft: Draft, rule_set: r.RuleSet | None = None) -> Draft:
    """``draft`` with its activities (re)generated from its dates."""
    return draft.model_copy(update={"activities": activities(draft, rule_set)})


def date_span(drafts: list[Draft]) -> tuple[date, date] | None:
    days = [d for dr in drafts for a in dr.activities for d in (a.start, a.end) if d is not None]
    return (min(days), max(days)) if days else None


def working_day_from(day: date, latest: date) -> date:
    """``day`` or the first working day after it (a conference is not held on a weekend or a
    holiday), never later than ``latest``; back to the last working day before ``day`` when none
    is left before ``latest``."""
    forward = day
    while forward <= latest:
        if skipped(forward) is None:
            return forward
        forward += timedelta(days=1)
    back = day
    for _ in range(14):
        back -= timedelta(days=1)
        if skipped(back) is None:
            return back
    return day
