"""A lesson's test on paper, for halls without phones: the test, its answer key and the response
sheet the trainer types the marks into (read by ``kit workshop stats``).

Every item type is printed; those made for a screen are adapted: an ordering item lists its steps
in a mixed order with a box to write each step's place; a matching item numbers the left column and
letters the right one, with a line to write the letter; a scenario item ticks one conclusion and,
when out of scope, the criteria (a)–(d) not met; a date item has a dd/mm/yyyy line. The key gives
the answer of each item in the same words and the marks (part marks as the app gives them), and
lists the adapted items. The test and the key are A4 on the page of every kit document
(:mod:`kit.export.docx_base`), in Vietnamese, as the kit's documents are.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from html.parser import HTMLParser

from docx.document import Document as DocumentObject
from docx.shared import Pt

from kit.content import schemas as s
from kit.content.catalogue import Catalogue
from kit.content.render import markdown_html
from kit.core.errors import InputError
from kit.core.i18n import t
from kit.core.text import fold
from kit.export import docx_base
from kit.grading.engine import expected_date

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
BOX = "☐"
#: item types printed in a form other than the app's (the key lists them)
ADAPTED = ("ordering", "matching", "scenario", "date")
MAX_ITEMS = 60
WRITING_LINES = 12


@dataclass(frozen=True)
class PaperTest:
    """The items of one paper test, numbered from 1 in this order."""

    lesson_id: str
    lesson_title: str
    track: str | None
    items: tuple[s.Item, ...]

    @property
    def total(self) -> int:
        return sum(item.points for item in self.items)


def choose(cat: Catalogue, lesson: str, track: str | None, count: int | None) -> PaperTest:
    """The lesson's served items for the track, ``count`` of them spread over the levels
    (recall, apply, analyse, create in turn); every item when ``count`` is None."""
    if lesson not in cat.lessons:
        known = ", ".join(sorted(cat.lessons))
        raise InputError(
            f"Không có bài học '{lesson[:80]}'. Các bài: {known}",
            f"No lesson '{lesson[:80]}'. Lessons: {known}",
        )
    if track not in (None, "A", "B"):
        raise InputError("Nhóm phải là A hoặc B.", "The track must be A or B.")
    pool = cat.exercises(track=track, lesson=lesson)
    if not pool:
        raise InputError(
            "Bài học này chưa có câu hỏi nào cho nhóm đã chọn.",
            "This lesson has no question for the chosen track.",
        )
    if count is not None and not 1 <= count <= MAX_ITEMS:
        raise InputError(
            f"Số câu phải từ 1 đến {MAX_ITEMS}.", f"The number of items must be 1 to {MAX_ITEMS}."
        )
    chosen = pool if count is None or count >= len(pool) else _spread(pool, count)
    return PaperTest(lesson, cat.lessons[lesson].meta.title, track, tuple(chosen))


def _spread(pool: list[s.Item], count: int) -> list[s.Item]:
    by_level = {level: [it for it in pool if it.level == level] for level in s.LEVELS}
    picked: list[s.Item] = []
    while len(picked) < count:
        for level in s.LEVELS:
            if by_level[level] and len(picked) < count:
                picked.append(by_level[level].pop(0))
    order = {item.id: i for i, item in enumerate(pool)}
    return sorted(picked, key=lambda it: order[it.id])


def mixed(item_id: str, ids: list[str]) -> list[str]:
    """``ids`` in an order fixed by the item (the same on every print) that is not the right
    one."""
    seed = int.from_bytes(hashlib.sha256(item_id.encode("utf-8")).digest()[:8], "big")
    order = list(ids)
    random.Random(seed).shuffle(order)
    if order == ids and len(ids) > 1:
        order = order[1:] + order[:1]
    return order


class _Text(HTMLParser):
    """The paragraphs of rendered Markdown as plain text (a list item starts with a dash)."""

    BLOCKS = ("p", "li", "h1", "h2", "h3", "h4", "tr", "pre", "blockquote")

    def __init__(self) -> None:
        super().__init__()
        self.paragraphs: list[str] = []
        self.current: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.BLOCKS:
            self._flush()
        if tag == "li":
            self.current.append("– ")
        if tag == "br":
            self.current.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.BLOCKS:
            self._flush()
        elif tag in ("td", "th"):
            self.current.append(" | ")

    def handle_data(self, data: str) -> None:
        self.current.append(data)

    def _flush(self) -> None:
        text = " ".join("".join(self.current).split()).strip(" |")
        if text and text != "–":
            self.paragraphs.append(text)
        self.current = []


def plain(markdown: str) -> list[str]:
    """The paragraphs of a prompt written in the kit's Markdown, as plain text."""
    parser = _Text()
    parser.feed(markdown_html(markdown))
    parser.close()
    parser._flush()
    return parser.paragraphs


