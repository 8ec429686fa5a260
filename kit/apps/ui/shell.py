"""The frame every app shares: a header with the title and the language switch, the app's body,
and an error area. Callbacks go through :meth:`AppShell.guard`, so an error is shown to the user
in plain words instead of vanishing as ipywidgets would let it. An unexpected error (not a
:class:`~kit.core.errors.KitError`) is shown as a short message with an error code; its traceback
is logged under that code, never shown: in a server's kernel the log goes to the server's log
(:mod:`kit.server.kernel_guard`), which also reports here (:func:`report_unexpected`,
:func:`report_refused_upload`) the errors and uploads no guard saw.

An app is ``AppShell(app_id, render)``: ``render(lang)`` returns the body widget for a language;
the shell calls it again when the language changes. The shell displays as the widget view plus a
short fixed ``text/plain`` summary, which nbval compares.

What the page shows can be read, never replaced, through read-only properties (:attr:`body`,
:attr:`error_html`, :attr:`title_html`, :attr:`lang_switch`, :attr:`view`); tests use them.
"""

from __future__ import annotations

import asyncio
import html as html_text
import logging
import os
import secrets
import weakref
from collections.abc import Callable
from functools import wraps
from importlib import resources
from typing import Any, ParamSpec, TypeVar
from urllib.parse import parse_qs

import ipywidgets as w

from kit.apps.ui.defaults import shared_layout
from kit.apps.ui.request_info import query_string
from kit.apps.ui.widgets import box, button, hbox, html, make, vbox
from kit.content.catalogue import refresh_loaded
from kit.core.errors import KitError
from kit.core.i18n import normalise_lang, t
from kit.server import kernel_guard

log = logging.getLogger("kit.apps")
P = ParamSpec("P")
R = TypeVar("R")

#: the app shells of this process that are on a page (an error no guard saw is shown in each)
_LIVE: weakref.WeakSet[AppShell] = weakref.WeakSet()


def new_error_id() -> str:
    """A short code for one unexpected error: the page shows it, the log files the traceback
    under it."""
    return secrets.token_hex(4).upper()


def log_unexpected(exc: BaseException, where: str) -> str:
    """Log ``exc`` with its traceback under a new error code; returns the code."""
    error_id = new_error_id()
    log.error("kit: error %s %s", error_id, where, exc_info=(type(exc), exc, exc.__traceback__))
    return error_id


def report_unexpected(exc: BaseException, where: str) -> str:
    """An error no guard caught (a widget's callback, a message from the page): logged under a
    new code, and the code shown in every app of this process. Returns the code."""
    error_id = log_unexpected(exc, where)
    for shell in list(_LIVE):
        shell.show_error_id(error_id)
    return error_id


