"""Roll up the scored self-assessments of many units for the level above (issue 6).

``roll_up(units, threshold)`` gives, in one :class:`RollUp`:

* the table of scores by dimension per unit (a dimension that does not apply stays ``None``,
  never 0);
* per dimension and for the total: n, mean, median, min, max and quartiles (inclusive method, as
  Excel's QUARTILE.INC; ``None`` when there is no score), units per band and below the threshold;
* the distribution of totals (units per rubric level, and per 10-point bin);
* the units whose total is below the threshold, with the dimensions dragging them down (those below
  the threshold with the largest weight × gap, at most :data:`DRAGGING`);
* the difficulties, causes and recommendations grouped by theme
  (:mod:`kit.assessment.rollup.themes`);
* learning from peers: per dimension, the units at the highest band any unit reached (from
  "checked" up) and the evidence they gave — not a ranking, with CAF's caution (vi, en)
  (:mod:`kit.assessment.rollup.peers`).

It is the hot path after scoring (3,321 units in well under 0.5 s, 100,000 in about a second, see
``benchmarks/bench_assessment.py``): one pass over the units' answers, columns as lists, statistics
and counts below the threshold on sorted lists (``bisect``), the units below ordered by one numpy
sort, free-text answers counted per distinct text and grouped once per text, and the cyclic garbage
collector paused (:func:`gc_paused`).
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import NamedTuple

from kit.assessment.questionnaire.rubric import Band
from kit.assessment.questionnaire.scoring import Scorer, UnitScore, default_scorer
from kit.assessment.rollup.model import ScoredUnit, gc_paused
from kit.assessment.rollup.peers import PeerGroup, peer_groups
from kit.assessment.rollup.themes import Grouper, TextSummary, default_grouper

DEFAULT_THRESHOLD = 50.0
BIN_WIDTH = 10
DRAGGING = 2


class UnitRow(NamedTuple):
    name: str
    unit_level: str
    unit_level_label: str
    province: str
    total: float | None
    level: str | None
    level_label: str
    #: per dimension in rubric order; ``None`` = not applicable
    scores: tuple[int | None, ...]
    source: str


@dataclass(frozen=True)
class Summary:
    """Statistics of the scores that exist (``None`` everywhere when there are none)."""

    n: int
    mean: float | None = None
    median: float | None = None
    min: float | None = None
    q1: float | None = None
    q3: float | None = None
    max: float | None = None


@dataclass(frozen=True)
class DimensionSummary:
    key: str
    title: str
    title_en: str
    weight: float
    stats: Summary
    not_applicable: int
    #: units with a score below the threshold
    below: int
    #: units per band, in rubric order (nothing … full_cycle)
    bands: tuple[int, ...]


@dataclass(frozen=True)
class LevelCount:
    id: str
    label: str
    label_en: str
    min: float
    #: the next level's minimum (``None`` for the top level)
    below: float | None
    count: int


@dataclass(frozen=True)
class Bin:
    """Totals from ``low`` to under ``high`` (the last bin includes 100)."""

    low: int
    high: int
    count: int

    def label(self, lang: str = "vi") -> str:
        last = self.high if self.high >= 100 else f"{self.high - 0.1:.1f}"
        return f"{self.low}–{last}".replace(".", "," if lang != "en" else ".")


class Below(NamedTuple):
    row: int
    name: str
    province: str
    total: float
    #: the dimensions below the threshold, the heaviest weight × gap first (scores: ``rows[row]``)
    weak: tuple[str, ...]

    @property
    def dragging(self) -> tuple[str, ...]:
        """The dimensions dragging the unit down: the :data:`DRAGGING` heaviest of ``weak``."""
        return self.weak[:DRAGGING]


@dataclass(frozen=True)
class RollUp:
    threshold: float
    rows: tuple[UnitRow, ...]
    dimensions: tuple[DimensionSummary, ...]
    total: Summary
    no_total: int
    below_total: int
    levels: tuple[LevelCount, ...]
    histogram: tuple[Bin, ...]
    below: tuple[Below, ...]
    texts: tuple[TextSummary, ...]
    peers: tuple[PeerGroup, ...]
    #: (id, label, label_en, units) per unit level (commune, department, province)
    unit_levels: tuple[tuple[str, str, str, int], ...]
    period: tuple[date | None, date | None]
    caution: str
    caution_en: str
    method: tuple[tuple[str, str], ...]
    #: the rubric's bands (labels of ``DimensionSummary.bands``)
    bands: tuple[Band, ...]
    rubric_id: str
    rubric_note: str
    rubric_note_en: str
    #: files or rows not rolled up (named by the caller, e.g. the CLI)
    excluded: tuple[str, ...] = ()

    @property
    def n(self) -> int:
        return len(self.rows)

    def dimension(self, key: str) -> DimensionSummary:
        return next(d for d in self.dimensions if d.key == key)

    def text(self, field: str) -> TextSummary:
        return next(t for t in self.texts if t.field == field)


# ---------------------------------------------------------------------------------- statistics


def _quantile(ordered: Sequence[float], p: float) -> float:
    """Linear between closest ranks over ``(n - 1) * p`` (Excel's QUARTILE.INC, pandas' default)."""
    pos = (len(ordered) - 1) * p
    low = math.floor(pos)
    high = min(low + 1, len(ordered) - 1)
    return float(ordered[low] + (ordered[high] - ordered[low]) * (pos - low))


def summarise(values: Iterable[float]) -> Summary:
    """n, mean, median, quartiles, min and max of ``values`` (``None`` when empty, never NaN)."""
    return _summary(sorted(values))


def _summary(ordered: Sequence[float]) -> Summary:
    if not ordered:
        return Summary(0)
    return Summary(
        n=len(ordered),
        mean=math.fsum(ordered) / len(ordered),
        median=_quantile(ordered, 0.5),
        min=float(ordered[0]),
        q1=_quantile(ordered, 0.25),
        q3=_quantile(ordered, 0.75),
        max=float(ordered[-1]),
    )


# ---------------------------------------------------------------------------------- roll-up


def roll_up(
    units: Sequence[ScoredUnit],
    threshold: float = DEFAULT_THRESHOLD,
    *,
    excluded: Sequence[str] = (),
    grouper: Grouper | None = None,
) -> RollUp:
    """Everything the level above reads from many units' scores (see the module docstring)."""
    if not 0 <= threshold <= 100:
        raise ValueError("threshold must be within 0–100")
    with gc_paused():
        return _roll_up(units, threshold, tuple(excluded), grouper or default_grouper())


