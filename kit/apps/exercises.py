"""Exercise app: join (or resume with a PIN), answer items one by one with feedback that is
created only after the answer is stored, see progress, and end with a summary by lesson.

The frame of the item and feedback screens (progress, question, buttons, boxes) is made once and
updated on each action (:class:`Screens`): a new widget is a model the kernel creates, sends and
the page builds, and forty trainees answering at once made each answer wait for some twenty of
them. Only the answer controls, which differ from item to item, are made anew."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import ipywidgets as w

from kit import api, trainees
from kit.apps.ui.defaults import full_width
from kit.apps.ui.download import download_link
from kit.apps.ui.identity import IdentityGate
from kit.apps.ui.inputs import ItemInput, build_input
from kit.apps.ui.shell import AppShell, esc
from kit.core.i18n import t
from kit.grading.engine import Graded
from kit.practice import Practice


class Screens:
    """The widgets the item and feedback screens keep between actions. The feedback area is
    empty until an answer is stored; it then shows that answer's feedback, which the page may
    see from then on."""

    def __init__(self, view: ExercisesView) -> None:
        guard = view.shell.guard
        self.progress_label = w.HTML()
        self.progress_bar = w.IntProgress(value=0, min=0, max=1, layout=full_width())
        self.progress = w.VBox([self.progress_label, self.progress_bar])
        self.progress.add_class("kit-progress")
        self.head = w.HTML()
        self.submit = w.Button(button_style="danger")
        self.submit.on_click(guard(lambda _b: view._submit_shown()))
        self.results = w.Button(icon="list")
        self.results.on_click(guard(lambda _b: view._results(True)))
        self.actions = w.HBox([self.submit, self.results])
        self.actions.add_class("kit-nav")
        self.item = w.VBox()
        self.item.add_class("kit-item")
        self.feedback = w.HTML()
        self.next = w.Button(button_style="danger")
        self.next.on_click(guard(lambda _b: view._next()))
        self.feedback_box = w.VBox([self.progress, self.feedback, self.next])


class ExercisesView:
    """Lays out the current state; every callback is a one-line delegate to the model."""

    def __init__(self, shell: AppShell) -> None:
        self.shell = shell
        self.catalogue = api.load_content()
        self.gate = IdentityGate(shell, self._open)
        self.practice: Practice | None = None
        self.input: ItemInput | None = None
        self._input_item: str | None = None
        self.graded: Graded | None = None
        self.focus: str | None = None
        self.show_results = False
        self.download: w.Widget | None = None
        self.screens = Screens(self)
        self._shown_item: str | None = None
        self._body = w.VBox()
        self._body.add_class("kit-exercises-body")

    @property
    def token(self) -> Any:
        return self.gate.token

    # ------------------------------------------------------------------ delegates

    def on_params(self, params: dict[str, str]) -> None:
        """``?lesson=ID`` (from a lesson page) puts that lesson's items first."""
        if "lesson" in params:
            self.focus = params["lesson"]
            if self.practice is not None:
                self.practice.set_focus(self.focus)
            self.shell.refresh()

    def _open(self, identity: trainees.Identity) -> None:
        self.practice = Practice(self.catalogue, identity)
        if self.focus is not None:
            self.practice.set_focus(self.focus)

    def _submit_shown(self) -> None:
        if self._shown_item is not None:
            self._submit(self._shown_item)

    def _submit(self, item_id: str) -> None:
        if self.practice is None or self.input is None:
            return
        self.graded = self.practice.submit(item_id, self.input.value())
        self.input, self.download = None, None
        self.shell.refresh()

    def _next(self) -> None:
        self.graded, self.gate.notice = None, ""
        self.shell.refresh()

    def _results(self, show: bool) -> None:
        self.show_results, self.gate.notice = show, ""
        self.shell.refresh()

    def _make_download(self) -> None:
        if self.practice is None:
            return
        from kit.export.results import practice_report, report_filename

        data = practice_report(self.practice, self.shell.lang)
        label = t("exercises.download_link", self.shell.lang)
        self.download = download_link(data, report_filename(self.practice), label)
        self.shell.refresh()

    # ------------------------------------------------------------------ layout

    def render(self, lang: str) -> w.Widget:
        self._shown_item = None  # set again when an item is shown: its submit is live
        if self.practice is None:
            body = self.gate.form(lang)
        elif self.graded is not None:
            body = self._feedback(lang, self.practice, self.graded)
        elif self.show_results or self.practice.current() is None:
            body = self._summary(lang, self.practice)
        else:
            body = self._item(lang, self.practice)
        return self.frame(body)

    def frame(self, body: w.Widget) -> w.Widget:
        """The body under the token widget and the one-time notice (the same box each time)."""
        self._body.children = (self.gate.token, *self.gate.notice_widget(), body)
        return self._body

    def _progress(self, lang: str, practice: Practice) -> w.Widget:
        done, total = practice.progress()
        parts = self.screens
        parts.progress_bar.max = max(total, 1)
        parts.progress_bar.value = done
        parts.progress_label.value = esc(t("exercises.progress", lang, done=done, total=total))
        return parts.progress

    def _focus_note(self, lang: str, practice: Practice) -> str:
        if practice.focus is None:
            return ""
        lesson = self.catalogue.lessons[practice.focus].meta
        done, total = practice.progress(practice.focus)
        key = "exercises.focus_done" if done == total else "exercises.focus"
        title = lesson.title_en if lang == "en" else lesson.title
        return f"<p class='kit-focus'>{esc(t(key, lang, title=title, done=done, total=total))}</p>"

    def _item(self, lang: str, practice: Practice) -> w.Widget:
        item = practice.current()
        if item is None:
            return self._summary(lang, practice)
        previous, self.input = self.input, build_input(item, lang)
        if previous is not None and self._input_item == item.id:
            self.input.carry_over(previous)  # a language switch keeps an unsent answer
        self._input_item = item.id
        self._shown_item = item.id
        prompt = item.prompt_en if lang == "en" and item.prompt_en else item.prompt
        parts = self.screens
        parts.submit.description = t("exercises.submit", lang)
        parts.results.description = t("exercises.see_results", lang)
        points = t("exercises.points", lang, points=item.points)
        parts.head.value = (
            self._focus_note(lang, practice)
            + f"<p class='kit-item-meta'>{esc(points)}</p>"
            + f"<div class='kit-prompt'>{esc(prompt)}</div>"
        )
        parts.item.children = (
            self._progress(lang, practice),
            parts.head,
            self.input.widget,
            parts.actions,
        )
        return parts.item

    def _feedback(self, lang: str, practice: Practice, g: Graded) -> w.Widget:
        verdict = "exercises.right" if g.full_marks else "exercises.not_quite"
        lines = "".join(f"<li>{esc(f)}</li>" for f in g.feedback)
        trainer = t("exercises.trainer_points", lang, n=g.pending_trainer)
        pending = f"<p class='kit-note'>{esc(trainer)}</p>" if g.pending_trainer else ""
        parts = self.screens
        self._progress(lang, practice)
        parts.feedback.value = (
            f"<div class='kit-feedback'><h3>{esc(t(verdict, lang))} "
            f"{g.score:g}/{g.max}</h3><ul>{lines}</ul>{pending}"
            f"<p><b>{esc(t('exercises.explanation', lang))}</b> {esc(g.explanation)}</p>"
            f"<p class='kit-source'>{esc(t('lessons.sources', lang))}: {esc(g.source)}</p></div>"
        )
        parts.next.description = t("exercises.next", lang)
        return parts.feedback_box

    def _summary(self, lang: str, practice: Practice) -> w.Widget:
        rows = "".join(
            f"<tr><td>{esc(s.title)}</td><td>{s.score:g}/{s.max_score}</td>"
            f"<td>{round(100 * s.share)}%</td></tr>"
            for s in practice.summary(lang)
        )
        weak = "".join(
            f"<li><a href='lessons.ipynb?lesson={quote(s.lesson_id)}&amp;lang={lang}' "
            f"target='_blank'>{esc(s.title)}</a></li>"
            for s in practice.weakest(lang)
        )
        done, total = practice.progress()
        table = w.HTML(
            f"<div class='kit-summary'><h2>{esc(t('exercises.summary', lang))}</h2>"
            f"<p>{esc(t('exercises.progress', lang, done=done, total=total))}</p>"
            f"<table><tr><th>{esc(t('exercises.lesson', lang))}</th>"
            f"<th>{esc(t('exercises.score', lang))}</th><th>%</th></tr>{rows}</table>"
            f"<h3>{esc(t('exercises.weakest', lang))}</h3>"
            f"<ul>{weak or '<li>' + esc(t('exercises.no_weak', lang)) + '</li>'}</ul></div>"
        )
        make = w.Button(description=t("exercises.download", lang), icon="download")
        make.on_click(self.shell.guard(lambda _b: self._make_download()))
        buttons: list[w.Widget] = [make]
        if practice.current() is not None:
            back = w.Button(description=t("exercises.continue", lang), button_style="danger")
            back.on_click(self.shell.guard(lambda _b: self._results(False)))
            buttons.insert(0, back)
        actions = w.HBox(buttons)
        actions.add_class("kit-nav")
        return w.VBox([table, actions, *([self.download] if self.download else [])])


def build_app(lang: str | None = None) -> AppShell:
    """The exercise app."""
    shell = AppShell("exercises", None, lang=lang)
    view = ExercisesView(shell)
    shell.mount(
        view.render,
        summary=lambda: f"{len(view.catalogue.items)} items; waiting for the browser token",
    )
    shell.follow_query_string(view.on_params)
    return shell
