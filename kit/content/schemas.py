"""Schemas of the content files. Unknown fields are rejected; every file has ``schema_version``.

Lesson (``lessons/*.md``): YAML front matter validated by :class:`LessonMeta`, then Markdown
whose only special blocks are fenced divs of a kind in :data:`BLOCK_KINDS`::

    ::: example
    Một ví dụ…
    :::

Course order (``lessons/course.yaml``): :class:`Course`.
Exercise bank (``exercises/*.yaml``): :class:`ExerciseBank`, items discriminated by ``type``.

Exercise banks are at ``schema_version: 2`` (:data:`BANK_SCHEMA_VERSION`): every item names its
``level`` — ``recall`` (restate a fact), ``apply`` (use a rule on a new case), ``analyse`` (judge,
compare, find what is wrong), ``create`` (write or plan something) — and may say
``retired: true``: a retired item is kept because stored attempts and workshops name it (the
catalogue still finds it by id) but it is never served in exercises, tests or workshops nor counted
in the statistics. Its id is never reused.

Migration of a version-1 bank (written before levels existed): it is still read. An item with no
``level`` is read as ``recall`` — the lowest level, so the share of items beyond recall is never
overstated — and ``kit check`` prints a warning naming the bank and how many items are untagged
(it does not fail). To migrate, the maintainer tags each item's real level and writes
``schema_version: 2``; a version-2 bank refuses an item without ``level``.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import ConfigDict, Field, field_validator, model_validator

from kit.core.schema import Strict

SCHEMA_VERSION = 1
#: the version of the exercise-bank schema (lessons and the course order stay at 1)
BANK_SCHEMA_VERSION = 2
#: the level read for an item of a version-1 bank that names none (see the module docstring)
LEVEL_OF_V1_ITEM = "recall"
Level = Literal["recall", "apply", "analyse", "create"]
LEVELS: tuple[str, ...] = ("recall", "apply", "analyse", "create")
ID_PATTERN = r"^[a-z0-9][a-z0-9-]*[a-z0-9]$"
Track = Literal["A", "B"]
Id = Annotated[str, Field(pattern=ID_PATTERN, min_length=2, max_length=80)]
Text = Annotated[str, Field(min_length=1)]

#: The closed set of block kinds a lesson body may use.
BLOCK_KINDS: dict[str, str] = {
    "example": "Ví dụ / Example",
    "trainer-note": "Ghi chú cho giảng viên / Note for trainers",
    "exercises": "Bài tập / Exercises (one item id per line, '- id')",
    "check-needed": "Cần kiểm tra / To be checked (facts not confirmed)",
    "summary": "Tóm tắt / Summary",
}

EXERCISE_TYPES: tuple[str, ...] = (
    "single_choice",
    "multiple_select",
    "true_false",
    "ordering",
    "matching",
    "numeric",
    "date",
    "short_text",
    "scenario",
    "writing",
)


class StrictStripped(Strict):
    """A content schema: :class:`~kit.core.schema.Strict`, and every string read has its
    surrounding whitespace stripped (authors' YAML often carries stray spaces)."""

    model_config = ConfigDict(str_strip_whitespace=True)


class Versioned(StrictStripped):
    """A content file: it names the version of its schema."""

    schema_version: Literal[1]


# ----------------------------------------------------------------------------- lessons


class LessonMeta(Versioned):
    id: Id
    title: Text
    title_en: Text
    tracks: list[Track] = Field(min_length=1)
    minutes: int = Field(ge=5, le=240)
    objectives: list[Text] = Field(min_length=1)
    key_points: list[Text] = Field(min_length=1)
    sources: list[Text] = Field(min_length=1)
    summary_en: Text | None = None


class Course(Versioned):
    title: Text
    title_en: Text
    lessons: list[Id] = Field(min_length=1)

    @field_validator("lessons")
    @classmethod
    def _unique(cls, v: list[str]) -> list[str]:
        dupes = sorted({x for x in v if v.count(x) > 1})
        if dupes:
            raise ValueError(f"bài học lặp lại / repeated lesson: {', '.join(dupes)}")
        return v


# ----------------------------------------------------------------------------- exercises


class Option(StrictStripped):
    id: Annotated[str, Field(pattern=r"^[a-z0-9]{1,8}$")]
    text: Text
    correct: bool = False
    feedback: Text


class Step(StrictStripped):
    id: Annotated[str, Field(pattern=r"^[a-z0-9]{1,8}$")]
    text: Text


class _ItemBase(StrictStripped):
    id: Id
    tracks: list[Track] = Field(min_length=1)
    lesson: Id
    level: Level
    #: kept for history (attempts and workshops name it), never served nor counted
    retired: bool = False
    difficulty: Literal[1, 2, 3]
    points: int = Field(ge=1, le=20)
    prompt: Text
    prompt_en: str | None = None
    explanation: Text
    source: Text


def _unique_ids(ids: list[str], what: str) -> None:
    dupes = sorted({x for x in ids if ids.count(x) > 1})
    if dupes:
        raise ValueError(f"{what} lặp mã / repeated id: {', '.join(dupes)}")


class SingleChoice(_ItemBase):
    type: Literal["single_choice"]
    options: list[Option] = Field(min_length=2)

    @model_validator(mode="after")
    def _one_correct(self) -> SingleChoice:
        _unique_ids([o.id for o in self.options], "phương án / option")
        if sum(o.correct for o in self.options) != 1:
            raise ValueError("cần đúng một phương án đúng / exactly one option must be correct")
        return self


class MultipleSelect(_ItemBase):
    type: Literal["multiple_select"]
    options: list[Option] = Field(min_length=3)
    scoring: Literal["per_option", "all_or_nothing"]
    scoring_note: Text

    @model_validator(mode="after")
    def _some_correct(self) -> MultipleSelect:
        _unique_ids([o.id for o in self.options], "phương án / option")
        if not any(o.correct for o in self.options):
            raise ValueError("cần ít nhất một phương án đúng / at least one option must be correct")
        return self


class TrueFalse(_ItemBase):
    type: Literal["true_false"]
    answer: bool
    feedback_true: Text
    feedback_false: Text


class Ordering(_ItemBase):
    type: Literal["ordering"]
    steps: list[Step] = Field(min_length=3)
    feedback_correct: Text
    feedback_wrong: Text

    @model_validator(mode="after")
    def _ids(self) -> Ordering:
        _unique_ids([s.id for s in self.steps], "bước / step")
        return self


class Matching(_ItemBase):
    type: Literal["matching"]
    left: list[Step] = Field(min_length=2)
    right: list[Step] = Field(min_length=2)
    answer: dict[str, str]
    feedback_correct: Text
    feedback_wrong: Text

    @model_validator(mode="after")
    def _pairs(self) -> Matching:
        left = [s.id for s in self.left]
        right = [s.id for s in self.right]
        _unique_ids(left, "vế trái / left")
        _unique_ids(right, "vế phải / right")
        if sorted(self.answer) != sorted(left):
            raise ValueError("đáp án phải ghép mọi mục vế trái / answer must pair every left id")
        unknown = sorted(set(self.answer.values()) - set(right))
        if unknown:
            raise ValueError(f"vế phải không có mã / unknown right id: {', '.join(unknown)}")
        return self


class Numeric(_ItemBase):
    type: Literal["numeric"]
    answer: float
    tolerance: float = Field(default=0, ge=0)
    unit: str = ""
    feedback_correct: Text
    feedback_wrong: Text


class DateCompute(StrictStripped):
    """A date answer computed by the counting rule kept in data (never typed by hand)."""

    start: date
    days: int = Field(ge=1, le=400)
    rule: Id


class DateItem(_ItemBase):
    type: Literal["date"]
    answer: date | None = None
    compute: DateCompute | None = None
    feedback_correct: Text
    feedback_wrong: Text

    @field_validator("answer", mode="before")
    @classmethod
    def _parse_vn_date(cls, v: object) -> object:
        if isinstance(v, str) and re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}", v.strip()):
            return datetime.strptime(v.strip(), "%d/%m/%Y").date()
        return v

    @model_validator(mode="after")
    def _one_source(self) -> DateItem:
        if (self.answer is None) == (self.compute is None):
            raise ValueError(
                "cần đúng một trong 'answer' hoặc 'compute' / give exactly one of answer or compute"
            )
        return self


