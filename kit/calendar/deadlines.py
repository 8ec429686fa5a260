"""Counting periods in days by a rule kept as data (``kit/rules/calendar.yaml``).

``last_day(start, days, rule_id)``: the period starts the day after ``start`` (the event, e.g. the
day a draft is posted); its last day is ``start + days``; a last day that falls on a weekend or a
public holiday moves to the next working day. The rule and the holidays carry their source and
say when they are unsure: callers show that, never assert it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from importlib import resources
from typing import Literal

import yaml
from pydantic import Field

from kit.core.errors import InputError
from kit.core.schema import Strict

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


class CountingRule(Strict):
    id: str
    title: str
    title_en: str
    source: str
    status: Literal["sure", "unsure"]
    status_note: str = ""
    start: Literal["next_day", "same_day"]
    end_on_non_working_day: Literal["next_working_day", "unchanged"]
    non_working_weekdays: list[Literal[WEEKDAYS]]  # type: ignore[valid-type]


class FixedHoliday(Strict):
    month: int = Field(ge=1, le=12)
    day: int = Field(ge=1, le=31)
    name: str


class DatedHoliday(Strict):
    date: date
    name: str
    status: Literal["sure", "unsure"]


class Holidays(Strict):
    fixed: list[FixedHoliday]
    dated: list[DatedHoliday]
    tet_days_around_new_year: int = Field(ge=1, le=14)
    tet_note: str


class CalendarData(Strict):
    schema_version: Literal[1]
    rules: list[CountingRule]
    holidays: Holidays


@cache
def calendar_data() -> CalendarData:
    text = resources.files("kit").joinpath("rules", "calendar.yaml").read_text("utf-8")
    return CalendarData.model_validate(yaml.safe_load(text))


def rule(rule_id: str) -> CountingRule:
    for r in calendar_data().rules:
        if r.id == rule_id:
            return r
    raise InputError(
        f"Không có quy tắc tính thời hạn '{rule_id}'.", f"No counting rule '{rule_id}'."
    )


@cache
def holidays() -> dict[date, str]:
    """Every known public holiday from 2020 to 2035: fixed dates plus the dated lunar ones."""
    data = calendar_data().holidays
    out: dict[date, str] = {}
    for year in range(2020, 2036):
        for fixed in data.fixed:
            out[date(year, fixed.month, fixed.day)] = fixed.name
    for dated in data.dated:
        out[dated.date] = dated.name
        if dated.name.startswith("Mùng 1 Tết"):  # the Tết break around the lunar new year
            for offset in range(-1, data.tet_days_around_new_year - 1):
                out.setdefault(dated.date + timedelta(days=offset), f"Nghỉ Tết ({dated.name})")
    return out


def is_working_day(day: date, counting: CountingRule) -> bool:
    return WEEKDAYS[day.weekday()] not in counting.non_working_weekdays and day not in holidays()


@dataclass(frozen=True)
class Deadline:
    start: date
    days: int
    nominal_end: date
    last_day: date
    moved_because: str | None
    rule: CountingRule


def last_day(start: date, days: int, rule_id: str) -> Deadline:
    """The last day of a ``days``-day period that follows ``start`` under rule ``rule_id``."""
    if days < 1:
        raise InputError("Số ngày phải lớn hơn 0.", "The number of days must be positive.")
    counting = rule(rule_id)
    first = start + timedelta(days=1) if counting.start == "next_day" else start
    end = first + timedelta(days=days - 1)
    nominal, moved = end, None
    if counting.end_on_non_working_day == "next_working_day":
        while not is_working_day(end, counting):
            if moved is None:
                moved = holidays().get(end) or WEEKDAYS[end.weekday()]
            end += timedelta(days=1)
    return Deadline(start, days, nominal, end, moved, counting)
