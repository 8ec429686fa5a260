"""Exercise app: join (or resume with a PIN), answer items one by one with feedback that is
created only after the answer is stored, see progress, and end with a summary by lesson."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import ipywidgets as w

from kit import api, trainees
from kit.apps.download import download_link
from kit.apps.identity import IdentityGate
from kit.apps.item_inputs import ItemInput, build_input
from kit.apps.shared_defaults import full_width
from kit.apps.shell import AppShell, esc
from kit.grading.engine import Graded
from kit.i18n import t
from kit.practice import Practice


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
        if self.practice is None:
            body = self.gate.form(lang)
        elif self.graded is not None:
            body = self._feedback(lang, self.practice, self.graded)
        elif self.show_results or self.practice.current() is None:
            body = self._summary(lang, self.practice)
        else:
            body = self._item(lang, self.practice)
        box = w.VBox([self.gate.token, *self.gate.notice_widget(), body])
        box.add_class("kit-exercises-body")
        return box

    def _progress(self, lang: str, practice: Practice) -> w.Widget:
        done, total = practice.progress()
        bar = w.IntProgress(value=done, min=0, max=max(total, 1), layout=full_width())
        label = w.HTML(esc(t("exercises.progress", lang, done=done, total=total)))
        box = w.VBox([label, bar])
        box.add_class("kit-progress")
        return box

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
        prompt = item.prompt_en if lang == "en" and item.prompt_en else item.prompt
        submit = w.Button(description=t("exercises.submit", lang), button_style="danger")
        submit.on_click(self.shell.guard(lambda _b: self._submit(item.id)))
        results = w.Button(description=t("exercises.see_results", lang), icon="list")
        results.on_click(self.shell.guard(lambda _b: self._results(True)))
        points = t("exercises.points", lang, points=item.points)
        head = w.HTML(
            self._focus_note(lang, practice)
            + f"<p class='kit-item-meta'>{esc(points)}</p>"
            + f"<div class='kit-prompt'>{esc(prompt)}</div>"
        )
        actions = w.HBox([submit, results])
        actions.add_class("kit-nav")
        box = w.VBox([self._progress(lang, practice), head, self.input.widget, actions])
        box.add_class("kit-item")
        return box

    def _feedback(self, lang: str, practice: Practice, g: Graded) -> w.Widget:
        verdict = "exercises.right" if g.full_marks else "exercises.not_quite"
        lines = "".join(f"<li>{esc(f)}</li>" for f in g.feedback)
        trainer = t("exercises.trainer_points", lang, n=g.pending_trainer)
        pending = f"<p class='kit-note'>{esc(trainer)}</p>" if g.pending_trainer else ""
        html = w.HTML(
            f"<div class='kit-feedback'><h3>{esc(t(verdict, lang))} "
            f"{g.score:g}/{g.max}</h3><ul>{lines}</ul>{pending}"
            f"<p><b>{esc(t('exercises.explanation', lang))}</b> {esc(g.explanation)}</p>"
            f"<p class='kit-source'>{esc(t('lessons.sources', lang))}: {esc(g.source)}</p></div>"
        )
        nxt = w.Button(description=t("exercises.next", lang), button_style="danger")
        nxt.on_click(self.shell.guard(lambda _b: self._next()))
        return w.VBox([self._progress(lang, practice), html, nxt])

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
