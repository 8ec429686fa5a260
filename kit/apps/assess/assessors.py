"""The assessors' part of the results step (CAF practice): each assessor scores the unit on their
own — the proposed score stands unless they give another one with a written reason — and the
consensus shows every assessor's score, the range and the agreed (median) score, with a flag
where the range is wide enough to discuss. Everything typed is escaped."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import ipywidgets as w

from kit.apps.ui import widgets as ui
from kit.apps.ui.labels import labelled
from kit.apps.ui.shell import AppShell, esc
from kit.assessment.collection.session import AssessmentSession
from kit.assessment.questionnaire.consensus import Consensus
from kit.core.i18n import t


def consensus_html(agreed: Consensus, titles: dict[str, str], lang: str) -> str:
    head = "".join(f"<th>{esc(name)}</th>" for name in agreed.assessors)
    cols = ("assess.col_dimension", "assess.col_proposed")
    tail = ("assess.col_range", "assess.col_agreed")
    rows = []
    for d in agreed.dimensions:
        cells = "".join(
            f"<td>{'' if s.score is None else s.score}{'*' if s.overridden else ''}</td>"
            for s in d.scores
        )
        span = "" if d.min is None else f"{d.min}–{d.max}"
        flag = f" ⚠ {esc(t('assess.discuss', lang))}" if d.discuss else ""
        rows.append(
            f"<tr><td>{esc(titles.get(d.key, d.key))}</td>"
            f"<td>{'' if d.proposed is None else d.proposed}</td>{cells}<td>{span}</td>"
            f"<td><b>{'' if d.agreed is None else d.agreed}</b>{flag}</td></tr>"
        )
    reasons = "".join(
        f"<li>{esc(titles.get(d.key, d.key))}: {esc(r)}</li>"
        for d in agreed.dimensions
        for r in d.reasons()
    )
    header = (
        "".join(f"<th>{esc(t(k, lang))}</th>" for k in cols)
        + head
        + "".join(f"<th>{esc(t(k, lang))}</th>" for k in tail)
    )
    return (
        f"<h3>{esc(t('assess.consensus', lang))}</h3>"
        f"<div class='kit-table-wrap'><table><tr>{header}</tr>{''.join(rows)}</table></div>"
        f"<p class='kit-note'>{esc(t('assess.consensus_note', lang))}</p>"
        + (f"<ul>{reasons}</ul>" if reasons else "")
    )


def assessors_part(
    shell: AppShell, session: AssessmentSession, button: Callable[..., w.Button]
) -> list[w.Widget]:
    """The form for one assessor's scores, the assessors so far, and their consensus."""
    lang = shell.lang
    score = session.score()
    titles = {
        d.key: d.dimension.title_en if lang == "en" else d.dimension.title for d in score.dimensions
    }
    name = labelled(w.Text, t("assess.assessor", lang))
    rows: dict[str, tuple[w.Text, w.Text]] = {}
    parts: list[w.Widget] = [
        ui.html(f"<h3>{esc(t('assess.assessors', lang))}</h3>"),
        ui.html(f"<p class='kit-note'>{esc(t('assess.assessors_help', lang))}</p>"),
        name,
    ]
    for d in score.dimensions:
        proposed = "—" if d.score is None else str(d.score)
        mark = labelled(
            w.Text,
            f"{t('a11y.new_score', lang)}: {titles[d.key]}",
            placeholder=t("assess.keep", lang, score=proposed),
        )
        reason = labelled(w.Text, t("assess.reason", lang))
        rows[d.key] = (mark, reason)
        label = ui.html(f"<label class='kit-field-label'>{esc(titles[d.key])} ({proposed})</label>")
        box = ui.vbox([label, mark, reason], "kit-field", f"kit-override-{d.key}")
        parts.append(box)

    def save() -> None:
        session.score_as(name.value, {k: (m.value, r.value) for k, (m, r) in rows.items()})
        shell.refresh()

    parts.append(button(t("assess.save_assessor", lang), save))

    def drop(assessor: str) -> None:
        session.drop_assessor(assessor)
        shell.refresh()

    for a in session.assessments:
        label = t("assess.drop_assessor", lang, name=a.assessor)
        parts.append(button(label, partial(drop, a.assessor)))
    agreed = session.agreed()
    if agreed is not None:
        parts.append(ui.html(consensus_html(agreed, titles, lang)))
    return parts
