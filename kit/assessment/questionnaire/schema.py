"""The self-assessment questionnaire as data (``kit/rules/tu-danh-gia-questionnaire.yaml``), and
the small condition language that rubric bands and cross-field rules are written in.

The questionnaire follows the one-year review report (seed 000: a. directive documents;
b. activities; c. press coordination and feedback; d. staff; đ. funding; 1.2 difficulties;
2. recommendations) and the task groups of the provincial plan (seed 004 §III). Each field has a
stable snake_case ASCII id (an XLSX column key and a JSON key), a type, Vietnamese and English
label, question and help, and may be required. ``rules`` are the cross-field checks.

Condition language
------------------
::

    condition := atom | {all: [condition, ...]} | {any: [condition, ...]} | {not: condition}
    atom      := {field: ID, TEST: VALUE}          exactly one TEST per atom

    TEST        VALUE               fits fields of type
    present     true | false        any (false = the answer is blank)
    equals      true/false, a choice id, or a number   yes_no, choice, numbers
    one_of      [choice ids]        choice
    contains    a choice id         multi_choice (the choice is ticked)
    at_least    a number            count, amount, percent, computed (shares are 0…1: 1.0 = 100%)
    at_most     a number            the same

A blank answer fails every test except ``present: false``. ``ID`` is a questionnaire field or, in
the rubric, a computed field. An unknown id, or a test that does not fit the field's type, is a
:class:`~kit.core.errors.ContentError` at ``file:line``. Compiled conditions
(:func:`compile_condition`) read validated answers (plain Python values: ``int``, ``float``,
``bool``, ``str``, ``datetime.date``, ``list[str]``).
"""

from __future__ import annotations

import string
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import cache, cached_property
from importlib import resources
from typing import Annotated, Any, Literal, TypeAlias, TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    ValidationError,
    model_validator,
)

from kit.core import yamlfile as _yaml
from kit.core.errors import ContentError, Problem

QUESTIONNAIRE_FILE = "tu-danh-gia-questionnaire.yaml"
FieldType = Literal[
    "text",
    "count",
    "amount",
    "percent",
    "date",
    "document_number",
    "yes_no",
    "choice",
    "multi_choice",
]
#: types a number test (at_least, at_most, equals a number) fits; "share" and "total" are computed
NUMERIC = frozenset({"count", "amount", "percent", "share", "total"})
Status = Literal["sure", "unsure"]
Text = Annotated[str, Field(min_length=1)]
Id = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=60)]
Answers: TypeAlias = Mapping[str, object]
Check: TypeAlias = Callable[[Answers], bool]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# ---------------------------------------------------------------------------------- conditions

TESTS = ("present", "equals", "one_of", "contains", "at_least", "at_most")


class Atom(_Strict):
    """``{field: ID, TEST: VALUE}``: one test on one answer."""

    field: str
    present: bool | None = None
    equals: bool | int | Annotated[float, Field(allow_inf_nan=False)] | str | None = None
    one_of: list[str] | None = None
    contains: str | None = None
    at_least: float | None = Field(default=None, allow_inf_nan=False)
    at_most: float | None = Field(default=None, allow_inf_nan=False)

    @model_validator(mode="after")
    def _one_test(self) -> Atom:
        given = [t for t in TESTS if getattr(self, t) is not None]
        if len(given) != 1:
            raise ValueError(
                f"cần đúng một phép thử trong {', '.join(TESTS)} / "
                f"exactly one test of {', '.join(TESTS)} is needed (got {len(given)})"
            )
        return self

    @property
    def test(self) -> str:
        return next(t for t in TESTS if getattr(self, t) is not None)

    @property
    def value(self) -> object:
        return getattr(self, self.test)


class All(_Strict):
    all: list[Condition] = Field(min_length=1)


class AnyOf(_Strict):
    any: list[Condition] = Field(min_length=1)


class Not(_Strict):
    not_: Condition = Field(alias="not")


def _condition_kind(value: Any) -> str:
    if isinstance(value, dict):
        return next((k for k in ("all", "any", "not") if k in value), "atom")
    kinds: dict[type, str] = {All: "all", AnyOf: "any", Not: "not"}
    return kinds.get(type(value), "atom")


