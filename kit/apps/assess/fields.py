"""Inputs of the self-assessment form, one per questionnaire field, by its type: the label, the
question and its help above the input (they read on a phone), the field's problems below it,
updated as soon as the value reaches the kernel (where it is checked and stored). A field the
session holds fixed (the unit's name, level and province from the unit list) is shown disabled;
a value a page sends for it all the same is refused by the session and put back."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import ipywidgets as w

from kit.apps.ui import widgets as ui
from kit.apps.ui.defaults import full_width, shared_layout
from kit.apps.ui.labels import label_above
from kit.apps.ui.shell import AppShell, esc
from kit.assessment.collection.session import AssessmentSession
from kit.assessment.questionnaire.answers import FieldProblem
from kit.assessment.questionnaire.schema import QuestionField
from kit.core.i18n import t


def problems_html(problems: list[FieldProblem], lang: str) -> str:
    return "".join(f"<p class='kit-field-problem'>{esc(p.message(lang))}</p>" for p in problems)


def _as_date(value: object) -> date | None:
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _input(f: QuestionField, value: object, lang: str) -> w.Widget:
    """The widget for one field, holding ``value`` (the raw answer as stored)."""
    if f.type == "yes_no":
        yes_no = {True: "yes", False: "no"}
        return ui.make(
            w.ToggleButtons,
            options=[(t("assess.answer_yes", lang), "yes"), (t("assess.answer_no", lang), "no")],
            value=yes_no.get(value) if isinstance(value, bool) else None,
        )
    if f.type == "choice":
        options = [(t("assess.pick", lang), "")] + [
            (c.label_en if lang == "en" else c.label, c.id) for c in f.choices
        ]
        return ui.make(
            w.Dropdown,
            options=options,
            value=value if value in f.choice_ids else "",
            layout=full_width(),
        )
    if f.type == "multi_choice":
        picked = set(value) if isinstance(value, list) else set()
        boxes = [
            ui.make(
                w.Checkbox,
                value=c.id in picked,
                description=c.label_en if lang == "en" else c.label,
                indent=False,
            )
            for c in f.choices
        ]
        group = ui.vbox(boxes, "kit-multi")
        return group
    if f.type == "date":
        return ui.make(w.DatePicker, value=_as_date(value), layout=shared_layout(width="auto"))
    shown = "" if value is None else str(value)
    if f.type in ("count", "amount", "percent"):
        unit = f.text("unit", lang) if f.unit else ("%" if f.type == "percent" else "")
        return ui.make(w.Text, value=shown, placeholder=unit, layout=shared_layout(width="12em"))
    if f.type == "text" and f.max_length > 300:
        return ui.make(w.Textarea, value=shown, rows=4, layout=full_width())
    return ui.make(w.Text, value=shown, layout=full_width())


class FieldBox:
    """One field's block; ``on_change`` runs after a value was stored."""

    def __init__(
        self,
        shell: AppShell,
        session: AssessmentSession,
        f: QuestionField,
        on_change: Callable[[], None],
    ) -> None:
        self.shell, self.session, self.f = shell, session, f
        self.on_change = on_change
        lang = shell.lang
        self.problem = ui.html(problems_html(session.problems(f.id), lang))
        self.input = _input(f, session.value(f.id), lang)
        self.fixed = f.id in session.fixed
        star = " <span class='kit-required'>*</span>" if f.required else ""
        help_text = t("assess.fixed_note", lang) if self.fixed else f.text("help", lang)
        if isinstance(self.input, w.VBox):  # ticked boxes: each is labelled by its choice
            label = f"<div class='kit-field-label'>{esc(f.text('label', lang))}{star}</div>"
        else:  # the input's own label, linked to it (a screen reader names the input by it)
            label_above(self.input, f.text("label", lang) + (" *" if f.required else ""))
            label = ""
        head = (
            f"{label}<div class='kit-field-question'>{esc(f.text('question', lang))}</div>"
            f"<div class='kit-help'>{esc(help_text)}</div>"
        )
        if self.fixed:
            self.input.disabled = True
        self.box = ui.vbox(
            [ui.html(head), self.input, self.problem], "kit-field", f"kit-field-{f.id}"
        )
        self._wire()

    def _wire(self) -> None:
        if isinstance(self.input, w.VBox):  # multi-choice: the ticked boxes together
            boxes = list(self.input.children)
            ids = [c.id for c in self.f.choices]

            def ticked(_change: dict[str, Any]) -> None:
                self.store([i for i, b in zip(ids, boxes, strict=True) if b.value is True])

            for b in boxes:
                b.observe(self.shell.guard(ticked), names="value")
            return
        if self.fixed:
            shown = self.input.value

            def refuse(change: dict[str, Any]) -> None:
                if change["new"] == shown:
                    return
                self.input.value = shown  # the page shows the unit list's value again
                self.session.set(self.f.id, change["new"])  # refused: the reason is shown

            self.input.observe(self.shell.guard(refuse), names="value")
            return
        self.input.observe(self.shell.guard(lambda ch: self.store(ch["new"])), names="value")

    def store(self, value: object) -> None:
        problems = self.session.set(self.f.id, value)
        self.problem.value = problems_html(problems, self.shell.lang)
        self.shell.clear_error()
        self.on_change()