def _roll_up(
    units: Sequence[ScoredUnit], threshold: float, excluded: tuple[str, ...], grouper: Grouper
) -> RollUp:
    scorer = units[0].score.scorer if units else default_scorer()
    rubric, vocab = scorer.rubric, grouper.vocab
    choices = scorer.questionnaire.field("unit_level").choices
    label_of = {c.id: c.label for c in choices} | {lv.id: lv.label for lv in rubric.levels}
    names: list[str] = []
    unit_levels: list[str] = []
    provinces: list[str] = []
    scores: list[UnitScore] = []
    texts: list[list[object]] = [[] for _ in vocab.fields]
    starts: list[object] = []
    ends: list[object] = []
    # one pass, each unit's answers read once: 100,000 dicts do not stay in the CPU's cache
    for unit in units:
        get = unit.answers.get
        names.append(str(get("unit_name", "")))
        unit_levels.append(str(get("unit_level", "")))
        provinces.append(str(get("province", "")))
        scores.append(unit.score)
        for values, f in zip(texts, vocab.fields, strict=True):
            values.append(get(f))
        starts.append(get("period_start"))
        ends.append(get("period_end"))
    totals = [s.total for s in scores]
    levels = [s.level for s in scores]
    score_lists = [s.score_list for s in scores]
    band_lists = [s.levels for s in scores]
    rows = tuple(
        map(
            partial(tuple.__new__, UnitRow),  # a NamedTuple without its Python-level __new__
            zip(
                names,
                unit_levels,
                [label_of.get(ul, ul) for ul in unit_levels],
                provinces,
                totals,
                levels,
                [label_of.get(lv, "") if lv else "" for lv in levels],
                score_lists,
                [u.source for u in units],
                strict=True,
            ),
        )
    )
    scored = sorted(t for t in totals if t is not None)
    edges = [bisect_left(scored, low) for low in range(0, 100, BIN_WIDTH)] + [len(scored)]
    width = range(len(scorer.keys))
    columns = [[sl[i] for sl in score_lists] for i in width]  # faster than zip(*score_lists)
    band_columns = [[bl[i] for bl in band_lists] for i in width]
    mins = [lv.min for lv in rubric.levels[1:]]
    return RollUp(
        threshold=threshold,
        rows=rows,
        dimensions=_dimensions(scorer, columns, band_columns, len(units), threshold),
        total=_summary(scored),
        no_total=levels.count(None),
        below_total=bisect_left(scored, threshold),
        levels=tuple(
            LevelCount(lv.id, lv.label, lv.label_en, lv.min, nxt, levels.count(lv.id))
            for lv, nxt in zip(rubric.levels, [*mins, None], strict=True)
        ),
        histogram=tuple(
            Bin(low, low + BIN_WIDTH, edges[i + 1] - edges[i])
            for i, low in enumerate(range(0, 100, BIN_WIDTH))
        ),
        below=_below(scorer, rows, threshold),
        texts=tuple(
            _text_summary(grouper, f, values, names)
            for f, values in zip(vocab.fields, texts, strict=True)
        ),
        peers=peer_groups(scorer, units, band_columns, names, vocab.fields),
        unit_levels=tuple(
            (c.id, c.label, c.label_en, n) for c in choices if (n := unit_levels.count(c.id))
        ),
        period=(
            min((d for d in starts if isinstance(d, date)), default=None),
            max((d for d in ends if isinstance(d, date)), default=None),
        ),
        caution=vocab.caution.vi,
        caution_en=vocab.caution.en,
        method=tuple((m.vi, m.en) for m in vocab.method),
        bands=tuple(rubric.bands),
        rubric_id=rubric.id,
        rubric_note=rubric.note,
        rubric_note_en=rubric.note_en,
        excluded=excluded,
    )


