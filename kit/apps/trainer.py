"""Trainer app: unlock with the trainer passcode (or the one-time code printed at first start, or
an unlock code from ``kit trainer code`` when wrong passcodes have paused it), open a workshop and
print its join sheet, follow it live (roster, distribution, item statistics, gain, survey), grade
free-text answers one by one, export the results (XLSX, DOCX), and look trainees up to unlock
them or give them a new PIN (:mod:`kit.apps.trainer_trainees`). Every name and answer a trainee
typed is escaped before it is shown.

While the dashboard is shown it refreshes itself every :data:`REFRESH_S` seconds, from the
kernel's event loop (the thread that handles the page's messages, so no widget changes from
another thread) and through the shell's guard; the refresh stops when the trainer leaves the
dashboard, the page is locked or the app's widget is closed, and dies with the kernel when the
page is closed (Voilà then shuts the kernel down)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Any

import ipywidgets as w

from kit import api
from kit.apps.trainer_bank import BankDesk
from kit.apps.trainer_dashboard import dashboard_html
from kit.apps.trainer_grading import grading_widgets
from kit.apps.trainer_join import join_panel
from kit.apps.trainer_review import ReviewDesk
from kit.apps.trainer_trainees import TraineeDesk
from kit.apps.ui.document_fields import DocumentFieldsForm
from kit.apps.ui.download import DOCX, XLSX, download_link
from kit.apps.ui.labels import labelled
from kit.apps.ui.shell import AppShell, esc
from kit.apps.ui.widgets import html, make, vbox
from kit.core.errors import InputError
from kit.core.i18n import t
from kit.workshops import results, sessions
from kit.workshops.dashboard import build, current_workshop, pick_test_items
from kit.workshops.passcode import TrainerGate

__all__ = ["MODES", "REFRESH_S", "TrainerView", "build_app", "dashboard_html"]

MODES = ("workshops", "dashboard", "grading", "review", "export", "trainees", "bank")
REFRESH_S = 10.0


class TrainerView:
    def __init__(self, shell: AppShell) -> None:
        self.shell = shell
        self.gate = TrainerGate()
        self.catalogue = api.load_content()
        self.mode = "workshops"
        self.workshop: sessions.WorkshopInfo | None = None
        self.board = html("", "kit-board")
        self.downloads: dict[str, w.Widget] = {}
        self._ticker: asyncio.TimerHandle | None = None
        self.desk = TraineeDesk(shell, self._require_open)
        self.review = ReviewDesk(shell, self.catalogue, self._require_open)
        self.bank = BankDesk(shell, lambda: self.catalogue, self._require_open)
        self.doc_fields = DocumentFieldsForm(
            shell, lambda: f"workshop:{self.workshop.code if self.workshop else 'none'}"
        )
        shell.on_close(self.stop_refreshing)

    # ------------------------------------------------------------------ delegates

    def unlock(self, passcode: object) -> None:
        if not self.gate.unlock(passcode):
            raise InputError("Mật khẩu giảng viên không đúng.", "Wrong trainer passcode.")
        self.shell.refresh()

    def redeem(self, code: object, new: object, again: object) -> None:
        if new != again:
            raise InputError(
                "Hai lần nhập mật khẩu mới không khớp.", "The two new passcodes differ."
            )
        self.gate.unlock_with_one_time_code(code, new)
        self.shell.refresh()

    def use_code(self, code: object) -> None:
        """Open with an unlock code printed on the server (also while the passcode is paused)."""
        self.gate.unlock_with_code(code)
        self.shell.refresh()

    def _require_open(self) -> None:
        """Every trainer action checks the gate again: the page can click anything, and the
        passcode may have been changed from another page."""
        if not self.gate.is_open():
            self.shell.refresh()
            raise InputError("Trang giảng viên đã khóa.", "The trainer page is locked.")

    def create(self, raw: dict[str, Any]) -> None:
        self._require_open()
        spec = sessions.validate_spec(raw, self.catalogue)
        self.workshop = sessions.create(spec)
        self.shell.refresh()

    def choose(self, workshop_id: object) -> None:
        self._require_open()
        self.workshop = next((x for x in sessions.listing() if x.id == workshop_id), None)
        self.downloads = {}
        self.shell.refresh()

    def set_mode(self, mode: object) -> None:
        if mode in MODES:
            self.mode = str(mode)
            self.shell.refresh()

    def refresh_board(self) -> None:
        if self.workshop is not None and self.gate.is_open():
            self.board.value = dashboard_html(build(self.workshop, self.catalogue), self.shell.lang)

    # ------------------------------------------------------------------ the dashboard's refresh

    @property
    def refreshing(self) -> bool:
        """Is a refresh of the dashboard scheduled?"""
        return self._ticker is not None

    def _dashboard_shown(self) -> bool:
        return self.mode == "dashboard" and self.workshop is not None and self.gate.is_open()

    def start_refreshing(self) -> None:
        """Refresh the dashboard in :data:`REFRESH_S` seconds, and so on while it is shown, on
        the kernel's event loop; outside one (no kernel: a test, a script) nothing is
        scheduled."""
        if self._ticker is not None:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        self._ticker = loop.call_later(REFRESH_S, self._tick)

    def stop_refreshing(self) -> None:
        """Cancel the next refresh, if any."""
        if self._ticker is not None:
            self._ticker.cancel()
            self._ticker = None

    def _tick(self) -> None:
        self._ticker = None
        if not self._dashboard_shown():
            return
        self.shell.guard(self.refresh_board)()
        self.start_refreshing()

    def grade(self, attempt_id: int, points: object, comment: object) -> None:
        self._require_open()
        if self.workshop is None:
            return
        results.grade_by_hand(self.workshop, self.catalogue, attempt_id, points, comment)
        self.shell.refresh()

    def close_tests(self) -> None:
        """Close the workshop's tests for good: no test answer is taken any more, and the test
        items are no longer held back from its trainees' practice."""
        self._require_open()
        if self.workshop is not None:
            self.workshop = sessions.close_tests(self.workshop)
            self.shell.refresh()

    def export(self, kind: str) -> None:
        self._require_open()
        if self.workshop is None:
            return
        from kit.workshops.export import write_docx, write_xlsx

        board = build(self.workshop, self.catalogue)
        stem = f"ket-qua-lop-{self.workshop.title}"
        if kind == "xlsx":
            data = write_xlsx(board, self.catalogue)
            link = download_link(
                data, f"{stem}.xlsx", t("trainer.xlsx_link", self.shell.lang), XLSX
            )
        else:
            data = write_docx(board, self.doc_fields.commit(), self.catalogue)
            link = download_link(
                data, f"bao-cao-{stem}.docx", t("trainer.docx_link", self.shell.lang), DOCX
            )
        self.downloads[kind] = link
        self.shell.refresh()

    # ------------------------------------------------------------------ layout

    def _button(self, label: str, action: Callable[[], object], style: str = "") -> w.Button:
        return self.shell.button(label, action, style)

    def render(self, lang: str) -> w.Widget:
        if not self._dashboard_shown():
            self.stop_refreshing()
        if not self.gate.is_open():
            return self._locked(lang)
        switch = make(
            w.ToggleButtons,
            "kit-modes",
            options=[(t(f"trainer.mode_{m}", lang), m) for m in MODES],
            value=self.mode,
        )
        switch.observe(self.shell.guard(lambda ch: self.set_mode(ch["new"])), names="value")
        if self.workshop is None and self.mode != "workshops":
            # a page opened afresh (a reload): follow the workshop of the day, not a blank form
            self.workshop = current_workshop(sessions.listing(), date.today())
        body: list[w.Widget]
        if self.mode == "trainees":
            body = self.desk.widgets(lang)
        elif self.mode == "bank":
            body = self.bank.widgets(lang)
        elif self.mode == "workshops":
            body = self._workshops(lang)
        elif self.workshop is None:
            body = [html(f"<p>{esc(t('dashboard.no_workshop', lang))}</p>")]
        elif self.mode == "dashboard":
            self.refresh_board()
            self.start_refreshing()
            body = [self._button(t("trainer.refresh", lang), self.refresh_board), self.board]
            if self.workshop.test_items and not sessions.tests_closed(self.workshop):
                body.append(self._button(t("trainer.close_tests", lang), self.close_tests))
            elif self.workshop.test_items:
                body.append(html(f"<p class='kit-note'>{esc(t('trainer.tests_closed', lang))}</p>"))
        elif self.mode == "grading":
            body = self._grading(lang, self.workshop)
        elif self.mode == "review":
            body = self.review.widgets(self.workshop, lang)
        else:
            body = [
                self._button(t("trainer.make_xlsx", lang), lambda: self.export("xlsx")),
                *self.doc_fields.widgets(lang),
                self._button(t("trainer.make_docx", lang), lambda: self.export("docx")),
                *self.downloads.values(),
            ]
        title = (
            f"<p class='kit-focus'>{esc(self.workshop.title)} · {esc(self.workshop.code)}</p>"
            if self.workshop
            else ""
        )
        return vbox([switch, html(title), *body], "kit-trainer-body")

    def _locked(self, lang: str) -> w.Widget:
        from kit.workshops import passcode

        if passcode.has_passcode():
            field = labelled(
                w.Password, t("dashboard.passcode", lang), placeholder=t("trainer.passcode", lang)
            )
            go = self._button(t("trainer.unlock", lang), lambda: self.unlock(field.value), "danger")
            code = labelled(
                w.Text, t("dashboard.unlock_code", lang), placeholder=t("trainer.unlock_code", lang)
            )
            use = self._button(t("trainer.use_code", lang), lambda: self.use_code(code.value))
            parts: list[w.Widget] = [
                html(f"<p>{esc(t('trainer.locked', lang))}</p>"),
                field,
                go,
                html(f"<p class='kit-note'>{esc(t('trainer.code_help', lang))}</p>"),
                code,
                use,
            ]
        else:
            code = labelled(
                w.Text, t("dashboard.one_time", lang), placeholder=t("trainer.one_time", lang)
            )
            new, again = (
                labelled(
                    w.Password,
                    t("dashboard.new_passcode", lang),
                    placeholder=t("trainer.new_passcode", lang),
                ),
                labelled(
                    w.Password, t("dashboard.again", lang), placeholder=t("trainer.again", lang)
                ),
            )
            go = self._button(
                t("trainer.set_passcode", lang),
                lambda: self.redeem(code.value, new.value, again.value),
                "danger",
            )
            parts = [html(f"<p>{esc(t('trainer.first_start', lang))}</p>"), code, new, again, go]
        return vbox(parts, "kit-trainer-lock")

    def _workshops(self, lang: str) -> list[w.Widget]:
        title = labelled(
            w.Text, t("dashboard.title_field", lang), placeholder=t("trainer.title_field", lang)
        )
        day = labelled(w.DatePicker, t("dashboard.day", lang), value=date.today())
        place = labelled(w.Text, t("dashboard.place", lang), placeholder=t("trainer.place", lang))
        track = labelled(
            w.ToggleButtons,
            t("dashboard.track", lang),
            options=[(t("lessons.filter_A", lang), "A"), (t("lessons.filter_B", lang), "B")],
            value="B",
        )
        lessons = labelled(
            w.SelectMultiple,
            t("trainer.lessons", lang),
            options=[(lesson.meta.title, lesson.id) for lesson in self.catalogue.ordered_lessons()],
            rows=6,
        )
        form = labelled(
            w.Dropdown,
            t("dashboard.test_form", lang),
            options=[(t(f"trainer.test_{k}", lang), k) for k in ("none", "same", "parallel")],
            value="same",
        )
        survey = make(w.Checkbox, value=True, description=t("trainer.with_survey", lang))
        expected = labelled(
            w.BoundedIntText, t("dashboard.expected", lang), value=20, min=0, max=500
        )

        def create() -> None:
            chosen = list(lessons.value)
            pre, post = pick_test_items(self.catalogue, str(track.value), chosen, str(form.value))
            self.create(
                {
                    "title": title.value,
                    "day": day.value,
                    "place": place.value,
                    "track": track.value,
                    "lessons": chosen,
                    "pre_items": pre,
                    "post_items": post,
                    "survey": survey.value,
                    "expected": expected.value,
                }
            )

        parts: list[w.Widget] = [
            html(f"<h2>{esc(t('trainer.new', lang))}</h2>"),
            title,
            day,
            place,
            track,
            lessons,
            form,
            html(f"<p class='kit-note'>{esc(t('trainer.test_note', lang))}</p>"),
            survey,
            expected,
            self._button(t("trainer.create", lang), create, "danger"),
        ]
        if self.workshop is not None:
            parts.append(join_panel(self.workshop, lang))
        known = sessions.listing()
        if known:
            parts.append(html(f"<h3>{esc(t('trainer.list', lang))}</h3>"))
            for ws in known[:30]:
                parts.append(
                    self._button(
                        f"{ws.day:%d/%m/%Y} · {ws.title[:60]} · {ws.code}",
                        partial(self.choose, ws.id),
                    )
                )
        return parts

    def _grading(self, lang: str, workshop: sessions.WorkshopInfo) -> list[w.Widget]:
        return grading_widgets(self.shell, self.catalogue, workshop, self.grade, lang)


def build_app(lang: str | None = None) -> AppShell:
    """The trainer app."""
    shell = AppShell("trainer", None, lang=lang)
    view = TrainerView(shell)
    shell.mount(view.render, summary=lambda: "locked until the trainer passcode is given")
    # the pool built this page before anyone asked: a passcode set since then must show
    shell.follow_query_string(on_request=shell.refresh)
    return shell
