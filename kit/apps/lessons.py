"""Lesson app: the course outline by track and each lesson rendered from its Markdown file."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import ipywidgets as w

from kit import api
from kit.apps.shell import AppShell
from kit.content.catalogue import Catalogue
from kit.content.render import lesson_html
from kit.i18n import t

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

    def step(self, delta: int) -> None:
        shown = self.visible()
        if self.lesson_id in shown:
            i = shown.index(self.lesson_id) + delta
            self.lesson_id = shown[max(0, min(i, len(shown) - 1))]

    def position(self, lesson_id: str) -> int:
        return self._order.index(lesson_id) + 1

    def exercise_count(self, lesson_id: str) -> int:
        return sum(item.lesson == lesson_id for item in self.catalogue.items.values())


class LessonsView:
    def __init__(self, model: LessonsModel, shell: AppShell) -> None:
        self.model = model
        self.shell = shell

    def render(self, lang: str) -> w.Widget:
        m = self.model
        track = w.ToggleButtons(
            options=[(t(f"lessons.filter_{k}", lang), k) for k in TRACKS], value=m.track
        )
        track.add_class("kit-track")
        chooser = w.Dropdown(
            options=[(self._label(i, lang), i) for i in m.visible()],
            value=m.lesson_id,
            layout=w.Layout(width="100%"),
        )
        prev = w.Button(description=t("lessons.prev", lang), icon="arrow-left")
        nxt = w.Button(description=t("lessons.next", lang), icon="arrow-right")
        page = w.HTML(self._page(lang))
        page.add_class("kit-lesson-page")
        track.observe(self.shell.guard(lambda ch: self._go(m.set_track, ch["new"])), "value")
        chooser.observe(self.shell.guard(lambda ch: self._go(m.open, ch["new"])), "value")
        prev.on_click(self.shell.guard(lambda _b: self._go(m.step, -1)))
        nxt.on_click(self.shell.guard(lambda _b: self._go(m.step, 1)))
        nav = w.HBox([prev, nxt])
        nav.add_class("kit-nav")
        box = w.VBox([track, chooser, page, nav])
        box.add_class("kit-lessons-body")
        return box

    def _go(self, action: Any, value: Any) -> None:
        action(value)
        self.shell.refresh()

    def _label(self, lesson_id: str, lang: str) -> str:
        meta = self.model.catalogue.lessons[lesson_id].meta
        return f"{self.model.position(lesson_id)}. {meta.title_en if lang == 'en' else meta.title}"

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
    shell.mount(
        LessonsView(model, shell).render,
        summary=lambda: f"{len(model.catalogue.lessons)} lessons, first: {model.visible()[0]}",
    )
    shell.follow_query_string()
    return shell
