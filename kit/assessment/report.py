"""The unit's one-year review report (Báo cáo sơ kết) as a Decree 30/2020 document.

``build_report(answers, score, agreed=...)`` writes the report a unit sends upward "để tổng hợp",
in the shape of seed 000, from its self-assessment answers; the shared exporter
(:func:`kit.export.decree30.render`) lays it out as DOCX and :func:`report_html` previews it.

Header, as a clerk would set it from the unit's name, level and province (Decree 30/2020,
Phụ lục I): a commune's or a province's People's Committee has no parent line; a department is
printed under its province's People's Committee ("UBND TỈNH LẠNG SƠN" over "SỞ TƯ PHÁP"). The
place is the commune's name or the province's; before the report is numbered the number line
keeps its symbol ("Số: …/BC-UBND"), before it is signed the date keeps the year.

Body (:mod:`kit.assessment.report_sections`): I. results — a) directive documents,
b) communication activities, c) coordination with the press and feedback, d) staff, đ) funding,
e) monitoring and improvement — then 1.2 difficulties and causes; II. recommendations; the contact
for the figures and the closing line. Section titles come from the questionnaire.

Signature and recipients follow the unit's level (the signature as in the plan templates: "TM. ỦY
BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH", or "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC"); the signer's name
is left for the signature, since the preparer named in the answers is the contact, not the signer.

With a score, an annex "Kết quả tự đánh giá" lists each dimension's score, band and why, and the
total and level; with ``agreed`` (the assessors' consensus) it adds every assessor's score, the
range and the reasons.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from kit.assessment import report_sections as body
from kit.assessment.consensus import Consensus
from kit.assessment.report_sections import Answers, Voice, clean, day
from kit.assessment.rubric import format_number
from kit.assessment.scoring import Scorer, UnitScore, default_scorer
from kit.export.decree30 import (
    Annex,
    Block,
    Bullet,
    Heading,
    OfficialDocument,
    Paragraph,
    SignatureBlock,
    Table,
)

__all__ = ["SCHEME", "build_report", "report_html"]

#: the scheme's name as Decision 407/QĐ-TTg of 30/3/2022 gives it (seed 004, seed 000)
SCHEME = (
    "Tổ chức truyền thông chính sách có tác động lớn đến xã hội trong quá trình xây dựng văn bản "
    "quy phạm pháp luật giai đoạn 2022 - 2027"
)
DECISION = "Quyết định số 407/QĐ-TTg ngày 30/3/2022 của Thủ tướng Chính phủ"
#: the centrally-run cities since 1/7/2025 (Resolution 202/2025/QH15); any other name is a province
CITIES = ("hà nội", "hồ chí minh", "hải phòng", "đà nẵng", "cần thơ", "huế")
COMMUNE_KINDS = ("xã", "phường", "đặc khu", "thị trấn")
PROVINCE_KINDS = ("tỉnh", "thành phố")
#: the head of a body: (as the signature prints it, as a sentence writes it)
CHAIR = ("CHỦ TỊCH", "Chủ tịch")
DIRECTOR = ("GIÁM ĐỐC", "Giám đốc")
#: the head of a provincial body other than a department (Sở), by the first words of its name
HEADS = {
    "ban": ("TRƯỞNG BAN", "Trưởng ban"),
    "thanh tra": ("CHÁNH THANH TRA", "Chánh Thanh tra"),
    "văn phòng": ("CHÁNH VĂN PHÒNG", "Chánh Văn phòng"),
}
#: the questionnaire's unit level -> the plan template with that level's signature
TEMPLATE_LEVELS = {
    "xa_phuong_dac_khu": "commune",
    "so_nganh": "department",
    "tinh_thanh_pho": "province",
}
BODY = (
    ("directing", body.directing),
    ("activities", body.activities),
    ("coordination", body.coordination),
    ("staff", body.staff),
    ("funding", body.funding),
    ("review", body.review),
)
LETTERS = "abcdđeghiklmnopqrstuvxy"
SCORE_HEADERS = ["TT", "Tiêu chí", "Điểm", "Mức", "Căn cứ chấm điểm"]
SCORE_WIDTHS_MM = [10.0, 35.0, 14.0, 30.0, 76.0]
CONSENSUS_HEADERS = ["Tiêu chí", "Điểm đề xuất", "Điểm từng người", "Khoảng điểm", "Thống nhất"]
CONSENSUS_WIDTHS_MM = [40.0, 20.0, 50.0, 25.0, 30.0]

_UBND = re.compile(r"^(?:ubnd|[uủ][yỷ] ban nhân dân)\s+", re.IGNORECASE)
_LOCAL = re.compile(
    r"^(xã|phường|đặc khu|thị trấn|tỉnh|thành phố|tp\.?)(?:\s+|(?<=\.))(.*)$", re.IGNORECASE
)
_IN_PROVINCE = re.compile(r"\s+(tỉnh|thành phố|tp\.?)\s+([^()]+)$", re.IGNORECASE)
_NOTE = re.compile(r"\s*\([^)]*\)")


@dataclass(frozen=True)
class Issuer:
    """Who issues the report, as its header, signature and recipients name it."""

    level: str
    voice: Voice
    issuing_body: str
    parent_body: str
    place: str
    #: the body's part of the number symbol: "UBND", "STP"
    symbol: str
    #: "tỉnh Lạng Sơn" / "thành phố Huế" ("" when not known)
    province: str
    #: the head's title, upper case and in a sentence: ("GIÁM ĐỐC", "Giám đốc")…
    head: tuple[str, str]


def build_report(
    answers: Mapping[str, object],
    score: UnitScore | None = None,
    *,
    agreed: Consensus | None = None,
) -> OfficialDocument:
    """The Báo cáo sơ kết of a unit from its answers (keyed by field id, unit fields included, as
    :func:`~kit.assessment.answers.check_answers` returns them; raw saved values are read the same
    way). Answers of the wrong type raise :class:`~kit.assessment.answers.InvalidAnswers`; missing
    answers are written as such. ``score`` adds the annex of scores, ``agreed`` the consensus."""
    scorer = default_scorer()
    a = Answers(_typed(answers, scorer), scorer.wording)
    unit = _issuer(a)
    if agreed is not None and score is None:
        score = scorer.score(a.values)
    start, end = a.day("period_start"), a.day("period_end")
    span, period = _span(start, end), _period(start, end)
    review = " ".join(p for p in ("sơ kết", span) if p)
    report_date = a.day("report_date")
    return OfficialDocument(
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
        recipients=_recipients(unit),
        signature=_signature(unit),
        annexes=[_annex(score, agreed)] if score is not None else [],
    )


def report_html(doc: OfficialDocument) -> str:
    """The report as the escaped HTML preview the apps show (the shared document preview)."""
    from kit.export.preview import document_html

    return document_html(doc)


def _typed(answers: Mapping[str, object], scorer: Scorer) -> dict[str, object]:
    from kit.assessment.answers import InvalidAnswers, check_answers

    computed = {c.id for c in scorer.rubric.computed}
    raw = {k: v for k, v in answers.items() if k not in computed}
    checked = check_answers(raw, "draft", scorer.questionnaire)
    if not checked.ok:
        raise InvalidAnswers(checked.problems)
    return checked.answers


# -- the issuer --------------------------------------------------------------------------------


def _issuer(a: Answers) -> Issuer:
    """The unit's names in the header, derived from its name, level and province."""
    given = a.text("unit_name")
    rest = _UBND.sub("", given, count=1).strip()  # "xã Quảng Thái", "Sở Tư pháp …"
    local = _LOCAL.match(rest)
    level = a.text("unit_level")
    if level not in TEMPLATE_LEVELS:  # not answered yet: read it off the name
        if local:
            level = (
                "tinh_thanh_pho" if _kind(local.group(1)) in PROVINCE_KINDS else "xa_phuong_dac_khu"
            )
        else:
            level = "xa_phuong_dac_khu" if rest != given or not given else "so_nganh"
    province_kind, province_name = _province(a.text("province"))
    if level == "so_nganh":
        return _department(rest, province_kind, province_name)
    kinds = PROVINCE_KINDS if level == "tinh_thanh_pho" else COMMUNE_KINDS
    if local and _kind(local.group(1)) in kinds:
        kind, own = _kind(local.group(1)), local.group(2).strip()
    elif level == "tinh_thanh_pho":
        kind, own = province_kind, province_name or rest
    else:
        kind, own = "xã", rest
    full = f"Ủy ban nhân dân {kind} {own}".strip()
    province = f"{province_kind} {province_name}" if province_name else ""
    place = _place(own)
    if level == "tinh_thanh_pho":
        province = f"{kind} {own}".strip()
    short = f"Ủy ban nhân dân {kind}"
    return Issuer(level, Voice(full, short), full, "", place, "UBND", province, CHAIR)