Condition: TypeAlias = Annotated[
    Annotated[Atom, Tag("atom")]
    | Annotated[All, Tag("all")]
    | Annotated[AnyOf, Tag("any")]
    | Annotated[Not, Tag("not")],
    Discriminator(_condition_kind),
]

All.model_rebuild()
AnyOf.model_rebuild()
Not.model_rebuild()

#: what a condition may name: field id -> (type, the ids of its choices)
Known: TypeAlias = Mapping[str, tuple[str, frozenset[str]]]
Loc: TypeAlias = tuple[str | int, ...]


def atoms(cond: Condition, loc: Loc = ()) -> Iterator[tuple[Loc, Atom]]:
    """Every atom of ``cond`` with its location (for ``file:line`` messages)."""
    match cond:
        case Atom():
            yield loc, cond
        case All():
            for i, child in enumerate(cond.all):
                yield from atoms(child, (*loc, "all", i))
        case AnyOf():
            for i, child in enumerate(cond.any):
                yield from atoms(child, (*loc, "any", i))
        case Not():
            yield from atoms(cond.not_, (*loc, "not"))


def condition_problems(cond: Condition, loc: Loc, known: Known) -> list[tuple[Loc, str]]:
    """What is wrong with ``cond`` given the fields it may name (empty when it is sound)."""
    problems: list[tuple[Loc, str]] = []
    for where, atom in atoms(cond, loc):
        spec = known.get(atom.field)
        if spec is None:
            problems.append(((*where, "field"), f"mục không có / unknown field id '{atom.field}'"))
            continue
        kind, choices = spec
        problem = _fit(atom, kind, choices)
        if problem:
            problems.append(((*where, atom.test), f"{atom.field}: {problem}"))
    return problems


def _fit(atom: Atom, kind: str, choices: frozenset[str]) -> str:
    test, value = atom.test, atom.value
    if test == "present":
        return ""
    if test in ("at_least", "at_most"):
        return "" if kind in NUMERIC else f"phép thử {test} cần mục kiểu số / needs a number field"
    if test == "contains":
        if kind != "multi_choice":
            return "contains chỉ dùng cho mục nhiều lựa chọn / needs a multi_choice field"
        return "" if value in choices else f"lựa chọn không có / unknown choice '{value}'"
    if test == "one_of":
        if kind != "choice":
            return "one_of chỉ dùng cho mục một lựa chọn / needs a choice field"
        bad = [v for v in atom.one_of or [] if v not in choices]
        return f"lựa chọn không có / unknown choice(s) {bad}" if bad else ""
    # equals
    if kind == "yes_no":
        return "" if isinstance(value, bool) else "cần true/false / needs true or false"
    if kind == "choice":
        return "" if value in choices else f"lựa chọn không có / unknown choice '{value}'"
    if kind in NUMERIC:
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        return "" if ok else "cần một số / needs a number"
    return f"equals không dùng cho mục kiểu {kind} / equals does not fit a {kind} field"


def is_blank(value: object) -> bool:
    return value is None or value == "" or value == []


_BLANK: tuple[object, ...] = (None, "", [])


def condition_source(cond: Condition) -> str:
    """``cond`` as one Python expression over ``g`` (the answers' ``get``).

    Every name in it is a validated id and every literal is written with ``repr``, so the source
    holds nothing from outside the checked data files.
    """
    match cond:
        case All():
            return "(" + " and ".join(condition_source(c) for c in cond.all) + ")"
        case AnyOf():
            return "(" + " or ".join(condition_source(c) for c in cond.any) + ")"
        case Not():
            return f"(not {condition_source(cond.not_)})"
        case Atom():
            return _atom_source(cond)
    raise TypeError(cond)  # pragma: no cover - the union is closed


def _atom_source(atom: Atom) -> str:
    get = f"g({atom.field!r})"
    match atom.test:
        case "present":
            return f"({get} {'not in' if atom.present else 'in'} _BLANK)"
        case "equals":  # a yes/no is compared by identity: never equal to the numbers 0 or 1
            op = "is" if isinstance(atom.equals, bool) else "=="
            return f"({get} {op} {atom.equals!r})"
        case "one_of":
            return f"({get} in {tuple(atom.one_of or ())!r})"
        case "contains":
            return f"({atom.contains!r} in ({get} or ()))"
        case "at_least":
            return f"((_x := {get}) is not None and _x >= {float(atom.at_least or 0)!r})"
    return f"((_x := {get}) is not None and _x <= {float(atom.at_most or 0)!r})"


