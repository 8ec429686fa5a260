"""The drafts' communication timeline as an HTML chart: one row per activity, a bar from its first
to its last day on a shared time axis, the submission date marked, "cần kiểm tra / to be checked"
beside a last day counted over holidays not yet confirmed. Plain HTML and CSS (no plotting
library, nothing fetched), readable on a phone; every text escaped."""

from __future__ import annotations

from datetime import date
from html import escape

from kit.calendar.deadlines import TO_CHECK
from kit.plans.model import Draft
from kit.plans.timeline import date_span, end_to_check

KIND_CLASS = {
    "posting": "posting",
    "press": "press",
    "conference": "conference",
    "feedback": "feedback",
    "response": "response",
    "other": "other",
}


def _pct(day: date, start: date, days: int) -> float:
    return round(100 * (day - start).days / days, 2)


def timeline_html(drafts: list[Draft]) -> str:
    """The chart, or "" when no draft has dated activities."""
    span = date_span(drafts)
    if span is None:
        return ""
    start, end = span
    submissions = [d.submission_date for d in drafts if d.submission_date]
    end = max([end, *submissions])
    days = max((end - start).days + 1, 1)
    rows = []
    for draft in drafts:
        if not draft.activities:
            continue
        rows.append(f"<div class='kit-tl-draft'>{escape(draft.title)}</div>")
        submit = ""
        if draft.submission_date:
            at = _pct(draft.submission_date, start, days)
            submit = (
                f"<div class='kit-tl-submit' style='left:{at}%' title='Ngày dự kiến trình'></div>"
            )
        for act in draft.activities:
            if act.start is None:
                continue
            last = act.end or act.start
            left = _pct(act.start, start, days)
            width = max(_pct(last, start, days) - left + 100 / days, 0.8)
            label = f"{act.start:%d/%m}" + (f"–{last:%d/%m}" if last != act.start else "")
            if end_to_check(act):  # the last day falls in a year whose holidays are not confirmed
                label += f" <strong class='kit-tl-check'>({TO_CHECK})</strong>"
            rows.append(
                "<div class='kit-tl-row'>"
                f"<div class='kit-tl-name'>{escape(act.name)}</div>"
                "<div class='kit-tl-track'>"
                f"<div class='kit-tl-bar kit-tl-{KIND_CLASS[act.kind]}' "
                f"style='left:{left}%;width:{width:.2f}%' title='{escape(act.basis)}'></div>"
                + submit
                + f"</div><div class='kit-tl-dates'>{label}</div></div>"
            )
    axis = (
        f"<div class='kit-tl-axis'><span>{start:%d/%m/%Y}</span><span>{end:%d/%m/%Y}</span></div>"
    )
    return f"<div class='kit-timeline'>{axis}{''.join(rows)}</div>"
