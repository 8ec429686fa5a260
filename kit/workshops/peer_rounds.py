"""Peer-review rounds in the store: the answers a round can take, why a round cannot open yet,
opening one (the calibration answer marked by the trainer, who reviews what drawn and kept),
closing it. The reviews themselves are in :mod:`kit.workshops.peer_reviews`.

An answer is a trainee's answer to the item in the workshop (its exercises or its tests); a
trainee who answered in more than one of them is represented by the latest. A round on an item
of the workshop's tests opens only once the tests are closed (reviewers would otherwise read
answers to a test some have still to take)."""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError

from kit.content.catalogue import Catalogue
from kit.core.errors import InputError
from kit.store import db
from kit.store.models import Attempt, PeerAssignment, PeerRound, Trainee, WorkshopMember
from kit.workshops import peer
from kit.workshops.sessions import WorkshopInfo, tests_closed


@dataclass(frozen=True)
class Candidate:
    """A trainee's answer a round can take, as the trainer sees it (with the author)."""

    attempt_id: int
    trainee_id: int
    name: str
    answer: str
    auto_score: float
    #: the trainer's final mark (automatic part + the trainer's points), once given
    final: float | None


@dataclass(frozen=True)
class RoundInfo:
    id: int
    item_id: str
    seed: int
    calibration_attempt_id: int
    calibration_marks: dict[str, float]
    calibration_total: float
    closed: bool


def _contexts(workshop: WorkshopInfo) -> list[str]:
    return [workshop.context(), workshop.context("pre"), workshop.context("post")]


def candidates(workshop: WorkshopInfo, item_id: str, eng: Engine | None = None) -> list[Candidate]:
    """One answer per member who answered ``item_id`` in the workshop (the latest), in the order
    they were given."""
    with db.session(eng) as sess:
        rows = sess.execute(
            select(Attempt, Trainee.name)
            .join(Trainee, Trainee.id == Attempt.trainee_id)
            .join(
                WorkshopMember,
                (WorkshopMember.trainee_id == Attempt.trainee_id)
                & (WorkshopMember.workshop_id == workshop.id),
            )
            .where(Attempt.context.in_(_contexts(workshop)), Attempt.item_id == item_id)
            .order_by(Attempt.id)
        ).all()
    latest: dict[int, Candidate] = {}
    for attempt, name in rows:
        final = attempt.score + (attempt.trainer_score or 0.0) if attempt.graded_at else None
        latest[attempt.trainee_id] = Candidate(
            attempt.id, attempt.trainee_id, name, attempt.answer, attempt.score, final
        )
    return sorted(latest.values(), key=lambda c: c.attempt_id)


def writing_items(
    workshop: WorkshopInfo, catalogue: Catalogue, eng: Engine | None = None
) -> list[tuple[str, int]]:
    """The writing items answered in the workshop, with how many trainees answered each."""
    with db.session(eng) as sess:
        rows = sess.execute(
            select(Attempt.item_id, Attempt.trainee_id)
            .join(
                WorkshopMember,
                (WorkshopMember.trainee_id == Attempt.trainee_id)
                & (WorkshopMember.workshop_id == workshop.id),
            )
            .where(Attempt.context.in_(_contexts(workshop)))
        ).all()
    authors: dict[str, set[int]] = {}
    for item_id, trainee_id in rows:
        if peer.rows_of(catalogue.items.get(item_id)):
            authors.setdefault(item_id, set()).add(trainee_id)
    return sorted(((i, len(a)) for i, a in authors.items()), key=lambda x: x[0])


def _info(row: PeerRound) -> RoundInfo:
    return RoundInfo(
        row.id,
        row.item_id,
        row.seed,
        row.calibration_attempt_id,
        json.loads(row.calibration_marks),
        row.calibration_total,
        row.closed_at is not None,
    )


def rounds(workshop: WorkshopInfo, eng: Engine | None = None) -> list[RoundInfo]:
    with db.session(eng) as sess:
        rows = sess.scalars(
            select(PeerRound).where(PeerRound.workshop_id == workshop.id).order_by(PeerRound.id)
        )
        return [_info(r) for r in rows]


def round_of(workshop: WorkshopInfo, item_id: str, eng: Engine | None = None) -> RoundInfo | None:
    return next((r for r in rounds(workshop, eng) if r.item_id == item_id), None)


