"""The small condition language that rubric bands and the questionnaire's cross-field rules are
written in: its schema, its checking against the fields a condition may name, and its compiling
into fast predicates over validated answers.

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
:class:`~kit.core.errors.ContentError` at ``file:line`` (:func:`condition_problems` says what is
wrong; the file's reader locates it). Compiled conditions (:func:`compile_condition`) read
validated answers (plain Python values: ``int``, ``float``, ``bool``, ``str``, ``datetime.date``,
``list[str]``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import lru_cache
from typing import Annotated, Any, TypeAlias

from pydantic import Discriminator, Field, Tag, model_validator

from kit.assessment.questionnaire.datafile import Loc
from kit.core.schema import Strict

#: types a number test (at_least, at_most, equals a number) fits; "share" and "total" are computed
NUMERIC = frozenset({"count", "amount", "percent", "share", "total"})
TESTS = ("present", "equals", "one_of", "contains", "at_least", "at_most")
#: validated answers keyed by field id (blanks left out)
Answers: TypeAlias = Mapping[str, object]
Check: TypeAlias = Callable[[Answers], bool]
#: what a condition may name: field id -> (type, the ids of its choices)
Known: TypeAlias = Mapping[str, tuple[str, frozenset[str]]]


class Atom(Strict):
    """``{field: ID, TEST: VALUE}``: one test on one answer."""

    field: str
    present: bool | None = None
    equals: bool | int | Annotated[float, Field(allow_inf_nan=False)] | str | None = None
    one_of: tuple[str, ...] | None = None
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


# the parts are tuples, not lists, so that a condition is hashable (compiled checks are cached)
class All(Strict):
    all: tuple[Condition, ...] = Field(min_length=1)


class AnyOf(Strict):
    any: tuple[Condition, ...] = Field(min_length=1)


class Not(Strict):
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


# ---------------------------------------------------------------------------------- checking


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
        bad = [v for v in atom.one_of or () if v not in choices]
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


# ---------------------------------------------------------------------------------- compiling

#: the blank answers (every test but ``present: false`` fails on them); see :func:`is_blank`
_BLANK: tuple[object, ...] = (None, "", [])


def is_blank(value: object) -> bool:
    """Whether ``value`` is a blank answer: ``None``, ``""`` or ``[]``."""
    return value is None or value == "" or value == []


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


@lru_cache(maxsize=1024)
def _compiled(cond: Condition) -> Check:
    """:func:`compile_condition`, kept for conditions equal to one compiled before.

    Conditions are frozen and hashable, so equal conditions share one check. (Pydantic compares
    values with ``==``, so ``equals: true`` and ``equals: 1`` on the same field would count as
    equal; :func:`condition_problems` never lets both through, since a yes/no field takes only
    true/false and a number field never does.)
    """
    return compile_condition(cond)


def holds(cond: Condition, answers: Answers) -> bool:
    """Whether ``cond`` holds for ``answers`` (each condition is compiled once, then reused)."""
    return _compiled(cond)(answers)
