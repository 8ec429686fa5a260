"""Peer-review rounds and reviews in the store: when a round may open (and why not), what a page
may send (another trainee's answer, marks out of range, a closed round, a second review), and
that reviews are kept across a reload (a new kernel reads them back for the same trainee)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from kit import api, trainees
from kit.core.errors import InputError
from kit.store import db
from kit.store.models import PeerReview
from kit.workshops import peer, peer_reviews, peer_rounds, results, sessions

CAT = api.load_content()
ITEM = "l05-ex-07"
LESSON = "l05-viet-cho-cong-chung"
ROWS = peer.rows_of(CAT.items[ITEM])
FULL = {r.key: r.top for r in ROWS}


@pytest.fixture
def eng(tmp_path: Path) -> Engine:
    engine = db.create(f"sqlite:///{tmp_path / 'peer.sqlite3'}")
    db.upgrade(engine)
    return engine


def workshop(eng: Engine, pre: list[str] | None = None) -> sessions.WorkshopInfo:
    spec = sessions.validate_spec(
        {
            "title": "Lớp viết cho công chúng",
            "day": date(2026, 12, 7),
            "track": "B",
            "lessons": [LESSON],
            "pre_items": pre or [],
            "post_items": [],
        },
        CAT,
    )
    return sessions.create(spec, eng)


def trainee_answers(
    eng: Engine, ws: sessions.WorkshopInfo, n: int, phase: str | None = None
) -> list[int]:
    """``n`` members who answered ITEM (the answers differ); their trainee ids."""
    ids = []
    for i in range(n):
        who = trainees.register(f"Học viên Số {i}", "Xã Quảng Thái", "B", eng).identity
        sessions.join(ws, who.id, eng)
        trainees.record_attempt(
            who.id,
            ITEM,
            f"Bản tin số {i}: dự thảo, góp ý trước 15/11/2024.",
            5.0 + i % 3,
            10,
            ws.context(phase),
            eng,
        )
        ids.append(who.id)
    return ids


def opened(eng: Engine, ws: sessions.WorkshopInfo, seed: int = 7) -> peer_rounds.RoundInfo:
    cands = peer_rounds.candidates(ws, ITEM, eng)
    marks = {**FULL, "r0": 2}
    return peer_rounds.open_round(ws, CAT, ITEM, cands[0].attempt_id, marks, seed, eng)


@pytest.mark.parametrize(("answered", "can_open"), [(0, False), (1, False), (2, False), (3, True)])
def test_a_round_opens_only_once_three_trainees_answered(
    eng: Engine, answered: int, can_open: bool
) -> None:
    ws = workshop(eng)
    trainee_answers(eng, ws, answered)
    problem = peer_rounds.open_problem(ws, CAT, ITEM, eng)
    assert (problem is None) is can_open
    if not can_open:
        assert problem is not None
        assert f"hiện có {answered}" in problem.message("vi")
        assert f"{answered} have" in problem.message("en")


@pytest.mark.parametrize("item", ["l05-ex-01", "no-such-item", 7, None])
def test_a_round_is_only_for_a_writing_item(eng: Engine, item: object) -> None:
    ws = workshop(eng)
    trainee_answers(eng, ws, 4)
    problem = peer_rounds.open_problem(ws, CAT, item, eng)
    assert problem is not None and "câu viết" in problem.message("vi")


def test_a_round_on_a_test_item_waits_for_the_tests_to_close(eng: Engine) -> None:
    ws = workshop(eng, pre=[ITEM])
    trainee_answers(eng, ws, 3, "pre")
    problem = peer_rounds.open_problem(ws, CAT, ITEM, eng)
    assert problem is not None and "đóng bài kiểm tra" in problem.message("vi")
    ws = sessions.close_tests(ws, eng)
    assert peer_rounds.open_problem(ws, CAT, ITEM, eng) is None


def test_a_second_round_on_one_item_and_a_foreign_calibration_are_refused(eng: Engine) -> None:
    ws, other = workshop(eng), workshop(eng)
    trainee_answers(eng, ws, 3)
    trainee_answers(eng, other, 3)
    foreign = peer_rounds.candidates(other, ITEM, eng)[0].attempt_id
    with pytest.raises(InputError, match="bài hiệu chuẩn"):
        peer_rounds.open_round(ws, CAT, ITEM, foreign, FULL, 1, eng)
    with pytest.raises(InputError, match="tiêu chí 1 phải từ 0 đến 3"):
        cal = peer_rounds.candidates(ws, ITEM, eng)[0].attempt_id
        peer_rounds.open_round(ws, CAT, ITEM, cal, {**FULL, "r0": 99}, 1, eng)
    assert peer_rounds.rounds(ws, eng) == []  # nothing stored by a refusal
    opened(eng, ws)
    with pytest.raises(InputError, match="đã có vòng"):
        opened(eng, ws)


def test_each_reviewer_sees_answers_of_others_without_their_authors(eng: Engine) -> None:
    ws = workshop(eng)
    ids = trainee_answers(eng, ws, 5)
    rnd = opened(eng, ws)
    authors = {c.attempt_id: c.trainee_id for c in peer_rounds.candidates(ws, ITEM, eng)}
    for trainee_id in ids:
        got = peer_reviews.tasks(ws, trainee_id, eng)
        assert all(authors[t.attempt_id] != trainee_id for t in got)
        assert [t.place for t in got] == list(range(1, len(got) + 1))
        assert not any("Học viên" in t.answer for t in got)  # the text, never the author
        cal = rnd.calibration_attempt_id
        assert (cal in {t.attempt_id for t in got}) is (authors[cal] != trainee_id)


def test_a_page_sending_another_trainees_assignment_is_refused(eng: Engine) -> None:
    ws = workshop(eng)
    ids = trainee_answers(eng, ws, 6)
    opened(eng, ws)
    mine = {t.attempt_id for t in peer_reviews.tasks(ws, ids[0], eng)}
    theirs = {t.attempt_id for t in peer_reviews.tasks(ws, ids[1], eng)} - mine
    own = next(
        c.attempt_id for c in peer_rounds.candidates(ws, ITEM, eng) if c.trainee_id == ids[0]
    )
    for forged in [*theirs, own, 999_999, "12", True, None]:
        with pytest.raises(InputError):
            peer_reviews.submit(ws, CAT, ids[0], forged, FULL, "", eng)
    with db.session(eng) as sess:
        assert sess.scalar(select(func.count()).select_from(PeerReview)) == 0


def test_a_reviewer_of_another_workshop_cannot_review_here(eng: Engine) -> None:
    ws, other = workshop(eng), workshop(eng)
    trainee_answers(eng, ws, 3)
    outsiders = trainee_answers(eng, other, 3)
    opened(eng, ws)
    target = peer_rounds.candidates(ws, ITEM, eng)[1].attempt_id
    with pytest.raises(InputError, match="không được giao"):
        peer_reviews.submit(ws, CAT, outsiders[0], target, FULL, "", eng)


@pytest.mark.parametrize(
    "marks",
    [{**FULL, "r0": FULL["r0"] + 0.5}, {**FULL, "person": -1}, {"r0": 1}, {**FULL, "r1": "x"}],
)
def test_out_of_range_marks_are_refused_and_nothing_is_stored(
    eng: Engine, marks: dict[str, object]
) -> None:
    ws = workshop(eng)
    ids = trainee_answers(eng, ws, 3)
    opened(eng, ws)
    task = peer_reviews.tasks(ws, ids[1], eng)[0]
    with pytest.raises(InputError):
        peer_reviews.submit(ws, CAT, ids[1], task.attempt_id, marks, "", eng)
    assert peer_reviews.tasks(ws, ids[1], eng)[0].marks is None


def test_a_closed_round_takes_no_review(eng: Engine) -> None:
    ws = workshop(eng)
    ids = trainee_answers(eng, ws, 3)
    rnd = opened(eng, ws)
    peer_rounds.close_round(ws, rnd.id, eng)
    task = peer_reviews.tasks(ws, ids[2], eng)[0]
    assert not task.open
    with pytest.raises(InputError, match="đã đóng"):
        peer_reviews.submit(ws, CAT, ids[2], task.attempt_id, FULL, "", eng)


def test_a_second_review_of_one_answer_is_refused_and_the_first_kept(eng: Engine) -> None:
    ws = workshop(eng)
    ids = trainee_answers(eng, ws, 4)
    opened(eng, ws)
    task = peer_reviews.tasks(ws, ids[1], eng)[0]
    assert peer_reviews.submit(ws, CAT, ids[1], task.attempt_id, FULL, "Tốt", eng) == 10
    with pytest.raises(InputError, match="bài chấm đầu tiên được giữ"):
        peer_reviews.submit(ws, CAT, ids[1], task.attempt_id, {**FULL, "r0": 0}, "", eng)
    assert peer_reviews.tasks(ws, ids[1], eng)[0].marks == {k: float(v) for k, v in FULL.items()}


def test_reviews_survive_a_reload_for_the_same_trainee(eng: Engine, tmp_path: Path) -> None:
    ws = workshop(eng)
    ids = trainee_answers(eng, ws, 3)
    opened(eng, ws)
    task = peer_reviews.tasks(ws, ids[0], eng)[0]
    peer_reviews.submit(ws, CAT, ids[0], task.attempt_id, {**FULL, "r1": 1.5}, "Rõ ràng", eng)
    fresh = db.create(f"sqlite:///{tmp_path / 'peer.sqlite3'}")  # another kernel, same file
    again = peer_reviews.tasks(sessions.by_code(ws.code, fresh), ids[0], fresh)  # type: ignore[arg-type]
    assert again[0].marks == {**{k: float(v) for k, v in FULL.items()}, "r1": 1.5}
    assert again[0].comment == "Rõ ràng"
    assert [t.marks for t in again[1:]] == [None] * (len(again) - 1)


def test_the_trainer_reads_peer_marks_reliability_and_the_final_mark(eng: Engine) -> None:
    ws = workshop(eng)
    ids = trainee_answers(eng, ws, 4)
    rnd = opened(eng, ws)  # the trainer gave the calibration answer 9 of 10
    assert rnd.calibration_total == 9
    sent: dict[int, list[float]] = {}
    for n, trainee_id in enumerate(ids):
        for task in peer_reviews.tasks(ws, trainee_id, eng):
            marks = {**FULL, "r0": n % 4 * 0.5, "r1": 2 - n % 3 * 0.5}
            total = peer_reviews.submit(ws, CAT, trainee_id, task.attempt_id, marks, "", eng)
            sent.setdefault(task.attempt_id, []).append(total)
    graded = next(
        c
        for c in peer_rounds.candidates(ws, ITEM, eng)
        if c.attempt_id != rnd.calibration_attempt_id
    )
    results.grade_by_hand(ws, CAT, graded.attempt_id, 1, "Tốt", eng)
    board = peer_reviews.round_marks(ws, rnd.id, eng)
    assert board is not None
    for row in board.answers:
        if row.calibration:
            assert row.peer_mark is None  # not a peer mark of its author
        else:
            assert row.peer_mark == peer.median(sent[row.candidate.attempt_id])
            assert len(row.totals) == row.assigned >= 2
    final = next(r for r in board.answers if r.candidate.attempt_id == graded.attempt_id)
    assert final.candidate.final == graded.auto_score + 1
    for reviewer in board.reviewers:
        assert reviewer.done == reviewer.assigned
    gaps = {r.trainee_id: r.gap for r in board.reviewers}
    author = next(
        c.trainee_id
        for c in peer_rounds.candidates(ws, ITEM, eng)
        if c.attempt_id == rnd.calibration_attempt_id
    )
    assert gaps[author] is None  # never reviewed the calibration answer: their own
    for n, trainee_id in enumerate(ids):
        if trainee_id != author:
            mine = 10 - 3 + n % 4 * 0.5 - 2 + 2 - n % 3 * 0.5
            assert gaps[trainee_id] == pytest.approx(abs(mine - 9))
