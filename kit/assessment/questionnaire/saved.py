"""The file the self-assessment app saves: a questionnaire's answers (unit details apart), the
assessors' overrides, the agreed scores and notes, as JSON (:func:`read_saved`, :func:`to_saved`).

Reading a file does not validate its answers: that is
:func:`~kit.assessment.questionnaire.answers.check_answers`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from kit.assessment.questionnaire.answers import FieldProblem, field_problem
from kit.assessment.questionnaire.conditions import is_blank
from kit.assessment.questionnaire.schema import Questionnaire, load_questionnaire
from kit.core.errors import InputError
from kit.core.limits import clip

if TYPE_CHECKING:  # consensus (and the scoring it builds on) loads only for assessor entries
    from kit.assessment.questionnaire.consensus import Assessment, Override

FORMAT = "kit-assessment"
VERSION = 1
_TOP_KEYS = ("format", "version", "unit", "answers", "assessments", "agreed", "notes")


@dataclass(frozen=True)
class SavedAssessment:
    """A questionnaire file as read, before its answers are validated.

    ``raw`` merges ``unit`` and ``answers`` (field id -> value as saved); ``problems`` lists fields
    saved in the wrong part and unusable assessor entries, in the same per-field shape as
    :func:`~kit.assessment.questionnaire.answers.check_answers`.
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
            f"{where}phiên bản tệp {clip(repr(data.get('version')))} không được hỗ trợ (cần "
            f"{VERSION}).",
            f"{where}file version {clip(repr(data.get('version')))} is not supported (expected "
            f"{VERSION}).",
        )
    extra = sorted(str(k) for k in data if k not in _TOP_KEYS)
    parts = {k: data.get(k, {}) for k in ("unit", "answers", "agreed")}
    bad = [k for k, v in parts.items() if not isinstance(v, dict)]
    if not isinstance(data.get("assessments", []), list) or not isinstance(
        data.get("notes", ""), str
    ):
        bad.append("assessments/notes")
    if extra or bad:
        shown, keys = clip(", ".join(extra + bad)), ", ".join(_TOP_KEYS)
        raise InputError(
            f"{where}khóa không hợp lệ: {shown}. Tệp có: {keys}.",
            f"{where}invalid keys: {shown}. The file has: {keys}.",
        )
    from kit.assessment.questionnaire.consensus import Assessment

    q = load_questionnaire()
    unit_ids = _unit_ids(q)
    problems: list[FieldProblem] = []
    for part, other, wrong in (("unit", "answers", False), ("answers", "unit", True)):
        for key in parts[part]:
            if key in q.fields() and (key in unit_ids) == wrong:
                places = {"place": other, "other_place": part}
                problems.append(field_problem(q, "wrong_place", key, q.field(key), **places))
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
                f"{clip(key)}: cần {{score, reason}}.", f"{clip(key)}: expected {{score, reason}}."
            )
        try:
            out[key] = Override(entry.get("score"), entry.get("reason", ""))  # type: ignore[arg-type]
        except InputError as exc:
            raise InputError(f"{clip(key)}: {exc.vi}", f"{clip(key)}: {exc.en}") from exc
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
