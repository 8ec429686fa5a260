"""What a workshop's trainer sees: the roster with each trainee's progress and scores, the
responses for item statistics and the pre/post gain, and the answers waiting for a trainer's
grade. Everything is read in a few queries per refresh, whatever the size of the class."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import Engine, select

from kit.content.catalogue import Catalogue
from kit.core.errors import InputError
from kit.store import db
from kit.store.models import Attempt, SurveyResponse, Trainee, WorkshopMember
from kit.workshops.marks import Response
from kit.workshops.sessions import WorkshopInfo, lesson_items


@dataclass
class Member:
    trainee_id: int
    name: str
    unit: str
    joined_at: datetime
    #: per phase ("" for exercises, "pre", "post"): (answered, total, score, max)
    phases: dict[str, tuple[int, int, float, float]] = field(default_factory=dict)
    survey_done: bool = False
    pending_grading: int = 0

    def percent(self, phase: str) -> float | None:
        answered, _total, score, top = self.phases.get(phase, (0, 0, 0.0, 0.0))
        return round(100 * score / top, 1) if answered and top else None


@dataclass(frozen=True)
class Pending:
    """An answer whose trainer points are not awarded yet."""

    attempt_id: int
    trainee: str
    item_id: str
    answer: str
    auto_score: float
    trainer_points: int


def exercise_items(workshop: WorkshopInfo, catalogue: Catalogue) -> list[str]:
    """The exercise items of the workshop's lessons for its track, in course order, without the
    items of its tests (those are never shown with feedback in the workshop: see
    :mod:`kit.workshops.secrecy`)."""
    tested = workshop.test_items
    items = lesson_items(catalogue, workshop.track, workshop.lessons)
    return [i for i in items if i not in tested]


def _phase_of(workshop: WorkshopInfo, context: str) -> str | None:
    for phase in ("", "pre", "post"):
        if context == workshop.context(phase or None):
            return phase
    return None


def _attempts(workshop: WorkshopInfo, eng: Engine | None) -> list[tuple[Attempt, str]]:
    contexts = [workshop.context(), workshop.context("pre"), workshop.context("post")]
    with db.session(eng) as sess:
        rows = sess.execute(
            select(Attempt, Trainee.name)
            .join(Trainee, Trainee.id == Attempt.trainee_id)
            .join(
                WorkshopMember,
                (WorkshopMember.trainee_id == Attempt.trainee_id)
                & (WorkshopMember.workshop_id == workshop.id),
            )
            .where(Attempt.context.in_(contexts))
            .order_by(Attempt.id)
        ).all()
        return [(a, name) for a, name in rows]


def trainer_points(item: object) -> int:
    """The points only a trainer can award for ``item`` (0 for items the kernel grades)."""
    value = getattr(item, "trainer_points", 0)
    return value if isinstance(value, int) else 0


def total_score(attempt: Attempt) -> float:
    return attempt.score + (attempt.trainer_score or 0.0)


def roster(workshop: WorkshopInfo, catalogue: Catalogue, eng: Engine | None = None) -> list[Member]:
    """Each member's progress and scores per phase, counting only the items of that phase (a
    workshop opened before its test items were kept out of the exercises may hold answers to
    them in its exercise context)."""
    items = {
        "": set(exercise_items(workshop, catalogue)),
        "pre": set(workshop.pre_items),
        "post": set(workshop.post_items),
    }
    sizes = {phase: len(ids) for phase, ids in items.items()}
    with db.session(eng) as sess:
        rows = sess.execute(
            select(WorkshopMember.trainee_id, Trainee.name, Trainee.unit, WorkshopMember.joined_at)
            .join(Trainee, Trainee.id == WorkshopMember.trainee_id)
            .where(WorkshopMember.workshop_id == workshop.id)
            .order_by(Trainee.name)
        ).all()
        surveyed = set(
            sess.scalars(
                select(SurveyResponse.trainee_id).where(SurveyResponse.workshop_id == workshop.id)
            )
        )
    members = {r.trainee_id: Member(r.trainee_id, r.name, r.unit, r.joined_at) for r in rows}
    tally: dict[tuple[int, str], list[float]] = defaultdict(lambda: [0, 0.0, 0.0])
    for attempt, _name in _attempts(workshop, eng):
        phase = _phase_of(workshop, attempt.context)
        if phase is None or attempt.trainee_id not in members:
            continue
        item = catalogue.items.get(attempt.item_id)
        if trainer_points(item) and attempt.graded_at is None:
            members[attempt.trainee_id].pending_grading += 1
        if attempt.item_id not in items[phase]:
            continue
        entry = tally[(attempt.trainee_id, phase)]
        entry[0] += 1
        entry[1] += total_score(attempt)
        entry[2] += attempt.max_score
    for (trainee_id, phase), (answered, score, top) in tally.items():
        members[trainee_id].phases[phase] = (int(answered), sizes[phase], score, top)
    for member in members.values():
        for phase, size in sizes.items():
            member.phases.setdefault(phase, (0, size, 0.0, 0.0))
        member.survey_done = member.trainee_id in surveyed
    return list(members.values())


def responses(workshop: WorkshopInfo, eng: Engine | None = None) -> list[Response]:
    """Every stored answer as a statistics response (trainee, item, score, max, phase), trainees
    keyed by id so two people with one name stay two."""
    out = []
    for attempt, name in _attempts(workshop, eng):
        phase = _phase_of(workshop, attempt.context)
        out.append(
            Response(
                f"{name} #{attempt.trainee_id}",
                attempt.item_id,
                total_score(attempt),
                float(attempt.max_score),
                phase or None,
            )
        )
    return out


def test_responses(workshop: WorkshopInfo, eng: Engine | None = None) -> list[Response]:
    """The pre/post test answers (for the gain); the exercises' answers when there is no test."""
    every = responses(workshop, eng)
    tests = [r for r in every if r.phase]
    return tests or every


