"""A workshop's results for the trainer to keep: an XLSX with a sheet per view (roster, items,
gain, survey, answers) and a summary DOCX (BÁO CÁO) in the Decree 30/2020 format through the shared
exporter: attendance, scores, gain, item flags and the survey. Every cell is written by
:mod:`kit.core.xlsx`: a trainee's name is text, never a formula."""

from __future__ import annotations

import io
from datetime import date

from kit.core import xlsx
from kit.export import decree30
from kit.export.decree30 import Bullet, Heading, OfficialDocument, Paragraph, Table
from kit.workshops.dashboard import Dashboard
from kit.workshops.gain import GAIN_BANDS
from kit.workshops.item_stats import ALPHA_BANDS, FLAG_LABELS

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
ITEM_HEADERS = ["Câu", "Số người làm", "Độ khó - facility (%)", "Độ phân biệt (%)", "Nhận định"]


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


def item_rows(board: Dashboard) -> list[list[object]]:
    if board.stats is None:
        return []
    return [
        [i.item, i.n, _pct(i.facility), _pct(i.discrimination), FLAG_LABELS[i.flag].vi]
        for i in board.stats.items
    ]


def write_xlsx(board: Dashboard) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheets: dict[str, tuple[list[str], list[list[object]]]] = {
        "Học viên": (ROSTER_HEADERS, roster_rows(board)),
        "Câu hỏi": (ITEM_HEADERS, item_rows(board)),
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


def summary_document(
    board: Dashboard, issuing_body: str = "", signer: str = ""
) -> OfficialDocument:
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
            + f"; nhóm {ws.track}."
        ),
        Heading("II. KẾT QUẢ"),
        Table(ROSTER_HEADERS[:6], [[str(c) for c in r[:6]] for r in roster_rows(board)]),
    ]
    if stats is not None:
        if stats.alpha is not None:
            band = ALPHA_BANDS[stats.alpha_band].vi if stats.alpha_band else ""
            blocks.append(
                Bullet(f"Độ tin cậy của bài kiểm tra (Cronbach α): {stats.alpha:.2f} ({band}).")
            )
        if stats.gain is not None and stats.gain.value is not None:
            band = GAIN_BANDS[stats.gain.band].vi if stats.gain.band else ""
            blocks.append(
                Bullet(
                    f"Tiến bộ của lớp (hệ số Hake g): {stats.gain.value:.2f}, mức {band} "
                    f"(đầu vào {stats.gain.pre}%, cuối khóa {stats.gain.post}%)."
                )
            )
        flagged = [r for r in item_rows(board) if r[4] != FLAG_LABELS["ok"].vi]
        blocks.append(Heading("III. CÂU HỎI CẦN XEM LẠI"))
        blocks.append(
            Table(ITEM_HEADERS, [[str(c) for c in r] for r in flagged])
            if flagged
            else Paragraph("Không có câu hỏi nào bị đánh dấu.")
        )
    blocks.append(Heading("IV. PHẢN HỒI CỦA HỌC VIÊN"))
    blocks.append(Paragraph(f"Số phiếu đánh giá: {board.survey.responses}."))
    blocks += [
        Bullet(f"{q.text}: {q.mean if q.mean is not None else '—'}/5 ({q.n} phiếu).")
        for q in board.survey.questions
    ]
    blocks += [Bullet(f"Ý kiến: {c}") for c in board.survey.comments[:20]]
    return OfficialDocument(
        issuing_body=issuing_body,
        number="/BC-",
        place=ws.place,
        date=date.today(),
        doc_type="BÁO CÁO",
        title=f"Kết quả lớp tập huấn «{ws.title}»",
        blocks=blocks,
        recipients=["Lãnh đạo đơn vị (để báo cáo)"],
        signature=decree30.SignatureBlock(position="NGƯỜI BÁO CÁO", name=signer),
    )


def write_docx(board: Dashboard) -> bytes:
    return decree30.render(summary_document(board))
