"""Batch mode of the eligibility app: download the template, upload a filled XLSX or CSV, see a
decision for every row (bad rows explained, the rest decided) and download the results."""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from kit.apps.ui import widgets as ui
from kit.apps.ui.defaults import full_width
from kit.apps.ui.download import XLSX, download_link
from kit.apps.ui.shell import AppShell, esc
from kit.core.errors import InputError
from kit.core.i18n import t
from kit.core.limits import ELIGIBILITY_SHEET
from kit.eligibility import rules as r

MAX_MB = ELIGIBILITY_SHEET.megabytes  # kit.core.limits: the same as the command line
SHOWN_ROWS = 200
TABLE_COLUMNS = ("Mã", "Tên dự thảo chính sách", "Kết luận", "Lý do")


class BatchView:
    def __init__(self, rule_set: r.RuleSet, shell: AppShell) -> None:
        self.rules = rule_set
        self.shell = shell
        self.template: w.Widget | None = None
        self.result: Any = None  # kit.eligibility.batch.model.BatchResult once a file is decided
        self.result_link: w.Widget | None = None
        self.progress = ui.make(w.IntProgress, value=0, min=0, max=1, layout=full_width())
        self.progress_label = ui.html()
        self.upload = ui.make(w.FileUpload, accept=".xlsx,.csv", multiple=False)
        self.upload.observe(shell.guard(self._on_upload), names="value")

    def _make_template(self) -> None:
        from kit.eligibility.batch import workbook

        data = workbook.write_template(self.rules)
        label = t("eligibility.template_link", self.shell.lang)
        self.template = download_link(data, "mau-xac-dinh-pham-vi.xlsx", label, XLSX)
        self.shell.refresh()

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.max = max(total, 1)
        self.progress.value = done
        self.progress_label.value = esc(
            t("eligibility.processing", self.shell.lang, done=done, total=total)
        )

    def _on_upload(self, change: dict[str, Any]) -> None:
        files = change["new"]
        if not files:
            return
        upload = files[0]
        name, content = str(upload.get("name", "")), bytes(upload.get("content", b""))
        self.upload.value = ()  # the same file can be chosen again after a fix
        size_mb = len(content) / 1_048_576
        if size_mb > MAX_MB:
            raise InputError(
                t("eligibility.too_big", "vi", size=f"{size_mb:.1f}", limit=MAX_MB),
                t("eligibility.too_big", "en", size=f"{size_mb:.1f}", limit=MAX_MB),
            )
        from kit.eligibility.batch import decide, workbook

        self.result = decide.run_batch(content, name, self.rules, progress=self._on_progress)
        self.progress_label.value = ""  # the counts below say it is done
        out = workbook.write_result(self.result)
        stem = name.rsplit(".", 1)[0] or "du-thao"
        label = t("eligibility.result_link", self.shell.lang)
        self.result_link = download_link(out, f"ket-qua-{stem}.xlsx", label, XLSX)
        self.shell.refresh()

    def _table(self, lang: str) -> str:
        result = self.result
        counts = ", ".join(f"{k}: {v}" for k, v in result.counts.items() if v)
        total = len(result.rows)
        head = "".join(f"<th>{esc(c)}</th>" for c in TABLE_COLUMNS)
        rows = "".join(
            "<tr>"
            + f"<td>{esc(row.values.get('Mã') or '')}</td>"
            + f"<td>{esc(row.values.get('Tên dự thảo chính sách') or '')}</td>"
            + f"<td>{esc(row.conclusion)}</td><td>{esc(row.reason)}</td></tr>"
            for row in result.rows[:SHOWN_ROWS]
        )
        shown = t("eligibility.shown_rows", lang, shown=SHOWN_ROWS, total=total)
        more = f"<p class='kit-note'>{esc(shown)}</p>" if total > SHOWN_ROWS else ""
        return (
            f"<p><b>{esc(t('eligibility.batch_counts', lang, total=total, counts=counts))}</b></p>"
            f"<table class='kit-batch-table'><tr>{head}</tr>{rows}</table>{more}"
        )

    def render(self, lang: str) -> w.Widget:
        make = ui.button(description=t("eligibility.template", lang), icon="download")
        make.on_click(self.shell.guard(lambda _b: self._make_template()))
        self.upload.description = t("eligibility.upload", lang)
        parts: list[w.Widget] = [
            ui.html(f"<p>{esc(t('eligibility.batch_intro', lang))}</p>"),
            make,
            *([self.template] if self.template else []),
            self.upload,
            self.progress_label,
            self.progress,
        ]
        if self.result is not None:
            parts += [*([self.result_link] if self.result_link else []), ui.html(self._table(lang))]
        box = ui.vbox(parts, "kit-eligibility-batch")
        return box
