"""Item statistics of a workshop test: facility, discrimination, Cronbach's α and Hake's gain.

The methods are those of DOMAIN §5 ("Item statistics (as in Moodle's quiz report)" and
"Pre/post tests"). A statistic that cannot be computed is ``None`` (``null`` in JSON), never NaN,
and a missing response is left out, never counted as zero.

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
* **gain** (Hake) g = (post% − pre%) / (100 − pre%), ``None`` when pre% = 100. A trainee's
  percentage in a phase is Σ marks / Σ max × 100 over the items they answered. The class pre% and
  post% are the means of those percentages over the trainees who sat both tests. Band: g < 0.3
  ``low``, 0.3–0.7 ``medium``, > 0.7 ``high``.

When the responses carry phases (all of them ``pre`` or ``post``), the items and α describe the
post-test; without phases ``gain`` is ``None``. Figures are rounded as shown (percentages to 0.1,
α and g to 0.001, means to 0.01), and flags and bands are read from the rounded figures, so what
a trainer sees always agrees with its label.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from numbers import Real
from statistics import fmean, pvariance
from typing import Any

from kit.core.errors import InputError

PHASES = ("pre", "post")
#: Moodle's discrimination threshold (DOMAIN §5): below it an item is likely bad
DISCRIMINATION_MIN = 30.0
#: facility above or below these, with no discrimination, means the item separates nobody
FACILITY_HIGH, FACILITY_LOW = 95.0, 5.0


@dataclass(frozen=True)
class Text:
    """A message in Vietnamese and English."""

    vi: str
    en: str

    def to_json(self) -> dict[str, str]:
        return {"vi": self.vi, "en": self.en}


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
GAIN_BANDS = {
    "low": Text("thấp", "low"),
    "medium": Text("trung bình", "medium"),
    "high": Text("cao", "high"),
}


@dataclass(frozen=True)
class Response:
    """One trainee's mark on one item; ``phase`` is ``"pre"``, ``"post"`` or ``None``."""

    trainee: str
    item: str
    score: float
    max: float
    phase: str | None = None

    def __post_init__(self) -> None:
        problem = response_problem(self)
        if problem is not None:
            raise InputError(problem.vi, problem.en)


def response_problem(r: Response) -> Text | None:
    """What is wrong with one response on its own, or ``None``."""
    who = f"{r.trainee!r}, {r.item!r}"
    if not r.trainee.strip():
        return Text("Thiếu tên học viên.", "The trainee's name is missing.")
    if not r.item.strip():
        return Text("Thiếu tên câu hỏi.", "The item's name is missing.")
    if r.phase is not None and r.phase not in PHASES:
        return Text(
            f"{who}: giai đoạn {r.phase!r} không hợp lệ; dùng 'pre' (trước) hoặc 'post' (sau).",
            f"{who}: unknown phase {r.phase!r}; use 'pre' or 'post'.",
        )
    if not (_finite(r.max) and r.max > 0):
        return Text(
            f"{who}: điểm tối đa phải là số lớn hơn 0 (đang là {r.max}).",
            f"{who}: the max mark must be a number above 0 (it is {r.max}).",
        )
    if not (_finite(r.score) and 0 <= r.score <= r.max):
        return Text(
            f"{who}: điểm {r.score:g} phải từ 0 đến {r.max:g}.",
            f"{who}: the score {r.score:g} must be between 0 and {r.max:g}.",
        )
    return None


def _finite(x: object) -> bool:
    return isinstance(x, Real) and not isinstance(x, bool) and math.isfinite(x)


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


@dataclass(frozen=True)
class TraineeGain:
    pre: float | None
    post: float | None
    gain: float | None

    @property
    def band(self) -> str | None:
        return gain_band(self.gain)

    def to_json(self) -> dict[str, Any]:
        return {"pre": self.pre, "post": self.post, "gain": self.gain, "band": self.band}


