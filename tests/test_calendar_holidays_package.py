"""Does the kit's holiday data agree with the `holidays` package (Vietnam)?

The package is a check, not the source: the kit's data comes from the Labour Code and the yearly
notices. Every difference between the two is listed here with the reason, so a new disagreement
(a typo in the data, a lunar date off by one) fails this test.
"""

from __future__ import annotations

import re
from datetime import date

import holidays
import pytest

from kit.calendar.holiday_data import holiday_data
from kit.calendar.workdays import year_calendar

SURE_YEARS = range(2022, 2027)
LUNAR_YEARS = [y.year for y in holiday_data().lunar.years]
#: days off the kit has and the package lacks, with why the kit has them
KIT_ONLY_DAYS_OFF = {
    date(2026, 1, 2): "Công văn 12729/VPCP-KGVX ngày 25/12/2025: thứ Sáu 02/01 hoán đổi",
}
#: make-up working days the kit has and the package does not name
KIT_ONLY_WORKING_DAYS = {
    date(2026, 1, 10): "Công văn 12729/VPCP-KGVX ngày 25/12/2025: làm bù thứ Bảy 10/01",
}
#: a day the package lists that the kit does not treat as a day off (not yet law)
PACKAGE_ONLY = "Vietnam Cultural Day"


def package(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("VN", years=year)


def named(year: int, name: str) -> date:
    return next(d for d, n in package(year).items() if n == name)


@pytest.mark.parametrize("year", LUNAR_YEARS)
def test_the_lunar_new_year_and_the_hung_kings_day_match_the_package(year: int) -> None:
    lunar = holiday_data().lunar_year(year)
    assert lunar is not None
    assert lunar.tet == named(year, "Lunar New Year")
    assert lunar.gio_to == named(year, "Hung Kings' Commemoration Day")


@pytest.mark.parametrize("year", LUNAR_YEARS)
def test_the_labour_code_solar_holidays_are_days_off_in_both(year: int) -> None:
    days = package(year)
    cal = year_calendar(year)
    for month, day in ((1, 1), (4, 30), (5, 1), (9, 2)):
        assert date(year, month, day) in days
        assert cal.days_off[date(year, month, day)].kind == "holiday"


@pytest.mark.parametrize("year", SURE_YEARS)
def test_in_the_announced_years_the_weekday_days_off_are_the_packages_but_the_listed_ones(
    year: int,
) -> None:
    cal = year_calendar(year)
    assert cal.status == "sure"
    ours = {d for d in cal.days_off if d.weekday() < 5}
    theirs = {
        d for d, n in package(year).items() if d.weekday() < 5 and not n.startswith(PACKAGE_ONLY)
    }
    assert ours - theirs == {d for d in KIT_ONLY_DAYS_OFF if d.year == year}
    assert theirs - ours == set()


@pytest.mark.parametrize("year", SURE_YEARS)
def test_the_make_up_working_saturdays_are_the_packages_but_the_listed_ones(year: int) -> None:
    theirs = set()
    for name in package(year).values():
        if match := re.search(r"substituted from (\d\d)/(\d\d)/(\d{4})", name):
            month, day, y = (int(g) for g in match.groups())
            theirs.add(date(y, month, day))
    ours = set(year_calendar(year).working_days)
    assert ours - theirs == {d for d in KIT_ONLY_WORKING_DAYS if d.year == year}
    assert theirs - ours == set()


@pytest.mark.parametrize("year", [y for y in LUNAR_YEARS if y not in SURE_YEARS])
def test_in_a_year_without_a_notice_every_package_day_off_is_one_for_the_kit_too(
    year: int,
) -> None:
    cal = year_calendar(year)
    assert cal.status == "unsure"
    theirs = {
        d for d, n in package(year).items() if d.weekday() < 5 and not n.startswith(PACKAGE_ONLY)
    }
    assert theirs <= set(cal.days_off)  # the kit's estimate is the wider one


def test_24_november_is_a_package_holiday_but_not_a_day_off_for_the_kit() -> None:
    assert package(2026).get(date(2026, 11, 24)) == PACKAGE_ONLY
    assert date(2026, 11, 24) not in year_calendar(2026).days_off
    pending = next(p for p in holiday_data().pending if (p.month, p.day) == (11, 24))
    assert (pending.day_off, pending.status, pending.from_year) == (False, "unsure", 2026)
