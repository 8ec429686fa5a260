"""Self-assessment app for a unit: fill the yearly review section by section (saved after every
change, reopened where it was left), see the proposed scores with a chart and an improvement
list, submit the review (kept as a new version with its history), and download the Báo cáo sơ kết
(Decree 30/2020) and the answers file. ``?step=`` opens a section directly.

Who may open what: once units are registered, the start screen asks for the unit's access code
(or the trainer's passcode and a unit, :mod:`kit.apps.assess.unit_gate`), and what opens is that
unit's record only: its draft and its submitted versions. The unit's name, level and province
are the registry's and cannot be changed here; a submission records the unit and the code (or
the trainer) that made it. The kernel holds the access and checks it against the database at
every read of the record and every write (a revoked code closes the review at the next step),
whatever the page sends. While no unit is registered, a person joins as on the learning path and
fills a review of their own, and the start screen says plainly that anyone may then submit for
any unit."""

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
    fields_scope,
    improvements_html,
    missing_by_section,
    problem_list_html,
    report_base,
    total_html,
)
from kit.apps.assess.unit_gate import UnitGate
from kit.apps.ui import widgets as ui
from kit.apps.ui.defaults import shared_layout
from kit.apps.ui.document_fields import DocumentFieldsForm
from kit.apps.ui.download import DOCX, download_link, safe_filename
from kit.apps.ui.identity import IdentityGate
from kit.apps.ui.labels import labelled
from kit.apps.ui.shell import AppShell, esc
from kit.assessment.collection import drafts, submissions
from kit.assessment.collection.session import AssessmentSession
from kit.assessment.questionnaire.answers import InvalidAnswers
from kit.core.i18n import t
from kit.export.decree30 import OfficialDocument
from kit.units.access import AccessRefused, UnitAccess, check
from kit.units.registry import has_units

JSON_MIME = "application/json"


def local_time(moment: datetime) -> str:
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return f"{aware.astimezone():%H:%M %d/%m/%Y}"