@dataclass(frozen=True)
class Gain:
    """Hake's gain of the class (``value``) from the mean percentages of ``n`` matched trainees."""

    value: float | None
    pre: float | None
    post: float | None
    n: int
    trainees: Mapping[str, TraineeGain] = field(default_factory=dict)

    @property
    def band(self) -> str | None:
        return gain_band(self.value)

    def to_json(self) -> dict[str, Any]:
        return {
            "class": self.value,
            "band": self.band,
            "pre": self.pre,
            "post": self.post,
            "n": self.n,
            "trainees": {name: t.to_json() for name, t in self.trainees.items()},
        }


@dataclass(frozen=True)
class Report:
    """The statistics of one test; ``phase`` is ``"post"`` when the responses had phases."""

    items: tuple[ItemStats, ...]
    alpha: float | None
    alpha_n: int
    gain: Gain | None
    phase: str | None = None
    warnings: tuple[Text, ...] = ()

    @property
    def alpha_band(self) -> str | None:
        if self.alpha is None:
            return None
        if self.alpha > 0.75:
            return "satisfactory"
        return "unsatisfactory" if self.alpha < 0.64 else "borderline"

    def to_json(self) -> dict[str, Any]:
        """The contract JSON of ``kit workshop stats --json`` (without the file's ``problems``)."""
        return {
            "phase": self.phase,
            "items": [i.to_json() for i in self.items],
            "alpha": self.alpha,
            "alpha_band": self.alpha_band,
            "alpha_n": self.alpha_n,
            "gain": None if self.gain is None else self.gain.to_json(),
            "warnings": [w.to_json() for w in self.warnings],
        }


def gain_band(g: float | None) -> str | None:
    if g is None:
        return None
    if g < 0.3:
        return "low"
    return "high" if g > 0.7 else "medium"


def hake_gain(pre: float, post: float) -> float | None:
    """Hake's normalised gain from two percentages; ``None`` when ``pre`` is 100."""
    return None if pre >= 100 else (post - pre) / (100 - pre)


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


def _round(x: float | None, places: int) -> float | None:
    return None if x is None else round(x, places) + 0.0  # + 0.0 turns -0.0 into 0.0


@dataclass
class _Matrix:
    """The marks of one test: ``marks[trainee][item]``, items in order of first appearance."""

    items: dict[str, float] = field(default_factory=dict)  # item -> max
    marks: dict[str, dict[str, float]] = field(default_factory=dict)

    @classmethod
    def of(cls, responses: Iterable[Response]) -> _Matrix:
        m = cls()
        for r in responses:
            m.items.setdefault(r.item, r.max)
            m.marks.setdefault(r.trainee, {})[r.item] = r.score
        return m

    def percent(self, row: Mapping[str, float], leave_out: str | None = None) -> float | None:
        answered = [i for i in row if i != leave_out]
        if not answered:
            return None
        return 100 * sum(row[i] for i in answered) / sum(self.items[i] for i in answered)


def item_statistics(responses: Iterable[Response]) -> Report:
    """Item statistics, α and (with phases) Hake's gain; see the module docstring.

    Raises :class:`InputError` when there are no responses, when some have a phase and others
    not, when a (trainee, item, phase) appears twice, or when an item's max differs between rows.
    """
    responses = tuple(responses)
    _check_together(responses)
    phased = responses[0].phase is not None
    tested = _Matrix.of(r for r in responses if not phased or r.phase == "post")
    items = tuple(_item(tested, item) for item in tested.items)
    alpha, alpha_n, warnings = _alpha(tested)
    gain = None
    if phased:
        gain, gain_warnings = _gain(responses)
        warnings += gain_warnings
        if not tested.items:
            warnings.insert(
                0,
                Text(
                    "Không có bài kiểm tra sau (post) nên không có thống kê câu hỏi.",
                    "There is no post-test, so there are no item statistics.",
                ),
            )
    return Report(items, alpha, alpha_n, gain, "post" if phased else None, tuple(warnings))