def _place(name: str) -> str:
    """The place in the date line: the commune's or the province's name, remarks in brackets
    left out ("Thành phố Hồ Chí Minh" in full, as Decree 30/2020 writes it)."""
    place = _NOTE.sub("", name).strip()
    place = place[:1].upper() + place[1:]
    return "Thành phố Hồ Chí Minh" if place.lower() == "hồ chí minh" else place


def _kind(word: str) -> str:
    """ "Xã" → "xã", "TP." → "thành phố"."""
    word = word.lower()
    return "thành phố" if word in ("tp", "tp.") else word


def _province(text: str) -> tuple[str, str]:
    """ "Lạng Sơn" → ("tỉnh", "Lạng Sơn"); "Hà Nội", "TP. Huế" → ("thành phố", …)."""
    local = _LOCAL.match(text)
    if local and _kind(local.group(1)) in PROVINCE_KINDS:
        return _kind(local.group(1)), local.group(2).strip()
    from kit.grading.fold import fold

    return ("thành phố" if fold(text) in {fold(c) for c in CITIES} else "tỉnh"), text


def _department(name: str, kind: str, province: str) -> Issuer:
    own = _IN_PROVINCE.search(name)
    if own:  # "Sở Tư pháp tỉnh Lạng Sơn": the province goes to the parent line
        name = name[: own.start()].strip()
        if not province:
            kind, province = _province(f"{own.group(1)} {own.group(2).strip()}")
    words = name.split()
    head = next(
        (title for start, title in HEADS.items() if name.lower().startswith(f"{start} ")),
        DIRECTOR,
    )
    short = words[0] if words and words[0].lower() in ("sở", "ban") else name
    initials = "".join(w[0] for w in re.findall(r"\w+", _NOTE.sub("", name)) if w != "và")
    return Issuer(
        level="so_nganh",
        voice=Voice(name, short),
        issuing_body=name,
        parent_body=f"UBND {kind} {province}" if province else "",
        place=_place(province),
        symbol=initials.upper(),
        province=f"{kind} {province}" if province else "",
        head=head,
    )


