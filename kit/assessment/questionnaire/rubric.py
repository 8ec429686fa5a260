"""The self-assessment rubric as data (``kit/rules/tu-danh-gia-rubric.yaml``).

Dimensions (directing, communication, posting, coordination, staff, funding, learning) are scored
0–100 on the cumulative PDCA bands of the CAF (Common Assessment Framework)::

    nothing 0–10 · planned 11–30 · done 31–50 · checked 51–70 · adjusted 71–90 · full_cycle 91–100

Each dimension has five steps, one per band above ``nothing``. A step is reached when every lower
step is and all of its ``needs`` (what the unit states) and ``evidence`` (a document number and
date, or a count) hold. When the needs hold but the evidence does not, the band is *capped* one
below, and the explanation says which evidence was missing. Conditions are written in the language
of :mod:`kit.assessment.questionnaire.conditions` over questionnaire fields and the rubric's
``computed``
fields (ratios, counts of ticked choices, sums). Bands, levels, weights and the wording of the
explanations are data; :class:`Wording` turns conditions and answers into Vietnamese and English.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import cache
from typing import Annotated, Literal

from pydantic import ConfigDict, Field, model_validator

from kit.assessment.questionnaire.conditions import (
    All,
    AnyOf,
    Atom,
    Condition,
    Not,
    condition_problems,
    holds,
)
from kit.assessment.questionnaire.datafile import Loc, parse_data, read_rules_file
from kit.assessment.questionnaire.schema import (
    Bilingual,
    Id,
    Questionnaire,
    Status,
    Text,
    load_questionnaire,
)
from kit.core.schema import Strict

RUBRIC_FILE = "tu-danh-gia-rubric.yaml"
BAND_IDS = ("nothing", "planned", "done", "checked", "adjusted", "full_cycle")
StepBand = Literal["planned", "done", "checked", "adjusted", "full_cycle"]


class Band(Strict):
    id: Literal["nothing", "planned", "done", "checked", "adjusted", "full_cycle"]
    min: int = Field(ge=0, le=100)
    max: int = Field(ge=0, le=100)
    label: Text
    label_en: Text

    def text(self, lang: str = "vi") -> str:
        return self.label_en if lang == "en" else self.label


class Level(Strict):
    id: Id
    min: float = Field(ge=0, le=100)
    label: Text
    label_en: Text

    def text(self, lang: str = "vi") -> str:
        return self.label_en if lang == "en" else self.label


class Ratio(Strict):
    numerator: str
    denominator: str


class Computed(Strict):
    """A value derived from the answers: exactly one of ``ratio``, ``count_of``, ``sum``."""

    id: Id
    label: Text
    label_en: Text
    unit: str = ""
    unit_en: str = ""
    ratio: Ratio | None = None
    count_of: str | None = None
    sum: list[str] | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> Computed:
        if sum(x is not None for x in (self.ratio, self.count_of, self.sum)) != 1:
            raise ValueError("cần đúng một trong ratio, count_of, sum / one of them is needed")
        return self

    @property
    def type(self) -> str:
        """``share`` for a ratio (0…1), ``total`` for a count or a sum."""
        return "share" if self.ratio is not None else "total"


class Step(Strict):
    band: StepBand
    needs: list[Condition] = Field(min_length=1)
    evidence: list[Condition] = Field(default_factory=list)
    #: what reaching the step means here (completes "reached because …")
    meaning: Text
    meaning_en: Text
    #: the concrete next thing to do to reach the step
    advice: Text
    advice_en: Text


class Dimension(Strict):
    key: Id
    title: Text
    title_en: Text
    weight: float = Field(gt=0, le=10)
    task_groups: list[Annotated[int, Field(ge=1, le=6)]] = Field(default_factory=list)
    source: Text
    applies_when: Condition | None = None
    not_applicable: str = ""
    not_applicable_en: str = ""
    steps: list[Step] = Field(min_length=5, max_length=5)
    status: Status = "sure"
    note: str = ""

    @model_validator(mode="after")
    def _ordered(self) -> Dimension:
        if tuple(s.band for s in self.steps) != BAND_IDS[1:]:
            raise ValueError(f"các bậc phải theo thứ tự / steps must be in order {BAND_IDS[1:]}")
        if (self.applies_when is None) != (not self.not_applicable and not self.not_applicable_en):
            raise ValueError(
                "applies_when đi cùng not_applicable và not_applicable_en / "
                "applies_when needs not_applicable and not_applicable_en (and only then)"
            )
        return self

    def text(self, lang: str = "vi") -> str:
        return self.title_en if lang == "en" else self.title


class ConsensusSettings(Strict):
    #: a spread of assessors' scores at least this wide is flagged for discussion
    discuss_spread: int = Field(ge=1, le=100)
    status: Status = "sure"
    note: str = ""


class Phrases(Strict):
    """The glue of the explanations; each has a Vietnamese and an English template."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    band: Bilingual
    reached: Bilingual
    not_yet: Bilingual
    capped: Bilingual
    within: Bilingual
    top: Bilingual
    raise_: Bilingual = Field(alias="raise")
    raise_top: Bilingual
    not_applicable: Bilingual
    present: Bilingual
    absent: Bilingual
    value: Bilingual
    one_of: Bilingual
    contains: Bilingual
    at_least: Bilingual
    at_most: Bilingual
    any_: Bilingual = Field(alias="any")
    not_: Bilingual = Field(alias="not")
    or_: Bilingual = Field(alias="or")
    and_: Bilingual = Field(alias="and")
    yes: Bilingual
    no: Bilingual

    @model_validator(mode="after")
    def _placeholders(self) -> Phrases:
        bad = {
            name: unknown
            for name, fields in PHRASE_FIELDS.items()
            if (unknown := getattr(self, name).unknown_fields(fields))
        }
        if bad:
            raise ValueError(f"chỗ trống lạ / unknown placeholders: {bad}")
        return self


