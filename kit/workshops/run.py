"""A trainee's way through a workshop: the pre-test (if any), the exercises of the workshop's
lessons, the post-test (if any), then the reaction survey. Each phase is a practice session in
the workshop's own context, so nothing mixes with private practice; the tests give no feedback
before the end (the post-test may reuse the pre-test's items).

The exercises are the lessons' items without the test items, and hold back the test items of the
trainee's other workshops whose tests are open; once the trainer closes the tests, the test
phases take no more answers (:mod:`kit.workshops.secrecy`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial

from sqlalchemy import Engine, select

from kit import trainees
from kit.content.catalogue import Catalogue
from kit.core.text import fold
from kit.practice import Practice
from kit.store import db
from kit.store.models import Attempt, Trainee, WorkshopMember
from kit.units.registry import all_units
from kit.workshops import secrecy, survey
from kit.workshops.results import exercise_items
from kit.workshops.sessions import WorkshopInfo, join

PHASES = ("pre", "main", "post")


@dataclass(frozen=True)
class TrainerNote:
    item_id: str
    trainer_score: float
    comment: str


@dataclass
class WorkshopRun:
    workshop: WorkshopInfo
    identity: trainees.Identity
    catalogue: Catalogue
    engine: Engine | None = None
    phases: dict[str, Practice] = field(default_factory=dict)
    #: each phase's items (a closed test holds back its items but keeps its size)
    plan: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        join(self.workshop, self.identity.id, self.engine)
        ws, eng = self.workshop, self.engine
        self.plan = {
            "pre": ws.pre_items,
            "main": tuple(exercise_items(ws, self.catalogue)),
            "post": ws.post_items,
        }
        for phase in PHASES:
            items = self.plan[phase]
            if not items:
                continue
            hold = (
                partial(secrecy.held_items, self.identity.id, eng)
                if phase == "main"
                else partial(secrecy.closed_test_items, ws, items, eng)
            )
            context = ws.context(None if phase == "main" else phase)
            self.phases[phase] = Practice(
                self.catalogue, self.identity, eng, context=context, item_ids=items, hold=hold
            )

    def phase(self) -> str | None:
        """The phase with items still to answer (None once every phase is done)."""
        return next((p for p, practice in self.phases.items() if practice.current()), None)

    def practice(self) -> Practice | None:
        phase = self.phase()
        return self.phases[phase] if phase else None

    def is_test(self) -> bool:
        return self.phase() in ("pre", "post")

    def survey_due(self) -> bool:
        return (
            self.phase() is None
            and self.workshop.survey
            and not survey.answered(self.workshop, self.identity.id, self.engine)
        )

    def submit_survey(self, answers: object) -> None:
        survey.submit(self.workshop, self.identity.id, answers, self.engine)

    def scores(self) -> dict[str, tuple[float, int, int, int]]:
        """Per phase: (score, max, answered, total)."""
        out = {}
        for phase, practice in self.phases.items():
            items = [i for i in dict.fromkeys(self.plan[phase]) if i in self.catalogue.items]
            done = [practice.done[i] for i in items if i in practice.done]
            score = sum(a.score for a in done)
            out[phase] = (score, sum(a.max_score for a in done), len(done), len(items))
        return out

    def trainer_notes(self) -> list[TrainerNote]:
        """The trainer's points and comments on this trainee's answers in the workshop."""
        contexts = [self.workshop.context(p) for p in (None, "pre", "post")]
        with db.session(self.engine) as sess:
            rows = sess.scalars(
                select(Attempt).where(
                    Attempt.trainee_id == self.identity.id,
                    Attempt.context.in_(contexts),
                    Attempt.graded_at.is_not(None),
                )
            )
            return [
                TrainerNote(r.item_id, r.trainer_score or 0.0, r.trainer_comment or "")
                for r in rows
            ]


def _members(workshop: WorkshopInfo, eng: Engine | None) -> list[trainees.Identity]:
    with db.session(eng) as sess:
        rows = sess.scalars(
            select(Trainee)
            .join(WorkshopMember, WorkshopMember.trainee_id == Trainee.id)
            .where(WorkshopMember.workshop_id == workshop.id)
            .order_by(Trainee.id)
        )
        return [trainees.Identity(r.id, r.name, r.unit, r.track) for r in rows]


def members_named(
    workshop: WorkshopInfo, name: str, unit: str, eng: Engine | None = None
) -> list[trainees.Identity]:
    """The workshop's members with this name and unit (folded: case, Unicode form and tone
    placement do not matter), first joined first: a trainee joining again is asked whether it
    is them before a second entry is made."""
    key = (fold(name), fold(unit))
    return [r for r in _members(workshop, eng) if (fold(r.name), fold(r.unit)) == key]


def known_units(workshop: WorkshopInfo | None, eng: Engine | None = None) -> list[str]:
    """The spellings a unit typed at this workshop is offered: the registered units', then the
    workshop's members' (most used first), each once."""
    spellings = [u.name for u in all_units(active_only=True, eng=eng)]
    if workshop is not None:
        used: dict[str, int] = {}
        for row in _members(workshop, eng):
            used[row.unit] = used.get(row.unit, 0) + 1
        spellings += sorted(used, key=lambda u: -used[u])
    return list(dict.fromkeys(spellings))
