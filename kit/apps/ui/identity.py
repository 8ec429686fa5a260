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

Before a join, the view may say who is already there (``same_person``: a workshop's members with
the name and unit, compared folded): the gate then asks whether it is them (resume with the PIN,
or ask the trainer) instead of making a second entry. A unit typed as a known unit's letters
without diacritics (``spellings``: the registered units, the workshop's earlier spellings) is
offered that spelling to confirm, before a join or a resume. A problem with a form is shown
under its button and scrolled into view.

Once the trainee is known, :meth:`IdentityGate.me_card` is the "my details" card: name, unit,
track, and a button that issues a fresh PIN (the PIN is stored hashed, so it cannot be shown
again; the page that joined shows the one it was given). Only the browser whose token still
opens the record may issue one.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from typing import Any

import ipywidgets as w

from kit import trainees
from kit.apps.ui.browser_token import browser_token
from kit.apps.ui.labels import labelled
from kit.apps.ui.shell import AppShell, esc
from kit.apps.ui.widgets import Scroller, button, hbox, html, make, problem_html, vbox
from kit.core.errors import InputError, KitError
from kit.core.i18n import t
from kit.core.text import bare_key, fold, words_key

#: who already has a name and unit where the trainee joins (the view decides where that is)
SamePerson = Callable[[str, str], Sequence[trainees.Identity]]


def _nfc_line(value: object) -> str:
    return " ".join(unicodedata.normalize("NFC", str(value or "")).split())


def suggest_spelling(typed: str, spellings: Sequence[str]) -> str | None:
    """The known spelling of a unit typed otherwise ("UBND xa Quang Thai" for "UBND xã Quảng
    Thái"), or None when it is written as one already (folded) or like none."""
    key = fold(typed)
    if not key or any(fold(s) == key for s in spellings):
        return None
    words, bare = words_key(typed), bare_key(typed)
    for spelling in spellings:
        if words_key(spelling) == words or (bare and bare_key(spelling) == bare):
            return spelling
    return None


class _Form:
    """The widgets of one language's forms (kept, so a refused join keeps what was typed)."""

    def __init__(self, gate: IdentityGate, lang: str) -> None:
        guard = gate.shell.guard
        name_hint, unit_hint = t("exercises.name", lang), t("exercises.unit", lang)
        pin_hint = t("exercises.pin", lang)
        # visible labels, not placeholders only (a placeholder vanishes once typed in)
        self.name = labelled(w.Text, t("exercises.name", lang), placeholder=name_hint)
        self.unit = labelled(w.Text, t("exercises.unit", lang), placeholder=unit_hint)
        self.track = make(
            w.ToggleButtons,
            "kit-track",
            options=[(t("lessons.filter_A", lang), "A"), (t("lessons.filter_B", lang), "B")],
            value=gate.track,
        )
        self.lang = lang
        self.heading = html(self.head_html(""))
        start = button(t(gate.start_label, lang), button_style="danger")
        start.on_click(guard(lambda _b: gate.join_from(self)))
        self.join_problem = html("", "kit-join-problem")
        self.ask = vbox([], "kit-join-ask")
        self.r_name = labelled(w.Text, t("exercises.name", lang), placeholder=name_hint)
        self.r_unit = labelled(w.Text, t("exercises.unit", lang), placeholder=unit_hint)
        self.pin = labelled(w.Password, t("exercises.pin", lang), placeholder=pin_hint)
        again = button(t("exercises.resume", lang))
        again.on_click(guard(lambda _b: gate.resume_from(self)))
        self.resume_problem = html("", "kit-resume-problem")
        join_part = [self.name, self.unit]
        join_part += [self.track] if gate.offer_track else []
        self.widget = vbox(
            [
                self.heading,
                *join_part,
                start,
                self.join_problem,
                self.ask,
                html(f"<h2>{esc(t('exercises.resume_heading', lang))}</h2>", "kit-resume-head"),
                self.r_name,
                self.r_unit,
                self.pin,
                self.resume_problem,
                again,
                html(f"<p class='kit-note'>{esc(t('exercises.pin_help', lang))}</p>"),
                gate.scroller.widget,
            ],
            "kit-join",
        )

    def head_html(self, note: str) -> str:
        """The join form's heading, with a line about the track the form starts with."""
        line = f"<p class='kit-note'>{esc(note)}</p>" if note else ""
        return f"<h2>{esc(t('exercises.join_heading', self.lang))}</h2>{line}"


class IdentityGate:
    def __init__(
        self,
        shell: AppShell,
        on_identity: Callable[[trainees.Identity], None],
        *,
        start_label: str = "exercises.start",
        offer_track: bool = True,
        track: str = "A",
    ) -> None:
        self.shell = shell
        self.on_identity = on_identity
        self.start_label, self.offer_track, self.track = start_label, offer_track, track
        #: who already has a name and unit here (set by a view that knows where "here" is)
        self.same_person: SamePerson | None = None
        #: the spellings of units a typed unit may be (set by the view)
        self.spellings: Callable[[], Sequence[str]] = lambda: ()
        self.token = browser_token()
        self.identity: trainees.Identity | None = None
        #: the PIN this page was given (joined here or issued here), shown on the card
        self.pin = ""
        self.notice = ""
        self.scroller = Scroller()
        self._notice: w.HTML | None = None  # made when there is a first notice to show
        self._confirmed: set[tuple[str, str, str]] = set()
        self._me: dict[str, w.Widget] = {}
        self._forms: dict[str, _Form] = {shell.lang: _Form(self, shell.lang)}
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

    def default_track(self, track: str, label: str = "") -> None:
        """The track the forms start with (a workshop's), with a line saying whose it is."""
        self.track = track if track in ("A", "B") else "A"
        for lang, form in self._forms.items():
            form.track.value = self.track
            note = t("trainee.track_from_workshop", lang, track=label) if label else ""
            form.heading.value = form.head_html(note)

    # ------------------------------------------------------------------ joining

    def join(self, name: object, unit: object, track: object) -> None:
        if self.identity is not None:  # known already (a click on a form no longer shown)
            self.shell.refresh()
            return
        reg = trainees.register(name, unit, track)
        self.pin = reg.pin
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

    def _problem(self, where: w.HTML, exc: KitError) -> None:
        where.value = problem_html(exc.message(self.shell.lang))
        self.scroller.to(".kit-problem-here", "center")

    def join_from(self, form: _Form, unit: str | None = None, confirmed: bool = False) -> None:
        """The join form's button: a known spelling of the unit to confirm, then whether the
        name and unit are someone's here already, then the join; a problem under the button."""
        form.join_problem.value, form.ask.children = "", ()
        name, typed = _nfc_line(form.name.value), _nfc_line(form.unit.value)
        chosen = typed if unit is None else unit
        try:
            if unit is None and (better := suggest_spelling(typed, self.spellings())):
                self._ask_unit(form, better, typed)
                return
            key = (fold(name), fold(chosen), form.track.value or "")
            same = self.same_person(name, chosen) if self.same_person and name else ()
            if same and not confirmed and key not in self._confirmed:
                self._ask_same(form, same[0], name, chosen)
                return
            self.join(name, chosen, form.track.value)
        except KitError as exc:
            self._problem(form.join_problem, exc)

    def _ask_unit(self, form: _Form, better: str, typed: str) -> None:
        lang = self.shell.lang
        use = button(t("trainee.unit_use", lang, unit=better), button_style="info")
        keep = button(t("trainee.unit_keep", lang))
        use.on_click(self.shell.guard(lambda _b: self._use_unit(form, better)))
        keep.on_click(self.shell.guard(lambda _b: self.join_from(form, unit=typed)))
        text = html(f"<p>{esc(t('trainee.unit_suggest', lang, unit=better))}</p>")
        form.ask.children = (vbox([text, hbox([use, keep], "kit-nav")], "kit-choice-panel"),)
        self.scroller.to(".kit-join-ask", "center")

    def _use_unit(self, form: _Form, better: str) -> None:
        form.unit.value = better
        self.join_from(form, unit=better)

    def _ask_same(self, form: _Form, who: trainees.Identity, name: str, unit: str) -> None:
        lang = self.shell.lang
        form.r_name.value, form.r_unit.value = who.name, who.unit
        not_me = button(t("trainee.same_person_no", lang))
        key = (fold(name), fold(unit), form.track.value or "")

        def confirm(_b: object) -> None:
            self._confirmed.add(key)
            self.join_from(form, unit=unit, confirmed=True)

        not_me.on_click(self.shell.guard(confirm))
        text = html(
            f"<p><b>{esc(t('trainee.same_person', lang, name=who.name, unit=who.unit))}</b></p>"
            f"<p>{esc(t('trainee.same_person_yes', lang))}</p>"
        )
        form.ask.children = (vbox([text, not_me], "kit-choice-panel"),)
        self.scroller.to(".kit-join-ask", "center")

    def resume_from(self, form: _Form, unit: str | None = None) -> None:
        """The resume form's button: a known spelling of the unit to confirm first (a PIN
        is counted only for the unit the trainee means); a problem under the button."""
        form.resume_problem.value = ""
        typed = _nfc_line(form.r_unit.value)
        try:
            if unit is None and (better := suggest_spelling(typed, self.spellings())):
                self._ask_resume_unit(form, better)
            self.resume(form.r_name.value, typed if unit is None else unit, form.pin.value)
        except KitError as exc:
            self._problem(form.resume_problem, exc)

    def _ask_resume_unit(self, form: _Form, better: str) -> None:
        """Put the known spelling in the resume form and say so (no PIN is checked yet)."""
        form.r_unit.value = better
        raise InputError(
            t("trainee.resume_unit_suggest", "vi", unit=better),
            t("trainee.resume_unit_suggest", "en", unit=better),
        )

    def notice_widget(self) -> list[w.Widget]:
        """The one-time notice (the PIN, a welcome back), if any (one widget, kept and updated:
        showing the notice again makes no new model)."""
        if not self.notice:
            return []
        value = f"<div class='kit-notice' role='status'>{esc(self.notice)}</div>"
        if self._notice is None:
            self._notice = html(value)
        else:
            self._notice.value = value
        return [self._notice]

    def form(self, lang: str) -> w.Widget:
        """What to show while nobody is known: the join and resume forms."""
        if lang not in self._forms:
            self._forms[lang] = _Form(self, lang)
            self.default_track(self.track)
        return self._forms[lang].widget

    # ------------------------------------------------------------------ "my details"

    def new_pin(self) -> None:
        """A fresh PIN for the trainee at this page, if the browser's token still opens their
        record (another device that resumed since holds the record's token now)."""
        who = self.identity
        if who is None:
            return
        holder = trainees.by_token(self.token.issued or self.token.stored)
        if holder is None or holder.id != who.id:
            key = "trainee.token_gone"
            raise InputError(t(key, "vi"), t(key, "en"))
        self.pin = trainees.reset_pin(who.id)
        self.notice = t("trainee.new_pin_done", self.shell.lang, pin=self.pin)
        self.shell.refresh()

    def me_card(self, lang: str, lines: Sequence[str] = (), open_: bool = False) -> w.Widget:
        """The trainee's details and the new-PIN button (``lines``: what the view adds, such as
        the workshop), folded unless ``open_``."""
        who = self.identity
        if who is None:
            return vbox()
        facts = [
            t("trainee.me_name", lang, name=who.name),
            t("trainee.me_unit", lang, unit=who.unit),
            *(
                [t("trainee.me_track", lang, track=t(f"lessons.track_{who.track}", lang))]
                if self.offer_track
                else []
            ),
            *lines,
        ]
        pin = (
            f"<p class='kit-pin'>{esc(t('trainee.me_pin', lang, pin=self.pin))}</p>"
            if self.pin
            else f"<p class='kit-note'>{esc(t('trainee.me_pin_hidden', lang))}</p>"
        )
        text = "".join(f"<div>{esc(f)}</div>" for f in facts) + pin
        if lang not in self._me:
            again = button(t("trainee.new_pin", lang), icon="key")
            again.on_click(self.shell.guard(lambda _b: self.new_pin()))
            details = html("", "kit-me-facts")
            inner = vbox([details, again], "kit-me")
            fold_box = make(w.Accordion, "kit-me-card", children=(inner,))
            fold_box.set_title(0, t("trainee.me_title", lang))
            self._me[lang] = fold_box
        card = self._me[lang]
        card.children[0].children[0].value = text
        if open_:
            card.selected_index = 0
        return card
