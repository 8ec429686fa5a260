"""Items of lessons 1–5, the journalists' bank (lesson 10) and the extra lesson-6 bank: every item
names its level, most of them ask for more than recall, track A has items of its own, what users
read names documents rather than internal tags, and the answer keys agree with hand-checked figures
and dates (worked out from the notices and the briefs, not from the code under test)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from kit import api
from kit.content import schemas as s
from kit.grading.engine import computed_deadline

ROOT = Path(__file__).resolve().parent.parent
OWN_BANKS = (
    "l01-de-an-407",
    "l02-pham-vi-bon-tieu-chi",
    "l03-noi-dung-truyen-thong",
    "l04-hinh-thuc-kenh",
    "l05-viet-cho-cong-chung",
    "l06b-du-lieu-ca-nhan-phan-bien",
    "l10-bao-chi-dua-tin-du-thao",
)
NEW_BANKS = ("l06b-du-lieu-ca-nhan-phan-bien", "l10-bao-chi-dua-tin-du-thao")
CAT = api.load_content()
#: what a user must never read: the brief's source tags and repository words
INTERNAL = re.compile(r"\[seed|seed \d{3}|DOMAIN|§|\[báo chí|\[press|\[unsure|\[review|\.ya?ml\b")
USER_FIELDS = (
    "prompt",
    "prompt_en",
    "explanation",
    "source",
    "feedback_correct",
    "feedback_wrong",
    "feedback_true",
    "feedback_false",
    "model_answer",
    "scoring_note",
)


def _raw(bank: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((ROOT / "exercises" / f"{bank}.yaml").read_text("utf-8"))
    return data


def _items(banks: tuple[str, ...]) -> list[s.Item]:
    return [CAT.items[raw["id"]] for bank in banks for raw in _raw(bank)["items"]]


def _texts(item: s.Item) -> list[str]:
    texts = [str(getattr(item, f)) for f in USER_FIELDS if getattr(item, f, None)]
    for option in getattr(item, "options", []):
        texts += [option.text, option.feedback]
    for step in [
        *getattr(item, "steps", []),
        *getattr(item, "left", []),
        *getattr(item, "right", []),
    ]:
        texts.append(step.text)
    return texts


@pytest.mark.parametrize("bank", OWN_BANKS)
def test_every_item_of_the_bank_names_its_level_in_a_version_2_bank(bank: str) -> None:
    raw = _raw(bank)
    assert raw["schema_version"] == 2
    untagged = [it["id"] for it in raw["items"] if "level" not in it]
    assert untagged == []


def test_most_served_items_of_these_banks_ask_for_more_than_recall() -> None:
    served = [i for i in _items(OWN_BANKS) if not i.retired]
    beyond = [i for i in served if i.level != "recall"]
    assert len(beyond) / len(served) >= 0.7, (len(beyond), len(served))


@pytest.mark.parametrize("bank", NEW_BANKS)
def test_the_new_banks_hold_no_recall_item(bank: str) -> None:
    assert [i.id for i in _items((bank,)) if i.level == "recall"] == []


def test_track_a_has_at_least_25_items_of_its_own_and_the_journalists_bank_many_kinds() -> None:
    only_a = [i for i in CAT.served().values() if i.tracks == ["A"]]
    assert len(only_a) >= 25
    journalists = _items(("l10-bao-chi-dua-tin-du-thao",))
    assert all(i.tracks == ["A"] for i in journalists)
    assert len({i.type for i in journalists}) >= 6


@pytest.mark.parametrize("item", _items(OWN_BANKS), ids=lambda i: i.id)
def test_what_the_user_reads_holds_no_internal_tag(item: s.Item) -> None:
    found = [m.group(0) for t in _texts(item) for m in [INTERNAL.search(t)] if m]
    assert found == []


def test_the_duplicate_deadline_computation_is_retired_not_deleted_and_not_served() -> None:
    assert CAT.item("l04-ex-02").retired
    served = {i.id for i in CAT.exercises()}
    assert "l04-ex-02" not in served and "l07-ex-03" in served


@pytest.mark.parametrize(
    ("item_id", "expected", "why"),
    [
        ("l10-ex-21", date(2026, 4, 28), "day 30 is Sunday 26/4 (Giỗ Tổ), 27/4 its day in lieu"),
        ("l10-ex-22", date(2026, 2, 23), "day 30 is 19/2 (mùng 3 Tết), Tết runs to 22/2"),
        ("l10-ex-23", date(2026, 5, 4), "day 20 is 30/4, then 1/5 and a weekend"),
        ("l04-ex-03", date(2024, 12, 16), "day 30 is Sunday 15/12/2024"),
    ],
)
def test_a_deadline_item_answers_the_day_worked_out_by_hand(
    item_id: str, expected: date, why: str
) -> None:
    item = CAT.items[item_id]
    assert isinstance(item, s.DateItem)
    deadline = computed_deadline(item)
    assert deadline is not None and deadline.last_day == expected, why
    shown = f"{expected.day}/{expected.month}/{expected.year}"
    assert shown in item.feedback_correct.replace("/0", "/")


@pytest.mark.parametrize(
    ("item_id", "expected"),
    [
        ("l10-ex-05", 1200 * 30_000_000 / 1_000_000_000),  # households × ceiling, in billions
        ("l10-ex-06", (5000 - 4000) / 4000 * 100),  # increase over the old fee
    ],
)
def test_a_numeric_item_answers_the_brief_s_own_arithmetic(item_id: str, expected: float) -> None:
    item = CAT.items[item_id]
    assert isinstance(item, s.Numeric)
    assert item.answer == pytest.approx(expected)


def test_decision_407_scope_is_quoted_in_its_own_words() -> None:
    text = " ".join(_texts(CAT.items["l02-ex-04"]))
    assert "trên phạm vi cả nước hoặc trên phạm vi toàn tỉnh, thành phố trực thuộc trung ương" in (
        re.sub(r"\s+", " ", text)
    )
    assert "toàn quốc hoặc toàn tỉnh" not in text


@pytest.mark.parametrize("item", _items(OWN_BANKS), ids=lambda i: i.id)
def test_an_item_citing_the_2016_press_law_for_a_case_after_30_6_2026_names_the_new_law(
    item: s.Item,
) -> None:
    if "103/2016/QH13" not in item.source:
        return
    dates = [
        date(int(y), int(m), int(d))
        for d, m, y in re.findall(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b", item.prompt)
    ]
    months = [
        date(int(y), int(m), 1) for m, y in re.findall(r"tháng (\d{1,2})/(\d{4})", item.prompt)
    ]
    if any(d >= date(2026, 7, 1) for d in dates + months):
        assert "126/2025/QH15" in item.source


@pytest.mark.parametrize("item", _items(OWN_BANKS), ids=lambda i: i.id)
def test_the_civil_code_is_never_cited_as_a_press_source(item: s.Item) -> None:
    assert not re.search(r"Bộ luật Dân sự[^;]*(báo chí|press)", item.source)
