"""A trainee's practice results as a DOCX: who, when, the score per lesson, what to review, and
each answered item with the stored answer, its score and (where marks were lost) the explanation
with its source. Built only from what the trainee has already answered and seen."""

from __future__ import annotations

import textwrap
from datetime import date

from kit.core.i18n import t
from kit.export.docx_base import heading, new_document, table, to_bytes
from kit.practice import Practice

PROMPT_CHARS = 160


def _short(text: str) -> str:
    return textwrap.shorten(" ".join(text.split()), PROMPT_CHARS, placeholder=" …")


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
        t("report.totals", lang, done=done, total=total, score=f"{score:g}", max=max_score),
    ):
        doc.add_paragraph(line)
    heading(doc, t("report.by_lesson", lang), 1)
    table(
        doc,
        [t("exercises.lesson", lang), t("exercises.score", lang), "%"],
        [(s.title, f"{s.score:g}/{s.max_score}", f"{round(100 * s.share)}%") for s in summary],
    )
    heading(doc, t("exercises.weakest", lang), 1)
    weak = practice.weakest(lang)
    for s in weak:
        doc.add_paragraph(s.title, style="List Bullet")
    if not weak:
        doc.add_paragraph(t("exercises.no_weak", lang))
    heading(doc, t("report.items", lang), 1)
    answered = practice.answered()
    table(
        doc,
        [t("report.item", lang), t("report.answer", lang), t("exercises.score", lang)],
        [
            (f"{i.id}\n{_short(i.prompt)}", got.answer, f"{got.score:g}/{got.max_score}")
            for i, got in answered
        ],
    )
    missed = [(i, s) for i, s in answered if s.score < s.max_score]
    if missed:
        heading(doc, t("report.explanations", lang), 1)
    for item, _stored in missed:
        para = doc.add_paragraph()
        para.add_run(f"{item.id}: ").bold = True
        para.add_run(item.explanation)
        doc.add_paragraph(f"{t('lessons.sources', lang)}: {item.source}").runs[0].italic = True
    return to_bytes(doc)


def report_filename(practice: Practice, today: date | None = None) -> str:
    """An ASCII file name (phones and old Windows mangle others)."""
    return f"ket-qua-luyen-tap-{practice.identity.id}-{(today or date.today()):%Y%m%d}.docx"
