"""The statistics of each item of a workshop test, and the test's reliability.

The methods are those of Moodle's quiz statistics report. A statistic
that cannot be computed is ``None`` (``null`` in JSON), never NaN, and a missing response is left
out, never counted as zero.

* **facility** = mean mark / max mark × 100, over the trainees who answered the item.
* **discrimination** = 100 × Pearson correlation between the item's mark and the trainee's *rest
  score*, over the trainees who answered the item and at least one other item. The rest score is
  the trainee's percentage on the other items they answered (Σ marks / Σ max × 100), so a skipped
  item lowers nobody's rest score; when nobody skipped an item it is a fixed multiple of Moodle's
  rest-of-test total, which gives the same correlation. ``None`` with fewer than two such trainees
  or when the item's marks or the rest scores do not vary.
* **α** (Cronbach) = k/(k−1) · (1 − Σσ²ᵢ / σ²_total) on the complete cases, the trainees who
  answered every item. Population variances (÷ n) throughout: the sample variance (÷ (n − 1))
  scales every term alike and gives the same α. Reported on the 0–1 scale; it can be negative
  when items pull against each other. ``None`` with fewer than two items, fewer than two complete
  trainees, or equal totals. Band (Moodle, α × 100): > 75 ``satisfactory``, < 64
  ``unsatisfactory``, otherwise ``borderline``.
* **flag** of an item (Moodle: discrimination below 30 is likely a bad item):

  - discrimination < 0 → ``likely_bad``: stronger trainees did worse, check the key or wording;
  - 0 ≤ discrimination < 30 → ``review``;
  - discrimination ``None`` and facility > 95 or < 5 → ``review``: it separates nobody;
  - otherwise ``ok``.

  Every flag other than ``ok`` (and an ``ok`` whose discrimination is ``None``) has reasons.

Figures are rounded as shown (percentages to 0.1, α to 0.001, means to 0.01), and flags and bands
are read from the rounded figures, so what a trainer sees always agrees with its label.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import fmean, pvariance
from typing import Any

from kit.workshops.marks import Marks, Text, figure, rounded

#: Moodle's discrimination threshold (its quiz statistics report): below it an item is likely bad
DISCRIMINATION_MIN = 30.0
#: facility above or below these, with no discrimination, means the item separates nobody
FACILITY_HIGH, FACILITY_LOW = 95.0, 5.0

FLAG_LABELS = {
    "ok": Text("đạt", "ok"),
    "review": Text("cần xem lại", "review"),
    "likely_bad": Text("có thể là câu kém", "likely bad"),
}
ALPHA_BANDS = {
    "satisfactory": Text("đạt", "satisfactory"),
    "borderline": Text("tạm được", "borderline"),
    "unsatisfactory": Text("chưa đạt", "unsatisfactory"),
}


@dataclass(frozen=True)
class ItemStats:
    item: str
    n: int
    max: float
    mean: float
    facility: float
    discrimination: float | None
    flag: str
    reasons: tuple[Text, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "item": self.item,
            "n": self.n,
            "max": self.max,
            "mean": self.mean,
            "facility": self.facility,
            "discrimination": self.discrimination,
            "flag": self.flag,
            "reasons": [r.to_json() for r in self.reasons],
        }


def alpha_band(alpha: float | None) -> str | None:
    """The band of α (a key of :data:`ALPHA_BANDS`), ``None`` without α."""
    if alpha is None:
        return None
    if alpha > 0.75:
        return "satisfactory"
    return "unsatisfactory" if alpha < 0.64 else "borderline"


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Pearson's r, or ``None`` with fewer than two pairs or when either side does not vary."""
    if len(xs) < 2 or len(set(xs)) < 2 or len(set(ys)) < 2:
        return None
    mx, my = fmean(xs), fmean(ys)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    return max(-1.0, min(1.0, sxy / math.sqrt(sxx * syy)))


def cronbach_alpha(rows: Sequence[Sequence[float]]) -> float | None:
    """α of a complete trainees × items matrix (population variances), or ``None``."""
    if len(rows) < 2 or len(rows[0]) < 2:
        return None
    totals = [sum(row) for row in rows]
    if len(set(totals)) < 2:
        return None
    k = len(rows[0])
    item_variance = sum(pvariance(column) for column in zip(*rows, strict=True))
    return k / (k - 1) * (1 - item_variance / pvariance(totals))