def report_refused_upload(max_bytes: int) -> None:
    """An upload over ``max_bytes`` was refused before any app saw it: say so in every app."""
    for shell in list(_LIVE):
        shell.show_message(t("kit.upload_too_large", shell.lang, mb=max_bytes // 2**20))


# in a server's kernel, errors and uploads the kernel's guard catches are told to the apps here
kernel_guard.report_to(report_unexpected, report_refused_upload)


def query_params(query: str | None) -> dict[str, str]:
    """The first value of each parameter of a query string (the page's own, so untrusted)."""
    return {k: v[0] for k, v in parse_qs((query or "").lstrip("?")).items() if v}


def lang_from_query(query: str | None) -> str | None:
    """The ``lang`` parameter of a query string, if any (normalised)."""
    value = query_params(query).get("lang")
    return normalise_lang(value) if value else None


def esc(text: object) -> str:
    """Escape user-supplied or content text before it goes into an HTML widget."""
    return html_text.escape(str(text), quote=True)


def _stylesheet() -> str:
    return resources.files("kit").joinpath("apps", "ui", "static", "kit.css").read_text("utf-8")


class AppShell:
    """Header + body + error area, with the language switch wired in."""

    def __init__(
        self,
        app_id: str,
        render: Callable[[str], w.Widget] | None,
        summary: Callable[[], str] | None = None,
        lang: str | None = None,
    ) -> None:
        self.app_id = app_id
        self._render = render
        self._following: asyncio.Task[None] | None = None
        self._on_close: list[Callable[[], None]] = []
        self._summary = summary or (lambda: "")
        self.lang = normalise_lang(lang or lang_from_query(os.environ.get("QUERY_STRING")))
        self._style = html(f"<style>{_stylesheet()}</style>")
        self._title = html()
        self._switch = make(
            w.ToggleButtons,
            "kit-lang",
            options=[("Tiếng Việt", "vi"), ("English", "en")],
            value=self.lang,
            layout=shared_layout(width="auto"),
        )
        self._switch.observe(self.guard(self._on_switch), names="value")
        self._error = html("", "kit-error-area")
        self._body = box()
        header = hbox([self._title, self._switch], "kit-header")
        self.widget = vbox(
            [self._style, header, self._error, self._body], "kit-app", f"kit-{app_id}"
        )
        self.widget.observe(self._closed, names="comm")
        _LIVE.add(self)
        if render is not None:
            self.refresh()

    def mount(
        self, render: Callable[[str], w.Widget], summary: Callable[[], str] | None = None
    ) -> None:
        """Give the shell its body (for views that need the shell to wire their callbacks)."""
        self._render = render
        if summary is not None:
            self._summary = summary
        self.refresh()

    # ------------------------------------------------------------------ what the page shows

    @property
    def body(self) -> w.Widget | None:
        """The body on the page: what the render function last returned (None before that)."""
        children = self._body.children
        return children[0] if children else None

    @property
    def error_html(self) -> str:
        """The error area's HTML (empty when no error is shown)."""
        return str(self._error.value)

    @property
    def title_html(self) -> str:
        """The header's title, as HTML."""
        return str(self._title.value)

    @property
    def lang_switch(self) -> w.ToggleButtons:
        """The language switch (the page changes its value; so may a test)."""
        return self._switch

    @property
    def view(self) -> Any:
        """The app's view: the object whose method renders the body (None when the body is
        rendered by a plain function)."""
        return getattr(self._render, "__self__", None)

    @property
    def following(self) -> asyncio.Task[None] | None:
        """The task waiting for the page's query string in a preheated kernel, if any."""
        return self._following

    # ------------------------------------------------------------------ closing

    def on_close(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` when the app's widget is closed (the view goes away)."""
        self._on_close.append(callback)

    def _closed(self, change: dict[str, Any]) -> None:
        if change["new"] is None:
            _LIVE.discard(self)
            for callback in self._on_close:
                self.guard(callback)()

    # ------------------------------------------------------------------ language

    def _on_switch(self, change: dict[str, Any]) -> None:
        self.set_lang(change["new"])

    def set_lang(self, lang: object) -> None:
        """Switch language (any value from the page is normalised, never trusted)."""
        new = normalise_lang(lang)
        if self._switch.value != new:
            self._switch.value = new  # re-enters through the observer
            return
        if new != self.lang:
            self.lang = new
            self.refresh()

    def follow_query_string(
        self,
        on_params: Callable[[dict[str, str]], None] | None = None,
        on_request: Callable[[], None] | None = None,
    ) -> None:
        """Follow the page's query string: ``?lang=`` here, the rest through ``on_params``;
        ``on_request`` runs once the page is requested (a pooled kernel built its view before:
        what may have changed since, such as a passcode being set, is read again there).

        A cold kernel has it in ``QUERY_STRING`` already; a preheated one (Voilà's pool runs the
        notebook before anyone asks for the page) learns it when the page is requested, from
        Voilà's query websocket. It is awaited as a task of the kernel's own event loop,
        so what it changes happens on the kernel's thread, between two messages of the page:
        widgets are not made to be changed from two threads at once.
        """

        def apply(query: str | None) -> None:
            params = query_params(query)
            if refresh_loaded():  # a bank saved since this kernel read the content
                self.guard(self.refresh)()
            if on_request is not None:
                self.guard(on_request)()
            if on_params is not None and params:
                self.guard(on_params)(params)
            if params.get("lang"):
                self.set_lang(params["lang"])

        if os.environ.get("VOILA_PREHEAT", "False") != "True":
            apply(os.environ.get("QUERY_STRING"))
            return

        async def follow() -> None:
            try:
                query = await query_string()
            except Exception:  # the page never came: nothing to follow
                log.debug("no query string for %s", self.app_id, exc_info=True)
                return
            apply(query)

        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # not in a kernel's cell: nothing will ever request this page
            log.debug("no event loop to follow the query string of %s", self.app_id)
            return
        # kept on the shell: the loop holds its tasks weakly, so an unreferenced one may go
        self._following = loop.create_task(follow())

    # ------------------------------------------------------------------ rendering

    def refresh(self) -> None:
        self._title.value = (
            f"<h1 class='kit-title'>{esc(t(f'{self.app_id}.title', self.lang))}</h1>"
        )
        self.clear_error()
        if self._render is None:
            return
        try:
            self._body.children = (self._render(self.lang),)
        except Exception as exc:  # show it, never a traceback
            self.show_error(exc)

    def show_error(self, exc: BaseException) -> None:
        """A :class:`KitError`'s message; anything else logged (traceback) under an error code
        and shown as a short message with that code."""
        if isinstance(exc, KitError):
            self.show_message(exc.message(self.lang))
        else:
            self.show_error_id(log_unexpected(exc, f"in app {self.app_id}"))

    def show_error_id(self, error_id: str) -> None:
        """The short message of an unexpected error, with its code."""
        text = f"{t('kit.error', self.lang)} {t('kit.error_id', self.lang, id=error_id)}"
        self.show_message(text)

    def show_message(self, text: str) -> None:
        """``text`` (plain words) in the error area."""
        self._error.value = f"<div class='kit-error' role='alert'>{esc(text)}</div>"

    def clear_error(self) -> None:
        self._error.value = ""

    def button(
        self, label: str, action: Callable[[], object], style: str = "", icon: str = ""
    ) -> w.Button:
        """A button sized to its label whose click runs ``action`` guarded (errors shown)."""
        made = button(label, button_style=style, icon=icon, layout=shared_layout(width="auto"))
        made.on_click(self.guard(lambda _b: action()))
        return made

    def guard(self, fn: Callable[P, R]) -> Callable[P, R | None]:
        """Wrap a callback so its errors reach the user (and the log), not the void."""

        @wraps(fn)
        def run(*args: P.args, **kwargs: P.kwargs) -> R | None:
            try:
                result = fn(*args, **kwargs)
            except Exception as exc:
                self.show_error(exc)
                return None
            return result

        return run

    # ------------------------------------------------------------------ display

    def summary(self) -> str:
        return f"[kit:{self.app_id}] {self._summary()}"

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle: dict[str, Any] = self.widget._repr_mimebundle_(**kwargs) or {}
        bundle["text/plain"] = self.summary()
        return bundle

    def __repr__(self) -> str:
        return self.summary()
