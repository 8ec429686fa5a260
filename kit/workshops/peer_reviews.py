"""Peer reviews in the store: what a trainee has to review (anonymised: the answer's text and
its place, never its author), sending a review, and what the trainer reads (each answer's peer
mark beside its automatic part and the trainer's own mark; each reviewer's reliability).

A review is stored like an attempt, once per reviewer and answer: a second one is refused and
the first kept (the database refuses it too). Reviews are judgements others read as they come
(the trainer, the median of an answer); a page sent twice, from a double click or two tabs,
must not change a mark already counted. Every review is checked in the kernel: the round is
open, the answer was given to this reviewer, each mark is within its row's range."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError

from kit.content.catalogue import Catalogue
from kit.core.errors import InputError
from kit.store import db
from kit.store.models import Attempt, PeerAssignment, PeerReview, PeerRound, Trainee
from kit.workshops import peer
from kit.workshops.peer_rounds import Candidate, candidates
from kit.workshops.sessions import WorkshopInfo


@dataclass(frozen=True)
class ReviewTask:
    """One answer a trainee reviews: ``place`` (1, 2, 3…) names it on the page; the author and
    whether it is the calibration answer stay in the kernel."""

    round_id: int
    item_id: str
    attempt_id: int
    place: int
    answer: str
    open: bool
    #: the marks sent (None: not reviewed yet), with the comment
    marks: dict[str, float] | None = None
    comment: str = ""


def tasks(workshop: WorkshopInfo, trainee_id: int, eng: Engine | None = None) -> list[ReviewTask]:
    """What ``trainee_id`` reviews in the workshop's rounds, round by round, in the order drawn
    (with the reviews already sent: a reload shows them)."""
    with db.session(eng) as sess:
        rows = sess.execute(
            select(PeerAssignment, PeerRound, Attempt.answer)
            .join(PeerRound, PeerRound.id == PeerAssignment.round_id)
            .join(Attempt, Attempt.id == PeerAssignment.attempt_id)
            .where(PeerRound.workshop_id == workshop.id, PeerAssignment.reviewer_id == trainee_id)
            .order_by(PeerRound.id, PeerAssignment.position)
        ).all()
        sent = {
            r.attempt_id: r
            for r in sess.scalars(select(PeerReview).where(PeerReview.reviewer_id == trainee_id))
        }
        return [
            ReviewTask(
                rnd.id,
                rnd.item_id,
                a.attempt_id,
                a.position + 1,
                answer,
                rnd.closed_at is None,
                json.loads(sent[a.attempt_id].marks) if a.attempt_id in sent else None,
                sent[a.attempt_id].comment if a.attempt_id in sent else "",
            )
            for a, rnd, answer in rows
        ]


def submit(
    workshop: WorkshopInfo,
    catalogue: Catalogue,
    trainee_id: int,
    attempt_id: object,
    marks: object,
    comment: object = "",
    eng: Engine | None = None,
) -> float:
    """Store ``trainee_id``'s review of one answer given to them in an open round of this
    workshop; the review's total is returned. Anything else a page sends is refused and
    nothing is stored."""
    if not isinstance(attempt_id, int) or isinstance(attempt_id, bool):
        raise InputError("Không có bài này.", "No such answer.")
    with db.session(eng) as sess:
        found = sess.execute(
            select(PeerAssignment, PeerRound)
            .join(PeerRound, PeerRound.id == PeerAssignment.round_id)
            .where(
                PeerRound.workshop_id == workshop.id,
                PeerAssignment.reviewer_id == trainee_id,
                PeerAssignment.attempt_id == attempt_id,
            )
        ).first()
        if found is None:
            raise InputError(
                "Bài này không được giao cho bạn chấm.", "This answer was not given to you."
            )
        _assignment, rnd = found
        if rnd.closed_at is not None:
            raise InputError(
                "Vòng chấm chéo đã đóng; bài chấm không được nhận nữa.",
                "The peer-review round is closed; reviews are no longer taken.",
            )
        round_id, item_id = rnd.id, rnd.item_id
    checked = peer.checked_marks(peer.rows_of(catalogue.items.get(item_id)), marks)
    total = round(sum(checked.values()), 2)
    try:
        with db.session(eng) as sess:
            sess.add(
                PeerReview(
                    round_id=round_id,
                    reviewer_id=trainee_id,
                    attempt_id=attempt_id,
                    marks=json.dumps(checked),
                    total=total,
                    comment=peer.clean_comment(comment),
                )
            )
    except IntegrityError as exc:
        raise InputError(
            "Bạn đã gửi bài chấm cho bài này; bài chấm đầu tiên được giữ.",
            "You already sent a review of this answer; the first one is kept.",
        ) from exc
    return total


@dataclass(frozen=True)
class AnswerMarks:
    """One answer of a round as the trainer sees it."""

    candidate: Candidate
    calibration: bool
    #: the reviews' totals (the calibration answer's are not a peer mark of its author)
    totals: tuple[float, ...]
    assigned: int
    peer_mark: float | None


@dataclass(frozen=True)
class Reviewer:
    trainee_id: int
    name: str
    done: int
    assigned: int
    #: mean absolute difference from the trainer on the calibration answer (None: not marked)
    gap: float | None


@dataclass(frozen=True)
class RoundMarks:
    answers: list[AnswerMarks]
    reviewers: list[Reviewer]
    calibration_total: float


def round_marks(
    workshop: WorkshopInfo, round_id: int, eng: Engine | None = None
) -> RoundMarks | None:
    """The peer marks and the reviewers' reliability of one round of this workshop."""
    with db.session(eng) as sess:
        rnd = sess.get(PeerRound, round_id)
        if rnd is None or rnd.workshop_id != workshop.id:
            return None
        item_id, calibration, reference = (
            rnd.item_id,
            rnd.calibration_attempt_id,
            rnd.calibration_total,
        )
        given = sess.execute(
            select(PeerAssignment.reviewer_id, PeerAssignment.attempt_id, Trainee.name)
            .join(Trainee, Trainee.id == PeerAssignment.reviewer_id)
            .where(PeerAssignment.round_id == round_id)
        ).all()
        reviews = list(sess.scalars(select(PeerReview).where(PeerReview.round_id == round_id)))
    by_answer: dict[int, list[float]] = {}
    for review in reviews:
        by_answer.setdefault(review.attempt_id, []).append(review.total)
    assigned: dict[int, int] = {}
    names: dict[int, str] = {}
    for reviewer_id, attempt_id, name in given:
        assigned[attempt_id] = assigned.get(attempt_id, 0) + 1
        names[reviewer_id] = name
    answers = []
    for cand in candidates(workshop, item_id, eng):
        if cand.attempt_id not in assigned and cand.attempt_id != calibration:
            continue  # answered after the round opened: not in it
        totals = tuple(by_answer.get(cand.attempt_id, []))
        is_cal = cand.attempt_id == calibration
        mark = None if is_cal else peer.median(totals)
        answers.append(AnswerMarks(cand, is_cal, totals, assigned.get(cand.attempt_id, 0), mark))
    reviewers = []
    for reviewer_id, name in sorted(names.items(), key=lambda x: x[1]):
        mine = [r for r in reviews if r.reviewer_id == reviewer_id]
        pairs = [(r.total, reference) for r in mine if r.attempt_id == calibration]
        count = sum(1 for r_id, _a, _n in given if r_id == reviewer_id)
        reviewers.append(Reviewer(reviewer_id, name, len(mine), count, peer.reliability(pairs)))
    return RoundMarks(answers, reviewers, reference)
