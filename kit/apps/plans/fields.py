"""Form fields of the plan builder, each bound to a path of the plan: a change in the page goes
straight to the session (validated there, saved at once), then ``on_saved`` updates the checker.
Labels sit above their inputs so the forms read on a phone.

The plan's document fields (issuing and superior body, symbol, place, signer, Nơi nhận) are the
plan's own header, signature and distribution list; :class:`PlanDocumentFields` reads them in the
terms every official document shares (:mod:`kit.export.doc_fields`), says which a finished plan
still lacks, remembers them for the trainee's unit when the plan is exported and puts them into
the unit's next plan started from a template."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

import ipywidgets as w

from kit.apps.ui import widgets as ui
from kit.apps.ui.defaults import full_width, shared_layout
from kit.apps.ui.document_fields import missing_for
from kit.apps.ui.labels import label_above
from kit.apps.ui.shell import AppShell, esc
from kit.core.errors import InputError
from kit.core.i18n import t
from kit.core.slug import slug
from kit.export.decree30 import REQUIRED_PARTS
from kit.export.doc_fields import DocumentFields, recall, remember
from kit.plans.model import Plan
from kit.plans.session import BuilderSession


def labelled(label: str, widget: w.Widget, css: str = "") -> w.VBox:
    """``widget`` under ``label``; an input gets it as its own label, linked to it (a screen
    reader names the input by it), a group of inputs gets it as a heading."""
    if isinstance(widget, w.DOMWidget) and widget.has_trait("description"):
        label_above(widget, label)
        return ui.vbox([widget], "kit-field", *([css] if css else []))
    head = ui.html(f"<div class='kit-field-label'>{esc(label)}</div>")
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


# -- the plan's document fields, in the terms every official document shares -----------------

#: a template's gap: "[Họ và tên]", "[TÊN TỈNH]"
_GAP = "["


def _given(text: str) -> str:
    """``text`` unless it is empty or still a template's gap."""
    text = " ".join(text.split())
    return "" if _GAP in text else text


def _symbol_of(number: str) -> str:
    """The symbol of a plan number: "KH-UBND" from "43/KH-UBND" or "/KH-UBND"."""
    return _given(number.rpartition("/")[2])


def plan_fields(plan: Plan) -> DocumentFields:
    """The document fields a plan carries (its header, signature and distribution list), each
    checked as if a page had sent it; a part that is a template's gap or cannot be used is
    left empty."""
    h, sign = plan.header, plan.signature
    raw: dict[str, object] = {
        "issuing_body": _given(h.issuing_body),
        "parent_body": _given(h.parent_body),
        "symbol": _symbol_of(h.number),
        "place": _given(h.place),
        "authority": [_given(f"{prefix} {body}") for prefix, body in sign.authority],
        "position": _given(sign.position),
        "signer": _given(sign.name),
        "recipients": [_given(line) for line in plan.recipients],
    }
    kept: dict[str, object] = {}
    for name, value in raw.items():
        try:
            DocumentFields.read({name: value})
        except InputError:
            continue
        kept[name] = value
    return DocumentFields.read(kept)


def _authority_rows(lines: Sequence[str]) -> list[list[str]]:
    rows = []
    for line in lines:
        prefix, _, body = line.partition(" ")
        rows.append([prefix, body])
    return rows


def prefill(session: BuilderSession, fields: DocumentFields) -> None:
    """Put the unit's remembered ``fields`` into a plan started from a template, over the
    template's gaps and generic signature (a part not remembered keeps the template's)."""
    h = session.plan.header
    header = {
        "header/issuing_body": fields.issuing_body,
        "header/parent_body": fields.parent_body,
        "header/place": fields.place,
        "header/number": fields.number("KH") if _GAP in h.number or not h.number.strip() else "",
        "signature/position": fields.position,
        "signature/name": fields.signer,
    }
    for path, value in header.items():
        if value:
            session.set(path, value)
    if fields.authority:
        session.set("signature/authority", _authority_rows(fields.authority))
    if fields.recipients:
        session.set_lines("recipients", "\n".join(fields.recipients))


def unit_scope(unit: str) -> str:
    """Where a unit's plan fields are remembered: ``plan:<the unit's name as a slug>``."""
    return f"plan:{slug(unit)[:40].strip('-') or 'don-vi'}"


class PlanDocumentFields:
    """The plan's document fields for the builder: the line that says, after every change,
    which parts a finished plan still lacks (the words of every app's document fields group),
    and the unit's fields remembered when a plan is exported and offered to its next plan."""

    def __init__(self, unit: Callable[[], str]) -> None:
        self.unit = unit
        self.status = ui.html("", "kit-note", "kit-doc-status")
        self._kept: dict[str, DocumentFields] = {}

    def show(self, plan: Plan, lang: str) -> None:
        missing = missing_for(plan_fields(plan), "KH")
        if not _given(plan.header.title):
            missing = sorted([*missing, "title"], key=REQUIRED_PARTS.index)
        if missing:
            names = ", ".join(t(f"documents.part.{part}", lang) for part in missing)
            self.status.value = esc(t("documents.missing", lang, fields=names))
        else:
            self.status.value = esc(t("documents.complete", lang))

    def remembered(self) -> DocumentFields:
        scope = unit_scope(self.unit())
        if scope not in self._kept:
            self._kept[scope] = recall(scope, last=False)
        return self._kept[scope]

    def remember(self, plan: Plan) -> None:
        """Keep the plan's fields for the unit, when it has any and they changed."""
        fields = plan_fields(plan)
        if fields == DocumentFields() or fields == self.remembered():
            return
        scope = unit_scope(self.unit())
        remember(scope, fields)
        self._kept[scope] = fields
