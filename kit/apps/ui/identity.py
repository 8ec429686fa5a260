"""Who is at this page: the browser's token, or a join form (name, unit, track) and a resume form
(name, unit, PIN). Shared by every app that stores a trainee's answers.

The gate calls ``on_identity`` once the trainee is known; until then ``form(lang)`` is what the
page shows. The token held by the browser is never trusted: it is only looked up (hashed).

The form of the page's language is built with the gate and shown at once, so a preheated kernel
has it on the page before anyone connects, with nothing to make or wait for while the whole
room arrives. A browser that holds a known token is taken to its work as soon as the token
widget reports it (the page sends that report before anything the trainee could click, so a
join or resume that comes after it is ignored); a browser that never reports (storage blocked)
can still join. Each form is kept and shown again, with what was typed in it, after a refused
join.

A wrong PIN is answered with what :func:`kit.trainees.resume` says (how many tries are left, or
for how long the name and unit are locked, or to ask the trainer): the same words whether or not
anyone has that name. The form says where a forgotten PIN comes from (the trainer).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as w

from kit import trainees
from kit.apps.ui.browser_token import browser_token
from kit.apps.ui.defaults import full_width
from kit.apps.ui.shell import AppShell, esc
from kit.apps.ui.widgets import button, html, make, vbox
from kit.core.i18n import t


class IdentityGate:
    def __init__(self, shell: AppShell, on_identity: Callable[[trainees.Identity], None]) -> None:
        self.shell = shell
        self.on_identity = on_identity
        self.token = browser_token()
        self.identity: trainees.Identity | None = None
        self.notice = ""
        self._notice: w.HTML | None = None  # made when there is a first notice to show
        self._forms: dict[str, w.Widget] = {shell.lang: self._build_form(shell.lang)}
        self.token.observe(shell.guard(self._on_token), names="ready")

    def _on_token(self, _change: dict[str, Any]) -> None:
        self.recognise()

    def recognise(self) -> None:
        """Look the token the browser reported up; a known one takes the trainee to their work
        (the page reports it once; nothing happens once somebody is known)."""
        if self.identity is not None:
            return
        identity = trainees.by_token(self.token.stored)
        if identity is not None:
            self._known(identity)
            self.shell.refresh()

    def _known(self, identity: trainees.Identity) -> None:
        self.identity = identity
        self.on_identity(identity)

    def join(self, name: object, unit: object, track: object) -> None:
        if self.identity is not None:  # known already (a click on a form no longer shown)
            self.shell.refresh()
            return
        reg = trainees.register(name, unit, track)
        self._start(reg, t("exercises.pin_notice", self.shell.lang, pin=reg.pin))

    def resume(self, name: object, unit: object, pin: object) -> None:
        if self.identity is not None:
            self.shell.refresh()
            return
        reg = trainees.resume(name, unit, pin)
        self._start(reg, t("exercises.welcome_back", self.shell.lang, name=reg.identity.name))

    def _start(self, reg: trainees.Registration, notice: str) -> None:
        self.token.issued = reg.token
        self.notice = notice
        self._known(reg.identity)
        self.shell.refresh()

    def notice_widget(self) -> list[w.Widget]:
        """The one-time notice (the PIN, a welcome back), if any (one widget, kept and updated:
        showing the notice again makes no new model)."""
        if not self.notice:
            return []
        value = f"<div class='kit-notice'>{esc(self.notice)}</div>"
        if self._notice is None:
            self._notice = html(value)
        else:
            self._notice.value = value
        return [self._notice]

    def form(self, lang: str) -> w.Widget:
        """What to show while nobody is known: the join and resume forms."""
        if lang not in self._forms:
            self._forms[lang] = self._build_form(lang)
        return self._forms[lang]

    def _build_form(self, lang: str) -> w.Widget:
        full = full_width()
        name = make(w.Text, placeholder=t("exercises.name", lang), layout=full)
        unit = make(w.Text, placeholder=t("exercises.unit", lang), layout=full)
        track = make(
            w.ToggleButtons,
            options=[(t("lessons.filter_A", lang), "A"), (t("lessons.filter_B", lang), "B")],
        )
        start = button(t("exercises.start", lang), button_style="danger")
        start.on_click(self.shell.guard(lambda _b: self.join(name.value, unit.value, track.value)))
        r_name = make(w.Text, placeholder=t("exercises.name", lang), layout=full)
        r_unit = make(w.Text, placeholder=t("exercises.unit", lang), layout=full)
        pin = make(w.Password, placeholder=t("exercises.pin", lang), layout=full)
        again = button(t("exercises.resume", lang))
        again.on_click(
            self.shell.guard(lambda _b: self.resume(r_name.value, r_unit.value, pin.value))
        )
        return vbox(
            [
                html(f"<h2>{esc(t('exercises.join_heading', lang))}</h2>"),
                name,
                unit,
                track,
                start,
                html(f"<h2>{esc(t('exercises.resume_heading', lang))}</h2>"),
                r_name,
                r_unit,
                pin,
                again,
                html(f"<p class='kit-note'>{esc(t('exercises.pin_help', lang))}</p>"),
            ],
            "kit-join",
        )