def open_problem(
    workshop: WorkshopInfo, catalogue: Catalogue, item_id: object, eng: Engine | None = None
) -> InputError | None:
    """Why a round on ``item_id`` cannot open now (``None``: it can, once the calibration
    answer is marked)."""
    item = catalogue.items.get(item_id) if isinstance(item_id, str) else None
    if not peer.rows_of(item):
        return InputError(
            "Chỉ mở vòng chấm chéo cho câu viết (tự luận).",
            "A peer-review round is only for a writing item.",
        )
    assert isinstance(item_id, str)
    if round_of(workshop, item_id, eng) is not None:
        return InputError(
            "Câu này đã có vòng chấm chéo trong lớp.",
            "This item already has a peer-review round in this workshop.",
        )
    authors = len(candidates(workshop, item_id, eng))
    if authors < peer.MIN_AUTHORS:
        return InputError(
            f"Cần ít nhất {peer.MIN_AUTHORS} học viên đã làm câu này; hiện có {authors}.",
            f"At least {peer.MIN_AUTHORS} trainees must have answered this item; {authors} have.",
        )
    if item_id in workshop.test_items and not tests_closed(workshop, eng):
        return InputError(
            "Câu này thuộc bài kiểm tra của lớp: hãy đóng bài kiểm tra trước khi cho chấm chéo.",
            "This item is in the workshop's tests: close the tests before a peer review.",
        )
    return None


def open_round(
    workshop: WorkshopInfo,
    catalogue: Catalogue,
    item_id: object,
    calibration_attempt_id: object,
    marks: object,
    seed: int | None = None,
    eng: Engine | None = None,
) -> RoundInfo:
    """Open a round on ``item_id`` with the trainer's marks on the calibration answer (one of
    the round's answers); who reviews what is drawn from ``seed`` (random if not given) and
    kept."""
    problem = open_problem(workshop, catalogue, item_id, eng)
    if problem is not None:
        raise problem
    assert isinstance(item_id, str)
    rows = peer.rows_of(catalogue.items[item_id])
    answers = candidates(workshop, item_id, eng)
    calibration = next((c for c in answers if c.attempt_id == calibration_attempt_id), None)
    if calibration is None or isinstance(calibration_attempt_id, bool):
        raise InputError(
            "Hãy chọn bài hiệu chuẩn trong số các bài của lớp.",
            "Choose the calibration answer among the workshop's answers.",
        )
    checked = peer.checked_marks(rows, marks)
    seed = secrets.randbelow(2**31) if seed is None else seed
    pool = [peer.Answer(c.attempt_id, c.trainee_id) for c in answers if c is not calibration]
    plan = peer.assign(
        pool,
        [c.trainee_id for c in answers],
        peer.Answer(calibration.attempt_id, calibration.trainee_id),
        seed,
    )
    try:
        with db.session(eng) as sess:
            row = PeerRound(
                workshop_id=workshop.id,
                item_id=item_id,
                seed=seed,
                calibration_attempt_id=calibration.attempt_id,
                calibration_marks=json.dumps(checked),
                calibration_total=round(sum(checked.values()), 2),
            )
            sess.add(row)
            sess.flush()
            for reviewer, tasks in plan.items():
                for place, task in enumerate(tasks):
                    sess.add(
                        PeerAssignment(
                            round_id=row.id,
                            reviewer_id=reviewer,
                            attempt_id=task.attempt_id,
                            position=place,
                            calibration=task.calibration,
                        )
                    )
            sess.flush()
            return _info(row)
    except IntegrityError as exc:  # another trainer page opened it at the same moment
        raise InputError(
            "Câu này đã có vòng chấm chéo trong lớp.",
            "This item already has a peer-review round in this workshop.",
        ) from exc


def close_round(workshop: WorkshopInfo, round_id: object, eng: Engine | None = None) -> None:
    """Close a round of this workshop: no review is taken from then on (closing twice keeps
    the first time)."""
    with db.session(eng) as sess:
        row = sess.get(PeerRound, round_id) if isinstance(round_id, int) else None
        if row is None or row.workshop_id != workshop.id:
            raise InputError("Không có vòng chấm chéo này trong lớp.", "No such round here.")
        if row.closed_at is None:
            row.closed_at = datetime.now(UTC)
