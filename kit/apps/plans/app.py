"""Plan builder app: build a communication plan step by step (header → purpose → scope → drafts
→ tasks → funding → organisation → review), with a live checker panel, a document preview and
downloads. The plan is saved after every change under the trainee's identity, so a reload or a
kernel restart reopens it at the step where it was left. ``?step=`` opens a step directly."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import ipywidgets as w

from kit import trainees
from kit.apps.plans.fields import Fields, PlanDocumentFields, prefill
from kit.apps.plans.lists import ListState, drafts_step, tasks_step
from kit.apps.plans.review import checker_panel, review_step
from kit.apps.plans.steps import funding_step, header_step, intro, organisation_step, section_step
from kit.apps.ui import widgets as ui
from kit.apps.ui.defaults import shared_layout
from kit.apps.ui.download import DOCX, download_link
from kit.apps.ui.identity import IdentityGate
from kit.apps.ui.labels import label_above
from kit.apps.ui.shell import AppShell, esc
from kit.core.errors import InputError
from kit.core.i18n import t
from kit.plans import library, store
from kit.plans.session import BuilderSession
from kit.plans.store import STEPS

JSON_MIME = "application/json"


def local_time(moment: datetime | None) -> str:
    """A stored time (UTC, possibly naive from SQLite) as local hours and minutes."""
    if moment is None:
        return ""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return f"{aware.astimezone():%H:%M %d/%m/%Y}"


class PlanBuilderView:
    def __init__(self, shell: AppShell) -> None:
        self.shell = shell
        self.gate = IdentityGate(shell, self._on_identity)
        self.session: BuilderSession | None = None
        self.picking = False
        self.lists = ListState()
        self.panel = ui.html("", "kit-checker")
        self.saved = ui.html()
        self.downloads: dict[str, w.Widget] = {}
        self._wanted_step: str | None = None
        self._rules: Any = None
        #: the plan's document fields: what a finished plan lacks; remembered for the unit
        self.doc_fields = PlanDocumentFields(
            lambda: self.gate.identity.unit if self.gate.identity else ""
        )

    # ------------------------------------------------------------------ model delegates

    @property
    def rules(self) -> Any:
        if self._rules is None:
            from kit.eligibility.rules import load_rule_set

            self._rules = load_rule_set()
        return self._rules

    def _on_identity(self, identity: trainees.Identity) -> None:
        latest = store.latest(identity.id)
        if latest is not None:
            self.session = BuilderSession(identity.id, latest)
            if self._wanted_step:
                self.session.go(self._wanted_step)

    def on_params(self, params: dict[str, str]) -> None:
        step = params.get("step")
        if step in STEPS:
            self._wanted_step = step
            if self.session is not None:
                self.go(step)

    def _owner(self) -> int:
        if self.gate.identity is None:
            raise RuntimeError("no identity")
        return self.gate.identity.id

    def start_from(self, kind: str, which: object) -> None:
        plan = library.template(which) if kind == "template" else library.seed(which)
        session = BuilderSession.start(self._owner(), plan)
        if kind == "template":
            prefill(session, self.doc_fields.remembered())
        self._open(session)

    def upload_plan(self, name: str, content: bytes) -> None:
        from kit.plans.files import parse_plan

        name = name or "PLAN.json"
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError(
                f"{name}: tệp không phải mã UTF-8; hãy tải lên tệp PLAN.json mà kit đã xuất.",
                f"{name}: the file is not UTF-8; upload a PLAN.json exported by the kit.",
            ) from exc
        self._open(BuilderSession.start(self._owner(), parse_plan(text, name)))

    def open_saved(self, plan_id: object) -> None:
        self._open(BuilderSession.resume(self._owner(), plan_id))

    def _open(self, session: BuilderSession) -> None:
        self.session, self.picking, self.downloads = session, False, {}
        self.lists = ListState()
        self.shell.refresh()

    def go(self, step: object) -> None:
        if self.session is not None:
            self.session.go(step)
            self.downloads = {}
            self.shell.refresh()

    def move(self, delta: int) -> None:
        if self.session is not None:
            self.session.move(delta)
            self.downloads = {}
            self.shell.refresh()

    def make_download(self, kind: str) -> None:
        if self.session is None:
            return
        plan = self.session.plan
        stem = (plan.header.issuing_body or "ke-hoach").strip() or "ke-hoach"
        if kind == "docx":
            from kit.plans.export import export_plan

            self.doc_fields.remember(plan)
            link = download_link(
                export_plan(plan),
                f"ke-hoach-{stem}.docx",
                t("plans.download_docx", self.shell.lang),
                DOCX,
            )
        else:
            from kit.plans.files import dump_plan

            data = dump_plan(plan).encode("utf-8")
            link = download_link(
                data, "PLAN.json", t("plans.download_json", self.shell.lang), JSON_MIME
            )
        self.downloads[kind] = link
        self.shell.refresh()

    def update_panel(self) -> None:
        """After each saved change: the checker panel and the saved line (no redraw of the form)."""
        if self.session is None:
            return
        lang = self.shell.lang
        self.panel.value = checker_panel(self.session, lang)
        self.doc_fields.show(self.session.plan, lang)
        saved = t("plans.saved", lang, time=local_time(self.session.saved_at))
        self.saved.value = f"<span class='kit-saved'>{esc(saved)}</span>"

    # ------------------------------------------------------------------ rendering

    def render(self, lang: str) -> w.Widget:
        if self.gate.identity is None:
            body: w.Widget = ui.vbox([intro(t("plans.login_intro", lang)), self.gate.form(lang)])
        elif self.session is None or self.picking:
            body = self._picker(lang)
        else:
            body = self._builder(lang, self.session)
        box = ui.vbox([self.gate.token, *self.gate.notice_widget(), body], "kit-plans-body")
        return box

    def _button(self, label: str, action: Any, icon: str = "", style: str = "") -> w.Button:
        return self.shell.button(label, action, style, icon)

    def _picker(self, lang: str) -> w.Widget:
        template = label_above(
            ui.make(
                w.Dropdown,
                options=[(t(f"plans.template_{k}", lang), k) for k in library.TEMPLATES],
            ),
            t("a11y.plan_template", lang),
        )
        create = self._button(
            t("plans.create", lang),
            lambda: self.start_from("template", template.value),
            "plus",
            "danger",
        )
        seeds = [
            self._button(
                t(f"plans.{s.replace('-', '_')}", lang),
                lambda s=s: self.start_from("seed", s),
                "file-text",
            )
            for s in library.SEEDS
        ]
        upload = ui.make(
            w.FileUpload,
            accept=".json",
            multiple=False,
            description=t("plans.upload_json", lang),
            layout=shared_layout(width="auto"),
        )

        def uploaded(change: dict[str, Any]) -> None:
            files = change["new"]
            if files:
                name, content = str(files[0].get("name", "")), bytes(files[0].get("content", b""))
                upload.value = ()
                self.upload_plan(name, content)

        upload.observe(self.shell.guard(uploaded), names="value")
        parts: list[w.Widget] = [
            ui.html(f"<h2>{esc(t('plans.start_heading', lang))}</h2>"),
            intro(t("plans.start_intro", lang)),
            template,
            create,
            ui.html(f"<h3>{esc(t('plans.seed_heading', lang))}</h3>"),
            *seeds,
            upload,
        ]
        saved = store.listing(self._owner())
        if saved:
            parts.append(ui.html(f"<h3>{esc(t('plans.list_heading', lang))}</h3>"))
            for entry in saved:
                title = entry.title or t("plans.untitled", lang)
                when = t("plans.edited", lang, time=local_time(entry.updated_at))
                row = ui.hbox(
                    [
                        self._button(
                            t("plans.open", lang),
                            lambda i=entry.id: self.open_saved(i),
                            "folder-open",
                        ),
                        ui.html(
                            f"<span>{esc(title)} <span class='kit-note'>({esc(when)})</span></span>"
                        ),
                    ],
                    "kit-row",
                )
                parts.append(row)
        box = ui.vbox(parts, "kit-plan-picker")
        return box

    def _steps_bar(self, lang: str, session: BuilderSession) -> w.Widget:
        bar = ui.make(
            w.ToggleButtons,
            "kit-steps",
            options=[(f"{n + 1}. {t(f'plans.step_{s}', lang)}", s) for n, s in enumerate(STEPS)],
            value=session.step,
        )
        bar.observe(self.shell.guard(lambda ch: self.go(ch["new"])), names="value")
        return bar

    def _step_body(self, lang: str, session: BuilderSession) -> list[w.Widget]:
        f = Fields(self.shell, session, self.update_panel)
        step = session.step
        if step == "header":
            return header_step(f, lang)
        if step == "purpose":
            return section_step(f, lang, "purpose")
        if step == "scope":
            return section_step(f, lang, "scope")
        if step == "drafts":
            return drafts_step(f, lang, self.lists, self.rules)
        if step == "tasks":
            return tasks_step(f, lang, self.lists)
        if step == "funding":
            return funding_step(f, lang)
        if step == "organisation":
            return organisation_step(f, lang)
        downloads = list(self.downloads.values())
        return review_step(session, lang, self.go, self.make_download, downloads, self.shell)

    def _builder(self, lang: str, session: BuilderSession) -> w.Widget:
        self.update_panel()
        nav = ui.hbox(
            [
                self._button(t("plans.prev", lang), lambda: self.move(-1), "arrow-left"),
                self._button(t("plans.next", lang), lambda: self.move(1), "arrow-right", "danger"),
                self._button(t("plans.my_plans", lang), self._pick, "list"),
            ],
            "kit-row",
        )
        form = ui.vbox(
            [
                ui.html(f"<h2>{esc(t(f'plans.step_{session.step}', lang))}</h2>"),
                *self._step_body(lang, session),
            ],
            "kit-col",
            f"kit-plan-step-{session.step}",
        )
        side = ui.vbox([self.panel], "kit-col", "kit-plan-side")
        columns = ui.hbox([form, side], "kit-two-col")
        status = self.doc_fields.status
        return ui.vbox([self._steps_bar(lang, session), self.saved, status, columns, nav])

    def _pick(self) -> None:
        self.picking = True
        self.shell.refresh()


def build_app(lang: str | None = None) -> AppShell:
    """The plan builder app."""
    shell = AppShell("plans", None, lang=lang)
    view = PlanBuilderView(shell)
    shell.mount(
        view.render,
        summary=lambda: (
            f"{len(STEPS)} steps; templates: {', '.join(library.TEMPLATES)}; "
            f"seed plans: {', '.join(library.SEEDS)}"
        ),
    )
    shell.follow_query_string(view.on_params)
    return shell