def _para(doc: DocumentObject, text: str, bold: bool = False, size: float | None = None) -> None:
    run = doc.add_paragraph().add_run(text)
    run.bold = bold
    if size is not None:
        run.font.size = Pt(size)


def _head(doc: DocumentObject, paper: PaperTest, title_key: str) -> None:
    docx_base.heading(doc, t(title_key, "vi"), level=0)
    _para(doc, t("paper.lesson", "vi", title=paper.lesson_title), bold=True)
    track = t(f"paper.track_{paper.track or 'all'}", "vi")
    _para(doc, t("paper.facts", "vi", n=len(paper.items), points=paper.total, track=track))


def test_docx(paper: PaperTest) -> bytes:
    """The test handed to trainees."""
    doc = docx_base.new_document()
    _head(doc, paper, "paper.test_title")
    _para(doc, t("paper.name_line", "vi"))
    _para(doc, t("paper.how", "vi"))
    for number, item in enumerate(paper.items, start=1):
        _para(doc, t("paper.item_head", "vi", n=number, points=item.points), bold=True)
        for text in plain(item.prompt):
            _para(doc, text)
        for line in answer_space(item):
            _para(doc, line)
    return docx_base.to_bytes(doc)


def answer_space(item: s.Item) -> list[str]:
    """What a trainee fills in under the prompt of ``item``."""
    match item:
        case s.SingleChoice() | s.MultipleSelect():
            says_so = fold("chọn tất cả") in fold(item.prompt)  # the prompt says it already
            multiple = isinstance(item, s.MultipleSelect)
            head = [t("paper.pick_all", "vi")] if multiple and not says_so else []
            return head + [f"{BOX} {LETTERS[i]}. {o.text}" for i, o in enumerate(item.options)]
        case s.TrueFalse():
            return [f"{BOX} {t('paper.true', 'vi')}      {BOX} {t('paper.false', 'vi')}"]
        case s.Ordering():
            texts = {st.id: st.text for st in item.steps}
            return [t("paper.order_how", "vi")] + [
                f"[    ] {texts[i]}" for i in mixed(item.id, list(texts))
            ]
        case s.Matching():
            right = {st.id: st.text for st in item.right}
            order = mixed(item.id, list(right))
            return (
                [t("paper.match_how", "vi")]
                + [f"{n}. {st.text}  →  ……" for n, st in enumerate(item.left, start=1)]
                + [f"{LETTERS[i]}. {right[r]}" for i, r in enumerate(order)]
            )
        case s.Numeric():
            return [t("paper.answer_line", "vi") + (f" {item.unit}" if item.unit else "")]
        case s.DateItem():
            return [t("paper.date_line", "vi")]
        case s.ShortText():
            return [t("paper.answer_line", "vi")]
        case s.Scenario():
            options = "      ".join(
                f"{BOX} {t(f'exercises.scenario_{k}', 'vi')}" for k in ("in", "out", "unknown")
            )
            criteria = "   ".join(f"{BOX} ({c})" for c in "abcd")
            return [options, t("exercises.scenario_which", "vi"), criteria]
        case s.Writing():
            return [t("paper.write_how", "vi")] + ["…" * 60] * WRITING_LINES
    raise TypeError(item)


