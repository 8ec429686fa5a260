"""The trainer app's desk for trainees: look a trainee up by name or unit, see when they joined
and whether wrong PINs locked them, unlock them, and give a new PIN (shown once, to hand over).

Every action asks the trainer page's gate first (``require_open``), as every trainer action does:
the page can send any click, and the passcode may have changed on another page. Names and units
are what trainees typed: they are escaped before they are shown.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial

import ipywidgets as w

from kit import trainees
from kit.apps.ui.labels import labelled
from kit.apps.ui.shell import AppShell, esc
from kit.apps.ui.widgets import hbox, html, vbox
from kit.core.i18n import t


def _local(moment: datetime) -> str:
    """A time as the server's clock shows it (the room's time); a stored time without a zone
    is UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone().strftime("%d/%m/%Y %H:%M")


def lock_text(lock: trainees.PinLock, lang: str) -> str:
    """Where a trainee stands with wrong PINs, in words ('' when no wrong PIN is counted)."""
    if lock.locked:
        return t("trainer.pin_locked", lang, n=lock.failures)
    if lock.paused_until is not None:
        return t("trainer.pin_paused", lang, time=lock.paused_until.astimezone().strftime("%H:%M"))
    if lock.failures:
        return t("trainer.pin_failures", lang, n=lock.failures)
    return ""


class TraineeDesk:
    """What the trainer's "trainees" mode holds: the last search, its matches, and a new PIN to
    hand over (shown on the next drawing only)."""

    def __init__(self, shell: AppShell, require_open: Callable[[], None]) -> None:
        self.shell = shell
        self.require_open = require_open
        self.query = ""
        self.found: list[trainees.Found] = []
        self.searched = False
        self.notice = ""
        self._issued: tuple[str, str] | None = None  # (name, PIN), until drawn once

    def search(self, query: object) -> None:
        self.require_open()
        self.found = trainees.find(query)
        self.query, self.searched, self.notice, self._issued = str(query), True, "", None
        self.shell.refresh()

    def _name(self, trainee_id: int) -> str:
        return next((f.identity.name for f in self.found if f.identity.id == trainee_id), "")

    def _again(self) -> None:
        """The matches again, with their locks as they are now."""
        if self.query:
            self.found = trainees.find(self.query)

    def unlock(self, trainee_id: int) -> None:
        self.require_open()
        trainees.unlock(trainee_id)
        self.notice = t("trainer.unlocked", self.shell.lang, name=self._name(trainee_id))
        self._issued = None
        self._again()
        self.shell.refresh()

    def new_pin(self, trainee_id: int) -> None:
        self.require_open()
        pin = trainees.reset_pin(trainee_id)
        self._issued, self.notice = (self._name(trainee_id), pin), ""
        self._again()
        self.shell.refresh()

    def widgets(self, lang: str) -> list[w.Widget]:
        field = labelled(
            w.Text,
            t("dashboard.find_field", lang),
            value=self.query,
            placeholder=t("trainer.find_field", lang),
        )
        parts: list[w.Widget] = [
            html(f"<p>{esc(t('trainer.find_help', lang))}</p>"),
            field,
            self.shell.button(t("trainer.find", lang), lambda: self.search(field.value), "danger"),
        ]
        if self._issued is not None:
            name, pin = self._issued
            self._issued = None  # shown once: gone from the next drawing
            text = t("trainer.pin_issued", lang, name=name, pin=pin)
            parts.append(html(f"<div class='kit-notice'>{esc(text)}</div>"))
        if self.notice:
            parts.append(html(f"<div class='kit-notice'>{esc(self.notice)}</div>"))
        if self.searched and not self.found:
            parts.append(html(f"<p>{esc(t('trainer.no_match', lang))}</p>"))
        parts.extend(self._match(found, lang) for found in self.found)
        return parts

    def _match(self, found: trainees.Found, lang: str) -> w.Widget:
        who = found.identity
        facts = [
            who.unit,
            t(f"lessons.filter_{who.track}", lang),
            t("trainer.joined", lang, time=_local(found.joined_at)),
            lock_text(found.lock, lang),
        ]
        line = f"<b>{esc(who.name)}</b> · " + " · ".join(esc(f) for f in facts if f)
        buttons = [self.shell.button(t("trainer.new_pin", lang), partial(self.new_pin, who.id))]
        if found.lock.failures or found.lock.blocked:
            unlock = self.shell.button(
                t("trainer.unlock_trainee", lang), partial(self.unlock, who.id), "warning"
            )
            buttons.insert(0, unlock)
        return vbox([html(f"<p>{line}</p>"), hbox(buttons)], "kit-trainee-match")
