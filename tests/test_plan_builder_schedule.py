"""In the builder, does a change to a draft's dates or level redraw its schedule at once (the
widgets already on the page, without a reload), with weekdays in Vietnamese in the basis column?"""

from __future__ import annotations

from datetime import date

import ipywidgets as w
import pytest

from kit.apps.plans.app import PlanBuilderView
from kit.plans.model import Draft
from kit.plans.timeline import activities, weekday_vi
from tests.test_plans_app import body, button, field, open_app, walk

WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")


def schedule_html(root: w.Widget) -> w.HTML:
    return next(
        n for n in walk(root) if isinstance(n, w.HTML) and "kit-batch-table" in str(n.value)
    )


def drafts_step(name: str) -> PlanBuilderView:
    shell, view = open_app(name)
    button(body(shell), "Tạo kế hoạch từ mẫu").click()
    view.go("drafts")
    button(body(shell), "Thêm dự thảo").click()
    field(body(shell), "Cấp ban hành").value = "provincial"
    return view


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (date(2026, 3, 2), date(2026, 9, 14)),
        (date(2027, 1, 20), date(2027, 6, 1)),  # 2027: Tết in the window, holidays unconfirmed
        (date(2025, 12, 15), date(2026, 2, 2)),
    ],
)
def test_a_new_consultation_date_redraws_the_schedule_on_the_page_at_once(
    first: date, second: date
) -> None:
    view = drafts_step(f"Lịch {first.year}")
    root = body(view.shell)
    picker = field(root, "Ngày bắt đầu lấy ý kiến")
    picker.value = first
    table = schedule_html(root)  # the widget now on the page
    assert f"{first:%d/%m/%Y}" in table.value
    picker.value = second  # no reload: the same widgets must show the new dates
    assert f"{second:%d/%m/%Y}" in table.value and f"{first:%d/%m/%Y}" not in table.value
    assert view.session is not None
    saved = view.session.plan.drafts[0].activities
    assert saved and saved[0].start == second


@pytest.mark.parametrize(
    "consulted", [date(2026, 3, 2), date(2026, 8, 3), date(2027, 1, 20), date(2024, 5, 10)]
)
def test_the_basis_names_the_weekday_of_each_dated_step_in_vietnamese(consulted: date) -> None:
    draft = Draft(
        title="x", level="provincial", drafting_body="Sở Y tế", consultation_date=consulted
    )
    steps = activities(draft)
    posting = next(a for a in steps if a.kind == "posting")
    assert posting.end is not None
    assert f"{weekday_vi(posting.end)}, {posting.end:%d/%m/%Y}" in posting.basis
    for step in steps:
        assert not any(
            day in step.basis
            for day in (
                "Monday",
                "Tuesday",
                "Wednesday",
                "Thursday",
                "Friday",
                "Saturday",
                "Sunday",
            )
        )
    assert sum(any(d in s.basis for d in WEEKDAYS) for s in steps) >= 4


@pytest.mark.parametrize(
    ("day", "latest", "expected"),
    [
        (date(2027, 1, 30), date(2027, 2, 26), date(2027, 2, 1)),  # Saturday → Monday
        # Sunday, then the day in lieu for Giỗ Tổ
        (date(2026, 4, 26), date(2026, 5, 20), date(2026, 4, 28)),
        (date(2026, 9, 2), date(2026, 9, 30), date(2026, 9, 3)),  # National Day
        (date(2026, 3, 11), date(2026, 3, 30), date(2026, 3, 11)),  # a Wednesday stays
        (date(2026, 3, 14), date(2026, 3, 14), date(2026, 3, 13)),  # Saturday, no day left after
    ],
)
def test_a_conference_is_never_set_on_a_day_off(day: date, latest: date, expected: date) -> None:
    from kit.calendar.workdays import skipped
    from kit.plans.timeline import working_day_from

    got = working_day_from(day, latest)
    assert got == expected
    assert skipped(got) is None
