"""Report analyzer app: paste a unit's narrative review report or upload it (.txt, .docx) and see
which expected sections are there (found by their words, not their numbering), the figures and
document references in each, what a reviewer would flag, the completeness and evidence scores,
and what to add. Nothing is stored: the report stays in this page's kernel."""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w

from kit.apps.ui import upload
from kit.apps.ui import widgets as ui
from kit.apps.ui.labels import labelled
from kit.apps.ui.shell import AppShell, esc
from kit.assessment.analyzer.analyze import Analysis, SectionResult, analyze_file, analyze_text
from kit.core.errors import InputError
from kit.core.i18n import t
from kit.core.limits import PASTED_REPORT, REPORT_DOCX

#: the longest report accepted (a yearly report is a few pages)
MAX_BYTES = REPORT_DOCX.max_bytes  # kit.core.limits: the same as the command line
MAX_CHARS = PASTED_REPORT.chars
FLAGS = ("missing", "empty", "no_figures", "no_references", "generic")


def _pick(vi: str, en: str, lang: str) -> str:
    return en if lang == "en" else vi


def scores_html(a: Analysis, lang: str) -> str:
    def bar(label: str, value: int) -> str:
        return (
            f"<div class='kit-score-row'><span class='kit-score-name'>{esc(label)}</span>"
            f"<span class='kit-score-track'><span class='kit-score-bar' style='width:{value}%'>"
            f"</span></span><span class='kit-score-mark'>{value}/100</span></div>"
        )

    about = " · ".join(esc(x) for x in (a.unit, a.period) if x)
    return (
        (f"<p><b>{about}</b></p>" if about else "")
        + "<div class='kit-score-chart'>"
        + bar(t("analyze.completeness", lang), a.completeness)
        + bar(t("analyze.evidence", lang), a.evidence)
        + "</div>"
    )


def _where(line: int | None, quote: str | None, lang: str) -> str:
    """After a finding, the line it came from, quoted and clipped: " (dòng 12: «…»)"."""
    if line is None or not quote:
        return ""
    shown = esc(t("analyzer.at_line", lang, n=line, quote=quote))
    return f" <span class='kit-muted'>({shown})</span>"


def section_html(s: SectionResult, lang: str) -> str:
    mark = "✔" if s.found else "✘"
    flags = "".join(
        "<li class='kit-field-problem'>"
        + esc(t("analyze.flag_" + str(r["flag"]), lang))
        + _where(r.get("line"), r.get("quote"), lang)
        + "</li>"
        for r in s.flag_reasons
    )
    figures = "; ".join(esc(f.text) + _where(f.line, f.quote, lang) for f in s.figures[:6])
    refs = "; ".join(esc(r.text) + _where(r.line, r.quote, lang) for r in s.references[:6])
    rows = [
        f"<li>{esc(t('analyze.figures', lang, n=len(s.figures)))}"
        f"{': ' + figures if figures else ''}</li>",
        f"<li>{esc(t('analyze.references', lang, n=len(s.references)))}"
        f"{': ' + refs if refs else ''}</li>",
    ]
    if not s.found:
        rows = []
    elif s.found_by == "opening":
        rows.insert(0, f"<li>{esc(t('analyzer.found_by_opening', lang))}</li>")
    rows.append(flags)
    return (
        f"<div class='kit-analyze-section'><h4>{mark} {esc(_pick(s.title, s.title_en, lang))}"
        f"</h4><ul>{''.join(rows)}</ul></div>"
    )


def analysis_html(a: Analysis, lang: str) -> str:
    suggestions = "".join(f"<li>{esc(_pick(x['vi'], x['en'], lang))}</li>" for x in a.suggestions)
    return (
        f"<h2>{esc(t('analyze.results', lang))}</h2>"
        + scores_html(a, lang)
        + "".join(section_html(s, lang) for s in a.sections)
        + f"<h3>{esc(t('analyze.suggestions', lang))}</h3>"
        + (f"<ol>{suggestions}</ol>" if suggestions else f"<p>{esc(t('analyze.none', lang))}</p>")
    )


class AnalyzeView:
    def __init__(self, shell: AppShell) -> None:
        self.shell = shell
        self.analysis: Analysis | None = None
        self.pasted = ""

    def analyze_pasted(self, text: object) -> None:
        if not isinstance(text, str) or not text.strip():
            raise InputError("Hãy dán nội dung báo cáo trước.", "Paste the report's text first.")
        PASTED_REPORT.check_chars(len(text))
        self.pasted = text
        self.analysis = analyze_text(text)
        self.shell.refresh()

    def analyze_upload(self, value: object) -> None:
        files = upload.uploaded_files(value, MAX_BYTES)
        if not files:
            raise InputError("Chưa chọn tệp nào.", "No file chosen.")
        name, data = files[0]
        self.analysis = analyze_file(data, name)
        self.shell.refresh()

    def _button(self, label: str, action: Callable[[], object], style: str = "") -> w.Button:
        return self.shell.button(label, action, style)

    def render(self, lang: str) -> w.Widget:
        text = labelled(
            w.Textarea,
            t("a11y.report_text", lang),
            value=self.pasted,
            placeholder=t("analyze.paste", lang),
            rows=10,
        )
        chooser = ui.make(
            w.FileUpload,
            "kit-upload",
            accept=".txt,.docx",
            multiple=False,
            description=t("analyze.choose_file", lang),
        )
        parts: list[w.Widget] = [
            ui.html(f"<p>{esc(t('analyze.intro', lang))}</p>"),
            text,
            self._button(
                t("analyze.run_pasted", lang), lambda: self.analyze_pasted(text.value), "danger"
            ),
            ui.html(f"<p>{esc(t('analyze.or_upload', lang))}</p>"),
            chooser,
            self._button(t("analyze.run_file", lang), lambda: self.analyze_upload(chooser.value)),
        ]
        if self.analysis is not None:
            parts.append(ui.html(analysis_html(self.analysis, lang)))
        box = ui.vbox(parts, "kit-analyze-body")
        return box


def build_app(lang: str | None = None) -> AppShell:
    """The report analyzer app."""
    shell = AppShell("analyze", None, lang=lang)
    view = AnalyzeView(shell)
    shell.mount(view.render, summary=_summary)
    shell.follow_query_string()  # ?lang=en, also in a kernel preheated before the page came
    return shell


def _summary() -> str:
    from kit.assessment.analyzer.vocabulary import load_vocabulary

    keys = ", ".join(s.key for s in load_vocabulary().sections)
    return f"sections: {keys}; flags: {', '.join(FLAGS)}"