#: the ``{names}`` each phrase may use (the explanations fill exactly these)
PHRASE_FIELDS: dict[str, set[str]] = {
    "band": {"band", "min", "max"},
    "reached": {"meaning", "items"},
    "not_yet": {"next", "missing"},
    "capped": {"claims", "missing", "band"},
    "within": {"met", "total"},
    "top": set(),
    "raise_": {"next", "min", "max", "advice", "missing"},
    "raise_top": set(),
    "not_applicable": set(),
    "present": {"label"},
    "absent": {"label"},
    "value": {"label", "value"},
    "one_of": {"label", "values"},
    "contains": {"label", "value"},
    "at_least": {"label", "value"},
    "at_most": {"label", "value"},
    "any_": {"items"},
    "not_": {"item"},
    "or_": set(),
    "and_": set(),
    "yes": set(),
    "no": set(),
}


class Rubric(Strict):
    schema_version: Literal[1]
    id: Text
    title: Text
    title_en: Text
    questionnaire: Text
    sources: list[Text]
    #: "unsure": weights and thresholds are not set by any regulation; show the note with scores
    status: Status = "sure"
    note: str = ""
    note_en: str = ""
    bands: list[Band] = Field(min_length=6, max_length=6)
    levels: list[Level] = Field(min_length=1)
    consensus: ConsensusSettings
    computed: list[Computed] = Field(default_factory=list)
    dimensions: list[Dimension] = Field(min_length=1)
    phrases: Phrases

    @model_validator(mode="after")
    def _consistent(self) -> Rubric:
        problems = []
        if tuple(b.id for b in self.bands) != BAND_IDS:
            problems.append(f"bands phải là / must be {BAND_IDS}")
        edge = -1
        for b in self.bands:
            if b.min != edge + 1 or b.max < b.min:
                problems.append(f"band {b.id}: {b.min}–{b.max} không liền mạch / not contiguous")
            edge = b.max
        if edge != 100:
            problems.append("bands phải kết thúc ở 100 / must end at 100")
        mins = [lv.min for lv in self.levels]
        if mins[0] != 0 or mins != sorted(set(mins)):
            problems.append("levels: min tăng dần từ 0 / mins must rise from 0")
        for kind, ids in (
            ("level", [lv.id for lv in self.levels]),
            ("dimension", [d.key for d in self.dimensions]),
            ("computed", [c.id for c in self.computed]),
        ):
            if len(ids) != len(set(ids)):
                problems.append(f"{kind} trùng mã / duplicate {kind} ids")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def band_of(self, score: float) -> Band:
        """The band a 0–100 score falls in."""
        return next((b for b in self.bands if score <= b.max), self.bands[-1])

    def level_of(self, total: float) -> Level:
        return [lv for lv in self.levels if lv.min <= total][-1]

    def dimension(self, key: str) -> Dimension:
        return next(d for d in self.dimensions if d.key == key)


