"""Is the holiday data what a reviewer can trust: each year with its status and the notices it
comes from, named by the documents themselves, and refused or reported when it is inconsistent?"""

from __future__ import annotations

import re
import unicodedata
from importlib import resources

import pytest
import yaml
from pydantic import ValidationError

from kit import checks
from kit.calendar.holiday_data import holiday_data, parse_holiday_data
from kit.calendar.workdays import break_problems, checked_holiday_data

TEXT = resources.files("kit").joinpath("rules", "holidays.yaml").read_text("utf-8")
#: a document named by itself: its number and symbol, then its date
DOCUMENT = re.compile(r"số \d+/[A-ZĐ-]+-?[A-ZĐ-]* ngày \d{2}/\d{1,2}/\d{4}")


def edited(change: str, to: str) -> str:
    assert change in TEXT
    return TEXT.replace(change, to, 1)


def test_the_years_of_the_scheme_have_their_status() -> None:
    status = {y.year: y.status for y in holiday_data().years}
    assert status == {
        2022: "sure",
        2023: "sure",
        2024: "sure",
        2025: "sure",
        2026: "sure",
        2027: "unsure",
    }


def test_every_notice_is_named_by_the_document_itself() -> None:
    for year in holiday_data().years:
        for notice in year.notices:
            assert DOCUMENT.search(notice.source), notice.source


def test_no_user_facing_text_names_a_seed_a_domain_section_or_a_file() -> None:
    data = holiday_data()
    texts = [data.statutory.source, data.statutory.notice_source, data.lunar.source]
    texts += [data.estimate.note, data.estimate.note_en]
    texts += [t for p in data.pending for t in (p.source, p.note, p.note_en, p.name)]
    texts += [t for y in data.years for t in (y.note, y.note_en)]
    texts += [n.source for y in data.years for n in y.notices]
    for text in texts:
        assert not re.search(r"seed|DOMAIN|§|\.yaml|kit/", text), text


@pytest.mark.parametrize("name", ["holidays.yaml", "calendar.yaml"])
def test_the_rule_files_are_nfc(name: str) -> None:
    text = resources.files("kit").joinpath("rules", name).read_text("utf-8")
    assert unicodedata.normalize("NFC", text) == text


def test_kit_check_reads_the_holiday_file_and_finds_it_consistent() -> None:
    assert checks._loaders()["holidays.yaml"] is checked_holiday_data
    assert break_problems(checked_holiday_data()) == []


def test_an_announced_break_the_calendar_does_not_give_is_reported() -> None:
    wrong = parse_holiday_data(
        edited("- {from: 2024-02-08, to: 2024-02-14}", "- {from: 2024-02-08, to: 2024-02-15}")
    )
    problems = break_problems(wrong)
    assert len(problems) == 1 and "15/02/2024" in problems[0]


@pytest.mark.parametrize(
    ("change", "to", "why"),
    [
        (
            "tet: {from: 2024-02-08, to: 2024-02-12}",
            "tet: {from: 2024-02-11, to: 2024-02-15}",
            "mùng 1",
        ),
        (
            "tet: {from: 2025-01-27, to: 2025-01-31}",
            "tet: {from: 2025-01-27, to: 2025-01-30}",
            "5 ngày Tết",
        ),
        (
            "{date: 2025-04-26, swap_with: 2025-05-02}",
            "{date: 2025-04-25, swap_with: 2025-05-02}",
            "làm bù",
        ),
        (
            "{date: 2024-04-29, swap_with: 2024-05-04}",
            "{date: 2024-04-29, swap_with: 2024-05-11}",
            "không khớp",
        ),
        ("national_day_adjacent: 2024-09-03", "national_day_adjacent: 2024-09-04", "1/9 hoặc 3/9"),
        ("gio_to: 2027-04-16}", "gio_to: 2027-06-16}", "Giỗ Tổ"),
    ],
)
def test_inconsistent_holiday_data_is_refused_with_the_reason(
    change: str, to: str, why: str
) -> None:
    with pytest.raises(ValidationError) as exc:
        parse_holiday_data(edited(change, to))
    assert why in str(exc.value)


def test_a_sure_year_needs_the_notice_that_picks_its_tet_days() -> None:
    data = yaml.safe_load(TEXT)
    year = next(y for y in data["years"] if y["year"] == 2027)
    year["status"] = "sure"
    with pytest.raises(ValidationError) as exc:
        parse_holiday_data(yaml.safe_dump(data, allow_unicode=True))
    assert "năm 'sure' cần ngày Tết" in str(exc.value)
