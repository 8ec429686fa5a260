"""Peer review of writing answers (the Moodle Workshop way), the parts that need no database:
the rows a reviewer marks, who reviews what, the marks a page sends, a reviewer's reliability
and an answer's peer mark.

* The rows are the item's rubric rows, each marked from 0 to its points, and, when the item
  keeps points for a person, one row for what the checks cannot judge (accurate, fair, easy
  for its readers); so a review's total is on the item's own scale.
* Who reviews what is drawn from the round's seed: every reviewer gets
  :data:`PEERS_EACH` answers of others (never their own, never the calibration answer as one of
  them), every answer gets as many reviews as any other give or take one, and every reviewer
  but its author also gets the calibration answer, in a place drawn like the others'.
* A reviewer's reliability is the mean absolute difference, in points, between their totals and
  the trainer's on calibration answers; an answer's peer mark is the median of its reviews'
  totals (the mean of the two middle ones for an even count).
"""

from __future__ import annotations

import math
import random
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from kit.core.errors import InputError

#: answers of others each reviewer marks (fewer only when the round has fewer to give)
PEERS_EACH = 2
#: trainees who answered the item, at least, before a round can open
MIN_AUTHORS = 3
#: the longest comment a reviewer may leave (characters; longer is cut)
COMMENT_LIMIT = 1000
#: the key of the row for what only a person can judge
PERSON_ROW = "person"


@dataclass(frozen=True)
class Row:
    """One row a reviewer marks: ``key`` (``r0``, ``r1``… for the rubric rows, ``person``),
    its label (from the item, or ``None`` for the person's row: the page words it) and its
    top mark."""

    key: str
    label: str | None
    top: int


@dataclass(frozen=True)
class Answer:
    """An answer in the pool: the attempt and its author."""

    attempt_id: int
    author_id: int


@dataclass(frozen=True)
class Task:
    """One answer given to a reviewer, in the order shown."""

    attempt_id: int
    calibration: bool


def rows_of(item: object) -> list[Row]:
    """The rows a reviewer marks on ``item`` (a writing item; anything else has none)."""
    rubric = getattr(item, "rubric", None) or []
    rows = [Row(f"r{i}", str(check.label), int(check.points)) for i, check in enumerate(rubric)]
    person = getattr(item, "trainer_points", 0)
    if isinstance(person, int) and person > 0:
        rows.append(Row(PERSON_ROW, None, person))
    return rows


def top_of(rows: Sequence[Row]) -> int:
    return sum(r.top for r in rows)


def _number(raw: object) -> float | None:
    if isinstance(raw, bool) or raw is None:
        return None
    if isinstance(raw, int | float):
        value = float(raw)
    else:
        try:
            value = float(str(raw).strip().replace(",", "."))
        except ValueError:
            return None
    return value if math.isfinite(value) else None


def checked_marks(rows: Sequence[Row], raw: object) -> dict[str, float]:
    """The marks a page sent, one per row, each a number from 0 to the row's top; anything else
    (a row missing or unknown, text, a mark out of range) is refused with the row's place."""
    if not isinstance(raw, Mapping):
        raise InputError("Chưa có điểm nào được gửi.", "No marks were sent.")
    known = {r.key for r in rows}
    unknown = [k for k in raw if k not in known]
    if unknown:
        raise InputError(
            "Bài chấm có dòng không thuộc tiêu chí của câu này.",
            "The review has a row that is not in this item's rubric.",
        )
    marks: dict[str, float] = {}
    for place, row in enumerate(rows, start=1):
        if row.key not in raw or raw[row.key] is None or str(raw[row.key]).strip() == "":
            raise InputError(
                f"Tiêu chí {place} chưa có điểm; hãy chấm mọi tiêu chí.",
                f"Criterion {place} has no mark; mark every criterion.",
            )
        value = _number(raw[row.key])
        if value is None:
            raise InputError(
                f"Điểm của tiêu chí {place} phải là một số.",
                f"The mark of criterion {place} must be a number.",
            )
        if not 0 <= value <= row.top:
            raise InputError(
                f"Điểm của tiêu chí {place} phải từ 0 đến {row.top}.",
                f"The mark of criterion {place} must be from 0 to {row.top}.",
            )
        marks[row.key] = round(value, 2)
    return marks


def clean_comment(raw: object) -> str:
    return str(raw or "").strip()[:COMMENT_LIMIT]


def assign(
    pool: Sequence[Answer],
    reviewers: Iterable[int],
    calibration: Answer | None,
    seed: int,
) -> dict[int, list[Task]]:
    """Who reviews what: each reviewer's answers in the order shown (see the module's note).

    ``pool`` holds the answers to be peer-marked (the calibration answer is not one of them);
    ``reviewers`` the trainees who answered (the calibration answer's author included)."""
    rng = random.Random(seed)
    order = sorted(pool, key=lambda a: a.attempt_id)
    rng.shuffle(order)
    n = len(order)
    counts = {a.attempt_id: 0 for a in order}
    out: dict[int, list[Task]] = {}
    owners = {a.author_id: i for i, a in enumerate(order)}
    # the authors of answers in the pool: each reviews the next answers round the circle
    for author, i in owners.items():
        peers = [order[(i + d) % n] for d in range(1, PEERS_EACH + 1) if (i + d) % n != i]
        chosen = list(dict.fromkeys(a.attempt_id for a in peers))
        for attempt in chosen:
            counts[attempt] += 1
        out[author] = [Task(a, False) for a in chosen]
    # any other reviewer takes the answers with the fewest reviews so far
    others = sorted(set(reviewers) - set(owners))
    rng.shuffle(others)
    place = {a.attempt_id: i for i, a in enumerate(order)}
    for reviewer in others:
        fewest = sorted(counts, key=lambda a: (counts[a], place[a]))[:PEERS_EACH]
        for attempt in fewest:
            counts[attempt] += 1
        out[reviewer] = [Task(a, False) for a in fewest]
    for reviewer in sorted(out):
        tasks = out[reviewer]
        if calibration is not None and calibration.author_id != reviewer:
            tasks.insert(rng.randrange(len(tasks) + 1), Task(calibration.attempt_id, True))
    return out


def median(values: Iterable[float]) -> float | None:
    """The median of the totals (``None`` when there is none yet)."""
    got = [v for v in values if v is not None]
    return float(statistics.median(got)) if got else None


def reliability(pairs: Iterable[tuple[float, float]]) -> float | None:
    """Mean absolute difference between a reviewer's totals and the trainer's on calibration
    answers, in points (``None`` when the reviewer marked none yet)."""
    gaps = [abs(mine - trainer) for mine, trainer in pairs]
    return sum(gaps) / len(gaps) if gaps else None
