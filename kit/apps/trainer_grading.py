"""The trainer's grading screen: the next answer that waits for a trainer, with the question, the
automatic checks and their points, and the trainer's points asked in the item's own points (a
10-point item whose checks give 9 asks "0–1 of 10"), with a word on what those points are for:
what the checks cannot judge (is the text accurate, fair, easy for its readers?)."""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w

from kit.apps.ui.labels import labelled
from kit.apps.ui.shell import AppShell, esc
from kit.apps.ui.widgets import html
from kit.content.catalogue import Catalogue
from kit.core.i18n import t
from kit.workshops import results, sessions
from kit.workshops.marks import figure

Grade = Callable[[int, object, object], None]


def grading_text(item: object, first: results.Pending, lang: str) -> str:
    """What the trainer reads before grading: the question, who answered and how, the points
    the checks gave out of theirs, what the trainer's points are for, and the model answer."""
    prompt = getattr(item, "prompt_en", None) if lang == "en" else None
    prompt = prompt or getattr(item, "prompt", "")
    rubric = getattr(item, "rubric", [])
    auto = sum(c.points for c in rubric)
    total = int(getattr(item, "points", auto + first.trainer_points))
    checks = "".join(
        f"<li>{esc(t('dashboard.grade_rubric', lang, label=c.label, points=c.points))}</li>"
        for c in rubric
    )
    score = figure(first.auto_score, lang)
    share = t("dashboard.grade_total", lang, total=total, auto=auto, n=first.trainer_points)
    done = t("dashboard.grade_auto", lang, score=score, auto=auto)
    model = str(getattr(item, "model_answer", "") or "")
    return (
        f"<div class='kit-prompt'>{esc(prompt)}</div>"
        f"<p><b>{esc(first.trainee)}</b>:</p><div class='kit-case'>{esc(first.answer)}</div>"
        f"<p>{esc(share)}</p><p><b>{esc(done)}</b></p>"
        f"<ul>{checks}</ul>"
        + (
            f"<p class='kit-note'>{esc(t('dashboard.grade_model', lang))} {esc(model)}</p>"
            if model
            else ""
        )
    )


def grading_widgets(
    shell: AppShell,
    catalogue: Catalogue,
    workshop: sessions.WorkshopInfo,
    grade: Grade,
    lang: str,
) -> list[w.Widget]:
    """The grading screen of ``workshop`` (``grade(attempt, points, comment)`` saves a grade)."""
    queue = results.pending(workshop, catalogue)
    if not queue:
        return [html(f"<p>{esc(t('trainer.nothing_to_grade', lang))}</p>")]
    first = queue[0]
    item = catalogue.items[first.item_id]
    points = labelled(
        w.BoundedFloatText,
        t("dashboard.grade_points", lang, n=first.trainer_points),
        value=0,
        min=0,
        max=first.trainer_points,
        step=0.5,
    )
    comment = labelled(
        w.Textarea,
        t("dashboard.comment", lang),
        placeholder=t("trainer.comment", lang),
    )
    save = shell.button(
        t("trainer.save_next", lang),
        lambda: grade(first.attempt_id, points.value, comment.value),
        "danger",
    )
    queue_text = f"<p>{esc(t('trainer.queue', lang, n=len(queue)))}</p>"
    return [html(queue_text + grading_text(item, first, lang)), points, comment, save]
