"""Drafts for a plan from the eligibility simulator's spreadsheet (its template filled in, or its
result file with ``Kết luận``): every row is decided again by the rule set, and the drafts in scope
become plan drafts with their planned consultation date and ``Ngày dự kiến trình``. Rows out of
scope, undecided or with bad data are listed with the reason, never silently dropped; the
template's example row ("VÍ DỤ … xóa dòng này") is listed as skipped, never imported.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kit.core.errors import ValueProblem
from kit.core.text import is_blank
from kit.eligibility import rules as r
from kit.eligibility import values
from kit.eligibility.batch import contract, decide
from kit.eligibility.batch.model import Progress
from kit.plans.model import Draft

LEVELS = {"central", "provincial", "commune"}


@dataclass(frozen=True)
class Skipped:
    row: int
    title: str
    vi: str
    en: str


@dataclass
class DraftImport:
    drafts: list[Draft] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    rows: int = 0


def _text(value: object) -> str:
    return "" if is_blank(value) else str(value).strip()


def drafts_from_sheet(
    data: bytes,
    filename: str,
    rule_set: r.RuleSet | None = None,
    progress: Progress | None = None,
) -> DraftImport:
    """The in-scope drafts of an eligibility sheet (``.xlsx`` or ``.csv``)."""
    rule_set = rule_set or r.load_rule_set()
    result = decide.run_batch(data, filename, rule_set, progress)
    out = DraftImport(rows=len(result.rows))
    for number in result.examples:  # the template's example row: neither decided nor imported
        out.skipped.append(
            Skipped(
                number,
                "VÍ DỤ",
                "Dòng ví dụ của bảng mẫu: bỏ qua, không đưa vào kế hoạch.",
                "The template's example row: skipped, not added to the plan.",
            )
        )
    types = {d.id: d for d in rule_set.document_types}
    for row in result.rows:
        title = _text(row.values.get(contract.TITLE)) or _text(row.values.get(contract.ID))
        if row.outcome != "in_scope":
            out.skipped.append(
                Skipped(
                    row.row,
                    title,
                    f"{row.conclusion}: {row.reason}",
                    f"{row.conclusion} (not in the plan): {row.reason}",
                )
            )
            continue
        type_id = values.read_document_type(rule_set, row.values.get(contract.DOCUMENT_TYPE))
        doc_type = types.get(type_id or "")
        try:
            consultation = values.read_date(row.values.get(contract.CONSULTATION_DATE))
        except ValueProblem:
            consultation = None
        out.drafts.append(
            Draft(
                code=_text(row.values.get(contract.ID))[:300],
                title=(title or "Dự thảo")[:4000],
                document_type=doc_type.label if doc_type else "",
                level=doc_type.level if doc_type and doc_type.level in LEVELS else None,
                drafting_body=_text(row.values.get(contract.DRAFTING_BODY))[:300],
                consultation_date=consultation,
                submission_date=row.submission_date,
            )
        )
    return out
