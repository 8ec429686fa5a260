"""Exercise app: join (or resume with a PIN), answer items one by one with feedback that is
created only after the answer is stored, see progress, and end with a summary by lesson.

The frame of the item and feedback screens (progress, question, buttons, boxes) is made once and
updated on each action (:class:`Screens`): a new widget is a model the kernel creates, sends and
the page builds, and forty trainees answering at once made each answer wait for some twenty of
them. Only the answer controls, which differ from item to item, are made anew.

A view that embeds the exercise view (the workshop) holds one and steers it through a small
public surface: an :class:`ExercisePolicy` (which practice is answered, whether an answer's
feedback is shown), the identity callback, and the screens it lays out itself
(:meth:`ExercisesView.item_screen`, :meth:`ExercisesView.feedback_screen`,
:meth:`ExercisesView.frame`).

A trainee who joined a workshop whose tests are open for them is not served that workshop's test
items here: the practice holds them back (:mod:`kit.workshops.secrecy`), asked again before each
answer is graded, on "next" and before the report; a note says how many wait."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any, Protocol
from urllib.parse import quote

import ipywidgets as w

from kit import api, trainees
from kit.apps.ui.defaults import full_width
from kit.apps.ui.download import download_link
from kit.apps.ui.identity import IdentityGate
from kit.apps.ui.inputs import ItemInput, build_input
from kit.apps.ui.shell import AppShell, esc
from kit.apps.ui.widgets import button, hbox, html, make, problem_html, vbox
from kit.core.errors import KitError
from kit.core.i18n import t
from kit.grading.engine import Graded
from kit.practice import ItemNotOpen, Practice
from kit.workshops.secrecy import held_items


def number(value: float, lang: str) -> str:
    """A score as the page's language writes it ("0,4" in Vietnamese)."""
    from babel.numbers import format_decimal

    return str(format_decimal(round(value, 2), locale="en" if lang == "en" else "vi"))


def verdict_key(g: Graded) -> str:
    """The heading of an answer's feedback: right, partly right, or wrong (no score at all)."""
    if g.full_marks:
        return "exercises.right"
    return "trainee.partly" if g.score > 0 else "trainee.wrong"


class ExercisePolicy(Protocol):
    """What the view embedding the exercise view decides (the exercise app's own policy is
    :class:`OwnPractice`)."""

    def current_practice(self) -> Practice | None:
        """The practice whose current item is answered now (None: nothing to answer). Asked on
        each submit, after an answer whose feedback is withheld, and on each "next"."""

    def withheld_feedback(self, lang: str) -> str | None:
        """Asked just before an answer is stored: None shows the answer's feedback; a text is
        shown as a notice instead, and no key, score or explanation reaches the page."""


class OwnPractice:
    """The exercise app's policy: the view's own practice, with feedback after every answer."""

    def __init__(self, view: ExercisesView) -> None:
        self.view = view

    def current_practice(self) -> Practice | None:
        return self.view.practice

    def withheld_feedback(self, lang: str) -> str | None:
        return None


class Screens:
    """The widgets the item and feedback screens keep between actions. The feedback area is
    empty until an answer is stored; it then shows that answer's feedback, which the page may
    see from then on."""

    def __init__(self, view: ExercisesView) -> None:
        guard = view.shell.guard
        self.progress_label = html()
        self.progress_bar = make(w.IntProgress, value=0, min=0, max=1, layout=full_width())
        self.progress = vbox([self.progress_label, self.progress_bar], "kit-progress")
        self.head = html()
        self.submit = button(button_style="danger")
        self.submit.on_click(guard(lambda _b: view.submit_shown()))
        self.results = button(icon="list")
        self.results.on_click(guard(lambda _b: view.show_results(True)))
        self.actions = hbox([self.submit, self.results], "kit-nav")
        #: what is wrong with the answer on the page, shown just above its button
        self.problem = html("", "kit-item-problem")
        self.item = vbox([], "kit-item")
        self.feedback = html()
        self.next = button(button_style="danger")
        self.next.on_click(guard(lambda _b: view.next_item()))
        self.feedback_box = vbox([self.progress, self.feedback, self.next])


