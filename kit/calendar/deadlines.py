"""Counting periods in days by a rule kept as data (``kit/rules/calendar.yaml``) over the working
calendar of state agencies (``kit/rules/holidays.yaml``, see :mod:`kit.calendar.workdays`).

``last_day(start, days, rule_id)``: under the Civil Code rule the period starts the day after
``start`` (the event, e.g. the day a draft is posted: Art. 147(2)); its nominal last day is
``start + days``; a last day that is not a working day (a weekly rest day, a public holiday, a day
in lieu, a swapped day off) moves to the next working day (Art. 148(5)). The result says which
days it skipped and why, how sure the rule is (``rule.status``) and how sure the calendar is of
the days it judged (``calendar_status``): a date beyond the announced years is ``unsure`` and
every caller shows "cần kiểm tra / to be checked", never a silent working day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from importlib import resources
from typing import Any, Literal

import yaml

from kit.calendar import workdays
from kit.calendar.holiday_data import Status
from kit.core.errors import InputError
from kit.core.schema import Strict

#: what every screen and document shows beside a deadline whose calendar is unsure
TO_CHECK = "cần kiểm tra / to be checked"
#: the same, in a document in Vietnamese only (a Decree 30/2020 document)
TO_CHECK_VI = "cần kiểm tra"
#: the longest run of days off the counting will step over (Tết with weekends is nine)
MAX_SKIPPED = 31


class CountingRule(Strict):
    id: str
    title: str
    title_en: str
    source: str
    source_en: str
    status: Status
    status_note: str = ""
    status_note_en: str = ""
    start: Literal["next_day", "same_day"]
    end_on_non_working_day: Literal["next_working_day", "unchanged"]


class CalendarData(Strict):
    schema_version: Literal[2]
    rules: list[CountingRule]


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


@dataclass(frozen=True)
class SkippedDay:
    """A day the last day moved past, and why it is not a working day."""

    date: date
    kind: workdays.Kind
    reason_vi: str
    reason_en: str

    def to_json(self) -> dict[str, str]:
        return {
            "date": self.date.isoformat(),
            "kind": self.kind,
            "reason_vi": self.reason_vi,
            "reason_en": self.reason_en,
        }


@dataclass(frozen=True)
class Deadline:
    start: date
    days: int
    nominal_end: date
    last_day: date
    #: the days skipped at the end, in order (empty when the nominal last day is a working day)
    moved_because: tuple[SkippedDay, ...]
    rule: CountingRule
    #: how sure the calendar is of every day judged (the nominal last day to the last day)
    calendar_status: Status
    #: why it is unsure: (vi, en) sentences, empty when sure
    calendar_notes: tuple[tuple[str, str], ...] = ()

    @property
    def to_check(self) -> bool:
        """Must a person check this deadline against the official calendar before relying on it?"""
        return self.calendar_status == "unsure"

    def to_json(self) -> dict[str, Any]:
        """The ``kit deadline --json`` contract (its keys are fixed)."""
        return {
            "from": self.start.isoformat(),
            "days": self.days,
            "nominal_last_day": self.nominal_end.isoformat(),
            "last_day": self.last_day.isoformat(),
            "moved_because": [s.to_json() for s in self.moved_because],
            "rule": {"id": self.rule.id, "source": self.rule.source, "status": self.rule.status},
            "calendar_status": self.calendar_status,
        }


def calendar_status(first: date, last: date) -> tuple[Status, tuple[tuple[str, str], ...]]:
    """How sure the calendar is of every day from ``first`` to ``last``, and why not."""
    notes: list[tuple[str, str]] = []
    day = first
    while day <= last:
        for note in workdays.day_status(day)[1]:
            if note not in notes:
                notes.append(note)
        day += timedelta(days=1)
    return ("unsure" if notes else "sure"), tuple(notes)


def last_day(start: date, days: int, rule_id: str) -> Deadline:
    """The last day of a ``days``-day period that follows ``start`` under rule ``rule_id``."""
    if days < 1:
        raise InputError("Số ngày phải lớn hơn 0.", "The number of days must be positive.")
    counting = rule(rule_id)
    first = start + timedelta(days=1) if counting.start == "next_day" else start
    nominal = end = first + timedelta(days=days - 1)
    moved: list[SkippedDay] = []
    if counting.end_on_non_working_day == "next_working_day":
        while (off := workdays.skipped(end)) is not None:
            moved.append(SkippedDay(end, off.kind, off.reason_vi, off.reason_en))
            if len(moved) > MAX_SKIPPED:
                raise InputError(
                    "Lịch nghỉ có quá nhiều ngày nghỉ liền nhau: kiểm tra dữ liệu ngày nghỉ lễ.",
                    "The holiday calendar has too many days off in a row: check its data.",
                )
            end += timedelta(days=1)
    status, notes = calendar_status(nominal, end)
    return Deadline(start, days, nominal, end, tuple(moved), counting, status, notes)
