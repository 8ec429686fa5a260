"""Workshop app for trainees: enter the join code (or open the link/QR with ``?code=``), join or
resume with name, unit and PIN, then the pre-test, the workshop's exercises, the post-test and the
reaction survey, ending with the scores and the trainer's comments. Tests give no feedback until
the end; answers are stored at once in the workshop's context. The exercises leave the test items
out, and the tests take no answer once the trainer has closed them (the rule is the kernel's:
:mod:`kit.workshops.secrecy`).

The items are answered in an exercise view the workshop view holds: it is the exercise view's
policy (the current phase's practice; no feedback during a test) and lays out its screens
between the workshop's banner and the survey or the end."""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from kit import trainees
from kit.apps.exercises import ExercisesView, number
from kit.apps.ui.identity import IdentityGate
from kit.apps.ui.labels import labelled
from kit.apps.ui.shell import AppShell, esc
from kit.apps.ui.widgets import button, html, make, problem_html, vbox
from kit.apps.workshop_review import ReviewPanel
from kit.core.errors import InputError, KitError
from kit.core.i18n import t
from kit.practice import Practice
from kit.workshops import sessions, survey
from kit.workshops.run import WorkshopRun, known_units, members_named


class WorkshopView:
    """The join code, then the workshop's phases in the exercise view it holds (and steers as
    its policy), the survey and the end."""

    def __init__(self, shell: AppShell) -> None:
        self.shell = shell
        self.exercises = ExercisesView(
            shell, policy=self, on_identity=self._open, classes=("kit-workshop-body",)
        )
        self.catalogue = self.exercises.catalogue
        self.workshop: sessions.WorkshopInfo | None = None
        self.identity: trainees.Identity | None = None
        self.run: WorkshopRun | None = None
        #: the phase the page showed last (a change is announced: the pre-test is over…)
        self._shown_phase: str | None = None
        self._banner_html = html()
        self._phase_html = html()
        self._survey_problem = html("", "kit-survey-problem")
        self._content = vbox()
        self.review = ReviewPanel(shell, self.catalogue, self._reviewer)
        self.gate.same_person = self._same_person
        self.gate.spellings = self._spellings

    @property
    def gate(self) -> IdentityGate:
        """Who is at this page (the exercise view's gate)."""
        return self.exercises.gate

    # ------------------------------------------------------------------ the exercise policy

    def current_practice(self) -> Practice | None:
        """The current phase's practice (None before joining and once every phase is done)."""
        return self.run.practice() if self.run is not None else None

    def withheld_feedback(self, lang: str) -> str | None:
        """During a test, no key, score or explanation reaches the page: a notice says the
        answer was recorded."""
        if self.run is not None and self.run.is_test():
            return t("workshop.recorded", lang)
        return None

    # ------------------------------------------------------------------ delegates

    def on_params(self, params: dict[str, str]) -> None:
        if params.get("code") and self.workshop is None:
            self.set_code(params["code"])

    def set_code(self, raw: object) -> None:
        found = sessions.by_code(raw)
        if found is None:
            raise InputError(
                "Không có lớp nào với mã này; hãy kiểm tra lại mã trên tờ hướng dẫn.",
                "No workshop has this code; check the code on the join sheet.",
            )
        self.workshop = found
        label = t(f"lessons.filter_{found.track}", self.shell.lang)
        self.gate.default_track(found.track, label)
        self._start()
        self.shell.refresh()
        self.gate.scroller.to(".kit-app")

    def _reviewer(self) -> tuple[sessions.WorkshopInfo | None, int | None]:
        """The workshop and the trainee the page's token identified (for peer review)."""
        return self.workshop, self.run.identity.id if self.run is not None else None

    def _same_person(self, name: str, unit: str) -> list[trainees.Identity]:
        """The workshop's members with this name and unit (compared folded)."""
        return members_named(self.workshop, name, unit) if self.workshop is not None else []

    def _spellings(self) -> list[str]:
        """The units a typed unit may be: the registered ones and the workshop's members'."""
        return known_units(self.workshop)

    def _open(self, identity: trainees.Identity) -> None:
        self.identity = identity
        self._start()

    def _start(self) -> None:
        if self.workshop is not None and self.identity is not None and self.run is None:
            self.run = WorkshopRun(self.workshop, self.identity, self.catalogue)
            self.exercises.practice = self.run.practice()

    def send_survey(self, answers: dict[str, Any]) -> None:
        """Send the survey; a problem is shown under its button and scrolled into view."""
        if self.run is None:
            return
        self._survey_problem.value = ""
        try:
            self.run.submit_survey(answers)
        except KitError as exc:
            self._survey_problem.value = problem_html(exc.message(self.shell.lang))
            self.gate.scroller.to(".kit-survey-problem", "center")
            return
        self.gate.notice = t("workshop.thanks", self.shell.lang)
        self.shell.refresh()
        self.gate.scroller.to(".kit-app")

    def _announce(self, lang: str, run: WorkshopRun) -> None:
        """Say when a part is over (the tests give no feedback, so nothing else would), and
        take away a notice that no longer applies ("answer recorded" outside a test)."""
        phase = run.phase()
        previous, self._shown_phase = self._shown_phase, phase
        if phase != previous and previous in ("pre", "main", "post"):
            self.gate.notice = t(f"trainee.{previous}_done", lang)
            self.gate.scroller.to(".kit-app")
        elif not run.is_test() and self.gate.notice == t("workshop.recorded", lang):
            self.gate.notice = ""

    # ------------------------------------------------------------------ layout

    def render(self, lang: str) -> w.Widget:
        ex = self.exercises
        if self.workshop is None:
            return ex.frame(self._code_form(lang))
        parts: list[w.Widget]
        if self.run is not None and ex.graded is None:
            self._announce(lang, self.run)
        if self.run is None:
            parts = [self.gate.form(lang)]
        elif ex.graded is not None and ex.practice is not None:
            parts = [ex.feedback_screen(lang, ex.practice, ex.graded)]
        elif (practice := self.run.practice()) is not None:
            ex.practice = practice
            parts = [self._phase_note(lang), ex.item_screen(lang, practice)]
        elif self.run.survey_due():
            parts = [self._survey(lang)]
        else:
            parts = [self._end(lang, self.run), *self._me(lang, open_=True)]
        if self.run is not None and not self.run.is_test():  # peer review: never in a test
            parts = [*self.review.widgets(lang), *parts]
        if self.run is not None and self.run.practice() is not None:
            parts += self._me(lang)
        self._content.children = (self._banner(lang), *parts)
        return ex.frame(self._content)

    def _banner(self, lang: str) -> w.HTML:
        ws = self.workshop
        self._banner_html.value = (
            ""
            if ws is None
            else f"<div class='kit-focus'><b>{esc(ws.title)}</b> · {ws.day:%d/%m/%Y}"
            + (f" · {esc(ws.place)}" if ws.place else "")
            + "</div>"
        )
        return self._banner_html

    def _phase_note(self, lang: str) -> w.HTML:
        phase = self.run.phase() if self.run else None
        self._phase_html.value = (
            f"<h2 class='kit-phase'>{esc(t(f'workshop.phase_{phase}', lang))}</h2>"
        )
        return self._phase_html

    def _code_form(self, lang: str) -> w.Widget:
        code = labelled(w.Text, t("a11y.workshop_code", lang), placeholder=t("workshop.code", lang))
        go = button(t("workshop.enter", lang), button_style="danger")
        go.on_click(self.shell.guard(lambda _b: self.set_code(code.value)))
        heading = html(f"<h2>{esc(t('workshop.code_heading', lang))}</h2>")
        return vbox([heading, code, go], "kit-join-code")

    def _survey(self, lang: str) -> w.Widget:
        form = survey.load_survey()
        scale = [(str(v), v) for v in range(form.scale.min, form.scale.max + 1)]
        legend = " · ".join(
            f"{v} = {en if lang == 'en' else vi}"
            for v, (vi, en) in zip(
                range(form.scale.min, form.scale.max + 1), form.scale.labels, strict=True
            )
        )
        choices: dict[str, w.ToggleButtons] = {}
        parts: list[w.Widget] = [
            html(f"<h2>{esc(t('workshop.survey', lang))}</h2><p class='kit-note'>{esc(legend)}</p>")
        ]
        for q in form.questions:
            choice = make(w.ToggleButtons, "kit-scale", options=scale, value=None)
            choices[q.id] = choice
            parts += [
                html(f"<p class='kit-question'>{esc(q.text_en if lang == 'en' else q.text)}</p>"),
                choice,
            ]
        comment = labelled(w.Textarea, t("a11y.survey_comment", lang), rows=3)
        label = form.comment.text_en if lang == "en" else form.comment.text
        send = button(t("workshop.send_survey", lang), button_style="danger")
        send.on_click(
            self.shell.guard(
                lambda _b: self.send_survey(
                    {**{k: c.value for k, c in choices.items()}, "comment": comment.value}
                )
            )
        )
        question = html(f"<p class='kit-question'>{esc(label)}</p>")
        return vbox([*parts, question, comment, self._survey_problem, send], "kit-survey")

    def _me(self, lang: str, open_: bool = False) -> list[w.Widget]:
        """The trainee's "my details" card, with the workshop."""
        if self.workshop is None or self.gate.identity is None:
            return []
        line = t("trainee.me_workshop", lang, title=self.workshop.title)
        return [self.gate.me_card(lang, [line], open_=open_)]

    def _item_title(self, item_id: str, lang: str) -> str:
        """The start of the item's question (the trainee knows it by that, not by its id)."""
        item = self.catalogue.items.get(item_id)
        if item is None:
            return item_id
        prompt = item.prompt_en if lang == "en" and item.prompt_en else item.prompt
        first = " ".join(prompt.split())
        return first if len(first) <= 90 else f"{first[:89]}…"

    def _end(self, lang: str, run: WorkshopRun) -> w.Widget:
        rows = "".join(
            f"<tr><td>{esc(t(f'workshop.phase_{phase}', lang))}</td>"
            f"<td>{number(score, lang)}/{top}</td><td>{answered}/{total}</td></tr>"
            for phase, (score, top, answered, total) in run.scores().items()
        )
        notes = "".join(
            f"<li><b>{esc(self._item_title(n.item_id, lang))}</b>: +{number(n.trainer_score, lang)}"
            f" — {esc(n.comment)}</li>"
            for n in run.trainer_notes()
        )
        head = "".join(
            f"<th>{esc(t(k, lang))}</th>"
            for k in ("workshop.part", "exercises.score", "workshop.answered")
        )
        table = (
            f"<div class='kit-summary'><h2>{esc(t('workshop.done', lang))}</h2>"
            f"<p class='kit-focus'>{esc(t('trainee.note_pin', lang))}</p>"
            f"<table><tr>{head}</tr>{rows}</table>"
            f"<h3>{esc(t('workshop.trainer_notes', lang))}</h3>"
            f"<ul>{notes or '<li>' + esc(t('workshop.no_notes', lang)) + '</li>'}</ul></div>"
        )
        return html(table)


def build_app(lang: str | None = None) -> AppShell:
    """The workshop app for trainees."""
    shell = AppShell("workshop", None, lang=lang)
    view = WorkshopView(shell)
    shell.mount(
        view.render, summary=lambda: "join with a workshop code; waiting for the browser token"
    )
    shell.follow_query_string(view.on_params)
    return shell
