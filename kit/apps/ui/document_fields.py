"""The document fields as one group of inputs, the same in every app that writes an official
document (the trainer's workshop report, the roll-up report, the plan): issuing body, superior
body, symbol, place, signing authority, the signer's title and name, and Nơi nhận.

Each input has a visible label (its ``description``) and an example as placeholder. The group
remembers what was typed per scope (a workshop, a roll-up) through
:mod:`kit.export.doc_fields`; below the inputs it says, as they are typed, which parts a finished
document still lacks (the document is then exported marked «DỰ THẢO») or that only the number and
the day are left for the clerk. What the page sends is checked in the kernel
(:meth:`DocumentFields.read`); a value that cannot be used is named in a message and the other
values are kept.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as w

from kit.apps.ui.labels import labelled
from kit.apps.ui.shell import AppShell, esc
from kit.apps.ui.widgets import html, vbox
from kit.core.errors import InputError
from kit.core.i18n import t
from kit.export.decree30 import OfficialDocument, missing_parts
from kit.export.doc_fields import DocumentFields, apply, recall, remember

#: (field, multi-line) in the order the page shows them
FIELDS = (
    ("issuing_body", False),
    ("parent_body", False),
    ("symbol", False),
    ("place", False),
    ("authority", True),
    ("position", False),
    ("signer", False),
    ("recipients", True),
)


def missing_for(
    fields: DocumentFields, kind: str, base: OfficialDocument | None = None
) -> list[str]:
    """The parts a document of ``kind`` made with ``fields`` would still lack: over ``base``,
    the document the app makes before the fields are put in (a unit's report already names its
    body from the answers), or else only the fields' own parts (the title comes from the app)."""
    probe = apply(base or OfficialDocument(title="-"), fields, kind)
    return missing_parts(probe)


def status_text(
    fields: DocumentFields, kind: str, lang: str, base: OfficialDocument | None = None
) -> str:
    missing = missing_for(fields, kind, base)
    if not missing:
        return t("documents.complete", lang)
    names = ", ".join(t(f"documents.part.{part}", lang) for part in missing)
    return t("documents.missing", lang, fields=names)


def _shown(fields: DocumentFields, name: str) -> str:
    value = getattr(fields, name)
    return "\n".join(value) if isinstance(value, tuple) else str(value)


class DocumentFieldsForm:
    """The group for one app; ``scope`` names what the fields are remembered for (called when
    the group is drawn or saved, e.g. ``lambda: f"workshop:{code}"``); ``kind`` is the symbol's
    document part ("BC" for a report, "KH" for a plan); ``base``, when given, makes the
    document the fields go into, so that the status names only what it still lacks."""

    def __init__(
        self,
        shell: AppShell,
        scope: Callable[[], str],
        kind: str = "BC",
        base: Callable[[], OfficialDocument | None] | None = None,
    ) -> None:
        self.shell = shell
        self.scope = scope
        self.kind = kind
        self.base = base
        self._base: OfficialDocument | None = None
        self._loaded: dict[str, DocumentFields] = {}
        self._inputs: dict[str, w.Text | w.Textarea] = {}
        self.status = html("", "kit-note")

    def fields(self) -> DocumentFields:
        """The fields remembered for the current scope (read once per scope)."""
        scope = self.scope()
        if scope not in self._loaded:
            self._loaded[scope] = recall(scope)
        return self._loaded[scope]

    def commit(self) -> DocumentFields:
        """Read what the inputs hold (checked), remember it for the scope and return it; with
        no inputs drawn yet, the remembered fields."""
        if not self._inputs:
            return self.fields()
        raw = {name: box.value for name, box in self._inputs.items()}
        fields = DocumentFields.read(raw)
        scope = self.scope()
        if fields != self._loaded.get(scope):
            remember(scope, fields)
            self._loaded[scope] = fields
        self.status.value = esc(self._status(fields, self.shell.lang))
        return fields

    def _status(self, fields: DocumentFields, lang: str) -> str:
        return status_text(fields, self.kind, lang, self._base)

    def save(self) -> None:
        fields = self.commit()
        lang = self.shell.lang
        self.shell.clear_error()
        self.status.value = esc(f"{t('documents.saved', lang)} {self._status(fields, lang)}")

    def _changed(self, _change: dict[str, Any]) -> None:
        lang = self.shell.lang
        try:
            fields = DocumentFields.read({n: b.value for n, b in self._inputs.items()})
        except InputError as exc:
            self.status.value = f"<span class='kit-field-problem'>{esc(exc.message(lang))}</span>"
            return
        self.status.value = esc(self._status(fields, lang))

    def widgets(self, lang: str) -> list[w.Widget]:
        """The heading, the inputs, the save button and the live status."""
        fields = self.fields()
        self._base = self.base() if self.base is not None else None
        self._inputs = {}
        rows: list[w.Widget] = []
        for name, multi in FIELDS:
            extra: dict[str, Any] = {"rows": 3} if multi else {}
            box = labelled(
                w.Textarea if multi else w.Text,
                t(f"documents.{name}", lang),
                "kit-doc-field",
                f"kit-docfield-{name.replace('_', '-')}",
                value=_shown(fields, name),
                placeholder=t(f"documents.{name}_hint", lang),
                **extra,
            )
            box.observe(self.shell.guard(self._changed), names="value")
            self._inputs[name] = box
            rows.append(box)
        self.status.value = esc(self._status(fields, lang))
        return [
            vbox(
                [
                    html(f"<h3>{esc(t('documents.heading', lang))}</h3>"),
                    html(f"<p class='kit-note'>{esc(t('documents.help', lang))}</p>"),
                    *rows,
                    self.status,
                    self.shell.button(t("documents.save", lang), self.save),
                ],
                "kit-doc-fields",
            )
        ]