def _semantic(rubric: Rubric, questionnaire: Questionnaire) -> list[tuple[Loc, str]]:
    fields = questionnaire.known()
    problems: list[tuple[Loc, str]] = []
    if rubric.questionnaire != questionnaire.id:
        problems.append(
            (("questionnaire",), f"bảng hỏi là / the questionnaire is '{questionnaire.id}'")
        )
    for ci, comp in enumerate(rubric.computed):
        loc: Loc = ("computed", ci)
        if comp.id in fields:
            problems.append(((*loc, "id"), f"trùng mã mục / clashes with field '{comp.id}'"))
        refs: list[tuple[Loc, str, set[str]]] = []
        if comp.ratio is not None:
            numbers = {"count", "amount", "percent"}
            refs += [((*loc, "ratio", "numerator"), comp.ratio.numerator, numbers)]
            refs += [((*loc, "ratio", "denominator"), comp.ratio.denominator, numbers)]
        if comp.count_of is not None:
            refs.append(((*loc, "count_of"), comp.count_of, {"multi_choice"}))
        for i, name in enumerate(comp.sum or []):
            refs.append(((*loc, "sum", i), name, {"count", "amount"}))
        for where, name, types in refs:
            spec = fields.get(name)
            if spec is None:
                problems.append((where, f"mục không có / unknown field id '{name}'"))
            elif spec[0] not in types:
                problems.append((where, f"{name}: cần kiểu / needs type {sorted(types)}"))
    known = {**fields, **{c.id: (c.type, frozenset[str]()) for c in rubric.computed}}
    for di, dim in enumerate(rubric.dimensions):
        loc = ("dimensions", di)
        if dim.applies_when is not None:
            problems += condition_problems(dim.applies_when, (*loc, "applies_when"), known)
        for si, step in enumerate(dim.steps):
            for part in ("needs", "evidence"):
                for i, cond in enumerate(getattr(step, part)):
                    problems += condition_problems(cond, (*loc, "steps", si, part, i), known)
    return problems


def parse_rubric(
    text: str,
    questionnaire: Questionnaire | None = None,
    shown: str = f"kit/rules/{RUBRIC_FILE}",
) -> Rubric:
    """A rubric from YAML text, checked against ``questionnaire`` (default: the shipped one)."""
    q = questionnaire or load_questionnaire()
    return parse_data(text, Rubric, shown, lambda r: _semantic(r, q))


@cache
def load_rubric() -> Rubric:
    """The shipped rubric, validated against the shipped questionnaire (cached)."""
    return parse_rubric(read_rules_file(RUBRIC_FILE))


# ---------------------------------------------------------------------------------- wording