def item_stats(m: Marks, item: str) -> ItemStats:
    """Facility, discrimination and flag of ``item`` (see the module docstring)."""
    scores = [row[item] for row in m.marks.values() if item in row]
    pairs = [
        (row[item], rest)
        for row in m.marks.values()
        if item in row and (rest := m.percent(row, leave_out=item)) is not None
    ]
    r = pearson([x for x, _ in pairs], [y for _, y in pairs])
    mean = fmean(scores)
    facility = round(100 * mean / m.items[item], 1)
    discrimination = rounded(None if r is None else 100 * r, 1)
    flag, reasons = _flag(facility, discrimination)
    return ItemStats(
        item, len(scores), m.items[item], round(mean, 2), facility, discrimination, flag, reasons
    )


def _flag(facility: float, d: float | None) -> tuple[str, tuple[Text, ...]]:
    if d is not None and d < 0:
        return "likely_bad", (
            Text(
                f"Độ phân biệt âm ({figure(d)}): người làm tốt cả bài lại làm câu này kém hơn; "
                "hãy kiểm tra đáp án và cách hỏi.",
                f"Negative discrimination ({d:g}): trainees who did well overall did worse on "
                "this item; check the answer key and the wording.",
            ),
        )
    if d is not None and d < DISCRIMINATION_MIN:
        return "review", (
            Text(
                f"Độ phân biệt {figure(d)} < {figure(DISCRIMINATION_MIN)} (ngưỡng của Moodle): "
                "câu này phân biệt kém giữa người nắm bài và người chưa nắm bài.",
                f"Discrimination {d:g} < {DISCRIMINATION_MIN:g} (Moodle's threshold): the item "
                "barely separates those who know the topic from those who do not.",
            ),
        )
    if d is not None:
        return "ok", ()
    if facility > FACILITY_HIGH or facility < FACILITY_LOW:
        vi, en = (
            ("gần như ai cũng đạt điểm tối đa", "nearly everyone got full marks")
            if facility > FACILITY_HIGH
            else ("gần như không ai được điểm", "nearly nobody scored")
        )
        return "review", (
            Text(
                f"Độ dễ {figure(facility)}%: {vi}, nên câu này không phân biệt được ai.",
                f"Facility {facility:g}%: {en}, so the item separates nobody.",
            ),
        )
    return "ok", (
        Text(
            "Chưa tính được độ phân biệt: cần ít nhất 2 học viên làm câu này và câu khác, với "
            "điểm khác nhau.",
            "Discrimination cannot be computed: it needs at least 2 trainees who answered this "
            "and another item, with marks that differ.",
        ),
    )


def reliability(m: Marks) -> tuple[float | None, int, list[Text]]:
    """α of the test, the number of complete trainees it uses, and why it is missing or partial."""
    items = list(m.items)
    complete = [[row[i] for i in items] for row in m.marks.values() if len(row) == len(items)]
    alpha = rounded(cronbach_alpha(complete), 3)
    if not items:
        return None, 0, []
    if len(items) < 2:
        why = Text("Cần ít nhất 2 câu để tính α.", "α needs at least 2 items.")
    elif len(complete) < 2:
        why = Text(
            f"Cần ít nhất 2 học viên làm đủ mọi câu để tính α (hiện có {len(complete)}).",
            f"α needs at least 2 trainees who answered every item ({len(complete)} did).",
        )
    elif alpha is None:
        why = Text(
            "Tổng điểm của mọi học viên bằng nhau nên không tính được α.",
            "Every trainee has the same total, so α cannot be computed.",
        )
    elif len(complete) < len(m.marks):
        why = Text(
            f"α chỉ tính trên {len(complete)}/{len(m.marks)} học viên làm đủ mọi câu.",
            f"α uses only the {len(complete)} of {len(m.marks)} trainees who answered every item.",
        )
    else:
        return alpha, len(complete), []
    return alpha, len(complete), [why]