def answer_text(item: s.Item) -> list[str]:
    """The answer of ``item`` as the key prints it, in the words of the printed test."""
    match item:
        case s.SingleChoice() | s.MultipleSelect():
            right = [LETTERS[i] for i, o in enumerate(item.options) if o.correct]
            lines = [t("paper.key_options", "vi", letters=", ".join(right))]
            if isinstance(item, s.MultipleSelect):
                lines.append(t(f"paper.key_{item.scoring}", "vi"))
            return lines
        case s.TrueFalse():
            return [t("paper.true" if item.answer else "paper.false", "vi")]
        case s.Ordering():
            place = {st.id: n for n, st in enumerate(item.steps, start=1)}
            texts = {st.id: st.text for st in item.steps}
            return [f"[{place[i]}] {texts[i]}" for i in mixed(item.id, list(texts))] + [
                t("paper.key_all_or_nothing", "vi")
            ]
        case s.Matching():
            order = mixed(item.id, [st.id for st in item.right])
            letter = {r: LETTERS[i] for i, r in enumerate(order)}
            pairs = ", ".join(
                f"{n} → {letter[item.answer[st.id]]}" for n, st in enumerate(item.left, start=1)
            )
            return [pairs, t("paper.key_share", "vi")]
        case s.Numeric():
            value = f"{item.answer:g}".replace(".", ",")
            tolerance = f"{item.tolerance:g}".replace(".", ",")
            unit = f" {item.unit}" if item.unit else ""
            return [f"{value}{unit}" + (f" (± {tolerance})" if item.tolerance else "")]
        case s.DateItem():
            return [expected_date(item).strftime("%d/%m/%Y")]
        case s.ShortText():
            return [t("paper.key_accepted", "vi", answers=" · ".join(item.accepted))]
        case s.Scenario():
            kind = "in" if item.answer == "in" else "unknown" if item.answer == "unknown" else "out"
            line = t(f"exercises.scenario_{kind}", "vi")
            if kind == "out":
                line += " — " + ", ".join(f"({c})" for c in item.answer[4:])
                return [line, t("paper.key_scenario_half", "vi")]
            return [line]
        case s.Writing():
            checks = [f"– {c.label}: {c.points}" for c in item.rubric]
            trainer = [t("paper.key_trainer_points", "vi", n=item.trainer_points)]
            return [t("paper.key_model", "vi"), *plain(item.model_answer), *checks, *trainer]
    raise TypeError(item)


def key_docx(paper: PaperTest) -> bytes:
    """The trainer's answer key: each item's answer, marks and explanation."""
    doc = docx_base.new_document()
    _head(doc, paper, "paper.key_title")
    _para(doc, t("paper.key_how", "vi"))
    for number, item in enumerate(paper.items, start=1):
        _para(doc, t("paper.item_head", "vi", n=number, points=item.points), bold=True)
        for line in answer_text(item):
            _para(doc, line)
        _para(doc, t("paper.key_why", "vi", text=" ".join(plain(item.explanation))), size=11)
        _para(doc, t("paper.key_source", "vi", text=item.source), size=11)
    adapted = [(n, it) for n, it in enumerate(paper.items, start=1) if it.type in ADAPTED]
    if adapted:
        _para(doc, t("paper.adapted_head", "vi"), bold=True)
        for number, item in adapted:
            _para(doc, t(f"paper.adapted_{item.type}", "vi", n=number))
    return docx_base.to_bytes(doc)


#: the response sheet's columns, named as :mod:`kit.workshops.responses` reads them (the
#: "số thứ tự" column is for the eye only; the reader ignores it)
SHEET_COLUMNS = ("học viên", "số thứ tự", "câu", "điểm", "tối đa")
MAX_SEATS = 300


def response_sheet(paper: PaperTest, seats: int) -> bytes:
    """The response sheet of the test: one row per seat and item (the item's id and max
    written), the trainer types each trainee's name over the seat label and the marks.
    A seat left without any mark is not counted by ``kit workshop stats``."""
    if not 1 <= seats <= MAX_SEATS:
        raise InputError(
            f"Số chỗ phải từ 1 đến {MAX_SEATS}.", f"The number of seats must be 1 to {MAX_SEATS}."
        )
    import io

    from openpyxl import Workbook

    from kit.core import xlsx

    book = Workbook()
    sheet = book.active
    sheet.title = "Bảng điểm"
    xlsx.append(sheet, [t("paper.sheet_title", "vi", title=paper.lesson_title)])
    xlsx.append(sheet, [t("paper.sheet_how", "vi")])
    xlsx.append(sheet, [])
    xlsx.append(sheet, list(SHEET_COLUMNS))
    width = len(str(seats))
    for seat in range(1, seats + 1):
        label = t("paper.seat", "vi", n=str(seat).zfill(max(width, 2)))
        for number, item in enumerate(paper.items, start=1):
            xlsx.append(sheet, [label, number, item.id, None, item.points])
    for column, chars in zip("ABCDE", (24, 10, 36, 8, 8), strict=True):
        sheet.column_dimensions[column].width = chars
    sheet.freeze_panes = "A5"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
