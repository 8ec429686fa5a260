"""A tiny widget that keeps the trainee's random token in the browser's localStorage.

The page reports the token it holds (``stored``); the kernel hands a new token to the page
(``issued``) after a registration or a resume. The kernel never trusts ``stored``: it only looks
the (hashed) token up. The widget draws nothing. Its script is ``static/browser_token.js``.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import traitlets

from kit.apps.ui.defaults import shared_layout


@cache
def _esm() -> str:
    script = resources.files("kit").joinpath("apps", "ui", "static", "browser_token.js")
    return script.read_text("utf-8")


def browser_token() -> Any:
    """A new token widget (the class is made on first use: no file is read at import), with the
    shared empty layout (it draws nothing)."""
    return _token_class()(layout=shared_layout())


@cache
def _token_class() -> type:
    import anywidget

    class BrowserToken(anywidget.AnyWidget):
        _esm = _esm()
        stored = traitlets.Unicode("").tag(sync=True)
        issued = traitlets.Unicode("").tag(sync=True)
        ready = traitlets.Bool(False).tag(sync=True)

    return BrowserToken
