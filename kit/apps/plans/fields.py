"""Form fields of the plan builder, each bound to a path of the plan: a change in the page goes
straight to the session (validated there, saved at once), then ``on_saved`` updates the checker.
Labels sit above their inputs so the forms read on a phone."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

import ipywidgets as w

from kit.apps.ui import widgets as ui
from kit.apps.ui.defaults import full_width, shared_layout
from kit.apps.ui.shell import AppShell, esc
from kit.core.errors import InputError
from kit.plans.session import BuilderSession


def labelled(label: str, widget: w.Widget, css: str = "") -> w.VBox:
    head = ui.html(f"<label class='kit-field-label'>{esc(label)}</label>")
    return ui.vbox([head, widget], "kit-field", *([css] if css else []))


def _year(raw: object) -> int | None:
    text = str(raw or "").strip()
    if not text:
        return None
    if not text.isdigit():
        raise InputError(
            f"Năm phải là số, ví dụ 2026 (nhận được «{text}»).",
            f"A year is a number such as 2026 (got «{text}»).",
        )
    return int(text)


class Fields:
    """Makes bound inputs for one render of a step."""

    def __init__(
        self, shell: AppShell, session: BuilderSession, on_saved: Callable[[], None]
    ) -> None:
        self.shell = shell
        self.session = session
        self.on_saved = on_saved

    def bind(self, widget: w.Widget, apply: Callable[[Any], None]) -> w.Widget:
        def changed(change: dict[str, Any]) -> None:
            apply(change["new"])
            self.shell.clear_error()
            self.on_saved()

        widget.observe(self.shell.guard(changed), names="value")
        return widget

    def text(self, label: str, path: str, value: str, area: bool = False, css: str = "") -> w.VBox:
        cls = w.Textarea if area else w.Text
        widget = cls(value=value, layout=full_width())
        if area:
            widget.rows = 3
        self.bind(widget, lambda v: self.session.set(path, str(v)))
        return labelled(label, widget, css)

    def lines(self, label: str, path: str, items: Sequence[str], rows: int = 5) -> w.VBox:
        widget = ui.make(w.Textarea, value="\n".join(items), layout=full_width(), rows=rows)
        self.bind(widget, lambda v: self.session.set_lines(path, v))
        return labelled(label, widget)

    def day(self, label: str, path: str, value: date | None) -> w.VBox:
        widget = ui.make(w.DatePicker, value=value, layout=shared_layout(width="auto"))
        self.bind(widget, lambda v: self.session.set(path, v if isinstance(v, date) else None))
        return labelled(label, widget)

    def year(self, label: str, path: str, value: int | None) -> w.VBox:
        widget = ui.make(
            w.Text, value="" if value is None else str(value), layout=shared_layout(width="8em")
        )
        self.bind(widget, lambda v: self.session.set(path, _year(v)))
        return labelled(label, widget)

    def choice(
        self, label: str, path: str, options: Sequence[tuple[str, object]], value: object
    ) -> w.VBox:
        known = [v for _, v in options]
        widget = ui.make(
            w.Dropdown,
            options=list(options),
            value=value if value in known else known[0],
            layout=full_width(),
        )
        self.bind(widget, lambda v: self.session.set(path, v))
        return labelled(label, widget)

    def button(self, label: str, action: Callable[[], object], icon: str = "") -> w.Button:
        """A button whose action changes the plan, then redraws the step."""
        button = ui.button(description=label, icon=icon, layout=shared_layout(width="auto"))

        def click(_b: w.Button) -> None:
            action()
            self.shell.refresh()

        button.on_click(self.shell.guard(click))
        return button
