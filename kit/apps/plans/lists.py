"""The builder's list steps: drafts (typed in or imported from the eligibility simulator's
spreadsheet, each with its computed communication timeline) and tasks (one at a time, picked from
a list, with add, remove and move)."""

from __future__ import annotations

from typing import Any, get_args

import ipywidgets as w

from kit.apps.plans.fields import Fields, labelled
from kit.apps.plans.steps import intro
from kit.apps.ui import widgets as ui
from kit.apps.ui.defaults import full_width, shared_layout
from kit.apps.ui.shell import esc
from kit.calendar.deadlines import TO_CHECK
from kit.core.errors import InputError
from kit.core.i18n import t
from kit.core.limits import ELIGIBILITY_SHEET
from kit.eligibility import rules as r
from kit.plans.chart import timeline_html
from kit.plans.drafts_import import DraftImport, drafts_from_sheet
from kit.plans.model import TaskTag
from kit.plans.timeline import end_to_check

TAGS: tuple[str, ...] = get_args(TaskTag)
MAX_UPLOAD_MB = ELIGIBILITY_SHEET.megabytes  # kit.core.limits: the same as the command line


class ListState:
    """Which draft and which task are open, and the last import's report (view state only)."""

    def __init__(self) -> None:
        self.draft = 0
        self.task = 0
        self.imported: DraftImport | None = None
        self.import_counts: tuple[int, int] = (0, 0)
        self.progress = ui.make(w.IntProgress, value=0, min=0, max=1, layout=full_width())
        self.progress_label = ui.html()

    def clamp(self, size: int, which: str) -> int:
        value = max(0, min(getattr(self, which), size - 1)) if size else 0
        setattr(self, which, value)
        return value


def _picker(options: list[tuple[str, int]], value: int, on_pick: Any) -> w.Dropdown:
    picker = ui.make(w.Dropdown, options=options, value=value, layout=full_width())
    picker.observe(on_pick, names="value")
    return picker


# ---------------------------------------------------------------------- drafts


def _activities_table(draft: Any, lang: str) -> str:
    if not draft.activities:
        return f"<p class='kit-note'>{esc(t('plans.no_activities', lang))}</p>"
    head = "".join(
        f"<th>{esc(t(k, lang))}</th>"
        for k in ("plans.activity", "plans.from", "plans.to", "plans.basis_col")
    )
    check = f" <strong class='kit-tl-check'>({esc(TO_CHECK)})</strong>"  # holidays not confirmed
    rows = "".join(
        f"<tr><td>{esc(a.name)}</td><td>{a.start:%d/%m/%Y}</td>"
        f"<td>{(a.end or a.start):%d/%m/%Y}{check if end_to_check(a) else ''}</td>"
        f"<td>{esc(a.basis)}</td></tr>"
        for a in draft.activities
        if a.start is not None
    )
    return f"<table class='kit-batch-table'><tr>{head}</tr>{rows}</table>"


def _import_report(state: ListState, lang: str) -> list[w.Widget]:
    report = state.imported
    if report is None:
        return []
    added, same = state.import_counts
    lines = "".join(
        f"<li>{esc(t('plans.row', lang, row=s.row))}: «{esc(s.title)}» — "
        f"{esc(s.en if lang == 'en' else s.vi)}</li>"
        for s in report.skipped
    )
    text = t("plans.imported", lang, added=added, same=same, skipped=len(report.skipped))
    return [ui.html(f"<div class='kit-notice'>{esc(text)}<ul>{lines}</ul></div>")]


