"""What a trainee reads about their answers: the results document gives the answers as the
texts they chose (never the ids the store keeps), a wholly wrong answer is called wrong (not
"not quite, 0/1"), and the workshop says when a test is over."""

from __future__ import annotations

import pytest

from kit import api
from kit.apps.exercises import verdict_key
from kit.content import schemas as s
from kit.export.results import readable_answer
from kit.grading.engine import Graded, accepted_answers, grade

CAT = api.load_content()
ITEMS = list(CAT.items.values())


def first(kind: type) -> s.Item:
    return next(i for i in ITEMS if isinstance(i, kind))


@pytest.mark.parametrize(
    "kind", [s.SingleChoice, s.MultipleSelect, s.Ordering, s.Matching, s.TrueFalse, s.Scenario]
)
def test_a_stored_answer_reads_as_the_texts_the_trainee_chose(kind: type) -> None:
    item = first(kind)
    stored = grade(item, accepted_answers(item)[0]).answer
    for lang in ("vi", "en"):
        shown = readable_answer(item, stored, lang)
        assert shown and shown != stored
        for piece in ("=", "out:"):
            assert piece not in shown
        if kind in (s.SingleChoice, s.MultipleSelect):
            chosen = [o.text for o in item.options if o.id in stored.split(",")]  # type: ignore[attr-defined]
            assert all(text in shown for text in chosen)


@pytest.mark.parametrize(
    ("answer", "vi"),
    [
        ("true", "Đúng"),
        ("false", "Sai"),
        ("in", "Thuộc phạm vi"),
        ("out:bc", "tiêu chí không đạt: b, c"),
    ],
)
def test_true_false_and_scenario_answers_are_words(answer: str, vi: str) -> None:
    item = first(s.Scenario if answer[0] in "io" else s.TrueFalse)
    assert vi in readable_answer(item, answer, "vi")


def graded(score: float, top: int, pending: int = 0) -> Graded:
    return Graded("x", score, top, "", [], "", "", pending_trainer=pending)


@pytest.mark.parametrize(
    ("score", "top", "pending", "key"),
    [
        (0, 1, 0, "trainee.wrong"),
        (0, 4, 0, "trainee.wrong"),
        (1.5, 4, 0, "trainee.partly"),
        (4, 4, 0, "exercises.right"),
        (6, 10, 4, "exercises.right"),  # the rest is the trainer's to give
        (2, 10, 4, "trainee.partly"),
    ],
)
def test_the_feedback_heading_tells_wrong_from_partly_right(
    score: float, top: int, pending: int, key: str
) -> None:
    assert verdict_key(graded(score, top, pending)) == key
