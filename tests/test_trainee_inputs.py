"""The answer controls say, in the page's own words, what is missing: never an id, a code or
the command line's answer syntax; a complete answer grades as before."""

from __future__ import annotations

import pytest

from kit import api
from kit.apps.ui.inputs import build_input
from kit.content import schemas as s
from kit.core.errors import InputError
from kit.grading.engine import grade

CAT = api.load_content()
ITEMS = list(CAT.items.values())
#: what no message to a trainee may hold: answer syntax, sentinels, ids
SYNTAX = ("out:", "'in'", "unknown", "?", "=", "vd.", "e.g.")


def first(kind: type) -> s.Item:
    return next(i for i in ITEMS if isinstance(i, kind))


def refused(value: object) -> InputError:
    with pytest.raises(InputError) as exc:
        value() if callable(value) else None  # type: ignore[operator]
    return exc.value


def plain(err: InputError) -> None:
    for text in (err.vi, err.en):
        assert not any(bad in text for bad in SYNTAX), text


def test_two_steps_on_one_position_are_named_by_position_not_by_a_question_mark() -> None:
    item = first(s.Ordering)
    made = build_input(item, "vi")
    picks = made.controls()
    for pick in picks:
        pick.value = "1"
    err = refused(made.value)
    assert "Vị trí 1" in err.vi and f"{len(picks)} bước" in err.vi and "Position 1" in err.en
    plain(err)


def test_a_step_left_without_a_position_is_quoted_by_its_text() -> None:
    item = first(s.Ordering)
    made = build_input(item, "en")
    picks = made.controls()
    for n, pick in enumerate(picks[1:], 2):
        pick.value = str(n)
    err = refused(made.value)
    shown = next(st for st in item.steps if st.text[:20] in err.vi)  # type: ignore[attr-defined]
    assert shown.text[:20] in err.en
    plain(err)


def test_an_ordering_with_distinct_positions_grades() -> None:
    item = first(s.Ordering)
    made = build_input(item, "vi")
    for n, pick in enumerate(made.controls(), 1):
        pick.value = str(n)
    assert grade(item, made.value()).max == item.points


@pytest.mark.parametrize(
    ("outcome", "ticked", "key_words"),
    [
        (None, "", "kết luận"),
        ("out", "", "tiêu chí không đạt"),
        ("in", "b", "bỏ đánh dấu"),
        ("unknown", "ad", "bỏ đánh dấu"),
    ],
)
def test_scenario_problems_are_about_the_choices_on_the_page(
    outcome: str | None, ticked: str, key_words: str
) -> None:
    made = build_input(first(s.Scenario), "vi")
    radio, *boxes = made.controls()
    radio.value = outcome
    for letter, box in zip("abcd", boxes, strict=True):
        box.value = letter in ticked
    err = refused(made.value)
    assert key_words in err.vi
    plain(err)


@pytest.mark.parametrize(
    ("outcome", "ticked", "answer"), [("in", "", "in"), ("out", "ca", "out:ac")]
)
def test_a_complete_scenario_answer_reaches_the_grader(
    outcome: str, ticked: str, answer: str
) -> None:
    item = first(s.Scenario)
    made = build_input(item, "vi")
    radio, *boxes = made.controls()
    radio.value = outcome
    for letter, box in zip("abcd", boxes, strict=True):
        box.value = letter in ticked
    assert grade(item, made.value()).answer == answer


@pytest.mark.parametrize(
    ("kind", "words"),
    [
        (s.SingleChoice, "chọn một phương án"),
        (s.TrueFalse, "chọn một phương án"),
        (s.MultipleSelect, "ít nhất một phương án"),
        (s.Numeric, "nhập câu trả lời"),
        (s.DateItem, "nhập câu trả lời"),
        (s.ShortText, "nhập câu trả lời"),
        (s.Writing, "nhập câu trả lời"),
        (s.Matching, "chưa được nối"),
    ],
)
def test_an_empty_answer_says_what_to_do_with_the_control(kind: type, words: str) -> None:
    made = build_input(first(kind), "vi")
    err = refused(made.value)
    assert words in err.vi
    plain(err)


def test_a_matching_answer_is_the_pairs_chosen() -> None:
    item = first(s.Matching)
    made = build_input(item, "vi")
    for pick, left in zip(made.controls(), item.left, strict=True):  # type: ignore[attr-defined]
        pick.value = item.answer[left.id]  # type: ignore[attr-defined]
    assert grade(item, made.value()).full_marks


@pytest.mark.parametrize(
    ("kind", "value"),
    [(s.SingleChoice, "?"), (s.Ordering, "?"), (s.Scenario, "out:z"), (s.Numeric, "nhiều")],
)
def test_what_a_crafted_page_sends_is_refused_in_plain_words(kind: type, value: str) -> None:
    with pytest.raises(InputError) as exc:
        grade(first(kind), value)
    assert "Mã không có" not in exc.value.vi and "vd. out" not in exc.value.vi
