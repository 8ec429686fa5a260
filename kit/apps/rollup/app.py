"""Roll-up app for the level above: load many units' files (filled templates, one combined sheet,
or the units' JSON files) or, with the trainer passcode, the reviews units submitted in the app;
see the scores by dimension, the distributions, the units below a threshold, the most frequent
difficulties and recommendations and what peers did (with CAF's caution about comparing
self-assessed scores); export the workbook and the consolidated report. Reading shows progress.

Each unit's row says who submitted it (the hint of the unit's access code, the trainer, or the
file). Once units are registered, a name read from a file that looks like a registered unit's
is only suggested: a button confirms it, and nothing merges before that."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Any

import ipywidgets as w

from kit.apps.rollup.status import StatusPanel
from kit.apps.rollup.view import (
    below_html,
    dimensions_html,
    overview_html,
    peers_html,
    rejected_html,
    texts_html,
    units_html,
)
from kit.apps.ui import upload
from kit.apps.ui import widgets as ui
from kit.apps.ui.defaults import full_width
from kit.apps.ui.document_fields import DocumentFieldsForm
from kit.apps.ui.download import DOCX, XLSX, download_link
from kit.apps.ui.shell import AppShell, esc
from kit.assessment.rollup.aggregate import DEFAULT_THRESHOLD, RollUp, roll_up
from kit.assessment.rollup.sources import Inputs, confirm, read_files, read_submitted
from kit.assessment.rollup.who import Suggestion
from kit.core.errors import InputError
from kit.core.i18n import t
from kit.units.registry import RegisteredUnit, all_units, has_units

#: units with suggestions shown at once (confirming one shows the next)
SHOWN_SUGGESTIONS = 30
#: the most bytes accepted in one load: what the server takes (a province's sheets fit many times)
MAX_UPLOAD = upload.MAX_BYTES


def uploaded_files(value: object) -> list[tuple[str, bytes]]:
    """The files of the upload widget, within :data:`MAX_UPLOAD` in all."""
    return upload.uploaded_files(value, MAX_UPLOAD)


class RollUpView:
    def __init__(self, shell: AppShell) -> None:
        self.shell = shell
        self.inputs: Inputs | None = None
        self.rolled: RollUp | None = None
        self.threshold = DEFAULT_THRESHOLD
        self.downloads: dict[str, w.Widget] = {}
        self.progress = ui.make(w.IntProgress, value=0, min=0, max=100, layout=full_width())
        self.status = ui.html()
        #: the submission status panel (:mod:`kit.apps.rollup.status`); it shares the gate
        self.panel = StatusPanel(shell)
        self._gate: Any = self.panel.gate
        #: the report's document fields, remembered for the roll-up between visits
        self.doc_fields = DocumentFieldsForm(shell, lambda: "rollup")

    # ------------------------------------------------------------------ actions

    def _show_progress(self, done: int, total: int) -> None:
        self.progress.max = max(total, 1)
        self.progress.value = min(done, self.progress.max)
        self.status.value = esc(t("rollup.reading", self.shell.lang, done=done, total=total))

    def load_files(self, value: object) -> None:
        files = uploaded_files(value)
        if not files:
            raise InputError("Chưa chọn tệp nào.", "No file chosen.")
        self.status.value = esc(t("rollup.reading", self.shell.lang, done=0, total=len(files)))
        self._use(read_files(files, self._show_progress, _registry()))

    def load_submitted(self, passcode: object, year: object) -> None:
        from kit.workshops.passcode import TrainerGate

        if self._gate is None:
            self._gate = TrainerGate()
        if not self._gate.is_open() and not self._gate.unlock(passcode):
            raise InputError(
                "Mật khẩu giảng viên không đúng; các bản đã nộp chưa được mở.",
                "Wrong trainer passcode; the submitted reviews were not opened.",
            )
        period = year if isinstance(year, int) and 2000 <= year <= 2100 else None
        self._use(read_submitted(period, _registry()))

    def confirm(self, suggestion: Suggestion, unit: RegisteredUnit) -> None:
        """A person confirmed that a unit read under a name is the registered ``unit``."""
        if self.inputs is None:
            raise InputError("Chưa có số liệu.", "Nothing is loaded yet.")
        self._use(confirm(self.inputs, suggestion, unit))

    def set_threshold(self, value: object) -> None:
        if not isinstance(value, int | float) or not 0 <= value <= 100:
            raise InputError("Ngưỡng là một số từ 0 đến 100.", "The threshold is from 0 to 100.")
        self.threshold = float(value)
        if self.inputs is not None and self.inputs.units:
            self._roll()
        self.shell.refresh()

    def _use(self, inputs: Inputs) -> None:
        self.inputs = inputs
        self.downloads.clear()
        if not inputs.units:
            self.rolled = None
            self.status.value = esc(t("rollup.nothing", self.shell.lang))
        else:
            self._roll()
            self.status.value = esc(
                t("rollup.done", self.shell.lang, n=len(inputs.units), skipped=len(inputs.rejected))
            )
        self.shell.refresh()

    def _roll(self) -> None:
        if self.inputs is None:
            return
        excluded = [x.source for x in self.inputs.rejected]
        self.rolled = roll_up(self.inputs.units, self.threshold, excluded=excluded)
        self.downloads.clear()

    def export(self, kind: str) -> None:
        from kit.assessment.rollup.document import rollup_docx
        from kit.assessment.rollup.workbook import rollup_xlsx

        if self.rolled is None:
            raise InputError("Chưa có số liệu để xuất.", "Nothing to export yet.")
        lang = self.shell.lang
        if kind == "xlsx":
            who = self.inputs.submitters if self.inputs else {}
            data, name, mime = rollup_xlsx(self.rolled, who), "tong-hop-tu-danh-gia.xlsx", XLSX
        else:
            fields = self.doc_fields.commit()
            covered = self.panel.report_coverage(self.inputs.units if self.inputs else [])
            data = rollup_docx(self.rolled, "", "", None, fields, coverage=covered)
            body = fields.issuing_body or "tu-danh-gia"
            name, mime = f"bao-cao-tong-hop-{body}.docx", DOCX
        self.downloads[kind] = download_link(data, name, t(f"rollup.{kind}_link", lang), mime)
        self.shell.refresh()

    # ------------------------------------------------------------------ layout

    def _button(self, label: str, action: Callable[[], object], style: str = "") -> w.Button:
        return self.shell.button(label, action, style)

    def _sources(self, lang: str) -> list[w.Widget]:
        upload = ui.make(
            w.FileUpload,
            "kit-upload",
            accept=".xlsx,.xlsm,.csv,.json",
            multiple=True,
            description=t("rollup.choose_files", lang),
        )
        load = self._button(
            t("rollup.load_files", lang), lambda: self.load_files(upload.value), "danger"
        )
        passcode = ui.make(w.Password, placeholder=t("trainer.passcode", lang))
        year = ui.make(
            w.BoundedIntText,
            value=date.today().year,
            min=2000,
            max=2100,
            description=t("rollup.year", lang),
        )
        stored = self._button(
            t("rollup.load_submitted", lang),
            lambda: self.load_submitted(passcode.value, year.value),
        )
        return [
            ui.html(f"<h2>{esc(t('rollup.sources', lang))}</h2>"),
            ui.html(f"<p>{esc(t('rollup.sources_help', lang))}</p>"),
            upload,
            load,
            ui.html(f"<p class='kit-note'>{esc(t('rollup.submitted_help', lang))}</p>"),
            passcode,
            year,
            stored,
            self.progress,
            self.status,
        ]

    def _results(self, lang: str, r: RollUp) -> list[w.Widget]:
        threshold = ui.make(
            w.BoundedFloatText,
            value=self.threshold,
            min=0,
            max=100,
            step=5,
            description=t("rollup.threshold", lang),
        )
        threshold.observe(self.shell.guard(lambda ch: self.set_threshold(ch["new"])), names="value")
        html = (
            overview_html(r, lang)
            + dimensions_html(r, lang)
            + below_html(r, lang)
            + texts_html(r, lang)
            + peers_html(r, lang)
            + units_html(r, lang, self.inputs.submitters if self.inputs else {})
        )
        return [
            ui.html(f"<h2>{esc(t('rollup.results', lang))}</h2>"),
            ui.html(rejected_html(self.inputs.rejected if self.inputs else [], lang)),
            threshold,
            *self._suggestions(lang),
            ui.html(self.panel.coverage_html(self.inputs.units if self.inputs else [], lang)),
            ui.html(html),
            ui.html(f"<h2>{esc(t('rollup.export', lang))}</h2>"),
            self._button(t("rollup.make_xlsx", lang), lambda: self.export("xlsx")),
            *self.doc_fields.widgets(lang),
            self._button(t("rollup.make_docx", lang), lambda: self.export("docx")),
            *self.downloads.values(),
        ]

    def _suggestions(self, lang: str) -> list[w.Widget]:
        """The units whose names look like registered ones, each with a button per unit it may
        be (the units offered are this kernel's, never the page's)."""
        found = self.inputs.suggestions if self.inputs else []
        if not found:
            return []
        parts: list[w.Widget] = [
            ui.html(f"<h3>{esc(t('rollup.matches', lang, n=len(found)))}</h3>"),
            ui.html(f"<p class='kit-note'>{esc(t('rollup.matches_help', lang))}</p>"),
        ]
        for s in found[:SHOWN_SUGGESTIONS]:
            parts.append(
                ui.html(
                    f"<p>{esc(t('rollup.suggested', lang, typed=s.typed, source=s.source))}</p>"
                )
            )
            for c in s.candidates:
                fields = {"code": c.unit.code, "name": c.unit.name, "reason": c.reason(lang)}
                label = t("rollup.confirm_match", lang, **fields)
                parts.append(self._button(label, partial(self.confirm, s, c.unit)))
        return [ui.vbox(parts, "kit-rollup-matches")]

    def render(self, lang: str) -> w.Widget:
        parts = [*self._sources(lang), *self.panel.widgets(lang)]
        if self.rolled is not None:
            parts += self._results(lang, self.rolled)
        elif self.inputs is not None:
            parts.append(ui.html(rejected_html(self.inputs.rejected, lang)))
        box = ui.vbox(parts, "kit-rollup-body")
        return box


def _registry() -> list[RegisteredUnit] | None:
    """The active registered units (None while none is registered: files are read as ever)."""
    return all_units(active_only=True) if has_units() else None


def build_app(lang: str | None = None) -> AppShell:
    """The roll-up app."""
    shell = AppShell("rollup", None, lang=lang)
    view = RollUpView(shell)
    shell.mount(view.render, summary=lambda: "files: .xlsx .xlsm .csv .json; or submitted reviews")
    shell.follow_query_string()  # ?lang=en, also in a kernel preheated before the page came
    return shell
