"""A plan as a Decree 30/2020 document (KẾ HOẠCH): `plan_document` maps the plan onto the shared
`OfficialDocument`, `export_plan` renders it to DOCX bytes.

Body, in the plan's order: the preamble (the basis), then per section a level-1 heading
"I. MỤC ĐÍCH, YÊU CẦU", its paragraphs, and its tasks, under their group heading (level 2) when they
have one. A task is its numbered name, its description and one "- " line per filled field (lead,
coordinating bodies, time, product, funding). Reporting goes at the end of the organisation section
as "Chế độ báo cáo: …" (unless that section already says it). Drafts with activities become an
annex with the communication timeline. A half-built plan exports too, for drafting: what is missing
prints "…", and the first page then says "Bản nháp — còn N chỗ cần điền" (N: the places the checker
lists as still to fill). A partial date keeps what is known: "ngày … tháng 4 năm 2022".
"""

from __future__ import annotations

import datetime as dt
import io
import re

from docx import Document
from docx.document import Document as DocumentObject
from docx.shared import RGBColor
from docx.text.paragraph import Paragraph as DocxParagraph

from kit.calendar.deadlines import TO_CHECK_VI
from kit.export import decree30
from kit.export.decree30 import (
    PLACEHOLDER,
    Annex,
    Block,
    Bullet,
    Heading,
    OfficialDocument,
    Paragraph,
    SignatureBlock,
    Table,
)
from kit.plans.checker import check
from kit.plans.model import PartialDate, Plan, Reporting, Section, Task
from kit.plans.timeline import end_to_check

#: Vietnamese list letters: a) b) c) d) đ) e) … (no f, j, w, z)
LETTERS = "abcdđeghiklmnopqrstuvxy"
ANNEX_TITLE = "Lịch truyền thông dự thảo chính sách"
ANNEX_HEADERS = ["Dự thảo", "Hoạt động", "Từ ngày", "Đến ngày", "Cơ quan thực hiện", "Căn cứ"]
ANNEX_WIDTHS_MM = [34.0, 36.0, 21.0, 21.0, 26.0, 27.0]
_NUMBERED = re.compile(r"^(\d+)(\.\d+)*\.?\s")
_LETTERED = re.compile(r"^[a-zđ]\)\s")
_BULLET = re.compile(r"^[-–•]\s*")
_FREQUENCY = {
    "yearly": "Định kỳ hằng năm",
    "half-yearly": "Định kỳ 06 tháng",
    "quarterly": "Định kỳ hằng quý",
    "once": "",
}


DRAFT_RED = RGBColor(0xC0, 0x00, 0x00)


def draft_notice(plan: Plan) -> str:
    """ "Bản nháp — còn N chỗ cần điền" when the checker lists places still to fill, else ""."""
    left = len(check(plan).to_fill)
    return f"Bản nháp — còn {left} chỗ cần điền" if left else ""


def partial_date(day: PartialDate) -> str:
    """A partial date as the shared renderer writes dates, what is unknown left as the blank a
    clerk fills at signing: "ngày … tháng 4 năm 2022" (months 1–2 with a leading zero)."""
    unknown = decree30.vn_date(None, day.year)
    if day.month is None:
        return unknown
    known = decree30.vn_date(dt.date(day.year, day.month, 1))
    return unknown[: unknown.index("tháng")] + known[known.index("tháng") :]


def dated(text: str, plan: Plan) -> str:
    """``text`` (a rendered document or its preview) with the month of a partial date written in
    where the shared renderer, which knows only a full date or a year, left the month blank
    ("ngày … tháng … năm 2022", its spaces ordinary or non-breaking)."""
    day = plan.header.date
    if not isinstance(day, PartialDate) or day.full() is not None or day.month is None:
        return text
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    blank = re.compile(
        rf"(ngày[\s\u00a0]*(?:{PLACEHOLDER})?[\s\u00a0]*tháng)[\s\u00a0]*(?:{PLACEHOLDER})?"
        rf"[\s\u00a0]*(năm[\s\u00a0]+{day.year})"
    )

    def fill(match: re.Match[str]) -> str:
        space = "\u00a0" if "\u00a0" in match.group(0) else " "
        return f"{match.group(1)}{space}{month}{space}{match.group(2)}"

    return blank.sub(fill, text)