# -- body ------------------------------------------------------------------------------------------


def _body(a: Answers, unit: Issuer, scorer: Scorer, review: str) -> list[Block]:
    titles = {s.id: s.title for s in scorer.questionnaire.sections}
    who = unit.voice
    blocks: list[Block] = [Heading("I. KẾT QUẢ THỰC HIỆN"), Heading("1.1. Kết quả đạt được", 2)]
    for letter, (section, write) in zip(LETTERS, BODY, strict=False):
        blocks.append(Heading(f"{letter}) {titles[section]}", 3))
        blocks += write(a, who)
    blocks.append(Heading(f"1.2. {titles['difficulties']}", 2))
    blocks += body.difficulties(a, who)
    blocks.append(Heading(f"II. {titles['recommendations'].upper()}"))
    blocks += body.recommendations(a, who)
    contact = [a.text(k) for k in ("preparer_name", "preparer_position", "preparer_contact")]
    if contact[0]:
        line = ", ".join(p for p in contact[:2] if p) + (f"; {contact[2]}" if contact[2] else "")
        blocks.append(Paragraph(body.sentence(f"đầu mối cung cấp, làm rõ số liệu: {line}")))
    blocks.append(
        Paragraph(
            f"Trên đây là báo cáo {review} tình hình thực hiện Đề án của {who.full}, {_to(unit)}./."
        )
    )
    return blocks


def _to(unit: Issuer) -> str:
    """Where the report goes, in the closing line."""
    committee = f"Ủy ban nhân dân {unit.province or 'tỉnh'}"
    if unit.level == "tinh_thanh_pho":
        return "kính gửi Bộ Tư pháp tổng hợp, báo cáo Thủ tướng Chính phủ"
    if _is_justice(unit):
        return f"kính báo cáo {committee}"
    if unit.level == "so_nganh":
        return f"kính gửi Sở Tư pháp tổng hợp, báo cáo {committee}"
    return f"kính gửi Sở Tư pháp {unit.province}".rstrip() + f" tổng hợp, báo cáo {committee}"


def _is_justice(unit: Issuer) -> bool:
    return unit.level == "so_nganh" and "tư pháp" in unit.issuing_body.lower()


def _recipients(unit: Issuer) -> list[str]:
    committee = f"UBND {unit.province or 'tỉnh'}"
    if unit.level == "tinh_thanh_pho":
        council = "Tỉnh ủy" if unit.province.startswith("tỉnh") else "Thành ủy"
        return [
            "Bộ Tư pháp (để tổng hợp)",
            f"Thường trực {council}",
            f"Thường trực HĐND {unit.province}".strip(),
            f"Chủ tịch, các Phó Chủ tịch {committee}",
            "Sở Tư pháp",
        ]
    if unit.level == "so_nganh":
        out = [f"{committee} (để báo cáo)"]
        out += [] if _is_justice(unit) else ["Sở Tư pháp (để tổng hợp)"]
        head, body_name = unit.head[1], " Sở" if unit.voice.short == "Sở" else ""
        return [*out, f"{head}, các Phó {head}{body_name}"]
    kind = unit.voice.short.removeprefix("Ủy ban nhân dân ")
    return [
        f"Sở Tư pháp {unit.province}".strip() + " (để tổng hợp)",
        f"Chủ tịch, các Phó Chủ tịch UBND {kind}",
    ]


def _signature(unit: Issuer) -> SignatureBlock:
    from kit.plans.library import template

    sign = template(TEMPLATE_LEVELS[unit.level]).signature
    head = unit.head[0]  # a department's template names a Director: other bodies have theirs
    authority = [f"{prefix} {who}".replace(DIRECTOR[0], head) for prefix, who in sign.authority]
    return SignatureBlock(authority=authority, position=sign.position.replace(DIRECTOR[0], head))


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