def drafts_step(f: Fields, lang: str, state: ListState, rule_set: r.RuleSet) -> list[w.Widget]:
    plan = f.session.plan
    upload = ui.make(
        w.FileUpload,
        accept=".xlsx,.csv",
        multiple=False,
        description=t("plans.import_drafts", lang),
        layout=shared_layout(width="auto"),
    )

    def on_progress(done: int, total: int) -> None:
        state.progress.max = max(total, 1)
        state.progress.value = done
        state.progress_label.value = esc(t("plans.importing", lang, done=done, total=total))

    def on_upload(change: dict[str, Any]) -> None:
        files = change["new"]
        if not files:
            return
        name, content = str(files[0].get("name", "")), bytes(files[0].get("content", b""))
        upload.value = ()
        if len(content) > MAX_UPLOAD_MB * 1_048_576:
            raise InputError(
                f"Tệp quá lớn; giới hạn {MAX_UPLOAD_MB} MB.",
                f"File too big; limit {MAX_UPLOAD_MB} MB.",
            )
        report = drafts_from_sheet(content, name, rule_set, progress=on_progress)
        state.import_counts = f.session.edit(lambda e: e.import_drafts(report.drafts))
        state.imported = report
        state.progress_label.value = ""
        f.shell.refresh()

    upload.observe(f.shell.guard(on_upload), names="value")

    def add() -> None:
        state.draft = f.session.edit(lambda e: e.add_draft(t("plans.draft", "vi")))

    parts: list[w.Widget] = [
        intro(t("plans.drafts_intro", lang)),
        upload,
        state.progress_label,
        state.progress,
        *_import_report(state, lang),
        f.button(t("plans.add_draft", lang), add, icon="plus"),
    ]
    if not plan.drafts:
        return [*parts, intro(t("plans.no_drafts", lang))]
    i = state.clamp(len(plan.drafts), "draft")

    def pick(change: dict[str, Any]) -> None:
        state.draft = int(change["new"])
        f.shell.refresh()

    options = [(f"{n + 1}. {d.title[:80]}", n) for n, d in enumerate(plan.drafts)]
    draft = plan.drafts[i]
    types = [("—", "")] + [(d.label, d.label) for d in rule_set.document_types]
    if draft.document_type and draft.document_type not in {v for _, v in types}:
        types.append((draft.document_type, draft.document_type))
    levels = [("—", None)] + [
        (t(f"plans.level_{k}" if k != "commune" else "plans.level_commune_draft", lang), k)
        for k in ("central", "provincial", "commune")
    ]
    p = f"drafts/{i}"
    schedule = ui.html(_activities_table(draft, lang))
    chart = ui.html(_chart(plan.drafts, lang))

    def refresh_schedule(_change: dict[str, Any]) -> None:
        """After a date or the level is saved (the observer before this one saves it and
        recomputes the activities), the schedule and the chart show the new dates at once."""
        drafts = f.session.plan.drafts
        if i < len(drafts):
            schedule.value = _activities_table(drafts[i], lang)
            chart.value = _chart(drafts, lang)

    def rescheduling(box: w.VBox) -> w.VBox:
        box.children[-1].observe(f.shell.guard(refresh_schedule), names="value")
        return box

    parts += [
        labelled(t("plans.draft", lang), _picker(options, i, f.shell.guard(pick))),
        f.text(t("plans.draft_title", lang), f"{p}/title", draft.title, area=True),
        f.text(t("plans.draft_code", lang), f"{p}/code", draft.code),
        f.choice(t("plans.document_type", lang), f"{p}/document_type", types, draft.document_type),
        rescheduling(f.choice(t("plans.draft_level", lang), f"{p}/level", levels, draft.level)),
        rescheduling(
            f.text(t("plans.drafting_body", lang), f"{p}/drafting_body", draft.drafting_body)
        ),
        rescheduling(
            f.day(
                t("plans.consultation_date", lang),
                f"{p}/consultation_date",
                draft.consultation_date,
            )
        ),
        rescheduling(
            f.day(t("plans.submission_date", lang), f"{p}/submission_date", draft.submission_date)
        ),
        ui.html(f"<h3>{esc(t('plans.activities', lang))}</h3>"),
        schedule,
        f.button(
            t("plans.remove_draft", lang),
            lambda: f.session.edit(lambda e: e.remove("drafts", i)),
            icon="trash",
        ),
    ]
    parts.append(chart)
    return parts


def _chart(drafts: list[Any], lang: str) -> str:
    chart = timeline_html(drafts)
    return f"<h3>{esc(t('plans.timeline', lang))}</h3>{chart}" if chart else ""


# ---------------------------------------------------------------------- tasks


def tasks_step(f: Fields, lang: str, state: ListState) -> list[w.Widget]:
    editor = f.session.editor
    si = editor.section_index("content")
    if si is None:
        si = editor.section_index("focus")
    parts: list[w.Widget] = [intro(t("plans.tasks_intro", lang))]

    def add() -> None:
        def change(e: Any) -> int:
            index = e.task_section()
            tasks = e.plan.sections[index].tasks
            group = tasks[state.task].group if tasks and state.task < len(tasks) else ""
            return int(e.add_task(index, group))

        state.task = f.session.edit(change)

    parts.append(f.button(t("plans.add_task", lang), add, icon="plus"))
    if si is None or not f.session.plan.sections[si].tasks:
        return [*parts, intro(t("plans.no_tasks", lang))]
    section = f.session.plan.sections[si]
    i = state.clamp(len(section.tasks), "task")
    task = section.tasks[i]

    def pick(change: dict[str, Any]) -> None:
        state.task = int(change["new"])
        f.shell.refresh()

    def move(delta: int) -> None:
        state.task = f.session.edit(lambda e: e.move(f"sections/{si}/tasks", i, delta))

    options = [
        (f"{section.id}.{n + 1} · {(x.name or x.description or '…')[:80]}", n)
        for n, x in enumerate(section.tasks)
    ]
    p = f"sections/{si}/tasks/{i}"
    tags = ui.make(
        w.SelectMultiple,
        options=[(t(f"plans.tag_{k}", lang), k) for k in TAGS],
        value=tuple(task.tags),
        rows=5,
        layout=full_width(),
    )
    f.bind(tags, lambda v: f.session.set(f"{p}/tags", list(v)))
    dates = ui.hbox(
        [
            f.day(t("plans.start", lang), f"{p}/start", task.start),
            f.day(t("plans.end", lang), f"{p}/end", task.end),
        ],
        "kit-row",
    )
    buttons = ui.hbox(
        [
            f.button(t("plans.up", lang), lambda: move(-1), icon="arrow-up"),
            f.button(t("plans.down", lang), lambda: move(1), icon="arrow-down"),
            f.button(
                t("plans.remove_task", lang),
                lambda: f.session.edit(lambda e: e.remove(f"sections/{si}/tasks", i)),
                icon="trash",
            ),
        ],
        "kit-row",
    )
    return [
        *parts,
        labelled(t("plans.task", lang), _picker(options, i, f.shell.guard(pick))),
        f.text(t("plans.group", lang), f"{p}/group", task.group),
        f.text(t("plans.task_name", lang), f"{p}/name", task.name, area=True),
        f.text(t("plans.task_description", lang), f"{p}/description", task.description, area=True),
        f.text(t("plans.lead", lang), f"{p}/lead", task.lead, css="kit-required"),
        f.lines(t("plans.coordinating", lang), f"{p}/coordinating", task.coordinating, 3),
        f.text(t("plans.timing", lang), f"{p}/timing", task.timing, css="kit-required"),
        dates,
        f.text(t("plans.output", lang), f"{p}/output", task.output),
        f.text(t("plans.funding", lang), f"{p}/funding", task.funding),
        labelled(t("plans.tags", lang), tags),
        buttons,
    ]