class ShortText(_ItemBase):
    type: Literal["short_text"]
    accepted: list[Text] = Field(min_length=1)
    feedback_correct: Text
    feedback_wrong: Text


SCENARIO_ANSWER = r"^(in|unknown|out:[a-d]{1,4})$"


class Scenario(_ItemBase):
    type: Literal["scenario"]
    answer: Annotated[str, Field(pattern=SCENARIO_ANSWER)]
    feedback_correct: Text
    feedback_wrong: Text


class RubricCheck(StrictStripped):
    """One automatic check of a writing item.

    ``covers_items``: ``items`` are the required ideas, each a list of wordings (the first names
    the idea in the feedback; figures match in any spelling); ``synonyms`` are sets of words or
    phrases the text may use in place of one another ("tiếp thu" = "đồng ý" = "chấp nhận"),
    applied to the text and the wordings alike; ``draft: true`` says the brief is a draft or a
    proposal still open to comment, so a text that presents it as adopted contradicts it.
    ``says_where_and_when``: ``when`` (dd/mm/yyyy), if given, is the date the text must give.
    """

    kind: Literal[
        "covers_items",
        "max_sentence_words",
        "abbreviations_expanded",
        "says_where_and_when",
        "word_count",
    ]
    points: int = Field(ge=1, le=10)
    label: Text
    items: list[list[Text]] = Field(default_factory=list)
    limit: int | None = None
    minimum: int | None = None
    abbreviations: list[Text] = Field(default_factory=list)
    synonyms: list[Annotated[list[Text], Field(min_length=2)]] = Field(default_factory=list)
    draft: bool = False
    when: str | None = None

    @field_validator("when")
    @classmethod
    def _a_date(cls, v: str | None) -> str | None:
        if v is not None:
            try:
                datetime.strptime(v, "%d/%m/%Y")
            except ValueError:
                raise ValueError(f"'when' phải là ngày dd/mm/yyyy / must be a date: {v}") from None
        return v

    @model_validator(mode="after")
    def _params(self) -> RubricCheck:
        need = {
            "covers_items": bool(self.items),
            "max_sentence_words": self.limit is not None,
            "abbreviations_expanded": bool(self.abbreviations),
            "word_count": self.minimum is not None or self.limit is not None,
            "says_where_and_when": True,
        }
        if not need[self.kind]:
            raise ValueError(f"thiếu tham số cho kiểm tra '{self.kind}' / missing parameters")
        if self.kind != "covers_items" and (self.synonyms or self.draft):
            raise ValueError(
                "'synonyms' và 'draft' chỉ dùng cho covers_items"
                " / 'synonyms' and 'draft' belong to covers_items"
            )
        if self.kind != "says_where_and_when" and self.when is not None:
            raise ValueError(
                "'when' chỉ dùng cho says_where_and_when / 'when' belongs to says_where_and_when"
            )
        return self