class ExercisesView:
    """Lays out the current state; every callback is a one-line delegate to the model.

    ``policy`` decides which practice is answered and whether feedback is shown (the view's own
    practice, with feedback, by default); ``on_identity`` runs once the trainee is known (opening
    the view's own practice by default); ``classes`` are added to the frame's CSS classes."""

    def __init__(
        self,
        shell: AppShell,
        *,
        policy: ExercisePolicy | None = None,
        on_identity: Callable[[trainees.Identity], None] | None = None,
        classes: tuple[str, ...] = (),
    ) -> None:
        self.shell = shell
        self.catalogue = api.load_content()
        self.policy: ExercisePolicy = policy or OwnPractice(self)
        self.gate = IdentityGate(shell, on_identity or self.open_practice)
        self.practice: Practice | None = None
        self.input: ItemInput | None = None
        self._input_item: str | None = None
        self.graded: Graded | None = None
        self.focus: str | None = None
        self.showing_results = False
        self.download: w.Widget | None = None
        self.screens = Screens(self)
        self._shown_item: str | None = None
        self._body = vbox([], "kit-exercises-body", *classes)

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

    def open_practice(self, identity: trainees.Identity) -> None:
        """The trainee is known: open their practice (the default identity callback), which holds
        back the test items of their workshops whose tests are open."""
        self.practice = Practice(self.catalogue, identity, hold=partial(held_items, identity.id))
        if self.focus is not None:
            self.practice.set_focus(self.focus)

    @property
    def shown_item(self) -> str | None:
        """The id of the item whose submit is live (the item screen is on the page)."""
        return self._shown_item

    def submit_shown(self) -> None:
        """Submit the answer to the item on the page (a click on a screen no longer shown does
        nothing). A problem with the answer is shown next to the button and scrolled into view
        (on a phone the button is at the bottom of the screen)."""
        if self._shown_item is None:
            return
        self.screens.problem.value = ""
        try:
            self.submit(self._shown_item)
        except KitError as exc:
            self.screens.problem.value = problem_html(exc.message(self.shell.lang))
            self.gate.scroller.to(".kit-item-problem", "center")
            return
        self.gate.scroller.to(".kit-app")

    def submit(self, item_id: str) -> None:
        """Store the answer entered for ``item_id``; then its feedback, or the policy's notice."""
        practice = self.policy.current_practice()
        if practice is None or self.input is None:
            return
        withheld = self.policy.withheld_feedback(self.shell.lang)
        try:
            graded = practice.submit(item_id, self.input.value())
        except ItemNotOpen:  # held back since it was shown, or no longer current: show what is
            self.input, self.graded = None, None
            self.practice = self.policy.current_practice()
            self.shell.refresh()
            raise
        self.input, self.download = None, None
        if withheld is None:
            self.practice, self.graded = practice, graded
        else:
            self.graded, self.gate.notice = None, withheld
            self.practice = self.policy.current_practice()
        self.shell.refresh()

    def next_item(self) -> None:
        """Leave the feedback for the policy's next item (asking again which items are held)."""
        self.practice = self.policy.current_practice()
        if self.practice is not None:
            self.practice.refresh()
        self.graded, self.gate.notice = None, ""
        self.shell.refresh()
        self.gate.scroller.to(".kit-app")

    def show_results(self, show: bool) -> None:
        """Show the summary (``True``) or go back to the items."""
        self.showing_results, self.gate.notice = show, ""
        self.shell.refresh()
        self.gate.scroller.to(".kit-app")

    def make_download(self) -> None:
        """Make the practice report's download link."""
        if self.practice is None:
            return
        from kit.export.results import practice_report, report_filename

        self.practice.refresh()
        data = practice_report(self.practice, self.shell.lang)
        label = t("exercises.download_link", self.shell.lang)
        self.download = download_link(data, report_filename(self.practice), label)
        self.shell.refresh()

    # ------------------------------------------------------------------ layout

    def render(self, lang: str) -> w.Widget:
        if self.practice is None:
            body = self.gate.form(lang)
        elif self.graded is not None:
            body = self.feedback_screen(lang, self.practice, self.graded)
        elif self.showing_results or self.practice.current() is None:
            body = self.summary_screen(lang, self.practice)
        else:
            body = self.item_screen(lang, self.practice)
        return self.frame(body)

    def frame(self, body: w.Widget) -> w.Widget:
        """``body`` under the token widget and the one-time notice (the same box each time).
        The shown item's submit is live only while ``body`` holds the item screen."""
        item = self.screens.item
        if body is not item and item not in getattr(body, "children", ()):
            self._shown_item = None
        scroll = self.gate.scroller.widget
        self._body.children = (self.gate.token, scroll, *self.gate.notice_widget(), body)
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

    def _held_note(self, lang: str, practice: Practice) -> str:
        """How many items wait for a workshop's tests to close (only their number is shown)."""
        if not practice.held:
            return ""
        return f"<p class='kit-note'>{esc(t('exercises.held', lang, n=len(practice.held)))}</p>"

    def item_screen(self, lang: str, practice: Practice) -> w.Widget:
        """The practice's current item with fresh answer controls (the summary once none is
        left); its submit is live from now on."""
        item = practice.current()
        if item is None:
            return self.summary_screen(lang, practice)
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
            + self._held_note(lang, practice)
            + f"<p class='kit-item-meta'>{esc(points)}</p>"
            + f"<div class='kit-prompt'>{esc(prompt)}</div>"
        )
        if previous is None or self._input_item != item.id:
            parts.problem.value = ""
        parts.item.children = (
            self._progress(lang, practice),
            parts.head,
            self.input.widget,
            parts.problem,
            parts.actions,
        )
        return parts.item

    def feedback_screen(self, lang: str, practice: Practice, g: Graded) -> w.Widget:
        """The stored answer's score, feedback, explanation and source, and the next button."""
        verdict = verdict_key(g)
        lines = "".join(f"<li>{esc(f)}</li>" for f in g.feedback)
        trainer = t("exercises.trainer_points", lang, n=g.pending_trainer)
        pending = f"<p class='kit-note'>{esc(trainer)}</p>" if g.pending_trainer else ""
        parts = self.screens
        self._progress(lang, practice)
        parts.feedback.value = (
            f"<div class='kit-feedback'><h3>{esc(t(verdict, lang))} "
            f"{number(g.score, lang)}/{g.max}</h3><ul>{lines}</ul>{pending}"
            f"<p><b>{esc(t('exercises.explanation', lang))}</b> {esc(g.explanation)}</p>"
            f"<p class='kit-source'>{esc(t('lessons.sources', lang))}: {esc(g.source)}</p></div>"
        )
        parts.next.description = t("exercises.next", lang)
        return parts.feedback_box

    def summary_screen(self, lang: str, practice: Practice) -> w.Widget:
        """Scores by lesson, the weakest lessons, the report download."""
        rows = "".join(
            f"<tr><td>{esc(s.title)}</td><td>{number(s.score, lang)}/{s.max_score}</td>"
            f"<td>{round(100 * s.share)}%</td></tr>"
            for s in practice.summary(lang)
        )
        weak = "".join(
            f"<li><a href='lessons.ipynb?lesson={quote(s.lesson_id)}&amp;lang={lang}' "
            f"target='_blank'>{esc(s.title)}</a></li>"
            for s in practice.weakest(lang)
        )
        done, total = practice.progress()
        table = html(
            f"<div class='kit-summary'><h2>{esc(t('exercises.summary', lang))}</h2>"
            f"<p>{esc(t('exercises.progress', lang, done=done, total=total))}</p>"
            f"{self._held_note(lang, practice)}"
            f"<table><tr><th>{esc(t('exercises.lesson', lang))}</th>"
            f"<th>{esc(t('exercises.score', lang))}</th><th>%</th></tr>{rows}</table>"
            f"<h3>{esc(t('exercises.weakest', lang))}</h3>"
            f"<ul>{weak or '<li>' + esc(t('exercises.no_weak', lang)) + '</li>'}</ul></div>"
        )
        download = button(t("exercises.download", lang), icon="download")
        download.on_click(self.shell.guard(lambda _b: self.make_download()))
        buttons: list[w.Widget] = [download]
        if practice.current() is not None:
            back = button(t("exercises.continue", lang), button_style="danger")
            back.on_click(self.shell.guard(lambda _b: self.show_results(False)))
            buttons.insert(0, back)
        actions = hbox(buttons, "kit-nav")
        reminder = html(f"<p class='kit-focus'>{esc(t('trainee.note_pin', lang))}</p>")
        me = self.gate.me_card(lang, open_=True)
        return vbox([table, reminder, me, actions, *([self.download] if self.download else [])])


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
