"""Everything the trainer's dashboard and exports show for one workshop, computed in one place:
the roster, the item statistics of the test (or of the exercises when there is no test), the
pre/post gain, the score distribution of each test and the survey summary; and which workshop the
trainer's page follows when it opens afresh (:func:`current_workshop`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Engine

from kit.content.catalogue import Catalogue
from kit.core.errors import InputError
from kit.workshops import results, survey
from kit.workshops.marks import Text
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
    #: the score distribution of the test the statistics describe (see ``distribution_phase``)
    distribution: tuple[int, ...]
    survey: survey.SurveySummary
    pending: int
    #: each item's question (Vietnamese, English), by item id
    questions: dict[str, Text] = field(default_factory=dict)
    #: the distribution of each phase with answers: "pre", "post", or "" for the exercises
    histograms: dict[str, tuple[int, ...]] = field(default_factory=dict)

    @property
    def distribution_phase(self) -> str:
        """The phase of :attr:`distribution`: "post" with a post-test, else "" (exercises)."""
        return "post" if self.workshop.post_items else ""

    @property
    def stats_phase(self) -> str:
        """What the item statistics describe: "post" (the post-test) or "" (the exercises)."""
        return "post" if self.stats is not None and self.stats.phase else ""


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
    phases = ("pre", "post") if workshop.pre_items or workshop.post_items else ("",)
    histograms = {
        phase: distribution([p for m in roster if (p := m.percent(phase)) is not None])
        for phase in phases
    }
    main = "post" if workshop.post_items else ""
    percents = [p for m in roster if (p := m.percent(main)) is not None]
    asked = {r.item for r in responses}
    questions = {
        item.id: Text(item.prompt, item.prompt_en or item.prompt)
        for item_id in sorted(asked)
        if (item := catalogue.items.get(item_id)) is not None
    }
    return Dashboard(
        workshop,
        roster,
        stats,
        distribution(percents),
        survey.summary(workshop, eng),
        len(results.pending(workshop, catalogue, eng)),
        questions,
        {phase: counts for phase, counts in histograms.items() if any(counts)},
    )


def current_workshop(known: Sequence[WorkshopInfo], today: date) -> WorkshopInfo | None:
    """The workshop a trainer's page follows when it opens without one chosen (after a reload):
    among those whose tests are still open, the latest up to today (today's first, the one
    opened last among them), else the nearest one ahead; when every workshop is closed, the
    latest one. ``None`` without any."""
    open_ = [w for w in known if w.tests_closed_at is None]
    latest = max((w for w in open_ if w.day <= today), key=lambda w: (w.day, w.id), default=None)
    if latest is not None:
        return latest
    ahead = min((w for w in open_ if w.day > today), key=lambda w: (w.day, -w.id), default=None)
    return ahead or max(known, key=lambda w: (w.day, w.id), default=None)


def pick_test_items(
    catalogue: Catalogue, track: str, lessons: list[str], form: str
) -> tuple[list[str], list[str]]:
    """Pre- and post-test items from the chosen lessons (auto-graded items only), at most
    :data:`TEST_ITEMS` in each form, taken from each lesson in turn and never more than half of
    a lesson's items, so the exercises (which leave the test items out) keep the other half.
    ``same`` uses one form twice; ``parallel`` makes two forms to which every lesson gives as many
    items. See :mod:`kit.workshops.secrecy` for why."""
    if form not in ("same", "parallel"):
        return [], []
    per_item = 1 if form == "same" else 2  # a parallel form takes the items of a lesson in pairs
    pools: list[list[str]] = []
    for lesson in catalogue.ordered_lessons():
        if lesson.id not in lessons:
            continue
        every = [i for i in catalogue.exercises(track) if i.lesson == lesson.id]
        graded = [i.id for i in every if not results.trainer_points(i)]
        quota = min(len(graded), len(every) // 2) // per_item * per_item
        pools.append(graded[:quota])
    chosen: list[list[str]] = []  # one entry per pick: an item, or a pair of parallel items
    while len(chosen) < TEST_ITEMS and any(pools):
        for pool in pools:
            if pool and len(chosen) < TEST_ITEMS:
                chosen.append(pool[:per_item])
                del pool[:per_item]
    if not chosen:
        raise InputError(
            "Các bài học đã chọn không đủ câu hỏi để vừa làm bài kiểm tra vừa làm bài tập: hãy "
            "chọn thêm bài học, chọn kiểm tra cùng một đề, hoặc không kiểm tra.",
            "The chosen lessons have too few items for both a test and the exercises: choose "
            "more lessons, the same form twice, or no test.",
        )
    pre = [pick[0] for pick in chosen]
    return pre, (pre if form == "same" else [pick[1] for pick in chosen])