def build_function(name: str, lines: Sequence[str]) -> Callable[..., Any]:
    """Compile generated source (from :func:`condition_source`) into a function.

    Scoring 100,000 units in seconds needs conditions as plain expressions rather than a tree of
    closures; the source is built only from validated data, never from answers.
    """
    namespace: dict[str, Any] = {"_BLANK": _BLANK}
    exec("\n".join(lines), namespace)  # generated from validated rule data only
    function: Callable[..., Any] = namespace[name]
    return function


def compile_condition(cond: Condition) -> Check:
    """A fast predicate over validated answers (built once; no model access when it runs)."""
    check: Check = build_function(
        "_check", ["def _check(v):", "    g = v.get", f"    return {condition_source(cond)}"]
    )
    return check


_COMPILED: dict[int, tuple[Condition, Check]] = {}


def holds(cond: Condition, answers: Answers) -> bool:
    """Whether ``cond`` holds for ``answers`` (each condition is compiled once, then reused)."""
    hit = _COMPILED.get(id(cond))
    if hit is None or hit[0] is not cond:
        hit = _COMPILED[id(cond)] = (cond, compile_condition(cond))
    return hit[1](answers)


# ---------------------------------------------------------------------------------- the fields


class Choice(_Strict):
    id: Id
    label: Text
    label_en: Text


class QuestionField(_Strict):
    """One question: its id is the XLSX column key and the JSON key, and never changes."""

    id: Id
    type: FieldType
    label: Text
    label_en: Text
    question: Text
    question_en: Text
    help: Text
    help_en: Text
    required: bool = False
    unit: str = ""
    unit_en: str = ""
    choices: list[Choice] = Field(default_factory=list)
    max_length: int = Field(default=2000, ge=1, le=20000)
    max: float | None = Field(default=None, gt=0)
    status: Status = "sure"
    note: str = ""

    @model_validator(mode="after")
    def _fits_type(self) -> QuestionField:
        has_choices = self.type in ("choice", "multi_choice")
        if has_choices and len(self.choices) < 2:
            raise ValueError("mục lựa chọn cần ít nhất 2 lựa chọn / a choice needs 2+ choices")
        if not has_choices and self.choices:
            raise ValueError(f"mục kiểu {self.type} không có lựa chọn / {self.type} has no choices")
        ids = [c.id for c in self.choices]
        if len(ids) != len(set(ids)):
            raise ValueError("mã lựa chọn trùng nhau / duplicate choice ids")
        if (self.unit or self.unit_en) and self.type not in ("count", "amount"):
            raise ValueError("chỉ mục count, amount có đơn vị / only count and amount have a unit")
        if self.type in ("count", "amount") and not (self.unit and self.unit_en):
            raise ValueError("mục count, amount cần unit và unit_en / needs unit and unit_en")
        return self

    @cached_property
    def choice_ids(self) -> frozenset[str]:
        return frozenset(c.id for c in self.choices)

    def text(self, attr: str, lang: str = "vi") -> str:
        """``label``/``question``/``help``/``unit`` in ``lang``."""
        return str(getattr(self, f"{attr}_en" if lang == "en" else attr))


class Section(_Strict):
    id: Id
    heading: str
    title: Text
    title_en: Text
    source: Text
    fields: list[QuestionField] = Field(min_length=1)


class _Rule(_Strict):
    id: Id
    message: Text
    message_en: Text


class AtMost(_Rule):
    """``field`` ≤ ``other`` (numbers); checked when both are answered."""

    kind: Literal["at_most"]
    field: str
    other: str


class NotBefore(_Rule):
    """``field`` (a date) is not before ``other``; the problem is shown on ``report_on``."""

    kind: Literal["not_before"]
    field: str
    other: str
    report_on: str | None = None


