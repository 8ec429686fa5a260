"""The unit a roll-up works on: validated answers, their score and where they came from; and
scoring many of them at once. Shared by the roll-up (:mod:`kit.assessment.rollup.aggregate`),
its sources and the peers it learns from."""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from kit.assessment.questionnaire.conditions import Answers
from kit.assessment.questionnaire.scoring import UnitScore, score_answers


@dataclass(frozen=True, slots=True)
class ScoredUnit:
    """One unit's validated answers and their score; ``source`` says where it came from."""

    answers: Answers
    score: UnitScore
    source: str = ""

    @classmethod
    def of(cls, answers: Answers, source: str = "") -> ScoredUnit:
        """Score validated answers (see
        :func:`kit.assessment.questionnaire.answers.check_answers`)."""
        return cls(answers, score_answers(answers), source)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for a batch. Scoring and rolling up many units create
    hundreds of thousands of objects that stay alive and form no cycle; the collector would only
    walk them again and again (a third of the time at 100,000 units)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def score_units(answers: Iterable[tuple[Answers, str]]) -> list[ScoredUnit]:
    """Score many units' validated answers, each with its source (a file name, a sheet row)."""
    with gc_paused():
        return [ScoredUnit(a, score_answers(a), source) for a, source in answers]
