"""The trainer app's "Ngân hàng câu hỏi" (question bank) tab: pick a lesson, download its
questions as the kit's Excel workbook, upload the edited workbook, see what it changes item by
item (added; changed, with the fields; removed: retired when attempts, workshops or a lesson name
the item, deleted otherwise), then save it into the content folder.

The upload is read in the kernel (size-checked, :mod:`kit.apps.ui.upload`), each question is
validated with the bank's schema and the whole content is checked with the new banks as
``kit check`` would (ids another lesson holds are refused); saving is offered only when nothing is
refused. The installed kit is never written (:mod:`kit.content.content_folder`): the first save
makes a content folder in the data folder, served from then on. The catalogues of this kernel are
reloaded at once; pages opened afterwards show the saved questions, a page already open shows
them once reloaded. Every action asks the trainer page's gate first (``require_open``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as w

from kit.apps.ui import upload
from kit.apps.ui.download import XLSX, download_link
from kit.apps.ui.labels import labelled
from kit.apps.ui.shell import AppShell, esc
from kit.apps.ui.widgets import html, make
from kit.content import content_folder
from kit.content.catalogue import Catalogue, refresh_loaded
from kit.core.errors import InputError
from kit.core.i18n import t

#: the largest question file taken (the command line's limit for a question file)
MAX_BYTES = 10 * 2**20
ACCEPT = ".xlsx,.xml,.gift,.txt"
KINDS = ("added", "changed", "retired", "deleted")


class BankDesk:
    """What the tab holds: the lesson chosen, the workbook made for it, the last upload's plan
    and problems, and the notice of the last save."""

    def __init__(
        self, shell: AppShell, catalogue: Callable[[], Catalogue], require_open: Callable[[], None]
    ) -> None:
        self.shell = shell
        self.catalogue = catalogue
        self.require_open = require_open
        self.lesson: str | None = None
        self.download: w.Widget | None = None
        self.plan: content_folder.UploadPlan | None = None
        self.read_problems: list[tuple[str, str]] = []
        self.uploaded: list[dict[str, Any]] = []
        self.notice = ""

    def choose(self, lesson: object) -> None:
        self.require_open()
        if lesson not in self.catalogue().lessons:
            raise InputError(
                "Hãy chọn một bài học trong danh sách.", "Pick a lesson from the list."
            )
        if lesson != self.lesson:
            self.lesson, self.download, self.plan, self.read_problems = str(lesson), None, None, []
        self.shell.refresh()

    def _chosen(self) -> str:
        if self.lesson is None or self.lesson not in self.catalogue().lessons:
            raise InputError("Hãy chọn một bài học trước.", "Pick a lesson first.")
        return self.lesson

    def make_workbook(self) -> None:
        self.require_open()
        from kit.content.authoring.xlsx_bank import export_xlsx

        lesson = self._chosen()
        data = export_xlsx(self.catalogue(), lesson=lesson)
        label = t("bank.xlsx_link", self.shell.lang)
        self.download = download_link(data, f"cau-hoi-{lesson}.xlsx", label, XLSX)
        self.shell.refresh()

    def check_upload(self, value: object) -> None:
        """Read the uploaded file and plan its save; nothing is written."""
        self.require_open()
        from kit.content.authoring.importer import read_questions

        lesson = self._chosen()
        files = upload.uploaded_files(value, MAX_BYTES)
        if not files:
            raise InputError("Chưa chọn tệp nào.", "No file chosen.")
        name, data = files[0]
        self.plan, self.read_problems, self.notice = None, [], ""
        cat = self.catalogue()
        result = read_questions(data, name, lesson, cat)
        en = self.shell.lang == "en"
        self.read_problems = [
            (
                (p.position_en or p.position) if en else p.position,
                p.message_en if en else p.message_vi,
            )
            for p in result.problems
        ]
        if not result.items:
            raise InputError(
                "Tệp không có câu hỏi nào dùng được cho bài học này.",
                "The file holds no usable question for this lesson.",
            )
        self.uploaded = result.items
        self.plan = content_folder.plan_upload(cat, lesson, result.items)
        self.shell.refresh()

    def can_save(self) -> bool:
        plan = self.plan
        return bool(plan and plan.texts and not plan.problems and not self.read_problems)

    def save(self) -> None:
        self.require_open()
        plan = self.plan
        if plan is None or not self.can_save():
            raise InputError(
                "Chưa có thay đổi nào hợp lệ để lưu.", "There is no valid change to save."
            )
        again = content_folder.plan_upload(self.catalogue(), plan.lesson, self.uploaded)
        if again.problems or again.texts != plan.texts:  # the content changed meanwhile
            self.plan = again
            raise InputError(
                "Nội dung vừa được thay đổi ở nơi khác; hãy xem lại bản xem trước rồi lưu.",
                "The content was changed elsewhere meanwhile; look at the preview again.",
            )
        saved = content_folder.save_banks(plan.texts)
        refresh_loaded()
        lang = self.shell.lang
        lines = [t("bank.saved", lang, n=len(plan.changes))]
        if saved and saved[0].made_folder:
            lines.append(t("bank.folder_made", lang, path=str(saved[0].path.parent.parent)))
        titles = {b: bank.title for b, bank in self.catalogue().banks.items()}
        lines += [
            t("bank.backup", lang, title=titles.get(s.path.stem, s.path.stem))
            for s in saved
            if s.backup
        ]
        lines.append(t("bank.reload_note", lang))
        self.notice = "\n".join(lines)
        self.plan, self.read_problems, self.uploaded, self.download = None, [], [], None
        self.shell.refresh()

    # ------------------------------------------------------------------ layout

    def widgets(self, lang: str) -> list[w.Widget]:
        cat = self.catalogue()
        lessons = [(lesson.meta.title, lesson.id) for lesson in cat.ordered_lessons()]
        if lessons and self.lesson not in {lesson_id for _, lesson_id in lessons}:
            self.lesson = lessons[0][1]
        picker = labelled(w.Dropdown, t("bank.lesson", lang), options=lessons, value=self.lesson)
        picker.observe(self.shell.guard(lambda ch: self.choose(ch["new"])), names="value")
        chooser = make(
            w.FileUpload,
            "kit-upload",
            accept=ACCEPT,
            multiple=False,
            description=t("bank.choose_file", lang),
        )
        parts: list[w.Widget] = [
            html(
                f"<h2>{esc(t('bank.title', lang))}</h2><p>{esc(t('bank.intro', lang))}</p>",
                "kit-bank",
            ),
            html(f"<p class='kit-note'>{esc(where_text(lang))}</p>", "kit-bank-where"),
        ]
        if self.notice:
            shown = "<br>".join(esc(line) for line in self.notice.split("\n"))
            parts.append(html(f"<div class='kit-notice' role='status'>{shown}</div>"))
        parts += [
            picker,
            self.shell.button(t("bank.make_xlsx", lang), self.make_workbook),
        ]
        if self.download is not None:
            parts.append(self.download)
        parts += [
            html(f"<p>{esc(t('bank.upload_help', lang))}</p>"),
            chooser,
            self.shell.button(
                t("bank.check", lang), lambda: self.check_upload(chooser.value), "danger"
            ),
        ]
        if self.plan is not None or self.read_problems:
            parts.append(html(preview_html(self.plan, self.read_problems, lang)))
        if self.can_save():
            parts.append(self.shell.button(t("bank.save", lang), self.save, "danger"))
        return parts


def where_text(lang: str) -> str:
    """Where a save goes, in words."""
    from kit.core import paths

    state = content_folder.where_saved()
    if state == "shipped":
        return t("bank.where_shipped", lang, path=str(paths.data_content_dir()))
    return t(f"bank.where_{state}", lang, path=str(paths.content_root()))


def field_name(key: str, lang: str) -> str:
    """A field of an item as the workbook's columns call it."""
    name = t(f"bank.field_{key}", lang)
    return key if name == f"bank.field_{key}" else name


