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
``--allow-incomplete``. Accepted spellings: numbers as numbers or text ("1.500.000", "85%"), dates
as ``yyyy-mm-dd`` or ``dd/mm/yyyy`` (or ``date`` objects), yes/no as booleans or "Có"/"Không",
choices by id or label, several choices as a list (or text separated by ";"). Blank answers
(``None``, "", []) are left out of the typed answers.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Literal

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
    holds,
    is_blank,
    load_questionnaire,
)
from kit.core.errors import InputError

if TYPE_CHECKING:  # consensus (and the scoring it builds on) loads only for assessor entries
    from kit.assessment.questionnaire.consensus import Assessment, Override

Mode = Literal["draft", "consistent", "complete"]
MODES: tuple[Mode, ...] = ("draft", "consistent", "complete")
YEARS = (2000, 2100)
_THOUSANDS = re.compile(r"^-?\d{1,3}(?:[.,\s]\d{3})+$")
_DOC_PREFIX = re.compile(r"^(?:số|so)\s*[:.]?\s*", re.IGNORECASE)
_DOC_SPACES = re.compile(r"\s*([/-])\s*")
_DOC = re.compile(r"^\d{1,5}[a-z]?/(?:(?:19|20)\d{2}/)?[0-9A-Za-zĐđ]+(?:-[0-9A-Za-zĐđ]+)*$")
_UNNUMBERED = re.compile(r"^[.…\s_]*/")


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


