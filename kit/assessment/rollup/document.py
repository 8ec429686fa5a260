"""The consolidated report of a roll-up for the level above (``rollup_docx``: BÁO CÁO tổng hợp
kết quả tự đánh giá) in the Decree 30/2020 format through the shared exporter
:mod:`kit.export.decree30`; the workbook is :mod:`kit.assessment.rollup.workbook`.

Sections: I. the general picture (units, total scores, units per level), II. results per
dimension, III. the units below the threshold and the dimensions dragging them down (listed in an
annex, up to :data:`ANNEX_ROWS`), IV. difficulties and causes and V. recommendations (grouped by
theme), VI. learning from peers (under CAF's caution), VII. notes on the method and the figures.

Figures are written the Vietnamese way (2.815/3.321 đơn vị, 84,8%) by
:func:`kit.assessment.questionnaire.rubric.format_number`; the sentences the workbook shares
(:func:`text_counts`, :func:`no_peers`) are here too.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date

from kit.assessment.questionnaire.rubric import format_number
from kit.assessment.rollup.aggregate import RollUp
from kit.assessment.rollup.peers import MAX_PEERS, PEER_MIN_BAND
from kit.assessment.rollup.themes import TextSummary
from kit.export import decree30
from kit.export.decree30 import Annex, Block, Bullet, Heading, OfficialDocument, Paragraph, Table
from kit.export.doc_fields import DocumentFields, apply

SCHEME = (
    "Đề án “Tổ chức truyền thông chính sách có tác động lớn đến xã hội trong quá trình xây dựng "
    "văn bản quy phạm pháp luật giai đoạn 2022 – 2027”"
)
ANNEX_ROWS = 200


def _n(value: float) -> str:
    return format_number(value, "vi")


def _share(part: int, whole: int) -> str:
    """ "2.815/3.321 đơn vị (84,8%)"."""
    pct = f" ({_n(100 * part / whole)}%)" if whole else ""
    return f"{_n(part)}/{_n(whole)} đơn vị{pct}"


def text_counts(t: TextSummary, n: int) -> str:
    """ "Có 2/3 đơn vị nêu khó khăn, …; 1 đơn vị ghi «Không» hoặc tương đương"."""
    parts = [f"Có {_n(t.stated)}/{_n(n)} đơn vị nêu {t.label[:1].lower()}{t.label[1:]}"]
    if t.empty:
        parts.append(f"{_n(t.empty)} đơn vị ghi «Không» hoặc tương đương")
    if t.blank:
        parts.append(f"{_n(t.blank)} đơn vị để trống")
    return "; ".join(parts)


def no_peers(r: RollUp) -> str:
    """What the peers' section says when no unit reached :data:`PEER_MIN_BAND` anywhere."""
    band = r.bands[PEER_MIN_BAND].label
    return f"Chưa có đơn vị nào đạt từ mức «{band}» trở lên ở tiêu chí nào."


def rollup_docx(
    rollup: RollUp,
    issuing_body: str,
    place: str,
    day: date | None,
    fields: DocumentFields | None = None,
    coverage: tuple[int, int] | None = None,
) -> bytes:
    """The consolidated report as DOCX bytes; ``fields`` (the document fields of the roll-up
    app) give its header, symbol, signer and recipients, and win over ``issuing_body`` and
    ``place``. Without them the report is a draft (marked «DỰ THẢO»)."""
    given = fields or DocumentFields()
    doc = rollup_document(
        rollup, given.issuing_body or issuing_body, given.place or place, day, coverage=coverage
    )
    return decree30.render(apply(doc, given, "BC"))