def _text_summary(
    grouper: Grouper, field: str, values: list[object], names: Sequence[str]
) -> TextSummary:
    """Units per distinct answer (and who wrote it first), grouped once per distinct answer."""
    counts: Counter[object] = Counter(values)
    blank = counts.pop(None, 0) + counts.pop("", 0)
    first = dict(zip(reversed(values), reversed(names), strict=True))  # the first writer wins
    texts = {str(text): n for text, n in counts.items()}
    return grouper.summarise(field, texts, {str(k): v for k, v in first.items() if k}, blank)


def _dimensions(
    scorer: Scorer,
    columns: Sequence[Sequence[int | None]],
    band_columns: Sequence[Sequence[int]],
    n: int,
    threshold: float,
) -> tuple[DimensionSummary, ...]:
    out = []
    for i, cd in enumerate(scorer.compiled):
        scores = sorted(s for s in columns[i] if s is not None)
        out.append(
            DimensionSummary(
                key=cd.key,
                title=cd.dimension.title,
                title_en=cd.dimension.title_en,
                weight=cd.weight,
                stats=_summary(scores),
                not_applicable=n - len(scores),
                below=bisect_left(scores, threshold),
                bands=tuple(band_columns[i].count(b) for b in range(len(scorer.rubric.bands))),
            )
        )
    return tuple(out)


def _below(scorer: Scorer, rows: Sequence[UnitRow], threshold: float) -> tuple[Below, ...]:
    """The units below ``threshold``; per unit, its dimensions below it, the heaviest weight ×
    gap first (rubric order among equals). Vectorised: one sort of a small matrix per roll-up."""
    index = [i for i, r in enumerate(rows) if r.total is not None and r.total < threshold]
    if not index:
        return ()
    import numpy as np  # loaded only when some unit is below the threshold

    scores = np.array([rows[i].scores for i in index], dtype=float)  # None -> NaN
    weights = np.array([cd.weight for cd in scorer.compiled])
    with np.errstate(invalid="ignore"):  # NaN (not applicable) is never below the threshold
        gaps = np.where(scores < threshold, weights * (threshold - scores), 0.0)
    order = np.argsort(-gaps, axis=1, kind="stable").tolist()
    counts = np.count_nonzero(gaps, axis=1).tolist()
    keys = scorer.keys
    named: dict[tuple[int, ...], tuple[str, ...]] = {}
    out = []
    for i, ranked, count in zip(index, order, counts, strict=True):
        pattern = tuple(ranked[:count])
        weak = named.get(pattern)
        if weak is None:
            weak = named[pattern] = tuple(keys[j] for j in pattern)
        row = rows[i]
        out.append(Below(i, row.name, row.province, row.total or 0.0, weak))
    return tuple(out)