class _Bad(ValueError):
    def __init__(self, code: str, **fields: object) -> None:
        super().__init__(code)
        self.code = code
        self.fields = fields


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
            problems.append(_problem(q, "unknown_field", str(key), None, id=key))
            continue
        try:
            typed = _read_value(f, value)
        except _Bad as bad:
            problems.append(_problem(q, bad.code, key, f, **bad.fields))
            continue
        if typed is not None:
            answers[key] = typed
    if mode != "draft":
        problems += _cross_field(q, answers, complete=mode == "complete")
    if mode == "complete":
        flagged = {p.field for p in problems}
        problems += [
            _problem(q, "required", f.id, f)
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


# ---------------------------------------------------------------------------------- one value


def _read_value(f: QuestionField, value: object) -> object:
    """The typed value of one answer, ``None`` when blank; raises ``_Bad`` with a message code."""
    if isinstance(value, str):
        value = unicodedata.normalize("NFC", value).strip()
    if is_blank(value):
        return None
    reader = _READERS[f.type]
    return reader(f, value)


def _text(f: QuestionField, value: object) -> str:
    if not isinstance(value, str):
        raise _Bad("not_text", value=value)
    if len(value) > f.max_length:
        raise _Bad("too_long", max=f.max_length)
    return value


def _number_text(text: str) -> str:
    """'1.500.000' / '1,500,000' / '1 500 000' → '1500000'; '85,5' → '85.5'."""
    text = text.replace("\u00a0", " ").strip()
    if _THOUSANDS.match(text):
        return re.sub(r"[.,\s]", "", text)
    return text.replace(",", ".") if text.count(",") == 1 and "." not in text else text


def _as_number(value: object, code: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise _Bad(code, value=value)
    if isinstance(value, str):
        try:
            number = float(_number_text(value))
        except ValueError:
            raise _Bad(code, value=value) from None
    else:
        number = float(value)
    if not math.isfinite(number):
        raise _Bad(code, value=value)
    return number


def _count(f: QuestionField, value: object) -> int:
    number = _as_number(value, "not_count")
    if number != int(number):
        raise _Bad("not_count", value=value)
    return int(_bounded(f, number))


def _amount(f: QuestionField, value: object) -> float | int:
    number = _bounded(f, _as_number(value, "not_number"))
    return int(number) if number == int(number) else number


def _bounded(f: QuestionField, number: float) -> float:
    if number < 0:
        raise _Bad("negative", value=_plain(number))
    if f.max is not None and number > f.max:
        raise _Bad("too_large", value=_plain(number), max=_plain(f.max))
    return number


def _percent(f: QuestionField, value: object) -> float | int:
    if isinstance(value, str):
        value = value.removesuffix("%").strip()
    number = _as_number(value, "not_number")
    if not 0 <= number <= 100:
        raise _Bad("percent_range", value=_plain(number))
    return int(number) if number == int(number) else number


def _date(f: QuestionField, value: object) -> date:
    if isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    elif isinstance(value, str):
        day = _parse_date(value)
    else:
        raise _Bad("not_date", value=value)
    if not YEARS[0] <= day.year <= YEARS[1]:
        raise _Bad("date_range", value=day.year, min=YEARS[0], max=YEARS[1])
    return day


def _parse_date(text: str) -> date:
    if len(text) == 10 and text[4] == "-":  # ISO, the form the app saves
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise _Bad("not_date", value=text) from None
    for fmt in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise _Bad("not_date", value=text)


def normalise_document_number(text: str) -> str:
    """'Số: 15 / KH – UBND' → '15/KH-UBND' (case kept: '407/QĐ-TTg')."""
    text = _DOC_PREFIX.sub("", text.replace("–", "-").replace("—", "-")).strip()
    return _DOC_SPACES.sub(r"\1", text)


def is_document_number(text: str) -> bool:
    """A Vietnamese document number and symbol: 15/KH-UBND, 407/QĐ-TTg, 30/2020/NĐ-CP, 54/TP."""
    symbol = text.rsplit("/", 1)[-1]
    return bool(_DOC.match(text)) and any(ch.isalpha() for ch in symbol)


def _document_number(f: QuestionField, value: object) -> str:
    if not isinstance(value, str):
        raise _Bad("not_document_number", value=value)
    text = normalise_document_number(value)
    if _UNNUMBERED.match(text):
        raise _Bad("unnumbered_document", value=value)
    if not is_document_number(text):
        raise _Bad("not_document_number", value=value)
    return text


def _yes_no(f: QuestionField, value: object) -> bool:
    from kit.core.errors import ValueProblem
    from kit.core.text import read_yes_no

    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if not isinstance(value, str):
        raise _Bad("not_yes_no", value=value)
    try:
        answer = read_yes_no(value)
    except ValueProblem:
        raise _Bad("not_yes_no", value=value) from None
    if answer is None:  # pragma: no cover - blanks are handled before
        raise _Bad("not_yes_no", value=value)
    return answer


def _choice_id(f: QuestionField, value: object) -> str:
    if isinstance(value, str):
        if value in f.choice_ids:
            return value
        from kit.core.text import fold

        found = _choice_names(f).get(fold(value))
        if found is not None:
            return found
    allowed = "; ".join(f"{c.id} ({c.label})" for c in f.choices)
    allowed_en = "; ".join(f"{c.id} ({c.label_en})" for c in f.choices)
    raise _Bad("not_choice", value=value, allowed=allowed, allowed_en=allowed_en)


_NAMES: dict[int, tuple[QuestionField, dict[str, str]]] = {}


def _choice_names(f: QuestionField) -> dict[str, str]:
    """Folded id, label and English label -> choice id (built once per field)."""
    hit = _NAMES.get(id(f))
    if hit is None or hit[0] is not f:
        from kit.core.text import fold

        names = {fold(n): c.id for c in f.choices for n in (c.id, c.label, c.label_en)}
        hit = _NAMES[id(f)] = (f, names)
    return hit[1]


def _multi_choice(f: QuestionField, value: object) -> list[str] | None:
    items: list[object]
    if isinstance(value, str):
        items = [part.strip() for part in re.split(r"[;\n]", value) if part.strip()]
    elif isinstance(value, list | tuple):
        items = [v.strip() if isinstance(v, str) else v for v in value]
        items = [v for v in items if not is_blank(v)]
    else:
        items = [value]
    chosen: list[str] = []
    for item in items:
        cid = _choice_id(f, item)
        if cid not in chosen:
            chosen.append(cid)
    return chosen or None


_READERS: dict[str, Callable[[QuestionField, object], object]] = {
    "text": _text,
    "count": _count,
    "amount": _amount,
    "percent": _percent,
    "date": _date,
    "document_number": _document_number,
    "yes_no": _yes_no,
    "choice": _choice_id,
    "multi_choice": _multi_choice,
}


# ---------------------------------------------------------------------------------- messages


def _plain(value: object) -> str:
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value == int(value):
        return str(int(value))
    return str(value)


def _format(template: str, fields: Mapping[str, object]) -> str:
    return template.format_map({k: _plain(v) for k, v in fields.items()})


def _problem(
    q: Questionnaire, code: str, key: str, f: QuestionField | None, **fields: object
) -> FieldProblem:
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


# ---------------------------------------------------------------------------------- saved file

FORMAT = "kit-assessment"
VERSION = 1
_TOP_KEYS = ("format", "version", "unit", "answers", "assessments", "agreed", "notes")


@dataclass(frozen=True)
class SavedAssessment:
    """A questionnaire file as read, before its answers are validated.

    ``raw`` merges ``unit`` and ``answers`` (field id -> value as saved); ``problems`` lists fields
    saved in the wrong part and unusable assessor entries, in the same per-field shape as
    :func:`check_answers`.
    """

    raw: dict[str, object]
    assessments: tuple[Assessment, ...]
    agreed: dict[str, Override]
    notes: str
    problems: tuple[FieldProblem, ...]


def read_saved(data: object, source: str = "") -> SavedAssessment:
    """Read the JSON the app saves (already parsed)::

        {"format": "kit-assessment", "version": 1,
         "unit":    {"unit_name": "...", "unit_level": "xa_phuong_dac_khu",
                     "period_start": "2024-01-01", "period_end": "2024-12-31", ...},
         "answers": {"plan_issued": true, "plan_number": "18/KH-UBND", "drafts_in_scope": 2, ...},
         "assessments": [{"assessor": "Nguyễn Văn A",
                          "overrides": {"staff": {"score": 25, "reason": "..."}}}],   optional
         "agreed": {"staff": {"score": 22, "reason": "..."}},                         optional
         "notes": "free text, not scored"}                                            optional

    ``unit`` holds the fields of the questionnaire's ``unit`` section, ``answers`` every other
    field; values are JSON (dates as ``yyyy-mm-dd`` or ``dd/mm/yyyy``). A file that is not in this
    format raises :class:`~kit.core.errors.InputError`.
    """
    where = f"{source}: " if source else ""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InputError(
            f'{where}không phải tệp tự đánh giá (cần "format": "{FORMAT}").',
            f'{where}not a self-assessment file (expected "format": "{FORMAT}").',
        )
    if data.get("version") != VERSION:
        raise InputError(
            f"{where}phiên bản tệp {data.get('version')!r} không được hỗ trợ (cần {VERSION}).",
            f"{where}file version {data.get('version')!r} is not supported (expected {VERSION}).",
        )
    extra = sorted(str(k) for k in data if k not in _TOP_KEYS)
    parts = {k: data.get(k, {}) for k in ("unit", "answers", "agreed")}
    bad = [k for k, v in parts.items() if not isinstance(v, dict)]
    if not isinstance(data.get("assessments", []), list) or not isinstance(
        data.get("notes", ""), str
    ):
        bad.append("assessments/notes")
    if extra or bad:
        raise InputError(
            f"{where}khóa không hợp lệ: {', '.join(extra + bad)}. Tệp có: {', '.join(_TOP_KEYS)}.",
            f"{where}invalid keys: {', '.join(extra + bad)}. The file has: {', '.join(_TOP_KEYS)}.",
        )
    from kit.assessment.questionnaire.consensus import Assessment

    q = load_questionnaire()
    unit_ids = _unit_ids(q)
    problems: list[FieldProblem] = []
    for part, other, wrong in (("unit", "answers", False), ("answers", "unit", True)):
        for key in parts[part]:
            if key in q.fields() and (key in unit_ids) == wrong:
                problems.append(
                    _problem(q, "wrong_place", key, q.field(key), place=other, other_place=part)
                )
    raw = {**parts["unit"], **parts["answers"]}
    assessments: list[Assessment] = []
    for i, entry in enumerate(data.get("assessments", [])):
        try:
            if not isinstance(entry, dict) or not isinstance(entry.get("overrides", {}), dict):
                raise InputError("Mục đánh giá không hợp lệ.", "Invalid assessment entry.")
            assessments.append(
                Assessment(str(entry.get("assessor", "")), _overrides(entry.get("overrides", {})))
            )
        except InputError as exc:
            problems.append(FieldProblem(f"assessments[{i}]", "assessment", exc.vi, exc.en))
    try:
        agreed = _overrides(parts["agreed"])
    except InputError as exc:
        problems.append(FieldProblem("agreed", "assessment", exc.vi, exc.en))
        agreed = {}
    return SavedAssessment(raw, tuple(assessments), agreed, data.get("notes", ""), tuple(problems))


def _overrides(entries: Mapping[str, object]) -> dict[str, Override]:
    from kit.assessment.questionnaire.consensus import Override

    out: dict[str, Override] = {}
    for key, entry in entries.items():
        if not isinstance(entry, dict):
            raise InputError(
                f"{key}: cần {{score, reason}}.", f"{key}: expected {{score, reason}}."
            )
        try:
            out[key] = Override(entry.get("score"), entry.get("reason", ""))  # type: ignore[arg-type]
        except InputError as exc:
            raise InputError(f"{key}: {exc.vi}", f"{key}: {exc.en}") from exc
    return out


def to_saved(
    answers: Mapping[str, object],
    assessments: Sequence[Assessment] = (),
    agreed: Mapping[str, Override] | None = None,
    notes: str = "",
) -> dict[str, object]:
    """The JSON-ready file for ``answers`` (blanks left out); see :func:`read_saved`."""
    unit_ids = _unit_ids(load_questionnaire())
    plain = {k: _json(v) for k, v in answers.items() if not is_blank(v)}
    out: dict[str, object] = {
        "format": FORMAT,
        "version": VERSION,
        "unit": {k: v for k, v in plain.items() if k in unit_ids},
        "answers": {k: v for k, v in plain.items() if k not in unit_ids},
    }
    if assessments:
        out["assessments"] = [
            {
                "assessor": a.assessor,
                "overrides": {
                    k: {"score": o.score, "reason": o.reason} for k, o in a.overrides.items()
                },
            }
            for a in assessments
        ]
    if agreed:
        out["agreed"] = {k: {"score": o.score, "reason": o.reason} for k, o in agreed.items()}
    if notes:
        out["notes"] = notes
    return out


def _unit_ids(q: Questionnaire) -> set[str]:
    return {f.id for f in next(s for s in q.sections if s.id == "unit").fields}


def _json(value: object) -> object:
    return value.isoformat() if isinstance(value, date) else value
