"""Everything the trainer's dashboard and exports show for one workshop, computed in one place:
the roster, the item statistics of the test (or of the exercises when there is no test), the
pre/post gain, the score distribution and the survey summary."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

from kit.content.catalogue import Catalogue
from kit.core.errors import InputError
from kit.workshops import results, survey
from kit.workshops.sessions import WorkshopInfo
from kit.workshops.stats import Report, item_statistics

BINS = 10
#: items in each test form
TEST_ITEMS = 10


@dataclass(frozen=True)
class Dashboard:
    workshop: WorkshopInfo
    roster: list[results.Member]
    stats: Report | None
    distribution: tuple[int, ...]
    survey: survey.SurveySummary
    pending: int


def distribution(percents: list[float]) -> tuple[int, ...]:
    """How many trainees in each 10-point band of percent (0–9, 10–19, …, 90–100)."""
    counts = [0] * BINS
    for p in percents:
        counts[min(int(p // (100 / BINS)), BINS - 1)] += 1
    return tuple(counts)


def build(workshop: WorkshopInfo, catalogue: Catalogue, eng: Engine | None = None) -> Dashboard:
    roster = results.roster(workshop, catalogue, eng)
    responses = results.test_responses(workshop, eng)
    try:
        stats = item_statistics(responses) if responses else None
    except InputError:
        stats = None  # e.g. only pre-test answers yet: nothing to say about the post-test
    phase = "post" if workshop.post_items else ""
    percents = [p for m in roster if (p := m.percent(phase)) is not None]
    return Dashboard(
        workshop,
        roster,
        stats,
        distribution(percents),
        survey.summary(workshop, eng),
        len(results.pending(workshop, catalogue, eng)),
    )


def pick_test_items(
    catalogue: Catalogue, track: str, lessons: list[str], form: str
) -> tuple[list[str], list[str]]:
    """Pre- and post-test items from the chosen lessons: auto-graded items only; ``same`` uses
    one form twice, ``parallel`` splits the items into two forms."""
    pool = [
        i.id
        for i in catalogue.exercises(track)
        if i.lesson in lessons and not results.trainer_points(i)
    ]
    if form == "same":
        chosen = pool[:TEST_ITEMS]
        return chosen, chosen
    if form == "parallel":
        chosen = pool[: 2 * TEST_ITEMS]
        return chosen[0::2], chosen[1::2]
    return [], []