class InPeriod(_Rule):
    """Each date in ``fields`` lies between ``period_start`` and ``period_end``."""

    kind: Literal["in_period"]
    fields: list[str] = Field(min_length=1)


class RequiredIf(_Rule):
    """``field`` must be answered when ``when`` holds (checked on a complete questionnaire)."""

    kind: Literal["required_if"]
    field: str
    when: Condition


class Never(_Rule):
    """``when`` must not hold (the answers contradict each other); shown on ``field``."""

    kind: Literal["never"]
    field: str
    when: Condition


Rule: TypeAlias = Annotated[
    AtMost | NotBefore | InPeriod | RequiredIf | Never, Field(discriminator="kind")
]


class Bilingual(_Strict):
    vi: Text
    en: Text

    def unknown_fields(self, allowed: set[str]) -> set[str]:
        """``{names}`` used in either template that are not in ``allowed``."""
        return unknown_placeholders(self.vi, allowed) | unknown_placeholders(self.en, allowed)


def unknown_placeholders(template: str, allowed: set[str]) -> set[str]:
    """The ``{names}`` a template uses that its caller will not fill in."""
    try:
        used = {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}
    except ValueError:
        return {"{"}
    return used - allowed


MESSAGE_FIELDS = {"label", "label_en", "value", "max", "min", "allowed", "allowed_en", "id"}
MESSAGE_FIELDS |= {"place", "other_place"}
RULE_FIELDS = {"label", "label_en", "other", "other_en", "value", "other_value", "start", "end"}


class Messages(_Strict):
    """Templates for problems with one answer: ``{label}``, ``{label_en}``, ``{value}``, …"""

    unknown_field: Bilingual
    wrong_place: Bilingual
    required: Bilingual
    not_text: Bilingual
    too_long: Bilingual
    not_count: Bilingual
    not_number: Bilingual
    negative: Bilingual
    too_large: Bilingual
    percent_range: Bilingual
    not_date: Bilingual
    date_range: Bilingual
    not_yes_no: Bilingual
    not_choice: Bilingual
    not_document_number: Bilingual
    unnumbered_document: Bilingual


class Questionnaire(_Strict):
    schema_version: Literal[1]
    id: Text
    title: Text
    title_en: Text
    sources: list[Text]
    sections: list[Section] = Field(min_length=1)
    rules: list[Rule] = Field(default_factory=list)
    messages: Messages

    @cached_property
    def by_id(self) -> dict[str, QuestionField]:
        return {f.id: f for s in self.sections for f in s.fields}

    def fields(self) -> dict[str, QuestionField]:
        """Every field by id, in questionnaire order."""
        return self.by_id

    def field(self, field_id: str) -> QuestionField:
        return self.by_id[field_id]

    def section_of(self, field_id: str) -> Section:
        return next(s for s in self.sections if any(f.id == field_id for f in s.fields))

    def known(self) -> dict[str, tuple[str, frozenset[str]]]:
        """What conditions may name: every field with its type and choice ids."""
        return {f.id: (f.type, f.choice_ids) for f in self.fields().values()}


# ---------------------------------------------------------------------------------- loading

M = TypeVar("M", bound=BaseModel)


def parse_data(
    text: str,
    model: type[M],
    shown: str,
    semantic: Callable[[M], list[tuple[Loc, str]]] | None = None,
) -> M:
    """Parse a YAML data file into ``model``; every problem is a :class:`Problem` at its line."""
    problems: list[Problem] = []
    if unicodedata.normalize("NFC", text) != text:
        problems.append(Problem(shown, 1, "văn bản chưa chuẩn hoá NFC / text is not NFC"))
    try:
        located = _yaml.load(text)
    except _yaml.YamlSyntaxError as exc:
        raise ContentError([*problems, Problem(shown, exc.line, exc.what)]) from exc
    try:
        parsed = model.model_validate(located.data)
    except ValidationError as exc:
        raise ContentError(
            [
                *problems,
                *(
                    Problem(
                        shown,
                        located.line_of([p for p in err["loc"] if isinstance(p, str | int)]),
                        f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}",
                    )
                    for err in exc.errors()
                ),
            ]
        ) from exc
    if semantic is not None:
        problems += [
            Problem(shown, located.line_of(list(loc)), f"{'.'.join(map(str, loc))}: {what}")
            for loc, what in semantic(parsed)
        ]
    if problems:
        raise ContentError(sorted(problems))
    return parsed


