"""Score a unit's answers against the rubric: a band and a 0–100 score per dimension, a weighted
total and a level, each score explaining itself.

``score_answers(answers)`` takes *validated* answers (plain values keyed by field id, as
:func:`kit.assessment.questionnaire.answers.check_answers` returns them; the mapping is not
changed) and is the
hot path: the rubric is compiled once (:class:`Scorer`, cached) into one generated function per
dimension plus one for the computed fields, no model is validated per unit, and the explanations
are only built when asked for (:attr:`UnitScore.dimensions`, :meth:`UnitScore.to_json`).

Score of a dimension (see :mod:`kit.assessment.questionnaire.rubric`): the band is the highest step
reached
cumulatively; inside the band the score is ``min + (max - min) × met / total`` rounded half up,
where ``met/total`` counts the conditions of the next step already met; the top step gives 100.
A dimension whose ``applies_when`` fails is not applicable: its score is ``None`` and it is left
out of the total. The total is the weighted mean of the applicable scores, to one decimal.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache

from kit.assessment.questionnaire.conditions import Answers, build_function, condition_source
from kit.assessment.questionnaire.rubric import (
    Computed,
    Dimension,
    Level,
    Rubric,
    Wording,
    load_rubric,
)
from kit.assessment.questionnaire.schema import Questionnaire, load_questionnaire

NOT_APPLICABLE = "not_applicable"


@dataclass(frozen=True, slots=True)
class _Compiled:
    key: str
    weight: float
    dimension: Dimension
    #: answers -> (level reached or -1 when not applicable, the next step's results, its needs)
    run: Callable[[Mapping[str, object]], tuple[int, tuple[bool, ...], int]]


@dataclass(frozen=True, slots=True)
class DimensionScore:
    """One dimension's proposed score. ``level`` is the band index (0 = nothing … 5 = full cycle,
    -1 = not applicable); ``results`` are the next step's conditions (needs, then evidence)."""

    key: str
    score: int | None
    band: str
    level: int
    capped: bool
    results: tuple[bool, ...]
    answers: Mapping[str, object]
    compiled: _Compiled
    scorer: Scorer

    @property
    def applicable(self) -> bool:
        return self.level >= 0

    @property
    def dimension(self) -> Dimension:
        return self.compiled.dimension

    def why(self, lang: str = "vi") -> str:
        """Why this band: the answers that put it there, and what is missing or capped it."""
        return _why(self, lang)

    def raise_text(self, lang: str = "vi") -> str:
        """What would raise it: the next band, its advice and the exact answers still needed."""
        return _raise(self, lang)

    def to_json(self) -> dict[str, object]:
        dim, rubric = self.dimension, self.scorer.rubric
        band = rubric.bands[self.level] if self.applicable else None
        return {
            "key": self.key,
            "title": dim.title,
            "title_en": dim.title_en,
            "weight": self.compiled.weight,
            "applicable": self.applicable,
            "score": self.score,
            "band": self.band,
            "band_label": band.label if band else "",
            "band_label_en": band.label_en if band else "",
            "band_range": [band.min, band.max] if band else None,
            "capped": self.capped,
            "why": self.why("vi"),
            "why_en": self.why("en"),
            "raise": self.raise_text("vi"),
            "raise_en": self.raise_text("en"),
        }


class UnitScore:
    """A unit's scores: one per dimension, the weighted total and its level (``None`` when no
    dimension applies). ``answers`` holds the answers plus the computed fields.

    The hot path keeps only the score and band index per dimension (few objects per unit, so
    batches of 100,000 stay cheap); :meth:`scores` is what aggregation reads, and
    :attr:`dimensions` (with the explanations) is rebuilt from the answers on first use.
    """

    __slots__ = ("_dims", "answers", "level", "levels", "score_list", "scorer", "total")

    def __init__(
        self,
        answers: Mapping[str, object],
        levels: tuple[int, ...],
        score_list: tuple[int | None, ...],
        total: float | None,
        level: str | None,
        scorer: Scorer,
    ) -> None:
        self.answers = answers
        #: band index per dimension in rubric order (-1 = not applicable)
        self.levels = levels
        #: score per dimension in rubric order (``None`` = not applicable)
        self.score_list = score_list
        self.total = total
        self.level = level
        self.scorer = scorer
        self._dims: tuple[DimensionScore, ...] | None = None

    def scores(self) -> dict[str, int | None]:
        """Score per dimension key (``None`` = not applicable)."""
        return dict(zip(self.scorer.keys, self.score_list, strict=True))

    @property
    def dimensions(self) -> tuple[DimensionScore, ...]:
        if self._dims is None:
            self._dims = tuple(
                self.scorer.explainable(cd, self.answers, score)
                for cd, score in zip(self.scorer.compiled, self.score_list, strict=True)
            )
        return self._dims

    def dimension(self, key: str) -> DimensionScore:
        return next(d for d in self.dimensions if d.key == key)

    def unit(self) -> dict[str, object]:
        """The unit identity fields that are answered, JSON-ready (dates as ISO)."""
        return {
            k: _json_value(self.answers[k])
            for k in self.scorer.unit_fields
            if self.answers.get(k) not in (None, "")
        }

    def to_json(self) -> dict[str, object]:
        """``{"unit", "total", "level", "dimensions": [{"key", "score", "band", "why",
        "raise", …}]}`` — the contract of ``kit assess score --json`` (extra keys allowed)."""
        level = self.scorer.level(self.level)
        return {
            "unit": self.unit(),
            "total": self.total,
            "level": self.level,
            "level_label": level.label if level else "",
            "level_label_en": level.label_en if level else "",
            "rubric": self.scorer.rubric.id,
            "rubric_status": self.scorer.rubric.status,
            "rubric_note": self.scorer.rubric.note,
            "rubric_note_en": self.scorer.rubric.note_en,
            "dimensions": [d.to_json() for d in self.dimensions],
        }


