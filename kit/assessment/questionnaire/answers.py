"""Validate a filled questionnaire: every problem at once, per field, in Vietnamese and English.

``check_answers(raw, mode)`` is pure: it returns the typed answers that passed and the problems,
and stores nothing. Callers save only what they decide to (an app may save a draft as it goes).

Modes (each includes the one before)::

    draft        unknown field ids, types and ranges (negative counts, shares over 100%,
                 impossible dates such as 31/02, malformed document numbers, unknown choices)
    consistent   + the questionnaire's cross-field rules: drafts communicated ≤ drafts in scope,
                 people trained ≤ staff, dates inside the reporting period, contradictions
    complete     + required fields and ``required_if`` rules (a questionnaire ready to submit)

Scoring needs ``consistent`` answers; ``kit assess score`` asks for ``complete`` unless told
``--allow-incomplete``. How each value may be written is in
:mod:`kit.assessment.questionnaire.values`; blank answers (``None``, "", []) are left out of the
typed answers. The file the app saves is read and written by
:mod:`kit.assessment.questionnaire.saved`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Literal

from kit.assessment.questionnaire.conditions import holds
from kit.assessment.questionnaire.schema import (
    AtMost,
    Bilingual,
    InPeriod,
    Never,
    NotBefore,
    QuestionField,
    Questionnaire,
    RequiredIf,
    Rule,
    load_questionnaire,
)
from kit.assessment.questionnaire.values import BadValue, plain, read_value
from kit.core.errors import InputError
from kit.core.limits import clip

Mode = Literal["draft", "consistent", "complete"]
MODES: tuple[Mode, ...] = ("draft", "consistent", "complete")


@dataclass(frozen=True)
class FieldProblem:
    """One problem with one answer (``field`` is the field id, or the unknown key as given)."""

    field: str
    code: str
    vi: str
    en: str

    def message(self, lang: str = "vi") -> str:
        return self.en if lang == "en" else self.vi

    def to_json(self) -> dict[str, str]:
        return {"code": self.code, "vi": self.vi, "en": self.en}


@dataclass(frozen=True)
class AnswerCheck:
    """Every problem found, and the typed values of the answers that passed their own field's
    checks (blanks left out). A value that breaks a cross-field rule is still in ``answers`` (an
    app may keep it in a draft); score or store as final only when :attr:`ok`."""

    answers: dict[str, object]
    problems: tuple[FieldProblem, ...]
    mode: Mode

    @property
    def ok(self) -> bool:
        return not self.problems

    def by_field(self) -> dict[str, list[FieldProblem]]:
        """Problems keyed by field id, in the order found."""
        out: dict[str, list[FieldProblem]] = {}
        for p in self.problems:
            out.setdefault(p.field, []).append(p)
        return out

    def to_json(self) -> dict[str, list[dict[str, str]]]:
        return {k: [p.to_json() for p in v] for k, v in self.by_field().items()}


class InvalidAnswers(InputError):
    """The answers were rejected; ``problems`` says why, field by field. Nothing was stored."""

    def __init__(self, problems: tuple[FieldProblem, ...]) -> None:
        self.problems = problems
        vi = "\n".join(f"{p.field}: {p.vi}" for p in problems)
        en = "\n".join(f"{p.field}: {p.en}" for p in problems)
        super().__init__(
            f"Có {len(problems)} câu trả lời không hợp lệ:\n{vi}",
            f"{len(problems)} answer(s) are not valid:\n{en}",
        )


def check_answers(
    raw: Mapping[str, object],
    mode: Mode = "complete",
    questionnaire: Questionnaire | None = None,
) -> AnswerCheck:
    """Validate ``raw`` answers keyed by field id (see the module docstring for the modes)."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}")
    q = questionnaire or load_questionnaire()
    fields = q.fields()
    answers: dict[str, object] = {}
    problems: list[FieldProblem] = []
    for key, value in raw.items():
        f = fields.get(key)
        if f is None:
            problems.append(field_problem(q, "unknown_field", clip(key), None, id=key))
            continue
        try:
            typed = read_value(f, value)
        except BadValue as bad:
            problems.append(field_problem(q, bad.code, key, f, **bad.fields))
            continue
        if typed is not None:
            answers[key] = typed
    if mode != "draft":
        problems += _cross_field(q, answers, complete=mode == "complete")
    if mode == "complete":
        flagged = {p.field for p in problems}
        problems += [
            field_problem(q, "required", f.id, f)
            for f in fields.values()
            if f.required and f.id not in answers and f.id not in flagged
        ]
    return AnswerCheck(answers, tuple(problems), mode)


def valid_answers(raw: Mapping[str, object], mode: Mode = "complete") -> dict[str, object]:
    """The typed answers, or :class:`InvalidAnswers` listing every problem."""
    checked = check_answers(raw, mode)
    if not checked.ok:
        raise InvalidAnswers(checked.problems)
    return checked.answers


# ---------------------------------------------------------------------------------- messages


def _format(template: str, fields: Mapping[str, object]) -> str:
    """``template`` filled in; a person's value (``value``, ``other_value``, ``id``) is quoted
    at most ``QUOTE_CHARS`` long."""
    quoted = ("value", "other_value", "id")
    return template.format_map(
        {k: clip(plain(v)) if k in quoted else plain(v) for k, v in fields.items()}
    )


def field_problem(
    q: Questionnaire, code: str, key: str, f: QuestionField | None, **fields: object
) -> FieldProblem:
    """The problem ``code`` (a name in the questionnaire's ``messages``) with the answer ``key``
    of field ``f`` (``None`` for an unknown key), its message filled in with ``fields``."""
    template: Bilingual = getattr(q.messages, code)
    if f is not None:
        fields = {"label": f.label, "label_en": f.label_en, **fields}
    return FieldProblem(key, code, _format(template.vi, fields), _format(template.en, fields))


def _cross_field(
    q: Questionnaire, answers: dict[str, object], complete: bool
) -> list[FieldProblem]:
    fields = q.fields()
    start, end = answers.get("period_start"), answers.get("period_end")
    found: list[FieldProblem] = []

    def add(rule: Rule, where: str, name: str, other: str = "", **values: object) -> None:
        f = fields[name]
        names: dict[str, object] = {"label": f.label, "label_en": f.label_en, **values}
        if other:
            names |= {"other": fields[other].label, "other_en": fields[other].label_en}
        vi, en = _format(rule.message, names), _format(rule.message_en, names)
        found.append(FieldProblem(where, f"rule:{rule.id}", vi, en))

    for rule in q.rules:
        match rule:
            case AtMost() | NotBefore():
                a, b = answers.get(rule.field), answers.get(rule.other)
                if a is None or b is None:
                    continue
                if (a > b) if isinstance(rule, AtMost) else (a < b):  # type: ignore[operator]
                    where = getattr(rule, "report_on", None) or rule.field
                    add(rule, where, rule.field, rule.other, value=a, other_value=b)
            case InPeriod() if isinstance(start, date) and isinstance(end, date) and start <= end:
                for name in rule.fields:
                    day = answers.get(name)
                    if isinstance(day, date) and not start <= day <= end:
                        add(rule, name, name, value=day, start=start, end=end)
            case Never() if holds(rule.when, answers):
                add(rule, rule.field, rule.field)
            case RequiredIf() if complete and rule.field not in answers:
                if holds(rule.when, answers):
                    add(rule, rule.field, rule.field)
    return found