def pending(
    workshop: WorkshopInfo, catalogue: Catalogue, eng: Engine | None = None
) -> list[Pending]:
    """Answers to writing items that still wait for the trainer's points, oldest first."""
    out = []
    for attempt, name in _attempts(workshop, eng):
        item = catalogue.items.get(attempt.item_id)
        points = trainer_points(item)
        if points and attempt.graded_at is None:
            out.append(
                Pending(attempt.id, name, attempt.item_id, attempt.answer, attempt.score, points)
            )
    return out


def grade_by_hand(
    workshop: WorkshopInfo,
    catalogue: Catalogue,
    attempt_id: object,
    points: object,
    comment: object,
    eng: Engine | None = None,
) -> None:
    """Award the trainer's points (0 … the item's trainer points) and a comment to one answer of
    this workshop; anything else from the page is refused."""
    if not isinstance(attempt_id, int) or isinstance(attempt_id, bool):
        raise InputError("Không có câu trả lời này.", "No such answer.")
    try:
        value = float(str(points).replace(",", "."))
    except ValueError as exc:
        raise InputError("Điểm phải là một số.", "Points must be a number.") from exc
    text = str(comment or "").strip()[:2000]
    contexts = {workshop.context(), workshop.context("pre"), workshop.context("post")}
    with db.session(eng) as sess:
        attempt = sess.get(Attempt, attempt_id)
        if attempt is None or attempt.context not in contexts:
            raise InputError(
                "Không có câu trả lời này trong lớp.", "No such answer in this workshop."
            )
        item = catalogue.items.get(attempt.item_id)
        top = trainer_points(item)
        if not top:
            raise InputError(
                "Câu này không do giảng viên chấm.", "This item is not graded by hand."
            )
        if not 0 <= value <= top:
            raise InputError(
                f"Điểm giảng viên phải từ 0 đến {top}.", f"The trainer's points are 0 to {top}."
            )
        attempt.trainer_score = value
        attempt.trainer_comment = text
        attempt.graded_at = datetime.now(UTC)
