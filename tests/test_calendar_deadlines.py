"""Does a period in days end where the official calendar says, in every year of the scheme?

Each expected last day below is written by hand from the notices (and the Labour Code for the
days in lieu), not from the kit: a period of 30 days is chosen whose nominal last day falls on the
day in question, and the expected last day is the first working day of state agencies from there.

Sources: Công văn 245/VPCP-KGVX (11/01/2022); Thông báo 5034/TB-LĐTBXH (07/12/2022); Thông báo
5015/TB-LĐTBXH (22/11/2023); Công văn 2450/VPCP-KGVX (12/4/2024); Thông báo 6150/TB-BLĐTBXH
(03/12/2024); Công văn 12729/VPCP-KGVX (25/12/2025); Thông báo 9441/TB-BNV (16/10/2025); Bộ luật
Lao động 2019, Điều 111 khoản 3 and Điều 112.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from kit.calendar.deadlines import TO_CHECK, last_day, rule
from kit.calendar.explain import explain

RULE = "bo-luat-dan-su-2015"
DAYS = 30

# (the nominal last day, what it is, the expected last day)
SURE = [
    # 2022 — Công văn 245/VPCP-KGVX: Tết 31/01–04/02, Quốc khánh 01–02/9
    (date(2022, 1, 1), "Tết Dương lịch, Saturday", date(2022, 1, 4)),
    (date(2022, 1, 3), "day in lieu of 1/1 (Monday)", date(2022, 1, 4)),
    (date(2022, 1, 31), "Tết, 29 tháng Chạp", date(2022, 2, 7)),
    (date(2022, 2, 1), "mùng 1 Tết Nhâm Dần", date(2022, 2, 7)),
    (date(2022, 2, 4), "mùng 4 Tết, last Tết day", date(2022, 2, 7)),
    (date(2022, 4, 10), "Giỗ Tổ, Sunday", date(2022, 4, 12)),
    (date(2022, 4, 11), "day in lieu of Giỗ Tổ", date(2022, 4, 12)),
    (date(2022, 4, 30), "30/4, Saturday", date(2022, 5, 4)),
    (date(2022, 5, 1), "1/5, Sunday", date(2022, 5, 4)),
    (date(2022, 5, 2), "day in lieu of 30/4", date(2022, 5, 4)),
    (date(2022, 5, 3), "day in lieu of 1/5", date(2022, 5, 4)),
    (date(2022, 9, 1), "Quốc khánh, adjacent day", date(2022, 9, 5)),
    (date(2022, 9, 2), "Quốc khánh", date(2022, 9, 5)),
    # 2023 — Thông báo 5034/TB-LĐTBXH: Tết 20–26/01, Quốc khánh 01–04/9
    (date(2023, 1, 1), "Tết Dương lịch, Sunday", date(2023, 1, 3)),
    (date(2023, 1, 2), "day in lieu of 1/1", date(2023, 1, 3)),
    (date(2023, 1, 20), "Tết, 29 tháng Chạp", date(2023, 1, 27)),
    (date(2023, 1, 22), "mùng 1 Tết Quý Mão, Sunday", date(2023, 1, 27)),
    (date(2023, 1, 25), "Tết day in lieu", date(2023, 1, 27)),
    (date(2023, 1, 26), "Tết day in lieu, last day off", date(2023, 1, 27)),
    (date(2023, 4, 29), "Giỗ Tổ, Saturday", date(2023, 5, 4)),
    (date(2023, 4, 30), "30/4, Sunday", date(2023, 5, 4)),
    (date(2023, 5, 1), "1/5, Monday", date(2023, 5, 4)),
    (date(2023, 5, 2), "day in lieu of Giỗ Tổ", date(2023, 5, 4)),
    (date(2023, 5, 3), "day in lieu of 30/4", date(2023, 5, 4)),
    (date(2023, 9, 1), "Quốc khánh, adjacent day (Friday)", date(2023, 9, 5)),
    (date(2023, 9, 2), "Quốc khánh, Saturday", date(2023, 9, 5)),
    (date(2023, 9, 4), "day in lieu of 2/9", date(2023, 9, 5)),
    # 2024 — Thông báo 5015/TB-LĐTBXH: Tết 08–14/02, Quốc khánh 31/8–03/9;
    # Công văn 2450/VPCP-KGVX: off 29/4, make-up Saturday 04/5
    (date(2024, 1, 1), "Tết Dương lịch, Monday", date(2024, 1, 2)),
    (date(2024, 2, 8), "Tết, 29 tháng Chạp", date(2024, 2, 15)),
    (date(2024, 2, 10), "mùng 1 Tết Giáp Thìn, Saturday", date(2024, 2, 15)),
    (date(2024, 2, 13), "Tết day in lieu", date(2024, 2, 15)),
    (date(2024, 2, 14), "Tết day in lieu, last day off", date(2024, 2, 15)),
    (date(2024, 4, 18), "Giỗ Tổ, Thursday", date(2024, 4, 19)),
    (date(2024, 4, 27), "Saturday before the 30/4 break", date(2024, 5, 2)),
    (date(2024, 4, 29), "swapped day off", date(2024, 5, 2)),
    (date(2024, 4, 30), "30/4", date(2024, 5, 2)),
    (date(2024, 5, 1), "1/5", date(2024, 5, 2)),
    (date(2024, 5, 4), "make-up working Saturday", date(2024, 5, 4)),
    (date(2024, 8, 31), "Saturday before Quốc khánh", date(2024, 9, 4)),
    (date(2024, 9, 2), "Quốc khánh, Monday", date(2024, 9, 4)),
    (date(2024, 9, 3), "Quốc khánh, adjacent day", date(2024, 9, 4)),
    # 2025 — Thông báo 6150/TB-BLĐTBXH: Tết 25/01–02/02, off 02/5 with make-up 26/4,
    # Quốc khánh 30/8–02/9
    (date(2025, 1, 1), "Tết Dương lịch, Wednesday", date(2025, 1, 2)),
    (date(2025, 1, 27), "Tết, 28 tháng Chạp", date(2025, 2, 3)),
    (date(2025, 1, 29), "mùng 1 Tết Ất Tỵ", date(2025, 2, 3)),
    (date(2025, 1, 31), "mùng 3 Tết, last Tết day", date(2025, 2, 3)),
    (date(2025, 4, 7), "Giỗ Tổ, Monday", date(2025, 4, 8)),
    (date(2025, 4, 26), "make-up working Saturday", date(2025, 4, 26)),
    (date(2025, 4, 30), "30/4", date(2025, 5, 5)),
    (date(2025, 5, 1), "1/5", date(2025, 5, 5)),
    (date(2025, 5, 2), "swapped day off", date(2025, 5, 5)),
    (date(2025, 9, 1), "Quốc khánh, adjacent day", date(2025, 9, 3)),
    (date(2025, 9, 2), "Quốc khánh", date(2025, 9, 3)),
    # 2026 — Công văn 12729/VPCP-KGVX: off 02/01 with make-up 10/01; Thông báo 9441/TB-BNV:
    # Tết 14–22/02, off 31/8 with make-up 22/8, Quốc khánh 01–02/9
    (date(2026, 1, 1), "Tết Dương lịch, Thursday", date(2026, 1, 5)),
    (date(2026, 1, 2), "swapped day off", date(2026, 1, 5)),
    (date(2026, 1, 10), "make-up working Saturday", date(2026, 1, 10)),
    (date(2026, 2, 16), "Tết, 29 tháng Chạp", date(2026, 2, 23)),
    (date(2026, 2, 17), "mùng 1 Tết Bính Ngọ", date(2026, 2, 23)),
    (date(2026, 2, 20), "mùng 4 Tết, last Tết day", date(2026, 2, 23)),
    (date(2026, 4, 26), "Giỗ Tổ, Sunday", date(2026, 4, 28)),
    (date(2026, 4, 27), "day in lieu of Giỗ Tổ", date(2026, 4, 28)),
    (date(2026, 4, 30), "30/4, Thursday", date(2026, 5, 4)),
    (date(2026, 5, 1), "1/5, Friday", date(2026, 5, 4)),
    (date(2026, 8, 22), "make-up working Saturday", date(2026, 8, 22)),
    (date(2026, 8, 31), "swapped day off", date(2026, 9, 3)),
    (date(2026, 9, 1), "Quốc khánh, adjacent day", date(2026, 9, 3)),
    (date(2026, 9, 2), "Quốc khánh", date(2026, 9, 3)),
    # weekends and ordinary days
    (date(2024, 11, 6), "an ordinary Wednesday", date(2024, 11, 6)),
    (date(2024, 11, 16), "an ordinary Saturday", date(2024, 11, 18)),
    (date(2024, 12, 15), "an ordinary Sunday", date(2024, 12, 16)),
]

# 2027 has no verified notice: the Labour Code days are known, the Tết days and the day next to
# National Day are not; every possible day off is skipped and the result is to be checked.
UNSURE = [
    (date(2027, 1, 1), "Tết Dương lịch, Friday", date(2027, 1, 4)),
    (date(2027, 2, 7), "mùng 2 Tết Đinh Mùi, Sunday", date(2027, 2, 12)),
    (date(2027, 2, 8), "mùng 3 Tết", date(2027, 2, 12)),
    (date(2027, 4, 16), "Giỗ Tổ, Friday", date(2027, 4, 19)),
    (date(2027, 4, 30), "30/4, Friday; 1/5 Saturday", date(2027, 5, 4)),
    (date(2027, 9, 2), "Quốc khánh, Thursday", date(2027, 9, 6)),
    (date(2030, 3, 31), "an ordinary Sunday in 2030", date(2030, 4, 1)),
]


@pytest.mark.parametrize(("nominal", "what", "expected"), SURE, ids=[w for _, w, _ in SURE])
def test_a_period_ending_on_a_day_off_ends_on_the_next_working_day_of_the_notices(
    nominal: date, what: str, expected: date
) -> None:
    d = last_day(nominal - timedelta(days=DAYS), DAYS, RULE)
    assert d.nominal_end == nominal
    assert d.last_day == expected, what
    assert d.calendar_status == "sure"
    assert [s.date for s in d.moved_because] == [
        nominal + timedelta(days=i) for i in range((expected - nominal).days)
    ]


@pytest.mark.parametrize(("nominal", "what", "expected"), UNSURE, ids=[w for _, w, _ in UNSURE])
def test_a_period_ending_in_a_year_without_a_notice_is_to_be_checked(
    nominal: date, what: str, expected: date
) -> None:
    d = last_day(nominal - timedelta(days=DAYS), DAYS, RULE)
    assert d.last_day == expected, what
    assert d.calendar_status == "unsure" and d.to_check
    assert d.calendar_notes
    for lang in ("vi", "en"):
        assert TO_CHECK in explain(d, lang)


@pytest.mark.parametrize(
    ("posted", "expected", "status", "first_skipped"),
    [
        # Friday 16/4/2027 is Giỗ Tổ (10/3 âm lịch): not the last day any more
        (date(2027, 3, 17), date(2027, 4, 19), "unsure", "holiday"),
        # Monday 8/2/2027 is mùng 3 Tết: the whole possible Tết break is skipped
        (date(2027, 1, 8), date(2027, 2, 12), "unsure", "holiday"),
        # Monday 27/4/2026 is the day in lieu of Giỗ Tổ (Sunday 26/4)
        (date(2026, 3, 27), date(2026, 4, 28), "sure", "holiday"),
    ],
)
def test_the_three_deadlines_the_legal_review_measured(
    posted: date, expected: date, status: str, first_skipped: str
) -> None:
    d = last_day(posted, 30, RULE)
    assert (d.last_day, d.calendar_status) == (expected, status)
    assert d.moved_because[0].kind == first_skipped


def test_each_skipped_day_says_why_in_both_languages() -> None:
    d = last_day(date(2026, 3, 27), 30, RULE)
    assert [(s.date, s.kind) for s in d.moved_because] == [
        (date(2026, 4, 26), "holiday"),
        (date(2026, 4, 27), "day_in_lieu"),
    ]
    assert d.moved_because[0].reason_vi.startswith("Giỗ Tổ Hùng Vương")
    assert "Hung Kings" in d.moved_because[0].reason_en
    assert "nghỉ bù" in d.moved_because[1].reason_vi
    assert "in lieu" in d.moved_because[1].reason_en
    swap = last_day(date(2024, 3, 30), 30, RULE).moved_because[0]  # nominal 29/4/2024
    assert (swap.kind, swap.date) == ("swapped_day_off", date(2024, 4, 29))
    assert "04/05/2024" in swap.reason_vi


def test_a_weekday_that_is_a_working_day_does_not_move() -> None:
    d = last_day(date(2024, 10, 7), 30, RULE)
    assert (d.nominal_end, d.last_day, d.moved_because) == (
        date(2024, 11, 6),
        date(2024, 11, 6),
        (),
    )


def test_a_date_past_the_lunar_table_is_to_be_checked_and_says_why() -> None:
    d = last_day(date(2036, 3, 2), 30, RULE)
    assert d.calendar_status == "unsure"
    assert any("2036" in vi and "âm lịch" in vi for vi, _ in d.calendar_notes)


def test_24_november_is_not_a_day_off_but_is_to_be_checked_from_2026() -> None:
    d = last_day(date(2026, 10, 25), 30, RULE)  # nominal Tuesday 24/11/2026
    assert (d.last_day, d.moved_because) == (date(2026, 11, 24), ())
    assert d.calendar_status == "unsure"
    assert any("Ngày Văn hóa Việt Nam" in vi for vi, _ in d.calendar_notes)
    assert last_day(date(2025, 10, 25), 30, RULE).calendar_status == "sure"  # 24/11/2025


def test_the_counting_rule_cites_the_day_rule_and_the_end_rule_with_its_certainty() -> None:
    r = rule(RULE)
    assert "Điều 147 khoản 2" in r.source and "Điều 148 khoản 5" in r.source
    assert "Điều 147 khoản 1" not in r.source
    assert "Art. 147(2)" in r.source_en and "Art. 148(5)" in r.source_en
    assert r.status == "unsure" and r.status_note and r.status_note_en


def test_a_period_of_zero_days_is_refused() -> None:
    from kit.core.errors import InputError

    with pytest.raises(InputError):
        last_day(date(2026, 1, 5), 0, RULE)


def test_the_explanation_names_the_days_and_the_basis_vietnamese_and_english() -> None:
    d = last_day(date(2027, 3, 17), 30, RULE)
    vi, en = explain(d, "vi"), explain(d, "en")
    assert "16/04/2027" in vi and "thứ Hai 19/04/2027" in vi and "Giỗ Tổ Hùng Vương" in vi
    assert "CẦN KIỂM TRA" in vi and "Điều 148 khoản 5" in vi
    assert "Monday 19/04/2027" in en and "TO BE CHECKED" in en and "Art. 148(5)" in en
    sure = explain(last_day(date(2024, 11, 15), 30, RULE), "vi")
    assert "CẦN KIỂM TRA" not in sure and "thứ Hai 16/12/2024." in sure
