"""One unit filling its self-assessment in the app: every value the page sends is checked here,
kept as typed (so nothing a person typed is lost, even when it is not valid yet) and stored at
once; the problems of the field, the live score and the final checks come from the questionnaire.

The page is not trusted: a field id that is not in the questionnaire, a value of the wrong shape
or an oversized text is refused with a message and changes nothing. So is any value for a fixed
field: once units are registered, the unit's name, level and province are the registry's
(``fixed``), whatever the page sends.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from kit.assessment.questionnaire.answers import (
    AnswerCheck,
    FieldProblem,
    InvalidAnswers,
    Mode,
    check_answers,
)
from kit.assessment.questionnaire.consensus import Assessment, Consensus, Override, consensus
from kit.assessment.questionnaire.saved import to_saved
from kit.assessment.questionnaire.schema import QuestionField, Questionnaire, load_questionnaire
from kit.assessment.questionnaire.scoring import UnitScore, score_answers
from kit.core.errors import InputError

#: longest text kept from the page (a field's own limit gives the message; this stops a flood)
MAX_RAW = 20_000
Raw = dict[str, object]


def _bad_value(f: QuestionField) -> InputError:
    return InputError(
        f"Giá trị gửi lên cho mục «{f.label}» không đúng dạng; chưa lưu.",
        f"The value sent for «{f.label_en}» has the wrong shape; nothing was saved.",
    )


def raw_value(f: QuestionField, value: object) -> object:
    """The JSON-ready form of a widget value for field ``f`` (``None`` when blank)."""
    if value is None or value == "":
        return None
    if f.type == "date":
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, str) and len(value) <= 40:
            return value.strip()
        raise _bad_value(f)
    if f.type == "yes_no":
        if isinstance(value, bool):
            return value
        if value in ("yes", "no"):
            return value == "yes"
        raise _bad_value(f)
    if f.type == "multi_choice":
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
            raise _bad_value(f)
        picked = [v for v in value if v in f.choice_ids]
        if len(picked) != len(value):
            raise _bad_value(f)
        return picked or None
    if f.type == "choice":
        if value not in f.choice_ids:
            raise _bad_value(f)
        return value
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise _bad_value(f)
    if isinstance(value, str) and len(value) > MAX_RAW:
        raise InputError(
            f"Nội dung mục «{f.label}» quá dài; chưa lưu.",
            f"The text of «{f.label_en}» is too long; nothing was saved.",
        )
    return value


class AssessmentSession:
    """The answers being filled, as typed, with ``save(raw, step)`` called after every change."""

    def __init__(
        self,
        stored: Mapping[str, object] | None = None,
        step: str = "",
        save: Callable[[Raw, str], None] | None = None,
        questionnaire: Questionnaire | None = None,
        fixed: Mapping[str, object] | None = None,
    ) -> None:
        """``stored`` is what :meth:`state` gave (``answers`` and ``assessments``); ``fixed``
        holds the answers nobody changes here (a blank one is kept blank)."""
        self.q = questionnaire or load_questionnaire()
        self.fields = self.q.fields()
        stored = stored or {}
        answers = stored.get("answers")
        raw = answers if isinstance(answers, dict) else {}
        self.fixed: dict[str, object] = {k: v for k, v in (fixed or {}).items() if k in self.fields}
        self.raw: Raw = {k: v for k, v in raw.items() if k in self.fields and k not in self.fixed}
        self.raw.update({k: v for k, v in self.fixed.items() if v is not None and v != ""})
        self.assessments: list[Assessment] = _assessments(stored.get("assessments"))
        self.steps: tuple[str, ...] = (*(s.id for s in self.q.sections), "results")
        self.step = step if step in self.steps else self.steps[0]
        self._save = save or (lambda _state, _step: None)

    def state(self) -> Raw:
        """What is stored: the answers as typed and the assessors' scores."""
        return {"answers": dict(self.raw), "assessments": _assessments_json(self.assessments)}

    def _store(self) -> None:
        self._save(self.state(), self.step)

    # ------------------------------------------------------------------ changes

    def field(self, field_id: object) -> QuestionField:
        f = self.fields.get(field_id) if isinstance(field_id, str) else None
        if f is None:
            raise InputError(
                "Mục này không có trong bảng hỏi; chưa lưu.",
                "This field is not in the questionnaire; nothing was saved.",
            )
        return f

    def set(self, field_id: object, value: object) -> list[FieldProblem]:
        """Keep ``value`` for the field (as typed), store the answers, return its problems."""
        f = self.field(field_id)
        if f.id in self.fixed:
            raise InputError(
                f"«{f.label}» lấy từ danh sách đơn vị và không sửa ở đây; chưa lưu. Nếu sai, "
                "hãy báo giảng viên sửa danh sách đơn vị.",
                f"«{f.label_en}» comes from the unit list and is not changed here; nothing was "
                "saved. If it is wrong, ask the trainer to correct the unit list.",
            )
        raw = raw_value(f, value)
        if raw is None:
            self.raw.pop(f.id, None)
        else:
            self.raw[f.id] = raw
        self._store()
        return self.problems(f.id)

    def go(self, step: object) -> None:
        if step not in self.steps:
            raise InputError("Không có bước này.", "There is no such step.")
        self.step = str(step)
        self._store()

    def move(self, by: int) -> None:
        index = self.steps.index(self.step) + by
        self.go(self.steps[max(0, min(index, len(self.steps) - 1))])

    # ------------------------------------------------------------------ reading

    def value(self, field_id: str) -> Any:
        return self.raw.get(field_id)

    def check(self, mode: Mode = "consistent") -> AnswerCheck:
        return check_answers(self.raw, mode, self.q)

    def problems(self, field_id: str) -> list[FieldProblem]:
        """The problems of this field's own value (rules between fields are not checked)."""
        one = {field_id: self.raw[field_id]} if field_id in self.raw else {}
        return list(check_answers(one, "draft", self.q).problems)

    def cross_problems(self, section_id: str) -> list[FieldProblem]:
        """Rules between answers broken in this section (shown at its foot)."""
        ids = {f.id for s in self.q.sections if s.id == section_id for f in s.fields}
        alone = {p for fid in ids for p in self.problems(fid)}
        return [p for p in self.check().problems if p.field in ids and p not in alone]

    def score(self) -> UnitScore:
        """The proposed score from the answers valid so far (a proposal, as the app says)."""
        return score_answers(self.check().answers)

    # ------------------------------------------------------------------ assessors (CAF)

    def score_as(self, assessor: object, given: Mapping[str, tuple[object, object]]) -> None:
        """One assessor's scores: ``given`` maps a dimension to (score, reason) as typed; a blank
        score keeps the proposal. The same name again replaces that assessor's scores."""
        keys = frozenset(self.score().scores())
        overrides: dict[str, Override] = {}
        for key, (score, reason) in given.items():
            if key not in keys:
                raise InputError("Không có tiêu chí này.", "There is no such dimension.")
            text = str(score if score is not None else "").strip()
            if text:
                if not text.isdigit():
                    raise InputError(
                        f"Điểm phải là số nguyên từ 0 đến 100 (đã nhập «{text[:20]}»).",
                        f"A score is a whole number from 0 to 100 (got “{text[:20]}”).",
                    )
                overrides[key] = Override(int(text), str(reason or "")[:2000])
        name = " ".join(str(assessor or "").split())[:120]
        scored = Assessment(name, overrides)
        self.assessments = [a for a in self.assessments if a.assessor != scored.assessor]
        self.assessments.append(scored)
        self._store()

    def drop_assessor(self, assessor: object) -> None:
        self.assessments = [a for a in self.assessments if a.assessor != assessor]
        self._store()

    def agreed(self) -> Consensus | None:
        """The consensus of the assessors' scores (median, range shown), if any scored."""
        return consensus(self.score(), self.assessments) if self.assessments else None

    def filled(self, section_id: str) -> tuple[int, int]:
        """(answered, fields) in a section."""
        section = next(s for s in self.q.sections if s.id == section_id)
        return sum(f.id in self.raw for f in section.fields), len(section.fields)

    def saved_file(self) -> dict[str, object]:
        """The kit-assessment JSON of the answers, once they are complete and consistent."""
        checked = self.check("complete")
        if not checked.ok:
            raise InvalidAnswers(checked.problems)
        return to_saved(checked.answers, self.assessments)


def _assessments(value: object) -> list[Assessment]:
    """Assessors' scores as stored (a damaged entry is left out, not raised)."""
    out: list[Assessment] = []
    for entry in value if isinstance(value, list) else ():
        try:
            overrides = {
                k: Override(v["score"], v["reason"]) for k, v in entry["overrides"].items()
            }
            out.append(Assessment(entry["assessor"], overrides))
        except (InputError, KeyError, TypeError, AttributeError):
            continue
    return out


def _assessments_json(assessments: list[Assessment]) -> list[dict[str, object]]:
    return [
        {
            "assessor": a.assessor,
            "overrides": {
                k: {"score": o.score, "reason": o.reason} for k, o in a.overrides.items()
            },
        }
        for a in assessments
    ]
