"""The start screen of the self-assessment once units are registered: a unit opens its own
review with its access code; the trainer opens any unit's with the trainer passcode and the
unit's code (a name typed instead only lists the registered units it may be, for the trainer to
confirm one).

What the page sends is never trusted: the code is looked up in the database, the passcode
checked by :class:`~kit.workshops.passcode.TrainerGate`, and a unit offered for confirmation is
taken from the list this kernel made, never from the page. What opens is a
:class:`~kit.units.access.UnitAccess` held by the kernel, checked again at every write.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import ipywidgets as w

from kit.apps.ui.labels import labelled
from kit.apps.ui.shell import AppShell, esc
from kit.apps.ui.widgets import html, vbox
from kit.core.errors import InputError
from kit.core.i18n import t
from kit.units.access import UnitAccess, for_trainer, open_with_code
from kit.units.matching import Candidate, match_unit
from kit.units.registry import RegisteredUnit, all_units
from kit.workshops.passcode import TrainerGate

#: longest unit code or name the trainer's box is read to
TYPED_MAX = 300


def _both(key: str, **fields: object) -> InputError:
    return InputError(t(key, "vi", **fields), t(key, "en", **fields))


class UnitGate:
    """The unit-code form and the trainer's form; ``on_access`` gets what opened."""

    def __init__(self, shell: AppShell, on_access: Callable[[UnitAccess], None]) -> None:
        self.shell = shell
        self.on_access = on_access
        self.trainer = TrainerGate()
        #: what the trainer typed that was not a unit code, and the units it may be
        self.typed = ""
        self.candidates: tuple[Candidate, ...] = ()
        self._forms: dict[str, tuple[w.Widget, w.Password, w.Password]] = {}

    # ------------------------------------------------------------------ opening

    def open_code(self, code: object) -> None:
        """Open the unit the access code belongs to (refused, after a wait, when it opens
        nothing)."""
        self._opened(open_with_code(code))

    def open_as_trainer(self, passcode: object, typed: object) -> None:
        """The trainer opens the unit whose code is typed; a name lists the units it may be."""
        if not self.trainer.is_open() and not self.trainer.unlock(passcode):
            raise _both("assess.trainer_wrong")
        text = " ".join(str(typed or "").split())[:TYPED_MAX]
        found = match_unit(text, all_units(active_only=True))
        if found.exact is not None:
            self._open_unit(found.exact)
            return
        self.typed, self.candidates = text, found.candidates
        self.shell.refresh()
        if not found.candidates:
            raise _both("assess.trainer_none", typed=text)

    def pick(self, unit: RegisteredUnit) -> None:
        """The trainer confirms one of the units offered (only those)."""
        if unit not in [c.unit for c in self.candidates]:
            raise _both("assess.trainer_none", typed=unit.code)
        self._open_unit(unit)

    def _open_unit(self, unit: RegisteredUnit) -> None:
        self._opened(for_trainer(unit, self.trainer.is_open))

    def _opened(self, access: UnitAccess) -> None:
        self.typed, self.candidates = "", ()
        for _form, code, passcode in self._forms.values():  # no secret stays in a widget
            code.value = ""
            passcode.value = ""
        self.on_access(access)

    # ------------------------------------------------------------------ layout

    def form(self, lang: str) -> w.Widget:
        """The two forms (kept per language, so what was typed survives a refused try) and the
        units offered to the trainer, if any."""
        if lang not in self._forms:
            self._forms[lang] = self._build(lang)
        form = self._forms[lang][0]
        if not self.candidates:
            return form
        lines: list[w.Widget] = [
            html(f"<p>{esc(t('assess.trainer_pick', lang, typed=self.typed))}</p>")
        ]
        for c in self.candidates:
            label = t(
                "assess.pick_unit", lang, code=c.unit.code, name=c.unit.name, reason=c.reason(lang)
            )
            lines.append(self.shell.button(label, partial(self.pick, c.unit)))
        return vbox([form, vbox(lines, "kit-unit-candidates")])

    def _build(self, lang: str) -> tuple[w.Widget, w.Password, w.Password]:
        code = labelled(w.Password, t("assess.unit_code", lang))
        passcode = labelled(w.Password, t("a11y.trainer_passcode", lang))
        unit = labelled(w.Text, t("assess.trainer_unit", lang))
        box = vbox(
            [
                html(f"<h2>{esc(t('assess.unit_heading', lang))}</h2>"),
                html(f"<p>{esc(t('assess.unit_help', lang))}</p>"),
                code,
                self.shell.button(
                    t("assess.unit_open", lang), lambda: self.open_code(code.value), "danger"
                ),
                html(f"<h3>{esc(t('assess.trainer_heading', lang))}</h3>"),
                html(f"<p class='kit-note'>{esc(t('assess.trainer_help', lang))}</p>"),
                passcode,
                unit,
                self.shell.button(
                    t("assess.trainer_open", lang),
                    lambda: self.open_as_trainer(passcode.value, unit.value),
                ),
            ],
            "kit-unit-gate",
        )
        return box, code, passcode
