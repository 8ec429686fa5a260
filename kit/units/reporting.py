"""The yearly reporting date units are held to (``kit/rules/reporting.yaml``, with its source):
by default 20/11 of the review's year, counted inclusive, in Vietnam's time (UTC+7)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from functools import cache
from importlib import resources
from typing import Any

import yaml

from kit.core.errors import ConfigError

RULE_FILE = "reporting.yaml"


@dataclass(frozen=True)
class ReportingRule:
    day: int
    month: int
    inclusive: bool
    utc_offset_hours: int
    source: str
    source_en: str

    def deadline(self, period: int) -> date:
        """The last day a review of ``period`` is on time."""
        return date(period, self.month, self.day)

    def local_day(self, moment: datetime) -> date:
        """The day ``moment`` (aware; naive is taken as UTC) falls on where units report."""
        aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
        return aware.astimezone(timezone(timedelta(hours=self.utc_offset_hours))).date()

    def is_late(self, moment: datetime, period: int) -> bool:
        day, last = self.local_day(moment), self.deadline(period)
        return day > last if self.inclusive else day >= last


def _bad(what: str, what_en: str) -> ConfigError:
    return ConfigError(f"kit/rules/{RULE_FILE}: {what}.", f"kit/rules/{RULE_FILE}: {what_en}.")


def parse_rule(data: Any) -> ReportingRule:
    """The rule in the parsed file, checked (a wrong day, month or missing source is refused)."""
    if not isinstance(data, dict) or data.get("schema_version") != 1:
        raise _bad("cần schema_version: 1", "expected schema_version: 1")
    entry = data.get("yearly_report")
    if not isinstance(entry, dict):
        raise _bad("thiếu mục yearly_report", "the yearly_report entry is missing")
    numbers = [entry.get("day"), entry.get("month"), entry.get("utc_offset_hours", 7)]
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in numbers):
        raise _bad(
            "day, month, utc_offset_hours phải là số nguyên",
            "day, month, utc_offset_hours must be whole numbers",
        )
    day, month, offset = (int(v) for v in numbers)
    try:
        date(2024, month, day)  # a leap year: 29/2 is a real date
    except ValueError as exc:
        raise _bad(f"ngày {day}/{month} không có thật", f"{day}/{month} is not a date") from exc
    if not -12 <= offset <= 14:
        raise _bad("utc_offset_hours ngoài khoảng -12…14", "utc_offset_hours is outside -12…14")
    sources = [str(entry.get(k) or "").strip() for k in ("source", "source_en")]
    if not all(sources):
        raise _bad("thiếu nguồn (source, source_en)", "the source (source, source_en) is missing")
    inclusive = entry.get("inclusive", True)
    if not isinstance(inclusive, bool):
        raise _bad("inclusive phải là true hoặc false", "inclusive must be true or false")
    return ReportingRule(day, month, inclusive, offset, *sources)


@cache
def reporting_rule() -> ReportingRule:
    text = resources.files("kit").joinpath("rules", RULE_FILE).read_text("utf-8")
    return parse_rule(yaml.safe_load(text))
