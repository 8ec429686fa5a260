"""The unit's one-year review report (Báo cáo sơ kết) as a Decree 30/2020 document.

``build_report(answers, score, agreed=...)`` writes the report a unit sends upward "để tổng hợp",
in the shape of the one-year review of Ủy ban nhân dân xã Quảng Thái (2023), from its
self-assessment answers; the shared exporter
(:func:`kit.export.decree30.render`) lays it out as DOCX and :func:`report_html` previews it.

Header, closing line, recipients and signature follow the unit's name, level and province
(:mod:`kit.assessment.report.header`); before the report is numbered the number line keeps its
symbol ("Số: …/BC-UBND"), before it is signed the date keeps the year.

Body (:mod:`kit.assessment.report.sections`, :mod:`kit.assessment.report.sections_later`):
I. results — a) directive documents, b) communication activities, c) coordination with the press
and feedback, d) staff, đ) funding, e) monitoring and improvement — then 1.2 difficulties and
causes; II. recommendations; the contact for the figures and the closing line. Section titles come
from the questionnaire.

With a score, an annex "Kết quả tự đánh giá" lists each dimension's score, band and why, and the
total and level; with ``agreed`` (the assessors' consensus) it adds every assessor's score, the
range and the reasons.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from kit.assessment.questionnaire.consensus import Consensus
from kit.assessment.questionnaire.rubric import format_number
from kit.assessment.questionnaire.scoring import Scorer, UnitScore, default_scorer
from kit.assessment.report import header
from kit.assessment.report import sections as body
from kit.assessment.report import sections_later as later
from kit.assessment.report.header import Issuer
from kit.assessment.report.sections import Answers, clean, day
from kit.export.decree30 import (
    Annex,
    Block,
    Bullet,
    Heading,
    OfficialDocument,
    Paragraph,
    Table,
)
from kit.export.doc_fields import DocumentFields, apply

__all__ = ["SCHEME", "build_report", "report_html"]

#: the scheme's name as Decision 407/QĐ-TTg of 30/3/2022 gives it (as the plans and
#: reports implementing it quote it)
SCHEME = (
    "Tổ chức truyền thông chính sách có tác động lớn đến xã hội trong quá trình xây dựng văn bản "
    "quy phạm pháp luật giai đoạn 2022 - 2027"
)
DECISION = "Quyết định số 407/QĐ-TTg ngày 30/3/2022 của Thủ tướng Chính phủ"
BODY = (
    ("directing", body.directing),
    ("activities", body.activities),
    ("coordination", later.coordination),
    ("staff", later.staff),
    ("funding", later.funding),
    ("review", later.review),
)
LETTERS = "abcdđeghiklmnopqrstuvxy"
SCORE_HEADERS = ["TT", "Tiêu chí", "Điểm", "Mức", "Căn cứ chấm điểm"]
SCORE_WIDTHS_MM = [10.0, 35.0, 14.0, 30.0, 76.0]
CONSENSUS_HEADERS = ["Tiêu chí", "Điểm đề xuất", "Điểm từng người", "Khoảng điểm", "Thống nhất"]
CONSENSUS_WIDTHS_MM = [40.0, 20.0, 50.0, 25.0, 30.0]


def build_report(
    answers: Mapping[str, object],
    score: UnitScore | None = None,
    *,
    agreed: Consensus | None = None,
    fields: DocumentFields | None = None,
) -> OfficialDocument:
    """The Báo cáo sơ kết of a unit from its answers (keyed by field id, unit fields included, as
    :func:`~kit.assessment.questionnaire.answers.check_answers` returns them; raw saved values are
    read the same
    way). Answers of the wrong type raise
    :class:`~kit.assessment.questionnaire.answers.InvalidAnswers`; missing
    answers are written as such. ``score`` adds the annex of scores, ``agreed`` the consensus;
    ``fields`` (the unit's document fields) fill the header, signer and recipients where given."""
    scorer = default_scorer()
    a = Answers(_typed(answers, scorer), scorer.wording)
    unit = header.issuer(a)
    if agreed is not None and score is None:
        score = scorer.score(a.values)
    start, end = a.day("period_start"), a.day("period_end")
    span, period = _span(start, end), _period(start, end)
    review = " ".join(p for p in ("sơ kết", span) if p)
    report_date = a.day("report_date")
    doc = OfficialDocument(
        issuing_body=unit.issuing_body,
        parent_body=unit.parent_body,
        number=a.text("report_number") or f"/BC-{unit.symbol}",
        place=unit.place,
        date=report_date,
        year=next((d.year for d in (report_date, end, start) if d), None),
        doc_type="BÁO CÁO",
        title=f"{review.capitalize()} thực hiện Đề án “{SCHEME}”"
        + (f" ({period})" if period else ""),
        preamble=[
            f"Thực hiện {DECISION} phê duyệt Đề án “{SCHEME}” (sau đây gọi tắt là Đề án), "
            f"{unit.voice.full} báo cáo {review} tình hình thực hiện Đề án"
            + (f" ({period})" if period else "")
            + " như sau:"
        ],
        blocks=_body(a, unit, scorer, review),
        recipients=header.recipients(unit),
        signature=header.signature(unit),
        annexes=[_annex(score, agreed)] if score is not None else [],
    )
    return apply(doc, fields, "BC") if fields is not None else doc


def report_html(doc: OfficialDocument) -> str:
    """The report as the escaped HTML preview the apps show (the shared document preview)."""
    from kit.export.preview import document_html

    return document_html(doc)


def _typed(answers: Mapping[str, object], scorer: Scorer) -> dict[str, object]:
    from kit.assessment.questionnaire.answers import InvalidAnswers, check_answers

    computed = {c.id for c in scorer.rubric.computed}
    raw = {k: v for k, v in answers.items() if k not in computed}
    checked = check_answers(raw, "draft", scorer.questionnaire)
    if not checked.ok:
        raise InvalidAnswers(checked.problems)
    return checked.answers


# -- body ------------------------------------------------------------------------------------------


def _body(a: Answers, unit: Issuer, scorer: Scorer, review: str) -> list[Block]:
    titles = {s.id: s.title for s in scorer.questionnaire.sections}
    who = unit.voice
    blocks: list[Block] = [Heading("I. KẾT QUẢ THỰC HIỆN"), Heading("1.1. Kết quả đạt được", 2)]
    for letter, (section, write) in zip(LETTERS, BODY, strict=False):
        blocks.append(Heading(f"{letter}) {titles[section]}", 3))
        blocks += write(a, who)
    blocks.append(Heading(f"1.2. {titles['difficulties']}", 2))
    blocks += later.difficulties(a, who)
    blocks.append(Heading(f"II. {titles['recommendations'].upper()}"))
    blocks += later.recommendations(a, who)
    contact = [a.text(k) for k in ("preparer_name", "preparer_position", "preparer_contact")]
    if contact[0]:
        line = ", ".join(p for p in contact[:2] if p) + (f"; {contact[2]}" if contact[2] else "")
        blocks.append(Paragraph(body.sentence(f"đầu mối cung cấp, làm rõ số liệu: {line}")))
    blocks.append(
        Paragraph(
            f"Trên đây là báo cáo {review} tình hình thực hiện Đề án của {who.full}, "
            f"{header.sent_to(unit)}./."
        )
    )
    return blocks


# -- title -----------------------------------------------------------------------------------------


def _span(start: date | None, end: date | None) -> str:
    """The length of the period as review reports name it: "01 năm", "06 tháng"."""
    if start is None or end is None or end < start:
        return ""
    months = round(((end - start).days + 1) / 30.4375)
    if months >= 12 and months % 12 == 0:
        return f"{months // 12:02d} năm"
    return f"{months:02d} tháng" if months else ""


def _period(start: date | None, end: date | None) -> str:
    if start and end:
        return f"từ ngày {day(start)} đến ngày {day(end)}"
    if start:
        return f"từ ngày {day(start)}"
    return f"đến ngày {day(end)}" if end else ""


# -- annex -----------------------------------------------------------------------------------------


def _annex(score: UnitScore, agreed: Consensus | None) -> Annex:
    scorer = score.scorer
    rubric = scorer.rubric
    blocks: list[Block] = [
        Paragraph(
            "Điểm do bộ công cụ đề xuất từ các câu trả lời, theo thang điểm cộng dồn PDCA của "
            "Khung đánh giá chung CAF (0–100 điểm mỗi tiêu chí); người đánh giá có thể điều "
            "chỉnh điểm, kèm lý do. Kết quả dùng để đơn vị tự cải tiến và học hỏi lẫn nhau, "
            "không dùng để xếp hạng các đơn vị."
        )
    ]
    rows: list[list[str]] = []
    for i, d in enumerate(score.dimensions, start=1):
        band = rubric.bands[d.level].label if d.applicable else "Không áp dụng"
        mark = str(d.score) if d.score is not None else "—"
        rows.append([str(i), d.dimension.title, mark, band, clean(d.why("vi"))])
    blocks.append(Table(SCORE_HEADERS, rows, SCORE_WIDTHS_MM))
    level = scorer.level(score.level)
    if score.total is not None and level is not None:
        total = format_number(score.total, "vi")
        blocks.append(Paragraph(f"Tổng điểm: {total}/100 — mức «{level.label}»."))
    else:
        blocks.append(Paragraph("Không có tiêu chí nào áp dụng, nên không tính tổng điểm."))
    if rubric.status == "unsure" and rubric.note:
        blocks.append(Paragraph(f"Lưu ý: {clean(rubric.note)}"))
    if agreed is not None:
        blocks += _consensus(score, agreed)
    return Annex("Kết quả tự đánh giá", blocks)


def _consensus(score: UnitScore, agreed: Consensus) -> list[Block]:
    titles = {d.key: d.dimension.title for d in score.dimensions}
    rows: list[list[str]] = []
    reasons: list[Block] = []
    for c in agreed.dimensions:
        each = "; ".join(f"{clean(s.assessor)}: {_mark(s.score)}" for s in c.scores)
        spread = _mark(c.min) if c.min == c.max else f"{_mark(c.min)}–{_mark(c.max)}"
        how = "họp thống nhất" if c.agreed_by == "meeting" else "trung vị"
        result = f"{_mark(c.agreed)} ({how})" + ("; cần thảo luận" if c.discuss else "")
        rows.append([titles.get(c.key, c.key), _mark(c.proposed), each, spread, result])
        given = [
            f"{clean(s.assessor)} ({s.score}): {clean(s.reason)}" for s in c.scores if s.overridden
        ]
        if c.agreed_by == "meeting":
            given.append(f"cuộc họp thống nhất ({c.agreed}): {clean(c.agreed_reason)}")
        reasons += [Bullet(f"{titles.get(c.key, c.key)} — {r}") for r in given]
    blocks: list[Block] = [
        Heading("Thống nhất điểm giữa những người đánh giá", 2),
        Paragraph(f"Người đánh giá: {', '.join(clean(n) for n in agreed.assessors)}."),
        Table(CONSENSUS_HEADERS, rows, CONSENSUS_WIDTHS_MM),
    ]
    if reasons:
        blocks += [Paragraph("Lý do điều chỉnh điểm:"), *reasons]
    else:
        blocks.append(Paragraph("Không người đánh giá nào điều chỉnh điểm đề xuất."))
    level = score.scorer.level(agreed.level)
    if agreed.total is not None and level is not None:
        total = format_number(agreed.total, "vi")
        blocks.append(Paragraph(f"Tổng điểm thống nhất: {total}/100 — mức «{level.label}»."))
    return blocks


def _mark(value: int | None) -> str:
    return "—" if value is None else str(value)