def rollup_document(
    rollup: RollUp,
    issuing_body: str,
    place: str,
    day: date | None,
    *,
    parent_body: str = "",
    number: str = "",
    authority: Sequence[str] = (),
    position: str = "",
    signer: str = "",
    recipients: Sequence[str] = (),
    coverage: tuple[int, int] | None = None,
) -> OfficialDocument:
    """BÁO CÁO Tổng hợp kết quả tự đánh giá: figures written into the text. ``day`` ``None``
    prints "ngày … tháng … năm YYYY" (the year the period ends) until the report is signed."""
    r = rollup
    start, end = r.period
    period = ""
    if start and end:
        period = (
            f" năm {start.year}"
            if start.year == end.year
            else f" từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}"
        )
    body = issuing_body.strip() or "Cơ quan tổng hợp"
    preamble = [
        f"Thực hiện Quyết định số 407/QĐ-TTg ngày 30/3/2022 của Thủ tướng Chính phủ phê duyệt "
        f"{SCHEME}, trên cơ sở kết quả tự đánh giá của {_n(r.n)} đơn vị, {body} báo cáo tổng hợp "
        "như sau:"
    ]
    blocks = [*_general(r, coverage), *_by_dimension(r), *_below_blocks(r)]
    blocks += _texts(r, "IV. KHÓ KHĂN, HẠN CHẾ VÀ NGUYÊN NHÂN", ("difficulties", "causes"))
    blocks += _texts(r, "V. KIẾN NGHỊ, ĐỀ XUẤT", ("recommendations",))
    blocks += [*_peer_blocks(r), Heading("VII. LƯU Ý VỀ PHƯƠNG PHÁP, SỐ LIỆU")]
    blocks += [Paragraph(vi) for vi, _ in r.method]
    if r.rubric_note:
        blocks.append(Paragraph(f"Thang chấm: {r.rubric_note}"))
    blocks.append(
        Paragraph(
            f"Trên đây là báo cáo tổng hợp kết quả tự đánh giá thực hiện Đề án{period} của "
            f"{body}./."
        )
    )
    return OfficialDocument(
        issuing_body=issuing_body,
        parent_body=parent_body,
        number=number,
        place=place,
        date=day,
        year=(end or date.today()).year if day is None else None,
        doc_type="BÁO CÁO",
        title=f"Tổng hợp kết quả tự đánh giá thực hiện Đề án 407{period}",
        preamble=preamble,
        blocks=blocks,
        recipients=list(recipients),
        signature=decree30.SignatureBlock(list(authority), position, signer),
        annexes=_annex(r),
    )


def _general(r: RollUp, coverage: tuple[int, int] | None = None) -> list[Block]:
    """``coverage``: (units of the list of units expected to report that were rolled up, units
    on that list), stated as "28/30 đơn vị"."""
    kinds = "; ".join(f"{_n(n)} {label[:1].lower()}{label[1:]}" for _, label, _, n in r.unit_levels)
    blocks: list[Block] = [
        Heading("I. TÌNH HÌNH CHUNG"),
        Paragraph(
            f"Số đơn vị có kết quả tự đánh giá được tổng hợp: {_n(r.n)} đơn vị"
            + (f" ({kinds})." if kinds else ".")
        ),
    ]
    if coverage is not None:
        blocks.append(
            Paragraph(
                "Số đơn vị trong danh sách đơn vị phải báo cáo có kết quả được tổng hợp: "
                f"{_share(*coverage)}."
            )
        )
    if r.excluded:
        blocks.append(
            Paragraph(
                f"Có {_n(len(r.excluded))} tệp hoặc dòng dữ liệu chưa được tổng hợp (chưa hợp lệ "
                "hoặc đã được thay bằng bản gửi lại; chi tiết tại tệp XLSX, trang «Ghi chú»); đề "
                "nghị các đơn vị liên quan hoàn thiện, gửi lại."
            )
        )
    t = r.total
    if t.mean is not None and t.median is not None and t.min is not None and t.max is not None:
        blocks.append(
            Paragraph(
                f"Điểm tự đánh giá bình quân đạt {_n(t.mean)}/100 điểm (trung vị {_n(t.median)}; "
                f"thấp nhất {_n(t.min)}, cao nhất {_n(t.max)} điểm)."
            )
        )
    floor = r.bands[PEER_MIN_BAND].min  # "done and checked": the level asked of every unit
    level = next((lv for lv in r.levels if lv.min >= floor), r.levels[-1])
    reached = sum(lv.count for lv in r.levels if lv.min >= level.min)
    blocks.append(
        Paragraph(
            f"Có {_share(reached, r.n)} đạt từ mức «{level.label}» ({_n(level.min)} điểm) trở "
            "lên. Số đơn vị theo từng mức:"
        )
    )
    for lv in r.levels:
        span = f"từ {_n(lv.min)} đến dưới {_n(lv.below)}" if lv.below else f"từ {_n(lv.min)}"
        blocks.append(Bullet(f"Mức «{lv.label}» ({span} điểm): {_share(lv.count, r.n)};"))
    if r.no_total:
        blocks.append(Bullet(f"Chưa tính được tổng điểm: {_n(r.no_total)} đơn vị."))
    return blocks