class Writing(_ItemBase):
    type: Literal["writing"]
    rubric: list[RubricCheck] = Field(min_length=1)
    trainer_points: int = Field(ge=0, le=20)
    model_answer: Text

    @model_validator(mode="after")
    def _points_add_up(self) -> Writing:
        total = sum(c.points for c in self.rubric) + self.trainer_points
        if total != self.points:
            raise ValueError(
                f"tổng điểm rubric + giảng viên ({total}) phải bằng points ({self.points})"
                f" / rubric + trainer points must equal points"
            )
        return self


Item = Annotated[
    SingleChoice
    | MultipleSelect
    | TrueFalse
    | Ordering
    | Matching
    | Numeric
    | DateItem
    | ShortText
    | Scenario
    | Writing,
    Field(discriminator="type"),
]


def untagged_items(raw: object) -> list[int]:
    """Positions of the items of a raw version-1 bank that name no ``level`` (for the warning
    ``kit check`` prints); empty for any other bank or for data that is not a bank."""
    if not isinstance(raw, dict) or raw.get("schema_version") != 1:
        return []
    items = raw.get("items")
    if not isinstance(items, list):
        return []
    return [i for i, it in enumerate(items) if isinstance(it, dict) and "level" not in it]


class ExerciseBank(StrictStripped):
    schema_version: Literal[1, 2]
    bank: Id
    title: Text
    title_en: Text
    items: list[Item] = Field(min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _migrate_v1(cls, data: object) -> object:
        """A version-1 bank: an item without ``level`` is read as :data:`LEVEL_OF_V1_ITEM`."""
        untagged = untagged_items(data)
        if not untagged or not isinstance(data, dict):
            return data
        items = list(data["items"])
        for i in untagged:
            items[i] = {**items[i], "level": LEVEL_OF_V1_ITEM}
        return {**data, "items": items}
