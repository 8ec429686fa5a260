"""The checker as the builder shows it: a side panel (score, this step's problems, how many
elsewhere) refreshed after every change, and the review step (breakdown by criterion, every
problem with a button to the step that fixes it, the document preview, the downloads)."""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w

from kit.apps.ui import widgets as ui
from kit.apps.ui.defaults import shared_layout
from kit.apps.ui.shell import AppShell, esc
from kit.core.i18n import t
from kit.export.preview import document_html
from kit.plans.checker import Problem
from kit.plans.export import dated, plan_document
from kit.plans.session import BuilderSession, step_of


def _problem_html(p: Problem, lang: str) -> str:
    what, why = (p.what_en, p.why_en) if lang == "en" else (p.what, p.why)
    place = p.place_en if lang == "en" else p.place
    level = t(f"plans.{p.level}_level", lang)
    cost = f" ({esc(t('plans.cost', lang, n=p.weight))})" if p.weight else ""
    return (
        f"<li class='kit-problem-{p.level}'><b>{esc(level)}{cost}</b> · "
        f"<span class='kit-problem-place'>{esc(place)}</span>: {esc(what)}"
        f"<div class='kit-note'>{esc(t('plans.why', lang))} {esc(why)}</div></li>"
    )


def _to_fill_html(session: BuilderSession, lang: str) -> str:
    left = len(session.report.to_fill)
    return f"<p class='kit-notice'>{esc(t('plans.to_fill', lang, n=left))}</p>" if left else ""


def checker_panel(session: BuilderSession, lang: str) -> str:
    report = session.report
    here = session.problems(session.step) if session.step != "review" else []
    elsewhere = len(report.problems) - len(here)
    if session.step == "review":
        listing = ""
    elif here:
        items = "".join(_problem_html(p, lang) for p in here)
        listing = f"<p>{esc(t('plans.problems_here', lang, n=len(here)))}</p><ul>{items}</ul>"
    else:
        listing = f"<p>✓ {esc(t('plans.no_problems_here', lang))}</p>"
    more = (
        f"<p class='kit-note'>{esc(t('plans.problems_elsewhere', lang, n=elsewhere))}</p>"
        if elsewhere and session.step != "review"
        else ""
    )
    return (
        f"<div class='kit-checker-panel' role='status'><h3>{esc(t('plans.checker', lang))}</h3>"
        f"<p class='kit-score'><b>{esc(t('plans.score', lang, score=report.score))}</b></p>"
        f"{_to_fill_html(session, lang)}{listing}{more}</div>"
    )


def _breakdown(session: BuilderSession, lang: str) -> str:
    rows = "".join(
        f"<tr><td>{esc(c.title)}</td><td>"
        + (f"{c.score:.1f}/{c.max}" if c.applies else esc(t("plans.not_applicable", lang)))
        + f"</td><td>{esc(c.note)}</td></tr>"
        for c in session.report.breakdown
    )
    return (
        f"<h3>{esc(t('plans.breakdown', lang))}</h3>"
        f"<table class='kit-batch-table kit-breakdown'>{rows}</table>"
    )


def review_step(
    session: BuilderSession,
    lang: str,
    go: Callable[[str], None],
    make_download: Callable[[str], None],
    downloads: list[w.Widget],
    shell: AppShell,
) -> list[w.Widget]:
    report = session.report
    parts: list[w.Widget] = [
        ui.html(
            f"<p class='kit-score'><b>{esc(t('plans.score', lang, score=report.score))}</b></p>"
            + _to_fill_html(session, lang)
        ),
        ui.html(_breakdown(session, lang)),
        ui.html(f"<h3>{esc(t('plans.all_problems', lang, n=len(report.problems)))}</h3>"),
    ]
    for p in report.problems:
        target = step_of(p.where, session.plan)
        row: list[w.Widget] = [ui.html(f"<ul class='kit-problem'>{_problem_html(p, lang)}</ul>")]
        if target != "review":
            fix = ui.button(
                description=f"{t('plans.go_fix', lang)}: {t(f'plans.step_{target}', lang)}",
                layout=shared_layout(width="auto"),
            )
            fix.on_click(shell.guard(lambda _b, s=target: go(s)))
            row.append(fix)
        box = ui.vbox(row, "kit-problem-row")
        parts.append(box)
    make = ui.hbox(
        [
            _action(
                t("plans.make_docx", lang), lambda: make_download("docx"), shell, "file-word-o"
            ),
            _action(t("plans.make_json", lang), lambda: make_download("json"), shell, "download"),
        ],
        "kit-row",
    )
    preview = ui.html(_preview(session), "kit-preview")
    return [
        *parts,
        make,
        *downloads,
        ui.html(f"<h3>{esc(t('plans.preview', lang))}</h3>"),
        preview,
    ]


def _preview(session: BuilderSession) -> str:
    """The document as it will be exported: its partial date, and the draft notice on top."""
    plan = session.plan
    page = dated(document_html(plan_document(plan)), plan)
    left = len(session.report.to_fill)
    if not left:
        return page
    notice = f"Bản nháp — còn {left} chỗ cần điền"
    return f"<p class='kit-draft-notice'><b>{esc(notice)}</b></p>{page}"


def _action(label: str, action: Callable[[], None], shell: AppShell, icon: str) -> w.Button:
    button = ui.button(description=label, icon=icon, layout=shared_layout(width="auto"))
    button.on_click(shell.guard(lambda _b: action()))
    return button