def export_plan(plan: Plan) -> bytes:
    """The plan as a DOCX in the Decree 30/2020 format, with its partial date, and the draft notice
    on the first page when places are still to fill."""
    rendered = decree30.render(plan_document(plan))
    notice = draft_notice(plan)
    day = plan.header.date
    if not notice and not (isinstance(day, PartialDate) and day.full() is None):
        return rendered
    out = Document(io.BytesIO(rendered))
    for paragraph in _paragraphs(out):
        if paragraph.style is not None and paragraph.style.name in _DATED_STYLES:
            new = dated(paragraph.text, plan)
            if new != paragraph.text:
                paragraph.text = new
    if notice:
        banner = out.add_paragraph(style=out.styles[decree30.Styles.BODY])
        run = banner.add_run(notice)
        run.bold = True
        run.font.color.rgb = DRAFT_RED
        out.element.body[0].addprevious(banner._p)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


_DATED_STYLES = (decree30.Styles.PLACE_DATE, decree30.Styles.ANNEX_NOTE)


def _paragraphs(out: DocumentObject) -> list[DocxParagraph]:
    """Every paragraph of the document, those in table cells included."""
    body = out.paragraphs
    cells = [
        p
        for table in out.tables
        for row in table.rows
        for cell in row.cells
        for p in cell.paragraphs
    ]
    return [*body, *cells]


def plan_document(plan: Plan) -> OfficialDocument:
    header = plan.header
    sign = plan.signature
    return OfficialDocument(
        issuing_body=header.issuing_body,
        parent_body=header.parent_body,
        number=header.number,
        place=header.place,
        date=header.date if isinstance(header.date, dt.date) else _full(header.date),
        year=header.date.year if isinstance(header.date, PartialDate) else None,
        doc_type="KẾ HOẠCH",
        title=header.title,
        preamble=list(header.basis),
        blocks=_body(plan),
        recipients=list(plan.recipients),
        signature=SignatureBlock(
            authority=[f"{prefix} {body}" for prefix, body in sign.authority],
            position=sign.position,
            name=sign.name,
        ),
        annexes=_annexes(plan),
    )


def _full(day: PartialDate | None) -> dt.date | None:
    return day.full() if day is not None else None


def _body(plan: Plan) -> list[Block]:
    blocks: list[Block] = []
    reporting = _reporting_paragraph(plan)
    target = plan.section("organisation") or (plan.sections[-1] if plan.sections else None)
    for section in plan.sections:
        blocks.extend(_section(section))
        if section is target and reporting and not _says(section, plan.reporting):
            blocks.append(Paragraph(reporting))
    if target is None and reporting:
        blocks.append(Paragraph(reporting))
    return blocks


def _section(section: Section) -> list[Block]:
    title = section.title.strip() or PLACEHOLDER
    blocks: list[Block] = [Heading(f"{section.id}. {title}", 1)]
    numbers = _Numbers()
    for text in section.paragraphs:
        blocks.extend(_text_blocks(text, numbers))
    group = ""
    for task in section.tasks:
        if task.group and task.group != group:
            blocks.append(Heading(numbers.level2(task.group), 2))
        group = task.group
        blocks.extend(_task(task, numbers, group))
    return blocks


class _Numbers:
    """Numbering inside a section: level 2 "1." "2." …, level 3 "a)" "b)" … under each."""

    def __init__(self) -> None:
        self.level2_count = 0
        self.letters = 0

    def level2(self, text: str) -> str:
        match = _NUMBERED.match(text)
        self.letters = 0
        if match:
            self.level2_count = int(match.group(1))
            return text
        self.level2_count += 1
        return f"{self.level2_count}. {text}"

    def level3(self, text: str) -> str:
        self.letters += 1
        if _LETTERED.match(text) or _NUMBERED.match(text):
            return text
        return f"{LETTERS[(self.letters - 1) % len(LETTERS)]}) {text}"


def _text_blocks(text: str, numbers: _Numbers | None) -> list[Block]:
    """Each line of a text: "- …" lines as bullets; with `numbers`, short unpunctuated "1. …" /
    "a) …" lines (sub-headings written into a section's paragraphs) as headings; anything else a
    paragraph."""
    blocks: list[Block] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        short_title = len(line) <= 120 and not line.endswith((".", ";"))
        if _BULLET.match(line):
            blocks.append(Bullet(_BULLET.sub("", line, count=1)))
        elif numbers and short_title and _NUMBERED.match(line):
            blocks.append(Heading(numbers.level2(line), 2))
        elif numbers and short_title and _LETTERED.match(line):
            blocks.append(Heading(numbers.level3(line), 3))
        else:
            blocks.append(Paragraph(line))
    return blocks