class Scorer:
    """A rubric compiled for fast scoring, with the wording to explain its scores."""

    def __init__(self, questionnaire: Questionnaire, rubric: Rubric) -> None:
        self.questionnaire = questionnaire
        self.rubric = rubric
        self.wording = Wording(questionnaire, rubric)
        unit = next(s for s in questionnaire.sections if s.id == "unit")
        self.unit_fields: tuple[str, ...] = tuple(f.id for f in unit.fields)
        self._derive: Callable[[dict[str, object]], None] = build_function(
            "_derive", _derive_source(rubric.computed)
        )
        self._ranges = tuple((b.min, b.max) for b in rubric.bands)
        self._levels = tuple((lv.min, lv.id) for lv in reversed(rubric.levels))
        self.compiled = tuple(
            _Compiled(d.key, d.weight, d, build_function("_run", _dimension_source(d)))
            for d in rubric.dimensions
        )
        self._plan = tuple((cd.run, cd.weight) for cd in self.compiled)
        self.keys: tuple[str, ...] = tuple(cd.key for cd in self.compiled)

    def derive(self, answers: Answers) -> dict[str, object]:
        """The answers plus the computed fields (ratios, counts, sums) that are defined."""
        values = dict(answers)
        self._derive(values)
        return values

    def score(self, answers: Answers) -> UnitScore:
        values = dict(answers)
        self._derive(values)
        ranges, top = self._ranges, len(self._ranges) - 1
        levels: list[int] = []
        scores: list[int | None] = []
        weighted = weights = 0.0
        for run, weight in self._plan:
            level, results, _ = run(values)
            levels.append(level)
            if level < 0:
                scores.append(None)
                continue
            low, high = ranges[level]
            if level == top:
                score = high
            else:
                score = low + int((high - low) * sum(results) / len(results) + 0.5)
            scores.append(score)
            weighted += weight * score
            weights += weight
        total = round(weighted / weights, 1) if weights else None
        return UnitScore(values, tuple(levels), tuple(scores), total, self.level_id(total), self)

    def explainable(
        self, cd: _Compiled, values: Mapping[str, object], score: int | None
    ) -> DimensionScore:
        """One dimension's score with what it needs to explain itself (runs its steps again)."""
        level, results, n = cd.run(values)
        bands = self.rubric.bands
        return DimensionScore(
            key=cd.key,
            score=score,
            band=bands[level].id if level >= 0 else NOT_APPLICABLE,
            level=level,
            capped=0 <= level < len(bands) - 1 and n < len(results) and all(results[:n]),
            results=results,
            answers=values,
            compiled=cd,
            scorer=self,
        )

    def level_id(self, total: float | None) -> str | None:
        if total is not None:
            for low, lid in self._levels:
                if total >= low:
                    return lid
        return None

    def level(self, level_id: str | None) -> Level | None:
        return next((lv for lv in self.rubric.levels if lv.id == level_id), None)

    def total_of(self, scores: Mapping[str, int | None]) -> float | None:
        """The weighted mean of the given dimension scores (``None`` ones left out)."""
        used = [(cd.weight, s) for cd in self.compiled if (s := scores.get(cd.key)) is not None]
        weights = sum(w for w, _ in used)
        return round(sum(w * s for w, s in used) / weights, 1) if weights else None


