"""Self-assessment app for a unit: fill the yearly review section by section (saved after every
change, reopened where it was left), see the proposed scores with a chart and an improvement
list, submit the review (kept as a new version with its history), and download the Báo cáo sơ kết
(Decree 30/2020) and the answers file. ``?step=`` opens a section directly."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial

import ipywidgets as w

from kit import trainees
from kit.apps.assess.assessors import assessors_part
from kit.apps.assess.fields import FieldBox
from kit.apps.assess.results import (
    chart_html,
    details_html,
    improvements_html,
    missing_by_section,
    problem_list_html,
    total_html,
)
from kit.apps.ui import widgets as ui
from kit.apps.ui.defaults import full_width, shared_layout
from kit.apps.ui.download import DOCX, download_link, safe_filename
from kit.apps.ui.identity import IdentityGate
from kit.apps.ui.shell import AppShell, esc
from kit.assessment.collection import drafts
from kit.assessment.collection.session import AssessmentSession
from kit.assessment.questionnaire.answers import InvalidAnswers
from kit.core.i18n import t

JSON_MIME = "application/json"


def local_time(moment: datetime) -> str:
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return f"{aware.astimezone():%H:%M %d/%m/%Y}"


class AssessView:
    def __init__(self, shell: AppShell) -> None:
        self.shell = shell
        self.gate = IdentityGate(shell, self._on_identity)
        self.session: AssessmentSession | None = None
        self.saved = ui.html("", "kit-saved-line")
        self.live = ui.html("", "kit-checker")
        self.downloads: dict[str, w.Widget] = {}
        self.outcome = ""
        self._wanted_step: str | None = None

    # ------------------------------------------------------------------ model delegates

    def _on_identity(self, identity: trainees.Identity) -> None:
        stored = drafts.load(identity.id)
        owner = identity.id

        def save(state: dict[str, object], step: str) -> None:
            moment = drafts.save(owner, state, step)
            self.saved.value = (
                f"<span class='kit-saved'>"
                f"{esc(t('assess.saved', self.shell.lang, time=local_time(moment)))}</span>"
            )

        self.session = AssessmentSession(
            stored.state if stored else None, stored.step if stored else "", save
        )
        if self._wanted_step:
            self.session.step = (
                self._wanted_step if self._wanted_step in self.session.steps else self.session.step
            )

    def on_params(self, params: dict[str, str]) -> None:
        step = params.get("step")
        if step:
            self._wanted_step = step
            if self.session is not None and step in self.session.steps:
                self.go(step)

    def go(self, step: object) -> None:
        if self.session is not None:
            self.session.go(step)
            self.downloads.clear()
            self.outcome = ""
            self.shell.refresh()

    def move(self, by: int) -> None:
        if self.session is not None:
            self.session.move(by)
            self.downloads.clear()
            self.outcome = ""
            self.shell.refresh()

    def submit(self) -> None:
        from kit.assessment.collection import submissions

        session = self._require()
        lang = self.shell.lang
        try:
            stored = submissions.submit(session.saved_file(), source="app")
        except InvalidAnswers as exc:
            self.outcome = (
                f"<p class='kit-field-problem'>{esc(t('assess.not_ready', lang))}</p>"
                + problem_list_html(session.q, list(exc.problems), lang)
            )
        else:
            key = "assess.submitted" if stored.created else "assess.unchanged"
            self.outcome = f"<p class='kit-ok'>{esc(t(key, lang, version=stored.version))}</p>"
        self.shell.refresh()

    def make_report(self) -> None:
        from kit.assessment.report.document import build_report
        from kit.export.decree30 import render

        session = self._require()
        checked = session.check()
        doc = build_report(checked.answers, session.score(), agreed=session.agreed())
        name = safe_filename(f"bao-cao-so-ket-{checked.answers.get('unit_name', '')}")
        label = t("assess.docx_link", self.shell.lang)
        self.downloads["docx"] = download_link(render(doc), f"{name}.docx", label, DOCX)
        self.shell.refresh()

    def make_json(self) -> None:
        session = self._require()
        data = json.dumps(session.saved_file(), ensure_ascii=False, indent=1).encode("utf-8")
        label = t("assess.json_link", self.shell.lang)
        self.downloads["json"] = download_link(data, "tu-danh-gia.json", label, JSON_MIME)
        self.shell.refresh()

    def _require(self) -> AssessmentSession:
        if self.session is None:
            raise RuntimeError("no session")
        return self.session

    # ------------------------------------------------------------------ layout

    def render(self, lang: str) -> w.Widget:
        if self.session is None:
            body: w.Widget = self.gate.form(lang)
        elif self.session.step == "results":
            body = self._results(lang, self.session)
        else:
            body = self._section(lang, self.session)
        box = ui.vbox([self.gate.token, *self.gate.notice_widget(), body], "kit-assess-body")
        return box

    def _button(self, label: str, action: Callable[[], object], style: str = "") -> w.Button:
        return self.shell.button(label, action, style)

    def _steps(self, lang: str, session: AssessmentSession) -> w.Widget:
        options = []
        for section in session.q.sections:
            done, total = session.filled(section.id)
            head = f"{section.heading} " if section.heading else ""
            options.append(
                (
                    f"{head}{section.title if lang == 'vi' else section.title_en} ({done}/{total})",
                    section.id,
                )
            )
        options.append((t("assess.results", lang), "results"))
        picker = ui.make(
            w.Dropdown, "kit-steps", options=options, value=session.step, layout=full_width()
        )
        picker.observe(self.shell.guard(lambda ch: self.go(ch["new"])), names="value")
        return picker

    def _nav(self, lang: str) -> w.Widget:
        nav = ui.hbox(
            [
                self._button(t("assess.prev", lang), lambda: self.move(-1)),
                self._button(t("assess.next", lang), lambda: self.move(1), "danger"),
            ],
            "kit-nav",
        )
        return nav

    def _refresh_live(self, session: AssessmentSession) -> None:
        lang = self.shell.lang
        score = session.score()
        cross = session.cross_problems(session.step)
        listing = problem_list_html(session.q, cross, lang) if cross else ""
        self.live.value = total_html(score, lang) + listing

    def _section(self, lang: str, session: AssessmentSession) -> w.Widget:
        section = next(s for s in session.q.sections if s.id == session.step)
        title = section.title if lang == "vi" else section.title_en
        head = f"{section.heading} " if section.heading else ""
        boxes = [
            FieldBox(self.shell, session, f, lambda: self._refresh_live(session)).box
            for f in section.fields
        ]
        self._refresh_live(session)
        form = ui.vbox(
            [ui.html(f"<h2>{esc(head + title)}</h2>"), *boxes], f"kit-assess-step-{section.id}"
        )
        return ui.vbox([self._steps(lang, session), form, self.live, self.saved, self._nav(lang)])

    def _results(self, lang: str, session: AssessmentSession) -> w.Widget:
        score = session.score()
        html = (
            f"<h2>{esc(t('assess.results', lang))}</h2>"
            + total_html(score, lang)
            + chart_html(score, lang)
            + improvements_html(score, lang)
            + details_html(score, lang)
        )
        parts: list[w.Widget] = [self._steps(lang, session), ui.html(html)]
        missing = missing_by_section(session.q, session.check("complete").problems)
        if missing:
            parts.append(ui.html(f"<h3>{esc(t('assess.missing', lang))}</h3>"))
            sections = {s.id: s for s in session.q.sections}
            for section_id, problems in missing.items():
                s = sections[section_id]
                parts.append(ui.html(problem_list_html(session.q, problems, lang)))
                label = t("assess.fix", lang, section=s.title if lang == "vi" else s.title_en)
                parts.append(self._button(label, partial(self.go, section_id)))
        parts += assessors_part(self.shell, session, self._button)
        actions = [
            self._button(t("assess.submit", lang), self.submit, "danger"),
            self._button(t("assess.make_docx", lang), self.make_report),
            self._button(t("assess.make_json", lang), self.make_json),
        ]
        parts += [
            ui.hbox(actions, layout=shared_layout(flex_flow="row wrap")),
            ui.html(self.outcome),
            *self.downloads.values(),
        ]
        box = ui.vbox(parts, "kit-assess-step-results")
        return box


def build_app(lang: str | None = None) -> AppShell:
    """The self-assessment app."""
    shell = AppShell("assess", None, lang=lang)
    view = AssessView(shell)
    shell.mount(view.render, summary=_summary)
    shell.follow_query_string(view.on_params)
    return shell


def _summary() -> str:
    from kit.assessment.questionnaire.rubric import load_rubric
    from kit.assessment.questionnaire.schema import load_questionnaire

    q, r = load_questionnaire(), load_rubric()
    return f"{len(q.sections)} sections, {len(q.fields())} fields; {len(r.dimensions)} dimensions"
