"""Score one answer to one exercise item, with the feedback and the explanation that cites the
source. ``grade(item, answer)`` accepts the command-line form or any value from the page; the
answer is validated first (see :mod:`kit.grading.answers`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from kit.calendar.deadlines import TO_CHECK, Deadline, last_day
from kit.content import schemas as s
from kit.core.text import fold, strip_punctuation
from kit.grading import answers
from kit.grading.rubric import CheckResult
from kit.grading.writing.score import grade_writing


@dataclass(frozen=True)
class Graded:
    item: str
    score: float
    max: int
    answer: str
    feedback: list[str]
    explanation: str
    source: str
    checks: list[CheckResult] = field(default_factory=list)
    #: points only a trainer can award (writing items)
    pending_trainer: int = 0

    @property
    def full_marks(self) -> bool:
        return self.score >= self.max - self.pending_trainer

    def to_json(self) -> dict[str, Any]:
        return {
            "item": self.item,
            "score": self.score,
            "max": self.max,
            "feedback": " ".join(self.feedback),
        }


def computed_deadline(item: s.DateItem) -> Deadline | None:
    """The deadline a date item's answer is counted from (None for a typed-in answer)."""
    if item.compute is None:
        return None
    return last_day(item.compute.start, item.compute.days, item.compute.rule)


def expected_date(item: s.DateItem) -> date:
    if item.answer is not None:
        return item.answer
    deadline = computed_deadline(item)
    if deadline is None:  # the schema guarantees one of the two
        raise ValueError(f"{item.id}: neither answer nor compute")
    return deadline.last_day


def date_caution(item: s.DateItem) -> str:
    """For an answer counted over holidays not yet confirmed: a "cần kiểm tra / to be checked"
    line saying why (shown with the feedback and in the trainer's key); "" otherwise."""
    deadline = computed_deadline(item) if item.answer is None else None
    if deadline is None or not deadline.to_check:
        return ""
    vi = "; ".join(v for v, _ in deadline.calendar_notes)
    en = "; ".join(e for _, e in deadline.calendar_notes)
    return f"Hạn cuối {TO_CHECK}: {vi}. / The last day is to be checked: {en}."


def _ratio(points: int, share: float) -> float:
    return round(points * max(0.0, min(1.0, share)), 2)


def grade(item: s.Item, answer: object) -> Graded:
    typed = answers.coerce(item, answer)
    score, feedback, checks, pending = _score(item, typed)
    return Graded(
        item=item.id,
        score=score,
        max=item.points,
        answer=answers.canonical(item, typed),
        feedback=feedback,
        explanation=item.explanation,
        source=item.source,
        checks=checks,
        pending_trainer=pending,
    )


def _score(item: s.Item, typed: Any) -> tuple[float, list[str], list[CheckResult], int]:
    match item:
        case s.SingleChoice():
            chosen = next(o for o in item.options if o.id == typed)
            return (item.points if chosen.correct else 0), [chosen.feedback], [], 0
        case s.MultipleSelect():
            return (*_multiple(item, typed), [], 0)
        case s.TrueFalse():
            ok = typed == item.answer
            return (
                (item.points if ok else 0),
                [item.feedback_true if typed else item.feedback_false],
                [],
                0,
            )
        case s.Ordering():
            ok = list(typed) == [st.id for st in item.steps]
            return _binary(item, ok)
        case s.Matching():
            right = sum(item.answer[k] == v for k, v in typed.items())
            share = right / len(item.answer)
            fb = item.feedback_correct if share == 1 else item.feedback_wrong
            return _ratio(item.points, share), [fb], [], 0
        case s.Numeric():
            return _binary(item, abs(typed - item.answer) <= item.tolerance + 1e-9)
        case s.DateItem():
            score, feedback, checks, pending = _binary(item, typed == expected_date(item))
            caution = date_caution(item)
            return score, [*feedback, caution] if caution else feedback, checks, pending
        case s.ShortText():
            given = fold(strip_punctuation(typed))
            return _binary(item, any(given == fold(strip_punctuation(a)) for a in item.accepted))
        case s.Scenario():
            return _scenario(item, typed)
        case s.Writing():
            auto = grade_writing(item, typed)
            return auto.score, auto.feedback, auto.checks, item.trainer_points
    raise TypeError(item)


def _binary(item: Any, ok: bool) -> tuple[float, list[str], list[CheckResult], int]:
    return (item.points if ok else 0), [item.feedback_correct if ok else item.feedback_wrong], [], 0


def _multiple(item: s.MultipleSelect, chosen: frozenset[str]) -> tuple[float, list[str]]:
    correct = {o.id for o in item.options if o.correct}
    feedback = [o.feedback for o in item.options if o.id in chosen or o.id in correct]
    if item.scoring == "all_or_nothing":
        return (item.points if chosen == correct else 0), feedback
    hits = len(chosen & correct) - len(chosen - correct)
    return _ratio(item.points, hits / len(correct)), feedback


def _scenario(item: s.Scenario, given: str) -> tuple[float, list[str], list[CheckResult], int]:
    if given == item.answer:
        return item.points, [item.feedback_correct], [], 0
    if given.startswith("out:") and item.answer.startswith("out:"):
        shared = set(given[4:]) & set(item.answer[4:])
        if shared:  # right outcome, criteria partly right: half the points
            return _ratio(item.points, 0.5), [item.feedback_wrong], [], 0
    return 0, [item.feedback_wrong], [], 0


def accepted_answers(item: s.Item) -> list[str]:
    """Answers that score full marks, in the ``--answer`` form (for trainers' keys)."""
    match item:
        case s.SingleChoice():
            return [o.id for o in item.options if o.correct]
        case s.MultipleSelect():
            return [",".join(sorted(o.id for o in item.options if o.correct))]
        case s.TrueFalse():
            return ["true" if item.answer else "false"]
        case s.Ordering():
            return [",".join(st.id for st in item.steps)]
        case s.Matching():
            return [",".join(f"{k}={v}" for k, v in sorted(item.answer.items()))]
        case s.Numeric():
            return [f"{item.answer:g}"]
        case s.DateItem():
            return [expected_date(item).strftime("%d/%m/%Y")]
        case s.ShortText():
            return list(item.accepted)
        case s.Scenario():
            return [item.answer]
        case s.Writing():
            return [item.model_answer]
    raise TypeError(item)


def answer_key(item: s.Item) -> dict[str, Any]:
    """Accepted answers of ``item`` for a trainer's key (the rubric for writing items)."""
    if isinstance(item, s.Writing):
        return {
            "answers": [],
            "rubric": [c.model_dump(exclude_defaults=True) for c in item.rubric],
            "trainer_points": item.trainer_points,
            "model_answer": item.model_answer,
        }
    caution = date_caution(item) if isinstance(item, s.DateItem) else ""
    return {"answers": accepted_answers(item), **({"caution": caution} if caution else {})}
