"""A workshop's results for the trainer to keep: an XLSX with a sheet per view (roster, items,
gain, survey, answers) and a summary DOCX (BÁO CÁO) in the Decree 30/2020 format through the shared
exporter: attendance, scores, gain, item flags and the survey. Every cell is written by
:mod:`kit.core.xlsx`: a trainee's name is text, never a formula."""

from __future__ import annotations

import io
from datetime import date

from kit.content.catalogue import Catalogue, load_catalogue
from kit.core import xlsx
from kit.export import decree30
from kit.export.decree30 import Bullet, Heading, OfficialDocument, Paragraph, Table
from kit.export.doc_fields import DocumentFields, apply, recall
from kit.workshops.dashboard import Dashboard
from kit.workshops.gain import GAIN_BANDS
from kit.workshops.item_stats import ALPHA_BANDS, FLAG_LABELS
from kit.workshops.marks import figure

ROSTER_HEADERS = [
    "Họ và tên",
    "Đơn vị",
    "Bài tập đã làm",
    "Đầu vào (%)",
    "Cuối khóa (%)",
    "Bài tập (%)",
    "Phiếu đánh giá",
    "Chờ chấm",
]
#: the longest question text in the report's table of items
QUESTION_CHARS = 400
TRACKS = {"A": "nhóm A (báo chí, truyền thông)", "B": "nhóm B (pháp chế, tư pháp)"}
ITEM_HEADERS = ["Câu hỏi", "Số người làm", "Tỷ lệ làm đúng (%)", "Độ phân biệt (%)", "Nhận định"]


def _pct(value: float | None) -> object:
    return "" if value is None else value


def roster_rows(board: Dashboard) -> list[list[object]]:
    return [
        [
            m.name,
            m.unit,
            f"{m.phases[''][0]}/{m.phases[''][1]}",
            _pct(m.percent("pre")),
            _pct(m.percent("post")),
            _pct(m.percent("")),
            "Đã gửi" if m.survey_done else "",
            m.pending_grading,
        ]
        for m in board.roster
    ]


def item_rows(board: Dashboard, catalogue: Catalogue | None = None) -> list[list[object]]:
    """A row per test item: its question (shortened), how many answered, facility,
    discrimination and the verdict."""
    if board.stats is None:
        return []
    catalogue = catalogue or load_catalogue()
    return [
        [
            question_label(i.item, catalogue),
            i.n,
            _pct(i.facility),
            _pct(i.discrimination),
            FLAG_LABELS[i.flag].vi,
        ]
        for i in board.stats.items
    ]


