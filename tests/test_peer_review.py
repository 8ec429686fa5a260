"""Peer review without the store: who reviews what (never their own, balanced, the calibration
answer to everyone but its author, the same draw from the same seed), the marks a page may send,
an answer's peer mark (the median) and a reviewer's reliability (the mean gap from the
trainer)."""

from __future__ import annotations

from collections import Counter

import pytest

from kit import api
from kit.core.errors import InputError
from kit.workshops import peer
from kit.workshops.peer import Answer, Row

CAT = api.load_content()


def class_of(size: int, first_attempt: int = 100) -> tuple[list[Answer], Answer]:
    """``size`` trainees' answers (author ids 1…size, attempt ids not in author order), the
    calibration answer being one of them."""
    answers = [Answer(first_attempt + (7 * i) % (size * 7 + 1), i + 1) for i in range(size)]
    calibration = answers[size // 2]
    return [a for a in answers if a is not calibration], calibration


SIZES = [3, 4, 5, 6, 7, 9, 12, 17, 25, 31, 40]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("seed", [0, 1, 407, 2**31 - 1])
def test_every_reviewer_gets_two_answers_of_others_and_the_calibration(
    size: int, seed: int
) -> None:
    pool, calibration = class_of(size)
    reviewers = [a.author_id for a in pool] + [calibration.author_id]
    plan = peer.assign(pool, reviewers, calibration, seed)
    authors = {a.attempt_id: a.author_id for a in [*pool, calibration]}
    assert set(plan) == set(reviewers)
    for reviewer, tasks in plan.items():
        ids = [t.attempt_id for t in tasks]
        assert len(ids) == len(set(ids)), "an answer given twice to one reviewer"
        assert all(authors[i] != reviewer for i in ids), "a reviewer got their own answer"
        peers = [t for t in tasks if not t.calibration]
        own_in_pool = any(a.author_id == reviewer for a in pool)
        assert len(peers) == min(peer.PEERS_EACH, len(pool) - own_in_pool)
        calibrated = [t for t in tasks if t.calibration]
        if reviewer == calibration.author_id:
            assert calibrated == []
        else:
            assert [t.attempt_id for t in calibrated] == [calibration.attempt_id]
        assert all(t.attempt_id != calibration.attempt_id for t in peers)


@pytest.mark.parametrize("size", SIZES)
def test_every_answer_gets_as_many_reviews_as_any_other_give_or_take_one(size: int) -> None:
    pool, calibration = class_of(size)
    reviewers = [a.author_id for a in pool] + [calibration.author_id]
    plan = peer.assign(pool, reviewers, calibration, seed=size)
    counts = Counter(t.attempt_id for tasks in plan.values() for t in tasks if not t.calibration)
    assert set(counts) == {a.attempt_id for a in pool}, "an answer nobody reviews"
    assert max(counts.values()) - min(counts.values()) <= 1


def test_the_same_seed_draws_the_same_and_another_seed_draws_otherwise() -> None:
    pool, calibration = class_of(12)
    reviewers = [a.author_id for a in pool] + [calibration.author_id]
    first = peer.assign(pool, reviewers, calibration, 11)
    assert peer.assign(list(reversed(pool)), list(reversed(reviewers)), calibration, 11) == first
    others = [peer.assign(pool, reviewers, calibration, s) for s in range(12, 20)]
    assert any(o != first for o in others)


def test_the_calibration_answer_is_not_always_in_the_same_place() -> None:
    pool, calibration = class_of(20)
    reviewers = [a.author_id for a in pool] + [calibration.author_id]
    plan = peer.assign(pool, reviewers, calibration, 5)
    places = {
        [t.calibration for t in tasks].index(True) for tasks in plan.values() if len(tasks) == 3
    }
    assert len(places) > 1, "the calibration answer would be told by its place"


def test_a_round_without_calibration_still_gives_two_answers_each() -> None:
    answers = [Answer(10 + i, i) for i in range(5)]
    plan = peer.assign(answers, [a.author_id for a in answers], None, 3)
    assert all(len(tasks) == 2 and not any(t.calibration for t in tasks) for tasks in plan.values())


@pytest.mark.parametrize(
    ("totals", "expected"),
    [
        ([], None),
        ([7.0], 7.0),
        ([6.0, 8.0], 7.0),  # an even count: the mean of the two middle ones
        ([9.5, 2.0, 6.0], 6.0),
        ([1.0, 10.0, 3.0, 4.0], 3.5),
        ([0.0, 0.0, 10.0], 0.0),
        ([5.5, 5.5, 5.5, 5.5], 5.5),
    ],
)
def test_the_peer_mark_is_the_median_of_the_reviews(
    totals: list[float], expected: float | None
) -> None:
    assert peer.median(totals) == expected


@pytest.mark.parametrize(
    ("pairs", "expected"),
    [
        ([], None),  # no calibration answer marked yet
        ([(7.0, 7.0)], 0.0),
        ([(5.5, 7.0)], 1.5),
        ([(9.0, 7.0)], 2.0),  # too generous counts as much as too harsh
        ([(6.0, 7.0), (9.0, 7.0)], 1.5),
        ([(0.0, 10.0), (10.0, 10.0), (10.0, 9.0)], 11 / 3),
    ],
)
def test_reliability_is_the_mean_absolute_gap_from_the_trainer(
    pairs: list[tuple[float, float]], expected: float | None
) -> None:
    got = peer.reliability(pairs)
    assert got == pytest.approx(expected) if expected is not None else got is None


def test_the_rows_are_the_rubric_and_the_part_only_a_person_judges() -> None:
    item = CAT.items["l05-ex-07"]
    rows = peer.rows_of(item)
    assert [r.top for r in rows] == [c.points for c in item.rubric] + [item.trainer_points]
    assert peer.top_of(rows) == item.points
    assert rows[-1].key == peer.PERSON_ROW and rows[-1].label is None
    assert peer.rows_of(CAT.items[next(i for i in CAT.items if "ex-01" in i)]) == []


ROWS = [Row("r0", "Đủ ý", 3), Row("r1", "Câu ngắn", 2), Row("person", None, 1)]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ({"r0": 3, "r1": 2, "person": 1}, {"r0": 3.0, "r1": 2.0, "person": 1.0}),
        ({"r0": "2,5", "r1": "0", "person": 0.5}, {"r0": 2.5, "r1": 0.0, "person": 0.5}),
        ({"r0": 0, "r1": 0.0, "person": "1"}, {"r0": 0.0, "r1": 0.0, "person": 1.0}),
    ],
)
def test_marks_within_each_rows_range_are_taken(
    raw: dict[str, object], expected: dict[str, float]
) -> None:
    assert peer.checked_marks(ROWS, raw) == expected


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        (None, "Chưa có điểm"),
        ([3, 2, 1], "Chưa có điểm"),
        ({"r0": 3, "r1": 2}, "Tiêu chí 3 chưa có điểm"),
        ({"r0": 3, "r1": 2, "person": ""}, "Tiêu chí 3 chưa có điểm"),
        ({"r0": 3.5, "r1": 2, "person": 1}, "Tiêu chí 1 phải từ 0 đến 3"),
        ({"r0": -0.5, "r1": 2, "person": 1}, "Tiêu chí 1 phải từ 0 đến 3"),
        ({"r0": 3, "r1": 2, "person": 2}, "Tiêu chí 3 phải từ 0 đến 1"),
        ({"r0": "ba", "r1": 2, "person": 1}, "phải là một số"),
        ({"r0": float("nan"), "r1": 2, "person": 1}, "phải là một số"),
        ({"r0": float("inf"), "r1": 2, "person": 1}, "phải là một số"),
        ({"r0": True, "r1": 2, "person": 1}, "phải là một số"),
        ({"r0": 3, "r1": 2, "person": 1, "r9": 5}, "không thuộc tiêu chí"),
    ],
)
def test_marks_a_page_may_not_send_are_refused_with_the_row(raw: object, says: str) -> None:
    with pytest.raises(InputError) as got:
        peer.checked_marks(ROWS, raw)
    assert says.lower() in got.value.message("vi").lower()
    assert got.value.message("en") != got.value.message("vi")
