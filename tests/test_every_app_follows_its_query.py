"""Every app follows the page's ``?lang=`` even in a kernel preheated before the page was asked
for (the Analyzer and Roll-up apps ignored ``?lang=en`` when the page opened after ~20 s idle:
their kernel came from the pool, and only a cold kernel has ``QUERY_STRING`` in its
environment)."""

from __future__ import annotations

import asyncio
import importlib

import pytest

from kit import registry
from kit.apps.ui import shell as shell_module
from tests.run_async import run as run_async


@pytest.mark.parametrize("app", registry.APPS, ids=lambda a: a.id)
def test_a_preheated_kernel_takes_the_language_of_the_page(
    app: registry.AppSpec, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VOILA_PREHEAT", "True")
    monkeypatch.delenv("QUERY_STRING", raising=False)
    requested = asyncio.Event()

    async def page_query(connect_timeout: float = 5) -> str:
        await requested.wait()  # the page is asked for only after the notebook ran
        return "lang=en"

    monkeypatch.setattr(shell_module, "query_string", page_query)
    build = importlib.import_module(app.module).build_app

    async def scenario() -> tuple[str, str]:
        built = build()
        before = built.lang
        requested.set()
        assert built.following is not None, f"{app.id} does not follow its page's query string"
        await built.following
        return before, built.lang

    before, after = run_async(scenario())
    assert (before, after) == ("vi", "en")
