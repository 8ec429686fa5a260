"""A trainee's practice results as a DOCX: who, when, the score per lesson, what to review, and
each answered item with the stored answer, its score and (where marks were lost) the explanation
with its source. Built only from what the trainee has already answered and seen."""

from __future__ import annotations

from datetime import date

from babel.numbers import format_decimal
from docx.document import Document as DocumentObject
from docx.shared import Mm

from kit.content import schemas as s
from kit.core.i18n import t
from kit.export.docx_base import heading, new_document, table, to_bytes
from kit.practice import Practice

#: the answered-items table: question, answer, score (mm; the page's text is about 160 mm wide)
ITEM_COLUMNS_MM = (88.0, 56.0, 18.0)


def _whole(text: str) -> str:
    """The question in full, on one paragraph (a cut question cannot be read again)."""
    return " ".join(text.split())


def _widths(doc: DocumentObject, widths_mm: tuple[float, ...]) -> None:
    """Give the last table its column widths (the grid's, which LibreOffice reads, and each
    cell's, which Word reads)."""
    grid = doc.tables[-1]
    grid.autofit = False
    for column, width in zip(grid.columns, widths_mm, strict=True):
        column.width = Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)


def _num(value: float, lang: str) -> str:
    """A score as the page's language writes it: 62,6 in Vietnamese, 62.6 in English."""
    return format_decimal(round(value, 1), locale="en" if lang == "en" else "vi")


def _texts(steps: list[s.Step] | list[s.Option]) -> dict[str, str]:
    return {x.id: x.text for x in steps}


def _pairs(answer: str) -> dict[str, str]:
    pairs = (part.partition("=") for part in answer.split(",") if part)
    return {left: right for left, _sep, right in pairs}


def readable_answer(item: s.Item, answer: str, lang: str) -> str:
    """A stored answer as the trainee saw it: the texts of the options chosen, the steps in the
    order given, the pairs matched, the conclusion in words (not the ids the store keeps)."""
    ids = [x for x in answer.split(",") if x]
    match item:
        case s.SingleChoice() | s.MultipleSelect():
            texts = _texts(item.options)
            return "; ".join(texts.get(x, x) for x in ids)
        case s.TrueFalse():
            return t("trainee.answer_true" if answer == "true" else "trainee.answer_false", lang)
        case s.Ordering():
            texts = _texts(item.steps)
            return "\n".join(f"{n}. {texts.get(x, x)}" for n, x in enumerate(ids, 1))
        case s.Matching():
            left, right = _texts(item.left), _texts(item.right)
            return "\n".join(
                f"{left.get(k, k)} → {right.get(v, v)}" for k, v in _pairs(answer).items()
            )
        case s.Scenario():
            if answer.startswith("out:"):
                letters = ", ".join(answer[4:])
                return t("trainee.answer_out", lang, criteria=letters)
            return t(f"exercises.scenario_{answer}", lang)
        case s.Numeric():
            return f"{answer} {item.unit}".strip()
    return answer


def _prompt(item: s.Item, lang: str) -> str:
    return item.prompt_en if lang == "en" and item.prompt_en else item.prompt


def practice_report(practice: Practice, lang: str, today: date | None = None) -> bytes:
    """The results document of one practice session, in the page's language."""
    day = (today or date.today()).strftime("%d/%m/%Y")
    who = practice.identity
    summary = practice.summary(lang)
    done, total = practice.progress()
    score = sum(s.score for s in summary)
    max_score = sum(s.max_score for s in summary)
    doc = new_document()
    heading(doc, t("report.title", lang), 0)
    for line in (
        t("report.trainee", lang, name=who.name, unit=who.unit),
        t("report.track", lang, track=t(f"lessons.track_{who.track}", lang)),
        t("report.date", lang, date=day),
        t(
            "report.totals",
            lang,
            done=done,
            total=total,
            score=_num(score, lang),
            max=_num(max_score, lang),
        ),
    ):
        doc.add_paragraph(line)
    heading(doc, t("report.by_lesson", lang), 1)
    table(
        doc,
        [t("exercises.lesson", lang), t("exercises.score", lang), "%"],
        [
            (x.title, f"{_num(x.score, lang)}/{_num(x.max_score, lang)}", f"{100 * x.share:.0f}%")
            for x in summary
        ],
    )
    heading(doc, t("exercises.weakest", lang), 1)
    weak = practice.weakest(lang)
    for lesson in weak:
        doc.add_paragraph(lesson.title, style="List Bullet")
    if not weak:
        doc.add_paragraph(t("exercises.no_weak", lang))
    heading(doc, t("report.items", lang), 1)
    answered = practice.answered()
    number = {i.id: n for n, (i, _got) in enumerate(answered, 1)}
    table(
        doc,
        [t("report.item", lang), t("report.answer", lang), t("exercises.score", lang)],
        [
            (
                f"{number[i.id]}. {_whole(_prompt(i, lang))}",
                readable_answer(i, got.answer, lang),
                f"{_num(got.score, lang)}/{_num(got.max_score, lang)}",
            )
            for i, got in answered
        ],
    )
    _widths(doc, ITEM_COLUMNS_MM)
    missed = [(i, got) for i, got in answered if got.score < got.max_score]
    if missed:
        heading(doc, t("report.explanations", lang), 1)
    for item, _stored in missed:
        para = doc.add_paragraph()
        para.add_run(f"{number[item.id]}. {_whole(_prompt(item, lang))} ").bold = True
        para.add_run(item.explanation)
        doc.add_paragraph(f"{t('lessons.sources', lang)}: {item.source}").runs[0].italic = True
    return to_bytes(doc)


def report_filename(practice: Practice, today: date | None = None) -> str:
    """An ASCII file name (phones and old Windows mangle others)."""
    return f"ket-qua-luyen-tap-{practice.identity.id}-{(today or date.today()):%Y%m%d}.docx"
