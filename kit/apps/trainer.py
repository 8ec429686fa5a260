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
from kit.apps.trainer_trainees import TraineeDesk
from kit.apps.ui.defaults import full_width
from kit.apps.ui.download import DOCX, XLSX, download_link
from kit.apps.ui.shell import AppShell, esc
from kit.apps.ui.widgets import html, make, vbox
from kit.core.errors import InputError
from kit.core.i18n import t
from kit.workshops import results, sessions
from kit.workshops.dashboard import Dashboard, build, pick_test_items
from kit.workshops.item_stats import FLAG_LABELS
from kit.workshops.joinsheet import join_sheet_html, join_url
from kit.workshops.passcode import TrainerGate

MODES = ("workshops", "dashboard", "grading", "export", "trainees")
REFRESH_S = 10.0


def dashboard_html(board: Dashboard, lang: str) -> str:
    def row(cells: list[object]) -> str:
        return "<tr>" + "".join(f"<td>{esc(c)}</td>" for c in cells) + "</tr>"

    roster = "".join(
        row(
            [
                m.name,
                m.unit,
                f"{m.phases[''][0]}/{m.phases[''][1]}",
                m.percent("pre") or "",
                m.percent("post") or "",
                "✓" if m.survey_done else "",
                m.pending_grading or "",
            ]
        )
        for m in board.roster
    )
    heads = "".join(
        f"<th>{esc(t(f'trainer.col_{k}', lang))}</th>"
        for k in ("name", "unit", "done", "pre", "post", "survey", "pending")
    )
    top = max(board.distribution) or 1
    bars = "".join(
        f"<div class='kit-hist-row'><span>{10 * i}–{10 * i + 9 if i < 9 else 100}%</span>"
        f"<div class='kit-hist-bar' style='width:{60 * n / top:.0f}%'></div><span>{n}</span></div>"
        for i, n in enumerate(board.distribution)
    )
    stats = board.stats
    items = ""
    summary = ""
    if stats is not None:
        items = "".join(
            row(
                [
                    i.item,
                    i.n,
                    i.facility if i.facility is not None else "—",
                    i.discrimination if i.discrimination is not None else "—",
                    FLAG_LABELS[i.flag].en if lang == "en" else FLAG_LABELS[i.flag].vi,
                ]
            )
            for i in stats.items
        )
        alpha = "—" if stats.alpha is None else f"{stats.alpha:.2f}"
        gain = stats.gain
        g = "—" if gain is None or gain.value is None else f"{gain.value:.2f} ({gain.band})"
        summary = f"<p>α = {esc(alpha)} · g = {esc(g)}</p>"
    survey = "".join(
        f"<li>{esc(q.text_en if lang == 'en' else q.text)}: "
        f"<b>{q.mean if q.mean is not None else '—'}</b>/5 ({q.n})</li>"
        for q in board.survey.questions
    )
    comments = "".join(f"<li>{esc(c)}</li>" for c in board.survey.comments)
    return (
        f"<div class='kit-dashboard'><h3>{esc(t('trainer.roster', lang, n=len(board.roster)))}</h3>"
        f"<table class='kit-batch-table'><tr>{heads}</tr>{roster}</table>"
        f"<h3>{esc(t('trainer.distribution', lang))}</h3><div class='kit-hist'>{bars}</div>"
        f"<h3>{esc(t('trainer.items', lang))}</h3>{summary}"
        f"<table class='kit-batch-table'><tr><th>{esc(t('trainer.col_item', lang))}</th><th>n</th>"
        "<th>facility %</th><th>discrimination %</th>"
        f"<th>{esc(t('trainer.col_flag', lang))}</th></tr>"
        f"{items}</table><h3>{esc(t('trainer.survey', lang, n=board.survey.responses))}</h3>"
        f"<ul>{survey}</ul><ul class='kit-note'>{comments}</ul></div>"
    )


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
        stem = f"lop-{self.workshop.code}"
        if kind == "xlsx":
            link = download_link(
                write_xlsx(board), f"{stem}.xlsx", t("trainer.xlsx_link", self.shell.lang), XLSX
            )
        else:
            link = download_link(
                write_docx(board), f"{stem}.docx", t("trainer.docx_link", self.shell.lang), DOCX
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
        body: list[w.Widget]
        if self.mode == "trainees":
            body = self.desk.widgets(lang)
        elif self.mode == "workshops" or self.workshop is None:
            body = self._workshops(lang)
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
        else:
            body = [
                self._button(t("trainer.make_xlsx", lang), lambda: self.export("xlsx")),
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
            field = make(w.Password, placeholder=t("trainer.passcode", lang))
            go = self._button(t("trainer.unlock", lang), lambda: self.unlock(field.value), "danger")
            code = make(w.Text, placeholder=t("trainer.unlock_code", lang))
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
            code = make(w.Text, placeholder=t("trainer.one_time", lang))
            new, again = (
                make(w.Password, placeholder=t("trainer.new_passcode", lang)),
                make(w.Password, placeholder=t("trainer.again", lang)),
            )
            go = self._button(
                t("trainer.set_passcode", lang),
                lambda: self.redeem(code.value, new.value, again.value),
                "danger",
            )
            parts = [html(f"<p>{esc(t('trainer.first_start', lang))}</p>"), code, new, again, go]
        return vbox(parts, "kit-trainer-lock")

    def _workshops(self, lang: str) -> list[w.Widget]:
        title = make(w.Text, placeholder=t("trainer.title_field", lang), layout=full_width())
        day = make(w.DatePicker, value=date.today())
        place = make(w.Text, placeholder=t("trainer.place", lang), layout=full_width())
        track = make(
            w.ToggleButtons,
            options=[(t("lessons.filter_A", lang), "A"), (t("lessons.filter_B", lang), "B")],
            value="B",
        )
        lessons = make(
            w.SelectMultiple,
            options=[(lesson.meta.title, lesson.id) for lesson in self.catalogue.ordered_lessons()],
            rows=6,
            layout=full_width(),
        )
        form = make(
            w.Dropdown,
            options=[(t(f"trainer.test_{k}", lang), k) for k in ("none", "same", "parallel")],
            value="same",
        )
        survey = make(w.Checkbox, value=True, description=t("trainer.with_survey", lang))
        expected = make(
            w.BoundedIntText, value=20, min=0, max=500, description=t("trainer.expected", lang)
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
            html(esc(t("trainer.lessons", lang))),
            lessons,
            form,
            html(f"<p class='kit-note'>{esc(t('trainer.test_note', lang))}</p>"),
            survey,
            expected,
            self._button(t("trainer.create", lang), create, "danger"),
        ]
        if self.workshop is not None:
            parts.append(html(join_sheet_html(self.workshop, join_url(self.workshop.code))))
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
        queue = results.pending(workshop, self.catalogue)
        if not queue:
            return [html(f"<p>{esc(t('trainer.nothing_to_grade', lang))}</p>")]
        first = queue[0]
        item = self.catalogue.items[first.item_id]
        prompt = item.prompt_en if lang == "en" and item.prompt_en else item.prompt
        rubric = "".join(
            f"<li>{esc(c.label)} ({esc(t('trainer.check_points', lang, n=c.points))})</li>"
            for c in getattr(item, "rubric", [])
        )
        text = (
            f"<p>{esc(t('trainer.queue', lang, n=len(queue)))}</p>"
            f"<div class='kit-prompt'>{esc(prompt)}</div>"
            f"<p><b>{esc(first.trainee)}</b>:</p><div class='kit-case'>{esc(first.answer)}</div>"
            f"<p>{esc(t('trainer.auto_score', lang, score=first.auto_score))}</p><ul>{rubric}</ul>"
            f"<p class='kit-note'>{esc(getattr(item, 'model_answer', ''))}</p>"
        )
        points = make(
            w.BoundedFloatText,
            value=0,
            min=0,
            max=first.trainer_points,
            step=0.5,
            description=t("trainer.points", lang, n=first.trainer_points),
        )
        comment = make(w.Textarea, placeholder=t("trainer.comment", lang), layout=full_width())
        save = self._button(
            t("trainer.save_next", lang),
            lambda: self.grade(first.attempt_id, points.value, comment.value),
            "danger",
        )
        return [html(text), points, comment, save]


def build_app(lang: str | None = None) -> AppShell:
    """The trainer app."""
    shell = AppShell("trainer", None, lang=lang)
    view = TrainerView(shell)
    shell.mount(view.render, summary=lambda: "locked until the trainer passcode is given")
    # the pool built this page before anyone asked: a passcode set since then must show
    shell.follow_query_string(on_request=shell.refresh)
    return shell