def _task(task: Task, numbers: _Numbers, group: str) -> list[Block]:
    """The task's numbered name, its description, then a "- " line per filled field.

    Nothing is printed twice: when the description starts with the name (the name is its first
    clause), the two are one paragraph with the name in bold; a task named like its group (the
    group heading already says it) goes without a heading of its own."""
    name = task.name.strip() or PLACEHOLDER
    description = task.description.strip()
    blocks: list[Block]
    if group and _plain(name) == _plain(_NUMBERED.sub("", group, count=1)):
        blocks = _text_blocks(description, None) if description != name else []
    elif description != name and description.startswith(name):
        numbered = numbers.level3(name) if group else numbers.level2(name)
        first, *more = description[len(name) :].split("\n")
        blocks = [Paragraph(first.rstrip(), lead=numbered)]
        blocks.extend(_text_blocks("\n".join(more), None))
    else:
        numbered = numbers.level3(name) if group else numbers.level2(name)
        blocks = [Heading(numbered, 3 if group else 2)]
        if description != name:
            blocks.extend(_text_blocks(description, None))
    fields = (
        ("Cơ quan chủ trì", task.lead),
        ("Cơ quan phối hợp", ", ".join(c for c in task.coordinating if c.strip())),
        ("Thời gian thực hiện", _timing(task)),
        ("Sản phẩm", task.output),
        ("Kinh phí", task.funding),
    )
    blocks.extend(Bullet(f"{label}: {value.strip()}") for label, value in fields if value.strip())
    return blocks


def _plain(text: str) -> str:
    return text.strip().rstrip(".:;").casefold()


def _timing(task: Task) -> str:
    dates = _span(task.start, task.end)
    if task.timing and dates:
        return f"{task.timing} ({dates})"
    return task.timing or dates


def _span(start: dt.date | None, end: dt.date | None) -> str:
    if start and end:
        return f"từ {_day(start)} đến {_day(end)}"
    if start:
        return f"từ {_day(start)}"
    return f"trước {_day(end)}" if end else ""


def _day(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def _reporting_sentence(entry: Reporting) -> str:
    if entry.text.strip():
        return entry.text.strip()
    parts = [_FREQUENCY[entry.frequency]]
    if entry.due.strip():
        parts.append(f"trước ngày {entry.due.strip()}")
    parts.append(f"báo cáo kết quả thực hiện về {entry.to.strip() or PLACEHOLDER}")
    sentence = ", ".join(p for p in parts if p)
    return sentence[0].upper() + sentence[1:] + "."


def _reporting_paragraph(plan: Plan) -> str:
    sentences = [_reporting_sentence(entry) for entry in plan.reporting]
    return "Chế độ báo cáo: " + " ".join(sentences) if sentences else ""


def _says(section: Section, reporting: list[Reporting]) -> bool:
    """Does the section already state every reporting entry (its text, or its recipient and
    deadline)? Then the "Chế độ báo cáo" paragraph would say it twice."""
    written = " ".join([*section.paragraphs, *(t.description for t in section.tasks)]).casefold()
    if "chế độ báo cáo" in written:
        return True

    def stated(entry: Reporting) -> bool:
        if entry.text.strip():
            return entry.text.strip().casefold() in written
        return bool(entry.to and entry.due) and all(
            part.strip().casefold() in written for part in (entry.to, entry.due)
        )

    return bool(reporting) and all(stated(entry) for entry in reporting)


def _annexes(plan: Plan) -> list[Annex]:
    rows: list[list[str]] = []
    for draft in plan.drafts:
        for index, activity in enumerate(draft.activities):
            rows.append(
                [
                    (draft.title.strip() or PLACEHOLDER) if index == 0 else "",
                    activity.name,
                    _day(activity.start),
                    _day(activity.end) + (f" ({TO_CHECK_VI})" if end_to_check(activity) else ""),
                    activity.lead,
                    activity.basis,
                ]
            )
    if not rows:
        return []
    return [Annex(ANNEX_TITLE, [Table(ANNEX_HEADERS, rows, ANNEX_WIDTHS_MM)])]
