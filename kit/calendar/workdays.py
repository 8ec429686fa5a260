"""The working calendar of state agencies, built from :mod:`kit.calendar.holiday_data`.

For one year: the Labour Code's holidays (the solar ones, the Hung Kings' day from the lunar table,
the Tết days and the day next to National Day the year's notice picks), a day in lieu for each
holiday on a weekly rest day (Labour Code Art. 111(3), computed), and the notices' swapped days off
and make-up working days. A year without a verified notice takes every option the estimate allows
as a day off and is ``unsure``; so is a year the lunar table does not reach.

``skipped(day)`` says why a day is not a working day (None when it is one); ``day_status(day)`` how
sure the calendar is of that day, with the reasons when it is not.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from importlib import resources
from typing import Literal

from babel.dates import format_date

from kit.calendar.holiday_data import (
    HolidayData,
    Status,
    Year,
    holiday_data,
    parse_holiday_data,
)

Kind = Literal["weekend", "holiday", "day_in_lieu", "swapped_day_off"]


@dataclass(frozen=True)
class DayOff:
    """Why a day is not a working day: the kind and the reason in both languages."""

    kind: Kind
    reason_vi: str
    reason_en: str


@dataclass(frozen=True)
class YearCalendar:
    year: int
    status: Status
    days_off: dict[date, DayOff]
    #: make-up working days (a weekly rest day worked), with the reason in both languages
    working_days: dict[date, tuple[str, str]]
    #: why the year is unsure: (vi, en) sentences
    notes: tuple[tuple[str, str], ...] = field(default=())


def vn_date(day: date) -> str:
    """``dd/mm/yyyy``, the Vietnamese way."""
    return format_date(day, "dd/MM/yyyy", locale="vi")


def weekday_name(day: date, lang: str) -> str:
    """The day of the week as a sentence writes it: "thứ Sáu", "Chủ nhật"; "Friday"."""
    if lang != "vi":
        return format_date(day, "EEEE", locale="en")
    name = format_date(day, "EEEE", locale="vi")  # "Thứ Sáu", "Chủ Nhật"
    return "Chủ nhật" if day.weekday() == 6 else name[0].lower() + name[1:]


def _holidays(
    data: HolidayData, year: int, tet: list[date], adjacent: date | None, estimated: bool
) -> dict[date, DayOff]:
    """The Labour Code's holidays of ``year`` given the Tết days and National Day's adjacent day."""
    st = data.statutory
    out = {date(year, h.month, h.day): DayOff("holiday", h.name, h.name_en) for h in st.solar}
    lunar = data.lunar_year(year)
    if lunar is not None:
        out[lunar.gio_to] = DayOff("holiday", st.gio_to_name, st.gio_to_name_en)
        guess = (" (ước tính)", " (estimated)") if estimated else ("", "")
        for day in tet:
            offset = (day - lunar.tet).days
            vi = f"mùng {offset + 1}" if offset >= 0 else "trước mùng 1"
            en = f"day {offset + 1}" if offset >= 0 else "before the first day"
            out[day] = DayOff(
                "holiday", f"{st.tet_name}, {vi}{guess[0]}", f"{st.tet_name_en}, {en}{guess[1]}"
            )
    if adjacent is not None:
        guess = (" (ước tính)", " (estimated)") if estimated else ("", "")
        out[adjacent] = DayOff(
            "holiday",
            st.national_day_adjacent_name + guess[0],
            st.national_day_adjacent_name_en + guess[1],
        )
    return out


def _with_days_in_lieu(
    holidays: dict[date, DayOff], extra_off: set[date], rest: frozenset[int]
) -> dict[date, DayOff]:
    """``holidays`` and, for each one on a weekly rest day, a day off on the next working day
    (Labour Code Art. 111(3))."""
    out = dict(holidays)
    for day in sorted(holidays):
        if day.weekday() not in rest:
            continue
        nxt = day + timedelta(days=1)
        while nxt.weekday() in rest or nxt in out or nxt in extra_off:
            nxt += timedelta(days=1)
        h = holidays[day]
        out[nxt] = DayOff(
            "day_in_lieu",
            f"nghỉ bù {h.reason_vi}, trùng {weekday_name(day, 'vi')} {vn_date(day)}",
            f"day in lieu of {h.reason_en}, which fell on {weekday_name(day, 'en')} {vn_date(day)}",
        )
    return out


def _swaps(entry: Year | None) -> tuple[dict[date, DayOff], dict[date, tuple[str, str]]]:
    days_off: dict[date, DayOff] = {}
    working: dict[date, tuple[str, str]] = {}
    for notice in entry.notices if entry else []:
        for off in notice.days_off:
            vi, en = "ngày nghỉ hoán đổi", "swapped day off"
            if off.swap_with:
                vi += f" (làm bù {weekday_name(off.swap_with, 'vi')} {vn_date(off.swap_with)})"
                en += f" (worked on {weekday_name(off.swap_with, 'en')} {vn_date(off.swap_with)})"
            days_off[off.date] = DayOff("swapped_day_off", vi, en)
        for work in notice.working_days:
            vi, en = "ngày làm bù", "make-up working day"
            if work.swap_with:
                vi += f" (thay cho {vn_date(work.swap_with)})"
                en += f" (instead of {vn_date(work.swap_with)})"
            working[work.date] = (vi, en)
    return days_off, working


def build_year(data: HolidayData, year: int) -> YearCalendar:
    """The calendar of ``year`` from ``data``."""
    rest = data.weekly_rest.weekdays
    entry = data.year(year)
    lunar = data.lunar_year(year)
    swapped, working = _swaps(entry)
    tet = next((n.tet for n in entry.notices if n.tet), None) if entry else None
    adjacent = (
        next((n.national_day_adjacent for n in entry.notices if n.national_day_adjacent), None)
        if entry
        else None
    )
    sure = entry is not None and entry.status == "sure" and lunar is not None
    if tet is not None and adjacent is not None:
        holidays = _holidays(data, year, tet.days(), adjacent, estimated=False)
        days_off = _with_days_in_lieu(holidays, set(swapped), rest)
    else:  # every option the estimate allows counts as a day off
        days_off = {}
        tet_options = (
            [
                [lunar.tet + timedelta(days=i - before) for i in range(data.statutory.tet_days)]
                for before in data.estimate.tet_days_before
            ]
            if lunar
            else [[]]
        )
        sides = data.estimate.national_day_adjacent
        adjacent_options = [date(year, 9, 2) + timedelta(days=side) for side in sides]
        for tet_days, side_day in itertools.product(tet_options, adjacent_options):
            holidays = _holidays(data, year, tet_days, side_day, estimated=True)
            for day, off in _with_days_in_lieu(holidays, set(swapped), rest).items():
                days_off.setdefault(day, off)
    days_off.update(swapped)
    notes: list[tuple[str, str]] = []
    if lunar is None:
        notes.append(
            (
                f"bộ công cụ chưa có ngày âm lịch (Tết, Giỗ Tổ) của năm {year}",
                f"the kit has no lunar dates (Tết, Hung Kings' day) for {year}",
            )
        )
    if entry is None or entry.status != "sure":
        notes.append(
            (
                f"năm {year} chưa có thông báo lịch nghỉ đã xác minh ({data.estimate.note})",
                f"no verified holiday notice for {year} yet ({data.estimate.note_en})",
            )
        )
    return YearCalendar(year, "sure" if sure else "unsure", days_off, working, tuple(notes))


@cache
def year_calendar(year: int) -> YearCalendar:
    """The calendar of ``year`` from the shipped data."""
    return build_year(holiday_data(), year)


def _skip(cal: YearCalendar, day: date, rest: frozenset[int]) -> DayOff | None:
    if day in cal.working_days:
        return None
    if day in cal.days_off:
        return cal.days_off[day]
    if day.weekday() in rest:
        return DayOff(
            "weekend",
            f"{weekday_name(day, 'vi')}, ngày nghỉ hằng tuần",
            f"{weekday_name(day, 'en')}, weekly rest day",
        )
    return None


def skipped(day: date) -> DayOff | None:
    """Why ``day`` is not a working day of state agencies; None when it is one."""
    return _skip(year_calendar(day.year), day, holiday_data().weekly_rest.weekdays)


def day_status(day: date) -> tuple[Status, tuple[tuple[str, str], ...]]:
    """How sure the calendar is of ``day``, and why not when it is unsure."""
    cal = year_calendar(day.year)
    notes = list(cal.notes)
    for p in holiday_data().pending:
        if (day.month, day.day) == (p.month, p.day) and day.year >= p.from_year:
            notes.append(
                (
                    f"{p.day}/{p.month} ({p.name}): {p.note}",
                    f"{p.day}/{p.month} ({p.name_en}): {p.note_en}",
                )
            )
    return ("unsure" if notes else "sure"), tuple(notes)


def break_problems(data: HolidayData) -> list[str]:
    """Each announced break (``breaks`` of a notice) that the calendar built from ``data`` does not
    give: a day of it that would be a working day."""
    problems = []
    rest = data.weekly_rest.weekdays
    for entry in data.years:
        cal = build_year(data, entry.year)
        for notice in entry.notices:
            for span in notice.breaks:
                working = [d for d in span.days() if _skip(cal, d, rest) is None]
                if working:
                    days = ", ".join(vn_date(d) for d in working)
                    problems.append(
                        f"{entry.year}: đợt nghỉ {vn_date(span.start)}–{vn_date(span.end)} có ngày"
                        f" làm việc {days} / the announced break has working days {days}"
                    )
    return problems


def checked_holiday_data() -> HolidayData:
    """The shipped file read afresh and checked against the breaks its notices announce (for
    ``kit check``); a ValueError names what does not hold."""
    text = resources.files("kit").joinpath("rules", "holidays.yaml").read_text("utf-8")
    data = parse_holiday_data(text)
    problems = break_problems(data)
    if problems:
        raise ValueError("; ".join(problems))
    return data
