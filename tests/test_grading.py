"""Does every item score full marks for its key and less for a wrong answer, and does text
compare as a Vietnamese reader would?"""

from __future__ import annotations

import json
import subprocess
import sys
import unicodedata
from datetime import date

import pytest

from kit import api
from kit.calendar.deadlines import last_day
from kit.content import schemas as s
from kit.core.errors import InputError
from kit.core.text import fold, same
from kit.grading.answers import coerce
from kit.grading.engine import accepted_answers, grade

CAT = api.load_content()
ITEMS = sorted(CAT.items.values(), key=lambda i: i.id)


def wrong_answer(item: s.Item) -> object:
    """An answer that is not the key (for writing: an empty-ish text)."""
    match item:
        case s.SingleChoice():
            return next(o.id for o in item.options if not o.correct)
        case s.MultipleSelect():
            wrong = [o.id for o in item.options if not o.correct]
            return ",".join(wrong) if wrong else item.options[0].id
        case s.TrueFalse():
            return "false" if item.answer else "true"
        case s.Ordering():
            return ",".join(reversed([st.id for st in item.steps]))
        case s.Matching():
            lefts = list(item.answer)
            rights = [item.answer[k] for k in lefts]
            return ",".join(f"{k}={v}" for k, v in zip(lefts, rights[1:] + rights[:1], strict=True))
        case s.Numeric():
            return str(item.answer + item.tolerance + 1)
        case s.DateItem():
            return "01/01/1999"
        case s.ShortText():
            return "không biết"
        case s.Scenario():
            return "unknown" if item.answer != "unknown" else "in"
        case s.Writing():
            return "Không."
    raise TypeError(item)


@pytest.mark.parametrize("item", ITEMS, ids=lambda i: i.id)
def test_the_key_scores_full_marks(item: s.Item) -> None:
    for answer in accepted_answers(item):
        graded = grade(item, answer)
        assert graded.full_marks, (answer, graded.feedback)
        assert graded.explanation and graded.source


@pytest.mark.parametrize("item", ITEMS, ids=lambda i: i.id)
def test_a_wrong_answer_scores_less(item: s.Item) -> None:
    assert grade(item, wrong_answer(item)).score < grade(item, accepted_answers(item)[0]).score


def test_old_and_new_tone_placement_nfd_and_d_lookalikes_fold_together() -> None:
    assert same("hoà", "hòa") and same("thuỷ", "thủy") and same("Khoẻ", "khỏe")
    assert same(unicodedata.normalize("NFD", "Quảng Điền"), "quảng điền")
    assert same("Ðà Nẵng", "Đà Nẵng") and same("  Hà   Nội ", "hà nội")
    assert not same("hòa", "hóa") and not same("hoa", "hòa") and not same("da", "đa")
    assert fold("HÒA") == fold("hoà")


def test_a_short_text_answer_in_nfd_or_old_tone_placement_grades_like_nfc() -> None:
    item = next(i for i in ITEMS if isinstance(i, s.ShortText))
    key = item.accepted[0]
    variants = [unicodedata.normalize("NFD", key), key.upper(), f"  {key}. "]
    for variant in variants:
        assert grade(item, variant).full_marks, variant


def test_unknown_option_ids_are_refused_with_a_clear_message() -> None:
    item = next(i for i in ITEMS if isinstance(i, s.SingleChoice))
    with pytest.raises(InputError) as exc:
        grade(item, "zz")
    assert "zz" in exc.value.vi and "zz" in exc.value.en


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        (s.Ordering, "s1"),
        (s.Matching, "l1=r1,l1=r2"),
        (s.Numeric, "nhiều"),
        (s.DateItem, "31/02/2024"),
        (s.Scenario, "out:z"),
        (s.TrueFalse, "có lẽ"),
    ],
)
def test_malformed_answers_are_refused_not_scored(kind: type, value: str) -> None:
    item = next(i for i in ITEMS if isinstance(i, kind))
    with pytest.raises(InputError):
        coerce(item, value)


def test_multiple_select_per_option_rule_gives_partial_credit_and_never_negative() -> None:
    item = next(i for i in ITEMS if isinstance(i, s.MultipleSelect) and i.scoring == "per_option")
    correct = [o.id for o in item.options if o.correct]
    wrong = [o.id for o in item.options if not o.correct]
    one_right = grade(item, correct[0]).score
    assert 0 < one_right < item.points or len(correct) == 1
    if wrong:
        assert grade(item, ",".join(wrong)).score == 0


def test_scenario_with_the_right_outcome_but_other_criteria_earns_half() -> None:
    item = next(i for i in ITEMS if isinstance(i, s.Scenario) and len(i.answer) == 5)
    other = "abcd".replace(item.answer[-1], "")[0]
    assert grade(item, f"out:{item.answer[-1]}{other}").score == item.points / 2


def test_a_posting_window_ending_on_a_sunday_moves_to_monday() -> None:
    d = last_day(date(2024, 11, 15), 30, "bo-luat-dan-su-2015")
    assert (d.nominal_end, d.last_day) == (date(2024, 12, 15), date(2024, 12, 16))
    assert [s.kind for s in d.moved_because] == ["weekend"]
    assert d.rule.status == "unsure" and d.calendar_status == "sure"


def test_a_deadline_on_a_public_holiday_moves_past_it() -> None:
    d = last_day(date(2024, 3, 31), 30, "bo-luat-dan-su-2015")  # nominal 30/4/2024
    assert d.last_day == date(2024, 5, 2)
    assert [s.date for s in d.moved_because] == [date(2024, 4, 30), date(2024, 5, 1)]


def test_cli_grade_json_has_the_contracted_keys() -> None:
    item = next(i for i in ITEMS if isinstance(i, s.TrueFalse))
    answer = "đúng" if item.answer else "sai"
    result = subprocess.run(
        [sys.executable, "-m", "kit", "exercise", "grade", item.id, "--answer", answer, "--json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert set(out) == {"item", "score", "max", "feedback"}
    assert out["score"] == out["max"] == item.points


def test_cli_grade_of_an_unknown_item_exits_1_with_a_message() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "kit", "exercise", "grade", "khong-co", "--answer", "a"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "khong-co" in result.stderr


def test_cli_list_with_answers_gives_keys_that_grade_full_marks() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "kit",
            "exercise",
            "list",
            "--track",
            "B",
            "--with-answers",
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    rows = json.loads(result.stdout)
    assert rows and all("B" in r["tracks"] for r in rows)
    assert {"id", "type", "tracks", "lesson", "points", "answers"} <= set(rows[0])
    for row in rows:
        if row["type"] != "writing":
            assert grade(CAT.items[row["id"]], row["answers"][0]).full_marks
        else:
            assert row["rubric"]