class Wording:
    """Labels, answer values and conditions in words (Vietnamese or English)."""

    def __init__(self, questionnaire: Questionnaire, rubric: Rubric) -> None:
        self.rubric = rubric
        self.phrases = rubric.phrases
        self._fields = questionnaire.fields()
        self._computed = {c.id: c for c in rubric.computed}

    def say(self, phrase: Bilingual, lang: str, **fields: object) -> str:
        """A phrase of the rubric in ``lang``, its ``{fields}`` filled in."""
        return (phrase.en if lang == "en" else phrase.vi).format(**fields)

    def label(self, field_id: str, lang: str = "vi") -> str:
        item = self._fields.get(field_id) or self._computed[field_id]
        return item.label_en if lang == "en" else item.label

    def _choice(self, field_id: str, choice: str, lang: str) -> str:
        for c in self._fields[field_id].choices:
            if c.id == choice:
                return c.label_en if lang == "en" else c.label
        return choice

    def show(self, field_id: str, value: object, lang: str = "vi", *, unit: bool = True) -> str:
        """An answer (or a threshold) as a reader expects it: Có, 12/01/2023, 70%, 3 cuộc…"""
        f = self._fields.get(field_id)
        item = f if f is not None else self._computed[field_id]
        kind = f.type if f is not None else self._computed[field_id].type
        unit_text = (item.unit_en if lang == "en" else item.unit) if unit else ""
        if isinstance(value, bool):
            return self.say(self.phrases.yes if value else self.phrases.no, lang)
        if isinstance(value, date):
            return value.strftime("%d/%m/%Y")
        if kind == "choice":
            return self._choice(field_id, str(value), lang)
        if kind == "multi_choice" and isinstance(value, list | tuple):
            return ", ".join(self._choice(field_id, str(v), lang) for v in value)
        if kind == "share" and isinstance(value, int | float):
            return f"{format_number(value * 100, lang)}%"
        if kind == "percent" and isinstance(value, int | float):
            return f"{format_number(value, lang)}%"
        if isinstance(value, int | float):
            return f"{format_number(value, lang)} {unit_text}".strip()
        text = str(value) if len(str(value)) <= 60 else f"{str(value)[:57]}…"
        return f"“{text}”" if lang == "en" else f"«{text}»"

    def describe(self, cond: Condition, lang: str = "vi") -> str:
        """What ``cond`` asks for, e.g. "«Số, ký hiệu kế hoạch» có thông tin"."""
        p = self.phrases
        match cond:
            case All():
                return self.say(p.and_, lang).join(self.describe(c, lang) for c in cond.all)
            case AnyOf():
                items = self.say(p.or_, lang).join(self.describe(c, lang) for c in cond.any)
                return self.say(p.any_, lang, items=items)
            case Not():
                return self.say(p.not_, lang, item=self.describe(cond.not_, lang))
            case Atom():
                return self._atom(cond, lang)
        raise TypeError(cond)  # pragma: no cover

    def _atom(self, atom: Atom, lang: str) -> str:
        p, name = self.phrases, atom.field
        label = self.label(name, lang)
        match atom.test:
            case "present":
                return self.say(p.present if atom.present else p.absent, lang, label=label)
            case "equals":
                shown = self.show(name, atom.equals, lang)
                return self.say(p.value, lang, label=label, value=shown)
            case "one_of":
                values = self.say(p.or_, lang).join(
                    self._choice(name, v, lang) for v in atom.one_of or []
                )
                return self.say(p.one_of, lang, label=label, values=values)
            case "contains":
                shown = self._choice(name, str(atom.contains), lang)
                return self.say(p.contains, lang, label=label, value=shown)
            case "at_least":  # English leaves the unit out ("at least 1", not "1 sessions")
                shown = self.show(name, atom.at_least, lang, unit=lang != "en")
                return self.say(p.at_least, lang, label=label, value=shown)
        shown = self.show(name, atom.at_most, lang, unit=lang != "en")
        return self.say(p.at_most, lang, label=label, value=shown)

    def describe_met(self, cond: Condition, answers: Mapping[str, object], lang: str = "vi") -> str:
        """How the answers meet ``cond``, quoting them: "«Số, ký hiệu kế hoạch»: «18/KH-UBND»"."""
        match cond:
            case All():
                return self.say(self.phrases.and_, lang).join(
                    self.describe_met(c, answers, lang) for c in cond.all
                )
            case AnyOf():
                met = [c for c in cond.any if holds(c, answers)] or cond.any
                return self.say(self.phrases.and_, lang).join(
                    self.describe_met(c, answers, lang) for c in met
                )
            case Atom() if not (cond.test == "present" and not cond.present):
                value = answers.get(cond.field)
                label = self.label(cond.field, lang)
                shown = self.show(cond.field, value, lang)
                return self.say(self.phrases.value, lang, label=label, value=shown)
        return self.describe(cond, lang)


def format_number(value: float, lang: str) -> str:
    """12 · 1.234.567 (vi) / 1,234,567 (en) · 66,7 (vi) / 66.7 (en)."""
    rounded = round(float(value), 1)
    whole = rounded == int(rounded)
    text = f"{int(rounded):,}" if whole else f"{rounded:,.1f}"
    if lang == "en":
        return text
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")