def _dimension_source(dim: Dimension) -> list[str]:
    """``_run(v) -> (level, results of the first step not reached, its number of needs)``."""
    lines = ["def _run(v):", "    g = v.get"]
    if dim.applies_when is not None:
        lines.append(f"    if not {condition_source(dim.applies_when)}: return -1, (), 0")
    for level, step in enumerate(dim.steps):
        checks = ", ".join(condition_source(c) for c in [*step.needs, *step.evidence])
        lines += [
            f"    r = ({checks},)",
            f"    if not all(r): return {level}, r, {len(step.needs)}",
        ]
    lines.append(f"    return {len(dim.steps)}, (), 0")
    return lines


def _derive_source(computed: list[Computed]) -> list[str]:
    """``_derive(v)``: adds each computed field to ``v`` when it is defined (in order)."""
    lines = ["def _derive(v):", "    g = v.get"]
    for c in computed:
        if c.ratio is not None:
            num, den = c.ratio.numerator, c.ratio.denominator
            lines += [
                f"    d, n = g({den!r}), g({num!r})",
                f"    if d and n is not None: v[{c.id!r}] = n / d",
            ]
        elif c.count_of is not None:
            lines += [f"    x = g({c.count_of!r})", f"    if x: v[{c.id!r}] = len(x)"]
        else:
            parts = ", ".join(f"g({p!r})" for p in c.sum or [])
            lines += [
                f"    p = [y for y in ({parts},) if y is not None]",
                f"    if p: v[{c.id!r}] = sum(p)",
            ]
    lines.append("    return None")
    return lines


@cache
def default_scorer() -> Scorer:
    """The scorer of the shipped questionnaire and rubric (compiled once)."""
    return Scorer(load_questionnaire(), load_rubric())


def score_answers(answers: Answers) -> UnitScore:
    """Score validated answers with the shipped rubric (cheap: no validation, lazy texts)."""
    return default_scorer().score(answers)


# ---------------------------------------------------------------------------------- explanations


def _unmet(d: DimensionScore, lang: str, *, evidence_only: bool = False) -> str:
    """The next step's conditions not yet met, in words."""
    step, w = d.dimension.steps[d.level], d.scorer.wording
    conds = [*step.needs, *step.evidence]
    first = len(step.needs) if evidence_only else 0
    return w.say(w.phrases.and_, lang).join(
        w.describe(c, lang)
        for c, ok in zip(conds[first:], d.results[first:], strict=True)
        if not ok
    )


def _why(d: DimensionScore, lang: str) -> str:
    dim, rubric, w = d.dimension, d.scorer.rubric, d.scorer.wording
    p, say = rubric.phrases, w.say
    if not d.applicable:
        return dim.not_applicable_en if lang == "en" else dim.not_applicable
    band = rubric.bands[d.level]
    parts = [say(p.band, lang, band=band.text(lang), min=band.min, max=band.max)]
    if d.level > 0:  # the answers that reached this band
        step = dim.steps[d.level - 1]
        items = say(p.and_, lang).join(
            w.describe_met(c, d.answers, lang) for c in [*step.needs, *step.evidence]
        )
        meaning = step.meaning_en if lang == "en" else step.meaning
        parts.append(say(p.reached, lang, meaning=meaning, items=items))
    if d.level == len(dim.steps):
        parts.append(say(p.top, lang))
        return " ".join(parts)
    if d.capped:  # the unit states the next step's needs but not its evidence
        step = dim.steps[d.level]
        claims = say(p.and_, lang).join(w.describe_met(c, d.answers, lang) for c in step.needs)
        missing = _unmet(d, lang, evidence_only=True)
        parts.append(say(p.capped, lang, claims=claims, missing=missing, band=band.text(lang)))
    else:
        nxt = rubric.bands[d.level + 1]
        parts.append(say(p.not_yet, lang, next=nxt.text(lang), missing=_unmet(d, lang)))
    parts.append(say(p.within, lang, met=sum(d.results), total=len(d.results)))
    return " ".join(parts)


def _raise(d: DimensionScore, lang: str) -> str:
    dim, rubric, w = d.dimension, d.scorer.rubric, d.scorer.wording
    p = rubric.phrases
    if not d.applicable:
        return w.say(p.not_applicable, lang)
    if d.level == len(dim.steps):
        return w.say(p.raise_top, lang)
    step, nxt = dim.steps[d.level], rubric.bands[d.level + 1]
    return w.say(
        p.raise_,
        lang,
        next=nxt.text(lang),
        min=nxt.min,
        max=nxt.max,
        advice=step.advice_en if lang == "en" else step.advice,
        missing=_unmet(d, lang),
    )


def _json_value(value: object) -> object:
    if isinstance(value, date):
        return value.isoformat()
    return value
