"""A trainee's way through a workshop: the pre-test (if any), the exercises of the workshop's
lessons, the post-test (if any), then the reaction survey. Each phase is a practice session in
the workshop's own context, so nothing mixes with private practice; the tests give no feedback
before the end (the post-test may reuse the pre-test's items)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Engine, select

from kit import trainees
from kit.content.catalogue import Catalogue
from kit.practice import Practice
from kit.store import db
from kit.store.models import Attempt
from kit.workshops import survey
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

    def __post_init__(self) -> None:
        join(self.workshop, self.identity.id, self.engine)
        ws = self.workshop
        plan = {
            "pre": (ws.context("pre"), ws.pre_items),
            "main": (ws.context(), tuple(exercise_items(ws, self.catalogue))),
            "post": (ws.context("post"), ws.post_items),
        }
        for phase in PHASES:
            context, items = plan[phase]
            if items:
                self.phases[phase] = Practice(
                    self.catalogue, self.identity, self.engine, context=context, item_ids=items
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
            done = practice.answered()
            score = sum(a.score for _, a in done)
            out[phase] = (score, sum(a.max_score for _, a in done), len(done), len(practice.items))
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