def write_xlsx(board: Dashboard, catalogue: Catalogue | None = None) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheets: dict[str, tuple[list[str], list[list[object]]]] = {
        "Học viên": (ROSTER_HEADERS, roster_rows(board)),
        "Câu hỏi": (ITEM_HEADERS, item_rows(board, catalogue)),
    }
    stats = board.stats
    if stats is not None and stats.gain is not None:
        sheets["Tiến bộ"] = (
            ["Học viên", "Đầu vào (%)", "Cuối khóa (%)", "Hệ số tiến bộ g", "Mức"],
            [
                [
                    name,
                    _pct(g.pre),
                    _pct(g.post),
                    _pct(g.gain),
                    GAIN_BANDS[g.band].vi if g.band else "",
                ]
                for name, g in stats.gain.trainees.items()
            ],
        )
    sheets["Phiếu đánh giá"] = (
        ["Câu hỏi", "Số phiếu", "Điểm trung bình (1–5)", "1", "2", "3", "4", "5"],
        [[q.text, q.n, _pct(q.mean), *q.counts] for q in board.survey.questions]
        + [[f"Ý kiến: {c}"] for c in board.survey.comments],
    )
    first = True
    for title, (headers, rows) in sheets.items():
        sheet = book.active if first else book.create_sheet()
        first = False
        sheet.title = title
        xlsx.append(sheet, headers)
        for row in rows:
            xlsx.append(sheet, row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _vi(value: object) -> str:
    """A figure written the Vietnamese way (26,5); text as it is; no value as a dash."""
    if isinstance(value, bool) or value is None or value == "":
        return "" if value in (None, "") else str(value)
    if isinstance(value, int | float):
        return figure(float(value), "vi", 1)
    return str(value)


def question_label(item: str, catalogue: Catalogue | None, limit: int = QUESTION_CHARS) -> str:
    """The question an item asks, shortened for a table cell (its id never reaches a document:
    an item the catalogue no longer holds is "Câu hỏi đã gỡ khỏi ngân hàng")."""
    found = (catalogue or load_catalogue()).items.get(item)
    if found is None:
        return "Câu hỏi đã gỡ khỏi ngân hàng câu hỏi"
    text = " ".join(str(getattr(found, "prompt", "")).split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def summary_document(
    board: Dashboard,
    fields: DocumentFields | None = None,
    catalogue: Catalogue | None = None,
    day: date | None = None,
) -> OfficialDocument:
    """The workshop's BÁO CÁO: header, signature and Nơi nhận from ``fields`` (the trainer's
    document fields); while one of them is missing the document is marked «DỰ THẢO». The date is
    left for signing unless ``day`` is given."""
    ws = board.workshop
    stats = board.stats
    blocks: list[decree30.Block] = [
        Heading("I. THÔNG TIN CHUNG"),
        Paragraph(
            f"Lớp «{ws.title}», ngày {ws.day:%d/%m/%Y}"
            + (f", tại {ws.place}" if ws.place else "")
            + "."
        ),
        Paragraph(
            f"Số học viên tham dự: {len(board.roster)}"
            + (f"/{ws.expected} dự kiến" if ws.expected else "")
            + f"; {TRACKS.get(ws.track, 'nhóm ' + ws.track)}."
        ),
        Heading("II. KẾT QUẢ"),
        Table(ROSTER_HEADERS[:6], [[_vi(c) for c in r[:6]] for r in roster_rows(board)]),
    ]
    if stats is not None:
        if stats.alpha is not None:
            band = ALPHA_BANDS[stats.alpha_band].vi if stats.alpha_band else ""
            blocks.append(
                Bullet(
                    f"Độ tin cậy của bài kiểm tra (Cronbach α): {figure(stats.alpha, 'vi')}"
                    + (f" ({band})." if band else ".")
                )
            )
        if stats.gain is not None and stats.gain.value is not None:
            band = GAIN_BANDS[stats.gain.band].vi if stats.gain.band else ""
            blocks.append(
                Bullet(
                    f"Tiến bộ của lớp (hệ số Hake g): {figure(stats.gain.value, 'vi')}, mức {band} "
                    f"(đầu vào {_vi(stats.gain.pre)}%, cuối khóa {_vi(stats.gain.post)}%)."
                )
            )
        flagged = [r for r in item_rows(board, catalogue) if r[4] != FLAG_LABELS["ok"].vi]
        blocks.append(Heading("III. CÂU HỎI CẦN XEM LẠI"))
        blocks.append(
            Table(
                ITEM_HEADERS,
                [[_vi(c) for c in r] for r in flagged],
                [70.0, 20.0, 25.0, 25.0, 25.0],
            )
            if flagged
            else Paragraph("Không có câu hỏi nào bị đánh dấu.")
        )
    blocks.append(Heading("IV. PHẢN HỒI CỦA HỌC VIÊN"))
    blocks.append(Paragraph(f"Số phiếu đánh giá: {board.survey.responses}."))
    blocks += [
        Bullet(
            f"{q.text.rstrip(' .:')}: {_vi(q.mean) if q.mean is not None else '—'}/5 ({q.n} phiếu)."
        )
        for q in board.survey.questions
    ]
    blocks += [Bullet(f"Ý kiến: {c}") for c in board.survey.comments[:20]]
    blocks.append(Paragraph("Trên đây là báo cáo kết quả lớp tập huấn./."))
    doc = OfficialDocument(
        date=day,
        year=ws.day.year,
        doc_type="BÁO CÁO",
        title=f"Kết quả lớp tập huấn «{ws.title}»",
        blocks=blocks,
    )
    return apply(doc, fields or DocumentFields(), "BC")


def workshop_scope(board: Dashboard) -> str:
    """Where the workshop's document fields are remembered."""
    return f"workshop:{board.workshop.code}"


def write_docx(
    board: Dashboard, fields: DocumentFields | None = None, catalogue: Catalogue | None = None
) -> bytes:
    """The report as DOCX; without ``fields``, those remembered for the workshop."""
    if fields is None:
        fields = recall(workshop_scope(board))
    return decree30.render(summary_document(board, fields, catalogue))