def read_rules_file(name: str) -> str:
    """The text of a packaged data file in ``kit/rules`` (never from the working directory)."""
    return resources.files("kit").joinpath("rules", name).read_text("utf-8")


def _semantic(q: Questionnaire) -> list[tuple[Loc, str]]:
    problems: list[tuple[Loc, str]] = []
    seen: dict[str, Loc] = {}
    for si, section in enumerate(q.sections):
        for fi, f in enumerate(section.fields):
            loc: Loc = ("sections", si, "fields", fi, "id")
            if f.id in seen:
                problems.append((loc, f"mã mục trùng / duplicate field id '{f.id}'"))
            seen[f.id] = loc
    section_ids = [s.id for s in q.sections]
    if "unit" not in section_ids:
        problems.append((("sections",), "thiếu phần 'unit' / the 'unit' section is missing"))
    for need in ("period_start", "period_end"):
        if need not in seen:
            problems.append((("sections",), f"thiếu mục / missing field '{need}'"))
    for name in type(q.messages).model_fields:
        bad = getattr(q.messages, name).unknown_fields(MESSAGE_FIELDS)
        if bad:
            problems.append((("messages", name), f"chỗ trống lạ / unknown placeholders {bad}"))
    known = q.known()
    rule_ids: set[str] = set()
    for ri, rule in enumerate(q.rules):
        loc = ("rules", ri)
        bad = unknown_placeholders(rule.message, RULE_FIELDS)
        bad |= unknown_placeholders(rule.message_en, RULE_FIELDS)
        if bad:
            problems.append(((*loc, "message"), f"chỗ trống lạ / unknown placeholders {bad}"))
        if rule.id in rule_ids:
            problems.append(((*loc, "id"), f"mã quy tắc trùng / duplicate rule id '{rule.id}'"))
        rule_ids.add(rule.id)
        problems += _rule_problems(rule, loc, known)
    return problems


def _rule_problems(rule: Rule, loc: Loc, known: Known) -> list[tuple[Loc, str]]:
    wanted: dict[str, set[str]] = {}
    match rule:
        case AtMost():
            answered = {"count", "amount", "percent"}
            wanted = {"field": answered, "other": answered}
        case NotBefore():
            wanted = {"field": {"date"}, "other": {"date"}}
            if rule.report_on is not None:
                wanted["report_on"] = set(known)  # any known field
        case RequiredIf() | Never():
            wanted = {"field": set()}
    problems: list[tuple[Loc, str]] = []
    for attr, types in wanted.items():
        name = getattr(rule, attr)
        spec = known.get(name)
        if spec is None:
            problems.append(((*loc, attr), f"mục không có / unknown field id '{name}'"))
        elif types and attr != "report_on" and spec[0] not in types:
            problems.append(((*loc, attr), f"{name}: cần kiểu / needs type {sorted(types)}"))
    if isinstance(rule, InPeriod):
        for i, name in enumerate(rule.fields):
            spec = known.get(name)
            if spec is None or spec[0] != "date":
                problems.append(((*loc, "fields", i), f"cần một mục ngày / needs a date: '{name}'"))
    if isinstance(rule, RequiredIf | Never):
        problems += condition_problems(rule.when, (*loc, "when"), known)
    return problems


def parse_questionnaire(text: str, shown: str = f"kit/rules/{QUESTIONNAIRE_FILE}") -> Questionnaire:
    """A questionnaire from YAML text (tests feed broken variants through this)."""
    return parse_data(text, Questionnaire, shown, _semantic)


@cache
def load_questionnaire() -> Questionnaire:
    """The shipped questionnaire, validated (cached: data does not change while the kit runs)."""
    return parse_questionnaire(read_rules_file(QUESTIONNAIRE_FILE))


def field_ids(questionnaire: Questionnaire | None = None) -> list[str]:
    """Every field id in questionnaire order (the XLSX columns and JSON keys)."""
    return list((questionnaire or load_questionnaire()).fields())