class AssessView:
    def __init__(self, shell: AppShell) -> None:
        self.shell = shell
        # a unit's review, not a test: no track to choose, no "start the test" button
        self.gate = IdentityGate(
            shell,
            self._on_identity,
            start_label="trainee.assess_start",
            offer_track=False,
            track="B",
        )
        self.units = UnitGate(shell, self._on_access)
        #: the registered unit this page opened, and how (None: no unit is registered)
        self.access: UnitAccess | None = None
        self.session: AssessmentSession | None = None
        #: why an open review was closed (a revoked code, a new unit list)
        self.closed = ""
        self.saved = ui.html("", "kit-saved-line")
        self.live = ui.html("", "kit-checker")
        self.downloads: dict[str, w.Widget] = {}
        self.outcome = ""
        self._wanted_step: str | None = None
        #: the report's issuing body, symbol, signer and Nơi nhận, remembered per unit
        self.doc_fields = DocumentFieldsForm(shell, self._fields_scope, "BC", self._report_base)

    # ------------------------------------------------------------------ model delegates

    def _show_saved(self, moment: datetime) -> None:
        self.saved.value = (
            f"<span class='kit-saved'>"
            f"{esc(t('assess.saved', self.shell.lang, time=local_time(moment)))}</span>"
        )

    def _on_identity(self, identity: trainees.Identity) -> None:
        if has_units():  # a person opens no unit's record: the unit's code does
            return
        stored = drafts.load(identity.id)
        owner = identity.id

        def save(state: dict[str, object], step: str) -> None:
            self._show_saved(drafts.save(owner, state, step))

        self.session = AssessmentSession(
            stored.state if stored else None, stored.step if stored else "", save
        )
        self._at_wanted_step()

    def _on_access(self, access: UnitAccess) -> None:
        stored = drafts.load_unit(access)

        def save(state: dict[str, object], step: str) -> None:
            self._show_saved(drafts.save_unit(access, state, step))

        self.access, self.closed = access, ""
        self.downloads.clear()
        self.outcome = ""
        self.session = AssessmentSession(
            stored.state if stored else None,
            stored.step if stored else "",
            save,
            fixed=submissions.registry_answers(access.unit),
        )
        self._at_wanted_step()
        self.shell.refresh()

    def close(self, why: str = "") -> None:
        """Close the open review (the record stays stored); back to the start screen."""
        self.access, self.session, self.closed = None, None, why
        self.downloads.clear()
        self.outcome = ""
        self.saved.value = ""

    def _still_open(self) -> None:
        """Close the review when what opened it no longer does (read from the database)."""
        if self.access is not None:
            try:
                check(self.access)
            except AccessRefused as exc:
                self.close(exc.message(self.shell.lang))
        elif self.session is not None and has_units():
            self.close(t("assess.registry_now", self.shell.lang))

    def _at_wanted_step(self) -> None:
        if self.session is not None and self._wanted_step:
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
            self.gate.scroller.to(".kit-app")  # the new section from its top

    def submit(self) -> None:
        session = self._require()
        lang = self.shell.lang
        try:
            stored = submissions.submit(session.saved_file(), source="app", by=self.access)
        except InvalidAnswers as exc:
            self.outcome = (
                f"<p class='kit-field-problem'>{esc(t('assess.not_ready', lang))}</p>"
                + problem_list_html(session.q, list(exc.problems), lang)
            )
        else:
            key = "assess.submitted" if stored.created else "assess.unchanged"
            self.outcome = f"<p class='kit-ok'>{esc(t(key, lang, version=stored.version))}</p>"
        self.shell.refresh()

    def _fields_scope(self) -> str:
        answers = self.session.check().answers if self.session else {}
        code = self.access.unit.code if self.access else None
        return fields_scope(code, str(answers.get("unit_name") or ""))

    def _report_base(self) -> OfficialDocument | None:
        return report_base(self.session) if self.session else None

    def make_report(self) -> None:
        from kit.assessment.report.document import build_report
        from kit.export.decree30 import render

        session = self._require()
        checked = session.check()
        fields = self.doc_fields.commit()
        doc = build_report(checked.answers, session.score(), agreed=session.agreed(), fields=fields)
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
        self._still_open()
        if self.session is None:
            body: w.Widget = self._start(lang)
        elif self.session.step == "results":
            body = self._results(lang, self.session)
        else:
            body = self._section(lang, self.session)
        parts = [
            self.gate.token,
            self.gate.scroller.widget,
            *self.gate.notice_widget(),
            *self._unit_line(lang),
            body,
        ]
        return ui.vbox(parts, "kit-assess-body")

    def _start(self, lang: str) -> w.Widget:
        why = esc(t("assess.closed", lang, why=self.closed))
        closed = [ui.html(f"<div class='kit-notice'>{why}</div>")] if self.closed else []
        if has_units():
            return ui.vbox([*closed, self.units.form(lang)])
        note = ui.html(f"<div class='kit-caution'>{esc(t('assess.no_registry', lang))}</div>")
        return ui.vbox([*closed, note, self.gate.form(lang)])

    def _unit_line(self, lang: str) -> list[w.Widget]:
        """Which unit is open and how, with a way to close it."""
        a = self.access
        if a is None or self.session is None:
            return []
        fields = {"name": a.unit.name, "code": a.unit.code, "hint": a.hint}
        key = "assess.opened_code" if a.by == "code" else "assess.opened_trainer"
        line = ui.html(f"<p class='kit-unit-line'><b>{esc(t(key, lang, **fields))}</b></p>")
        close = self._button(t("assess.close_unit", lang), self._close_and_show)
        return [ui.hbox([line, close], "kit-unit-open", layout=shared_layout(flex_flow="row wrap"))]

    def _close_and_show(self) -> None:
        self.close()
        self.shell.refresh()

    def _history(self, lang: str) -> list[w.Widget]:
        """The versions the open unit submitted, and who made each."""
        if self.access is None:
            return []
        from kit.assessment.rollup.who import Submitter

        versions = submissions.unit_history(self.access)
        if not versions:
            return []
        items = "".join(
            "<li>"
            + esc(
                t(
                    "assess.history_line",
                    lang,
                    version=v.version,
                    time=local_time(v.submitted_at),
                    who=Submitter(
                        v.submitted_by, v.code_hint if v.submitted_by == "code" else v.source
                    ).label(lang),
                )
            )
            + "</li>"
            for v in versions
        )
        return [ui.html(f"<h3>{esc(t('assess.history', lang))}</h3><ul>{items}</ul>")]

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
        picker = labelled(
            w.Dropdown,
            t("a11y.assess_step", lang),
            "kit-steps",
            options=options,
            value=session.step,
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
        parts += self.doc_fields.widgets(lang)
        actions = [
            self._button(t("assess.submit", lang), self.submit, "danger"),
            self._button(t("assess.make_docx", lang), self.make_report),
            self._button(t("assess.make_json", lang), self.make_json),
        ]
        parts += [
            ui.hbox(actions, layout=shared_layout(flex_flow="row wrap")),
            ui.html(self.outcome),
            *self.downloads.values(),
            *self._history(lang),
        ]
        box = ui.vbox(parts, "kit-assess-step-results")
        return box


def build_app(lang: str | None = None) -> AppShell:
    """The self-assessment app."""
    shell = AppShell("assess", None, lang=lang)
    view = AssessView(shell)
    shell.mount(view.render, summary=_summary)
    # a preheated kernel drew its start screen before the page was asked for: whether units are
    # registered is read again then
    shell.follow_query_string(view.on_params, on_request=shell.refresh)
    return shell


def _summary() -> str:
    from kit.assessment.questionnaire.rubric import load_rubric
    from kit.assessment.questionnaire.schema import load_questionnaire

    q, r = load_questionnaire(), load_rubric()
    return f"{len(q.sections)} sections, {len(q.fields())} fields; {len(r.dimensions)} dimensions"
