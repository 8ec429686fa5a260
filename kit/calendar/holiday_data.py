"""The schema of ``kit/rules/holidays.yaml``: the weekly rest days and public holidays of state
agencies, year by year, with the notices they come from.

The file holds what the law fixes (the Labour Code's solar holidays, the lunar dates of Tết and the
Hung Kings' day), what each year's government notice decides (the five Tết days, the day next to
National Day, swapped days off and make-up working days, and the breaks it announces) and what the
kit assumes for a year without a verified notice. Building the calendar from it is
:mod:`kit.calendar.workdays`.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from importlib import resources
from typing import Literal

import yaml
from pydantic import Field, model_validator

from kit.core.schema import Strict

Status = Literal["sure", "unsure"]
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
#: days from Tết to the Hung Kings' day (10th of the 3rd lunar month), a leap month included
GIO_TO_AFTER_TET = (60, 100)


class WeeklyRest(Strict):
    days: list[Weekday] = Field(min_length=1, max_length=3)
    source: str

    @property
    def weekdays(self) -> frozenset[int]:
        """The rest days as ``date.weekday()`` numbers (Monday is 0)."""
        return frozenset(WEEKDAYS.index(d) for d in self.days)


class SolarHoliday(Strict):
    month: int = Field(ge=1, le=12)
    day: int = Field(ge=1, le=31)
    name: str
    name_en: str


class Statutory(Strict):
    source: str
    in_lieu_source: str
    notice_source: str
    solar: list[SolarHoliday]
    tet_days: int = Field(ge=1, le=10)
    tet_name: str
    tet_name_en: str
    gio_to_name: str
    gio_to_name_en: str
    national_day_adjacent_name: str
    national_day_adjacent_name_en: str


class LunarYear(Strict):
    year: int = Field(ge=2000, le=2100)
    tet: dt.date
    gio_to: dt.date

    @model_validator(mode="after")
    def _plausible(self) -> LunarYear:
        if not dt.date(self.year, 1, 19) <= self.tet <= dt.date(self.year, 2, 21):
            raise ValueError(f"{self.year}: mùng 1 Tết phải trong 19/01–21/02 / Tết out of range")
        after = (self.gio_to - self.tet).days
        if not GIO_TO_AFTER_TET[0] <= after <= GIO_TO_AFTER_TET[1]:
            raise ValueError(f"{self.year}: Giỗ Tổ không khớp với ngày Tết / Hung Kings' day off")
        return self


class Lunar(Strict):
    source: str
    years: list[LunarYear]


class Pending(Strict):
    """A day announced as a future holiday that no law has made one yet: not a day off."""

    id: str
    month: int = Field(ge=1, le=12)
    day: int = Field(ge=1, le=31)
    from_year: int
    name: str
    name_en: str
    day_off: Literal[False]
    status: Literal["unsure"]
    source: str
    note: str
    note_en: str


class Estimate(Strict):
    """What the kit assumes for a year without a verified notice (every option counts as off)."""

    tet_days_before: list[int] = Field(min_length=1)
    national_day_adjacent: list[Literal[-1, 1]] = Field(min_length=1)
    note: str
    note_en: str


class Span(Strict):
    start: dt.date = Field(alias="from")
    end: dt.date = Field(alias="to")

    @model_validator(mode="after")
    def _ordered(self) -> Span:
        if self.end < self.start:
            raise ValueError(
                f"{self.start} > {self.end}: 'from' phải trước 'to' / 'from' after 'to'"
            )
        return self

    def days(self) -> list[dt.date]:
        return [self.start + dt.timedelta(days=i) for i in range((self.end - self.start).days + 1)]


class ExtraDay(Strict):
    """A day off or a working day a notice adds; ``swap_with`` is the other day of a swap."""

    date: dt.date
    swap_with: dt.date | None = None


class Notice(Strict):
    """One government notice (or the Government Office's letter that carries the decision)."""

    source: str
    #: the five Tết days the notice picks (Labour Code Art. 112(1)(b) and (3))
    tet: Span | None = None
    #: the day before or after 2 September the notice picks (Art. 112(1)(đ) and (3))
    national_day_adjacent: dt.date | None = None
    days_off: list[ExtraDay] = Field(default_factory=list)
    working_days: list[ExtraDay] = Field(default_factory=list)
    #: the breaks the notice announces, as printed: the kit checks its calendar gives them
    breaks: list[Span] = Field(default_factory=list)


class Year(Strict):
    year: int = Field(ge=2000, le=2100)
    status: Status
    note: str = ""
    note_en: str = ""
    notices: list[Notice]

    @model_validator(mode="after")
    def _consistent(self) -> Year:
        y = self.year
        tets = [n.tet for n in self.notices if n.tet]
        adjacent = [n.national_day_adjacent for n in self.notices if n.national_day_adjacent]
        if len(tets) > 1 or len(adjacent) > 1:
            raise ValueError(f"{y}: Tết hoặc ngày liền kề Quốc khánh ghi hai lần / given twice")
        if self.status == "sure" and not (tets and adjacent):
            raise ValueError(
                f"{y}: năm 'sure' cần ngày Tết và ngày liền kề Quốc khánh từ thông báo"
                " / a sure year needs the notice's Tết days and National Day's adjacent day"
            )
        for day in adjacent:
            if day not in (dt.date(y, 9, 1), dt.date(y, 9, 3)):
                raise ValueError(f"{y}: ngày liền kề Quốc khánh là 1/9 hoặc 3/9 / 1 or 3 Sept")
        for n in self.notices:
            dates = [d.date for d in (*n.days_off, *n.working_days)]
            dates += [d for s in (n.tet, *n.breaks) if s for d in (s.start, s.end)]
            if any(d.year != y for d in dates):
                raise ValueError(f"{y}: ngày ngoài năm {y} / a date outside {y}")
        return self


class HolidayData(Strict):
    schema_version: Literal[1]
    weekly_rest: WeeklyRest
    statutory: Statutory
    lunar: Lunar
    pending: list[Pending]
    estimate: Estimate
    years: list[Year]

    @model_validator(mode="after")
    def _checked(self) -> HolidayData:
        for what, values in (
            ("lunar.years", [y.year for y in self.lunar.years]),
            ("years", [y.year for y in self.years]),
        ):
            if len(values) != len(set(values)):
                raise ValueError(f"{what}: năm ghi hai lần / a year listed twice")
        lunar = {y.year: y for y in self.lunar.years}
        rest = self.weekly_rest.weekdays
        for year in self.years:
            if year.status == "sure" and year.year not in lunar:
                raise ValueError(f"{year.year}: thiếu ngày âm lịch / no lunar dates")
            for n in year.notices:
                _check_notice(n, lunar.get(year.year), rest, self.statutory.tet_days)
        return self

    def lunar_year(self, year: int) -> LunarYear | None:
        return next((y for y in self.lunar.years if y.year == year), None)

    def year(self, year: int) -> Year | None:
        return next((y for y in self.years if y.year == year), None)


def _check_notice(n: Notice, lunar: LunarYear | None, rest: frozenset[int], tet_days: int) -> None:
    if n.tet is not None:
        days = n.tet.days()
        if len(days) != tet_days or (lunar is not None and lunar.tet not in days):
            raise ValueError(
                f"{n.tet.start}: {tet_days} ngày Tết phải liền nhau và gồm mùng 1"
                f" / the {tet_days} Tết days must be consecutive and hold the first day"
            )
    for off in n.days_off:
        if off.date.weekday() in rest:
            raise ValueError(f"{off.date}: ngày nghỉ thêm trùng ngày nghỉ hằng tuần / a rest day")
    for work in n.working_days:
        if work.date.weekday() not in rest:
            raise ValueError(
                f"{work.date}: ngày làm bù phải là ngày nghỉ hằng tuần / not a rest day"
            )
    swaps = {(d.date, d.swap_with) for d in n.days_off if d.swap_with}
    back = {(d.swap_with, d.date) for d in n.working_days if d.swap_with}
    if swaps != back:
        raise ValueError("ngày hoán đổi và ngày làm bù không khớp / swapped days do not pair up")


def parse_holiday_data(text: str) -> HolidayData:
    """``text`` (the YAML of ``holidays.yaml``) validated."""
    return HolidayData.model_validate(yaml.safe_load(text))


@cache
def holiday_data() -> HolidayData:
    """The shipped ``kit/rules/holidays.yaml``, read once."""
    text = resources.files("kit").joinpath("rules", "holidays.yaml").read_text("utf-8")
    return parse_holiday_data(text)