def _by_dimension(r: RollUp) -> list[Block]:
    rows = [
        [
            d.title,
            _n(d.stats.n),
            _n(d.stats.mean) if d.stats.mean is not None else "—",
            _n(d.stats.median) if d.stats.median is not None else "—",
            f"{_n(d.stats.min)} – {_n(d.stats.max)}"
            if d.stats.min is not None and d.stats.max is not None
            else "—",
            _n(d.below),
        ]
        for d in r.dimensions
    ]
    headers = ["Tiêu chí", "Số đơn vị có điểm", "Bình quân", "Trung vị", "Thấp nhất – cao nhất"]
    blocks: list[Block] = [
        Heading("II. KẾT QUẢ THEO TỪNG TIÊU CHÍ"),
        Table([*headers, f"Dưới {_n(r.threshold)} điểm"], rows, [50, 23, 20, 20, 30, 22]),
    ]
    scored = [d for d in r.dimensions if d.stats.mean is not None]
    if len(scored) > 1:
        hi = max(scored, key=lambda d: d.stats.mean or 0.0)
        lo = min(scored, key=lambda d: d.stats.mean or 0.0)
        blocks.append(
            Paragraph(
                f"Tiêu chí có điểm bình quân cao nhất là «{hi.title}» ({_n(hi.stats.mean or 0)} "
                f"điểm); thấp nhất là «{lo.title}» ({_n(lo.stats.mean or 0)} điểm)."
            )
        )
    for d in r.dimensions:
        if d.not_applicable:
            blocks.append(
                Paragraph(
                    f"Tiêu chí «{d.title}» không áp dụng với {_n(d.not_applicable)} đơn vị; các "
                    "đơn vị này không bị tính 0 điểm mà không tính tiêu chí này vào tổng điểm."
                )
            )
    return blocks


def _below_blocks(r: RollUp) -> list[Block]:
    blocks: list[Block] = [
        Heading("III. CÁC ĐƠN VỊ CẦN QUAN TÂM HỖ TRỢ"),
        Paragraph(
            f"Có {_share(r.below_total, r.n)} có tổng điểm dưới {_n(r.threshold)} điểm"
            + ("." if not r.below else " (danh sách tại Phụ lục).")
        ),
    ]
    dragging = Counter(k for b in r.below for k in b.dragging)
    if dragging:
        blocks.append(Paragraph("Các tiêu chí kéo điểm của các đơn vị này xuống nhiều nhất:"))
        blocks += [
            Bullet(f"«{r.dimension(k).title}»: {_n(n)} đơn vị;") for k, n in dragging.most_common()
        ]
    return blocks


def _texts(r: RollUp, heading: str, fields: Sequence[str]) -> list[Block]:
    blocks: list[Block] = [Heading(heading)]
    for i, field in enumerate(fields, 1):
        t = r.text(field)
        if len(fields) > 1:
            blocks.append(Heading(f"{i}. {t.label}", 2))
        top = ". Các vấn đề được nêu nhiều nhất:" if t.stated else "."
        blocks.append(Paragraph(f"{text_counts(t, r.n)}{top}"))
        for theme in t.named[:6]:
            quote = theme.examples[0]
            blocks.append(
                Bullet(
                    f"{theme.label}: {_share(theme.units, r.n)}, ví dụ: «{quote.text}» "
                    f"({quote.unit});"
                )
            )
        if t.other_units:
            blocks.append(Bullet(f"Ý kiến khác: {_share(t.other_units, r.n)}."))
    return blocks


def _peer_blocks(r: RollUp) -> list[Block]:
    blocks: list[Block] = [Heading("VI. HỌC HỎI KINH NGHIỆM GIỮA CÁC ĐƠN VỊ"), Paragraph(r.caution)]
    if not r.peers:
        return [*blocks, Paragraph(no_peers(r))]
    for g in r.peers:
        more = f" (danh sách đến {MAX_PEERS} đơn vị tại tệp XLSX)" if g.count > 2 else ""
        blocks.append(
            Bullet(f"«{g.title}»: {_n(g.count)} đơn vị đạt mức «{g.band_label}»{more}, như:")
        )
        for p in g.peers[:2]:
            where = f" ({p.province})" if p.province else ""
            blocks.append(Paragraph(f"{'; '.join(p.evidence[:5])}.", lead=f"{p.name}{where}: "))
    return blocks


def _annex(r: RollUp) -> list[Annex]:
    if not r.below:
        return []
    shown = sorted(r.below, key=lambda b: (b.province.casefold(), b.name.casefold()))
    rows = [
        [
            str(i),
            b.name,
            b.province,
            _n(b.total),
            "; ".join(r.dimension(k).title for k in b.dragging),
        ]
        for i, b in enumerate(shown[:ANNEX_ROWS], 1)
    ]
    blocks: list[Block] = [
        Table(
            ["STT", "Tên đơn vị", "Tỉnh, thành phố", "Tổng điểm", "Tiêu chí kéo điểm xuống"],
            rows,
            [12, 50, 30, 20, 53],
        )
    ]
    if len(shown) > ANNEX_ROWS:
        blocks.append(
            Paragraph(f"Còn {_n(len(shown) - ANNEX_ROWS)} đơn vị khác: xem tệp XLSX kèm theo.")
        )
    return [Annex(f"Danh sách đơn vị có tổng điểm dưới {_n(r.threshold)} điểm", blocks)]