def preview_html(
    plan: content_folder.UploadPlan | None, read_problems: list[tuple[str, str]], lang: str
) -> str:
    """The problems that refuse the upload, then each change, item by item."""
    out = [f"<h3>{esc(t('bank.preview', lang))}</h3>"]
    problems = [f"{where}: {what}" for where, what in read_problems]
    problems += [en if lang == "en" else vi for vi, en in (plan.problems if plan else ())]
    if problems:
        out.append(f"<div class='kit-error' role='alert'><p>{esc(t('bank.refused', lang))}</p>")
        out.append("<ul>" + "".join(f"<li>{esc(p)}</li>" for p in problems[:50]) + "</ul></div>")
    if plan is None:
        return "".join(out)
    if not plan.changes:
        out.append(f"<p>{esc(t('bank.no_change', lang))}</p>")
    rows = []
    for change in plan.changes:
        what = t(f"bank.kind_{change.kind}", lang)
        if change.kind == "changed":
            fields = ", ".join(field_name(f, lang) for f in change.fields)
            what = t("bank.kind_changed_fields", lang, fields=fields)
        named = t("bank.item_id", lang, id=change.item_id)  # the id only as a tooltip
        rows.append(
            f"<li class='kit-bank-{change.kind}' title='{esc(named)}'>{esc(change.prompt)}"
            f"<br><b>{esc(what)}</b></li>"
        )
    if rows:
        out.append("<ul class='kit-bank-changes'>" + "".join(rows) + "</ul>")
    counts = {k: sum(c.kind == k for c in plan.changes) for k in KINDS}
    out.append(f"<p>{esc(t('bank.summary', lang, same=plan.unchanged, **counts))}</p>")
    return "".join(out)