def _check_together(responses: Sequence[Response]) -> None:
    if not responses:
        raise InputError("Không có câu trả lời nào.", "There are no responses.")
    if len({r.phase is None for r in responses}) > 1:
        raise InputError(
            "Một số câu trả lời có giai đoạn (pre/post), số khác thì không.",
            "Some responses have a phase (pre/post) and others do not.",
        )
    seen = Counter((r.trainee, r.item, r.phase) for r in responses)
    twice = [key for key, n in seen.items() if n > 1]
    if twice:
        trainee, item, phase = twice[0]
        raise InputError(
            f"{trainee!r}, {item!r} ({phase or '-'}): có {seen[twice[0]]} câu trả lời.",
            f"{trainee!r}, {item!r} ({phase or '-'}): {seen[twice[0]]} responses.",
        )
    maxima: dict[tuple[str, str | None], float] = {}
    for r in responses:
        first = maxima.setdefault((r.item, r.phase), r.max)
        if first != r.max:
            raise InputError(
                f"Câu {r.item!r}: điểm tối đa khác nhau ({first:g} và {r.max:g}).",
                f"Item {r.item!r}: different max marks ({first:g} and {r.max:g}).",
            )


def _item(m: _Matrix, item: str) -> ItemStats:
    scores = [row[item] for row in m.marks.values() if item in row]
    pairs = [
        (row[item], rest)
        for row in m.marks.values()
        if item in row and (rest := m.percent(row, leave_out=item)) is not None
    ]
    r = pearson([x for x, _ in pairs], [y for _, y in pairs])
    mean = fmean(scores)
    facility = round(100 * mean / m.items[item], 1)
    discrimination = _round(None if r is None else 100 * r, 1)
    flag, reasons = _flag(facility, discrimination)
    return ItemStats(
        item, len(scores), m.items[item], round(mean, 2), facility, discrimination, flag, reasons
    )


def _flag(facility: float, d: float | None) -> tuple[str, tuple[Text, ...]]:
    if d is not None and d < 0:
        return "likely_bad", (
            Text(
                f"Độ phân biệt âm ({d:g}): người làm tốt cả bài lại làm câu này kém hơn; "
                "hãy kiểm tra đáp án và cách hỏi.",
                f"Negative discrimination ({d:g}): trainees who did well overall did worse on "
                "this item; check the answer key and the wording.",
            ),
        )
    if d is not None and d < DISCRIMINATION_MIN:
        return "review", (
            Text(
                f"Độ phân biệt {d:g} < {DISCRIMINATION_MIN:g} (ngưỡng của Moodle): câu này phân "
                "biệt kém giữa người nắm bài và người chưa nắm bài.",
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
                f"Độ dễ {facility:g}%: {vi}, nên câu này không phân biệt được ai.",
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


def _alpha(m: _Matrix) -> tuple[float | None, int, list[Text]]:
    items = list(m.items)
    complete = [[row[i] for i in items] for row in m.marks.values() if len(row) == len(items)]
    alpha = _round(cronbach_alpha(complete), 3)
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


def _gain(responses: Sequence[Response]) -> tuple[Gain, list[Text]]:
    tests = {p: _Matrix.of(r for r in responses if r.phase == p) for p in PHASES}
    percents = {
        name: tuple(tests[p].percent(tests[p].marks.get(name, {})) for p in PHASES)
        for name in dict.fromkeys(r.trainee for r in responses)
    }
    trainees = {
        name: TraineeGain(
            _round(pre, 1),
            _round(post, 1),
            None if pre is None or post is None else _round(hake_gain(pre, post), 3),
        )
        for name, (pre, post) in percents.items()
    }
    both = [(pre, post) for pre, post in percents.values() if pre is not None and post is not None]
    warnings = []
    alone = [name for name, (pre, post) in percents.items() if pre is None or post is None]
    if alone:
        shown = ", ".join(alone)
        warnings.append(
            Text(
                f"Chỉ làm một trong hai bài (không tính vào mức tiến bộ của lớp): {shown}.",
                f"Sat only one of the two tests (left out of the class gain): {shown}.",
            )
        )
    if not both:
        return Gain(None, None, None, 0, trainees), warnings
    pre = fmean(p for p, _ in both)
    post = fmean(q for _, q in both)
    g = hake_gain(pre, post)
    if g is None:
        warnings.append(
            Text(
                "Cả lớp đạt 100% ở bài trước nên không tính được mức tiến bộ.",
                "The class scored 100% on the pre-test, so no gain can be computed.",
            )
        )
    gain = Gain(_round(g, 3), _round(pre, 1), _round(post, 1), len(both), trainees)
    return gain, warnings
