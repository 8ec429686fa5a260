"""The column contract of a batch sheet: its headers, what each gives, how a header is recognised.

``INPUT_HEADERS`` are the columns a person fills (Vietnamese, in template order) and
``RESULT_HEADERS`` the answers the kit adds. ``canonical_header`` recognises a header however it
is spelled (case, spaces, Unicode form, tone placement). Shared by the reader
(:mod:`kit.eligibility.batch.reader`), the decider (:mod:`kit.eligibility.batch`) and the writers
(:mod:`kit.eligibility.batch.workbook`); callers import these names from ``kit.eligibility.batch``.
"""

from __future__ import annotations

from kit.core.text import fold, is_blank
from kit.eligibility.rules import RuleSet

ID = "Mã"
TITLE = "Tên dự thảo chính sách"
DOCUMENT_TYPE = "Loại văn bản"
DRAFTING_BODY = "Cơ quan chủ trì soạn thảo"
CONSULTATION_DATE = "Ngày lấy ý kiến"
SUBMISSION_DATE = "Ngày dự kiến trình"
POLICY_PROPOSAL = "Luật yêu cầu lập đề nghị xây dựng"
STATE_SECRET = "Có nội dung bí mật nhà nước"
RIGHTS = "Tác động trực tiếp đến quyền, nghĩa vụ"
CONTESTED = "Vấn đề khó, nhạy cảm, dư luận quan tâm hoặc có nhiều ý kiến khác nhau"
SCOPE = "Phạm vi tác động"
CONCLUSION = "Kết luận"
REASON = "Lý do"
BASIS = "Căn cứ"

INPUT_HEADERS: tuple[str, ...] = (
    ID,
    TITLE,
    DOCUMENT_TYPE,
    DRAFTING_BODY,
    CONSULTATION_DATE,
    SUBMISSION_DATE,
    POLICY_PROPOSAL,
    STATE_SECRET,
    RIGHTS,
    CONTESTED,
    SCOPE,
)
RESULT_HEADERS: tuple[str, ...] = (CONCLUSION, REASON, BASIS)
#: the result sheet's columns; a file's own columns follow them, in the file's order
OUTPUT_HEADERS: tuple[str, ...] = INPUT_HEADERS + RESULT_HEADERS
#: the engine fact each column gives
FACT_OF: dict[str, str] = {
    DOCUMENT_TYPE: "document_type",
    CONSULTATION_DATE: "consultation_date",
    POLICY_PROPOSAL: "policy_proposal_required",
    STATE_SECRET: "state_secret",
    RIGHTS: "direct_rights_obligations",
    CONTESTED: "difficult_or_contested",
    SCOPE: "impact_scope",
}
DATE_HEADERS = (CONSULTATION_DATE, SUBMISSION_DATE)
YES_NO_HEADERS = (POLICY_PROPOSAL, STATE_SECRET, RIGHTS, CONTESTED)
ERROR = "Lỗi dữ liệu"
ERROR_EN = "Data error"
#: key of the sheet row number in the rows ``read_table`` returns
ROW_KEY = "__row__"
TEMPLATE_ID = "kit407-eligibility-batch"
TEMPLATE_VERSION = 1


def required_headers(rule_set: RuleSet) -> tuple[str, ...]:
    """``Mã`` and every column that gives a fact the rule set does not mark optional."""
    optional = {f.id for f in rule_set.facts if f.optional}
    known = {f.id for f in rule_set.facts}
    needed = [h for h, fact in FACT_OF.items() if fact in known and fact not in optional]
    return (ID, *needed)


def conclusion_labels(rule_set: RuleSet) -> list[tuple[str, str]]:
    """Every possible ``Kết luận`` as (Vietnamese, English), in report order."""
    return [(o.label, o.label_en) for o in rule_set.outcomes.values()] + [(ERROR, ERROR_EN)]


def _header_key(text: object) -> str:
    return fold(str(text)).strip(" *:.")


_KNOWN = {_header_key(h): h for h in (*INPUT_HEADERS, *RESULT_HEADERS)}


def canonical_header(text: object) -> str | None:
    """The contract header ``text`` stands for (any case, spacing, Unicode form), or None."""
    return None if is_blank(text) else _KNOWN.get(_header_key(text))
