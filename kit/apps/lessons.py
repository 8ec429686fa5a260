"""Lesson app: the course outline by track and each lesson rendered from its Markdown file."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import ipywidgets as w

from kit import api
from kit.apps.ui import widgets as ui
from kit.apps.ui.browser_token import browser_token
from kit.apps.ui.labels import labelled
from kit.apps.ui.shell import AppShell, esc
from kit.content.catalogue import Catalogue
from kit.content.render import lesson_html
from kit.core.i18n import t

if TYPE_CHECKING:
    from kit.trainees import Identity

TRACKS = ("all", "A", "B")


@dataclass
class LessonsModel:
    """What the page shows: a track filter and the open lesson (validated, never trusted)."""

    catalogue: Catalogue
    track: str = "all"
    lesson_id: str | None = None
    _order: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._order = [lesson.id for lesson in self.catalogue.ordered_lessons()]
        self.lesson_id = self.lesson_id or (self._order[0] if self._order else None)

    def visible(self) -> list[str]:
        if self.track == "all":
            return list(self._order)
        return [i for i in self._order if self.track in self.catalogue.lessons[i].meta.tracks]

    def set_track(self, track: object) -> None:
        self.track = str(track) if track in TRACKS else "all"
        shown = self.visible()
        if self.lesson_id not in shown:
            self.lesson_id = shown[0] if shown else None

    def open(self, lesson_id: object) -> None:
        if lesson_id in self.visible():
            self.lesson_id = str(lesson_id)

    def show(self, lesson_id: object) -> None:
        """Open a lesson named by a link (``?lesson=``), widening the track filter if needed."""
        if lesson_id in self._order:
            if lesson_id not in self.visible():
                self.track = "all"
            self.lesson_id = str(lesson_id)

    def step(self, delta: int) -> None:
        shown = self.visible()
        if self.lesson_id in shown:
            i = shown.index(self.lesson_id) + delta
            self.lesson_id = shown[max(0, min(i, len(shown) - 1))]

    def position(self, lesson_id: str) -> int:
        return self._order.index(lesson_id) + 1

    def exercise_count(self, lesson_id: str) -> int:
        return sum(item.lesson == lesson_id for item in self.catalogue.served().values())


class LessonsView:
    def __init__(self, model: LessonsModel, shell: AppShell) -> None:
        self.model = model
        self.shell = shell
        self.token = browser_token()
        self.scroller = ui.Scroller()
        self.identity: Identity | None = None  # known once the browser's token is looked up
        self.token.observe(shell.guard(self._on_token), names="ready")

    def _on_token(self, _change: dict[str, Any]) -> None:
        if self.token.stored:  # the store is loaded only for someone who has practised
            from kit import trainees

            self.identity = trainees.by_token(self.token.stored)
        self.shell.refresh()

    def on_params(self, params: dict[str, str]) -> None:
        if "lesson" in params:
            self.model.show(params["lesson"])
            self.shell.refresh()

    def _progress(self) -> dict[str, tuple[int, int, float]]:
        """Per lesson: items answered, items in the track, share of marks (read afresh)."""
        if self.identity is None:
            return {}
        from kit.practice import Practice

        practice = Practice(self.model.catalogue, self.identity)
        shares = {s.lesson_id: s.share for s in practice.summary()}
        return {
            lesson_id: (*practice.progress(lesson_id), shares.get(lesson_id, 0.0))
            for lesson_id in self.model.visible()
        }

    def render(self, lang: str) -> w.Widget:
        m = self.model
        progress = self._progress()
        track = ui.make(
            w.ToggleButtons,
            "kit-track",
            options=[(t(f"lessons.filter_{k}", lang), k) for k in TRACKS],
            value=m.track,
        )
        chooser = labelled(
            w.Dropdown,
            t("a11y.lesson", lang),
            options=[(self._label(i, lang, progress.get(i)), i) for i in m.visible()],
            value=m.lesson_id,
        )
        prev = ui.button(description=t("lessons.prev", lang), icon="arrow-left")
        nxt = ui.button(description=t("lessons.next", lang), icon="arrow-right")
        page = ui.html(self._panel(lang, progress) + self._page(lang), "kit-lesson-page")
        track.observe(self.shell.guard(lambda ch: self._go(m.set_track, ch["new"])), "value")
        chooser.observe(self.shell.guard(lambda ch: self._go(m.open, ch["new"])), "value")
        prev.on_click(self.shell.guard(lambda _b: self._turn(-1)))
        nxt.on_click(self.shell.guard(lambda _b: self._turn(1)))
        nav = ui.hbox([prev, nxt], "kit-nav")
        parts = [self.token, track, chooser, page, nav, self.scroller.widget]
        box = ui.vbox(parts, "kit-lessons-body")
        return box

    def _go(self, action: Any, value: Any) -> None:
        action(value)
        self.shell.refresh()

    def _turn(self, delta: int) -> None:
        """The previous or next lesson, read from its top (the buttons sit at the bottom)."""
        self._go(self.model.step, delta)
        self.scroller.to(".kit-app")

    def _label(self, lesson_id: str, lang: str, progress: tuple[int, int, float] | None) -> str:
        meta = self.model.catalogue.lessons[lesson_id].meta
        label = f"{self.model.position(lesson_id)}. {meta.title_en if lang == 'en' else meta.title}"
        if progress and progress[1]:
            done, total, _share = progress
            label += f" ({'✓ ' if done == total else ''}{done}/{total})"
        return label

    def _panel(self, lang: str, progress: dict[str, tuple[int, int, float]]) -> str:
        """The trainee's progress in the open lesson and the way to its exercises."""
        lesson_id = self.model.lesson_id
        if lesson_id is None or not self.model.exercise_count(lesson_id):
            return ""
        done, total, share = progress.get(lesson_id, (0, 0, 0.0))
        line = (
            t("lessons.your_progress", lang, done=done, total=total, share=round(100 * share))
            if self.identity is not None and total
            else t("lessons.no_progress", lang)
        )
        href = f"exercises.ipynb?lesson={quote(lesson_id)}&amp;lang={lang}"
        return (
            f"<div class='kit-lesson-progress'><p>{esc(line)}</p>"
            f"<a class='kit-open' href='{href}'>{esc(t('lessons.do_exercises', lang))}</a></div>"
        )

    def _page(self, lang: str) -> str:
        m = self.model
        if m.lesson_id is None:
            return f"<p>{t('lessons.none', lang)}</p>"
        lesson = m.catalogue.lessons[m.lesson_id]
        return lesson_html(lesson, lang, m.position(m.lesson_id), m.exercise_count(m.lesson_id))


def build_app(lang: str | None = None) -> AppShell:
    """The lesson app."""
    model = LessonsModel(api.load_content())
    shell = AppShell("lessons", None, lang=lang)
    view = LessonsView(model, shell)
    shell.mount(
        view.render,
        summary=lambda: f"{len(model.catalogue.lessons)} lessons, first: {model.visible()[0]}",
    )
    shell.follow_query_string(view.on_params)
    return shell
